/* tui_result.c: the result view's keys: `o` puts the last result in the
 * main area (or the values back), `O` shows it over the screen, and there
 * the keys of KEYS_RESULT scroll and pan it; `<` `>` and H L act on it
 * while it is in the main area (tui_actions.c asks tui_result_scroll).
 * Must not: read the network, or look into the result's text for words. */
#include "tui_internal.h"

static bool has_result(Tui *t)
{
    if (t->vs.result == NULL || t->vs.result->nblocks == 0) {
        tui_say(t, false, "no result yet: the output of print, explain, compare, info ... shows here");
        return false;
    }
    return true;
}

static bool result_toggle(Tui *t, const KeyEvent *ev)
{
    (void)ev;
    if (has_result(t)) {
        bool on_screen = view_result_on_screen(tui_engine(t), &t->vs, t->width, t->height);
        t->vs.result_shown = !on_screen; /* o always shows it when it is not on screen */
        t->vs.result_yields = false;
        t->vs.pane = PANE_VALUES;
    }
    return true;
}

static bool result_full(Tui *t, const KeyEvent *ev)
{
    (void)ev;
    if (has_result(t)) {
        t->vs.overlay = OVERLAY_RESULT;
    }
    return true;
}

bool tui_result_scroll(Tui *t, int rows, int columns)
{
    ViewState *vs = &t->vs;
    if (vs->result == NULL || !(vs->overlay == OVERLAY_RESULT || (vs->result_shown && vs->pane == PANE_VALUES))) {
        return false;
    }
    int page = 0, most = view_result_scroll_max(tui_engine(t), vs, t->width, t->height, &page);
    int by = rows == 1 || rows == -1 ? rows : rows * (page > 1 ? page - 1 : 1); /* +-2: a page */
    vs->result_scroll = view_clamp(vs->result_scroll + by, 0, most);
    vs->result_pan = view_clamp(vs->result_pan + columns, 0, 4000);
    return true;
}

static bool result_move(Tui *t, const KeyEvent *ev)
{
    (void)ev;
    const KeyBinding *kb = keys_find(KEYS_RESULT, ev);
    Action a = kb != NULL ? kb->action : A_NONE;
    int rows = a == A_RESULT_DOWN ? 1 : a == A_RESULT_UP ? -1 : a == A_RESULT_PAGE_DOWN ? 2 : a == A_RESULT_PAGE_UP ? -2 : 0;
    int cols = a == A_RESULT_RIGHT ? 8 : a == A_RESULT_LEFT ? -8 : 0;
    (void)tui_result_scroll(t, rows, cols);
    return true;
}

static bool result_close(Tui *t, const KeyEvent *ev)
{
    (void)ev;
    t->vs.overlay = OVERLAY_NONE;
    return true;
}

const ActionEntry TUI_RESULT_ACTIONS[] = {
    { A_RESULT_TOGGLE, result_toggle }, { A_RESULT_FULL, result_full },
    { A_RESULT_UP, result_move }, { A_RESULT_DOWN, result_move },
    { A_RESULT_PAGE_UP, result_move }, { A_RESULT_PAGE_DOWN, result_move },
    { A_RESULT_LEFT, result_move }, { A_RESULT_RIGHT, result_move },
    { A_OVERLAY_CLOSE, result_close },
    { A_NONE, NULL },
};
