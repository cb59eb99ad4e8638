/* lesson_internal.h: what lesson.c (parsing, checking) and lesson_player.c
 * (playing) share. Internal to src/lesson. */
#ifndef BPSTEP_LESSON_INTERNAL_H
#define BPSTEP_LESSON_INTERNAL_H

#include "lesson.h"

/* Replaces control characters so a message stays one printable line. */
void lesson_printable(char *s);
/* Runs step i of the lesson (out and errors may be NULL); true for a pause. */
bool player_run_step(LessonPlayer *p, int i, StrBuf *out, StrBuf *errors);

#endif
