/* batch.c: the text face of bpstep: commands (-x, stdin), lessons played
 * as a transcript (--batch LESSON, --record), and --check. */
#include "batch.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../debugger/command.h"
#include "../lesson/catalog.h"
#include "../base/interrupt.h"
#include "record.h"

/* Runs one line; prints its output and, on error, "bpstep: WHERE: msg". */
static CmdStatus run_line(Engine *e, const char *line, const char *where, StrBuf *out, bool *failed)
{
    Diag d = { 0 };
    diag_clear(&d);
    sb_clear(out);
    CmdStatus st = command_exec(e, line, out, &d);
    fputs(sb_str(out), stdout);
    fflush(stdout); /* each command's output as it ends, even into a pipe */
    if (st == CMD_ERROR) {
        char msg[600];
        diag_format(&d, msg, sizeof msg);
        fflush(stdout);
        fprintf(stderr, "bpstep: %s: %s\n", where, msg);
        *failed = true;
    }
    return st;
}

int batch_run(Engine *e, char **commands, int ncommands, bool read_stdin)
{
    StrBuf out;
    sb_init(&out);
    bool failed = false;
    char where[64];
    for (int i = 0; i < ncommands; i++) {
        snprintf(where, sizeof where, "-x %d", i + 1);
        if (run_line(e, commands[i], where, &out, &failed) == CMD_QUIT || interrupt_pending() != 0) {
            sb_release(&out);
            return failed ? 1 : 0;
        }
    }
    if (read_stdin) {
        char *line = NULL;
        size_t cap = 0;
        ssize_t len;
        int lineno = 0;
        while ((len = getline(&line, &cap, stdin)) >= 0) {
            lineno++;
            while (len > 0 && (line[len - 1] == '\n' || line[len - 1] == '\r')) {
                line[--len] = '\0';
            }
            snprintf(where, sizeof where, "stdin:%d", lineno);
            size_t nul = strlen(line);
            if (nul < (size_t)len) {
                /* the rest of the line would be dropped without a word */
                fprintf(stderr, "bpstep: %s: column %zu: a NUL byte in a command line\n", where, nul + 1);
                failed = true;
                continue;
            }
            if (run_line(e, line, where, &out, &failed) == CMD_QUIT || interrupt_pending() != 0) {
                break;
            }
        }
        free(line);
    }
    sb_release(&out);
    fflush(stdout);
    return failed ? 1 : 0;
}

/* Finds and loads a lesson; problems go to stderr. */
Lesson *batch_open_lesson(const Host *host, const char *name)
{
    char path[2048];
    if (catalog_find(name, path, sizeof path) != 0) {
        fprintf(stderr, "bpstep: no lesson '%s' (a file, or a name from 'bpstep --list')\n", name);
        return NULL;
    }
    StrBuf problems;
    sb_init(&problems);
    Lesson *l = lesson_load(path, host, &problems);
    if (l == NULL) {
        fputs(sb_str(&problems), stderr);
    }
    sb_release(&problems);
    return l;
}

int batch_check_lessons(const Session *s, char **lessons, int nlessons)
{
    int status = 0;
    Host quiet = s->host;
    quiet.progress = NULL; /* --check prints one line per lesson */
    for (int i = 0; i < nlessons && interrupt_pending() == 0; i++) { /* Ctrl-C stops the whole check */
        Lesson *l = batch_open_lesson(&quiet, lessons[i]);
        if (l == NULL) {
            status = 2;
            continue;
        }
        if (l->missing[0] != '\0') { /* never a failure on a machine without the dataset */
            printf("%s: skipped: %s\n", l->path, l->missing);
            lesson_free(l);
            continue;
        }
        LessonPlayer *p = player_new(l, &quiet);
        if (p == NULL) {
            fprintf(stderr, "bpstep: out of memory\n");
            lesson_free(l);
            return 2;
        }
        StrBuf errors;
        sb_init(&errors);
        player_run_all(p, NULL, &errors);
        int expects = 0;
        for (int k = 0; k < l->nsteps; k++) {
            expects += l->steps[k].kind == LS_EXPECT;
        }
        if (errors.len > 0) {
            fputs(sb_str(&errors), stderr);
            printf("%s: FAILED (%d of %d expects)\n", l->path, p->failures, expects);
            status = status == 0 ? 1 : status;
        } else {
            printf("%s: ok (%d expects)\n", l->path, expects);
        }
        fflush(stdout); /* a line per lesson as it is checked */
        sb_release(&errors);
        player_free(p);
        lesson_free(l);
    }
    return status;
}

/* A lesson as text; --record writes each stretch between pauses as one event. */
/* A question in batch mode, by the terminal's rules: each line of stdin is
 * a try; a line that is not an answer (not a number, not an option) is
 * said so and the next line tries again; a wrong answer gets one more try;
 * a blank line or the end of input shows the answer. The transcript shows
 * every try. */
static void answer_from_stdin(LessonPlayer *p, StrBuf *out)
{
    char *line = NULL;
    size_t cap = 0;
    AnswerVerdict v = ANSWER_AGAIN;
    for (int lines = 0; (v == ANSWER_AGAIN || v == ANSWER_UNREADABLE) && lines < 1000; lines++) {
        ssize_t len = getline(&line, &cap, stdin);
        if (len > 0 && line[len - 1] == '\n') {
            line[--len] = '\0';
        }
        bool whole = len >= 0 && strlen(line) == (size_t)len;
        if (whole) {
            diag_clean_text(line, false);
            sb_printf(out, "%s: %s\n", lesson_phrase(p->lesson, PHRASE_YOURS), line);
        } else {
            sb_printf(out, "%s\n", lesson_phrase(p->lesson, PHRASE_NONE));
        }
        v = player_answer(p, whole ? line : NULL, 2, out);
    }
    if (v == ANSWER_AGAIN || v == ANSWER_UNREADABLE) { /* a thousand lines of no answer: show it */
        player_answer(p, NULL, 2, out);
    }
    free(line);
}

/* Appends text to the recording as a terminal of its width shows it. */
static void record_text(Recorder *rec, const char *text)
{
    record_transcript(rec, text);
}

/* The lesson's stretches, pause by pause, to stdout (and to rec when not
 * NULL, paced); an `ask` takes its answer from stdin. True when a step
 * failed. */
static bool play_stretches(LessonPlayer *p, Recorder *rec, double pace, StrBuf *out)
{
    const Lesson *l = p->lesson;
    StrBuf errors;
    sb_init(&errors);
    int chapter = -1;
    bool more = true, failed = false;
    while (more && interrupt_pending() == 0) {
        sb_clear(out);
        int before = p->next;
        more = player_advance(p, out, &errors);
        if (rec != NULL) {
            for (int k = before; k < p->next; k++) {
                if (l->steps[k].kind == LS_CHAPTER && k != chapter) {
                    chapter = k;
                    record_marker(rec, l->steps[k].text);
                }
            }
        }
        for (int part = 0; part < 2; part++) { /* the stretch, then the answer to its question */
            fputs(sb_str(out), stdout);
            fflush(stdout);
            fputs(sb_str(&errors), stderr); /* in order with the transcript */
            failed = failed || errors.len > 0;
            sb_clear(&errors);
            if (rec != NULL) {
                record_text(rec, sb_str(out));
                record_wait(rec, player_pace(p, pace > 0.0 ? pace : 2.0));
            }
            sb_clear(out);
            if (part == 1 || p->question == NULL) {
                break;
            }
            answer_from_stdin(p, out);
            more = more || p->next < l->nsteps;
        }
    }
    sb_release(&errors);
    return failed;
}

int batch_play_lesson(const Session *s, Lesson *l, const char *record, double pace, int chapter, char **commands,
                      int ncommands)
{
    LessonPlayer *p = player_new(l, &s->host);
    if (p == NULL) {
        fprintf(stderr, "bpstep: out of memory\n");
        return 2;
    }
    if (chapter > 0) { /* what comes before the chapter runs silently */
        player_goto_pause(p, lesson_chapter_pause(l, chapter - 1));
        printf("== %s ==\n(from chapter %d of %d)\n", l->title, chapter, lesson_chapter_count(l));
    }
    Recorder rec;
    bool recording = record != NULL;
    if (recording && record_open(&rec, record, 100, 40, l->title) != 0) {
        fprintf(stderr, "bpstep: --record: %s\n", rec.error);
        player_free(p);
        return 2;
    }
    if (recording) {
        record_paced(&rec); /* played back at reading pace, not all at t = 0 */
    }
    StrBuf out;
    sb_init(&out);
    bool failed = play_stretches(p, recording ? &rec : NULL, pace, &out);
    char score[400];
    player_score_text(p, score, sizeof score);
    if (score[0] != '\0') {
        sb_clear(&out);
        sb_printf(&out, "\n%s\n", score);
        fputs(sb_str(&out), stdout);
        if (recording) {
            record_text(&rec, sb_str(&out));
        }
    }
    int status = failed ? 1 : 0;
    if (ncommands > 0) {
        int rc = batch_run(p->engine, commands, ncommands, false);
        status = rc != 0 ? rc : status;
    }
    if (recording && record_close(&rec) != 0) {
        fprintf(stderr, "bpstep: --record: %s\n", rec.error);
        status = 2;
    }
    sb_release(&out);
    player_free(p);
    return status;
}
