/* workspace.c: the batched pass of one chunk (docs/training.md). A chunk is
 * the per-instance pass with k column blocks: the conv GEMMs (eq.
 * S = W phi(pad(Z)) + b 1^T and its gradients) run once for the chunk; pad,
 * phi, pooling and their backward ops run per instance on views of the
 * blocks, with the same operators the debugger steps through.
 * Must not: do I/O, print, exit, or write to the Net. */
#include "workspace.h"

#include "train.h"

#include <stdlib.h>

enum { MAXL = NET_MAX_LAYERS + 2 };

struct Workspace {
    const Net *net;
    int cap; /* instances per chunk at most */
    int k;   /* instances in the last chunk */
    /* conv m = 1..LC: per-instance shapes with cap column blocks */
    Matrix Z[MAXL], pad[MAXL], phi[MAXL], S[MAXL], sigS[MAXL], dS[MAXL], dphi[MAXL], dpad[MAXL], dZ[MAXL];
    int *idx[MAXL];
    /* FC m = LC+1..L: z^m (n^m x cap), s^m, dxi/ds^m, dxi/dz^m */
    Matrix z[MAXL], s[MAXL], ds[MAXL], dz[MAXL];
    Matrix y; /* targets, n^{L+1} x cap */
    bool failed;
};

static Matrix alloc(Workspace *w, int64_t rows, int64_t cols)
{
    Matrix m = mat_alloc((int)rows, (int)cols);
    if (m.data == NULL && rows * cols > 0) {
        w->failed = true;
    }
    return m;
}

/* Entries workspace_new allocates for chunks of k, the same sum it makes. */
static int64_t entries(const NetSpec *spec, int64_t k, int64_t *ints)
{
    int64_t n = 0;
    *ints = 0;
    int d = spec->ch[0], a = spec->ht_input, b = spec->wd_input;
    for (int m = 1; m <= spec->LC; m++) {
        int p = spec->pad[m - 1], h = spec->filter[m - 1], st = spec->stride[m - 1], pool = spec->pool[m - 1];
        int dout = spec->ch[m];
        int64_t ap = a + 2 * p, bp = b + 2 * p, ac = (ap - h) / st + 1, bc = (bp - h) / st + 1;
        int64_t ao = ac / pool, bo = bc / pool, hhd = (int64_t)h * h * d;
        n += (int64_t)d * a * b * k * (m == 1 ? 1 : 2);          /* Z, dZ */
        n += (int64_t)d * ap * bp * k * (m == 1 ? 1 : 2);        /* pad, dpad */
        n += hhd * ac * bc * k * (m == 1 ? 1 : 2);               /* phi, dphi */
        n += (int64_t)dout * ac * bc * k * 3;                    /* S, sigS, dS */
        *ints += (int64_t)dout * ao * bo * k;
        d = dout;
        a = (int)ao;
        b = (int)bo;
    }
    int64_t nin = (int64_t)d * a * b;
    if (spec->LC > 0) {
        n += nin * k * 2; /* z^{LC+1} = vec(Z^{LC+1}) and its gradient */
    }
    for (int m = spec->LC + 1; m <= spec->L; m++) {
        int64_t nout = spec->full[m - spec->LC - 1];
        n += (m == spec->LC + 1 ? (spec->LC == 0 ? nin * k : 0) : nin * k * 2); /* z, dz */
        n += nout * k * 2;                                                      /* s, ds */
        nin = nout;
    }
    n += nin * k; /* y */
    return n;
}

int64_t workspace_bytes(const NetSpec *spec, int k)
{
    int64_t ints;
    int64_t n = entries(spec, k, &ints);
    return n * (int64_t)sizeof(double) + ints * (int64_t)sizeof(int) + (int64_t)sizeof(Workspace);
}

static void alloc_conv(Workspace *w, int m)
{
    const ConvGeom *g = &w->net->conv[m];
    int64_t l = w->cap, hhd = (int64_t)g->h * g->h * g->d;
    w->Z[m] = alloc(w, g->d, (int64_t)g->a * g->b * l); /* the input, or layer m-1's pooling output */
    if (m > 1) {
        w->dZ[m] = alloc(w, g->d, (int64_t)g->a * g->b * l);
        w->dpad[m] = alloc(w, g->d, (int64_t)g->ap * g->bp * l);
        w->dphi[m] = alloc(w, hhd, (int64_t)g->ac * g->bc * l);
    }
    w->pad[m] = alloc(w, g->d, (int64_t)g->ap * g->bp * l);
    w->phi[m] = alloc(w, hhd, (int64_t)g->ac * g->bc * l);
    w->S[m] = alloc(w, g->dout, (int64_t)g->ac * g->bc * l);
    w->sigS[m] = alloc(w, g->dout, (int64_t)g->ac * g->bc * l);
    w->dS[m] = alloc(w, g->dout, (int64_t)g->ac * g->bc * l);
    w->idx[m] = malloc((size_t)g->dout * (size_t)g->ao * (size_t)g->bo * (size_t)l * sizeof(int) + 1);
    w->failed |= w->idx[m] == NULL;
}

Workspace *workspace_new(const Net *net, int k)
{
    Workspace *w = calloc(1, sizeof *w);
    if (w == NULL) {
        return NULL;
    }
    w->net = net;
    w->cap = k;
    int LC = net->spec.LC, L = net->spec.L;
    for (int m = 1; m <= LC; m++) {
        alloc_conv(w, m);
        const ConvGeom *g = &net->conv[m];
        if (m == LC) { /* Z^{LC+1} is z^{LC+1} (n x k) in the same memory */
            w->Z[m + 1] = alloc(w, g->dout, (int64_t)g->ao * g->bo * k);
            w->dZ[m + 1] = alloc(w, g->dout, (int64_t)g->ao * g->bo * k);
        }
    }
    for (int m = LC + 1; m <= L; m++) {
        int nin = net->fc_in[m], nout = net->fc_out[m];
        if (m == LC + 1 && LC > 0) {
            w->z[m] = (Matrix){ nin, k, w->Z[m].data };
            w->dz[m] = (Matrix){ nin, k, w->dZ[m].data };
        } else {
            w->z[m] = alloc(w, nin, k);
            if (m > LC + 1) {
                w->dz[m] = alloc(w, nin, k);
            }
        }
        w->s[m] = alloc(w, nout, k);
        w->ds[m] = alloc(w, nout, k);
    }
    w->y = alloc(w, net->fc_out[L], k);
    if (w->failed) {
        workspace_free(w);
        return NULL;
    }
    return w;
}

void workspace_free(Workspace *w)
{
    if (w == NULL) {
        return;
    }
    int LC = w->net->spec.LC;
    for (int m = 0; m < MAXL; m++) {
        Matrix *own[] = { &w->Z[m], &w->pad[m], &w->phi[m], &w->S[m], &w->sigS[m], &w->dS[m],
                          &w->dphi[m], &w->dpad[m], &w->dZ[m], &w->s[m], &w->ds[m] };
        for (size_t j = 0; j < sizeof own / sizeof own[0]; j++) {
            mat_release(own[j]);
        }
        if (!(m == LC + 1 && LC > 0)) { /* else views of Z and dZ */
            mat_release(&w->z[m]);
            mat_release(&w->dz[m]);
        }
        free(w->idx[m]);
    }
    mat_release(&w->y);
    free(w);
}

/* Instance i's block of a batched matrix whose per-instance shape is rows x cols. */
static Matrix block(const Matrix *m, int cols, int i)
{
    return (Matrix){ m->rows, cols, m->data + (size_t)m->rows * (size_t)cols * (size_t)i };
}

static const Matrix *param(const Workspace *w, int m, int which)
{
    const LayerIds *ids = &w->net->layer[m];
    return &w->net->values[which == 0 ? ids->W : ids->b].m;
}

static void load_inputs(Workspace *w, const Dataset *ds, const int *idx, int k)
{
    const Net *net = w->net;
    Matrix *in = net->spec.LC > 0 ? &w->Z[1] : &w->z[1];
    int per = ds->rows * ds->cols;
    int n_out = net->fc_out[net->spec.L];
    for (int i = 0; i < k; i++) {
        Matrix zi = { ds->rows, ds->cols, in->data + (size_t)per * (size_t)i };
        dataset_input(ds, idx[i], &zi);
        Matrix yi = { n_out, 1, w->y.data + (size_t)n_out * (size_t)i };
        dataset_target(ds, idx[i], &yi);
    }
}

/* S^{m,i} = W^m phi(pad(Z^{m,i})) + b^m 1^T for all i of the chunk: one GEMM. */
static void conv_layer_forward(Workspace *w, int m, int k)
{
    const Net *net = w->net;
    const ConvGeom *g = &net->conv[m];
    int in_cols = g->a * g->b, pad_cols = g->ap * g->bp, c_cols = g->ac * g->bc, o_cols = g->ao * g->bo;
    for (int i = 0; i < k; i++) {
        Matrix zi = block(&w->Z[m], in_cols, i), pi = block(&w->pad[m], pad_cols, i);
        Matrix phii = block(&w->phi[m], c_cols, i);
        pad_forward(&pi, &zi, g);
        phi_forward(&phii, &pi, g);
    }
    Matrix phi = { w->phi[m].rows, c_cols * k, w->phi[m].data };
    Matrix S = { g->dout, c_cols * k, w->S[m].data }, sigS = { g->dout, c_cols * k, w->sigS[m].data };
    conv_forward(&S, param(w, m, 0), &phi, param(w, m, 1));
    act_forward(&sigS, &S, net_layer_act(net, m));
    for (int i = 0; i < k; i++) {
        Matrix si = block(&w->sigS[m], c_cols, i), zo = block(&w->Z[m + 1], o_cols, i);
        pool_forward(&zo, w->idx[m] + (size_t)g->dout * (size_t)o_cols * (size_t)i, &si, g, net->spec.pool_mode);
    }
}

static void fc_layer_forward(Workspace *w, int m, int k)
{
    Matrix z = { w->z[m].rows, k, w->z[m].data }, s = { w->s[m].rows, k, w->s[m].data };
    const Matrix *b = param(w, m, 1);
    mat_gemm(MAT_N, MAT_N, 1.0, param(w, m, 0), &z, 0.0, &s);
    for (int j = 0; j < k; j++) {
        for (int r = 0; r < s.rows; r++) {
            MAT_AT(s, r, j) += b->data[r];
        }
    }
    if (m < w->net->spec.L) {
        Matrix zn = { w->z[m + 1].rows, k, w->z[m + 1].data };
        act_forward(&zn, &s, net_layer_act(w->net, m));
    }
}

/* Declared in train.h; defined here, where each pass counts its correct
 * instances, so that the workspace uses nothing of train.c. */
int train_argmax(const double *z, int n)
{
    int best = 0;
    for (int k = 1; k < n; k++) {
        best = z[k] > z[best] ? k : best;
    }
    return best;
}

double workspace_forward(Workspace *w, const Dataset *ds, const int *idx, int k, int *correct, double *out)
{
    const Net *net = w->net;
    int LC = net->spec.LC, L = net->spec.L;
    w->k = k;
    load_inputs(w, ds, idx, k);
    for (int m = 1; m <= LC; m++) {
        conv_layer_forward(w, m, k);
    }
    for (int m = LC + 1; m <= L; m++) {
        fc_layer_forward(w, m, k);
    }
    int n = w->s[L].rows;
    double loss = 0.0;
    int right = 0;
    for (int i = 0; i < k; i++) {
        Matrix zi = { n, 1, w->s[L].data + (size_t)n * i }, yi = { n, 1, w->y.data + (size_t)n * i };
        loss += loss_value(net->spec.loss, &zi, &yi);
        right += train_argmax(zi.data, n) == ds->labels[idx[i]];
        for (int r = 0; out != NULL && r < n; r++) {
            out[(size_t)n * i + r] = zi.data[r];
        }
    }
    *correct = right;
    return loss;
}

/* dW = dS phi^T (or ds z^T), db = dS 1 over the chunk: with dS already
 * divided by l these are the chunk's share of the batch mean. */
static void param_grads(Matrix *gW, Matrix *gb, const Matrix *dS, const Matrix *in)
{
    mat_gemm(MAT_N, MAT_T, 1.0, dS, in, 0.0, gW);
    double *db = gb->data;
    for (int r = 0; r < dS->rows; r++) {
        db[r] = 0.0;
    }
    for (int j = 0; j < dS->cols; j++) { /* column by column: unit stride */
        const double *col = dS->data + (size_t)dS->rows * (size_t)j;
        for (int r = 0; r < dS->rows; r++) {
            db[r] += col[r];
        }
    }
}

static void fc_layer_backward(Workspace *w, int m, Matrix *gW, Matrix *gb)
{
    const Net *net = w->net;
    int k = w->k;
    Matrix ds = { w->ds[m].rows, k, w->ds[m].data }, z = { w->z[m].rows, k, w->z[m].data };
    param_grads(&gW[m], &gb[m], &ds, &z); /* eqs. (1), (2) */
    if (m == 1) {
        return;
    }
    Matrix dz = { w->dz[m].rows, k, w->dz[m].data };
    mat_gemm(MAT_T, MAT_N, 1.0, param(w, m, 0), &ds, 0.0, &dz); /* eq. (3) */
    if (m > net->spec.LC + 1) {                                   /* eq. (4) */
        Matrix dsp = { w->ds[m - 1].rows, k, w->ds[m - 1].data }, sp = { w->s[m - 1].rows, k, w->s[m - 1].data };
        act_backward(&dsp, &dz, &sp, net_layer_act(net, m - 1));
    }
}

static void conv_layer_backward(Workspace *w, int m, Matrix *gW, Matrix *gb)
{
    const Net *net = w->net;
    const ConvGeom *g = &net->conv[m];
    int k = w->k;
    int in_cols = g->a * g->b, pad_cols = g->ap * g->bp, c_cols = g->ac * g->bc, o_cols = g->ao * g->bo;
    for (int i = 0; i < k; i++) { /* eq. (5) or (6), per instance */
        Matrix dsi = block(&w->dS[m], c_cols, i), dzi = block(&w->dZ[m + 1], o_cols, i);
        const int *idx = w->idx[m] + (size_t)g->dout * (size_t)o_cols * (size_t)i;
        if (net->rule == RULE_EQ6) {
            Matrix zi = block(&w->Z[m + 1], o_cols, i);
            pool_backward_eq6(&dsi, &dzi, idx, &zi, g, net->spec.pool_mode, net_layer_act(net, m));
        } else {
            Matrix si = block(&w->S[m], c_cols, i);
            pool_backward_eq5(&dsi, &dzi, idx, &si, g, net->spec.pool_mode, net_layer_act(net, m));
        }
    }
    Matrix dS = { g->dout, c_cols * k, w->dS[m].data }, phi = { w->phi[m].rows, c_cols * k, w->phi[m].data };
    param_grads(&gW[m], &gb[m], &dS, &phi);
    if (m == 1) {
        return; /* the input's gradient is not needed for training */
    }
    Matrix dphi = { w->dphi[m].rows, c_cols * k, w->dphi[m].data };
    conv_backward_input(&dphi, param(w, m, 0), &dS);
    for (int i = 0; i < k; i++) {
        Matrix dphii = block(&w->dphi[m], c_cols, i), dpi = block(&w->dpad[m], pad_cols, i);
        Matrix dzi = block(&w->dZ[m], in_cols, i);
        phi_backward(&dpi, &dphii, g);
        pad_backward(&dzi, &dpi, g);
    }
}

void workspace_backward(Workspace *w, int l, Matrix *gW, Matrix *gb)
{
    const Net *net = w->net;
    int L = net->spec.L, n = w->s[L].rows;
    /* dxi_i/dz^{L+1,i} (2 (z - y), or softmax(z) - y for loss ce), divided
     * by l so that every parameter gradient below is already a share of the
     * batch mean */
    for (int i = 0; i < w->k; i++) {
        Matrix dzi = { n, 1, w->ds[L].data + (size_t)n * i }, zi = { n, 1, w->s[L].data + (size_t)n * i };
        Matrix yi = { n, 1, w->y.data + (size_t)n * i };
        loss_grad(net->spec.loss, &dzi, &zi, &yi);
    }
    for (size_t j = 0; j < (size_t)n * (size_t)w->k; j++) {
        w->ds[L].data[j] /= l;
    }
    for (int m = L; m > net->spec.LC; m--) {
        fc_layer_backward(w, m, gW, gb);
    }
    for (int m = net->spec.LC; m >= 1; m--) {
        conv_layer_backward(w, m, gW, gb);
    }
}
