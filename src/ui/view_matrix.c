/* view_matrix.c: one matrix as the views show it: the value or a channel
 * of it, its number format, pooling colours, heatmap shades, panning.
 * Must not: include curses.h or do I/O. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../debugger/expr.h"
#include "../debugger/format.h"
#include "../debugger/values.h"
#include "view_internal.h"

/* Colours matching pooling winners, outputs and the 1s of P_pool. For output k
 * (vec order over all channels) and its winner pos, the colour follows k's
 * position inside its channel. */
static void pool_styles_as(const Engine *e, const ViewState *vs, int layer, PoolRole role, Shown *s)
{
    int d = 0, nout = engine_pool_outputs(e, layer, &d);
    if (role == POOL_ROLE_NONE || nout == 0 || view_count(&s->m) == 0) {
        return;
    }
    s->style = calloc(view_count(&s->m), 1);
    s->win_of = calloc(view_count(&s->m), sizeof *s->win_of);
    if (s->style == NULL || s->win_of == NULL) {
        return;
    }
    for (int k = 0; k < nout; k++) {
        int c = k % d, opix = k / d;
        int pos = engine_pool_winner(e, layer, k), pix = pos / d;
        if (vs->channel > 0 && c != vs->channel - 1) {
            continue;
        }
        uint8_t colour = (uint8_t)(STYLE_POOL_1 + opix % STYLE_POOL_COLOURS);
        size_t at;
        if (role == POOL_ROLE_INPUT) {
            at = vs->channel > 0 ? (size_t)pix : (size_t)pos;
        } else if (role == POOL_ROLE_OUTPUT) {
            at = vs->channel > 0 ? (size_t)opix : (size_t)k;
        } else {
            at = vs->channel > 0 ? (size_t)opix + (size_t)s->m.rows * (size_t)pix
                                 : (size_t)k + (size_t)s->m.rows * (size_t)pos;
        }
        if (at < view_count(&s->m)) {
            s->style[at] = colour;
            s->win_of[at] = (uint16_t)(opix + 1);
        }
    }
}

static void pool_styles(const Engine *e, const ViewState *vs, int k_op, const OpItem *it, Shown *s)
{
    pool_styles_as(e, vs, it->layer, engine_pool_role(e, k_op, it), s);
}

/* The column of row i's 1 in a 0/1 matrix (P_pool), 0-based; -1 none. */
static int one_at(const Shown *s, int i)
{
    for (int j = 0; j < s->m.cols; j++) {
        if (MAT_AT(s->m, i, j) != 0.0) {
            return j;
        }
    }
    return -1;
}

/* "1s at columns 6 8 14 15 [11 15 27 29]": where each row of P_pool has its
 * 1, in row order, so the slides' numbers can be read rather than counted:
 * per channel as the slides number them, the interleaved columns of all d
 * channels in brackets (for the whole P_pool, the ones as shown). */
static void ones_note(Shown *s, int channel, int d, int room)
{
    int len = snprintf(s->note, sizeof s->note, channel == 0 && d > 1 ? "1s at channel columns" : "1s at columns"),
        len0 = len;
    int half = d > 1 ? (int)sizeof s->note / 2 + 4 : (int)sizeof s->note - 12;
    for (int pass = 0; pass < (d > 1 ? 2 : 1); pass++) {
        bool inter = pass == 1;
        if (inter) {
            len += snprintf(s->note + len, sizeof s->note - (size_t)len, " [");
            half = (int)sizeof s->note - 12;
        }
        for (int i = 0; i < s->m.rows; i++) {
            int j = one_at(s, i);
            if (j < 0) {
                continue;
            }
            if (len > half) {
                len += snprintf(s->note + len, sizeof s->note - (size_t)len, "%s...", inter && i == 0 ? "" : " ");
                break;
            }
            int col = channel > 0 ? (inter ? (channel - 1) + d * j : j) : (inter ? j : j / d);
            len += snprintf(s->note + len, sizeof s->note - (size_t)len, "%s%d", inter && i == 0 ? "" : " ", col + 1);
        }
        if (inter) {
            snprintf(s->note + len, sizeof s->note - (size_t)len, "]");
        }
        if (pass == 0) {
            len0 = len;
        }
    }
    if (d > 1 && (int)strlen(s->note) > room) { /* the brackets would widen the matrix's box: left out */
        s->note[len0] = '\0';
    }
}

/* The entries an explanation used (vs->marks) in this value, as shown:
 * whole, or one channel's image. */
static void mark_terms(const Engine *e, const ViewState *vs, int value, int channel, Shown *s)
{
    for (int k = 0; k < vs->nmarks; k++) {
        if (vs->marks[k].value != value) {
            continue;
        }
        size_t at;
        if (channel == 0) {
            at = (size_t)vs->marks[k].row + (size_t)s->m.rows * (size_t)vs->marks[k].col;
        } else if (vs->marks[k].row == channel - 1) {
            int a = s->m.rows, pix = vs->marks[k].col;
            at = (size_t)(pix % a) + (size_t)s->m.rows * (size_t)(pix / a);
        } else {
            continue;
        }
        if (s->style == NULL) {
            s->style = calloc(view_count(&s->m) + 1, 1);
        }
        if (s->style != NULL && at < view_count(&s->m)) {
            s->style[at] = STYLE_CURRENT;
        }
    }
    (void)e;
}

/* A lesson's highlight such as Z2[1]: whatever the expression gives. */
enum { VIEW_PPOOL_DRAWN = 1 << 14 }; /* P_pool's entries drawn at most: the slides' sizes and more */

/* A P_pool built but too large for a picture to say anything (MNIST's
 * 196 x 784 per channel): released, -1 with the reason in d. */
static int ppool_drawable(Shown *s, bool per_channel, Diag *d)
{
    if (view_count(&s->m) <= VIEW_PPOOL_DRAWN) {
        return 0;
    }
    int rows = s->m.rows, cols = s->m.cols;
    value_release(&s->m);
    snprintf(d->msg, sizeof d->msg, "%s is %d x %d%s: too large to draw; 'e' walks it window by window", s->label, rows,
             cols, per_channel ? " per channel" : "");
    d->kind = DIAG_PLAIN;
    return -1;
}

static Shown shown_expr(const Engine *e, Shown s, const char *text)
{
    ExprResult r;
    Diag d = { 0 };
    snprintf(s.label, sizeof s.label, "%s", text);
    if (expr_eval(e, text, 0, &r, &d) != 0) {
        snprintf(s.error, sizeof s.error, "%s", d.kind == DIAG_NOT_COMPUTED ? "not computed yet" : d.msg);
        return s;
    }
    s.ok = true;
    s.m = r.m;
    return s;
}

/* A value fetched whole: its colours (gradient sign, pooling windows, the
 * terms an explanation names) and P_pool's note. */
static void shown_styles(const Engine *e, const ViewState *vs, int k_op, const OpItem *it, int channel, Shown *s)
{
    bool pool = it->value == ENGINE_ITEM_PPOOL;
    s->ok = true;
    s->zero_one = pool;
    s->gradient = !pool && values_is_gradient(e, it->value);
    pool_styles(e, vs, k_op, it, s);
    if (pool) {
        int d = 1;
        (void)engine_pool_outputs(e, it->layer, &d);
        ones_note(s, channel, d > 0 ? d : 1, s->m.cols * view_cell_width(s, vs));
    } else if (channel > 0 && engine_pool_role(e, k_op, it) == POOL_ROLE_INPUT) {
        s->window = engine_pool_window(e, it->layer);
    }
    if (!pool) {
        mark_terms(e, vs, it->value, channel, s);
    }
}

/* A derive question's wrong answer: a copy, the entries that differ marked. */
static Shown shown_answer(const ViewState *vs, Shown s)
{
    snprintf(s.label, sizeof s.label, "%s", vs->answer_label);
    snprintf(s.note, sizeof s.note, "%s", vs->answer_note);
    size_t n = view_count(vs->answer);
    if (value_copy(vs->answer, &s.m) != 0 || (s.style = calloc(n + 1, 1)) == NULL) {
        snprintf(s.error, sizeof s.error, "out of memory");
        return s;
    }
    for (size_t k = 0; k < n && vs->answer_differs != NULL; k++) {
        s.style[k] = vs->answer_differs[k] ? STYLE_ERROR : 0;
    }
    s.ok = true;
    s.highlighted = true;
    return s;
}

/* The lesson's highlight, when it is this item (by name, or NAME[c]). */
static void mark_highlight(const ViewState *vs, const OpItem *it, Shown *s)
{
    char with_channel[64];
    snprintf(with_channel, sizeof with_channel, "%s[%d]", it->name, vs->channel);
    if (vs->highlight[0] != '\0' &&
        (strcmp(it->name, vs->highlight) == 0 || (vs->channel > 0 && strcmp(with_channel, vs->highlight) == 0))) {
        s->hl_row = vs->hl_row;
        s->hl_col = vs->hl_col;
        s->highlighted = true;
    }
}

Shown view_shown_get(const Engine *e, const ViewState *vs, int k_op, const OpItem *it)
{
    Shown s;
    memset(&s, 0, sizeof s);
    if (it->value == VIEW_ITEM_ANSWER && vs->answer != NULL) {
        return shown_answer(vs, s);
    }
    s.written = it->written;
    mark_highlight(vs, it, &s);
    if (it->value == VIEW_ITEM_EXPR) {
        s = shown_expr(e, s, it->name);
        if (s.ok && it->layer > 0) { /* eq. (6)'s factors: shaped like Z^{m+1}, its windows' colours */
            pool_styles_as(e, vs, it->layer, POOL_ROLE_OUTPUT, &s);
        }
        return s;
    }
    bool pool = it->value == ENGINE_ITEM_PPOOL;
    int pool_channels = 0;
    int channels = pool ? (engine_pool_outputs(e, it->layer, &pool_channels) > 0 ? pool_channels : vs->channel)
                        : values_channels(e, it->value);
    int channel = vs->channel > 0 && vs->channel <= channels ? vs->channel : 0; /* fewer channels: show it whole */
    ValueRef ref;
    Diag d = { 0 };
    diag_clear(&d);
    int rc = pool ? values_get_ppool(e, it->layer, channel, 0, &s.m, &ref, &d)
                  : values_get_id(e, it->value, channel, 0, &s.m, &ref, &d);
    if (!pool) {
        /* the value's one name (aliases such as dz4 are accepted as input only) */
        if (channel > 0) {
            snprintf(ref.label, sizeof ref.label, "%s[%d]", it->name, channel);
        } else {
            snprintf(ref.label, sizeof ref.label, "%s", it->name);
        }
    }
    snprintf(s.label, sizeof s.label, "%s", ref.label);
    if (rc == 0 && pool) {
        rc = ppool_drawable(&s, channel > 0 && pool_channels > 1, &d);
    }
    if (rc != 0) {
        snprintf(s.error, sizeof s.error, "%s", d.kind == DIAG_NOT_COMPUTED ? "not computed yet" : d.msg);
        /* the shape is known before the values are */
        if (pool) {
            values_ppool_shape(e, it->layer, channel, &s.m.rows, &s.m.cols);
        } else {
            values_shape(e, it->value, channel, &s.m.rows, &s.m.cols);
        }
        return s;
    }
    shown_styles(e, vs, k_op, it, channel, &s);
    if (values_is_target(e, it->value)) { /* "y = e_8: class 7" under the target */
        values_target_class(e, s.note, sizeof s.note);
    }
    return s;
}

void view_shown_release(Shown *s)
{
    value_release(&s->m);
    free(s->style);
    free(s->win_of);
    s->style = NULL;
    s->win_of = NULL;
}

/* Width of one entry in numbers mode. With a fixed number of decimals the
 * printed width grows with |x| on each side of zero, so only the largest
 * entry, the most negative one and any NaN or infinity are formatted (a
 * 32 x 784 map costs one pass, not 25,088 snprintf calls a frame). */
int view_entry_width(const Shown *s, int decimals)
{
    char num[64];
    int w = 1;
    size_t n = view_count(&s->m);
    if (decimals < 0) {
        for (size_t k = 0; k < n; k++) {
            fmt_number(num, sizeof num, s->m.data[k], decimals);
            int len = (int)strlen(num);
            w = len > w ? len : w;
        }
        return w;
    }
    double hi = 0.0, lo = 0.0;
    bool nan = false, neg_inf = false, pos_inf = false;
    for (size_t k = 0; k < n; k++) {
        double x = s->m.data[k];
        if (isnan(x)) {
            nan = true;
        } else if (isinf(x)) {
            neg_inf = neg_inf || x < 0;
            pos_inf = pos_inf || x > 0;
        } else if (x > hi) {
            hi = x;
        } else if (x < lo) {
            lo = x;
        }
    }
    double probes[] = { hi, lo, nan ? NAN : 0.0, neg_inf ? -INFINITY : 0.0, pos_inf ? INFINITY : 0.0 };
    for (size_t k = 0; k < sizeof probes / sizeof *probes; k++) {
        fmt_number(num, sizeof num, probes[k], decimals);
        int len = (int)strlen(num);
        w = len > w ? len : w;
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

static bool window_letters(const Shown *s, const ViewState *vs)
{
    return !vs->colour && s->win_of != NULL && vs->look == LOOK_NUMBERS;
}

int view_cell_width(const Shown *s, const ViewState *vs)
{
    if ((vs->look == LOOK_IMAGE)) {
        return 1; /* a half block: square pixels, two rows per line */
    }
    if ((vs->look == LOOK_HEATMAP)) {
        return vs->decimals == 0 ? 1 : 2; /* two columns make a roughly square cell */
    }
    /* without colour, a pooling window's letter follows its entries */
    return view_entry_width(s, shown_decimals(s, vs)) + 1 + (window_letters(s, vs) ? 1 : 0);
}

/* Natural size of an item's box: header, entries, footer. */
void view_natural_size(const Shown *s, const ViewState *vs, int *w, int *h)
{
    char head[96];
    snprintf(head, sizeof head, "%s  %d x %d%s", s->label, s->m.rows, s->m.cols,
             s->highlighted ? "  (see the narration)" : s->written ? "  (written)" : "");
    int hw = (int)strlen(head) + 2;
    if (!s->ok) {
        *w = view_clamp((int)strlen(s->error) + 2, hw, 200);
        *h = 2;
        return;
    }
    *w = s->m.cols * view_cell_width(s, vs) + 3;
    *w = *w < hw + 2 ? hw + 2 : *w;
    *h = ((vs->look == LOOK_IMAGE) ? (s->m.rows + 1) / 2 : s->m.rows) + 1 + (vs->look != LOOK_NUMBERS || s->note[0] ? 1 : 0);
    int nw = (int)strlen(s->note) + 3; /* header, rows, legend or note */
    *w = *w < nw && vs->look == LOOK_NUMBERS ? nw : *w;
}

/* Heatmap glyphs by magnitude (1-4 of 4). With colour the hue gives the sign;
 * without (NO_COLOR) negative entries take round glyphs, positive square ones. */
static const char *const SHADES_UTF8[] = { " ", "\u2591", "\u2592", "\u2593", "\u2588" };
static const char *const SHADES_ASCII[] = { " ", ".", ":", "o", "#" };
static const char *const NEG_UTF8[] = { " ", "\u00b7", "\u2218", "\u25cb", "\u25cf" };
static const char *const NEG_ASCII[] = { " ", "-", "~", "=", "@" };

int view_heat_level(double x, double amax)
{
    int level = amax > 0.0 ? (int)ceil(4.0 * fabs(x) / amax) : 0;
    level = view_clamp(level, 0, 4);
    return x < 0.0 ? -level : level;
}

/* The styles a heatmap cell keeps (pooling colours, selection, marks) rather
 * than its sign's. */
/* Whether a cell's style overrides the heatmap's sign colours: a selection
 * or a mark does; the pooling windows' colours do not (the heatmap's legend
 * promises the sign; the windows stay in the numbers view). */
static bool keeps_style(Style st)
{
    bool pool = st >= STYLE_POOL_1 && st < STYLE_POOL_1 + STYLE_POOL_COLOURS;
    return st != STYLE_NORMAL && st != STYLE_WRITTEN && st != STYLE_DIM && st != STYLE_GRAD_POS &&
           st != STYLE_GRAD_NEG && !pool;
}

const char *view_heat_glyph(const ViewState *vs, int level)
{
    int mag = level < 0 ? -level : level;
    mag = mag > 4 ? 4 : mag;
    return level >= 0 || vs->colour ? (vs->unicode ? SHADES_UTF8[mag] : SHADES_ASCII[mag])
                                    : (vs->unicode ? NEG_UTF8[mag] : NEG_ASCII[mag]);
}

static void heat_cell(Canvas *c, const ViewState *vs, int x, int y, int w, double v, double amax, Style st)
{
    int level = view_heat_level(v, amax);
    const char *glyph = view_heat_glyph(vs, level);
    Style style = keeps_style(st) ? st : level == 0 ? STYLE_DIM : STYLE_HEAT(level);
    for (int q = 0; q < w; q++) {
        canvas_text(c, x + q, y, glyph, style, 1);
    }
}

/* Tone 0..8 of x for the image view: -4..4 shifted. */
static int tone(double x, double amax)
{
    return view_heat_level(x, amax) + 4;
}

int view_image_factor(const Shown *s, int w, int h)
{
    int lines = h - 2, cols = w - 2, f = 1; /* header and legend */
    while (f < 64 && (((s->m.rows + f - 1) / f + 1) / 2 > lines || (s->m.cols + f - 1) / f > cols)) {
        f++;
    }
    return f;
}

/* The mean of the f x f block (bi, bj) of the shown matrix. */
static double block_mean(const Shown *s, int bi, int bj, int f)
{
    double sum = 0.0;
    int n = 0;
    for (int i = bi * f; i < (bi + 1) * f && i < s->m.rows; i++) {
        for (int j = bj * f; j < (bj + 1) * f && j < s->m.cols; j++) {
            sum += MAT_AT(s->m, i, j);
            n++;
        }
    }
    return n > 0 ? sum / n : 0.0;
}

/* Image view: block rows 2i and 2i+1 (f x f averages; f = 1 is the entries)
 * as one line of half blocks: upper pixel in the foreground colour, lower
 * in the background. */
static void image_row(Canvas *c, const ViewState *vs, const Shown *s, int x, int y, int top, int f, double amax,
                      bool focused)
{
    int brows = (s->m.rows + f - 1) / f, bcols = (s->m.cols + f - 1) / f;
    for (int j = 0; j < bcols; j++) {
        double up = block_mean(s, top, j, f), low = top + 1 < brows ? block_mean(s, top + 1, j, f) : 0.0;
        bool sel = focused && f == 1 && vs->sel_col == j + 1 && (vs->sel_row == top + 1 || vs->sel_row == top + 2);
        Style st = sel ? STYLE_SELECTED : (Style)(STYLE_IMAGE + STYLE_TONES * tone(up, amax) + tone(low, amax));
        canvas_text(c, x + j, y, vs->unicode ? "\u2580" : "\"", st, 1);
    }
}

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

/* Entry (i, j) of s (0-based) at (cx, cy), cw columns wide; a window's
 * edge before it when it starts a pooling window (not the first shown). */
static void draw_cell(Canvas *c, const ViewState *vs, const Shown *s, int i, int j, int cx, int cy, int cw,
                      double amax, bool selected, bool edge_ok)
{
    int letters = window_letters(s, vs) ? 1 : 0;
    size_t k = (size_t)i + (size_t)s->m.rows * (size_t)j;
    double x = s->m.data[k];
    Style st = selected ? STYLE_SELECTED : value_style(s, k, x); /* the clicked entry: x explains it */
    if (s->window > 1 && edge_ok && j % s->window == 0 && vs->look != LOOK_HEATMAP) { /* a window's edge */
        canvas_text(c, cx - 1, cy, vs->unicode ? "\u2506" : "|", STYLE_DIM, 1);
    }
    if (vs->look == LOOK_HEATMAP) {
        heat_cell(c, vs, cx, cy, cw, x, amax, st);
    } else if (s->zero_one && x == 0.0) {
        canvas_text(c, cx + cw - 2 - letters, cy, vs->unicode ? "\u00b7" : ".", STYLE_DIM, 1);
    } else {
        char num[64];
        fmt_number(num, sizeof num, x, shown_decimals(s, vs));
        view_fit_number(num, sizeof num, x, cw - 1 - letters);
        char cell[80];
        snprintf(cell, sizeof cell, "%*s", cw - 1 - letters, num);
        canvas_text(c, cx, cy, cell, st, cw - 1 - letters);
    }
    if (letters && s->win_of[k] > 0) {
        /* without colour the windows are told apart by letter: a, b, c, ... */
        char letter[2] = { (char)('a' + (s->win_of[k] - 1) % 26), '\0' };
        canvas_text(c, cx + cw - 2, cy, letter, STYLE_NORMAL, 1);
    }
}

/* The line under an item: what part is shown, P_pool's note, the legend. */
static void item_footer(const ViewState *vs, const Shown *s, int r0, int c0, int vis_rows, int vis_cols, double amax,
                        int f, bool focused, char *foot, size_t size)
{
    int shown_rows = s->m.rows - r0 < vis_rows ? s->m.rows - r0 : vis_rows;
    int shown_cols = s->m.cols - c0 < vis_cols ? s->m.cols - c0 : vis_cols;
    if (shown_rows < s->m.rows || shown_cols < s->m.cols) {
        snprintf(foot, size, "rows %d-%d of %d, cols %d-%d of %d%s", r0 + 1, r0 + shown_rows, s->m.rows,
                 c0 + 1, c0 + shown_cols, s->m.cols, focused ? "  (HJKL pan)" : "  (tab to focus)");
    }
    if (s->note[0] != '\0' && vs->look == LOOK_NUMBERS) {
        char with[256];
        snprintf(with, sizeof with, "%s%s%s", s->note, foot[0] ? "; " : "", foot);
        snprintf(foot, size, "%.159s", with);
    }
    if (vs->look != LOOK_NUMBERS) {
        char legend[128], num[48];
        fmt_number(num, sizeof num, amax, -1);
        const char *sign = (vs->look == LOOK_IMAGE) ? "bright+ red-" : vs->colour ? "blue+ red-"
                         : vs->unicode ? "\u2591\u2588+ \u00b7\u25cf-" : ".#+ -@-";
        char scale[16] = "";
        if (f > 1) { /* the map was averaged f x f to fit whole */
            snprintf(scale, sizeof scale, "1:%d ", f);
        }
        snprintf(legend, sizeof legend, "%s%s|x|<=%s %s", foot[0] ? "; " : "", scale, num, sign);
        strncat(foot, legend, size - strlen(foot) - 1);
    }
}

void view_draw_item(Canvas *c, const ViewState *vs, Rect r, Shown *s, bool focused)
{
    char head[128];
    snprintf(head, sizeof head, "%s%s  %d x %d%s", focused ? (vs->unicode ? "\u25b8" : ">") : " ", s->label,
             s->m.rows, s->m.cols, s->highlighted ? "  (see the narration)" : s->written ? "  (written)" : "");
    canvas_text_cut(c, r.x, r.y, head, focused ? STYLE_SELECTED : STYLE_HEADER, r.w, vs->unicode);
    if (!s->ok) {
        canvas_text_cut(c, r.x + 2, r.y + 1, s->error, STYLE_DIM, r.w - 2, vs->unicode);
        return;
    }
    int cw = view_cell_width(s, vs);
    int vis_cols = (r.w - 2) / cw;
    bool clipped = s->m.rows > r.h - 1 || s->m.cols > vis_cols;
    int vis_rows = r.h - 1 - ((clipped || vs->look != LOOK_NUMBERS || s->note[0] != '\0') ? 1 : 0);
    vis_rows = vis_rows < 1 ? 1 : vis_rows;
    if ((vs->look == LOOK_IMAGE)) {
        vis_rows = 2 * (r.h - 2 > 0 ? r.h - 2 : 1); /* entry rows: two per line */
    }
    vis_cols = vis_cols < 1 ? 1 : vis_cols;
    int r0 = focused ? view_clamp(vs->pan_row, 0, s->m.rows - 1 > 0 ? s->m.rows - 1 : 0) : 0;
    int c0 = focused ? view_clamp(vs->pan_col, 0, s->m.cols - 1 > 0 ? s->m.cols - 1 : 0) : 0;
    double amax = 0.0;
    for (size_t k = 0; k < view_count(&s->m); k++) {
        amax = fmax(amax, fabs(s->m.data[k]));
    }
    int f = 1;
    if ((vs->look == LOOK_IMAGE)) { /* the whole map, averaged f x f when it would not fit */
        f = view_image_factor(s, r.w, r.h);
        r0 = c0 = 0;
        int brows = (s->m.rows + f - 1) / f;
        for (int i = 0; 2 * i < brows && i < r.h - 2; i++) {
            image_row(c, vs, s, r.x + 2, r.y + 1 + i, 2 * i, f, amax, focused);
        }
        vis_rows = s->m.rows;
        vis_cols = s->m.cols;
    }
    for (int i = 0; vs->look != LOOK_IMAGE && i < vis_rows && r0 + i < s->m.rows; i++) {
        for (int j = 0; j < vis_cols && c0 + j < s->m.cols; j++) {
            bool selected = focused && vs->sel_row == r0 + i + 1 && vs->sel_col == c0 + j + 1;
            draw_cell(c, vs, s, r0 + i, c0 + j, r.x + 2 + j * cw, r.y + 1 + i, cw, amax, selected, j > 0);
        }
    }
    char foot[160] = "";
    item_footer(vs, s, r0, c0, vis_rows, vis_cols, amax, f, focused, foot, sizeof foot);
    if (foot[0] != '\0') {
        canvas_text_cut(c, r.x + 2, r.y + r.h - 1, foot, STYLE_DIM, r.w - 2, vs->unicode);
    }
}
