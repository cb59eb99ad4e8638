/* view_compare_big.c: compare mode for a channel too large to draw whole
 * (MNIST's 28 x 28 -> 14 x 14): what teaches instead of entries 1-9 of
 * 25088. The selected output entry's pooling window through both
 * equations, the entries where v^T P_pool is nonzero, the entries where
 * I[S] zeroes one of them, and a count for the rest. Entries of different
 * vectors are never put in the same columns: each list names its positions.
 * Must not: include curses.h, do I/O or read the network. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../base/textwidth.h"
#include "../debugger/compare.h"
#include "../debugger/format.h"
#include "view_internal.h"

enum { BIG_WIN_MAX = 8 };

typedef struct {
    const Engine *e;
    const ViewState *vs;
    const Comparison *cmp;
    ConvGeom g;
    int m, ch;
    int orow, ocol; /* the selected output entry of the channel, 0-based */
} Big;

static double at(const Big *b, const Matrix *mat, int pix)
{
    return mat->data[(size_t)b->ch + (size_t)b->g.dout * (size_t)pix];
}

bool view_compare_selects(const Engine *e, const ViewState *vs)
{
    int k = view_focus_op(e, vs), lc = engine_conv_layers(e);
    int m = e->ops[k].layer <= lc ? e->ops[k].layer : lc;
    ConvGeom g;
    return m >= 1 && engine_conv_geom(e, m, &g) && g.ac * g.bc > CMPV_MAX_PIX;
}

int view_compare_channels(const Engine *e, const ViewState *vs)
{
    int k = view_focus_op(e, vs), lc = engine_conv_layers(e);
    int m = e->ops[k].layer <= lc ? e->ops[k].layer : lc;
    ConvGeom g;
    return m >= 1 && engine_conv_geom(e, m, &g) ? g.dout : 0;
}

bool view_compare_selection(const Engine *e, const ViewState *vs, int *row, int *col)
{
    int k = view_focus_op(e, vs), lc = engine_conv_layers(e);
    int m = e->ops[k].layer <= lc ? e->ops[k].layer : lc;
    ConvGeom g;
    if (m < 1 || !engine_conv_geom(e, m, &g) || g.ao < 1 || g.bo < 1) {
        return false;
    }
    int ch = vs->channel > 0 ? view_clamp(vs->channel - 1, 0, g.dout - 1) : 0;
    int chosen_row = vs->cmp_row, chosen_col = vs->cmp_col; /* row, col may point at them */
    *row = 0;
    *col = 0;
    if (chosen_row >= 0 && chosen_col >= 0) {
        *row = view_clamp(chosen_row, 0, g.ao - 1);
        *col = view_clamp(chosen_col, 0, g.bo - 1);
        return true;
    }
    Comparison cmp; /* not chosen yet: the first window (column-major) whose v is not 0 */
    Diag d = { 0 };
    if (compare_compute(e, m, &cmp, &d) != 0) {
        return true;
    }
    for (int pix = 0; pix < g.ao * g.bo; pix++) {
        if (cmp.v.data[(size_t)ch + (size_t)g.dout * (size_t)pix] != 0.0) {
            *row = pix % g.ao;
            *col = pix / g.ao;
            break;
        }
    }
    compare_release(&cmp);
    return true;
}

/* One window of a value over S^m as a pool x pool matrix into buf. */
static CmpGrid window_grid(const Big *b, const Matrix *mat, double *buf, Matrix *hold)
{
    int p = b->g.pool;
    for (int q = 0; q < p; q++) {
        for (int r = 0; r < p; r++) {
            int pix = (b->orow * p + r) + b->g.ac * (b->ocol * p + q);
            buf[r + p * q] = at(b, mat, pix);
        }
    }
    *hold = (Matrix){ p, p, buf };
    CmpGrid g = { hold, p, p, 1, 0, 7, 0, 0, { 0 } };
    cmpv_grid_prepare(&g);
    return g;
}

/* The selected window through (5) and (6): S, v^T P_pool, sigma'(S), (5), (6). */
static int draw_window(Canvas *c, const Big *b, Rect r, int y)
{
    const Comparison *cmp = b->cmp;
    const Matrix *mats[] = { &cmp->s, &cmp->vtp, &cmp->dsig, &cmp->eq5, &cmp->eq6 };
    const char *caps[] = { "", "v^T P_pool", "", "(5)", "(6)" };
    static double buf[5][BIG_WIN_MAX * BIG_WIN_MAX];
    Matrix hold[5];
    int x = r.x + 3;
    for (int i = 0; i < 5; i++) {
        CmpGrid g = window_grid(b, mats[i], buf[i], &hold[i]);
        char mk[64], cap[96];
        snprintf(mk, sizeof mk, "%s", caps[i]);
        if (i == 0) {
            snprintf(mk, sizeof mk, "S^%d window", b->m);
        } else if (i == 2) {
            snprintf(mk, sizeof mk, cmp->act == ACT_RELU ? "I[S^%d]" : "\\sigma'(S^%d)", b->m);
        }
        cmpv_render(b->vs, mk, cap, sizeof cap);
        int w = cmpv_grid_width(&g), cw = (int)text_width(cap) > w ? (int)text_width(cap) : w;
        if (x + cw >= r.x + r.w - 1) { /* the next grids on a second row */
            if (x == r.x + 3 || y + 2 * (1 + b->g.pool) >= r.y + r.h - 1) {
                break;
            }
            x = r.x + 3;
            y += 1 + b->g.pool;
        }
        canvas_text_cut(c, x, y, cap, STYLE_HEADER, cw, b->vs->unicode);
        for (int pix = 0; pix < b->g.pool * b->g.pool; pix++) {
            g.styles[pix] = i == 4 && compare_entry_differs(buf[3][pix], buf[4][pix]) ? STYLE_ERROR : 0;
        }
        cmpv_grid_draw(c, &g, x, y + 1);
        x += cw + 4;
    }
    return y + 1 + b->g.pool;
}

/* The selected output entry: its v, I[Z], and where its P_pool row's 1 is,
 * per channel as the slides number it, interleaved in brackets. */
static int draw_selected(Canvas *c, const Big *b, Rect r, int y)
{
    int opix = b->orow + b->g.ao * b->ocol, k = b->ch + b->g.dout * opix;
    char line[600], v[64], iz[64], vi[64], where[200];
    fmt_number(v, sizeof v, at(b, &b->cmp->v, opix), -1);
    fmt_number(iz, sizeof iz, at(b, &b->cmp->ind_z, opix), -1);
    fmt_number(vi, sizeof vi, at(b, &b->cmp->v_ind, opix), -1);
    int cols[BIG_WIN_MAX * BIG_WIN_MAX];
    double w = 0.0;
    int n = compare_pool_columns(b->e, b->m, k, cols, BIG_WIN_MAX * BIG_WIN_MAX, &w);
    if (b->cmp->pool == POOL_MAX && n == 1) {
        snprintf(where, sizeof where, "row %d of Ppool%d[%d] has its 1 at column %d [interleaved: row %d, column %d]",
                 opix + 1, b->m, b->ch + 1, cols[0] + 1, k + 1, b->ch + b->g.dout * cols[0] + 1);
    } else {
        snprintf(where, sizeof where, "row %d of Ppool%d[%d] [interleaved %d] has 1/%d at the %d columns of the window",
                 opix + 1, b->m, b->ch + 1, k + 1, b->g.pool * b->g.pool, n);
    }
    char mk[600];
    snprintf(mk, sizeof mk, "output entry Z%d[%d](%d,%d) (%s move it): v = %s, I[Z] = %s, v \\odot I[Z] = %s; %s",
             b->m + 1, b->ch + 1, b->orow + 1, b->ocol + 1,
             view_compare_selects(b->e, b->vs) ? "arrows or H J K L" : "H J K L", v, iz, vi, where);
    cmpv_render(b->vs, mk, line, sizeof line);
    const Wrapped *wr = view_wrap(line, r.w - 4);
    for (int i = 0; i < wr->n && i < 3 && y < r.y + r.h - 1; i++) {
        canvas_text_cut(c, r.x + 2, y++, wr->lines[i], STYLE_NORMAL, r.w - 4, b->vs->unicode);
    }
    return y;
}

/* "q (r,c) value" for each pixel of the channel where keep says, wrapped in
 * at most lines rows from y; returns the next row. */
static int draw_list(Canvas *c, const Big *b, Rect r, int y, const Matrix *vals, const int *pix, int n, int lines)
{
    StrBuf sb;
    sb_init(&sb);
    int shown = 0;
    for (; shown < n && sb.len < 4000; shown++) {
        char num[64];
        fmt_number(num, sizeof num, at(b, vals, pix[shown]), 4);
        sb_printf(&sb, "%s%d:(%d,%d)=%s", shown == 0 ? "" : ",  ", pix[shown] + 1, pix[shown] % b->g.ac + 1,
                  pix[shown] / b->g.ac + 1, num);
    }
    const Wrapped *wr = view_wrap(sb_str(&sb), r.w - 6);
    for (int i = 0; i < wr->n && i < lines && y < r.y + r.h - 1; i++) {
        bool last = i == lines - 1 && wr->n > lines;
        char line[WRAP_LINE_BYTES + 40];
        snprintf(line, sizeof line, "%s%s", wr->lines[i], last ? " ..." : "");
        canvas_text_cut(c, r.x + 4, y++, line, STYLE_NORMAL, r.w - 6, b->vs->unicode);
    }
    sb_release(&sb);
    return y;
}

/* Markup text in the terminal's notation at (x, y). */
static void big_text(Canvas *c, const Big *b, int x, int y, const char *markup, Style st, int w)
{
    char out[600];
    cmpv_render(b->vs, markup, out, sizeof out);
    canvas_text_cut(c, x, y, out, st, w, b->vs->unicode);
}

/* Where v^T P_pool is nonzero, where I[S] zeroes one of those, the rest:
 * the lists take the rows left but the verdict's. */
static int draw_lists(Canvas *c, const Big *b, Rect r, int y, int *nz, int *killed)
{
    int avail = r.y + r.h - 1 - y - 4; /* the two headers, the rest, the verdict */
    int lines1 = view_clamp(avail / 2, 1, 8), lines2 = view_clamp(avail - lines1, 1, 6);
    int n = b->g.ac * b->g.bc, cnt = 0, nk = 0;
    for (int pix = 0; pix < n; pix++) {
        if (at(b, &b->cmp->vtp, pix) != 0.0) {
            nz[cnt++] = pix;
            if (at(b, &b->cmp->dsig, pix) == 0.0) {
                killed[nk++] = pix;
            }
        }
    }
    char line[300], shown[340];
    snprintf(line, sizeof line, "v^T P_pool nonzero at %d of %d: q:(row,col)=value, interleaved %d+%d(q-1):", cnt, n,
             b->ch + 1, b->g.dout);
    cmpv_render(b->vs, line, shown, sizeof shown);
    canvas_text_cut(c, r.x + 2, y++, shown, STYLE_HEADER, r.w - 4, b->vs->unicode);
    y = draw_list(c, b, r, y, &b->cmp->vtp, nz, cnt, lines1);
    if (y >= r.y + r.h - 1) {
        return y;
    }
    if (nk == 0) {
        snprintf(line, sizeof line, "I[S%d] zeroes none of them: where I[S] is 0, v^T P_pool is 0 already", b->m);
        big_text(c, b, r.x + 2, y++, line, STYLE_HEADER, r.w - 4);
    } else {
        snprintf(line, sizeof line, "I[S%d] zeroes %d of them (windows of negatives: I[Z] is 0 too):", b->m, nk);
        big_text(c, b, r.x + 2, y++, line, STYLE_HEADER, r.w - 4);
        y = draw_list(c, b, r, y, &b->cmp->vtp, killed, nk, lines2);
    }
    if (y < r.y + r.h - 1) {
        snprintf(line, sizeof line, "the other %d entries are 0 in v^T P_pool, so in (5) and in (6): no window's max is there",
                 n - cnt);
        big_text(c, b, r.x + 2, y++, line, STYLE_DIM, r.w - 4);
    }
    return y;
}

void cmpv_draw_big(Canvas *c, const Engine *e, const ViewState *vs, Rect r, const Comparison *cmp, int m, int ch)
{
    Big b = { .e = e, .vs = vs, .cmp = cmp, .m = m, .ch = ch };
    (void)engine_conv_geom(e, m, &b.g);
    if (b.g.pool > BIG_WIN_MAX || !view_compare_selection(e, vs, &b.orow, &b.ocol)) {
        view_draw_wrapped(c, r, "this pooling window is too large to draw", STYLE_DIM, false);
        return;
    }
    int y = r.y + 1, n = b.g.ac * b.g.bc;
    char line[300];
    snprintf(line, sizeof line, "channel %d of %d: Z%d[%d] is %d x %d, S%d[%d] %d x %d (%d of %zu): too large to draw",
             ch + 1, b.g.dout, m + 1, ch + 1, b.g.ao, b.g.bo, m, ch + 1, b.g.ac, b.g.bc, n, view_count(&cmp->eq5));
    canvas_text_cut(c, r.x + 2, y++, line, STYLE_DIM, r.w - 4, vs->unicode);
    Rect body = { r.x, r.y, r.w, r.h - 1 }; /* the last row is the verdict's */
    y = draw_selected(c, &b, body, y);
    if (y + 1 + b.g.pool < body.y + body.h - 1) {
        y = draw_window(c, &b, body, y);
    }
    int *nz = calloc((size_t)n * 2, sizeof *nz);
    if (nz != NULL && y < body.y + body.h - 2) {
        y = draw_lists(c, &b, body, y, nz, nz + n);
    }
    free(nz);
    int differ = 0;
    for (int pix = 0; pix < n; pix++) {
        differ += compare_entry_differs(at(&b, &cmp->eq5, pix), at(&b, &cmp->eq6, pix));
    }
    char num[64];
    fmt_number(num, sizeof num, cmp->max_diff, -1);
    if (differ == 0) {
        snprintf(line, sizeof line, "(5) = (6) in all %d entries of channel %d; the layer: %s, max |(5)-(6)| = %s", n,
                 ch + 1, cmp->ndiff == 0 ? "all equal" : "they differ elsewhere", num);
    } else {
        snprintf(line, sizeof line, "(5) and (6) differ in %d of %d entries of channel %d; the layer: %d of %zu, max %s",
                 differ, n, ch + 1, cmp->ndiff, view_count(&cmp->eq5), num);
    }
    y = y < r.y + r.h - 2 ? y : r.y + r.h - 2;
    if (y > r.y) {
        canvas_text_cut(c, r.x + 2, y, line, differ == 0 ? STYLE_WRITTEN : STYLE_ERROR, r.w - 4, vs->unicode);
    }
}
