/* tui_cmdline.c: the ':' line: a command of the command language run as
 * the prompt runs it (tui_command), and the line's keys (typing at the
 * cursor, readline's editing keys through lineedit.c, the session's
 * history, completion).
 * Must not: include curses.h, or look into the command's printed output
 * (what happened comes from the CmdResult). */
#include "tui_internal.h"

#include <signal.h>
#include <stdio.h>
#include <string.h>

#include "../base/interrupt.h"
#include "../debugger/command.h"
#include "lineedit.h"

bool tui_command(Tui *t, const char *line)
{
    Engine *e = tui_engine(t);
    ViewState *vs = &t->vs;
    CmdResult r;
    cmd_result_init(&r);
    int before = e->pos;
    CmdStatus st = command_run(e, line, &r);
    if (interrupt_pending() == SIGINT) {
        interrupt_clear(); /* the command stopped between two ops and says so; the session goes on */
    }
    sb_printf(&t->console, "(bpstep) %s\n", line);
    cmd_result_text(&r, &t->console);
    if (st == CMD_ERROR) {
        char msg[600];
        diag_format(&r.diag, msg, sizeof msg);
        tui_say(t, true, "%.250s", msg);
        sb_printf(&t->console, "error: %s\n", msg);
    } else {
        tui_say(t, false, "%s", r.summary);
    }
    tui_console_shown(t);
    if (e->pos != before) {
        tui_follow(e, vs);
    }
    /* what a command shows (print, explain, compare, gradcheck, info: the
     * position did not move) becomes the result; more than a line or two of
     * it takes the main area, where a matrix is laid out as one */
    if (st != CMD_ERROR && e == tui_engine(t) && e->pos == before && r.nblocks > 0) {
        /* a lesson has no output pane: there every command's result shows */
        tui_result_keep(t, line, &r, t->player != NULL || tui_result_worth_showing(&r));
    }
    cmd_result_release(&r);
    return st != CMD_QUIT;
}

/* The line and its cursor (ViewState.cmd_back: characters after it). */
static LineEdit line_at(Tui *t)
{
    return lineedit_at(t->vs.cmdline, sizeof t->vs.cmdline, t->vs.cmd_back);
}

static bool line_insert(Tui *t, const KeyEvent *ev)
{
    tui_line_type(t, ev->ch);
    return true;
}

static bool line_delete(Tui *t, const KeyEvent *ev)
{
    (void)ev;
    if (!tui_line_erase(t)) {
        tui_line_close(t); /* backspace on an empty line leaves it */
    }
    return true;
}

/* Readline's keys: Left/Right, C-a/C-e, C-u/C-k, C-w, M-b/M-f, ... */
static bool line_edit(Tui *t, const KeyEvent *ev)
{
    LineEdit le = line_at(t);
    (void)lineedit_key(&le, ev);
    t->vs.cmd_back = lineedit_back(&le);
    return true;
}

static bool line_run(Tui *t, const KeyEvent *ev)
{
    (void)ev;
    char line[sizeof t->vs.cmdline];
    snprintf(line, sizeof line, "%s", t->vs.cmdline);
    tui_line_close(t);
    if (line[0] == '\0') {
        return true;
    }
    history_add(&t->session->history, line);
    return tui_command(t, line);
}

static bool line_cancel(Tui *t, const KeyEvent *ev)
{
    (void)ev;
    tui_line_close(t);
    return true;
}

static bool line_recall(Tui *t, const KeyEvent *ev)
{
    bool older = ev->kind == TK_UP || (ev->kind == TK_CHAR && ev->ch == 16);
    const char *text = history_recall(&t->session->history, older ? -1 : 1);
    snprintf(t->vs.cmdline, sizeof t->vs.cmdline, "%s", text);
    t->vs.cmd_back = 0; /* the cursor at the end */
    return true;
}

/* Tab: completes a command name, then value names; says so when several match. */
static bool line_complete(Tui *t, const KeyEvent *ev)
{
    (void)ev;
    char done[256];
    int n = command_complete(tui_engine(t), t->vs.cmdline, done, sizeof done);
    if (n == 1) {
        snprintf(t->vs.cmdline, sizeof t->vs.cmdline, "%s", done);
        t->vs.cmd_back = 0;
    } else {
        tui_say(t, n == 0, n == 0 ? "no completion" : "%d names match: type more", n);
    }
    return true;
}

const ActionEntry TUI_LINE_ACTIONS[] = {
    { A_LINE_INSERT, line_insert },
    { A_LINE_DELETE, line_delete },
    { A_LINE_RUN, line_run },
    { A_LINE_CANCEL, line_cancel },
    { A_LINE_OLDER, line_recall },
    { A_LINE_NEWER, line_recall },
    { A_LINE_COMPLETE, line_complete },
    { A_LINE_EDIT, line_edit },
    { A_NONE, NULL },
};
