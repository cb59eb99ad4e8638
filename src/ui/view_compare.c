/* view_compare.c: compare mode in the terminal, per channel as the slides
 * draw it (Notes on ReLU + max pooling VI-X): eq. (5) as v^T P_pool (v1..v4
 * landing on their columns) (.) vec(I[S])^T, eq. (6) as v^T (.) vec(I[Z])^T
 * then P_pool, in the channel's own mat() forms, then the entry-by-entry
 * verdict. A channel too large to draw whole goes to view_compare_big.c.
 * Must not: include curses.h, do I/O or read the network. */
#include <stdio.h>
#include <string.h>

#include "../debugger/compare.h"
#include "../debugger/format.h"
#include "../base/textwidth.h"
#include "../debugger/notation.h"
#include "view_internal.h"

/* ---- the slides' drawing, one channel ------------------------------------ */

typedef struct {
    const Engine *e;
    const ViewState *vs;
    const Comparison *cmp;
    ConvGeom g;
    int m, ch;
    int wide; /* the widest entry: 7 where the box has the room, else CMPV_WIDE */
    bool many; /* more than one channel on screen: each band says which */
    uint8_t win[CMPV_MAX_PIX]; /* per pixel of S's channel: 1 + the window whose P_pool row reaches it, 0 none */
    uint8_t out_colour[CMPV_MAX_PIX]; /* per output pixel: its window's colour */
} Chan;

static CmpGrid chan_grid(const Chan *k, const Matrix *vals, bool small)
{
    CmpGrid g = { vals, small ? k->g.ao : k->g.ac, small ? k->g.bo : k->g.bc, k->g.dout, k->ch, k->wide, 0, 0, { 0 } };
    for (int pix = 0; pix < g.rows * g.cols && pix < CMPV_MAX_PIX; pix++) {
        if (small) {
            g.styles[pix] = k->out_colour[pix];
        } else if (k->win[pix] != 0 && cmpv_at(&g, pix) != 0.0) {
            g.styles[pix] = (uint8_t)(STYLE_POOL_1 + (k->win[pix] - 1) % STYLE_POOL_COLOURS);
        }
    }
    cmpv_grid_prepare(&g);
    return g;
}

/* Grids left to right with the operator texts between them, on band rows
 * y..; the operators on the grids' middle row; returns the width used. */
static int draw_chain(Canvas *cv, const Chan *k, int x, int y, const CmpGrid *grids, const char *const *ops, int n,
                      bool draw)
{
    int rows = k->g.ac > k->g.ao ? k->g.ac : k->g.ao, x0 = x;
    for (int i = 0; i < n; i++) {
        if (i > 0) {
            char op[48];
            cmpv_render(k->vs, ops[i - 1], op, sizeof op);
            int w = (int)text_width(op);
            if (draw) {
                canvas_text_cut(cv, x + 1, y + (rows - 1) / 2, op, STYLE_DIM, w, k->vs->unicode);
            }
            x += w + 2;
        }
        if (draw) {
            cmpv_grid_draw(cv, &grids[i], x, y);
        }
        x += cmpv_grid_width(&grids[i]);
    }
    return x - x0;
}

/* "v1->6 v2->8 v3->14 v4->15 [11 15 27 29]": the per-channel column
 * of each P_pool row's 1 (the slides' numbering), the interleaved one in
 * brackets where it differs; under average pooling, the spread. */
static void landing_map(const Chan *k, char *map, size_t size)
{
    int len = 0, nout = k->g.ao * k->g.bo;
    if (k->cmp->pool != POOL_MAX) {
        snprintf(map, size, "each v spread over its %dx%d window, x 1/%d", k->g.pool, k->g.pool, k->g.pool * k->g.pool);
        return;
    }
    map[0] = '\0';
    for (int opix = 0; opix < nout && len < (int)size - 24; opix++) {
        int col = 0;
        double w;
        (void)compare_pool_columns(k->e, k->m, k->ch + k->g.dout * opix, &col, 1, &w);
        len += snprintf(map + len, size - (size_t)len, "%sv%d%s%d", opix == 0 ? "" : " ", opix + 1,
                        k->vs->unicode ? "\u2192" : "->", col + 1);
    }
    if (k->g.dout > 1) { /* the interleaved positions, in brackets */
        len += snprintf(map + len, size - (size_t)len, " [");
        for (int opix = 0; opix < nout && len < (int)size - 12; opix++) {
            int col = 0;
            double w;
            (void)compare_pool_columns(k->e, k->m, k->ch + k->g.dout * opix, &col, 1, &w);
            len += snprintf(map + len, size - (size_t)len, "%s%d", opix == 0 ? "" : " ", k->ch + k->g.dout * col + 1);
        }
        snprintf(map + len, size - (size_t)len, "]");
    }
}

/* Eq. (5): v^T P_pool (.) sigma'(S) = (5). Returns the rows used. */
static int band_eq5(Canvas *cv, const Chan *k, Rect r, int y, bool draw)
{
    const Comparison *cmp = k->cmp;
    CmpGrid g[3] = { chan_grid(k, &cmp->vtp, false), chan_grid(k, &cmp->dsig, false), chan_grid(k, &cmp->eq5, false) };
    for (int pix = 0; pix < g[1].rows * g[1].cols && pix < CMPV_MAX_PIX; pix++) {
        g[1].styles[pix] = 0; /* sigma'(S): by value, its zeros dim */
    }
    const char *ops[] = { "\\odot", "=" };
    if (draw) {
        char mk[420], label[460], map[300];
        landing_map(k, map, sizeof map);
        char which[32] = "";
        if (k->many) {
            snprintf(which, sizeof which, "channel %d: ", k->ch + 1);
        }
        if (cmp->act == ACT_RELU) {
            snprintf(mk, sizeof mk, "%s(5) = v^T P_pool \\odot vec(I[S^%d])^T: %s", which, k->m, map);
        } else {
            snprintf(mk, sizeof mk, "%s(5) = v^T P_pool \\odot vec(\\sigma'(S^%d))^T: %s", which, k->m, map);
        }
        cmpv_render(k->vs, mk, label, sizeof label);
        canvas_text_cut(cv, r.x + 1, y, label, STYLE_HEADER, r.w - 2, k->vs->unicode);
        draw_chain(cv, k, r.x + 1, y + 1, g, ops, 3, true);
    }
    return 1 + k->g.ac;
}

/* Eq. (6) with the factor f (I[Z] as on the slides, or the program's):
 * v (.) f = v (.) f -> P_pool -> result. */
static int band_eq6(Canvas *cv, const Chan *k, Rect r, int y, bool program, bool draw, int *width)
{
    const Comparison *cmp = k->cmp;
    CmpGrid g[4] = { chan_grid(k, &cmp->v, true), chan_grid(k, program ? &cmp->dsig_z : &cmp->ind_z, true),
                     chan_grid(k, program ? &cmp->v_dsig_z : &cmp->v_ind, true),
                     chan_grid(k, program ? &cmp->eq6_prog : &cmp->eq6, false) };
    for (int pix = 0; pix < g[1].rows * g[1].cols && pix < CMPV_MAX_PIX; pix++) {
        g[1].styles[pix] = 0;
    }
    for (int pix = 0; pix < g[3].rows * g[3].cols && pix < CMPV_MAX_PIX; pix++) { /* where it parts from (5) */
        size_t at = (size_t)k->ch + (size_t)k->g.dout * (size_t)pix;
        if (compare_entry_differs(cmp->eq5.data[at], g[3].vals->data[at])) {
            g[3].styles[pix] = STYLE_ERROR;
        }
    }
    const char *ops[] = { "\\odot", "=", "P_pool \\to" };
    *width = draw_chain(cv, k, r.x + 1, y + 1, g, ops, 4, false);
    if (draw) {
        char mk[240], label[280], factor[120], avg[64];
        snprintf(avg, sizeof avg, ": P_pool holds 1/%d at each window's entries", k->g.pool * k->g.pool);
        if (program) {
            compare_factor_markup(cmp->act, k->m, factor, sizeof factor);
            snprintf(mk, sizeof mk, "(6) = (v^T \\odot %s) P_pool, as bpstep runs it", factor);
        } else {
            snprintf(mk, sizeof mk, "%s = (v^T \\odot vec(I[Z^%d])^T) P_pool%s", cmp->act == ACT_RELU ? "(6)" : "slide (6)",
                     k->m + 1, cmp->pool != POOL_MAX ? avg : cmp->act == ACT_RELU ? "" : ", literally as on the slides");
        }
        cmpv_render(k->vs, mk, label, sizeof label);
        canvas_text_cut(cv, r.x + 1, y, label, STYLE_HEADER, r.w - 2, k->vs->unicode);
        draw_chain(cv, k, r.x + 1, y + 1, g, ops, 4, true);
    }
    return 1 + (k->g.ac > k->g.ao ? k->g.ac : k->g.ao);
}

/* Entry pix of channel ch of a comparison matrix over S^m. */
static double chan_at(const Chan *k, const Matrix *m, int pix)
{
    return m->data[(size_t)k->ch + (size_t)k->g.dout * (size_t)pix];
}

/* How many entries of the channel's (6) (slide or program) part from (5). */
static int chan_differ(const Chan *k, const Matrix *eq6)
{
    int n = 0;
    for (int pix = 0; pix < k->g.ac * k->g.bc; pix++) {
        n += compare_entry_differs(chan_at(k, &k->cmp->eq5, pix), chan_at(k, eq6, pix));
    }
    return n;
}

/* The slides' V-X argument, on this channel: where I[S] is 0, v^T P_pool
 * already is (ReLU + max pooling), so (5) = (6). */
static void verdict_relu(const Chan *k, char *line, size_t size)
{
    int n = k->g.ac * k->g.bc, zeros = 0, hit = 0, len;
    char at[96] = "";
    for (int pix = 0; pix < n; pix++) {
        if (chan_at(k, &k->cmp->dsig, pix) == 0.0) {
            zeros++;
            hit += chan_at(k, &k->cmp->vtp, pix) != 0.0;
            size_t used = strlen(at);
            if (used + 8 < sizeof at) {
                snprintf(at + used, sizeof at - used, "%s%d", used == 0 ? "" : " ", pix + 1);
            }
        }
    }
    int differ = chan_differ(k, &k->cmp->eq6);
    len = differ == 0 ? snprintf(line, size, "(5) = (6) in all %d. ", n)
                      : snprintf(line, size, "(5) and (6) differ in %d of %d (marked). ", differ, n);
    if (zeros == 0) {
        snprintf(line + len, size - (size_t)len, "I[S^%d] has no 0 in this channel", k->m);
    } else if (hit == 0) {
        snprintf(line + len, size - (size_t)len, "I[S^%d] = 0 at %s: v^T P_pool is 0 there too", k->m, at);
    } else {
        snprintf(line + len, size - (size_t)len, "I[S^%d] is 0 at %s; it zeroes %d entries of v^T P_pool, and I[Z] does too",
                 k->m, at, hit);
    }
}

static void verdict_line(const Chan *k, char *line, size_t size)
{
    const Comparison *cmp = k->cmp;
    int n = k->g.ac * k->g.bc, slide = chan_differ(k, &cmp->eq6), prog = chan_differ(k, &cmp->eq6_prog);
    double most = 0.0;
    for (int pix = 0; pix < n; pix++) {
        double d = chan_at(k, &cmp->eq5, pix) - chan_at(k, &cmp->eq6, pix);
        most = d < 0 ? (-d > most ? -d : most) : (d > most ? d : most);
    }
    char num[64];
    snprintf(num, sizeof num, "%.3g", most); /* the number is in batch compare in full */
    if (cmp->pool != POOL_MAX && slide == 0) {
        snprintf(line, size, "(6) = (5) in all %d here, but only as I[S^%d] has no 0 in this channel", n, k->m);
    } else if (cmp->pool != POOL_MAX) {
        snprintf(line, size, "(6) parts from (5) in %d of %d (marked), max %s: only I[S] sees the zeros",
                 slide, n, num);
    } else if (cmp->act == ACT_RELU) {
        verdict_relu(k, line, size);
    } else {
        snprintf(line, size, "slide (6) parts from (5) in %d of %d (marked), max %s; (6) = (5) in all %d",
                 slide, n, num, n);
        if (prog > 0) {
            snprintf(line, size, "slide (6) parts from (5) in %d of %d, (6) in %d (marked), max %s", slide, n, prog, num);
        }
    }
}

/* The program's (6) in one line when its band does not fit: the factor's
 * entries (vec order of the channel) and how it meets (5). */
static void program_line(Canvas *cv, const Chan *k, Rect r, int y)
{
    char factor[120], mk[200], text[300], nums[200] = "";
    compare_factor_short(k->cmp->act, k->m, factor, sizeof factor);
    snprintf(mk, sizeof mk, "(6) as bpstep runs it: v^T \\odot (%s) = [", factor);
    cmpv_render(k->vs, mk, text, sizeof text);
    CmpGrid g = { &k->cmp->v_dsig_z, k->g.ao, k->g.bo, k->g.dout, k->ch, k->wide, 0, 0, { 0 } };
    cmpv_grid_prepare(&g);
    for (int pix = 0; pix < g.rows * g.cols; pix++) {
        char num[64];
        cmpv_number(num, sizeof num, cmpv_at(&g, pix), g.dec);
        size_t used = strlen(nums);
        snprintf(nums + used, sizeof nums - used, "%s%s", used == 0 ? "" : " ", num);
    }

    size_t used = strlen(text);
    snprintf(text + used, sizeof text - used, "%s] %s P_pool", nums, k->vs->unicode ? "\u2192" : "->");

    canvas_text_cut(cv, r.x + 1, y, text, STYLE_HEADER, r.w - 2, k->vs->unicode);
}

/* The pooling windows' colours: per output pixel, and per pixel of S that
 * its P_pool row reaches. */
static void chan_colours(Chan *k)
{
    memset(k->win, 0, sizeof k->win);
    for (int opix = 0; opix < k->g.ao * k->g.bo && opix < CMPV_MAX_PIX; opix++) {
        int cols[64];
        double w;
        int n = compare_pool_columns(k->e, k->m, k->ch + k->g.dout * opix, cols, 64, &w);
        k->out_colour[opix] = (uint8_t)(STYLE_POOL_1 + opix % STYLE_POOL_COLOURS);
        for (int i = 0; i < n; i++) {
            if (cols[i] >= 0 && cols[i] < CMPV_MAX_PIX) {
                k->win[cols[i]] = (uint8_t)(opix + 1);
            }
        }
    }
}

/* Rows one channel takes: (5), slide (6), the program's (6) (a band, or
 * one line when full is false) and the verdict. */
static int chan_rows(const Chan *k, bool full)
{
    int tall = k->g.ac > k->g.ao ? k->g.ac : k->g.ao;
    int rows = (1 + k->g.ac) + (1 + tall) + 1;
    if (k->cmp->act != ACT_RELU && k->cmp->pool == POOL_MAX) {
        rows += full ? 1 + tall : 1;
    }
    return rows;
}

/* Whether the slides' drawing of a channel fits r's width. */
static bool chan_fits_width(Canvas *cv, const Chan *k, Rect r)
{
    int w6 = 0, w6p = 0;
    band_eq6(cv, k, r, 0, false, false, &w6);
    band_eq6(cv, k, r, 0, true, false, &w6p);
    const Comparison *cmp = k->cmp;
    CmpGrid g[3] = { chan_grid(k, &cmp->vtp, false), chan_grid(k, &cmp->dsig, false), chan_grid(k, &cmp->eq5, false) };
    const char *ops[] = { "\\odot", "=" };
    int w5 = draw_chain(cv, k, 0, 0, g, ops, 3, false);
    int most = w5 > w6 ? w5 : w6;
    most = w6p > most ? w6p : most;
    return k->g.ac * k->g.bc <= CMPV_MAX_PIX && most <= r.w - 2;
}

static int draw_channel(Canvas *cv, Chan *k, Rect r, int y, bool full)
{
    chan_colours(k);
    y += band_eq5(cv, k, r, y, true);
    int w = 0;
    y += band_eq6(cv, k, r, y, false, true, &w);
    if (k->cmp->act != ACT_RELU && k->cmp->pool == POOL_MAX) {
        if (full) {
            y += band_eq6(cv, k, r, y, true, true, &w);
        } else {
            program_line(cv, k, r, y++);
        }
    }
    char mk[400], line[480];
    verdict_line(k, mk, sizeof mk);
    cmpv_render(k->vs, mk, line, sizeof line);
    int differ = chan_differ(k, &k->cmp->eq6);
    canvas_text_cut(cv, r.x + 1, y++, line, differ == 0 ? STYLE_WRITTEN : STYLE_ERROR, r.w - 2, k->vs->unicode);
    return y;
}

/* What (5) keeps that (6) does not, then why they agree or part, in the
 * rows left. */
static void draw_rest(Canvas *c, const Engine *e, const ViewState *vs, Rect r, int y, const Comparison *cmp, int m)
{
    char line[200];
    size_t s_bytes = view_count(&cmp->eq5) * sizeof(double);
    char mk[200];
    snprintf(mk, sizeof mk, "(5) also keeps S^%d: %zu B; network (5) %zu B, (6) %zu B", m, s_bytes,
             engine_saved_bytes(e, RULE_EQ5), engine_saved_bytes(e, RULE_EQ6));
    cmpv_render(vs, mk, line, sizeof line);
    if (y < r.y + r.h - 1) {
        canvas_text_cut(c, r.x + 1, y++, line, STYLE_NORMAL, r.w - 2, vs->unicode);
    }
    if (y >= r.y + r.h - 1) {
        return;
    }
    StrBuf why, flow;
    sb_init(&why);
    sb_init(&flow);
    compare_explain_engine(&why, e, m);
    for (const char *q = sb_str(&why); *q != '\0'; q++) { /* one flowing paragraph */
        if (*q == '\n' || (*q == ' ' && (flow.len == 0 || flow.text[flow.len - 1] == ' '))) {
            if (flow.len > 0 && flow.text[flow.len - 1] != ' ') {
                sb_append(&flow, " ");
            }
            continue;
        }
        sb_appendn(&flow, q, 1);
    }
    if (view_wrap(sb_str(&flow), r.w - 4)->n <= r.y + r.h - 1 - y) { /* whole, or not: half a reason misleads */
        view_draw_wrapped(c, (Rect){ r.x, y - 1, r.w, r.y + r.h - y + 1 }, sb_str(&flow), STYLE_NARRATION, false);
    }
    sb_release(&flow);
    sb_release(&why);
}

static void draw_title(Canvas *c, const ViewState *vs, Rect r, int m, int first, int shown, int dout)
{
    char title[160], chans[64];
    if (shown == dout && dout > 1) {
        snprintf(chans, sizeof chans, "channels 1-%d", dout);
    } else if (shown > 1) {
        snprintf(chans, sizeof chans, "channels %d-%d of %d", first + 1, first + shown, dout);
    } else {
        snprintf(chans, sizeof chans, "channel %d of %d", first + 1, dout);
    }
    const char *keys = dout > 1 && shown < dout ? (dout > 9 ? ", keys 1-9 PgUp/PgDn" : ", keys 1-9") : "";
    snprintf(title, sizeof title, "compare eq. (5) and eq. (6): layer %d, %s%s  (e: values)", m, chans, keys);
    if (text_width(title) > r.w - 4) {
        snprintf(title, sizeof title, "eq. (5) and (6), layer %d, %s%s (e: values)", m, chans, keys);
    }
    if (text_width(title) > r.w - 4) {
        snprintf(title, sizeof title, "eq. (5) and (6), layer %d, %s (e: values)", m, chans);
    }
    canvas_box(c, r.x, r.y, r.w, r.h, title, STYLE_DIM, vs->unicode);
}

void view_draw_compare(Canvas *c, const Engine *e, const ViewState *vs, Rect r)
{
    int k = view_focus_op(e, vs);
    int lc = engine_conv_layers(e);
    int m = e->ops[k].layer <= lc ? e->ops[k].layer : lc;
    Comparison cmp;
    Diag d = { 0 };
    diag_clear(&d);
    if (m < 1 || compare_compute(e, m, &cmp, &d) != 0) { /* wrapped: the reason is often longer than the box */
        draw_title(c, vs, r, m, 0, 1, 1);
        view_draw_wrapped(c, r, m < 1 ? "this network has no conv layer" : d.msg, STYLE_DIM, false);
        return;
    }
    Chan ch = { .e = e, .vs = vs, .cmp = &cmp, .m = m };
    (void)engine_conv_geom(e, m, &ch.g);
    int dout = ch.g.dout, first = vs->channel > 0 ? view_clamp(vs->channel - 1, 0, dout - 1) : 0;
    ch.ch = first;
    ch.wide = 7;
    if (!chan_fits_width(c, &ch, r)) {
        ch.wide = CMPV_WIDE;
    }
    int inner = r.h - 2;
    bool full = chan_rows(&ch, true) <= inner - 1;
    if (!chan_fits_width(c, &ch, r) || chan_rows(&ch, false) > inner) {
        draw_title(c, vs, r, m, first, 1, dout);
        cmpv_draw_big(c, e, vs, r, &cmp, m, first);
        compare_release(&cmp);
        return;
    }
    int shown = 1;
    while (vs->channel == 0 && first + shown < dout && (shown + 1) * chan_rows(&ch, full) <= inner) {
        shown++;
    }
    draw_title(c, vs, r, m, first, shown, dout);
    ch.many = shown > 1;
    int y = r.y + 1;
    for (int i = first; i < first + shown; i++) {
        ch.ch = i;
        y = draw_channel(c, &ch, r, y, full);
    }
    draw_rest(c, e, vs, r, y, &cmp, m);
    compare_release(&cmp);
}
