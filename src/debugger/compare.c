/* compare.c: eq. (5) against eq. (6) (docs/math.md, "Backward pass").
 * Must not: print or exit. */
#include "compare.h"
#include "training.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#include "format.h"
#include "notation.h"

enum { ROW_MAX_SHOWN = 32, DIFF_MAX_SHOWN = 12 };

void compare_release(Comparison *cmp)
{
    Matrix *all[] = { &cmp->v,     &cmp->vtp,    &cmp->dsig,     &cmp->eq5,     &cmp->ind_z, &cmp->v_ind,
                      &cmp->eq6,   &cmp->s,      &cmp->dsig_z,   &cmp->v_dsig_z, &cmp->eq6_prog };
    for (size_t i = 0; i < sizeof all / sizeof all[0]; i++) { /* NOLINT(bugprone-sizeof-expression): an array of pointers */
        mat_release(all[i]);
    }
}

static bool alloc_like(Matrix *m, const Matrix *shape)
{
    *m = mat_alloc(shape->rows, shape->cols);
    return m->data != NULL || mat_count(shape) == 0;
}

/* Eq. (6) as the program runs it: sigma'(S) written through Z^{m+1}
 * (act_deriv_from_output; I[Z] for ReLU), exact under max pooling. */
static void compare_program_eq6(Comparison *cmp, const Net *net, int m, const Matrix *v, const Matrix *z)
{
    Activation act = net_layer_act(net, m);
    cmp->act = act;
    cmp->pool = net->spec.pool_mode;
    mat_copy(&cmp->s, &net->values[net->layer[m].S].m);
    for (size_t k = 0; k < mat_count(z); k++) {
        cmp->dsig_z.data[k] = act_deriv_from_output(act, z->data[k]);
        cmp->v_dsig_z.data[k] = act == ACT_RELU ? cmp->v_ind.data[k] : v->data[k] * cmp->dsig_z.data[k];
    }
    pool_backward_eq6(&cmp->eq6_prog, v, net->pool_idx[m], z, &net->conv[m], net->spec.pool_mode, act);
}

int compare_pool_columns(const Engine *e, int m, int k, int cols[], int max, double *weight)
{
    const Net *net = e->net;
    if (m < 1 || m > net->spec.LC || !engine_value_valid(e, net->layer[m + 1].Z)) {
        return 0;
    }
    const ConvGeom *g = &net->conv[m];
    int nout = g->ao * g->bo;
    if (k < 0 || k >= g->dout * nout) {
        return 0;
    }
    if (net->spec.pool_mode == POOL_MAX) {
        *weight = 1.0;
        if (max < 1) {
            return 0;
        }
        cols[0] = net->pool_idx[m][k] / g->dout;
        return 1;
    }
    int pix = k / g->dout, i = pix % g->ao, jj = pix / g->ao, n = 0;
    *weight = 1.0 / ((double)g->pool * (double)g->pool);
    for (int q = 0; q < g->pool; q++) {
        for (int p = 0; p < g->pool && n < max; p++) { /* column-major, as the windows are visited */
            cols[n++] = (i * g->pool + p) + g->ac * (jj * g->pool + q);
        }
    }
    return n;
}

int compare_compute(const Engine *e, int m, Comparison *cmp, Diag *d)
{
    const Net *net = e->net;
    memset(cmp, 0, sizeof *cmp);
    if (m < 1 || m > net->spec.LC) {
        diag_set(d, 0, 0, "compare takes a conv layer, 1 to %d (this network has %d)", net->spec.LC, net->spec.LC);
        return -1;
    }
    int dz = net->layer[m + 1].dZ;
    if (!engine_value_valid(e, dz)) {
        int op = e->writer[dz];
        diag_set(d, 0, 0, "compare needs dZ%d (dxi/dZ^{%d,i}), written by op %d '%s': run there first ('until bwd pool%d' or 'run')",
                 m + 1, m + 1, op + 1, e->ops[op].name, m);
        return -1;
    }
    const ConvGeom *g = &net->conv[m];
    const Matrix *s = &net->values[net->layer[m].S].m, *z = &net->values[net->layer[m + 1].Z].m;
    const Matrix *v = &net->values[dz].m;
    cmp->layer = m;
    bool ok = alloc_like(&cmp->v, v) && alloc_like(&cmp->vtp, s) && alloc_like(&cmp->dsig, s) &&
              alloc_like(&cmp->eq5, s) && alloc_like(&cmp->ind_z, z) && alloc_like(&cmp->v_ind, z) &&
              alloc_like(&cmp->eq6, s) && alloc_like(&cmp->s, s) && alloc_like(&cmp->dsig_z, z) &&
              alloc_like(&cmp->v_dsig_z, z) && alloc_like(&cmp->eq6_prog, s);
    if (!ok) {
        compare_release(cmp);
        diag_set(d, 0, 0, "out of memory");
        return -1;
    }
    const int *idx = net->pool_idx[m];
    PoolMode mode = net->spec.pool_mode;
    mat_copy(&cmp->v, v);
    pool_vtp(&cmp->vtp, v, idx, g, mode);
    for (size_t k = 0; k < mat_count(s); k++) {
        cmp->dsig.data[k] = act_deriv(net_layer_act(net, m), s->data[k]);
    }
    pool_backward_eq5(&cmp->eq5, v, idx, s, g, mode, net_layer_act(net, m));
    for (size_t k = 0; k < mat_count(z); k++) {
        cmp->ind_z.data[k] = z->data[k] > 0.0 ? 1.0 : 0.0;
        cmp->v_ind.data[k] = cmp->ind_z.data[k] != 0.0 ? v->data[k] : 0.0;
    }
    /* the slide's literal (6): I[Z^{m+1}] whatever the activation */
    pool_backward_eq6(&cmp->eq6, v, idx, z, g, mode, ACT_RELU);
    compare_program_eq6(cmp, net, m, v, z);
    for (size_t k = 0; k < mat_count(s); k++) {
        double a = cmp->eq5.data[k], b = cmp->eq6.data[k];
        double diff = compare_entry_differs(a, b) ? fabs(a - b) : 0.0;
        if (!isnan(cmp->max_diff) && (isnan(diff) || diff > cmp->max_diff)) {
            cmp->max_diff = isnan(a) || isnan(b) ? NAN : diff; /* NaN sticks: fmax would drop it */
        }
        cmp->ndiff += compare_entry_differs(a, b);
        /* equal as numbers and not NaN: only a zero can differ, by its sign */
        cmp->nzero_sign += !compare_entry_differs(a, b) && signbit(a) != signbit(b);
    }
    return 0;
}

bool compare_entry_differs(double a, double b)
{
    return isnan(a) || isnan(b) || a != b; /* a NaN equals nothing, not even a NaN */
}

/* "label  [a b c ... (n entries)]" with a common number width. */
static void row(StrBuf *out, const char *label, const Matrix *m, int decimals, int width)
{
    char num[64];
    size_t n = mat_count(m);
    if (decimals < 0) {
        decimals = fmt_decimals(m, 4) < 0 ? 4 : fmt_decimals(m, 4); /* this row's own */
    }
    sb_printf(out, "    %-22s", label);
    for (size_t k = 0; k < n && k < ROW_MAX_SHOWN; k++) {
        fmt_number(num, sizeof num, m->data[k], decimals);
        sb_printf(out, " %*s", width, num);
    }
    if (n > ROW_MAX_SHOWN) {
        sb_printf(out, " ... (%zu entries)", n);
    }
    sb_append(out, "\n");
}

static int common_width(const Matrix *const *ms, int count, int decimals)
{
    char num[64];
    int w = 1;
    for (int i = 0; i < count; i++) {
        for (size_t k = 0; k < mat_count(ms[i]) && k < ROW_MAX_SHOWN; k++) {
            fmt_number(num, sizeof num, ms[i]->data[k], decimals);
            int len = (int)strlen(num);
            w = len > w ? len : w;
        }
    }
    return w;
}

static int common_decimals(const Matrix *const *ms, int count)
{
    int dec = 0;
    for (int i = 0; i < count; i++) {
        int dm = fmt_decimals(ms[i], 4);
        if (dm < 0) {
            return 4;
        }
        dec = dm > dec ? dm : dec;
    }
    return dec;
}

void compare_explain(StrBuf *out, const Net *net, int m)
{
    Activation act = net_layer_act(net, m);
    if (net->spec.pool_mode == POOL_AVG) {
        sb_append(out, "  Average pooling spreads each v entry over its whole window, every entry with its own\n"
                       "  sigma'(S); Z^{m+1} is only their mean and cannot give them back. So S^m (or sigma'(S^m))\n"
                       "  must be stored, and bpstep's program uses eq. (5).\n");
        return;
    }
    switch (act) {
    case ACT_RELU:
        sb_append(out, "  ReLU + max pooling: a selected entry of sigma(S) is > 0 exactly when its Z^{m+1} entry is\n"
                       "  > 0, and the entries not selected are 0 in both, so (5) = (6): S^m need not be stored.\n");
        break;
    case ACT_TANH:
        sb_printf(out, "  tanh: sigma'(S) = 1 - tanh(S)^2 is not I[S], so the slide's eq. (6) with I[Z^%d] is wrong\n"
                       "  wherever they differ. With max pooling the selected sigma(S) is Z^%d itself, so eq. (6) can\n"
                       "  use 1 - (Z^%d)^2 instead of I[Z^%d]: bpstep's program does.\n", m + 1, m + 1, m + 1, m + 1);
        break;
    case ACT_SIGMOID:
        sb_printf(out, "  sigmoid: sigma'(S) = sigma(S)(1 - sigma(S)) is not I[S]; the slide's eq. (6) with I[Z^%d]\n"
                       "  is wrong. With max pooling the selected sigma(S) is Z^%d, so eq. (6) can use\n"
                       "  Z^%d (1 - Z^%d) instead: bpstep's program does.\n", m + 1, m + 1, m + 1, m + 1);
        break;
    case ACT_LEAKY:
        sb_printf(out, "  leaky ReLU: sigma'(S) is 1 or %.2g. The slide's I[Z^%d] gives 0 where a window of negatives\n"
                       "  needs %.2g. Leaky ReLU keeps the sign, so I[Z^%d] + %.2g (1 - I[Z^%d]) recovers sigma'(S) from\n"
                       "  Z^%d after max pooling (bpstep's program uses that); the indicator alone cannot.\n",
                  LEAKY_SLOPE, m + 1, LEAKY_SLOPE, m + 1, LEAKY_SLOPE, m + 1, m + 1);
        break;
    case ACT_IDENTITY:
        break;
    }
}

void compare_explain_engine(StrBuf *out, const Engine *e, int m)
{
    compare_explain(out, e->net, m);
}

void compare_factor_markup(Activation act, int m, char *buf, size_t size)
{
    char z[32];
    snprintf(z, sizeof z, "Z^{%d,i}", m + 1);
    act_deriv_from_output_markup(act, z, buf, size);
}

void compare_factor_short(Activation act, int m, char *buf, size_t size)
{
    int z = m + 1;
    switch (act) {
    case ACT_TANH:
        snprintf(buf, size, "1 - Z^%d \\odot Z^%d", z, z);
        break;
    case ACT_SIGMOID:
        snprintf(buf, size, "Z^%d \\odot (1 - Z^%d)", z, z);
        break;
    case ACT_LEAKY:
        snprintf(buf, size, "I[Z^%d] + %g (1 - I[Z^%d])", z, LEAKY_SLOPE, z);
        break;
    default:
        snprintf(buf, size, "I[Z^%d]", z);
        break;
    }
}

/* The factors of (5) and of (6), each equation's rows with a common width. */
static void text_factors(StrBuf *out, const Comparison *cmp, int m, bool relu)
{
    const Matrix *rows5[] = { &cmp->vtp, &cmp->dsig, &cmp->eq5 };
    const Matrix *rows6[] = { &cmp->v, &cmp->ind_z, &cmp->v_ind, &cmp->eq6 };
    const Matrix *both[] = { &cmp->vtp, &cmp->dsig, &cmp->eq5, &cmp->v, &cmp->ind_z, &cmp->v_ind, &cmp->eq6 };
    int dec = common_decimals(both, 7);
    int w5 = common_width(rows5, 3, dec), w6 = common_width(rows6, 4, dec);
    char label[64];
    sb_printf(out, relu ? "\n  eq. (5) = (v^T P_pool) (.) vec(I[S^{%d,i}])^T   needs S^%d from the forward pass\n"
                        : "\n  eq. (5) = (v^T P_pool) (.) vec(sigma'(S^{%d,i}))^T   needs S^%d from the forward pass\n",
              m, m);
    row(out, "v^T P_pool", &cmp->vtp, -1, w5);
    snprintf(label, sizeof label, relu ? "vec(I[S^%d])^T" : "vec(sigma'(S^%d))^T", m);
    row(out, label, &cmp->dsig, -1, w5);
    row(out, "(5)", &cmp->eq5, -1, w5);
    sb_printf(out, "\n  %s = (v^T (.) vec(I[Z^{%d,i}])^T) P_pool   needs only Z^%d, stored anyway%s\n",
              relu ? "eq. (6)" : "slide (6)", m + 1, m + 1, relu ? "" : " (the slide's, literally)");
    row(out, "v^T", &cmp->v, -1, w6);
    snprintf(label, sizeof label, "vec(I[Z^%d])^T", m + 1);
    row(out, label, &cmp->ind_z, -1, w6);
    snprintf(label, sizeof label, "v^T (.) I[Z^%d]", m + 1);
    row(out, label, &cmp->v_ind, -1, w6);
    row(out, relu ? "(6)" : "slide (6)", &cmp->eq6, -1, w6);
    if (!relu && cmp->pool == POOL_MAX) { /* the program's (6), as the equation box writes it */
        char factor[160], plain[200];
        compare_factor_markup(cmp->act, m, factor, sizeof factor);
        notation_render(factor, NOTE_ASCII, plain, sizeof plain);
        sb_printf(out, "\n  eq. (6) as bpstep runs it = (v^T (.) %s) P_pool   exact under max pooling\n", plain);
        compare_factor_short(cmp->act, m, factor, sizeof factor);
        notation_render(factor, NOTE_ASCII, plain, sizeof plain);
        const Matrix *rowsp[] = { &cmp->dsig_z, &cmp->v_dsig_z, &cmp->eq6_prog };
        int wp = common_width(rowsp, 3, dec);
        row(out, plain, &cmp->dsig_z, -1, wp);
        row(out, "v^T (.) the row above", &cmp->v_dsig_z, -1, wp);
        row(out, "(6)", &cmp->eq6_prog, -1, wp);
    }
}

/* Where (5) and (6) part: per channel, positions in the channel's vec(S^m)
 * as the slides number them, then the interleaved ones (the rows' columns
 * above) in brackets where there is more than one channel. */
static void text_diff_positions(StrBuf *out, const Comparison *cmp)
{
    int d = cmp->eq5.rows, n = cmp->eq5.cols, shown = 0;
    for (int c = 0; c < d && shown < DIFF_MAX_SHOWN; c++) {
        bool first = true;
        for (int pix = 0; pix < n && shown < DIFF_MAX_SHOWN; pix++) {
            size_t k = (size_t)c + (size_t)d * (size_t)pix;
            if (compare_entry_differs(cmp->eq5.data[k], cmp->eq6.data[k])) {
                if (first && d > 1) {
                    sb_printf(out, "%s channel %d:", shown == 0 ? "" : ";", c + 1);
                }
                sb_printf(out, " %d", pix + 1);
                first = false;
                shown++;
            }
        }
    }
    sb_append(out, cmp->ndiff > DIFF_MAX_SHOWN ? " ..." : "");
    if (d > 1) {
        sb_append(out, " [interleaved:");
        shown = 0;
        for (size_t k = 0; k < mat_count(&cmp->eq5) && shown < DIFF_MAX_SHOWN; k++) {
            if (compare_entry_differs(cmp->eq5.data[k], cmp->eq6.data[k])) {
                sb_printf(out, " %zu", k + 1);
                shown++;
            }
        }
        sb_append(out, cmp->ndiff > DIFF_MAX_SHOWN ? " ...]" : "]");
    }
    sb_append(out, "\n");
}

/* (5) above (6) with their difference, marks where they part, the verdict. */
static void text_side_by_side(StrBuf *out, const Comparison *cmp, const Matrix *diff)
{
    const Matrix *aligned[] = { &cmp->eq5, &cmp->eq6, diff };
    int da = common_decimals(aligned, 3), wa = common_width(aligned, 3, da);
    bool slide = cmp->act != ACT_RELU;
    sb_append(out, "\n  side by side:\n");
    row(out, "(5)", &cmp->eq5, da, wa);
    row(out, slide ? "slide (6)" : "(6)", &cmp->eq6, da, wa);
    row(out, slide ? "(5) - slide (6)" : "(5) - (6)", diff, da, wa);
    if (cmp->ndiff > 0) {
        sb_printf(out, "    %-22s", "differ");
        for (size_t k = 0; k < mat_count(diff) && k < ROW_MAX_SHOWN; k++) {
            bool same = !compare_entry_differs(cmp->eq5.data[k], cmp->eq6.data[k]);
            sb_printf(out, " %*s", wa, same ? "" : "^");
        }
        sb_printf(out, "\n  they differ in %d of %zu entries, at", cmp->ndiff, mat_count(diff));
        text_diff_positions(out, cmp);
    } else if (cmp->nzero_sign > 0) {
        sb_printf(out, "  equal as numbers; %d zero%s carr%s the other sign (-0 and +0)\n", cmp->nzero_sign,
                  cmp->nzero_sign == 1 ? "" : "s", cmp->nzero_sign == 1 ? "ies" : "y");
    } else {
        sb_append(out, "  identical, bit for bit\n");
    }
}

/* The slides' question: what the backward pass needs from the forward pass. */
static void text_memory(StrBuf *out, const Net *net, const Comparison *cmp, int m, int batch)
{
    size_t s_entries = mat_count(&cmp->eq5), z_entries = mat_count(&cmp->v);
    sb_append(out, "\n  what the backward pass needs from the forward pass:\n");
    sb_printf(out, "    layer %d: eq. (5) keeps S^%d, %zu entries (%zu bytes), besides Z^%d, %zu entries (%zu bytes);\n"
                   "             eq. (6) keeps only Z^%d\n",
              m, m, s_entries, s_entries * sizeof(double), m + 1, z_entries, z_entries * sizeof(double), m + 1);
    sb_printf(out, "    whole network: eq. (5) %zu bytes, eq. (6) %zu bytes (Z^m of every layer and P_pool indexes)\n",
              net_saved_bytes(net, RULE_EQ5), net_saved_bytes(net, RULE_EQ6));
    if (batch > 0) { /* the slides' question at the scale of training */
        sb_printf(out, "    a training batch of l = %d: eq. (5) %.1f MiB, eq. (6) %.1f MiB (l times as much)\n", batch,
                  (double)net_saved_bytes(net, RULE_EQ5) * batch / 1048576.0,
                  (double)net_saved_bytes(net, RULE_EQ6) * batch / 1048576.0);
    }
}

int compare_layer_text(const Engine *e, int m, StrBuf *out, Diag *d)
{
    Comparison cmp;
    if (compare_compute(e, m, &cmp, d) != 0) {
        return -1;
    }
    Matrix diff = mat_alloc(cmp.eq5.rows, cmp.eq5.cols);
    if (diff.data == NULL) { /* S^m of a conv layer is never empty */
        compare_release(&cmp);
        diag_set(d, 0, 0, "out of memory");
        return -1;
    }
    for (size_t k = 0; k < mat_count(&diff); k++) {
        diff.data[k] = cmp.eq5.data[k] - cmp.eq6.data[k];
    }
    const Net *net = e->net;
    sb_printf(out, "compare eq. (5) and eq. (6): conv layer %d (%s, %s pooling) at position %d/%d\n", m,
              act_name(net_layer_act(net, m)), net->spec.pool_mode == POOL_MAX ? "max" : "average", e->pos, e->nops);
    sb_printf(out, "  v^T = dxi/dvec(Z^{%d,i})^T has %zu entries; vec(S^{%d,i}) has %zu\n", m + 1, mat_count(&cmp.v), m,
              mat_count(&cmp.eq5));
    text_factors(out, &cmp, m, net_layer_act(net, m) == ACT_RELU);
    text_side_by_side(out, &cmp, &diff);
    text_memory(out, net, &cmp, m, e->training != NULL ? e->training->cap : 0);
    sb_append(out, "\n");
    compare_explain(out, net, m);
    char num[64];
    fmt_number(num, sizeof num, cmp.max_diff, -1);
    sb_printf(out, net_layer_act(net, m) != ACT_RELU ? "max |(5) - slide (6)| = %s\n" : "max |(5) - (6)| = %s\n", num);
    mat_release(&diff);
    compare_release(&cmp);
    return 0;
}

/* One row of symbols, "[0 0 v1 ...]", with entries padded to width. */
static void sym_row(StrBuf *out, const char *label, char cells[][8], int n)
{
    sb_printf(out, "  %-30s [", label);
    for (int k = 0; k < n; k++) {
        sb_printf(out, "%s%s", k == 0 ? "" : " ", cells[k]);
    }
    sb_printf(out, "]   (%d entries)\n", n);
}

/* The slide's printed eq. (5) row: 17 entries, v3 and v4 one place late. */
static void slide_row(StrBuf *out)
{
    char slide[17][8];
    for (int j = 0; j < 17; j++) {
        snprintf(slide[j], sizeof slide[j], "0");
    }
    snprintf(slide[5], 8, "v1");
    snprintf(slide[7], 8, "v2");
    snprintf(slide[14], 8, "v3");
    snprintf(slide[15], 8, "v4");
    sym_row(out, "the slide prints", slide, 17);
}

void compare_slides_text(StrBuf *out)
{
    /* the slides' image B, pooled 2x2 (docs/math.md, the worked example) */
    static const double b_rows[4][4] = { { 3, 2, 3, 6 }, { 4, 5, 4, 9 }, { 2, 1, 2, 6 }, { 3, 4, 3, 2 } };
    ConvGeom g = { .d = 1, .a = 4, .b = 4, .pad = 0, .h = 1, .stride = 1, .dout = 1, .pool = 2 };
    conv_geom_derive(&g);
    double sdata[16], zdata[4];
    for (int r = 0; r < 4; r++) {
        for (int q = 0; q < 4; q++) {
            sdata[r + 4 * q] = b_rows[r][q];
        }
    }
    Matrix s = { 1, 16, sdata }, z = { 1, 4, zdata };
    int idx[4];
    pool_forward(&z, idx, &s, &g, POOL_MAX);
    char vtp[16][8], ind_s[16][8], eq5[16][8], ind_z[4][8], v_ind[4][8], eq6[16][8], v[4][8];
    for (int k = 0; k < 4; k++) {
        snprintf(v[k], sizeof v[k], "v%d", k + 1);
        snprintf(ind_z[k], sizeof ind_z[k], "%d", zdata[k] > 0.0);
        snprintf(v_ind[k], sizeof v_ind[k], "%s", zdata[k] > 0.0 ? v[k] : "0");
    }
    for (int j = 0; j < 16; j++) {
        snprintf(vtp[j], sizeof vtp[j], "0");
        snprintf(eq6[j], sizeof eq6[j], "0");
        for (int k = 0; k < 4; k++) {
            if (idx[k] == j) {
                snprintf(vtp[j], sizeof vtp[j], "%.7s", v[k]);
                snprintf(eq6[j], sizeof eq6[j], "%.7s", v_ind[k]);
            }
        }
        snprintf(ind_s[j], sizeof ind_s[j], "%d", sdata[j] > 0.0);
        snprintf(eq5[j], sizeof eq5[j], "%s", sdata[j] > 0.0 ? vtp[j] : "0");
    }
    sb_append(out, "compare slides: image B = [3 2 3 6; 4 5 4 9; 2 1 2 6; 3 4 3 2], 2x2 max pooling -> [5 9; 4 6]\n");
    sb_append(out, "  P_pool is 4 x 16 with its 1s at columns");
    for (int k = 0; k < 4; k++) {
        sb_printf(out, " %d", idx[k] + 1);
    }
    sb_append(out, "; v = (v1, v2, v3, v4) = dxi/dvec(Z^{m+1})\n\n  eq. (5):\n");
    sym_row(out, "v^T P_pool", vtp, 16);
    sym_row(out, "vec(I[S^m])^T", ind_s, 16);
    sym_row(out, "(5) = v^T P_pool (.) I[S^m]", eq5, 16);
    slide_row(out);
    sb_append(out, "    ^ a typo in the slide: 17 entries, with v3 and v4 at 15 and 16; vec(S) has 16 entries\n"
                   "      and v3, v4 belong at 14 and 15 (the slide's own eq. (6) line has them right)\n\n  eq. (6):\n");
    sym_row(out, "v^T", v, 4);
    sym_row(out, "vec(I[Z^{m+1}])^T", ind_z, 4);
    sym_row(out, "v^T (.) I[Z^{m+1}]", v_ind, 4);
    sym_row(out, "(6) = (...) P_pool", eq6, 16);
    int differ = 0;
    for (int j = 0; j < 16; j++) {
        differ += strcmp(eq5[j], eq6[j]) != 0;
    }
    sb_printf(out, "\n  (5) and (6) %s\n", differ == 0 ? "are the same row, entry by entry" : "differ");
    sb_printf(out, "max |(5) - (6)| = %s\n", differ == 0 ? "0" : "not 0");
}
