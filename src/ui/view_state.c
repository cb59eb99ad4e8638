/* view_state.c: the ViewState's defaults and the small answers every view
 * file shares (the one clamp, the focused op, the op's items).
 * Must not: include curses.h, draw, or call the other view files (they
 * call this one: no circle). */
#include "view_internal.h"

#include <string.h>

void view_state_init(ViewState *vs)
{
    memset(vs, 0, sizeof *vs);
    vs->decimals = -1;
    vs->cmp_row = vs->cmp_col = -1;
    vs->unicode = true;
    vs->colour = true;
    vs->images = true;
    vs->keys.modes[0] = KEYS_FREE;
    vs->keys.n = 1;
}

ViewMode view_base_mode(const ViewState *vs)
{
    return view_typing(vs) ? vs->line_from : vs->mode;
}

bool view_typing(const ViewState *vs)
{
    return vs->mode == MODE_COMMAND || vs->mode == MODE_QUESTION;
}

int view_clamp(int v, int lo, int hi)
{
    return v < lo ? lo : v > hi ? hi : v;
}

int view_focus_op(const Engine *e, const ViewState *vs)
{
    return view_clamp(vs->cursor, 0, e->nops - 1);
}

int view_items(const Engine *e, int k, OpItem items[], int max)
{
    return engine_op_items(e, k, items, max);
}
