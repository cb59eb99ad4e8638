/* tui.h: the terminal UI: keys and clicks become commands of the one command
 * language; the screen is drawn by views.c from the engine and a ViewState. */
#ifndef BPSTEP_TUI_H
#define BPSTEP_TUI_H

#include "../debugger/engine.h"
#include "../lesson/lesson.h"
#include "views.h"

typedef struct {
    const char *title;     /* what is being debugged */
    double autoplay;       /* seconds between lesson pauses; 0 = the reader advances */
    const char *record;    /* an asciicast file to write, or NULL */
} TuiOptions;

/* Runs the UI until the user quits, on e or (when player is not NULL) on the
 * lesson's engine; returns the exit status (0; 2 when the terminal or the
 * recording cannot be used; 128 + signal after SIGINT/SIGTERM). */
int tui_run(Engine *e, LessonPlayer *player, const TuiOptions *opt);

/* What a key does to the engine and view state, without a terminal (the
 * tests drive the UI through this). Returns false when the key quits. */
typedef struct KeyEvent KeyEvent;
bool tui_handle_key(Engine *e, ViewState *vs, StrBuf *console, const KeyEvent *ev, int width, int height);

/* Lesson keys (Enter: on, ',': back, ']' '[': chapters, 'R': resume);
 * true when the key was one. */
bool tui_lesson_key(LessonPlayer *p, ViewState *vs, StrBuf *console, const KeyEvent *ev);
/* Moves the lesson to the next pause, or to pause n (replaying from the start). */
void tui_lesson_advance(LessonPlayer *p, ViewState *vs, StrBuf *console);
void tui_lesson_goto(LessonPlayer *p, ViewState *vs, StrBuf *console, int n);

/* Runs one command line as the ':' prompt does (output to console, the
 * result or error into vs->message). Returns false on quit. */
bool tui_command(Engine *e, ViewState *vs, StrBuf *console, const char *line);

#endif
