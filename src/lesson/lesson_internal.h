/* lesson_internal.h: what the files of src/lesson share. Internal to src/lesson.
 * The arrows: lesson.c (loading, checking) -> lesson_parse.c (lines) ->
 * question_parse.c (question lines) -> lesson_steps.c (making steps);
 * lesson.c -> lesson_player.c (the check run) -> question.c (questions
 * played) -> answer.c; lesson_report.c (problem lines) is used by all. */
#ifndef BPSTEP_LESSON_INTERNAL_H
#define BPSTEP_LESSON_INTERNAL_H

#include <limits.h>

#include "lesson.h"

/* Limits (docs/limits.md): lines that become steps, and problems reported
 * before the rest of the file is skipped. */
enum { LESSON_MAX_STEPS = 20000, LESSON_MAX_PROBLEMS = 20 };

typedef struct {
    Lesson *l;
    char dir[PATH_MAX];  /* the lesson's folder, resolved */
    StrBuf *problems;
    int count;
    int cap;
} Parser;

/* One problem as "PATH:LINE:COL: message" (at most LESSON_MAX_PROBLEMS). */
void parser_problem(Parser *ps, int line, int col, const char *fmt, ...) DIAG_PRINTF(4, 5);
/* rel resolved in the lesson's folder into out (PATH_MAX); -1 after a
 * problem at line:col when it leaves the folder or cannot be resolved. */
int parser_safe_path(Parser *ps, const char *rel, int line, int col, char *out);
typedef struct {
    int lineno, col, acol; /* the line, its first word's and its arguments' columns */
    const char *p;         /* the first word */
    size_t wlen;
    const char *args;
} Line;

/* What indented lines continue: a say's paragraph, or an inline net. */
typedef struct {
    LessonStep *say;
    size_t say_len, say_cap; /* its text's length and allocation, once known */
    LessonStep *net;
    StrBuf net_text;
    int net_line;
    LessonStep *choose; /* a choose whose options follow, indented */
} Pending;

/* A new step (NULL after a problem: too many steps, out of memory). */
LessonStep *parser_add_step(Parser *ps, LessonStepKind kind, int line, int col, const char *text);
/* st's text becomes the n bytes at s; -1 after a problem. */
int parser_set_text(Parser *ps, LessonStep *st, const char *s, size_t n);
/* The question keywords (question_parse.c): `ask ["TEXT"] EXPR [tol]`,
 * `choose "TEXT"` with indented options (the right one marked '*'), `hint
 * TEXT` after either, `phrase KEY TEXT`. */
void kw_ask(Parser *ps, const Line *ln, Pending *pend);
void kw_choose(Parser *ps, const Line *ln, Pending *pend);
void kw_hint(Parser *ps, const Line *ln, Pending *pend);
void kw_phrase(Parser *ps, const Line *ln, Pending *pend);
/* `derive "TEXT" EXPR`: the student writes an expression for EXPR's value
 * from what was computed before it. */
void kw_derive(Parser *ps, const Line *ln, Pending *pend);
/* An indented option line of the choose st; and the check when it ends. */
void choose_option(Parser *ps, LessonStep *st, const char *line, int lineno);
void choose_finish(Parser *ps, LessonStep *st);

/* Parses the lesson's text (changed in place) into ps->l's steps. */
void parser_lines(Parser *ps, char *text);

/* Replaces control characters so a message stays one printable line. */
void lesson_printable(char *s);
/* A problem of step st at col (0: none) into errors as "file:line[:col]: text". */
void player_report(LessonPlayer *p, StrBuf *errors, const LessonStep *st, int col, const char *text);
/* The question keywords played (question.c): true when the lesson stops to ask. */
bool question_ask(LessonPlayer *p, const LessonStep *st, StrBuf *out, StrBuf *errors);
/* Runs step i of the lesson (out and errors may be NULL); true for a pause. */
bool player_run_step(LessonPlayer *p, int i, StrBuf *out, StrBuf *errors);

/* The check run's quick form of a `train` or `test` into buf (one step, one
 * image); false when text is neither. */
bool lesson_quick_train(const char *text, char *buf, size_t size);
/* How many times the quick form's work the full command costs. */
int64_t lesson_quick_factor(const LessonPlayer *p, const char *text);
/* Copies text to out with each ${EXPR} or ${EXPR:%.4g} replaced by its
 * value on e now ($${ writes ${). -1 when one cannot be shown (why gets the
 * reason, col its 1-based column in text; it stays as written), else 0. */
int narration_expand(const Engine *e, const char *text, StrBuf *out, char *why, size_t size, int *col);

#endif
