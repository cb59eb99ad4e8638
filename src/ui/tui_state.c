/* tui_state.c: a Tui's life cycle and the small steps every part of the
 * terminal UI shares (the message line, the selection, the output, the
 * typed line, which key tables are active).
 * Must not: include curses.h, or call the other tui_*.c files. */
#include "tui_internal.h"

#include "lineedit.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "../debugger/engine_query.h"

enum { CONSOLE_KEEP = 16000 };
/* Output of at most this many lines stays in the message line (and the output pane). */
enum { RESULT_INLINE_LINES = 2 };

void tui_init(Tui *t, Session *s, Engine *e, LessonPlayer *player, const TuiOptions *opt)
{
    memset(t, 0, sizeof *t);
    t->session = s;
    t->engine = e;
    t->player = player;
    if (opt != NULL) {
        t->opt = *opt;
    }
    t->width = 80;
    t->height = 24;
    t->last_chapter = -1;
    t->pace = 1.0;
    sb_init(&t->console);
    cmd_result_init(&t->result);
    view_state_init(&t->vs);
    snprintf(t->vs.title, sizeof t->vs.title, "%s", t->opt.title != NULL ? t->opt.title : "");
    tui_keys_update(t);
}

void tui_release(Tui *t)
{
    sb_release(&t->console);
    t->vs.console = NULL;
    cmd_result_release(&t->result);
    t->vs.result = NULL;
}

Engine *tui_engine(const Tui *t)
{
    return t->player != NULL ? t->player->engine : t->engine;
}

void tui_say(Tui *t, bool error, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(t->vs.message, sizeof t->vs.message, fmt, ap);
    va_end(ap);
    t->vs.message_error = error;
}

void tui_unselect(ViewState *vs)
{
    vs->pan_row = vs->pan_col = 0;
    vs->sel_row = vs->sel_col = 0;
    vs->nmarks = 0;
}

void tui_follow(const Engine *e, ViewState *vs)
{
    vs->cursor = e->pos > 0 ? e->pos - 1 : 0;
    vs->focus = 0;
    vs->result_shown = false; /* the op that ran shows its values */
    tui_unselect(vs);
}

bool tui_result_worth_showing(const CmdResult *r)
{
    int lines = cmd_result_lines(r);
    for (int k = 0; k < r->nblocks; k++) {
        lines -= r->blocks[k].kind == BLOCK_HEADING;
    }
    return lines > RESULT_INLINE_LINES;
}

void tui_result_keep(Tui *t, const char *heading, CmdResult *r, bool show)
{
    cmd_result_release(&t->result);
    if (!cmd_result_append_headed(&t->result, heading, r)) {
        return; /* out of memory: the output pane still has the text */
    }
    t->vs.result = &t->result;
    t->vs.result_scroll = t->vs.result_pan = 0;
    t->vs.result_shown = show;
    t->vs.result_yields = false;
}

void tui_console_shown(Tui *t)
{
    StrBuf *console = &t->console;
    if (console->len > CONSOLE_KEEP) {
        size_t cut = console->len - CONSOLE_KEEP / 2;
        const char *nl = strchr(console->text + cut, '\n');
        size_t from = nl != NULL ? (size_t)(nl + 1 - console->text) : cut;
        memmove(console->text, console->text + from, console->len - from + 1);
        console->len -= from;
    }
    t->vs.console = sb_str(console);
    t->vs.console_back = 0; /* new output comes into view */
}

void tui_line_open(Tui *t, ViewMode mode, const char *text)
{
    if (!view_typing(&t->vs)) {
        t->vs.line_from = t->vs.mode;
    }
    t->vs.mode = mode;
    snprintf(t->vs.cmdline, sizeof t->vs.cmdline, "%s", text);
    t->vs.cmd_back = 0; /* the cursor at the end */
    tui_keys_update(t);
}

void tui_line_close(Tui *t)
{
    if (view_typing(&t->vs)) {
        t->vs.mode = t->vs.line_from;
    }
    t->vs.cmdline[0] = '\0';
    t->vs.cmd_back = 0;
    t->vs.prompt[0] = '\0';
    tui_keys_update(t);
}

void tui_line_type(Tui *t, unsigned ch)
{
    LineEdit le = lineedit_at(t->vs.cmdline, sizeof t->vs.cmdline, t->vs.cmd_back);
    if (!lineedit_insert(&le, (char)ch)) { /* at the cursor; said, never cut silently */
        tui_say(t, true, "the command line is full: it holds %zu characters", sizeof t->vs.cmdline - 1);
    }
    t->vs.cmd_back = lineedit_back(&le);
}

bool tui_line_erase(Tui *t)
{
    if (t->vs.cmdline[0] == '\0') {
        return false;
    }
    LineEdit le = lineedit_at(t->vs.cmdline, sizeof t->vs.cmdline, t->vs.cmd_back);
    lineedit_backspace(&le); /* the character before the cursor */
    t->vs.cmd_back = lineedit_back(&le);
    return true;
}

void tui_keys_update(Tui *t)
{
    KeyStack *k = &t->vs.keys;
    k->n = 0;
    const Engine *e = tui_engine(t);
    int rows, cols, channels;
    if (view_base_mode(&t->vs) == MODE_PAINT && (e == NULL || !engine_input_map(e, &rows, &cols, &channels))) {
        t->vs.mode = view_typing(&t->vs) ? t->vs.mode : MODE_FREE; /* the network changed under paint mode */
        t->vs.line_from = MODE_FREE;
    }
    /* a line being typed or an overlay comes first and takes every key; the
     * tables under it are listed for the help and the hints */
    if (t->vs.mode == MODE_QUESTION) {
        k->modes[k->n++] = KEYS_QUESTION;
    } else if (t->vs.overlay == OVERLAY_RESULT) {
        k->modes[k->n++] = KEYS_RESULT;
    } else if (t->vs.overlay != OVERLAY_NONE) {
        k->modes[k->n++] = KEYS_OVERLAY;
    } else if (t->vs.mode == MODE_COMMAND) {
        k->modes[k->n++] = KEYS_COMMAND;
    }
    if (view_base_mode(&t->vs) == MODE_PAINT) { /* it takes every key: P, q or Esc leave it */
        k->modes[k->n++] = KEYS_PAINT;
    }
    if (t->player != NULL && t->opt.autoplay > 0.0) {
        k->modes[k->n++] = KEYS_AUTOPLAY;
    }
    if (t->player != NULL) {
        k->modes[k->n++] = KEYS_LESSON;
    }
    if (view_base_mode(&t->vs) != MODE_PAINT && t->vs.pane == PANE_COMPARE && e != NULL &&
        view_compare_selects(e, &t->vs)) {
        k->modes[k->n++] = KEYS_COMPARE; /* the arrows move the selected entry, not the position */
    }
    k->modes[k->n++] = KEYS_FREE;
}
