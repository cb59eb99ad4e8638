/* view_watch.c: the watches pane: the loss, and each `display` expression
 * evaluated at the position.
 * Must not: include curses.h, or change the engine. */
#include "view_internal.h"

#include <stdio.h>
#include <string.h>

#include "../debugger/expr.h"
#include "../debugger/format.h"
#include "../debugger/values.h"

void view_draw_watches(Canvas *c, const Engine *e, const ViewState *vs, Rect r)
{
    canvas_box(c, r.x, r.y, r.w, r.h, "watches", STYLE_DIM, vs->unicode);
    int y = r.y + 1;
    char line[256], num[64];
    double loss;
    if (engine_loss(e, &loss)) {
        fmt_number(num, sizeof num, loss, -1);
        snprintf(line, sizeof line, "loss = %s", num);
    } else {
        snprintf(line, sizeof line, r.w >= 26 ? "loss: not yet computed" : "loss: --");
    }
    canvas_text_cut(c, r.x + 2, y++, line, STYLE_NORMAL, r.w - 4, vs->unicode);
    for (int i = 0; i < e->ndisplays && y < r.y + r.h - 1; i++) {
        snprintf(line, sizeof line, "%d: %s = ", e->displays[i].id, e->displays[i].expr);
        int n = canvas_text(c, r.x + 2, y, line, STYLE_HEADER, r.w - 4);
        StrBuf sb;
        sb_init(&sb);
        ExprResult res;
        Diag d = { 0 };
        if (expr_eval(e, e->displays[i].expr, 0, &res, &d) == 0) {
            fmt_compact(&sb, &res.m, 8);
            value_release(&res.m);
        } else {
            sb_append(&sb, d.kind == DIAG_NOT_COMPUTED ? "not computed yet" : d.msg);
        }
        canvas_text_cut(c, r.x + 2 + n, y++, sb_str(&sb), STYLE_NORMAL, r.w - 4 - n, vs->unicode);
        sb_release(&sb);
    }
}
