/* batch.h: bpstep --batch: runs commands (from -x, then stdin when it is not
 * a terminal) and prints to stdout; errors go to stderr, one line each. */
#ifndef BPSTEP_BATCH_H
#define BPSTEP_BATCH_H

#include "../debugger/engine.h"
#include "../debugger/session.h"
#include "../lesson/lesson.h"

/* Returns the exit status: 0, or 1 when any command failed. */
int batch_run(Engine *e, char **commands, int ncommands, bool read_stdin);

/* A lesson by file or shipped name; NULL after printing its problems. */
Lesson *batch_open_lesson(const Host *host, const char *name);
/* --check: plays each lesson headless; 0, 1 (an expect failed) or 2. */
int batch_check_lessons(const Session *s, char **lessons, int nlessons);
/* --batch LESSON: the lesson as text, then the -x commands; --record writes
 * each stretch between pauses as one asciicast event, paced for reading
 * (pace seconds per 20 words, at least pace; 2 s when pace is 0). With
 * chapter > 0 (1-based) the lesson starts there, what comes before it run
 * silently. */
int batch_play_lesson(const Session *s, Lesson *l, const char *record, double pace, int chapter, char **commands,
                      int ncommands);

#endif
