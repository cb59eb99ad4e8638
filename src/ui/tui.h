/* tui.h: the terminal UI: keys and clicks become commands of the one command
 * language; the screen is drawn by views.c from the engine and a ViewState. */
#ifndef BPSTEP_TUI_H
#define BPSTEP_TUI_H

#include "../debugger/engine.h"
#include "views.h"

/* Runs the UI until the user quits; returns the exit status (0, or 2 when
 * the terminal cannot be used, 128 + signal after SIGINT/SIGTERM). */
int tui_run(Engine *e, const char *title);

/* What a key does to the engine and view state, without a terminal (the
 * tests drive the UI through this). Returns false when the key quits. */
typedef struct KeyEvent KeyEvent;
bool tui_handle_key(Engine *e, ViewState *vs, StrBuf *console, const KeyEvent *ev, int width, int height);

/* Runs one command line as the ':' prompt does (output to console, the
 * result or error into vs->message). Returns false on quit. */
bool tui_command(Engine *e, ViewState *vs, StrBuf *console, const char *line);

#endif
