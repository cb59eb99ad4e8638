/* main.c: options, wiring and exit codes. The only place that exits.
 * Exit status: 0 success; 1 a batch command or a lesson's expect failed;
 * 2 bad usage or bad input (options, network files, lesson files). */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "debugger/command.h"
#include "debugger/engine.h"
#include "debugger/host.h"
#include "debugger/matlit.h"
#include "debugger/training.h"
#include "lesson/catalog.h"
#include "lesson/datafiles.h"
#include "lesson/lesson.h"
#include "lesson/netfile.h"
#include "lesson/textfile.h"
#include "math/config.h"
#include "math/parallel.h"
#include "math/train.h"
#include "ui/batch.h"
#include "ui/progress.h"
#include "ui/signals.h"
#include "ui/tui.h"

#ifndef BPSTEP_VERSION
#define BPSTEP_VERSION "0.1.0"
#endif

typedef struct {
    bool batch, check, list;
    const char *net_path;
    unsigned long long seed;
    double autoplay;
    const char *record;
    const char *chapter; /* --chapter N or NAME: where a lesson starts */
    const char *data, *load, *input; /* --data, --load, --input: run as commands first */
    char **commands;
    int ncommands;
    char **lessons; /* positional arguments */
    int nlessons;
} Options;

static void usage(FILE *f)
{
    fputs("usage: bpstep [--net FILE] [--seed N] [LESSON] [--chapter N] [--autoplay S] [--record F.cast]\n"
          "                                        step through backpropagation in the terminal\n"
          "       bpstep --batch [--net FILE] [--seed N] [-x CMD]... [LESSON [--chapter N]]\n"
          "                                        run commands or a lesson, print text\n"
          "       bpstep --check LESSON...         run lessons headless; fail if an expect fails\n"
          "       bpstep --list                    the shipped lessons\n"
          "       bpstep --help | --version\n"
          "\n"
          "  --net FILE     a network in simpleNN's config syntax (default: the built-in reference\n"
          "                 network: the slides' image B, one 3x3 conv layer, 2x2 max pooling, FC 8-3-2)\n"
          "  --seed N       seed for the random weights and input of a --net network (default 1)\n"
          "  --batch        no terminal UI: run the -x commands (or the lesson), then commands from\n"
          "                 stdin if it is not a terminal; exit 1 if any command failed\n"
          "  -x CMD         a command (repeatable), e.g. -x run -x 'print dW1'; 'help' lists them\n"
          "  LESSON         a lesson file, or the name of a shipped lesson (see --list)\n"
          "  --chapter N    start the lesson at chapter N, or at the first chapter whose title starts\n"
          "                 with N (any case)\n"
          "  --autoplay S   advance the lesson every S seconds (space pauses and resumes, any other\n"
          "                 key pauses)\n"
          "  --record F     record the session as an asciicast v2 file (one marker per chapter)\n"
          "  --data D       images to train on: 'fashion-mnist' (make data installs it) or a folder of\n"
          "                 IDX files; the same as the command 'data D'\n"
          "  --load F       parameters saved with 'save F' (MATLAB lines W1 = [...];)\n"
          "  --input X      the input: 'data N' (test image N), 'train N', or an image FILE.pgm\n"
          "\n"
          "In the terminal UI, ? lists the keys. Documentation: docs/ and README.md.\n",
          f);
}

/* An MNIST-shaped network (one 28 x 28 channel) starts on the shipped
 * handwritten 7 rather than on noise, when the lessons' data is there, and
 * with its label: y = e_8. */
static void start_on_a_digit(Engine *e)
{
    char path[2048], *text = NULL;
    Diag d;
    if (catalog_find_data("data/digit7.txt", path, sizeof path) != 0 || textfile_read(path, &text, &d) != 0) {
        return;
    }
    StrBuf cmd, out;
    sb_init(&cmd);
    sb_init(&out);
    const char *body = text;
    while (*body == '%') { /* comment lines: joined below, they would hide the matrix */
        body += strcspn(body, "\n");
        body += *body == '\n' ? 1 : 0;
    }
    sb_printf(&cmd, "set Z1 = %s", body);
    for (char *c = cmd.text; c != NULL && *c != '\0'; c++) {
        *c = *c == '\n' ? ' ' : *c; /* one command line; the ';' separate the rows */
    }
    int label = matlit_label(text); /* the file's "% label 7": y = e_8 comes with the input */
    if (command_exec(e, sb_str(&cmd), &out, &d) == CMD_OK && label >= 0) {
        (void)training_set_label(e, label, "data/digit7.txt, a handwritten 7", &d);
    }
    sb_release(&cmd);
    sb_release(&out);
    free(text);
}

static int load_engine(const Options *o, Session *s, Engine **out)
{
    NetFile nf;
    memset(&nf, 0, sizeof nf);
    if (o->net_path != NULL) {
        Diag d;
        char msg[600];
        if (netfile_read(o->net_path, &nf, &d) != 0) {
            diag_format(&d, msg, sizeof msg);
            /* "bpstep: " before a file that cannot be read; a problem inside one is "file[:line:col]: ..." */
            bool inside = d.file[0] != '\0' && (d.line > 0 || onnx_is_path(o->net_path));
            fprintf(stderr, "%s%s\n", inside ? "" : "bpstep: ", msg);
            return -1;
        }
        if (nf.onnx != NULL && nf.onnx->ends_in[0] != '\0') {
            fprintf(stderr, "bpstep: %s ends in %s: the loss is softmax cross-entropy ('set loss mse' for the "
                    "slides' squared loss)\n", o->net_path, nf.onnx->ends_in);
        }
    }
    *out = o->net_path != NULL ? netfile_engine(&nf, o->seed) : engine_from_spec(NULL, o->seed);
    const NetSpec spec = nf.spec;
    netfile_release(&nf);
    if (*out == NULL) {
        fprintf(stderr, "bpstep: out of memory building the network\n");
        return -1;
    }
    session_adopt(s, *out);
    if (o->net_path != NULL && spec.LC > 0 && spec.ch[0] == 1 && spec.ht_input == 28 && spec.wd_input == 28) {
        start_on_a_digit(*out);
    }
    return 0;
}

/* --data, --load and --input, as the commands of the same names (in that
 * order: the input may be a test image of the data); -1 after saying why. */
static int run_start_options(const Options *o, Engine *e)
{
    const char *opts[3][2] = { { "data", o->data }, { "load", o->load }, { "input", o->input } };
    for (int k = 0; k < 3; k++) {
        if (opts[k][1] == NULL) {
            continue;
        }
        StrBuf cmd, out;
        sb_init(&cmd);
        sb_init(&out);
        sb_printf(&cmd, "%s %s", opts[k][0], opts[k][1]);
        Diag d;
        diag_clear(&d);
        CmdStatus st = command_exec(e, sb_str(&cmd), &out, &d);
        if (st != CMD_ERROR && o->batch) {
            fputs(sb_str(&out), stdout);
        }
        sb_release(&cmd);
        sb_release(&out);
        if (st == CMD_ERROR) {
            fprintf(stderr, "bpstep: --%s: %s\n", opts[k][0], d.msg);
            return -1;
        }
    }
    return 0;
}

/* Training's default threads: $BPSTEP_THREADS, else the cores online (at
 * most TRAIN_MAX_THREADS); -1 after saying what is wrong with the variable. */
static int default_threads(void)
{
    const char *env = getenv("BPSTEP_THREADS");
    if (env == NULL || env[0] == '\0') {
        int n = parallel_cores();
        return n < TRAIN_MAX_THREADS ? n : TRAIN_MAX_THREADS;
    }
    char *end = NULL;
    errno = 0;
    long n = strtol(env, &end, 10);
    if (end == env || *end != '\0' || errno != 0 || n < 1 || n > TRAIN_MAX_THREADS) {
        char shown[48];
        snprintf(shown, sizeof shown, "%.40s", env);
        diag_clean_text(shown, false);
        fprintf(stderr, "bpstep: BPSTEP_THREADS: '%s' is not a number of threads (1 to %d)\n", shown,
                TRAIN_MAX_THREADS);
        return -1;
    }
    return (int)n;
}

/* One option from getopt: 0, 1 when --help or --version was answered, -1
 * after saying what is wrong. */
static int take_option(Options *o, int opt, const char *arg)
{
    char *end = NULL;
    switch (opt) {
    case 'b': o->batch = true; return 0;
    case 'c': o->check = true; return 0;
    case 'l': o->list = true; return 0;
    case 'n': o->net_path = arg; return 0;
    case 'r': o->record = arg; return 0;
    case 'C': o->chapter = arg; return 0;
    case 'x': o->commands[o->ncommands++] = (char *)arg; return 0;
    case 'D': o->data = arg; return 0;
    case 'L': o->load = arg; return 0;
    case 'I': o->input = arg; return 0;
    case 's':
        errno = 0;
        o->seed = strtoull(arg, &end, 10);
        if (end == arg || *end != '\0' || errno != 0 || arg[0] == '-') {
            fprintf(stderr, "bpstep: --seed: '%s' is not a non-negative whole number\n", arg);
            return -1;
        }
        return 0;
    case 'a':
        o->autoplay = strtod(arg, &end);
        if (end == arg || *end != '\0' || !(o->autoplay >= 0.0) || o->autoplay > 3600.0) {
            fprintf(stderr, "bpstep: --autoplay: '%s' is not a number of seconds (0 to 3600; 0 = off)\n", arg);
            return -1;
        }
        return 0;
    case 'h':
        usage(stdout);
        return 1;
    case 'V':
        printf("bpstep %s\n", BPSTEP_VERSION);
        return 1;
    default:
        fprintf(stderr, "bpstep: try 'bpstep --help'\n");
        return -1;
    }
}

/* Options that do not go together; -1 after saying why. */
static int check_combinations(const Options *o)
{
    const char *problem = NULL;
    if (o->check && o->nlessons == 0) {
        problem = "--check needs at least one lesson";
    } else if (!o->batch && o->ncommands > 0) {
        problem = "-x needs --batch";
    } else if (o->nlessons > 0 && o->net_path != NULL && !o->check) {
        problem = "a lesson chooses its own network; drop --net";
    } else if (o->nlessons > 0 && (o->data != NULL || o->load != NULL || o->input != NULL)) {
        problem = "a lesson chooses its own data and input; drop --data, --load and --input";
    } else if (o->record != NULL && o->batch && o->nlessons == 0) {
        problem = "--record with --batch records a lesson; name one (or record the terminal UI)";
    } else if (o->chapter != NULL && (o->nlessons == 0 || o->check)) {
        problem = o->check ? "--chapter plays one lesson; not with --check" : "--chapter starts a lesson; name one";
    } else if (o->autoplay > 0.0 && o->nlessons == 0) {
        problem = "--autoplay plays a lesson; name one";
    } else if (o->autoplay > 0.0 && o->batch && o->record == NULL) {
        problem = "--autoplay with --batch paces a recording; add --record F.cast (a transcript does not wait)";
    }
    if (!o->check && o->nlessons > 1) {
        fprintf(stderr, "bpstep: unexpected argument '%s' (one lesson at a time; try 'bpstep --help')\n", o->lessons[1]);
        return -1;
    }
    if (problem != NULL) {
        fprintf(stderr, "bpstep: %s\n", problem);
        return -1;
    }
    return 0;
}

/* Reads the options; returns -1 after printing why they are wrong, 1 when
 * --help or --version was answered. */
static int parse_options(int argc, char **argv, Options *o)
{
    static const struct option longopts[] = {
        { "batch", no_argument, NULL, 'b' },         { "net", required_argument, NULL, 'n' },
        { "seed", required_argument, NULL, 's' },    { "help", no_argument, NULL, 'h' },
        { "version", no_argument, NULL, 'V' },       { "check", no_argument, NULL, 'c' },
        { "list", no_argument, NULL, 'l' },          { "autoplay", required_argument, NULL, 'a' },
        { "record", required_argument, NULL, 'r' },  { "data", required_argument, NULL, 'D' },
        { "load", required_argument, NULL, 'L' },    { "input", required_argument, NULL, 'I' },
        { "chapter", required_argument, NULL, 'C' }, { NULL, 0, NULL, 0 },
    };
    int opt;
    while ((opt = getopt_long(argc, argv, "x:h", longopts, NULL)) != -1) {
        int rc = take_option(o, opt, optarg);
        if (rc != 0) {
            return rc;
        }
    }
    for (int i = optind; i < argc; i++) {
        o->lessons[o->nlessons++] = argv[i];
    }
    return check_combinations(o);
}

/* bpstep LESSON: played in the terminal UI, or as a transcript (--batch). */
static int run_lesson(const Options *o, Session *s)
{
    int status = 0;
    Lesson *l = batch_open_lesson(&s->host, o->lessons[0]);
    if (l != NULL && l->missing[0] != '\0') {
        fprintf(stderr, "bpstep: %s: %s\n", l->path, l->missing);
        lesson_free(l);
        l = NULL;
    }
    int chapter = 0; /* 1-based; 0: from the start */
    if (l != NULL && o->chapter != NULL) {
        char why[600];
        int c = lesson_chapter_find(l, o->chapter, why, sizeof why);
        if (c < 0) {
            fprintf(stderr, "bpstep: --chapter: %s\n", why);
            lesson_free(l);
            l = NULL;
        }
        chapter = c + 1;
    }
    if (l == NULL) {
        status = 2;
    } else if (o->batch) {
        status = batch_play_lesson(s, l, o->record, o->autoplay, chapter, o->commands, o->ncommands);
        lesson_free(l);
    } else {
        LessonPlayer *p = player_new(l, &s->host);
        TuiOptions topt = { l->title, o->autoplay, o->record, chapter };
        status = p != NULL ? tui_run(s, NULL, p, &topt) : 2;
        player_free(p);
        lesson_free(l);
    }
    return status;
}

/* bpstep [--net F]: the network in the terminal UI, or commands (--batch). */
static int run_network(const Options *o, Session *s)
{
    int status = 0;
    Engine *engine = NULL;
    if (load_engine(o, s, &engine) != 0 || run_start_options(o, engine) != 0) {
        status = 2;
    } else if (o->batch) {
        status = batch_run(engine, o->commands, o->ncommands, !isatty(STDIN_FILENO));
    } else {
        TuiOptions topt = { o->net_path != NULL ? o->net_path : "reference network (the slides' image B)", 0.0,
                            o->record, 0 };
        status = tui_run(s, engine, NULL, &topt);
    }
    engine_free(engine);
    return status;
}

int main(int argc, char **argv)
{
    Options o;
    memset(&o, 0, sizeof o);
    o.seed = 1;
    o.commands = calloc((size_t)argc + 1, sizeof *o.commands);
    o.lessons = calloc((size_t)argc + 1, sizeof *o.lessons);
    if (o.commands == NULL || o.lessons == NULL) {
        fprintf(stderr, "bpstep: out of memory\n");
        free(o.commands);
        free(o.lessons);
        return 2;
    }
    int status = 0;
    signals_install();
    Session session;
    session_init(&session);
    DataFiles files;
    memset(&files, 0, sizeof files);
    datafiles_host(&session.host, &files);
    ProgressLines lines;
    progress_lines_install(&session.host, &lines, stdout);
    int threads = default_threads();
    session.host.threads = threads > 0 ? threads : 1;
    int rc = threads < 0 ? -1 : parse_options(argc, argv, &o);
    if (rc != 0) {
        status = rc < 0 ? 2 : 0;
    } else if (o.list) {
        StrBuf out;
        sb_init(&out);
        if (catalog_list(&out) != 0) {
            fprintf(stderr, "bpstep: no lessons found (set BPSTEP_LESSONS to their folder)\n");
            status = 2;
        }
        fputs(sb_str(&out), stdout);
        sb_release(&out);
    } else if (o.check) {
        status = batch_check_lessons(&session, o.lessons, o.nlessons);
    } else if (!o.batch && (!isatty(STDIN_FILENO) || !isatty(STDOUT_FILENO))) {
        fprintf(stderr, "bpstep: not a terminal; use 'bpstep --batch' for text output\n");
        status = 2;
    } else if (o.nlessons == 1) {
        status = run_lesson(&o, &session);
    } else {
        status = run_network(&o, &session);
    }
    free(o.commands);
    free(o.lessons);
    datafiles_release(&files);
    if (status < 128) { /* 128 + signal: the TUI reported it already */
        int interrupted = signals_exit_status();
        status = interrupted != 0 ? interrupted : status;
    }
    return status;
}
