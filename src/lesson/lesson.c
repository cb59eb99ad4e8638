/* lesson.c: loading a lesson: reading the file, parsing it (lesson_parse.c)
 * and checking it by running it once silently (lesson_player.c plays it).
 * Must not: talk to the terminal. */
/* realpath() is X/Open, not plain POSIX.1-2008 */
#define _XOPEN_SOURCE 700

#include "lesson.h"

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../debugger/expr.h"
#include "lesson_internal.h"
#include "netfile.h"
#include "textfile.h"

void lesson_free(Lesson *l)
{
    if (l == NULL) {
        return;
    }
    for (int i = 0; i < l->nsteps; i++) {
        LessonStep *st = &l->steps[i];
        free(st->text);
        free(st->prompt);
        free(st->hint);
        free(st->without);
        free(st->file);
        for (int k = 0; k < st->noptions; k++) {
            free(st->options[k]);
        }
        free(st->options);
        mat_release(&st->matrix);
        NetFile nf = { st->spec, st->onnx }; /* an .onnx file's weights */
        netfile_release(&nf);
    }
    for (int k = 0; k < PHRASE_COUNT; k++) {
        free(l->phrase[k]);
    }
    free(l->steps);
    free(l);
}

static void dry_run(Parser *ps, const Host *host);

/* Parses text as the lesson at path, whose files resolve in folder dir. */
/* A problem line's place, "PATH:LINE[:COL]: ...", for sorting. */
typedef struct {
    const char *text;
    size_t len;
    long line, col, order;
} ProblemLine;

static int by_place(const void *a, const void *b)
{
    const ProblemLine *x = a, *y = b;
    if (x->line != y->line) {
        return x->line < y->line ? -1 : 1;
    }
    if (x->col != y->col) {
        return x->col < y->col ? -1 : 1;
    }
    return (x->order > y->order) - (x->order < y->order); /* stable */
}

/* Sorts the problems written since `from` by line and column: the parser's
 * and the check run's, in the order a reader fixes them (issue 15.10). */
static void sort_problems(StrBuf *problems, size_t from, const char *path)
{
    size_t n = 0, plen = strlen(path);
    for (const char *q = problems->text != NULL ? problems->text + from : ""; *q != '\0'; q++) {
        n += *q == '\n';
    }
    ProblemLine *lines = n > 1 ? calloc(n, sizeof *lines) : NULL;
    char *copy = lines != NULL ? strdup(problems->text + from) : NULL;
    if (copy == NULL) {
        free(lines);
        return;
    }
    size_t k = 0;
    for (char *q = copy; *q != '\0' && k < n; k++) {
        size_t len = strcspn(q, "\n") + 1;
        char *end = NULL;
        lines[k] = (ProblemLine){ q, len, LONG_MAX, 0, (long)k };
        if (strncmp(q, path, plen) == 0 && q[plen] == ':') {
            lines[k].line = strtol(q + plen + 1, &end, 10);
            lines[k].col = *end == ':' ? strtol(end + 1, NULL, 10) : 0;
        }
        q += len;
    }
    qsort(lines, k, sizeof *lines, by_place);
    problems->len = from;
    for (size_t i = 0; i < k; i++) {
        sb_printf(problems, "%.*s", (int)lines[i].len, lines[i].text);
    }
    free(copy);
    free(lines);
}

static Lesson *load_text(const char *path, const char *dir, char *text, const Host *host, StrBuf *problems)
{
    Lesson *l = calloc(1, sizeof *l);
    if (l == NULL) {
        sb_printf(problems, "%s: out of memory\n", path);
        return NULL;
    }
    snprintf(l->path, sizeof l->path, "%s", path);
    diag_clean_text(l->path, false);
    Parser ps = { l, "", problems, 0, 0 };
    if (realpath(dir[0] != '\0' ? dir : "/", ps.dir) == NULL) {
        sb_printf(problems, "%s: cannot resolve its folder\n", l->path);
        lesson_free(l);
        return NULL;
    }
    diag_clean_text(text, true); /* nothing a lesson says can drive the terminal */
    size_t from = problems->len;
    parser_lines(&ps, text);
    dry_run(&ps, host); /* also after parse problems, so that all of them are reported at once */
    sort_problems(problems, from, l->path);
    if (ps.count > 0) {
        lesson_free(l);
        return NULL;
    }
    return l;
}

Lesson *lesson_load_text(const char *name, const char *dir, const char *text, const Host *host, StrBuf *problems)
{
    char *copy = strdup(text);
    if (copy == NULL) {
        sb_printf(problems, "%s: out of memory\n", name);
        return NULL;
    }
    Lesson *l = load_text(name, dir, copy, host, problems);
    free(copy);
    return l;
}

Lesson *lesson_load(const char *path, const Host *host, StrBuf *problems)
{
    char *text = NULL;
    Diag d = { 0 };
    if (textfile_read(path, &text, &d) != 0) {
        char msg[600];
        diag_format(&d, msg, sizeof msg);
        sb_printf(problems, "%s\n", msg);
        return NULL;
    }
    char dirbuf[PATH_MAX * 2];
    snprintf(dirbuf, sizeof dirbuf, "%s", path);
    char *slash = strrchr(dirbuf, '/');
    if (slash != NULL) {
        slash[slash == dirbuf ? 1 : 0] = '\0'; /* "/x.lesson" lives in "/" */
    } else {
        snprintf(dirbuf, sizeof dirbuf, ".");
    }
    Lesson *l = load_text(path, dirbuf, text, host, problems);
    free(text);
    return l;
}

/* Runs the whole lesson once, silently, so that a command that cannot run
 * (an unknown name, a shape that does not fit, a value not computed at that
 * point) is reported now, with the rest, before anything is shown. */
static void dry_run(Parser *ps, const Host *host)
{
    Host quiet = *(host != NULL ? host : host_none());
    quiet.progress = NULL; /* the check run shows no training progress */
    LessonPlayer *p = player_new(ps->l, &quiet);
    if (p == NULL) {
        parser_problem(ps, 1, 1, "out of memory");
        return;
    }
    p->check_run = true;
    StrBuf errors;
    sb_init(&errors);
    for (int i = 0; i < ps->l->nsteps; i++) {
        const LessonStep *st = &ps->l->steps[i];
        if (st->broken && (st->kind == LS_NET || st->kind == LS_INPUT)) {
            break; /* what follows would run on a network or input that is not there */
        }
        if (st->broken) {
            p->next = i + 1;
            continue;
        }
        if (st->kind == LS_EXPECT) {
            /* a value that cannot be evaluated is a problem; a wrong value is for --check */
            ExprResult r;
            Diag d = { 0 };
            if (expr_eval(p->engine, st->text, 0, &r, &d) != 0) {
                sb_printf(&errors, "%s:%d:%d: expect %s: %s\n", ps->l->path, st->line, st->col, st->text, d.msg);
            } else {
                mat_release(&r.m);
            }
            p->next = i + 1;
            continue;
        }
        size_t before = errors.len;
        diag_clear(&p->last_error);
        player_run_step(p, i, NULL, &errors);
        p->next = i + 1;
        if (p->stopped) {
            break; /* Ctrl-C, or the lesson's work budget is spent: it said so */
        }
        if (errors.len > before && st->kind == LS_COMMAND && p->last_error.kind == DIAG_MISSING_DATA) {
            /* the lesson needs a dataset this machine lacks: not the lesson's fault */
            snprintf(ps->l->missing, sizeof ps->l->missing, "%s", p->last_error.msg);
            errors.len = before;
            errors.text[before] = '\0';
            break;
        }
    }
    if (errors.len > 0) {
        sb_append(ps->problems, sb_str(&errors));
        ps->count++;
    }
    sb_release(&errors);
    player_free(p);
}
