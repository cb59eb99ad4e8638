/* view_compare.c: compare mode in the terminal: eq. (5) and eq. (6) row by
 * row, the entries where they differ marked, memory and the explanation.
 * Must not: include curses.h or do I/O. */
#include <stdio.h>
#include <string.h>

#include "../debugger/compare.h"
#include "../debugger/format.h"
#include "view_internal.h"

/* One row of a comparison: label, then entries from pan_col on; entries
 * where eq. (5) and eq. (6) differ are marked in the error style. */
static void compare_row(Canvas *c, Rect r, int y, const char *label, const Matrix *m, const Comparison *cmp,
                        bool mark, int first, int width)
{
    canvas_text(c, r.x + 2, y, label, STYLE_HEADER, 20);
    int dec = fmt_decimals(m, 3);
    dec = dec < 0 ? 3 : dec;
    int x = r.x + 22;
    for (size_t k = (size_t)first; k < view_count(m) && x + width <= r.x + r.w - 1; k++) {
        char num[64], cell[80];
        fmt_number(num, sizeof num, m->data[k], dec);
        snprintf(cell, sizeof cell, "%*s", width, num);
        bool differ = mark && compare_entry_differs(cmp->eq5.data[k], cmp->eq6.data[k]);
        Style st = differ ? STYLE_ERROR : m->data[k] == 0.0 ? STYLE_DIM : STYLE_NORMAL;
        canvas_text(c, x, y, cell, st, width);
        x += width + 1;
    }
}

/* The seven rows' labels, in Unicode or ASCII. */
static void row_labels(char l[7][48], bool unicode, bool relu)
{
    snprintf(l[0], 48, "%s", unicode ? "v\u1d40 P_pool" : "v^T P_pool");
    snprintf(l[1], 48, "%s", relu ? "I[S]" : unicode ? "\u03c3'(S)" : "sigma'(S)");
    snprintf(l[2], 48, "(5)");
    snprintf(l[3], 48, "%s", unicode ? "v\u1d40" : "v^T");
    snprintf(l[4], 48, "I[Z]");
    snprintf(l[5], 48, "%s", unicode ? "v\u1d40 \u2299 I[Z]" : "v^T (.) I[Z]");
    snprintf(l[6], 48, "(6)");
}

/* The verdict, what (5) keeps, and the pan hint; returns the next free row. */
static int draw_verdict(Canvas *c, const Engine *e, const ViewState *vs, Rect r, int y, const Comparison *cmp, int m,
                        int width, bool rows)
{
    char line[200], num[64];
    fmt_number(num, sizeof num, cmp->max_diff, -1);
    if (cmp->ndiff == 0) {
        snprintf(line, sizeof line, "%s: max |(5)-(6)| = %s",
                 cmp->nzero_sign > 0 ? "equal as numbers (-0 and +0 aside)" : "identical, bit for bit", num);
    } else {
        snprintf(line, sizeof line, "differ in %d of %zu (marked): max |(5)-(6)| = %s", cmp->ndiff,
                 view_count(&cmp->eq5), num);
    }
    if (y < r.y + r.h - 1) {
        canvas_text(c, r.x + 2, y++, line, cmp->ndiff == 0 ? STYLE_WRITTEN : STYLE_ERROR, r.w - 4);
    }
    size_t s_bytes = view_count(&cmp->eq5) * sizeof(double);
    snprintf(line, sizeof line, "(5) also keeps S^%d: %zu B; network (5) %zu B, (6) %zu B", m, s_bytes,
             engine_saved_bytes(e, RULE_EQ5), engine_saved_bytes(e, RULE_EQ6));
    if (y < r.y + r.h - 1) {
        canvas_text_cut(c, r.x + 2, y++, line, STYLE_NORMAL, r.w - 4, vs->unicode);
    }
    if (rows && view_count(&cmp->eq5) * (size_t)(width + 1) > (size_t)(r.w - 24) && y < r.y + r.h - 1) {
        snprintf(line, sizeof line, "entries from %d of %zu  (H/L pan)", vs->pan_col + 1, view_count(&cmp->eq5));
        canvas_text(c, r.x + 2, y++, line, STYLE_DIM, r.w - 4);
    }
    return y;
}

/* compare_explain's text, laid out for batch output, as one flowing paragraph. */
static void draw_explanation(Canvas *c, const Engine *e, Rect rest, int m)
{
    StrBuf why, flow;
    sb_init(&why);
    sb_init(&flow);
    compare_explain(&why, e->net, m);
    for (const char *q = sb_str(&why); *q != '\0'; q++) {
        if (*q == '\n' || (*q == ' ' && (flow.len == 0 || flow.text[flow.len - 1] == ' '))) {
            if (flow.len > 0 && flow.text[flow.len - 1] != ' ') {
                sb_append(&flow, " ");
            }
            continue;
        }
        sb_appendn(&flow, q, 1);
    }
    view_draw_wrapped(c, rest, sb_str(&flow), STYLE_NARRATION, false);
    sb_release(&flow);
    sb_release(&why);
}

/* ---- per channel, as the slides draw it ------------------------------------ */

/* A small matrix of a channel at (x, y): rows x cols entries of vals, entry
 * (i, j) at vals[c + d (i + rows j)], each in the style style_of gives. */
typedef struct {
    const Matrix *vals;
    int rows, cols, d, c;
    uint8_t styles[64];
} ChanGrid;

static void draw_chan_grid(Canvas *cv, const ChanGrid *g, int x, int y, int width)
{
    int dec = fmt_decimals(g->vals, 3);
    dec = dec < 0 ? 3 : dec;
    for (int i = 0; i < g->rows; i++) {
        for (int j = 0; j < g->cols; j++) {
            int pix = i + g->rows * j;
            double v = g->vals->data[g->c + (size_t)g->d * (size_t)pix];
            char num[64], cell[80];
            fmt_number(num, sizeof num, v, dec);
            snprintf(cell, sizeof cell, "%*s", width, num);
            Style st = g->styles[pix] != 0 ? (Style)g->styles[pix] : v == 0.0 ? STYLE_DIM : STYLE_NORMAL;
            canvas_text(cv, x + j * (width + 1), y + i, cell, st, width);
        }
    }
}

/* Channel ch of conv layer m: v^{m+1} (its windows' colours), (6) where the
 * v's land, the P_pool columns they land on, and whether (5) agrees there. */
static int draw_channel(Canvas *cv, const Engine *e, const ViewState *vs, Rect r, int y, const Comparison *cmp, int m,
                        int ch, int width)
{
    ConvGeom geom;
    (void)engine_conv_geom(e, m, &geom);
    const ConvGeom *g = &geom;
    ChanGrid vg = { &cmp->v_ind, g->ao, g->bo, g->dout, ch, { 0 } };
    ChanGrid sg = { &cmp->eq6, g->ac, g->bc, g->dout, ch, { 0 } };
    char map[256] = "";
    int len = 0, differ = 0;
    for (int opix = 0; opix < g->ao * g->bo; opix++) {
        uint8_t colour = (uint8_t)(STYLE_POOL_1 + opix % STYLE_POOL_COLOURS);
        int pos = engine_pool_winner(e, m, ch + g->dout * opix), pix = pos / g->dout;
        vg.styles[opix] = colour;
        if (pix >= 0 && pix < 64) {
            sg.styles[pix] = colour;
        }
        if (len < (int)sizeof map - 24) {
            len += snprintf(map + len, sizeof map - (size_t)len, "%sv%d->%d", opix == 0 ? "" : "  ", opix + 1, pix + 1);
        }
    }
    for (int pix = 0; pix < g->ac * g->bc; pix++) {
        size_t k = (size_t)ch + (size_t)g->dout * (size_t)pix;
        differ += compare_entry_differs(cmp->eq5.data[k], cmp->eq6.data[k]);
    }
    char head[160];
    snprintf(head, sizeof head, "channel %d: v (.) I[Z] -> (6) by P_pool; %s", ch + 1,
             differ == 0 ? "(5) agrees" : "(5) differs");
    canvas_text_cut(cv, r.x + 2, y, head, differ == 0 ? STYLE_HEADER : STYLE_ERROR, r.w - 4, vs->unicode);
    int x6 = r.x + 4 + g->bo * (width + 1) + 4;
    canvas_text(cv, x6 - 3, y + 1 + g->ac / 2 - 1, "->", STYLE_DIM, 2);
    draw_chan_grid(cv, &vg, r.x + 4, y + 1, width);
    draw_chan_grid(cv, &sg, x6, y + 1, width);
    int x5 = x6 + g->bc * (width + 1) + 8;
    if (x5 + g->bc * (width + 1) < r.x + r.w - 2) { /* room for (5) beside it, the same colours */
        ChanGrid fg = sg;
        fg.vals = &cmp->eq5;
        for (int pix = 0; pix < g->ac * g->bc && pix < 64; pix++) { /* where they part: marked */
            size_t k = (size_t)ch + (size_t)g->dout * (size_t)pix;
            fg.styles[pix] = compare_entry_differs(cmp->eq5.data[k], cmp->eq6.data[k]) ? STYLE_ERROR : fg.styles[pix];
        }
        canvas_text(cv, x5 - 6, y + 1 + g->ac / 2 - 1, "(5) =", STYLE_DIM, 5);
        draw_chan_grid(cv, &fg, x5, y + 1, width);
    }
    int rows = g->ac > g->ao ? g->ac : g->ao;
    canvas_text(cv, r.x + 4, y + 1 + rows, "P_pool columns:", STYLE_DIM, r.w - 6);
    canvas_text(cv, r.x + 20, y + 1 + rows, map, STYLE_NORMAL, r.w - 22);
    return y + rows + 2;
}

/* How many channels of the layer fit the slides' drawing in r (all, or
 * at least one with the check line; 0 = the rows instead). */
static int per_channel_fits(const Engine *e, int m, Rect r, int width)
{
    ConvGeom geom;
    (void)engine_conv_geom(e, m, &geom);
    const ConvGeom *g = &geom;
    int each = (g->ac > g->ao ? g->ac : g->ao) + 2;
    int need_w = 4 + (g->bo + g->bc) * (width + 1) + 8;
    if (g->ac * g->bc > 64 || need_w > r.w - 2) {
        return 0;
    }
    if (g->dout * each + 4 <= r.h - 2) {
        return g->dout;
    }
    return each + 3 <= r.h - 2 ? 1 : 0; /* one channel, the line naming it, the check */
}

/* The widest entry of the n rows, at least 4. */
static int entry_width(const Matrix *const *rows, int n)
{
    int width = 4;
    for (int i = 0; i < n; i++) {
        Shown tmp = { .ok = true, .m = *rows[i] };
        int w = view_entry_width(&tmp, fmt_decimals(rows[i], 3) < 0 ? 3 : fmt_decimals(rows[i], 3));
        width = w > width ? w : width;
    }
    return width;
}

void view_draw_compare(Canvas *c, const Engine *e, const ViewState *vs, Rect r)
{
    int k = view_focus_op(e, vs);
    int lc = engine_conv_layers(e);
    int m = e->ops[k].layer <= lc ? e->ops[k].layer : lc;
    char title[96];
    snprintf(title, sizeof title, r.w >= 70 ? "compare eq. (5) and eq. (6), conv layer %d  (e: back to values)"
                                            : "eq. (5) and (6), layer %d (e: values)", m);
    canvas_box(c, r.x, r.y, r.w, r.h, title, STYLE_DIM, vs->unicode);
    Comparison cmp;
    Diag d = { 0 };
    diag_clear(&d);
    if (m < 1 || compare_compute(e, m, &cmp, &d) != 0) { /* wrapped: the reason is often longer than the box */
        view_draw_wrapped(c, (Rect){ r.x, r.y, r.w, r.h }, m < 1 ? "this network has no conv layer" : d.msg, STYLE_DIM,
                          false);
        return;
    }
    char l[7][48];
    row_labels(l, vs->unicode, engine_layer_activation(e, m) == ACT_RELU);
    const Matrix *rows[] = { &cmp.vtp, &cmp.dsig, &cmp.eq5, &cmp.v, &cmp.ind_z, &cmp.v_ind, &cmp.eq6 };
    int width = entry_width(rows, 7);
    int y = r.y + 1;
    ConvGeom geom = { 0 };
    (void)engine_conv_geom(e, m, &geom);
    int fit = per_channel_fits(e, m, r, width), dout = geom.dout;
    if (fit > 0) { /* the slides' drawing: where each v lands */
        int first = fit < dout ? view_clamp(vs->channel > 0 ? vs->channel - 1 : 0, 0, dout - 1) : 0;
        for (int ch = first; ch < first + fit; ch++) {
            y = draw_channel(c, e, vs, r, y, &cmp, m, ch, width);
        }
        if (fit < dout) {
            char more[80];
            snprintf(more, sizeof more, "channel %d of %d shown: keys 1-%d pick another", first + 1, dout,
                     dout < 9 ? dout : 9);
            canvas_text(c, r.x + 2, y++, more, STYLE_DIM, r.w - 4);
        }
        y = draw_verdict(c, e, vs, r, y, &cmp, m, width, false);
        if (y < r.y + r.h - 2) {
            draw_explanation(c, e, (Rect){ r.x, y - 1, r.w, r.y + r.h - y + 1 }, m);
        }
        compare_release(&cmp);
        return;
    }
    canvas_text(c, r.x + 2, y++, "eq. (5): keeps S from the forward pass", STYLE_DIM, r.w - 4);
    for (int i = 0; i < 3 && y < r.y + r.h - 1; i++) {
        compare_row(c, r, y++, l[i], rows[i], &cmp, i == 2, vs->pan_col, width);
    }
    canvas_text(c, r.x + 2, y++, "eq. (6): keeps only Z", STYLE_DIM, r.w - 4);
    for (int i = 3; i < 7 && y < r.y + r.h - 1; i++) {
        bool long_row = i == 6;
        compare_row(c, r, y++, l[i], rows[i], &cmp, long_row, long_row ? vs->pan_col : 0, width);
    }
    y = draw_verdict(c, e, vs, r, y, &cmp, m, width, true);
    draw_explanation(c, e, (Rect){ r.x, y - 1, r.w, r.y + r.h - y + 1 }, m);
    compare_release(&cmp);
}
