/* tui.h: the terminal UI. */
#ifndef BPSTEP_TUI_H
#define BPSTEP_TUI_H

#include "../debugger/engine.h"

/* Runs the UI until the user quits; returns the exit status. */
int tui_run(Engine *e);

#endif
