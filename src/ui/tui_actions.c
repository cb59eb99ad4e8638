/* tui_actions.c: the free mode's actions (the KEYS_FREE table of keys.c),
 * one small function each, as htop's Action.c: they change the view state,
 * or run a command of the language built from it.
 * Must not: include curses.h, or read the network (engine queries only). */
#include "tui_internal.h"

#include <stdio.h>
#include <string.h>

#include "../debugger/explain_text.h"
#include "paint.h"
#include "view_internal.h"

static int item_count(const Tui *t)
{
    const Engine *e = tui_engine(t);
    OpItem items[VIEW_MAX_ITEMS];
    return view_items(e, view_clamp(t->vs.cursor, 0, e->nops - 1), items, VIEW_MAX_ITEMS);
}

static bool goto_selected(Tui *t, const KeyEvent *ev)
{
    (void)ev;
    char line[64];
    snprintf(line, sizeof line, "goto %d", t->vs.cursor);
    return tui_command(t, line);
}

static bool toggle_break(Tui *t, const KeyEvent *ev)
{
    (void)ev;
    const Engine *e = tui_engine(t);
    char line[64];
    for (int i = 0; i < e->nbreaks; i++) {
        if (e->breaks[i].kind == BP_OP && e->breaks[i].op == t->vs.cursor) {
            snprintf(line, sizeof line, "delete %d", e->breaks[i].id);
            return tui_command(t, line);
        }
    }
    snprintf(line, sizeof line, "break %s", e->ops[t->vs.cursor].name);
    return tui_command(t, line);
}

static bool select_op(Tui *t, const KeyEvent *ev)
{
    int step = ev->kind == TK_UP || (ev->kind == TK_CHAR && ev->ch == 'k') ? -1 : 1;
    t->vs.cursor = view_clamp(t->vs.cursor + step, 0, tui_engine(t)->nops - 1);
    t->vs.focus = 0;
    tui_unselect(&t->vs);
    return true;
}

static bool focus_value(Tui *t, const KeyEvent *ev)
{
    int n = item_count(t);
    t->vs.focus = n > 0 ? (t->vs.focus + (ev->kind == TK_TAB ? 1 : n - 1)) % n : 0;
    tui_unselect(&t->vs);
    return true;
}

static bool output_back(Tui *t, const KeyEvent *ev)
{
    (void)ev;
    if (tui_result_scroll(t, -2, 0)) {
        return true;
    }
    /* never further back than the output goes, so '>' always comes back (issue 17.6) */
    int lines = 0;
    for (const char *q = sb_str(&t->console); *q != '\0'; q++) {
        lines += *q == '\n';
    }
    t->vs.console_back = view_clamp(t->vs.console_back + 5, 0, lines);
    return true;
}

static bool output_forward(Tui *t, const KeyEvent *ev)
{
    (void)ev;
    if (tui_result_scroll(t, 2, 0)) {
        return true;
    }
    t->vs.console_back = view_clamp(t->vs.console_back - 5, 0, 1 << 20);
    return true;
}

static bool compare(Tui *t, const KeyEvent *ev)
{
    (void)ev;
    t->vs.pane = t->vs.pane == PANE_COMPARE ? PANE_VALUES : PANE_COMPARE;
    t->vs.pan_col = 0;
    return true;
}

static bool grid(Tui *t, const KeyEvent *ev)
{
    (void)ev;
    t->vs.pane = t->vs.pane == PANE_GRID ? PANE_VALUES : PANE_GRID;
    return true;
}

/* numbers -> heatmap -> image (256 colours) -> numbers */
static bool heatmap(Tui *t, const KeyEvent *ev)
{
    (void)ev;
    ViewState *vs = &t->vs;
    vs->look = vs->look == LOOK_HEATMAP && vs->images ? LOOK_IMAGE : vs->look == LOOK_NUMBERS ? LOOK_HEATMAP
                                                                                              : LOOK_NUMBERS;
    tui_say(t, false, "%s (h: %s)",
            vs->look == LOOK_IMAGE ? "image view: half blocks, two rows a line" : vs->look == LOOK_HEATMAP ? "heatmap" : "numbers",
            vs->look == LOOK_IMAGE || !vs->images ? "numbers next" : vs->look == LOOK_HEATMAP ? "the image view next" : "heatmap next");
    return true;
}

static bool decimals(Tui *t, const KeyEvent *ev)
{
    bool more = ev->ch != '-';
    int d = t->vs.decimals;
    t->vs.decimals = view_clamp(more ? (d < 0 ? 2 : d + 1) : (d < 0 ? 1 : d - 1), 0, 6);
    return true;
}

/* The compare view of a large channel: H J K L move the selected output
 * entry (its pooling window is shown) by one. */
static bool compare_move(Tui *t, int drow, int dcol)
{
    int row, col;
    if (!view_compare_selection(tui_engine(t), &t->vs, &row, &col)) {
        return true;
    }
    t->vs.cmp_row = row + drow < 0 ? 0 : row + drow;
    t->vs.cmp_col = col + dcol < 0 ? 0 : col + dcol;
    (void)view_compare_selection(tui_engine(t), &t->vs, &t->vs.cmp_row, &t->vs.cmp_col); /* clamped */
    return true;
}

/* An arrow in the compare view of a large channel. */
static bool compare_arrow(Tui *t, const KeyEvent *ev)
{
    int drow = ev->kind == TK_UP ? -1 : ev->kind == TK_DOWN ? 1 : 0;
    int dcol = ev->kind == TK_LEFT ? -1 : ev->kind == TK_RIGHT ? 1 : 0;
    return compare_move(t, drow, dcol);
}

/* H and L: pan, or in the channel grid the previous / next map, or in the
 * compare view the selected output entry. */
static bool pan_sideways(Tui *t, const KeyEvent *ev)
{
    ViewState *vs = &t->vs;
    int step = ev->ch == 'H' ? -1 : 1;
    if (tui_result_scroll(t, 0, 8 * step)) {
        return true;
    }
    if (vs->pane == PANE_GRID) {
        int n = view_grid_count(tui_engine(t), vs);
        vs->channel = view_clamp((vs->channel > 0 ? vs->channel : 1) + step, 1, n > 0 ? n : 1);
        return true;
    }
    if (vs->pane == PANE_COMPARE) {
        return compare_move(t, 0, step);
    }
    vs->pan_col = step < 0 ? view_clamp(vs->pan_col - 4, 0, 1 << 20) : vs->pan_col + 4;
    return true;
}

static bool pan_vertically(Tui *t, const KeyEvent *ev)
{
    bool page = ev->kind == TK_PGUP || ev->kind == TK_PGDN;
    bool up = ev->kind == TK_PGUP || (ev->kind == TK_CHAR && ev->ch == 'K');
    int step = page ? 10 : 2;
    if (t->vs.pane == PANE_COMPARE && !page) {
        return compare_move(t, up ? -1 : 1, 0);
    }
    if (t->vs.pane == PANE_COMPARE) { /* PgUp / PgDn: the previous / next channel */
        int n = view_compare_channels(tui_engine(t), &t->vs), ch = t->vs.channel > 0 ? t->vs.channel : 1;
        t->vs.channel = view_clamp(ch + (up ? -1 : 1), 1, n > 0 ? n : 1);
        return true;
    }
    t->vs.pan_row = up ? view_clamp(t->vs.pan_row - step, 0, 1 << 20) : t->vs.pan_row + step;
    return true;
}

static bool channel(Tui *t, const KeyEvent *ev)
{
    t->vs.channel = (int)(ev->ch - '0');
    t->vs.pan_row = t->vs.pan_col = 0;
    return true;
}

static bool click(Tui *t, const KeyEvent *ev)
{
    const Engine *e = tui_engine(t);
    ViewState *vs = &t->vs;
    int index, row, col, w = t->width, h = t->height;
    HitKind hit = view_hit(e, vs, w, h, ev->x, ev->y, &index);
    if (hit == HIT_OP) {
        vs->cursor = index;
        vs->focus = 0;
        tui_unselect(vs);
    } else if (hit == HIT_ITEM) {
        bool same = index == vs->focus;
        bool entry = view_hit_entry(e, vs, w, h, ev->x, ev->y, index, &row, &col);
        if (!same) {
            vs->focus = index;
            vs->pan_row = vs->pan_col = 0;
            entry = entry && view_hit_entry(e, vs, w, h, ev->x, ev->y, index, &row, &col);
        }
        vs->sel_row = entry ? row : 0;
        vs->sel_col = entry ? col : 0;
        if (entry) {
            char label[48];
            view_focused_label(e, vs, label, sizeof label);
            tui_say(t, false, "%s(%d,%d) selected: x explains it, G checks its gradient", label, row, col);
        }
    }
    return true;
}

/* Marks the entries the explanation of entry (text, "Z2[1](1,2)") is
 * computed from, so the screen shows where its terms come from. */
static void mark_explained(Tui *t, const char *text)
{
    const Engine *e = tui_engine(t);
    ViewState *vs = &t->vs;
    EntryRef ref;
    const char *end = NULL;
    Diag d;
    Explanation ex;
    vs->nmarks = 0;
    if (entry_parse(e, text, &end, 0, &ref, &d) != 0 || engine_explain(e, &ref, &ex, &d) != 0) {
        return;
    }
    int max = (int)(sizeof vs->marks / sizeof vs->marks[0]);
    for (int k = 0; k < ex.nterms; k++) {
        const char *labels[] = { ex.terms[k].a, ex.terms[k].b };
        for (int f = 0; f < 2 && vs->nmarks < max; f++) {
            EntryRef r;
            if (labels[f][0] != '\0' && entry_parse(e, labels[f], &end, 0, &r, &d) == 0 && *end == '\0') {
                vs->marks[vs->nmarks].value = r.value;
                vs->marks[vs->nmarks].row = r.row;
                vs->marks[vs->nmarks++].col = r.col;
            }
        }
    }
    if (vs->nmarks > 0) {
        tui_say(t, false, "%.180s = ... from %d marked entries (details in the output)", text, vs->nmarks);
    }
    engine_explain_release(&ex);
}

static bool explain_or_check(Tui *t, const KeyEvent *ev)
{
    char label[48], line[128];
    view_focused_label(tui_engine(t), &t->vs, label, sizeof label);
    const char *verb = ev->ch == 'x' ? "explain" : "gradcheck";
    if (t->vs.sel_row > 0 && label[0] != '\0') {
        snprintf(line, sizeof line, "%s %s(%d,%d)", verb, label, t->vs.sel_row, t->vs.sel_col);
        bool running = tui_command(t, line);
        if (ev->ch == 'x') {
            mark_explained(t, line + strlen(verb) + 1);
        }
        return running;
    }
    snprintf(line, sizeof line, "%s %s(", verb, label); /* the command line, ready for the indexes */
    tui_line_open(t, MODE_COMMAND, line);
    return true;
}

static bool command_line(Tui *t, const KeyEvent *ev)
{
    (void)ev;
    tui_line_open(t, MODE_COMMAND, "");
    history_rewind(&t->session->history);
    return true;
}

static bool help(Tui *t, const KeyEvent *ev)
{
    (void)ev;
    t->vs.overlay = OVERLAY_HELP;
    return true;
}

static bool paint(Tui *t, const KeyEvent *ev)
{
    (void)ev;
    (void)paint_start(t);
    return true;
}

static bool quit(Tui *t, const KeyEvent *ev)
{
    (void)t;
    (void)ev;
    return false;
}

bool tui_free_action(Action a, Tui *t, const KeyEvent *ev)
{
    for (const ActionEntry *e = TUI_FREE_ACTIONS; e->action != A_NONE; e++) {
        if (e->action == a) {
            return e->fn(t, ev);
        }
    }
    return true;
}

const ActionEntry TUI_FREE_ACTIONS[] = {
    { A_GOTO_SELECTED, goto_selected }, { A_TOGGLE_BREAK, toggle_break },
    { A_SELECT_UP, select_op }, { A_SELECT_DOWN, select_op },
    { A_FOCUS_NEXT, focus_value }, { A_FOCUS_PREV, focus_value },
    { A_OUTPUT_BACK, output_back }, { A_OUTPUT_FORWARD, output_forward },
    { A_COMPARE, compare }, { A_GRID, grid }, { A_HEATMAP, heatmap },
    { A_MORE_DECIMALS, decimals }, { A_FEWER_DECIMALS, decimals },
    { A_PAN_LEFT, pan_sideways }, { A_PAN_RIGHT, pan_sideways }, { A_COMPARE_MOVE, compare_arrow },
    { A_PAN_UP, pan_vertically }, { A_PAN_DOWN, pan_vertically },
    { A_PAGE_UP, pan_vertically }, { A_PAGE_DOWN, pan_vertically },
    { A_CHANNEL, channel }, { A_CLICK, click },
    { A_EXPLAIN, explain_or_check }, { A_GRADCHECK, explain_or_check },
    { A_COMMAND_LINE, command_line }, { A_HELP, help }, { A_PAINT, paint },
    { A_QUIT, quit },
    { A_NONE, NULL },
};
