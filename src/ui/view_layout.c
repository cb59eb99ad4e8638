/* view_layout.c: where everything goes on the screen (the Layout): the
 * program pane or the position strip, the equation, the values packed on
 * shelves, the result view, the narration or the watches and the output;
 * and the questions answered from it (clicks, the narration's and the
 * result's sizes). Pure, as views.c.
 * Must not: include curses.h, do I/O, or change the engine. */
#include "views.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../debugger/engine_query.h"
#include "../debugger/notation.h"
#include "../debugger/values.h"
#include "view_internal.h"

static void render_markup(const ViewState *vs, const char *markup, char *out, size_t size)
{
    notation_render(markup, vs->unicode ? NOTE_UNICODE : NOTE_ASCII, out, size);
}

/* The equation rendered, one line per ";  "-separated part. */
void view_equation_text(const Engine *e, const ViewState *vs, int k, char *out, size_t size)
{
    char eq[1024];
    render_markup(vs, e->ops[k].equation, eq, sizeof eq);
    size_t o = 0;
    for (const char *p = eq; *p != '\0' && o + 1 < size; p++) {
        if (strncmp(p, ";  ", 3) == 0) {
            out[o++] = '\n';
            p += 2;
        } else {
            out[o++] = *p;
        }
    }
    out[o] = '\0';
}

static int equation_lines(const Engine *e, const ViewState *vs, int width)
{
    char text[1024];
    view_equation_text(e, vs, view_focus_op(e, vs), text, sizeof text);
    return view_wrap(text, width)->n;
}



/* A matrix as shown: the value (or channel), its label and per-entry styles. */
/* First-fit shelf packing of the items in the given order: each goes under
 * an item of a shelf when the shelf's height leaves room (a column of small
 * values beside a tall one), else beside them, else on a new shelf. False
 * when they do not fit. */
static bool pack(Layout *lay, Rect in, const int *w, const int *h, const int *order)
{
    int shelf_y[VIEW_MAX_ITEMS], shelf_h[VIEW_MAX_ITEMS], shelf_x[VIEW_MAX_ITEMS];
    int col_x[VIEW_MAX_ITEMS][VIEW_MAX_ITEMS], col_w[VIEW_MAX_ITEMS][VIEW_MAX_ITEMS];
    int col_used[VIEW_MAX_ITEMS][VIEW_MAX_ITEMS], ncols[VIEW_MAX_ITEMS];
    int nshelves = 0;
    for (int n = 0; n < lay->nitems; n++) {
        int i = order[n];
        bool placed = false;
        for (int s = 0; s < nshelves && !placed; s++) {
            for (int c = 0; c < ncols[s] && !placed; c++) { /* under a column's items */
                if (w[i] <= col_w[s][c] && col_used[s][c] + h[i] <= shelf_h[s]) {
                    lay->item[i] = (Rect){ col_x[s][c], shelf_y[s] + col_used[s][c], w[i], h[i] };
                    col_used[s][c] += h[i];
                    placed = true;
                }
            }
            bool last = s == nshelves - 1;
            bool fits_h = h[i] <= shelf_h[s] || (last && shelf_y[s] + h[i] <= in.y + in.h);
            if (!placed && shelf_x[s] + w[i] <= in.x + in.w && fits_h) { /* beside them */
                lay->item[i] = (Rect){ shelf_x[s], shelf_y[s], w[i], h[i] };
                col_x[s][ncols[s]] = shelf_x[s];
                col_w[s][ncols[s]] = w[i];
                col_used[s][ncols[s]++] = h[i];
                shelf_x[s] += w[i] + 1;
                shelf_h[s] = h[i] > shelf_h[s] ? h[i] : shelf_h[s];
                placed = true;
            }
        }
        if (placed) {
            continue;
        }
        int y = nshelves == 0 ? in.y : shelf_y[nshelves - 1] + shelf_h[nshelves - 1];
        if (w[i] > in.w || y + h[i] > in.y + in.h) {
            return false;
        }
        int s = nshelves++;
        shelf_y[s] = y;
        shelf_h[s] = h[i];
        shelf_x[s] = in.x + w[i] + 1;
        ncols[s] = 1;
        col_x[s][0] = in.x;
        col_w[s][0] = w[i];
        col_used[s][0] = h[i];
        lay->item[i] = (Rect){ in.x, y, w[i], h[i] };
    }
    return true;
}

static void place_items(const Engine *e, const ViewState *vs, int k, Layout *lay);

static void layout_items(const Engine *e, const ViewState *vs, Layout *lay)
{
    int k = view_focus_op(e, vs);
    int first = 0;
    if (vs->answer != NULL) { /* a wrong derive answer first, its differences marked */
        lay->items[first++] = (OpItem){ VIEW_ITEM_ANSWER, 0, false, "" };
    }
    int hl = first;
    if (vs->highlight[0] != '\0') {
        /* a lesson's highlight goes next: a value by its id, else an expression */
        OpItem *h = &lay->items[first];
        *h = (OpItem){ VIEW_ITEM_EXPR, 0, false, "" };
        snprintf(h->name, sizeof h->name, "%.*s", (int)sizeof h->name - 1, vs->highlight); /* names are short */
        if (strpbrk(vs->highlight, "[(") == NULL) {
            h->value = values_find(e, vs->highlight, &h->layer);
        }
        first++;
    }
    lay->nitems = first + view_items(e, k, lay->items + first, VIEW_MAX_ITEMS - first);

    char as_shown[40] = "";
    if (vs->channel > 0) { /* with a channel chosen, the op's items show as NAME[c] */
        snprintf(as_shown, sizeof as_shown, "[%d]", vs->channel);
    }
    for (int i = first; i < lay->nitems && first > hl; i++) {
        char named[64];
        snprintf(named, sizeof named, "%s%s", lay->items[i].name, as_shown);
        if (strcmp(lay->items[i].name, lay->items[hl].name) == 0 || strcmp(named, lay->items[hl].name) == 0) {
            /* shown once, first, as the op shows it (with its pooling colours) */
            lay->items[hl] = lay->items[i];
            memmove(&lay->items[i], &lay->items[i + 1], (size_t)(lay->nitems - i - 1) * sizeof lay->items[0]);
            lay->nitems--;
            break;
        }
    }
    int own = lay->nitems;
    lay->nitems = engine_op_extras(e, k, vs->channel, lay->items, lay->nitems, VIEW_MAX_ITEMS);
    place_items(e, vs, k, lay);
    if (lay->single && lay->nitems > own) { /* the op's own values first: without the extras */
        lay->nitems = own;
        place_items(e, vs, k, lay);
    }
}

/* Places lay->items in the values pane (lay->item), whole when they fit,
 * else shortened, else one at a time (lay->single). */
/* Images shrink as images: averaged f x f (f = 2..8), whole, before anything
 * is cut. Sizes of the other values as given. True when they fit. */
static bool pack_images_smaller(Layout *lay, Rect in, const int *w, const int *h, const int *rows, const int *cols,
                                const int *order)
{
    for (int f = 2; f <= 8; f++) {
        int fw[VIEW_MAX_ITEMS], fh[VIEW_MAX_ITEMS];
        for (int i = 0; i < lay->nitems; i++) {
            int lines = ((rows[i] + f - 1) / f + 1) / 2 + 2, width = (cols[i] + f - 1) / f + 3;
            bool image = rows[i] > 0 && lines < h[i];
            fw[i] = image ? (width > 24 ? width : 24) : w[i]; /* room for the header */
            fh[i] = image ? lines : h[i];
            fw[i] = fw[i] > in.w ? in.w : fw[i];
        }
        if (pack(lay, in, fw, fh, order)) {
            return true;
        }
    }
    return false;
}

/* The order of the items when they do not all fit: written, then wider. */
static bool before(const Layout *lay, const int *w, int i, int j)
{
    if (lay->items[i].written != lay->items[j].written) {
        return lay->items[i].written;
    }
    return w[i] > w[j];
}

static void place_items(const Engine *e, const ViewState *vs, int k, Layout *lay)
{
    Rect in = { lay->mats.x + 1, lay->mats.y + 1, lay->mats.w - 2, lay->mats.h - 2 };
    int w[VIEW_MAX_ITEMS] = { 0 }, h[VIEW_MAX_ITEMS] = { 0 }, order[VIEW_MAX_ITEMS] = { 0 };
    int rows[VIEW_MAX_ITEMS] = { 0 }, cols[VIEW_MAX_ITEMS] = { 0 };
    for (int i = 0; i < lay->nitems; i++) {
        Shown s = view_shown_get(e, vs, k, &lay->items[i]);
        view_natural_size(&s, vs, &w[i], &h[i]);
        rows[i] = s.ok ? s.m.rows : 0;
        cols[i] = s.ok ? s.m.cols : 0;
        view_shown_release(&s);
        order[i] = i;
    }
    /* the op's own order (reads, then writes) when it fits; else what the op
     * wrote first (what it is about), then widest first */
    lay->single = !pack(lay, in, w, h, order);
    if (lay->single) {
        for (int a = 1; a < lay->nitems; a++) {
            for (int b = a; b > 0 && before(lay, w, order[b], order[b - 1]); b--) {
                int t = order[b];
                order[b] = order[b - 1];
                order[b - 1] = t;
            }
        }
        lay->single = !pack(lay, in, w, h, order);
    }
    bool wide[VIEW_MAX_ITEMS] = { false };
    for (int i = 0; i < lay->nitems; i++) {
        wide[i] = w[i] > in.w;
    }
    for (int tries = 0; lay->single && tries < 3; tries++) {
        /* rather than one value at a time: the big ones clipped (they show
         * which rows and columns, and pan when focused), the others whole;
         * first only the values too wide to fit are made shorter */
        if (tries == 1 && (vs->look == LOOK_IMAGE) && pack_images_smaller(lay, in, w, h, rows, cols, order)) {
            lay->single = false;
            break;
        }
        int cap_h = tries < 2 ? in.h / 2 : in.h / 3;
        for (int i = 0; i < lay->nitems; i++) {
            if (w[i] > in.w) {
                w[i] = in.w;
                h[i] += 1; /* a clipped matrix says which rows and columns it shows */
            }
            if (tries == 0 && !wide[i] && h[i] > in.h) { /* too tall only: as many rows as there are */
                h[i] = in.h;
            } else if (tries > 0 || wide[i]) {
                h[i] = h[i] > cap_h ? (cap_h > 4 ? cap_h : 4) : h[i];
            }
        }
        lay->single = !pack(lay, in, w, h, order);
    }
    if (lay->single) {
        for (int i = 0; i < lay->nitems; i++) {
            lay->item[i] = (Rect){ 0, 0, 0, 0 };
        }
        int f = view_clamp(vs->focus, 0, lay->nitems - 1);
        lay->item[f] = (Rect){ in.x, in.y + 1, in.w, in.h - 1 };
    }
}


/* The rows the values pane needs, box included, w columns wide, to show
 * every item whole (a trial packing without a height limit); TRIAL_ROWS
 * when they never fit whole. */
enum { TRIAL_ROWS = 200 };

static int values_rows_needed(const Engine *e, const ViewState *vs, int w)
{
    Layout trial;
    memset(&trial, 0, sizeof trial);
    trial.mats = (Rect){ 0, 0, w, TRIAL_ROWS };
    layout_items(e, vs, &trial);
    if (trial.single) {
        return TRIAL_ROWS;
    }
    int bottom = 0;
    for (int i = 0; i < trial.nitems; i++) {
        int b = trial.item[i].y + trial.item[i].h;
        bottom = b > bottom ? b : bottom;
    }
    return bottom + 1;
}

/* The narration box's height: what its lines need, from 3 rows up to most
 * (or more when the main area can spare them). */
static int narration_height(const ViewState *vs, int width, int most)
{
    if (vs->narration == NULL || vs->narration[0] == '\0') {
        return 0;
    }
    int lines = view_wrap(vs->narration, width - 4)->n + 2;
    return view_clamp(lines, 3, most > 3 ? most : 3);
}

/* A lesson, below STRIP_BELOW columns: the program pane becomes the one-line
 * position strip and everything else gets the full width (issue 23: the
 * narration at least 60 columns at 80x24). The same holds for compare and
 * the result view in free mode. */
enum { STRIP_BELOW = 120 };

/* The result takes the main area; a short one leaves the values the rows
 * under it when they show whole there, with the position strip above it. */
static void split_result(const Engine *e, const ViewState *vs, Layout *lay, int width)
{
    Rect m = lay->mats;
    int need = view_result_rows(vs->result, m.w - 4, FIT_WHOLE) + 2;
    int strip = lay->in_strip ? 1 : 0;
    if (m.h - need - strip < values_rows_needed(e, vs, m.w) && vs->result_yields) {
        lay->result = false; /* the values the lesson points at first; o shows the result */
        return;
    }
    if (m.h - need - strip < values_rows_needed(e, vs, m.w)) {
        lay->res = m;
        lay->mats = (Rect){ m.x, m.y, m.w, 0 };
        return;
    }
    if (strip) {
        lay->strip = (Rect){ 0, m.y, width, 1 };
    }
    lay->res = (Rect){ m.x, m.y + strip, m.w, need };
    lay->mats = (Rect){ m.x, m.y + strip + need, m.w, m.h - strip - need };
}

/* A lesson's narration box height. The values keep what they need to show
 * whole (a 4x4 is never cut), the narration at least 5 rows; compare and a
 * result leave it a third. For a big value (a 28 x 28 at 1:1) the equation
 * box goes first, then the strip (the title bar has the position): body
 * and *eq_h say what is left. */
static int lesson_narration_rows(const Engine *e, const ViewState *vs, Layout *lay, int rw, bool wide_main, Rect *body,
                                 int *eq_h)
{
    int avail = body->h - *eq_h, most = avail / 3;
    if (!wide_main) {
        int need = values_rows_needed(e, vs, rw);
        if (lay->in_strip && need + 5 > avail && *eq_h > 0) {
            avail += *eq_h;
            *eq_h = 0;
            lay->eq.h = 0;
        }
        if (lay->in_strip && need + 5 > avail && lay->strip.h > 0) {
            lay->strip.h = 0;
            body->y--;
            body->h++;
            avail++;
        }
        /* the narration keeps 5 rows, 3 (a line and PgDn) before a value is cut */
        most = avail - need >= 3 ? avail - need : 5;
        if (vs->mode == MODE_QUESTION && most < avail / 2) { /* a question's facts are in the narration */
            most = avail / 2;
        }
    }
    if (lay->result && !vs->result_yields) { /* a short result leaves the narration more */
        int need = view_result_rows(vs->result, rw - 4, FIT_SQUEEZED) + 2;
        most = avail - need > most ? avail - need : most;
    }
    return narration_height(vs, rw, most);
}

void view_layout(const Engine *e, const ViewState *vs, int width, int height, Layout *lay)
{
    memset(lay, 0, sizeof *lay);
    int body_y = 1, body_h = height - 3;
    bool lesson = vs->narration != NULL;
    lay->result = vs->result_shown && vs->result != NULL && vs->result->nblocks > 0 && vs->pane == PANE_VALUES;
    /* a result that yields to the values is laid out as values, and shown
     * above them only when both fit (split_result) */
    bool wide_main = (lay->result && !vs->result_yields) || vs->pane == PANE_COMPARE;
    lay->in_strip = width < STRIP_BELOW && (lesson || wide_main);
    int prog_w = view_clamp(width / 4, 26, 34);
    if (lay->result && !vs->result_yields && view_result_widest(vs->result) > width - prog_w - 4) {
        lay->in_strip = true; /* a result as wide as the screen (compare slides' rows) gets all of it */
    }
    int rx = 0, rw = width;
    if (lay->in_strip) {
        if (!(lay->result && !vs->result_yields)) { /* a result takes the rows: the title bar says where */
            lay->strip = (Rect){ 0, body_y, width, 1 };
            body_y++;
            body_h--;
        }
    } else {
        lay->prog = (Rect){ 0, body_y, prog_w, body_h };
        rx = prog_w;
        rw = width - prog_w;
    }
    int eq_h = view_clamp(equation_lines(e, vs, rw - 4), 1, 4) + 2;
    if (lay->in_strip && wide_main) {
        eq_h = 0; /* compare draws its equations; a result is what the screen is about */
    }
    lay->eq = (Rect){ rx, body_y, rw, eq_h };
    int avail = body_h - eq_h, low_h, watch_w = rw;
    Rect body = { 0, body_y, width, body_h };
    if (lesson) { /* the narration, full width; the loss is in the title bar */
        low_h = lesson_narration_rows(e, vs, lay, rw, wide_main, &body, &eq_h);
        body_y = body.y;
        body_h = body.h;
        avail = body_h - eq_h;
    } else {
        low_h = wide_main || vs->pane == PANE_GRID ? 0 : view_clamp(body_h / 4, 5, 12);
        watch_w = rw * 2 / 5;
    }
    lay->watch = (Rect){ rx, body_y + body_h - low_h, watch_w, low_h };
    lay->console = (Rect){ rx + watch_w, body_y + body_h - low_h, rw - watch_w, lesson ? 0 : low_h };
    lay->mats = (Rect){ rx, body_y + eq_h, rw, avail - low_h };
    if (lay->result) {
        split_result(e, vs, lay, width);
    }
    int visible = lay->prog.h - 2;
    int cursor = view_focus_op(e, vs);
    lay->first_op = view_clamp(cursor - visible / 2, 0, e->nops + 1 - visible > 0 ? e->nops + 1 - visible : 0);
    layout_items(e, vs, lay);
}

int view_narration_end_scroll(const Engine *e, const ViewState *vs, int width, int height)
{
    int lines = 0, rows = 0;
    if (!view_narration_size(e, vs, width, height, &lines, &rows) || lines <= rows) {
        return 0;
    }
    Layout lay;
    view_layout(e, vs, width, height, &lay);
    /* the wrapped line where each of its lines (a say, the question) starts:
     * the first from which the rest fits */
    int start = 0;
    for (const char *p = vs->narration; *p != '\0';) {
        if (lines - start <= rows) { /* a line's start, unless that leaves more than a row empty */
            return start - (lines - rows) <= 1 ? start : lines - rows;
        }
        const char *nl = strchr(p, '\n');
        size_t len = nl != NULL ? (size_t)(nl - p) : strlen(p);
        char piece[WRAP_LINE_BYTES * 4];
        snprintf(piece, sizeof piece, "%.*s", (int)(len < sizeof piece ? len : sizeof piece - 1), p);
        int n = view_wrap(piece, lay.watch.w - 4)->n;
        start += n > 0 ? n : 1; /* an empty line is one line */
        p = nl != NULL ? nl + 1 : p + len;
    }
    return lines - rows; /* the last paragraph alone is taller: its end */
}

bool view_narration_size(const Engine *e, const ViewState *vs, int width, int height, int *lines, int *rows)
{
    *lines = 0;
    *rows = 0;
    if (width < VIEW_MIN_WIDTH || height < VIEW_MIN_HEIGHT || vs->narration == NULL || vs->narration[0] == '\0') {
        return false;
    }
    Layout lay;
    view_layout(e, vs, width, height, &lay);
    *lines = view_wrap(vs->narration, lay.watch.w - 4)->n;
    *rows = lay.watch.h - 2 > 0 ? lay.watch.h - 2 : 0;
    return true;
}

/* The result over the screen (O): the body's rows, the whole width. */
Rect view_result_overlay_rect(int width, int height)
{
    return (Rect){ 0, 1, width, height - 3 };
}

bool view_result_on_screen(const Engine *e, const ViewState *vs, int width, int height)
{
    if (width < VIEW_MIN_WIDTH || height < VIEW_MIN_HEIGHT) {
        return false;
    }
    Layout lay;
    view_layout(e, vs, width, height, &lay);
    return lay.result && lay.res.h > 0;
}

int view_result_scroll_max(const Engine *e, const ViewState *vs, int width, int height, int *page)
{
    *page = 0;
    if (vs->result == NULL || width < VIEW_MIN_WIDTH || height < VIEW_MIN_HEIGHT) {
        return 0;
    }
    Rect r = view_result_overlay_rect(width, height);
    if (vs->overlay != OVERLAY_RESULT) {
        Layout lay;
        view_layout(e, vs, width, height, &lay);
        r = lay.res;
    }
    int rows = r.h - 2;
    int n = view_result_rows(vs->result, r.w - 4, view_result_fit(vs->result, r.w - 4, rows));
    *page = rows;
    return n > rows ? n - rows : 0;
}

HitKind view_hit(const Engine *e, const ViewState *vs, int width, int height, int x, int y, int *index)
{
    if (width < VIEW_MIN_WIDTH || height < VIEW_MIN_HEIGHT) {
        return HIT_NONE;
    }
    Layout lay;
    view_layout(e, vs, width, height, &lay);
    Rect p = lay.prog;
    if (x > p.x && x < p.x + p.w - 1 && y > p.y && y < p.y + p.h - 1) {
        int op = lay.first_op + (y - p.y - 1);
        if (op < e->nops) {
            *index = op;
            return HIT_OP;
        }
        return HIT_NONE;
    }
    for (int i = 0; i < lay.nitems; i++) {
        Rect r = lay.item[i];
        if (r.w > 0 && x >= r.x && x < r.x + r.w && y >= r.y && y < r.y + r.h) {
            *index = i;
            return HIT_ITEM;
        }
    }
    return HIT_NONE;
}

bool view_hit_entry(const Engine *e, const ViewState *vs, int width, int height, int x, int y, int index, int *row,
                    int *col)
{
    Layout lay;
    view_layout(e, vs, width, height, &lay);
    if (index < 0 || index >= lay.nitems || lay.item[index].w == 0) {
        return false;
    }
    Rect r = lay.item[index];
    Shown s = view_shown_get(e, vs, view_focus_op(e, vs), &lay.items[index]);
    int cw = view_cell_width(&s, vs);
    bool focused = index == view_clamp(vs->focus, 0, lay.nitems - 1);
    int r0 = focused ? view_clamp(vs->pan_row, 0, s.m.rows > 0 ? s.m.rows - 1 : 0) : 0;
    int c0 = focused ? view_clamp(vs->pan_col, 0, s.m.cols > 0 ? s.m.cols - 1 : 0) : 0;
    int f = (vs->look == LOOK_IMAGE) ? view_image_factor(&s, r.w, r.h) : 1;
    int i = (y - r.y - 1) * ((vs->look == LOOK_IMAGE) ? 2 * f : 1), j = cw > 0 ? (x - r.x - 2) / cw * f : -1;
    r0 = (vs->look == LOOK_IMAGE) ? 0 : r0;
    c0 = (vs->look == LOOK_IMAGE) ? 0 : c0;
    bool hit = s.ok && i >= 0 && x >= r.x + 2 && j >= 0 && r0 + i < s.m.rows && c0 + j < s.m.cols &&
               y - r.y - 1 < r.h - 1;
    view_shown_release(&s);
    if (hit) {
        *row = r0 + i + 1;
        *col = c0 + j + 1;
    }
    return hit;
}

void view_focused_label(const Engine *e, const ViewState *vs, char *buf, size_t size)
{
    OpItem items[VIEW_MAX_ITEMS];
    int n = view_items(e, view_focus_op(e, vs), items, VIEW_MAX_ITEMS);
    buf[0] = '\0';
    if (n > 0) {
        Shown s = view_shown_get(e, vs, view_focus_op(e, vs), &items[view_clamp(vs->focus, 0, n - 1)]);
        snprintf(buf, size, "%s", s.label);
        view_shown_release(&s);
    }
}
