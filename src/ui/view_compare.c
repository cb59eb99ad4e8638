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
    for (size_t k = (size_t)first; k < mat_count(m) && x + width <= r.x + r.w - 1; k++) {
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
                        int width)
{
    char line[200], num[64];
    fmt_number(num, sizeof num, cmp->max_diff, -1);
    if (cmp->ndiff == 0) {
        snprintf(line, sizeof line, "%s: max |(5)-(6)| = %s",
                 cmp->nzero_sign > 0 ? "equal as numbers (-0 and +0 aside)" : "identical, bit for bit", num);
    } else {
        snprintf(line, sizeof line, "differ in %d of %zu (marked): max |(5)-(6)| = %s", cmp->ndiff,
                 mat_count(&cmp->eq5), num);
    }
    if (y < r.y + r.h - 1) {
        canvas_text(c, r.x + 2, y++, line, cmp->ndiff == 0 ? STYLE_WRITTEN : STYLE_ERROR, r.w - 4);
    }
    size_t s_bytes = mat_count(&cmp->eq5) * sizeof(double);
    snprintf(line, sizeof line, "(5) also keeps S^%d: %zu B; network (5) %zu B, (6) %zu B", m, s_bytes,
             net_saved_bytes(e->net, RULE_EQ5), net_saved_bytes(e->net, RULE_EQ6));
    if (y < r.y + r.h - 1) {
        canvas_text(c, r.x + 2, y++, line, STYLE_NORMAL, r.w - 4);
    }
    if (mat_count(&cmp->eq5) * (size_t)(width + 1) > (size_t)(r.w - 24) && y < r.y + r.h - 1) {
        snprintf(line, sizeof line, "entries from %d of %zu  (H/L pan)", vs->pan_col + 1, mat_count(&cmp->eq5));
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
    row_labels(l, vs->unicode, engine_activation(e) == ACT_RELU);
    const Matrix *rows[] = { &cmp.vtp, &cmp.dsig, &cmp.eq5, &cmp.v, &cmp.ind_z, &cmp.v_ind, &cmp.eq6 };
    int width = 4;
    for (int i = 0; i < 7; i++) {
        Shown tmp = { .ok = true, .m = *rows[i] };
        int w = view_entry_width(&tmp, fmt_decimals(rows[i], 3) < 0 ? 3 : fmt_decimals(rows[i], 3));
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
    y = draw_verdict(c, e, vs, r, y, &cmp, m, width);
    draw_explanation(c, e, (Rect){ r.x, y - 1, r.w, r.y + r.h - y + 1 }, m);
    compare_release(&cmp);
}
