/* views.c: drawing the debugger into a Canvas. Pure: the same engine position
 * and view state always give the same cells.
 * Must not: include curses.h, do I/O, or change the engine. */
#include "views.h"

#include "../debugger/engine_query.h"
#include "../debugger/training.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../debugger/expr.h"
#include "../debugger/format.h"
#include "../debugger/notation.h"
#include "../debugger/values.h"
#include "keys.h"
#include "view_internal.h"

/* ---- drawing ---------------------------------------------------------- */

static bool has_break(const Engine *e, int k)
{
    for (int i = 0; i < e->nbreaks; i++) {
        if (engine_break_matches(e, &e->breaks[i], k)) {
            return true;
        }
    }
    return false;
}

static void draw_program(Canvas *c, const Engine *e, const ViewState *vs, const Layout *lay)
{
    Rect r = lay->prog;
    canvas_box(c, r.x, r.y, r.w, r.h, "program", STYLE_DIM, vs->unicode);
    int cursor = view_focus_op(e, vs);
    for (int row = 0; row < r.h - 2; row++) {
        int k = lay->first_op + row;
        int y = r.y + 1 + row;
        if (k > e->nops) {
            break;
        }
        char line[64];
        if (k == e->nops) {
            snprintf(line, sizeof line, "%s    (end)", e->pos == e->nops ? (vs->unicode ? "\u25b6" : ">") : " ");
            canvas_text(c, r.x + 2, y, line, e->pos == e->nops ? STYLE_CURRENT : STYLE_DIM, r.w - 3);
            continue;
        }
        const char *bp = has_break(e, k) ? (vs->unicode ? "\u25cf" : "*") : " ";
        const char *here = k == e->pos ? (vs->unicode ? "\u25b6" : ">") : " ";
        snprintf(line, sizeof line, "%s%s%3d %s", bp, here, k + 1, e->ops[k].name);
        Style st = k < e->pos ? STYLE_NORMAL : STYLE_DIM;
        if (k == e->pos) {
            st = STYLE_CURRENT;
        }
        if (k == cursor) {
            canvas_fill(c, r.x + 1, y, r.w - 2, 1, ' ', STYLE_SELECTED);
            st = STYLE_SELECTED;
        }
        canvas_text(c, r.x + 1, y, line, st, r.w - 2);
        if (bp[0] != ' ') {
            canvas_set_style(c, r.x + 1, y, 1, STYLE_BREAK);
        }
    }
}

/* The position strip (a lesson below 120 columns): the focused op, its
 * phase and layer, and the program as a row of marks, one per op (done,
 * the next, to come). */
static void draw_strip(Canvas *c, const Engine *e, const ViewState *vs, Rect r)
{
    int k = view_focus_op(e, vs);
    static const char *const phases[] = { "forward", "loss", "backward" };
    const Op *op = &e->ops[k];
    char text[160];
    const char *when = k < e->pos ? "done" : k == e->pos ? "runs next" : "to come";
    if (op->layer > 0 && op->phase != PHASE_LOSS) {
        snprintf(text, sizeof text, " op %d of %d: %s  (%s, layer %d; %s)", k + 1, e->nops, op->name,
                 phases[op->phase], op->layer, when);
    } else {
        snprintf(text, sizeof text, " op %d of %d: %s  (%s; %s)", k + 1, e->nops, op->name, phases[op->phase], when);
    }
    canvas_fill(c, r.x, r.y, r.w, 1, ' ', STYLE_NORMAL);
    int used = canvas_text(c, r.x, r.y, text, STYLE_CURRENT, r.w);
    int room = r.w - used - 3;
    if (room < e->nops || e->nops <= 0) {
        return;
    }
    int x = r.x + r.w - e->nops - 1;
    for (int i = 0; i < e->nops; i++) {
        const char *mark = i < e->pos ? (vs->unicode ? "\u25aa" : "#") : i == e->pos ? (vs->unicode ? "\u25b6" : ">")
                                                                                 : (vs->unicode ? "\u00b7" : ".");
        Style st = i == k ? STYLE_SELECTED : i < e->pos ? STYLE_NORMAL : STYLE_DIM;
        canvas_text(c, x + i, r.y, mark, st, 1);
    }
}

static void draw_equation(Canvas *c, const Engine *e, const ViewState *vs, const Layout *lay)
{
    Rect r = lay->eq;
    int k = view_focus_op(e, vs);
    const Op *op = &e->ops[k];
    char title[80];
    snprintf(title, sizeof title, "%d %s%s%s%s", k + 1, op->name, k < e->pos ? " (done)" : "",
             op->eqno[0] ? "  eq. " : "", op->eqno);
    canvas_box(c, r.x, r.y, r.w, r.h, title, STYLE_DIM, vs->unicode);
    char text[1024];
    view_equation_text(e, vs, k, text, sizeof text);
    const Wrapped *w = view_wrap(text, r.w - 4);
    int n = w->n;
    for (int i = 0; i < n && i < r.h - 2; i++) {
        canvas_text(c, r.x + 2, r.y + 1 + i, w->lines[i], STYLE_EQUATION, r.w - 4);
    }
}

static void draw_matrices(Canvas *c, const Engine *e, const ViewState *vs, const Layout *lay)
{
    Rect r = lay->mats;
    char title[64];
    bool maps = false; /* the channel label only where a feature map is shown (not on FC layers) */
    for (int i = 0; i < lay->nitems; i++) {
        maps = maps || lay->items[i].value == ENGINE_ITEM_PPOOL ||
               (lay->items[i].value >= 0 && values_channels(e, lay->items[i].value) > 0);
    }
    if (vs->channel > 0 && maps) {
        snprintf(title, sizeof title, "values  (channel %d)", vs->channel);
    } else {
        snprintf(title, sizeof title, "values");
    }
    canvas_box(c, r.x, r.y, r.w, r.h, title, STYLE_DIM, vs->unicode);
    int k = view_focus_op(e, vs);
    int focus = view_clamp(vs->focus, 0, lay->nitems - 1);
    if (lay->single) {
        char list[256] = "";
        for (int i = 0; i < lay->nitems; i++) {
            char part[40];
            snprintf(part, sizeof part, "%s%s%s", i == focus ? "[" : "", lay->items[i].name, i == focus ? "] " : " ");
            strncat(list, part, sizeof list - strlen(list) - 1);
        }
        canvas_text(c, r.x + 2, r.y + 1, list, STYLE_DIM, r.w - 4);
    }
    for (int i = 0; i < lay->nitems; i++) {
        if (lay->item[i].w == 0) {
            continue;
        }
        OpItem it = lay->items[i];
        it.written = it.written && k < e->pos;
        Shown s = view_shown_get(e, vs, k, &it);
        view_draw_item(c, vs, lay->item[i], &s, i == focus);
        view_shown_release(&s);
    }
}

static void draw_console(Canvas *c, const ViewState *vs, const Layout *lay)
{
    Rect r = lay->console;
    char title[64];
    snprintf(title, sizeof title, vs->console_back > 0 ? "output (%d lines back; > returns)" : "output", vs->console_back);
    canvas_box(c, r.x, r.y, r.w, r.h, title, STYLE_DIM, vs->unicode);
    if (vs->console == NULL || r.w <= 4 || r.h <= 2) {
        return;
    }
    /* the last lines that fit, console_back lines earlier (< and > scroll);
     * only the output's tail is wrapped, so a long session never fills the
     * wrapping's WRAP_MAX_LINES and freezes the pane on old lines */
    int want = r.h - 2 + vs->console_back + 1, seen = 0;
    const char *tail = vs->console + strlen(vs->console);
    while (tail > vs->console && seen <= want) {
        tail--;
        seen += *tail == '\n';
    }
    tail += *tail == '\n';
    const Wrapped *w = view_wrap(tail, r.w - 4);
    while (w->n >= WRAP_MAX_LINES) { /* still too long: from the first line after its middle */
        const char *later = strchr(tail + strlen(tail) / 2, '\n');
        if (later == NULL || later[1] == '\0') {
            break;
        }
        tail = later + 1;
        w = view_wrap(tail, r.w - 4);
    }
    int rows = r.h - 2;
    int first = view_clamp(w->n - rows - vs->console_back, 0, w->n > rows ? w->n - rows : 0);
    for (int i = 0; i < rows && first + i < w->n; i++) {
        canvas_text(c, r.x + 2, r.y + 1 + i, w->lines[first + i], STYLE_NORMAL, r.w - 4);
    }
}

/* The narration, scrolled by narration_scroll lines when it is longer than
 * its box; the box's title says which lines show and how to see the rest. */
static void draw_narration(Canvas *c, const ViewState *vs, const Layout *lay)
{
    Rect r = lay->watch;
    const Wrapped *w = view_wrap(vs->narration, r.w - 4);
    int rows = r.h - 2, n = w->n;
    /* a question's paragraph may start the box with rows to spare below it
     * (view_narration_end_scroll), so the scroll goes up to the last line */
    int first = view_clamp(vs->narration_scroll, 0, n > rows ? n - 1 : 0);
    int last = first + rows < n ? first + rows : n;
    char title[80] = "narration";
    if (n > rows) {
        snprintf(title, sizeof title, "narration %d-%d/%d %s", first + 1, last, n, first + rows < n ? "PgDn" : "PgUp");
    }
    canvas_box(c, r.x, r.y, r.w, r.h, title, first + rows < n ? STYLE_CURRENT : STYLE_DIM, vs->unicode);
    for (int i = 0; i < rows && first + i < n; i++) {
        canvas_text(c, r.x + 2, r.y + 1 + i, w->lines[first + i], STYLE_NARRATION, r.w - 4);
    }
}

/* What covers the screen: the training pane, the result, the key help. */
static void draw_overlays(Canvas *c, const Engine *e, const ViewState *vs)
{
    TrainProgress tp;
    if ((vs->overlay == OVERLAY_TRAINING) && training_progress(e, &tp)) {
        int w = c->width - 4 < 110 ? c->width - 4 : 110, h = c->height - 4 < 26 ? c->height - 4 : 26;
        if (vs->train_progress != NULL) { /* the counters of the command running; the curve is the session's */
            const TrainProgress *live = vs->train_progress;
            tp.what = live->what;
            tp.step = live->step;
            tp.steps = live->steps;
            tp.images = live->images;
            tp.total = live->total;
            tp.loss = live->loss;
            tp.accuracy = live->accuracy;
            tp.epoch = live->epoch;
            tp.done = live->done;
        }
        TrainSummary last[2];
        (void)training_last(e, &last[0], &last[1]);
        view_train_draw(c, (c->width - w) / 2, (c->height - h) / 2, w, h, &tp,
                        vs->train_rate != NULL ? vs->train_rate : "", vs->unicode,
                        vs->train_progress == NULL ? last : NULL);
    }
    if (vs->overlay == OVERLAY_RESULT) {
        Rect r = view_result_overlay_rect(c->width, c->height);
        canvas_fill(c, r.x, r.y, r.w, r.h, ' ', STYLE_NORMAL);
        view_draw_result(c, vs, r);
    }
    if ((vs->overlay == OVERLAY_HELP)) {
        view_draw_help(c, vs);
    }
}

void view_draw(Canvas *c, const Engine *e, const ViewState *vs)
{
    canvas_clear(c);
    if (c->width < VIEW_MIN_WIDTH || c->height < VIEW_MIN_HEIGHT) {
        char msg[128];
        snprintf(msg, sizeof msg, "bpstep needs at least %dx%d;", VIEW_MIN_WIDTH, VIEW_MIN_HEIGHT);
        canvas_text(c, 0, c->height / 2 - 1, msg, STYLE_ERROR, c->width);
        snprintf(msg, sizeof msg, "this terminal is %dx%d.", c->width, c->height);
        canvas_text(c, 0, c->height / 2, msg, STYLE_ERROR, c->width);
        canvas_text(c, 0, c->height / 2 + 1, "Please enlarge it (q quits).", STYLE_NORMAL, c->width);
        return;
    }
    Layout lay;
    view_layout(e, vs, c->width, c->height, &lay);
    view_draw_title(c, e, vs);
    if (lay.prog.w > 0) {
        draw_program(c, e, vs, &lay);
    }
    if (lay.strip.h > 0) {
        draw_strip(c, e, vs, lay.strip);
    }
    if (lay.eq.h > 0) {
        draw_equation(c, e, vs, &lay);
    }
    if (vs->pane == PANE_COMPARE) {
        view_draw_compare(c, e, vs, lay.mats);
    } else if (vs->pane == PANE_GRID) {
        view_draw_grid(c, e, vs, lay.mats);
    } else {
        if (lay.res.h > 0) {
            view_draw_result(c, vs, lay.res);
        }
        if (lay.mats.h > 0) {
            draw_matrices(c, e, vs, &lay);
        }
    }
    if (lay.watch.h > 0 && vs->narration != NULL) {
        draw_narration(c, vs, &lay);
    } else if (lay.watch.h > 0) {
        view_draw_watches(c, e, vs, lay.watch);
    }
    if (lay.console.h > 0) {
        draw_console(c, vs, &lay);
    }
    view_draw_bottom(c, e, vs);
    if ((view_base_mode(vs) == MODE_PAINT)) {
        view_paint_draw(c, e, vs);
    }
    draw_overlays(c, e, vs);
}
