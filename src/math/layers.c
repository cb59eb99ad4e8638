/* layers.c: the slides' operators (docs/math.md), forward and backward.
 * Must not: allocate, do I/O, print, or exit. */
#include "layers.h"

#include <assert.h>
#include <math.h>
#include <stdint.h>
#include <string.h>
#include <stdio.h>

void conv_geom_derive(ConvGeom *g)
{
    g->ap = g->a + 2 * g->pad;
    g->bp = g->b + 2 * g->pad;
    g->ac = (g->ap - g->h) / g->stride + 1;
    g->bc = (g->bp - g->h) / g->stride + 1;
    g->ao = g->ac / g->pool;
    g->bo = g->bc / g->pool;
}

/* Position in vec() of (channel c, row r, column q) of a d x (rows*cols) map. */
static size_t map_pos(int d, int rows, int c, int r, int q)
{
    return (size_t)c + (size_t)d * ((size_t)r + (size_t)rows * (size_t)q);
}

void pad_forward(Matrix *padded, const Matrix *z, const ConvGeom *g)
{
    assert(padded->rows == g->d && padded->cols == g->ap * g->bp);
    assert(z->rows == g->d && z->cols == g->a * g->b);
    mat_zero(padded);
    for (int q = 0; q < g->b; q++) {
        for (int r = 0; r < g->a; r++) {
            for (int c = 0; c < g->d; c++) {
                padded->data[map_pos(g->d, g->ap, c, r + g->pad, q + g->pad)] =
                    z->data[map_pos(g->d, g->a, c, r, q)];
            }
        }
    }
}

void pad_backward(Matrix *dz, const Matrix *dpadded, const ConvGeom *g)
{
    assert(dz->rows == g->d && dz->cols == g->a * g->b);
    for (int q = 0; q < g->b; q++) {
        for (int r = 0; r < g->a; r++) {
            for (int c = 0; c < g->d; c++) {
                dz->data[map_pos(g->d, g->a, c, r, q)] =
                    dpadded->data[map_pos(g->d, g->ap, c, r + g->pad, q + g->pad)];
            }
        }
    }
}

/* Calls visit(t, j, pos) for every entry of phi: row t, column j, and the
 * position pos in vec(padded) it copies. Shared by im2col, its transpose and
 * the dense P_phi so the three cannot disagree on the order. */
#define PHI_FOR_EACH(g, BODY)                                                        \
    for (int jj = 0; jj < (g)->bc; jj++) {                                          \
        for (int i = 0; i < (g)->ac; i++) {                                         \
            int j = i + (g)->ac * jj;                                               \
            for (int c = 0; c < (g)->d; c++) {                                      \
                for (int q = 0; q < (g)->h; q++) {                                  \
                    for (int p = 0; p < (g)->h; p++) {                              \
                        int t = p + (g)->h * q + (g)->h * (g)->h * c;               \
                        size_t pos = map_pos((g)->d, (g)->ap, c, i * (g)->stride + p, \
                                             jj * (g)->stride + q);                 \
                        BODY;                                                       \
                    }                                                               \
                }                                                                   \
            }                                                                       \
        }                                                                           \
    }

/* Walks phi in memory order (row t fastest, then column j = i + ac jj), one
 * sequential stream through phi: entry t = p + h q + h h c of column j is
 * padZ(c, i s + p, jj s + q), at corner + c + d (p + ap q) in vec(padded),
 * corner being the window's first position. e is the entry's position in
 * vec(phi), at its source's in vec(padded). */
#define PHI_IN_ORDER(g, BODY)                                                       \
    do {                                                                            \
        size_t e = 0, d_ = (size_t)(g)->d, col_ = d_ * (size_t)(g)->ap;             \
        for (int jj = 0; jj < (g)->bc; jj++) {                                      \
            for (int i = 0; i < (g)->ac; i++) {                                     \
                size_t corner = map_pos((g)->d, (g)->ap, 0, i * (g)->stride, jj * (g)->stride); \
                for (size_t c = 0; c < d_; c++) {                                   \
                    for (int q = 0; q < (g)->h; q++) {                              \
                        size_t at = corner + c + col_ * (size_t)q;                  \
                        for (int p = 0; p < (g)->h; p++, at += d_, e++) {           \
                            BODY;                                                   \
                        }                                                           \
                    }                                                               \
                }                                                                   \
            }                                                                       \
        }                                                                           \
    } while (0)

/* The same column by column, with the channel innermost: unit stride in
 * vec(padded), stride h h in phi. Measured (bench shapes, one core): with
 * one channel, or for a phi larger than the caches (PHI_STREAM, 4 MiB), the
 * sequential walk is faster; otherwise this one. A column holds each
 * position once, so either walk adds into each position of dpadded column
 * by column, in PHI_FOR_EACH's order. */
#define PHI_CHANNELS_INNERMOST(g, BODY)                                             \
    for (int jj = 0; jj < (g)->bc; jj++) {                                          \
        for (int i = 0; i < (g)->ac; i++) {                                         \
            size_t j = (size_t)i + (size_t)(g)->ac * (size_t)jj;                    \
            size_t corner = map_pos((g)->d, (g)->ap, 0, i * (g)->stride, jj * (g)->stride); \
            for (int q = 0; q < (g)->h; q++) {                                      \
                size_t at = corner + (size_t)(g)->d * (size_t)(g)->ap * (size_t)q;  \
                size_t t = (size_t)(g)->h * (size_t)q;                              \
                for (int p = 0; p < (g)->h; p++, at += (size_t)(g)->d, t++) {       \
                    for (int c = 0; c < (g)->d; c++) {                              \
                        BODY;                                                       \
                    }                                                               \
                }                                                                   \
            }                                                                       \
        }                                                                           \
    }

enum { PHI_STREAM = 1 << 19 };

void phi_forward(Matrix *phi, const Matrix *padded, const ConvGeom *g)
{
    assert(phi->rows == g->h * g->h * g->d && phi->cols == g->ac * g->bc);
    size_t hh = (size_t)g->h * (size_t)g->h, rows = (size_t)phi->rows;
    double *out = phi->data;
    const double *in = padded->data;
    if (g->d == 1 || mat_count(phi) >= PHI_STREAM) {
        PHI_IN_ORDER(g, out[e] = in[at]);
    } else {
        PHI_CHANNELS_INNERMOST(g, out[rows * j + t + hh * (size_t)c] = in[at + (size_t)c]);
    }
}

void phi_backward(Matrix *dpadded, const Matrix *dphi, const ConvGeom *g)
{
    assert(dpadded->rows == g->d && dpadded->cols == g->ap * g->bp);
    assert(dphi->rows == g->h * g->h * g->d && dphi->cols == g->ac * g->bc);
    mat_zero(dpadded);
    size_t hh = (size_t)g->h * (size_t)g->h, rows = (size_t)dphi->rows;
    double *out = dpadded->data;
    const double *in = dphi->data;
    if (g->d == 1) {
        PHI_IN_ORDER(g, out[at] += in[e]);
    } else {
        PHI_CHANNELS_INNERMOST(g, out[at + (size_t)c] += in[rows * j + t + hh * (size_t)c]);
    }
}

/* Row t + (h*h*d)*j of P_phi (the position of phi(t, j) in vec(phi)) has its 1
 * at the column pos of vec(padded) that entry copies. */
void pphi_dense(Matrix *out, const ConvGeom *g)
{
    size_t phi_rows = (size_t)g->h * (size_t)g->h * (size_t)g->d;
    assert((size_t)out->rows == phi_rows * (size_t)(g->ac * g->bc));
    assert(out->cols == g->d * g->ap * g->bp);
    mat_zero(out);
    PHI_FOR_EACH(g, MAT_AT(*out, (size_t)t + phi_rows * (size_t)j, pos) = 1.0);
}

void ppad_dense(Matrix *out, const ConvGeom *g)
{
    assert(out->rows == g->d * g->ap * g->bp && out->cols == g->d * g->a * g->b);
    mat_zero(out);
    for (int q = 0; q < g->b; q++) {
        for (int r = 0; r < g->a; r++) {
            for (int c = 0; c < g->d; c++) {
                MAT_AT(*out, map_pos(g->d, g->ap, c, r + g->pad, q + g->pad),
                       map_pos(g->d, g->a, c, r, q)) = 1.0;
            }
        }
    }
}

void conv_forward(Matrix *s, const Matrix *w, const Matrix *phi, const Matrix *bias)
{
    /* S = b 1^T, then S += W phi: the GEMM adds into the bias instead of
     * zeroing S and a second pass adding b (one pass over S, not three) */
    for (int j = 0; j < s->cols; j++) {
        memcpy(s->data + (size_t)s->rows * (size_t)j, bias->data, (size_t)s->rows * sizeof(double));
    }
    mat_gemm(MAT_N, MAT_N, 1.0, w, phi, 1.0, s);
}

bool conv_dw_transposed(int64_t dout, int64_t hhd, int64_t cols)
{
#ifdef BPSTEP_CBLAS
    return hhd >= 4 * dout && cols >= 512;
#else
    (void)dout;
    (void)hhd;
    (void)cols;
    return false; /* mat_gemm_naive skips zero factors of B: only OpenBLAS sums alike both ways */
#endif
}

void conv_backward_params(Matrix *dw, Matrix *db, const Matrix *ds, const Matrix *phi, double *dwt)
{
    if (dwt != NULL && conv_dw_transposed(ds->rows, phi->rows, ds->cols)) {
        /* the slides' dxi/dW^m = (dxi/dS^m) phi(pad(Z^m))^T as its
         * transpose phi dS^T: entry (t, k) sums phi(t, j) dS(k, j) over j
         * in the same order; OpenBLAS packs the long phi untransposed
         * (fast) instead of gathering phi^T (docs/performance.md) */
        Matrix t = { phi->rows, ds->rows, dwt };
        mat_gemm(MAT_N, MAT_T, 1.0, phi, ds, 0.0, &t);
        for (int k = 0; k < dw->rows; k++) {
            for (int r = 0; r < dw->cols; r++) {
                dw->data[(size_t)k + (size_t)dw->rows * (size_t)r] = dwt[(size_t)r + (size_t)t.rows * (size_t)k];
            }
        }
    } else {
        mat_gemm(MAT_N, MAT_T, 1.0, ds, phi, 0.0, dw);
    }
    for (int i = 0; i < ds->rows; i++) {
        db->data[i] = 0.0;
    }
    for (int j = 0; j < ds->cols; j++) { /* column by column (unit stride); each row still sums j = 0, 1, ... */
        const double *col = ds->data + (size_t)ds->rows * (size_t)j;
        for (int i = 0; i < ds->rows; i++) {
            db->data[i] += col[i];
        }
    }
}

void conv_backward_input(Matrix *dphi, const Matrix *w, const Matrix *ds)
{
    mat_gemm(MAT_T, MAT_N, 1.0, w, ds, 0.0, dphi);
}

static const char *const ACT_NAMES[] = {
    [ACT_RELU] = "relu", [ACT_LEAKY] = "leaky", [ACT_TANH] = "tanh", [ACT_SIGMOID] = "sigmoid",
    [ACT_IDENTITY] = "identity",
};

const char *act_name(Activation act)
{
    return act >= ACT_RELU && act <= ACT_IDENTITY ? ACT_NAMES[act] : "?";
}

int act_parse(const char *name, Activation *out)
{
    for (int a = ACT_RELU; a < ACT_IDENTITY; a++) { /* identity is the output layer's, not a choice */
        if (strcmp(name, ACT_NAMES[a]) == 0) {
            *out = (Activation)a;
            return 0;
        }
    }
    return -1;
}

void act_deriv_markup(Activation act, const char *x, char *buf, size_t size)
{
    switch (act) {
    case ACT_RELU:
        snprintf(buf, size, "I[%s]", x);
        break;
    case ACT_LEAKY:
        snprintf(buf, size, "I[%s] + %g (1 - I[%s])", x, LEAKY_SLOPE, x);
        break;
    case ACT_TANH:
        snprintf(buf, size, "1 - tanh^2(%s)", x);
        break;
    case ACT_SIGMOID:
        snprintf(buf, size, "\\sigma(%s) (1 - \\sigma(%s))", x, x);
        break;
    case ACT_IDENTITY:
        snprintf(buf, size, "1");
        break;
    }
}

void act_deriv_from_output_markup(Activation act, const char *z, char *buf, size_t size)
{
    switch (act) {
    case ACT_TANH:
        snprintf(buf, size, "(1 - vec(%s)^T \\odot vec(%s)^T)", z, z);
        break;
    case ACT_SIGMOID:
        snprintf(buf, size, "vec(%s \\odot (1 - %s))^T", z, z);
        break;
    case ACT_LEAKY:
        snprintf(buf, size, "vec(I[%s] + %g (1 - I[%s]))^T", z, LEAKY_SLOPE, z);
        break;
    case ACT_IDENTITY:
        snprintf(buf, size, "1");
        break;
    default:
        snprintf(buf, size, "vec(I[%s])^T", z);
        break;
    }
}

double act_value(Activation act, double x)
{
    switch (act) {
    case ACT_RELU:
        return x > 0.0 ? x : 0.0;
    case ACT_LEAKY:
        return x > 0.0 ? x : LEAKY_SLOPE * x;
    case ACT_TANH:
        return tanh(x);
    case ACT_SIGMOID:
        return 1.0 / (1.0 + exp(-x));
    case ACT_IDENTITY:
        return x;
    }
    return x;
}

double act_deriv(Activation act, double x)
{
    switch (act) {
    case ACT_RELU:
        return x > 0.0 ? 1.0 : 0.0; /* I[x]; the derivative at 0 is taken as 0 */
    case ACT_LEAKY:
        return x > 0.0 ? 1.0 : LEAKY_SLOPE;
    case ACT_TANH: {
        double t = tanh(x);
        return 1.0 - t * t;
    }
    case ACT_SIGMOID: {
        double e = 1.0 / (1.0 + exp(-x));
        return e * (1.0 - e);
    }
    case ACT_IDENTITY:
        return 1.0;
    }
    return 1.0;
}

double act_deriv_from_output(Activation act, double z)
{
    switch (act) {
    case ACT_RELU:
        return z > 0.0 ? 1.0 : 0.0;
    case ACT_LEAKY:
        return z > 0.0 ? 1.0 : LEAKY_SLOPE; /* leaky ReLU keeps the sign */
    case ACT_TANH:
        return 1.0 - z * z;
    case ACT_SIGMOID:
        return z * (1.0 - z);
    case ACT_IDENTITY:
        return 1.0;
    }
    return 1.0;
}

/* v if keep, else +0, without a branch: a branch on the random signs of S
 * mispredicts about every other entry. */
static double keep_or_zero(double v, bool keep)
{
    uint64_t bits;
    memcpy(&bits, &v, sizeof bits);
    bits &= (uint64_t)0 - (uint64_t)keep;
    memcpy(&v, &bits, sizeof v);
    return v;
}

void act_forward(Matrix *out, const Matrix *in, Activation act)
{
    assert(mat_count(out) == mat_count(in));
    size_t n = mat_count(in);
    if (act == ACT_RELU) { /* act_value's ReLU, x > 0 ? x : +0 (NaN and -0 give +0) */
        for (size_t i = 0; i < n; i++) {
            out->data[i] = keep_or_zero(in->data[i], in->data[i] > 0.0);
        }
        return;
    }
    for (size_t i = 0; i < n; i++) {
        out->data[i] = act_value(act, in->data[i]);
    }
}

/* v * sigma'(x) where a zero derivative gives exactly +0 (not -0 for v < 0),
 * so that eq. (5) and eq. (6) agree bit for bit, signed zeros included. */
static double masked(double v, double deriv)
{
    return deriv == 0.0 ? 0.0 : v * deriv;
}

void act_backward(Matrix *din, const Matrix *dout, const Matrix *in, Activation act)
{
    assert(mat_count(din) == mat_count(in) && mat_count(dout) == mat_count(in));
    size_t n = mat_count(in);
    for (size_t i = 0; i < n; i++) {
        din->data[i] = masked(dout->data[i], act_deriv(act, in->data[i]));
    }
}

/* Calls BODY for every candidate of every pooling window: k is the output's
 * position in vec(Z^{m+1}), pos the candidate's in vec(S), first is true for
 * the window's first candidate. Candidates run column-major (docs/math.md tie rule). */
#define POOL_FOR_EACH(g, BODY)                                                      \
    for (int jj = 0; jj < (g)->bo; jj++) {                                         \
        for (int i = 0; i < (g)->ao; i++) {                                        \
            for (int c = 0; c < (g)->dout; c++) {                                  \
                size_t k = map_pos((g)->dout, (g)->ao, c, i, jj);                  \
                for (int q = 0; q < (g)->pool; q++) {                              \
                    for (int p = 0; p < (g)->pool; p++) {                          \
                        bool first = p == 0 && q == 0;                             \
                        (void)first;                                               \
                        size_t pos = map_pos((g)->dout, (g)->ac, c, i * (g)->pool + p, \
                                             jj * (g)->pool + q);                  \
                        BODY;                                                      \
                    }                                                              \
                }                                                                  \
            }                                                                      \
        }                                                                          \
    }

/* Max pooling as POOL_FOR_EACH visits it: each output, channel by channel,
 * sees its window's candidates column-major and the first maximum wins
 * (docs/math.md tie rule). The comparison is a select (maxsd and cmov), not
 * a branch: which candidate wins is data, and a branch on it mispredicts. */
static void pool_max(Matrix *z, int *idx, const Matrix *s, const ConvGeom *g)
{
    int dout = g->dout, pool = g->pool;
    for (int jj = 0; jj < g->bo; jj++) {
        for (int i = 0; i < g->ao; i++) {
            size_t k0 = map_pos(dout, g->ao, 0, i, jj);
            size_t corner = map_pos(dout, g->ac, 0, i * pool, jj * pool);
            for (int c = 0; c < dout; c++) {
                size_t best_at = corner + (size_t)c;
                double best = s->data[best_at];
                for (int q = 0; q < pool; q++) {
                    for (int p = q == 0 ? 1 : 0; p < pool; p++) {
                        size_t at = map_pos(dout, g->ac, c, i * pool + p, jj * pool + q);
                        bool take = s->data[at] > best;
                        best = take ? s->data[at] : best;
                        best_at = take ? at : best_at;
                    }
                }
                z->data[k0 + (size_t)c] = best;
                idx[k0 + (size_t)c] = (int)best_at;
            }
        }
    }
}

void pool_forward(Matrix *z, int *idx, const Matrix *s, const ConvGeom *g, PoolMode mode)
{
    assert(z->rows == g->dout && z->cols == g->ao * g->bo);
    assert(s->rows == g->dout && s->cols == g->ac * g->bc);
    double scale = 1.0 / ((double)g->pool * (double)g->pool);
    if (mode == POOL_MAX) {
        pool_max(z, idx, s, g);
    } else {
        mat_zero(z);
        POOL_FOR_EACH(g, z->data[k] += scale * s->data[pos]);
    }
}

void pool_vtp(Matrix *out, const Matrix *v, const int *idx, const ConvGeom *g, PoolMode mode)
{
    assert(out->rows == g->dout && out->cols == g->ac * g->bc);
    assert(mat_count(v) == (size_t)g->dout * (size_t)(g->ao * g->bo));
    mat_zero(out);
    if (mode == POOL_MAX) {
        size_t n = mat_count(v);
        for (size_t k = 0; k < n; k++) {
            out->data[idx[k]] += v->data[k];
        }
    } else {
        double scale = 1.0 / ((double)g->pool * (double)g->pool);
        POOL_FOR_EACH(g, out->data[pos] += scale * v->data[k]);
    }
}

void ppool_dense(Matrix *out, const int *idx, const ConvGeom *g, PoolMode mode)
{
    assert(out->rows == g->dout * g->ao * g->bo && out->cols == g->dout * g->ac * g->bc);
    mat_zero(out);
    if (mode == POOL_MAX) {
        for (int k = 0; k < out->rows; k++) {
            MAT_AT(*out, k, idx[k]) = 1.0;
        }
    } else {
        double scale = 1.0 / ((double)g->pool * (double)g->pool);
        POOL_FOR_EACH(g, MAT_AT(*out, k, pos) = scale);
    }
}

void pool_backward_eq5(Matrix *ds, const Matrix *dz, const int *idx, const Matrix *s,
                       const ConvGeom *g, PoolMode mode, Activation act)
{
    pool_vtp(ds, dz, idx, g, mode);
    size_t n = mat_count(ds);
    for (size_t i = 0; i < n; i++) {
        ds->data[i] = masked(ds->data[i], act_deriv(act, s->data[i]));
    }
}

void pool_backward_eq6(Matrix *ds, const Matrix *dz, const int *idx, const Matrix *znext,
                       const ConvGeom *g, PoolMode mode, Activation act)
{
    /* Each entry of v (Hadamard) I[Z^{m+1}] is formed and scattered at once. */
    assert(ds->rows == g->dout && ds->cols == g->ac * g->bc);
    mat_zero(ds);
    size_t n = mat_count(dz);
    if (mode == POOL_MAX && act == ACT_RELU) {
        /* masked(v, I[z]) without a branch on the sign of z: v * I[z], or +0 where I[z] = 0 */
        for (size_t k = 0; k < n; k++) {
            double deriv = (double)(znext->data[k] > 0.0);
            ds->data[idx[k]] += keep_or_zero(dz->data[k] * deriv, deriv != 0.0);
        }
    } else if (mode == POOL_MAX) {
        for (size_t k = 0; k < n; k++) {
            ds->data[idx[k]] += masked(dz->data[k], act_deriv_from_output(act, znext->data[k]));
        }
    } else {
        double scale = 1.0 / ((double)g->pool * (double)g->pool);
        POOL_FOR_EACH(g, ds->data[pos] += scale * masked(dz->data[k], act_deriv_from_output(act, znext->data[k])));
    }
}

void fc_forward(Matrix *s, const Matrix *w, const Matrix *z, const Matrix *bias)
{
    Matrix zc = { w->cols, 1, z->data };
    Matrix sc = { w->rows, 1, s->data };
    mat_gemm(MAT_N, MAT_N, 1.0, w, &zc, 0.0, &sc);
    for (int i = 0; i < w->rows; i++) {
        s->data[i] += bias->data[i];
    }
}

void fc_backward(Matrix *dw, Matrix *db, Matrix *dz, const Matrix *ds, const Matrix *w,
                 const Matrix *z)
{
    Matrix zc = { w->cols, 1, z->data };
    Matrix dsc = { w->rows, 1, ds->data };
    Matrix dzc = { w->cols, 1, dz->data };
    mat_gemm(MAT_N, MAT_T, 1.0, &dsc, &zc, 0.0, dw); /* (1) */
    mat_copy(db, &dsc);                              /* (2) */
    mat_gemm(MAT_T, MAT_N, 1.0, w, &dsc, 0.0, &dzc); /* (3) */
}
