/* views.c: drawing the debugger into a Canvas. Pure: the same engine position
 * and view state always give the same cells.
 * Must not: include curses.h, do I/O, or change the engine. */
#include "views.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../debugger/compare.h"
#include "../debugger/expr.h"
#include "../debugger/format.h"
#include "../debugger/notation.h"
#include "../debugger/values.h"

void view_state_init(ViewState *vs)
{
    memset(vs, 0, sizeof *vs);
    vs->decimals = -1;
    vs->unicode = true;
}

/* ---- layout ----------------------------------------------------------- */

typedef struct {
    int x, y, w, h;
} Rect;

typedef struct {
    Rect prog, eq, mats, watch, console;
    int first_op;
    int nitems;
    char names[VIEW_MAX_ITEMS][24];
    bool written[VIEW_MAX_ITEMS];
    Rect item[VIEW_MAX_ITEMS];
    bool single; /* not all fit: only the focused item is drawn */
} Layout;

static int clampi(int v, int lo, int hi)
{
    return v < lo ? lo : v > hi ? hi : v;
}

static int focus_op(const Engine *e, const ViewState *vs)
{
    return clampi(vs->cursor, 0, e->nops - 1);
}

int view_items(const Engine *e, int k, char names[][24], bool written[], int max)
{
    const NetStep *st = &e->net->steps[e->ops[k].step];
    int n = 0;
    for (int r = 0; r < st->nreads && n < max; r++) {
        snprintf(names[n], 24, "%s", e->net->values[st->reads[r]].name);
        written[n++] = false;
    }
    if ((st->kind == STEP_POOL || st->kind == STEP_BWD_POOL) && n < max) {
        snprintf(names[n], 24, "Ppool%d", st->layer);
        written[n++] = false;
    }
    for (int w = 0; w < st->nwrites && n < max; w++) {
        const NetValue *v = &e->net->values[st->writes[w]];
        snprintf(names[n], 24, "%s", v->alias[0] != '\0' && st->kind == STEP_BWD_LOSS ? v->alias : v->name);
        written[n++] = true;
    }
    return n;
}

/* A matrix as shown: the value (or channel), its label and per-entry styles. */
typedef struct {
    bool ok;
    char label[48];
    char error[260];
    Matrix m;     /* owned */
    uint8_t *style; /* owned, per entry; NULL = by value */
    bool zero_one;  /* a 0/1 matrix: zeros as dim dots */
    bool gradient;  /* coloured by sign */
    bool written;
    bool highlighted;   /* a lesson points at it */
    int hl_row, hl_col; /* 1-based entry, 0 = the whole */
} Shown;

static bool is_map_name(const Engine *e, const char *name)
{
    int id = net_find_value(e->net, name);
    return id >= 0 && e->net->values[id].map_d > 0;
}

/* Colours matching pooling winners, outputs and the 1s of P_pool. For output k
 * (vec order over all channels) and its winner pos, the colour follows k's
 * position inside its channel. */
static void pool_styles(const Engine *e, const ViewState *vs, int k_op, const char *name, Shown *s)
{
    const NetStep *st = &e->net->steps[e->ops[k_op].step];
    if (st->kind != STEP_POOL && st->kind != STEP_BWD_POOL) {
        return;
    }
    const Net *net = e->net;
    int m = st->layer;
    const ConvGeom *g = &net->conv[m];
    if (!engine_value_valid(e, net->vZ[m + 1]) || net->spec.pool_mode != POOL_MAX) {
        return;
    }
    char big[24], small[24], ppool[24];
    bool fwd = st->kind == STEP_POOL;
    snprintf(big, sizeof big, fwd ? "sigS%d" : "dS%d", m);
    snprintf(small, sizeof small, fwd ? "Z%d" : "dZ%d", m + 1);
    snprintf(ppool, sizeof ppool, "Ppool%d", m);
    int which = strcmp(name, big) == 0 ? 0 : strcmp(name, small) == 0 ? 1 : strcmp(name, ppool) == 0 ? 2 : -1;
    if (which < 0 || mat_count(&s->m) == 0) {
        return;
    }
    s->style = calloc(mat_count(&s->m), 1);
    if (s->style == NULL) {
        return;
    }
    int nout = g->dout * g->ao * g->bo;
    for (int k = 0; k < nout; k++) {
        int c = k % g->dout, opix = k / g->dout;
        int pos = net->pool_idx[m][k], pix = pos / g->dout;
        if (vs->channel > 0 && c != vs->channel - 1) {
            continue;
        }
        uint8_t colour = (uint8_t)(STYLE_POOL_1 + opix % STYLE_POOL_COLOURS);
        size_t at;
        if (which == 0) {
            at = vs->channel > 0 ? (size_t)pix : (size_t)pos;
        } else if (which == 1) {
            at = vs->channel > 0 ? (size_t)opix : (size_t)k;
        } else {
            at = vs->channel > 0 ? (size_t)opix + (size_t)s->m.rows * (size_t)pix
                                 : (size_t)k + (size_t)s->m.rows * (size_t)pos;
        }
        if (at < mat_count(&s->m)) {
            s->style[at] = colour;
        }
    }
}

static Shown shown_get(const Engine *e, const ViewState *vs, int k_op, const char *name, bool written)
{
    Shown s;
    memset(&s, 0, sizeof s);
    s.written = written;
    if (vs->highlight != NULL && strcmp(name, vs->highlight) == 0) {
        s.hl_row = vs->hl_row;
        s.hl_col = vs->hl_col;
        s.highlighted = true;
    }
    if (strpbrk(name, "[(") != NULL) {
        /* a lesson's highlight such as Z2[1]: whatever the expression gives */
        ExprResult r;
        Diag d = { 0 };
        snprintf(s.label, sizeof s.label, "%s", name);
        if (expr_eval(e, name, 0, &r, &d) != 0) {
            snprintf(s.error, sizeof s.error, "%s", strstr(d.msg, "not computed") ? "not computed yet" : d.msg);
            return s;
        }
        s.ok = true;
        s.m = r.m;
        return s;
    }
    bool pool = strncmp(name, "Ppool", 5) == 0;
    int channel = (vs->channel > 0 && (pool || is_map_name(e, name))) ? vs->channel : 0;
    int id = net_find_value(e->net, name);
    if (channel > 0 && !pool && id >= 0 && channel > e->net->values[id].map_d) {
        channel = 0; /* fewer channels than chosen: show it whole */
    }
    if (pool && channel > e->net->conv[e->ops[k_op].layer].dout) {
        channel = 0;
    }
    ValueRef ref;
    Diag d = { 0 };
    diag_clear(&d);
    if (values_get(e, name, channel, 0, &s.m, &ref, &d) != 0) {
        snprintf(s.label, sizeof s.label, "%s", channel > 0 ? ref.label : name);
        snprintf(s.error, sizeof s.error, "%s", strstr(d.msg, "not computed") ? "not computed yet" : d.msg);
        if (id >= 0) {
            /* the shape is known before the values are */
            const NetValue *v = &e->net->values[id];
            s.m.rows = channel > 0 ? v->map_a : v->m.rows;
            s.m.cols = channel > 0 ? v->map_b : v->m.cols;
        }
        return s;
    }
    s.ok = true;
    snprintf(s.label, sizeof s.label, "%s", ref.label);
    s.zero_one = strncmp(name, "Ppool", 5) == 0 || strncmp(name, "Pphi", 4) == 0 || strncmp(name, "Ppad", 4) == 0;
    s.gradient = id >= 0 && e->net->values[id].kind == VAL_GRAD;
    pool_styles(e, vs, k_op, name, &s);
    return s;
}

static void shown_release(Shown *s)
{
    mat_release(&s->m);
    free(s->style);
    s->style = NULL;
}

/* Width of one entry in numbers mode. */
static int entry_width(const Shown *s, int decimals)
{
    char num[64];
    int w = 1;
    for (size_t k = 0; k < mat_count(&s->m); k++) {
        fmt_number(num, sizeof num, s->m.data[k], decimals);
        int n = (int)strlen(num);
        w = n > w ? n : w;
    }
    return w;
}

static int shown_decimals(const Shown *s, const ViewState *vs)
{
    if (vs->decimals >= 0) {
        return vs->decimals;
    }
    int d = fmt_decimals(&s->m, 3);
    return d < 0 ? 3 : d;
}

static int cell_width(const Shown *s, const ViewState *vs)
{
    if (vs->heatmap) {
        return vs->decimals == 0 ? 1 : 2; /* two columns make a roughly square cell */
    }
    return entry_width(s, shown_decimals(s, vs)) + 1;
}

/* Natural size of an item's box: header, entries, footer. */
static void natural_size(const Shown *s, const ViewState *vs, int *w, int *h)
{
    char head[96];
    snprintf(head, sizeof head, "%s  %d x %d%s", s->label, s->m.rows, s->m.cols,
             s->highlighted ? "  (see the narration)" : s->written ? "  (written)" : "");
    int hw = (int)strlen(head) + 2;
    if (!s->ok) {
        *w = clampi((int)strlen(s->error) + 2, hw, 200);
        *h = 2;
        return;
    }
    *w = s->m.cols * cell_width(s, vs) + 3;
    *w = *w < hw + 2 ? hw + 2 : *w;
    *h = s->m.rows + 1 + (vs->heatmap ? 1 : 0); /* header, rows, heatmap legend */
}

/* First-fit shelf packing of the items in the given order: each goes on the
 * first shelf with room, else on a new shelf. False when they do not fit. */
static bool pack(Layout *lay, Rect in, const int *w, const int *h, const int *order)
{
    int shelf_y[VIEW_MAX_ITEMS], shelf_h[VIEW_MAX_ITEMS], shelf_x[VIEW_MAX_ITEMS];
    int nshelves = 0;
    for (int n = 0; n < lay->nitems; n++) {
        int i = order[n], s = 0;
        for (; s < nshelves; s++) {
            bool last = s == nshelves - 1;
            bool fits_h = h[i] <= shelf_h[s] || (last && shelf_y[s] + h[i] <= in.y + in.h);
            if (shelf_x[s] + w[i] <= in.x + in.w && fits_h) {
                break;
            }
        }
        if (s == nshelves) {
            int y = nshelves == 0 ? in.y : shelf_y[s - 1] + shelf_h[s - 1];
            if (w[i] > in.w || y + h[i] > in.y + in.h) {
                return false;
            }
            shelf_y[s] = y;
            shelf_h[s] = 0;
            shelf_x[s] = in.x;
            nshelves++;
        }
        lay->item[i] = (Rect){ shelf_x[s], shelf_y[s], w[i], h[i] };
        shelf_x[s] += w[i] + 1;
        shelf_h[s] = h[i] > shelf_h[s] ? h[i] : shelf_h[s];
    }
    return true;
}

static void layout_items(const Engine *e, const ViewState *vs, Layout *lay)
{
    int k = focus_op(e, vs);
    int first = 0;
    if (vs->highlight != NULL && vs->highlight[0] != '\0') {
        snprintf(lay->names[0], sizeof lay->names[0], "%s", vs->highlight);
        lay->written[0] = false;
        first = 1;
    }
    lay->nitems = first + view_items(e, k, lay->names + first, lay->written + first, VIEW_MAX_ITEMS - first);
    for (int i = first; i < lay->nitems && first == 1; i++) {
        if (strcmp(lay->names[i], lay->names[0]) == 0) { /* shown once, first */
            memmove(&lay->names[i], &lay->names[i + 1], (size_t)(lay->nitems - i - 1) * sizeof lay->names[0]);
            memmove(&lay->written[i], &lay->written[i + 1], (size_t)(lay->nitems - i - 1) * sizeof lay->written[0]);
            lay->nitems--;
            break;
        }
    }
    Rect in = { lay->mats.x + 1, lay->mats.y + 1, lay->mats.w - 2, lay->mats.h - 2 };
    int w[VIEW_MAX_ITEMS] = { 0 }, h[VIEW_MAX_ITEMS] = { 0 }, order[VIEW_MAX_ITEMS] = { 0 };
    for (int i = 0; i < lay->nitems; i++) {
        Shown s = shown_get(e, vs, k, lay->names[i], lay->written[i]);
        natural_size(&s, vs, &w[i], &h[i]);
        shown_release(&s);
        order[i] = i;
    }
    /* the op's own order (reads, then writes) when it fits; else widest first */
    lay->single = !pack(lay, in, w, h, order);
    if (lay->single) {
        for (int a = 1; a < lay->nitems; a++) {
            for (int b = a; b > 0 && w[order[b]] > w[order[b - 1]]; b--) {
                int t = order[b];
                order[b] = order[b - 1];
                order[b - 1] = t;
            }
        }
        lay->single = !pack(lay, in, w, h, order);
    }
    if (lay->single) {
        for (int i = 0; i < lay->nitems; i++) {
            lay->item[i] = (Rect){ 0, 0, 0, 0 };
        }
        int f = clampi(vs->focus, 0, lay->nitems - 1);
        lay->item[f] = (Rect){ in.x, in.y + 1, in.w, in.h - 1 };
    }
}

static int equation_lines(const Engine *e, const ViewState *vs, int width);

static void layout(const Engine *e, const ViewState *vs, int width, int height, Layout *lay)
{
    memset(lay, 0, sizeof *lay);
    int body_y = 1, body_h = height - 3;
    int prog_w = clampi(width / 4, 26, 34);
    lay->prog = (Rect){ 0, body_y, prog_w, body_h };
    int rx = prog_w, rw = width - prog_w;
    int eq_h = clampi(equation_lines(e, vs, rw - 4), 1, 4) + 2;
    lay->eq = (Rect){ rx, body_y, rw, eq_h };
    int low_h = clampi(body_h / 4, 5, 12);
    /* a lesson's narration takes the watches' place (the loss is in the title bar) */
    bool narrating = vs->narration != NULL && vs->narration[0] != '\0';
    int watch_w = narrating ? rw / 2 : rw * 2 / 5;
    if (narrating) {
        low_h = clampi(body_h / 3, 6, 14);
    }
    lay->watch = (Rect){ rx, body_y + body_h - low_h, watch_w, low_h };
    lay->console = (Rect){ rx + watch_w, body_y + body_h - low_h, rw - watch_w, low_h };
    lay->mats = (Rect){ rx, body_y + eq_h, rw, body_h - eq_h - low_h };
    int visible = lay->prog.h - 2;
    int cursor = focus_op(e, vs);
    lay->first_op = clampi(cursor - visible / 2, 0, e->nops + 1 - visible > 0 ? e->nops + 1 - visible : 0);
    layout_items(e, vs, lay);
}

HitKind view_hit(const Engine *e, const ViewState *vs, int width, int height, int x, int y, int *index)
{
    if (width < VIEW_MIN_WIDTH || height < VIEW_MIN_HEIGHT) {
        return HIT_NONE;
    }
    Layout lay;
    layout(e, vs, width, height, &lay);
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

/* ---- drawing ---------------------------------------------------------- */

static void render_markup(const ViewState *vs, const char *markup, char *out, size_t size)
{
    notation_render(markup, vs->unicode ? NOTE_UNICODE : NOTE_ASCII, out, size);
}

static void draw_title(Canvas *c, const Engine *e, const ViewState *vs)
{
    char buf[400], loss[64] = "--";
    int k = engine_next_op(e);
    if (engine_value_valid(e, e->net->vloss)) {
        fmt_number(loss, sizeof loss, e->net->values[e->net->vloss].m.data[0], -1);
    }
    snprintf(buf, sizeof buf, " bpstep   %d/%d   next: %-15s loss %-8s  %s", e->pos, e->nops,
             k >= 0 ? e->ops[k].name : "(end)", loss, vs->title != NULL ? vs->title : "");
    canvas_fill(c, 0, 0, c->width, 1, ' ', STYLE_TITLE);
    canvas_text(c, 0, 0, buf, STYLE_TITLE, c->width);
}

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
    int cursor = focus_op(e, vs);
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

enum { WRAP_MAX_LINES = 400, WRAP_LINE_BYTES = 512 };

static const char *next_cp(const char *p)
{
    p++;
    while ((*p & 0xC0) == 0x80) {
        p++;
    }
    return p;
}

/* Splits text into lines of at most width code points, at newlines and
 * between words. Returns the number of lines. */
static int wrap_text(const char *text, int width, char lines[][WRAP_LINE_BYTES], int max_lines)
{
    int n = 0;
    const char *p = text;
    while (*p != '\0' && n < max_lines && width > 0) {
        const char *q = p, *space = NULL;
        int cols = 0;
        while (*q != '\0' && *q != '\n' && cols < width) {
            if (*q == ' ') {
                space = q;
            }
            q = next_cp(q);
            cols++;
        }
        const char *end = q;
        if (*q != '\0' && *q != '\n' && *q != ' ' && space != NULL && space > p) {
            end = space; /* break between words */
        }
        snprintf(lines[n++], WRAP_LINE_BYTES, "%.*s", (int)(end - p), p);
        p = end;
        while (*p == ' ') {
            p++;
        }
        if (*p == '\n') {
            p++;
        }
    }
    return n;
}

static char wrap_lines[WRAP_MAX_LINES][WRAP_LINE_BYTES];

/* The equation rendered, one line per ";  "-separated part. */
static void equation_text(const Engine *e, const ViewState *vs, int k, char *out, size_t size)
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
    equation_text(e, vs, focus_op(e, vs), text, sizeof text);
    return wrap_text(text, width, wrap_lines, WRAP_MAX_LINES);
}

static void draw_equation(Canvas *c, const Engine *e, const ViewState *vs, const Layout *lay)
{
    Rect r = lay->eq;
    int k = focus_op(e, vs);
    const Op *op = &e->ops[k];
    char title[80];
    snprintf(title, sizeof title, "%d %s%s%s%s", k + 1, op->name, k < e->pos ? " (done)" : "",
             op->eqno[0] ? "  eq. " : "", op->eqno);
    canvas_box(c, r.x, r.y, r.w, r.h, title, STYLE_DIM, vs->unicode);
    char text[1024];
    equation_text(e, vs, k, text, sizeof text);
    int n = wrap_text(text, r.w - 4, wrap_lines, WRAP_MAX_LINES);
    for (int i = 0; i < n && i < r.h - 2; i++) {
        canvas_text(c, r.x + 2, r.y + 1 + i, wrap_lines[i], STYLE_EQUATION, r.w - 4);
    }
}

static const char *const SHADES_UTF8[] = { " ", "\u2591", "\u2592", "\u2593", "\u2588" };
static const char *const SHADES_ASCII[] = { " ", ".", ":", "o", "#" };

static Style value_style(const Shown *s, size_t k, double x)
{
    if (s->highlighted && s->hl_row > 0 && k == (size_t)(s->hl_row - 1) + (size_t)s->m.rows * (size_t)(s->hl_col - 1)) {
        return STYLE_SELECTED;
    }
    if (s->style != NULL && s->style[k] != 0) {
        return (Style)s->style[k];
    }
    if (s->zero_one) {
        return x == 0.0 ? STYLE_DIM : STYLE_NORMAL;
    }
    if (s->gradient) {
        return x > 0.0 ? STYLE_GRAD_POS : x < 0.0 ? STYLE_GRAD_NEG : STYLE_DIM;
    }
    return s->written ? STYLE_WRITTEN : STYLE_NORMAL;
}

static void draw_item(Canvas *c, const ViewState *vs, Rect r, Shown *s, bool focused)
{
    char head[128];
    snprintf(head, sizeof head, "%s%s  %d x %d%s", focused ? (vs->unicode ? "\u25b8" : ">") : " ", s->label,
             s->m.rows, s->m.cols, s->highlighted ? "  (see the narration)" : s->written ? "  (written)" : "");
    canvas_text(c, r.x, r.y, head, focused ? STYLE_SELECTED : STYLE_HEADER, r.w);
    if (!s->ok) {
        canvas_text(c, r.x + 2, r.y + 1, s->error, STYLE_DIM, r.w - 2);
        return;
    }
    int cw = cell_width(s, vs);
    int decimals = shown_decimals(s, vs);
    int vis_cols = (r.w - 2) / cw;
    bool clipped = s->m.rows > r.h - 1 || s->m.cols > vis_cols;
    int vis_rows = r.h - 1 - ((clipped || vs->heatmap) ? 1 : 0);
    vis_rows = vis_rows < 1 ? 1 : vis_rows;
    vis_cols = vis_cols < 1 ? 1 : vis_cols;
    int r0 = focused ? clampi(vs->pan_row, 0, s->m.rows - 1 > 0 ? s->m.rows - 1 : 0) : 0;
    int c0 = focused ? clampi(vs->pan_col, 0, s->m.cols - 1 > 0 ? s->m.cols - 1 : 0) : 0;
    double amax = 0.0;
    for (size_t k = 0; k < mat_count(&s->m); k++) {
        amax = fmax(amax, fabs(s->m.data[k]));
    }
    for (int i = 0; i < vis_rows && r0 + i < s->m.rows; i++) {
        for (int j = 0; j < vis_cols && c0 + j < s->m.cols; j++) {
            size_t k = (size_t)(r0 + i) + (size_t)s->m.rows * (size_t)(c0 + j);
            double x = s->m.data[k];
            Style st = value_style(s, k, x);
            int cx = r.x + 2 + j * cw, cy = r.y + 1 + i;
            if (vs->heatmap) {
                int level = amax > 0.0 ? (int)ceil(4.0 * fabs(x) / amax) : 0;
                level = clampi(level, 0, 4);
                const char *shade = vs->unicode ? SHADES_UTF8[level] : SHADES_ASCII[level];
                for (int q = 0; q < cw; q++) {
                    canvas_text(c, cx + q, cy, shade, st == STYLE_NORMAL ? STYLE_WRITTEN : st, 1);
                }
            } else if (s->zero_one && x == 0.0) {
                canvas_text(c, cx + cw - 2, cy, vs->unicode ? "\u00b7" : ".", STYLE_DIM, 1);
            } else {
                char num[64];
                fmt_number(num, sizeof num, x, decimals);
                char cell[80];
                snprintf(cell, sizeof cell, "%*s", cw - 1, num);
                canvas_text(c, cx, cy, cell, st, cw - 1);
            }
        }
    }
    int shown_rows = s->m.rows - r0 < vis_rows ? s->m.rows - r0 : vis_rows;
    int shown_cols = s->m.cols - c0 < vis_cols ? s->m.cols - c0 : vis_cols;
    char foot[160] = "";
    if (shown_rows < s->m.rows || shown_cols < s->m.cols) {
        snprintf(foot, sizeof foot, "rows %d-%d of %d, cols %d-%d of %d%s", r0 + 1, r0 + shown_rows, s->m.rows,
                 c0 + 1, c0 + shown_cols, s->m.cols, focused ? "  (HJKL pan)" : "  (tab to focus)");
    }
    if (vs->heatmap) {
        char legend[96], num[48];
        fmt_number(num, sizeof num, amax, -1);
        snprintf(legend, sizeof legend, "%s%s = |x| up to %s", foot[0] ? "; " : "",
                 vs->unicode ? "\u2588" : "#", num);
        strncat(foot, legend, sizeof foot - strlen(foot) - 1);
    }
    if (foot[0] != '\0') {
        canvas_text(c, r.x + 2, r.y + r.h - 1, foot, STYLE_DIM, r.w - 2);
    }
}

static void draw_matrices(Canvas *c, const Engine *e, const ViewState *vs, const Layout *lay)
{
    Rect r = lay->mats;
    char title[64];
    if (vs->channel > 0) {
        snprintf(title, sizeof title, "values  (channel %d)", vs->channel);
    } else {
        snprintf(title, sizeof title, "values");
    }
    canvas_box(c, r.x, r.y, r.w, r.h, title, STYLE_DIM, vs->unicode);
    int k = focus_op(e, vs);
    int focus = clampi(vs->focus, 0, lay->nitems - 1);
    if (lay->single) {
        char list[256] = "";
        for (int i = 0; i < lay->nitems; i++) {
            char part[40];
            snprintf(part, sizeof part, "%s%s%s", i == focus ? "[" : "", lay->names[i], i == focus ? "] " : " ");
            strncat(list, part, sizeof list - strlen(list) - 1);
        }
        canvas_text(c, r.x + 2, r.y + 1, list, STYLE_DIM, r.w - 4);
    }
    for (int i = 0; i < lay->nitems; i++) {
        if (lay->item[i].w == 0) {
            continue;
        }
        Shown s = shown_get(e, vs, k, lay->names[i], lay->written[i] && k < e->pos);
        draw_item(c, vs, lay->item[i], &s, i == focus);
        shown_release(&s);
    }
}

static void draw_wrapped(Canvas *c, Rect r, const char *text, Style style, bool tail);

/* One row of a comparison: label, then entries from pan_col on; entries
 * where eq. (5) and eq. (6) differ are marked in the error style. */
static void compare_row(Canvas *c, Rect r, int y, const char *label, const Matrix *m, const Comparison *cmp,
                        bool mark, int first, int width)
{
    canvas_text(c, r.x + 2, y, label, STYLE_HEADER, 20);
    int dec = fmt_decimals(m, 3);
    dec = dec < 0 ? 3 : dec;
    int x = r.x + 22;
    for (size_t k = (size_t)first; k < mat_count(m) && x + width <= r.x + r.w - 1; k++) {
        char num[64], cell[80];
        fmt_number(num, sizeof num, m->data[k], dec);
        snprintf(cell, sizeof cell, "%*s", width, num);
        bool differ = mark && memcmp(&cmp->eq5.data[k], &cmp->eq6.data[k], sizeof(double)) != 0;
        Style st = differ ? STYLE_ERROR : m->data[k] == 0.0 ? STYLE_DIM : STYLE_NORMAL;
        canvas_text(c, x, y, cell, st, width);
        x += width + 1;
    }
}

static void draw_compare(Canvas *c, const Engine *e, const ViewState *vs, const Layout *lay)
{
    Rect r = lay->mats;
    int k = focus_op(e, vs);
    int m = e->ops[k].layer <= e->net->spec.LC ? e->ops[k].layer : e->net->spec.LC;
    char title[96];
    snprintf(title, sizeof title, "compare eq. (5) and eq. (6), conv layer %d  (e: back to values)", m);
    canvas_box(c, r.x, r.y, r.w, r.h, title, STYLE_DIM, vs->unicode);
    Comparison cmp;
    Diag d = { 0 };
    diag_clear(&d);
    if (m < 1 || compare_compute(e, m, &cmp, &d) != 0) {
        canvas_text(c, r.x + 2, r.y + 1, m < 1 ? "this network has no conv layer" : d.msg, STYLE_DIM, r.w - 4);
        return;
    }
    const char *odot = vs->unicode ? "\u2299" : "(.)";
    bool relu = e->net->spec.act == ACT_RELU;
    char l[7][48];
    snprintf(l[0], sizeof l[0], "v\u1d40 P_pool");
    snprintf(l[1], sizeof l[1], relu ? "I[S]" : "\u03c3'(S)");
    snprintf(l[2], sizeof l[2], "(5)");
    snprintf(l[3], sizeof l[3], "v\u1d40");
    snprintf(l[4], sizeof l[4], "I[Z]");
    snprintf(l[5], sizeof l[5], "v\u1d40 %s I[Z]", odot);
    snprintf(l[6], sizeof l[6], "(6)");
    if (!vs->unicode) {
        snprintf(l[0], sizeof l[0], "v^T P_pool");
        snprintf(l[1], sizeof l[1], relu ? "I[S]" : "sigma'(S)");
        snprintf(l[3], sizeof l[3], "v^T");
        snprintf(l[5], sizeof l[5], "v^T (.) I[Z]");
    }
    const Matrix *rows[] = { &cmp.vtp, &cmp.dsig, &cmp.eq5, &cmp.v, &cmp.ind_z, &cmp.v_ind, &cmp.eq6 };
    int width = 4;
    for (int i = 0; i < 7; i++) {
        Shown tmp = { .ok = true, .m = *rows[i] };
        int w = entry_width(&tmp, fmt_decimals(rows[i], 3) < 0 ? 3 : fmt_decimals(rows[i], 3));
        width = w > width ? w : width;
    }
    int y = r.y + 1;
    canvas_text(c, r.x + 2, y++, "eq. (5): keeps S from the forward pass", STYLE_DIM, r.w - 4);
    for (int i = 0; i < 3 && y < r.y + r.h - 1; i++) {
        compare_row(c, r, y++, l[i], rows[i], &cmp, i == 2, vs->pan_col, width);
    }
    canvas_text(c, r.x + 2, y++, "eq. (6): keeps only Z", STYLE_DIM, r.w - 4);
    for (int i = 3; i < 7 && y < r.y + r.h - 1; i++) {
        bool long_row = i == 6;
        compare_row(c, r, y++, l[i], rows[i], &cmp, long_row, long_row ? vs->pan_col : 0, width);
    }
    char line[200], num[64];
    fmt_number(num, sizeof num, cmp.max_diff, -1);
    if (cmp.ndiff == 0) {
        snprintf(line, sizeof line, "identical, bit for bit: max |(5) - (6)| = %s", num);
    } else {
        snprintf(line, sizeof line, "they differ in %d of %zu entries (marked): max |(5) - (6)| = %s", cmp.ndiff,
                 mat_count(&cmp.eq5), num);
    }
    if (y < r.y + r.h - 1) {
        canvas_text(c, r.x + 2, y++, line, cmp.ndiff == 0 ? STYLE_WRITTEN : STYLE_ERROR, r.w - 4);
    }
    size_t s_bytes = mat_count(&cmp.eq5) * sizeof(double);
    snprintf(line, sizeof line, "memory: eq. (5) also keeps S^%d (%zu bytes); whole network (5) %zu B, (6) %zu B", m,
             s_bytes, net_saved_bytes(e->net, RULE_EQ5), net_saved_bytes(e->net, RULE_EQ6));
    if (y < r.y + r.h - 1) {
        canvas_text(c, r.x + 2, y++, line, STYLE_NORMAL, r.w - 4);
    }
    if (mat_count(&cmp.eq5) * (size_t)(width + 1) > (size_t)(r.w - 24) && y < r.y + r.h - 1) {
        snprintf(line, sizeof line, "entries from %d of %zu  (H/L pan)", vs->pan_col + 1, mat_count(&cmp.eq5));
        canvas_text(c, r.x + 2, y++, line, STYLE_DIM, r.w - 4);
    }
    StrBuf why;
    sb_init(&why);
    compare_explain(&why, e->net, m);
    Rect rest = { r.x, y - 1, r.w, r.y + r.h - y + 1 };
    draw_wrapped(c, rest, sb_str(&why), STYLE_NARRATION, false);
    sb_release(&why);
    compare_release(&cmp);
}

static void draw_watches(Canvas *c, const Engine *e, const ViewState *vs, const Layout *lay)
{
    Rect r = lay->watch;
    canvas_box(c, r.x, r.y, r.w, r.h, "watches", STYLE_DIM, vs->unicode);
    int y = r.y + 1;
    char line[256], num[64];
    const Net *net = e->net;
    if (engine_value_valid(e, net->vloss)) {
        fmt_number(num, sizeof num, net->values[net->vloss].m.data[0], -1);
        snprintf(line, sizeof line, "loss = %s", num);
    } else {
        snprintf(line, sizeof line, "loss: not yet computed");
    }
    canvas_text(c, r.x + 2, y++, line, STYLE_NORMAL, r.w - 4);
    for (int i = 0; i < e->ndisplays && y < r.y + r.h - 1; i++) {
        snprintf(line, sizeof line, "%d: %s = ", e->displays[i].id, e->displays[i].expr);
        int n = canvas_text(c, r.x + 2, y, line, STYLE_HEADER, r.w - 4);
        StrBuf sb;
        sb_init(&sb);
        ExprResult res;
        Diag d = { 0 };
        if (expr_eval(e, e->displays[i].expr, 0, &res, &d) == 0) {
            fmt_compact(&sb, &res.m, 8);
            mat_release(&res.m);
        } else {
            sb_append(&sb, strstr(d.msg, "not computed") != NULL ? "not computed yet" : d.msg);
        }
        canvas_text(c, r.x + 2 + n, y++, sb_str(&sb), STYLE_NORMAL, r.w - 4 - n);
        sb_release(&sb);
    }
}

/* Word-wrapped text, the last lines that fit when tail is set. */
static void draw_wrapped(Canvas *c, Rect r, const char *text, Style style, bool tail)
{
    int width = r.w - 4, rows = r.h - 2;
    if (width <= 0 || rows <= 0) {
        return;
    }
    int n = wrap_text(text, width, wrap_lines, WRAP_MAX_LINES);
    int first = tail && n > rows ? n - rows : 0;
    for (int i = 0; i < rows && first + i < n; i++) {
        canvas_text(c, r.x + 2, r.y + 1 + i, wrap_lines[first + i], style, width);
    }
}

static void draw_console(Canvas *c, const ViewState *vs, const Layout *lay)
{
    Rect r = lay->console;
    canvas_box(c, r.x, r.y, r.w, r.h, "output", STYLE_DIM, vs->unicode);
    if (vs->console != NULL) {
        draw_wrapped(c, r, vs->console, STYLE_NORMAL, true);
    }
}

static void draw_narration(Canvas *c, const ViewState *vs, const Layout *lay)
{
    Rect r = lay->watch;
    canvas_box(c, r.x, r.y, r.w, r.h, "narration", STYLE_DIM, vs->unicode);
    draw_wrapped(c, r, vs->narration, STYLE_NARRATION, false);
}

static void draw_bottom(Canvas *c, const Engine *e, const ViewState *vs)
{
    int y = c->height - 2;
    if (vs->cmd_active) {
        char line[300];
        snprintf(line, sizeof line, ":%s", vs->cmdline);
        int n = canvas_text(c, 0, y, line, STYLE_NORMAL, c->width);
        canvas_fill(c, n, y, 1, 1, ' ', STYLE_SELECTED); /* the cursor */
    } else if (vs->message[0] != '\0') {
        canvas_text(c, 0, y, vs->message, vs->message_error ? STYLE_ERROR : STYLE_NORMAL, c->width);
    }
    /* key hints, as many as fit */
    const char *right = vs->unicode ? "\u2192" : "->", *left = vs->unicode ? "\u2190" : "<-";
    char status[400], hint[64];
    snprintf(status, sizeof status, " %d/%d ", e->pos, e->nops);
    char step_hint[32], back_hint[32];
    snprintf(step_hint, sizeof step_hint, "n/%s step", right);
    snprintf(back_hint, sizeof back_hint, "p/%s back", left);
    const char *hints[] = { step_hint, back_hint, "l layer", "c continue", "b break", "tab value",
                            ": command", "e compare", "h heatmap", "0-9 channel", "? help", "q quit" };
    int n = (int)(sizeof hints / sizeof *hints);
    for (int i = 0; i < n; i++) {
        snprintf(hint, sizeof hint, "%s", hints[i]);
        int used = canvas_text_width(status);
        bool essential = i >= n - 2; /* help and quit always */
        int reserve = essential ? 0 : 18;
        if (used + 2 + (int)strlen(hint) + reserve <= c->width) {
            strncat(status, "  ", sizeof status - strlen(status) - 1);
            strncat(status, hint, sizeof status - strlen(status) - 1);
        }
    }
    canvas_fill(c, 0, c->height - 1, c->width, 1, ' ', STYLE_STATUS);
    canvas_text(c, 0, c->height - 1, status, STYLE_STATUS, c->width);
}

static const char *const HELP_LINES[] = {
    "n  space  right   step one op forward",
    "p  bksp   left    step one op back",
    "l                 next: to the end of this layer",
    "c / C             continue / reverse-continue to a breakpoint",
    "r                 restart (edits are kept)",
    "up/down  j/k      select an op (its values are shown)",
    "g                 go to the selected op",
    "b                 toggle a breakpoint on the selected op",
    "tab / shift-tab   focus the next / previous value",
    "h                 heatmap of large matrices",
    "+ / -             more / fewer decimals (heatmap: cell width)",
    "H J K L  PgUp/Dn  pan the focused value",
    "1-9 / 0           one channel as an image / all channels",
    "e                 compare eq. (5) and eq. (6) for this layer",
    "click             select an op or a value",
    ":                 a command (print, set, break, display, ...)",
    "?                 this help;   q  quit",
};

static void draw_help(Canvas *c, const ViewState *vs)
{
    int n = (int)(sizeof HELP_LINES / sizeof *HELP_LINES);
    int w = 64, h = n + 4;
    int x = (c->width - w) / 2, y = (c->height - h) / 2;
    canvas_fill(c, x, y, w, h, ' ', STYLE_NORMAL);
    canvas_box(c, x, y, w, h, "keys", STYLE_HEADER, vs->unicode);
    for (int i = 0; i < n; i++) {
        canvas_text(c, x + 2, y + 1 + i, HELP_LINES[i], STYLE_NORMAL, w - 4);
    }
    canvas_text(c, x + 2, y + h - 2, "any key closes this help", STYLE_DIM, w - 4);
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
    layout(e, vs, c->width, c->height, &lay);
    draw_title(c, e, vs);
    draw_program(c, e, vs, &lay);
    draw_equation(c, e, vs, &lay);
    if (vs->compare) {
        draw_compare(c, e, vs, &lay);
    } else {
        draw_matrices(c, e, vs, &lay);
    }
    if (vs->narration != NULL && vs->narration[0] != '\0') {
        draw_narration(c, vs, &lay);
    } else {
        draw_watches(c, e, vs, &lay);
    }
    draw_console(c, vs, &lay);
    draw_bottom(c, e, vs);
    if (vs->help) {
        draw_help(c, vs);
    }
}
