/* lesson_internal.h: what lesson.c (parsing, checking) and lesson_player.c
 * (playing) share. Internal to src/lesson. */
#ifndef BPSTEP_LESSON_INTERNAL_H
#define BPSTEP_LESSON_INTERNAL_H

#include "lesson.h"

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
