/* train.c: the batched pass and the SGD update (docs/training.md).
 * A batch is the per-instance pass with l column blocks: the conv GEMMs
 * (eq. S = W phi(pad(Z)) + b 1^T and its gradients) run once for the whole
 * batch; pad, phi, pooling and their backward ops run per instance on views
 * of the blocks, with the same operators the debugger steps through.
 * Must not: do I/O, print, or exit. */
#include "train.h"

#include "rng.h"

#include <stdlib.h>
#include <string.h>

enum { MAXL = NET_MAX_LAYERS + 2 };

struct Trainer {
    Net *net;
    int cap; /* batch capacity */
    int l;   /* instances in the last batch */
    /* conv m = 1..LC: per-instance shapes with cap column blocks */
    Matrix Z[MAXL], pad[MAXL], phi[MAXL], S[MAXL], sigS[MAXL], dS[MAXL], dphi[MAXL], dpad[MAXL], dZ[MAXL];
    int *idx[MAXL];
    /* FC m = LC+1..L: z^m (n^m x cap), s^m, dxi/ds^m, dxi/dz^m */
    Matrix z[MAXL], s[MAXL], ds[MAXL], dz[MAXL];
    Matrix y;                        /* targets, n^{L+1} x cap */
    Matrix gW[MAXL], gb[MAXL];       /* batch mean gradients */
    Matrix vW[MAXL], vb[MAXL];       /* momentum buffers */
    bool failed;
};

TrainParams train_defaults(void)
{
    TrainParams p = { .lr = 0.0003, .momentum = 0.9, .wd = 0.0, .batch = 2, .seed = 1, .shuffle = true };
    return p;
}

static Matrix alloc(Trainer *t, int64_t rows, int64_t cols)
{
    Matrix m = mat_alloc((int)rows, (int)cols);
    if (m.data == NULL && rows * cols > 0) {
        t->failed = true;
    }
    return m;
}

/* Entries the trainer allocates for a batch of l, the same sum trainer_new makes. */
static int64_t entries(const NetSpec *spec, int64_t l, int64_t *ints)
{
    int64_t n = 0;
    *ints = 0;
    int d = spec->ch[0], a = spec->ht_input, b = spec->wd_input;
    for (int m = 1; m <= spec->LC; m++) {
        int p = spec->pad[m - 1], h = spec->filter[m - 1], st = spec->stride[m - 1], pool = spec->pool[m - 1];
        int dout = spec->ch[m];
        int64_t ap = a + 2 * p, bp = b + 2 * p, ac = (ap - h) / st + 1, bc = (bp - h) / st + 1;
        int64_t ao = ac / pool, bo = bc / pool, hhd = (int64_t)h * h * d;
        n += (int64_t)d * a * b * l * (m == 1 ? 1 : 2);          /* Z, dZ */
        n += (int64_t)d * ap * bp * l * (m == 1 ? 1 : 2);        /* pad, dpad */
        n += hhd * ac * bc * l * (m == 1 ? 1 : 2);               /* phi, dphi */
        n += (int64_t)dout * ac * bc * l * 3;                    /* S, sigS, dS */
        n += ((int64_t)dout * hhd + dout) * 4;                   /* W, b: gradient, velocity */
        *ints += (int64_t)dout * ao * bo * l;
        d = dout;
        a = (int)ao;
        b = (int)bo;
    }
    int64_t nin = (int64_t)d * a * b;
    if (spec->LC > 0) {
        n += nin * l * 2; /* z^{LC+1} = vec(Z^{LC+1}) and its gradient */
    }
    for (int m = spec->LC + 1; m <= spec->L; m++) {
        int64_t nout = spec->full[m - spec->LC - 1];
        n += (m == spec->LC + 1 ? (spec->LC == 0 ? nin * l : 0) : nin * l * 2); /* z, dz */
        n += nout * l * 2 + (nout * nin + nout) * 4;
        nin = nout;
    }
    n += nin * l; /* y */
    return n;
}

int64_t trainer_bytes(const NetSpec *spec, int batch)
{
    int64_t ints;
    int64_t n = entries(spec, batch, &ints);
    return n * (int64_t)sizeof(double) + ints * (int64_t)sizeof(int);
}

static void alloc_conv(Trainer *t, int m)
{
    const ConvGeom *g = &t->net->conv[m];
    int64_t l = t->cap, hhd = (int64_t)g->h * g->h * g->d;
    t->Z[m] = alloc(t, g->d, (int64_t)g->a * g->b * l); /* the input, or layer m-1's pooling output */
    if (m > 1) {
        t->dZ[m] = alloc(t, g->d, (int64_t)g->a * g->b * l);
        t->dpad[m] = alloc(t, g->d, (int64_t)g->ap * g->bp * l);
        t->dphi[m] = alloc(t, hhd, (int64_t)g->ac * g->bc * l);
    }
    t->pad[m] = alloc(t, g->d, (int64_t)g->ap * g->bp * l);
    t->phi[m] = alloc(t, hhd, (int64_t)g->ac * g->bc * l);
    t->S[m] = alloc(t, g->dout, (int64_t)g->ac * g->bc * l);
    t->sigS[m] = alloc(t, g->dout, (int64_t)g->ac * g->bc * l);
    t->dS[m] = alloc(t, g->dout, (int64_t)g->ac * g->bc * l);
    t->idx[m] = malloc((size_t)g->dout * (size_t)g->ao * (size_t)g->bo * (size_t)l * sizeof(int) + 1);
    t->failed |= t->idx[m] == NULL;
}

Trainer *trainer_new(Net *net, int batch)
{
    Trainer *t = calloc(1, sizeof *t);
    if (t == NULL) {
        return NULL;
    }
    t->net = net;
    t->cap = batch;
    int LC = net->spec.LC, L = net->spec.L;
    for (int m = 1; m <= LC; m++) {
        alloc_conv(t, m);
        const ConvGeom *g = &net->conv[m];
        if (m == LC) { /* Z^{LC+1} is z^{LC+1} (n x l) in the same memory */
            t->Z[m + 1] = alloc(t, g->dout, (int64_t)g->ao * g->bo * batch);
            t->dZ[m + 1] = alloc(t, g->dout, (int64_t)g->ao * g->bo * batch);
        }
    }
    for (int m = LC + 1; m <= L; m++) {
        int nin = net->fc_in[m], nout = net->fc_out[m];
        if (m == LC + 1 && LC > 0) {
            t->z[m] = (Matrix){ nin, batch, t->Z[m].data };
            t->dz[m] = (Matrix){ nin, batch, t->dZ[m].data };
        } else {
            t->z[m] = alloc(t, nin, batch);
            if (m > LC + 1) {
                t->dz[m] = alloc(t, nin, batch);
            }
        }
        t->s[m] = alloc(t, nout, batch);
        t->ds[m] = alloc(t, nout, batch);
    }
    t->y = alloc(t, net->fc_out[L], batch);
    for (int m = 1; m <= L; m++) {
        const Matrix *W = &net->values[net->layer[m].W].m, *b = &net->values[net->layer[m].b].m;
        t->gW[m] = alloc(t, W->rows, W->cols);
        t->vW[m] = alloc(t, W->rows, W->cols);
        t->gb[m] = alloc(t, b->rows, b->cols);
        t->vb[m] = alloc(t, b->rows, b->cols);
    }
    if (t->failed) {
        trainer_free(t);
        return NULL;
    }
    return t;
}

void trainer_free(Trainer *t)
{
    if (t == NULL) {
        return;
    }
    int LC = t->net->spec.LC;
    for (int m = 0; m < MAXL; m++) {
        Matrix *own[] = { &t->Z[m], &t->pad[m], &t->phi[m], &t->S[m], &t->sigS[m], &t->dS[m], &t->dphi[m],
                          &t->dpad[m], &t->dZ[m], &t->s[m], &t->ds[m], &t->gW[m], &t->gb[m], &t->vW[m], &t->vb[m] };
        for (size_t k = 0; k < sizeof own / sizeof own[0]; k++) {
            mat_release(own[k]);
        }
        if (!(m == LC + 1 && LC > 0)) { /* else views of Z and dZ */
            mat_release(&t->z[m]);
            mat_release(&t->dz[m]);
        }
        free(t->idx[m]);
    }
    mat_release(&t->y);
    free(t);
}

/* Instance i's block of a batched matrix whose per-instance shape is rows x cols. */
static Matrix block(const Matrix *m, int cols, int i)
{
    return (Matrix){ m->rows, cols, m->data + (size_t)m->rows * (size_t)cols * (size_t)i };
}

static const Matrix *param(const Trainer *t, int m, int which)
{
    const LayerIds *ids = &t->net->layer[m];
    return &t->net->values[which == 0 ? ids->W : ids->b].m;
}

static void load_inputs(Trainer *t, const Dataset *ds, const int *idx, int l)
{
    const Net *net = t->net;
    Matrix *in = net->spec.LC > 0 ? &t->Z[1] : &t->z[1];
    int per = ds->rows * ds->cols;
    int n_out = net->fc_out[net->spec.L];
    for (int i = 0; i < l; i++) {
        Matrix zi = { ds->rows, ds->cols, in->data + (size_t)per * (size_t)i };
        dataset_input(ds, idx[i], &zi);
        Matrix yi = { n_out, 1, t->y.data + (size_t)n_out * (size_t)i };
        dataset_target(ds, idx[i], &yi);
    }
}

/* S^{m,i} = W^m phi(pad(Z^{m,i})) + b^m 1^T for all i: one GEMM. */
static void conv_layer_forward(Trainer *t, int m, int l)
{
    const Net *net = t->net;
    const ConvGeom *g = &net->conv[m];
    int in_cols = g->a * g->b, pad_cols = g->ap * g->bp, c_cols = g->ac * g->bc, o_cols = g->ao * g->bo;
    for (int i = 0; i < l; i++) {
        Matrix zi = block(&t->Z[m], in_cols, i), pi = block(&t->pad[m], pad_cols, i);
        Matrix phii = block(&t->phi[m], c_cols, i);
        pad_forward(&pi, &zi, g);
        phi_forward(&phii, &pi, g);
    }
    Matrix phi = { t->phi[m].rows, c_cols * l, t->phi[m].data };
    Matrix S = { g->dout, c_cols * l, t->S[m].data }, sigS = { g->dout, c_cols * l, t->sigS[m].data };
    conv_forward(&S, param(t, m, 0), &phi, param(t, m, 1));
    act_forward(&sigS, &S, net_layer_act(net, m));
    for (int i = 0; i < l; i++) {
        Matrix si = block(&t->sigS[m], c_cols, i), zo = block(&t->Z[m + 1], o_cols, i);
        pool_forward(&zo, t->idx[m] + (size_t)g->dout * (size_t)o_cols * (size_t)i, &si, g, net->spec.pool_mode);
    }
}

static void fc_layer_forward(Trainer *t, int m, int l)
{
    Matrix z = { t->z[m].rows, l, t->z[m].data }, s = { t->s[m].rows, l, t->s[m].data };
    const Matrix *b = param(t, m, 1);
    mat_gemm(MAT_N, MAT_N, 1.0, param(t, m, 0), &z, 0.0, &s);
    for (int j = 0; j < l; j++) {
        for (int r = 0; r < s.rows; r++) {
            MAT_AT(s, r, j) += b->data[r];
        }
    }
    if (m < t->net->spec.L) {
        Matrix zn = { t->z[m + 1].rows, l, t->z[m + 1].data };
        act_forward(&zn, &s, net_layer_act(t->net, m));
    }
}

static double forward(Trainer *t, const Dataset *ds, const int *idx, int l, int *correct)
{
    const Net *net = t->net;
    int LC = net->spec.LC, L = net->spec.L;
    t->l = l;
    load_inputs(t, ds, idx, l);
    for (int m = 1; m <= LC; m++) {
        conv_layer_forward(t, m, l);
    }
    for (int m = LC + 1; m <= L; m++) {
        fc_layer_forward(t, m, l);
    }
    int n = t->s[L].rows;
    double loss = 0.0;
    int right = 0;
    for (int i = 0; i < l; i++) {
        Matrix zi = { n, 1, t->s[L].data + (size_t)n * i }, yi = { n, 1, t->y.data + (size_t)n * i };
        loss += loss_value(net->spec.loss, &zi, &yi);
        right += train_argmax(zi.data, n) == ds->labels[idx[i]];
    }
    *correct = right;
    return loss / l;
}

double trainer_forward(Trainer *t, const Dataset *ds, const int *idx, int l, int *correct)
{
    return forward(t, ds, idx, l, correct);
}

/* dW = dS phi^T (or ds z^T), db = dS 1 over the whole batch: with dS already
 * divided by l these are the batch means (1/l) sum_i dxi_i/dW. */
static void param_grads(Trainer *t, int m, const Matrix *dS, const Matrix *in)
{
    mat_gemm(MAT_N, MAT_T, 1.0, dS, in, 0.0, &t->gW[m]);
    double *db = t->gb[m].data;
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

static void fc_layer_backward(Trainer *t, int m, int l)
{
    const Net *net = t->net;
    Matrix ds = { t->ds[m].rows, l, t->ds[m].data }, z = { t->z[m].rows, l, t->z[m].data };
    param_grads(t, m, &ds, &z); /* eqs. (1), (2) */
    if (m == 1) {
        return;
    }
    Matrix dz = { t->dz[m].rows, l, t->dz[m].data };
    mat_gemm(MAT_T, MAT_N, 1.0, param(t, m, 0), &ds, 0.0, &dz); /* eq. (3) */
    if (m > net->spec.LC + 1) {                                   /* eq. (4) */
        Matrix dsp = { t->ds[m - 1].rows, l, t->ds[m - 1].data }, sp = { t->s[m - 1].rows, l, t->s[m - 1].data };
        act_backward(&dsp, &dz, &sp, net_layer_act(net, m - 1));
    }
}

static void conv_layer_backward(Trainer *t, int m, int l)
{
    const Net *net = t->net;
    const ConvGeom *g = &net->conv[m];
    int in_cols = g->a * g->b, pad_cols = g->ap * g->bp, c_cols = g->ac * g->bc, o_cols = g->ao * g->bo;
    for (int i = 0; i < l; i++) { /* eq. (5) or (6), per instance */
        Matrix dsi = block(&t->dS[m], c_cols, i), dzi = block(&t->dZ[m + 1], o_cols, i);
        const int *idx = t->idx[m] + (size_t)g->dout * (size_t)o_cols * (size_t)i;
        if (net->rule == RULE_EQ6) {
            Matrix zi = block(&t->Z[m + 1], o_cols, i);
            pool_backward_eq6(&dsi, &dzi, idx, &zi, g, net->spec.pool_mode, net_layer_act(net, m));
        } else {
            Matrix si = block(&t->S[m], c_cols, i);
            pool_backward_eq5(&dsi, &dzi, idx, &si, g, net->spec.pool_mode, net_layer_act(net, m));
        }
    }
    Matrix dS = { g->dout, c_cols * l, t->dS[m].data }, phi = { t->phi[m].rows, c_cols * l, t->phi[m].data };
    param_grads(t, m, &dS, &phi);
    if (m == 1) {
        return; /* the input's gradient is not needed for training */
    }
    Matrix dphi = { t->dphi[m].rows, c_cols * l, t->dphi[m].data };
    conv_backward_input(&dphi, param(t, m, 0), &dS);
    for (int i = 0; i < l; i++) {
        Matrix dphii = block(&t->dphi[m], c_cols, i), dpi = block(&t->dpad[m], pad_cols, i);
        Matrix dzi = block(&t->dZ[m], in_cols, i);
        phi_backward(&dpi, &dphii, g);
        pad_backward(&dzi, &dpi, g);
    }
}

double trainer_batch(Trainer *t, const Dataset *ds, const int *idx, int l, int *correct)
{
    double loss = forward(t, ds, idx, l, correct);
    const Net *net = t->net;
    int L = net->spec.L, n = t->s[L].rows;
    /* dxi_i/dz^{L+1,i} (2 (z - y), or softmax(z) - y for loss ce), divided by
     * l so that every parameter gradient below is already the batch mean */
    for (int i = 0; i < l; i++) {
        Matrix dzi = { n, 1, t->ds[L].data + (size_t)n * i }, zi = { n, 1, t->s[L].data + (size_t)n * i };
        Matrix yi = { n, 1, t->y.data + (size_t)n * i };
        loss_grad(net->spec.loss, &dzi, &zi, &yi);
    }
    for (size_t k = 0; k < (size_t)n * (size_t)l; k++) {
        t->ds[L].data[k] /= l;
    }
    for (int m = L; m > net->spec.LC; m--) {
        fc_layer_backward(t, m, l);
    }
    for (int m = net->spec.LC; m >= 1; m--) {
        conv_layer_backward(t, m, l);
    }
    return loss;
}

const Matrix *trainer_grad(const Trainer *t, int m, int which)
{
    return which == 0 ? &t->gW[m] : &t->gb[m];
}

Matrix trainer_output(const Trainer *t, int i)
{
    int L = t->net->spec.L, n = t->s[L].rows;
    return (Matrix){ n, 1, t->s[L].data + (size_t)n * (size_t)i };
}

/* PyTorch's SGD: g = dW + wd W; v = momentum v + g; W = W - lr v. */
static void sgd_one(Matrix *w, Matrix *v, const Matrix *g, const TrainParams *p)
{
    for (size_t k = 0; k < mat_count(w); k++) {
        double gk = g->data[k] + p->wd * w->data[k];
        v->data[k] = p->momentum * v->data[k] + gk;
        w->data[k] -= p->lr * v->data[k];
    }
}

void trainer_sgd(Trainer *t, const TrainParams *p)
{
    Net *net = t->net;
    for (int m = 1; m <= net->spec.L; m++) {
        sgd_one(&net->values[net->layer[m].W].m, &t->vW[m], &t->gW[m], p);
        sgd_one(&net->values[net->layer[m].b].m, &t->vb[m], &t->gb[m], p);
    }
}

void trainer_reset_momentum(Trainer *t)
{
    for (int m = 1; m <= t->net->spec.L; m++) {
        mat_zero(&t->vW[m]);
        mat_zero(&t->vb[m]);
    }
}

int train_argmax(const double *z, int n)
{
    int best = 0;
    for (int k = 1; k < n; k++) {
        best = z[k] > z[best] ? k : best;
    }
    return best;
}

void train_order(int *order, int n, uint64_t seed, bool shuffle)
{
    for (int k = 0; k < n; k++) {
        order[k] = k;
    }
    if (!shuffle) {
        return;
    }
    Rng r;
    rng_init(&r, seed);
    for (int k = n - 1; k > 0; k--) {
        int j = (int)(rng_next(&r) % (uint64_t)(k + 1));
        int tmp = order[k];
        order[k] = order[j];
        order[j] = tmp;
    }
}
