/* tui_internal.h: what the files of the terminal UI share. Internal to
 * src/ui; others use tui.h. The arrows: tui.c (main loop, dispatch) ->
 * tui_actions.c, tui_lesson.c, tui_autoplay.c, tui_train.c, paint.c ->
 * tui_cmdline.c -> tui_state.c; nothing points back (tui_train.c redraws
 * through a callback tui.c gives it).
 * Must not: include curses.h (term.c does). */
#ifndef BPSTEP_TUI_INTERNAL_H
#define BPSTEP_TUI_INTERNAL_H

#include "keys.h"
#include "tui.h"

/* An action of a key table (keys.h); false when it quits. */
typedef bool (*ActionFn)(Tui *t, const KeyEvent *ev);
typedef struct {
    Action action;
    ActionFn fn;
} ActionEntry;

/* Each file's actions, A_NONE-terminated. */
extern const ActionEntry TUI_FREE_ACTIONS[];   /* tui_actions.c */
extern const ActionEntry TUI_LESSON_ACTIONS[]; /* tui_lesson.c */
extern const ActionEntry TUI_AUTOPLAY_ACTIONS[]; /* tui_autoplay.c */
extern const ActionEntry TUI_PAINT_ACTIONS[];  /* paint.c */
extern const ActionEntry TUI_LINE_ACTIONS[];   /* tui_cmdline.c */
extern const ActionEntry TUI_TRAIN_ACTIONS[];  /* tui_train.c */
extern const ActionEntry TUI_RESULT_ACTIONS[]; /* tui_result.c */

/* ---- tui.c ---- */

/* The function of an action (from every file's table), or NULL. */
ActionFn tui_action(Action a);

/* ---- tui_state.c ---- */

/* One line into the message line (printf-like). */
void tui_say(Tui *t, bool error, const char *fmt, ...) DIAG_PRINTF(3, 4);
/* Forgets the focused value's pan, selection and marks (a new op or value). */
void tui_unselect(ViewState *vs);
/* The matrices pane follows the op that just ran. */
void tui_follow(const Engine *e, ViewState *vs);
/* The blocks of r (taken: r is left empty) become the last result, under
 * a heading naming where they came from; show puts it in the main area. */
void tui_result_keep(Tui *t, const char *heading, CmdResult *r, bool show);
/* Whether r has more lines than the message line shows (headings aside):
 * then it takes the main area. */
bool tui_result_worth_showing(const CmdResult *r);
/* Keeps the output to its last CONSOLE_KEEP bytes, and shows its end. */
void tui_console_shown(Tui *t);
/* Opens a line (MODE_COMMAND, or MODE_QUESTION with its prompt) over the
 * current mode, holding text; tui_line_close returns to that mode. */
void tui_line_open(Tui *t, ViewMode mode, const char *text);
void tui_line_close(Tui *t);
/* A character typed at the line's end (said, never cut, when it is full). */
void tui_line_type(Tui *t, unsigned ch);
/* Deletes the line's last character; false when it was empty. */
bool tui_line_erase(Tui *t);
/* The active key tables for the state the UI is in (into t->vs.keys). */
void tui_keys_update(Tui *t);

/* ---- tui_autoplay.c ---- */

/* Autoplay's clock: t->clock, or the recording's. */
double tui_now(const Tui *t);
/* Moves the lesson on when its time came (a long narration's next page
 * first); true when the screen changed. */
bool tui_autoplay_tick(Tui *t);
/* The autoplay clock starts its full wait again from now. */
void tui_autoplay_rewind(Tui *t);
/* What holds autoplay's clock (the help, the ':' line, an answer being
 * typed, the quit question), or NULL. */
const char *tui_autoplay_hold(const Tui *t);
/* After a key found in table `from` (held_before: the hold before it):
 * a key of no hold and not autoplay's pauses autoplay and says so; the end
 * of a hold restarts the full wait. */
void tui_autoplay_after_key(Tui *t, KeyMode from, const char *held_before);
/* The status line's countdown into t->vs.autoplay ("" without autoplay). */
void tui_autoplay_status(Tui *t);

/* ---- tui_actions.c ---- */

/* Runs one of the free mode's actions (the answer line borrows Tab and the
 * output's scrolling); true unless it quits. */
bool tui_free_action(Action a, Tui *t, const KeyEvent *ev);

/* ---- tui_result.c ---- */

/* Scrolls the result by rows (+-1 a row, +-2 a page) and pans it by
 * columns, when it is shown (in the main area or over the screen); false
 * when it is not (the keys then do what they do elsewhere). */
bool tui_result_scroll(Tui *t, int rows, int columns);

/* ---- tui_train.c ---- */

/* The live training pane: where the reports stand, and how to redraw. */
typedef struct {
    Tui *t;
    void (*redraw)(void *ctx); /* fits the canvas and shows the screen (tui.c) */
    void *redraw_ctx;
    double start[2], last; /* train's and test's start (test runs inside train N epochs) */
    TrainProgress shown;   /* the counters of the last report */
    bool training;         /* a `train` runs (its epochs' tests show in its pane) */
    char rate[64];
} LiveTrain;
void tui_train_live(Tui *t, LiveTrain *lt, void (*redraw)(void *ctx), void *redraw_ctx);
/* The host's progress callback while the UI runs (ctx: the LiveTrain). */
void tui_train_progress(void *ctx, const TrainProgress *p);

/* ---- tui_lesson.c ---- */

/* A question's answer (NULL: shown, as Esc), the verdict into the output. */
void tui_answer(Tui *t, const char *answer);

#endif
