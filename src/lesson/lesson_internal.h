/* lesson_internal.h: what lesson.c (loading, checking), lesson_parse.c
 * (parsing) and lesson_player.c (playing) share. Internal to src/lesson.
 * The arrows: lesson.c -> lesson_parse.c -> lesson_player.c (for
 * lesson_printable only); lesson.c -> lesson_player.c (the check run). */
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
/* Parses the lesson's text (changed in place) into ps->l's steps. */
void parser_lines(Parser *ps, char *text);

/* Replaces control characters so a message stays one printable line. */
void lesson_printable(char *s);
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
