/* tui_train.c: the training pane of the terminal UI: T shows the loss curve
 * of the session's training and how the last train and test ended; while
 * `train` runs from the ':' line the pane is redrawn at most 10 times a
 * second from the host's progress callback, while a `test` of its own runs
 * its progress is the message line; any key then asks it to stop at the
 * next batch.
 * Must not: include curses.h (it reads keys through term.h), or call the
 * main loop (it redraws through the callback it is given). */
#include "tui_internal.h"

#include <signal.h>
#include <string.h>

#include "../base/interrupt.h"
#include "../debugger/training.h"
#include "progress.h"
#include "term.h"

void tui_train_live(Tui *t, LiveTrain *lt, void (*redraw)(void *ctx), void *redraw_ctx)
{
    memset(lt, 0, sizeof *lt);
    lt->t = t;
    lt->redraw = redraw;
    lt->redraw_ctx = redraw_ctx;
}

void tui_train_progress(void *ctx, const TrainProgress *p)
{
    LiveTrain *lt = ctx;
    Tui *t = lt->t;
    double now = record_elapsed(&t->rec);
    int which = strcmp(p->what, "test") == 0;
    if (p->step == 0) { /* before the first batch */
        lt->start[which] = now;
        lt->last = -1.0;
        lt->training = lt->training || !which;
    }
    if (!p->done && now - lt->last < 0.1) {
        return;
    }
    lt->last = now;
    progress_rate_text(p, now - lt->start[which], lt->rate, sizeof lt->rate);
    lt->shown = *p;
    if (which && !lt->training) { /* a test of its own: a progress line, its result the command's line */
        tui_say(t, false, "test: %ld of %ld images, accuracy so far %.1f%%   %s   (any key stops)", p->images,
                p->total, 100.0 * p->accuracy, lt->rate);
    } else {
        t->vs.overlay = OVERLAY_TRAINING;
        t->vs.train_rate = lt->rate;
        t->vs.train_progress = &lt->shown;
    }
    lt->redraw(lt->redraw_ctx);
    KeyEvent ev = term_read(0);
    if (ev.kind != TK_NONE && ev.kind != TK_RESIZE && !p->done) {
        interrupt_request(SIGINT);
    }
    lt->training = lt->training && !(p->done && !which);
}

/* T: the pane with the loss curve, once there was training. */
static bool training(Tui *t, const KeyEvent *ev)
{
    (void)ev;
    TrainProgress p;
    if (training_progress(tui_engine(t), &p)) {
        t->vs.overlay = OVERLAY_TRAINING;
    } else {
        tui_say(t, t->vs.message_error, "no data yet: ':data fashion-mnist', then ':train 1 epochs' or ':test'");
    }
    return true;
}

const ActionEntry TUI_TRAIN_ACTIONS[] = {
    { A_TRAINING, training },
    { A_NONE, NULL },
};
