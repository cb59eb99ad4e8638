/* train.c: the trainer (docs/training.md): a batch is cut into chunks of
 * consecutive instances, the workers (parallel.h) take chunks in turn, each
 * runs the chunk's pass in its own workspace (workspace.c) and writes the
 * chunk's gradient into that chunk's own set; then the sets are added in
 * chunk order, entry by entry. How a batch is cut depends only on the batch
 * and the network, never on the threads, and no sum depends on which worker
 * did what: the numbers are the same on any number of threads.
 * Must not: do I/O, print, or exit. */
#include "train.h"

#include "parallel.h"
#include "rng.h"
#include "workspace.h"

#include <assert.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>

enum { MAXL = NET_MAX_LAYERS + 2, REDUCE_BLOCK = 4096 };

struct Trainer {
    Net *net;
    int cap;      /* batch capacity */
    int l;        /* instances in the last batch */
    int threads;  /* workers of the next batch */
    int nwork;    /* workspaces made */
    Workspace *work[TRAIN_MAX_THREADS];
    int chunk;    /* instances per chunk at most (a full batch's) */
    int slots;    /* chunks of a batch at most */
    size_t P;     /* parameter entries, all layers: one gradient set */
    double *grad; /* the batch mean gradient; chunk 0's set before the sum */
    double *sets; /* chunk c >= 1's gradient at sets + (c - 1) P */
    double *chunk_loss;
    int *chunk_correct;
    Matrix out;                /* z^{L+1,i} of the last batch, n^{L+1} x cap */
    Matrix gW[MAXL], gb[MAXL]; /* views of grad */
    Matrix vW[MAXL], vb[MAXL]; /* momentum buffers */
};

TrainParams train_defaults(void)
{
    TrainParams p = { .lr = 0.0003, .momentum = 0.9, .wd = 0.0, .batch = 2, .seed = 1, .shuffle = true, .threads = 0 };
    return p;
}

/* Entries of W^m and b^m for all m: one gradient set. */
static int64_t param_entries(const NetSpec *spec)
{
    int64_t n = 0, d = spec->ch[0], a = spec->ht_input, b = spec->wd_input;
    for (int m = 1; m <= spec->LC; m++) {
        int p = spec->pad[m - 1], h = spec->filter[m - 1], st = spec->stride[m - 1], pool = spec->pool[m - 1];
        n += (int64_t)spec->ch[m] * h * h * d + spec->ch[m];
        a = (a + 2 * (int64_t)p - h) / st + 1;
        b = (b + 2 * (int64_t)p - h) / st + 1;
        a /= pool;
        b /= pool;
        d = spec->ch[m];
    }
    int64_t nin = d * a * b;
    for (int m = spec->LC + 1; m <= spec->L; m++) {
        int64_t nout = spec->full[m - spec->LC - 1];
        n += nout * nin + nout;
        nin = nout;
    }
    return n;
}

/* Chunks of a batch at most: TRAIN_CHUNKS, fewer when the gradient sets
 * would pass TRAIN_PARTIAL_BYTES. Depends on the network alone. */
static int max_chunks(const NetSpec *spec)
{
    int64_t fit = TRAIN_PARTIAL_BYTES / (param_entries(spec) * (int64_t)sizeof(double) + 1);
    return fit < 1 ? 1 : fit > TRAIN_CHUNKS ? TRAIN_CHUNKS : (int)fit;
}

int train_chunk_size(const NetSpec *spec, int l)
{
    int c = max_chunks(spec);
    return (l + c - 1) / c;
}

static int slots_for(const NetSpec *spec, int batch)
{
    int c = max_chunks(spec);
    return batch < c ? batch : c;
}

int64_t trainer_bytes(const NetSpec *spec, int batch, int threads)
{
    int slots = slots_for(spec, batch);
    threads = threads < 1 ? 1 : threads > slots ? slots : threads;
    int64_t P = param_entries(spec), n_out = spec->L > spec->LC ? spec->full[spec->L - spec->LC - 1] : 0;
    int64_t doubles = P * (slots + 2) + n_out * batch + slots; /* sets, grad, velocities, outputs, losses */
    return workspace_bytes(spec, train_chunk_size(spec, batch)) * threads + doubles * (int64_t)sizeof(double) +
           (int64_t)slots * (int64_t)sizeof(int) + (int64_t)sizeof(Trainer);
}

/* Views of W^m and b^m's entries in one gradient set, in layer order. */
static void set_views(const Net *net, double *set, Matrix *gW, Matrix *gb)
{
    size_t off = 0;
    for (int m = 1; m <= net->spec.L; m++) {
        const Matrix *W = &net->values[net->layer[m].W].m, *b = &net->values[net->layer[m].b].m;
        gW[m] = (Matrix){ W->rows, W->cols, set + off };
        off += mat_count(W);
        gb[m] = (Matrix){ b->rows, b->cols, set + off };
        off += mat_count(b);
    }
}

Trainer *trainer_new(Net *net, int batch)
{
    Trainer *t = calloc(1, sizeof *t);
    if (t == NULL) {
        return NULL;
    }
    t->net = net;
    t->cap = batch;
    t->threads = 1;
    t->chunk = train_chunk_size(&net->spec, batch);
    t->slots = slots_for(&net->spec, batch);
    t->P = (size_t)param_entries(&net->spec);
    t->grad = calloc(t->P + 1, sizeof *t->grad);
    t->sets = calloc(t->P * (size_t)(t->slots - 1) + 1, sizeof *t->sets);
    t->chunk_loss = calloc((size_t)t->slots, sizeof *t->chunk_loss);
    t->chunk_correct = calloc((size_t)t->slots, sizeof *t->chunk_correct);
    t->out = mat_alloc(net->fc_out[net->spec.L], batch);
    bool failed = t->grad == NULL || t->sets == NULL || t->chunk_loss == NULL || t->chunk_correct == NULL ||
                  t->out.data == NULL;
    set_views(net, t->grad, t->gW, t->gb);
    for (int m = 1; m <= net->spec.L; m++) {
        t->vW[m] = mat_alloc(t->gW[m].rows, t->gW[m].cols);
        t->vb[m] = mat_alloc(t->gb[m].rows, t->gb[m].cols);
        failed |= t->vW[m].data == NULL || t->vb[m].data == NULL;
    }
    if (failed || trainer_set_threads(t, 1) != 0) {
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
    for (int k = 0; k < t->nwork; k++) {
        workspace_free(t->work[k]);
    }
    for (int m = 0; m < MAXL; m++) {
        mat_release(&t->vW[m]);
        mat_release(&t->vb[m]);
    }
    mat_release(&t->out);
    free(t->grad);
    free(t->sets);
    free(t->chunk_loss);
    free(t->chunk_correct);
    free(t);
}

int trainer_set_threads(Trainer *t, int threads)
{
    threads = threads < 1 ? 1 : threads > TRAIN_MAX_THREADS ? TRAIN_MAX_THREADS : threads;
    threads = threads > t->slots ? t->slots : threads;
    while (t->nwork < threads) {
        Workspace *w = workspace_new(t->net, t->chunk);
        if (w == NULL) {
            return -1;
        }
        t->work[t->nwork++] = w;
    }
    t->threads = threads;
    return 0;
}

int trainer_threads(const Trainer *t)
{
    return t->threads;
}

/* One batch's work, shared by the workers: chunk c is instances
 * idx[c k .. c k + k - 1] (the last one shorter). */
typedef struct {
    Trainer *t;
    const Dataset *ds;
    const int *idx;
    int l, k, nchunks;
    bool backward;
    atomic_int next_chunk;
    atomic_size_t next_block;
} Job;

static double *chunk_set(const Trainer *t, int c)
{
    return c == 0 ? t->grad : t->sets + t->P * (size_t)(c - 1);
}

static void chunk_worker(void *ctx, int worker)
{
    Job *j = ctx;
    Trainer *t = j->t;
    Workspace *w = t->work[worker];
    int n = t->out.rows;
    for (int c = atomic_fetch_add(&j->next_chunk, 1); c < j->nchunks; c = atomic_fetch_add(&j->next_chunk, 1)) {
        int first = c * j->k, k = j->l - first < j->k ? j->l - first : j->k;
        t->chunk_loss[c] = workspace_forward(w, j->ds, j->idx + first, k, &t->chunk_correct[c],
                                             t->out.data + (size_t)n * (size_t)first);
        if (j->backward) {
            Matrix gW[MAXL], gb[MAXL];
            set_views(t->net, chunk_set(t, c), gW, gb);
            workspace_backward(w, j->l, gW, gb);
        }
    }
}

/* grad[lo..hi) += the other chunks' sets, in chunk order. */
static void reduce_range(const Job *j, size_t lo, size_t hi)
{
    double *g = j->t->grad;
    for (int c = 1; c < j->nchunks; c++) {
        const double *s = chunk_set(j->t, c);
        for (size_t e = lo; e < hi; e++) {
            g[e] += s[e];
        }
    }
}

static void reduce_worker(void *ctx, int worker)
{
    (void)worker;
    Job *j = ctx;
    size_t P = j->t->P;
    for (size_t b = atomic_fetch_add(&j->next_block, 1); b * REDUCE_BLOCK < P; b = atomic_fetch_add(&j->next_block, 1)) {
        size_t lo = b * REDUCE_BLOCK, hi = lo + REDUCE_BLOCK < P ? lo + REDUCE_BLOCK : P;
        reduce_range(j, lo, hi);
    }
}

/* The chunks of idx[0..l-1] on the workers; the sum of the losses. */
static double run_batch(Trainer *t, const Dataset *ds, const int *idx, int l, int *correct, bool backward)
{
    assert(l >= 1 && l <= t->cap);
    Job j = { .t = t, .ds = ds, .idx = idx, .l = l, .backward = backward };
    j.k = train_chunk_size(&t->net->spec, l);
    j.nchunks = (l + j.k - 1) / j.k;
    atomic_init(&j.next_chunk, 0);
    atomic_init(&j.next_block, 0);
    t->l = l;
    int workers = t->threads < j.nchunks ? t->threads : j.nchunks;
    parallel_run(workers, chunk_worker, &j);
    if (backward && j.nchunks > 1) {
        size_t blocks = (t->P + REDUCE_BLOCK - 1) / REDUCE_BLOCK;
        /* one thread when the sum is too small to share */
        bool share = (size_t)j.nchunks * t->P >= (size_t)64 * REDUCE_BLOCK;
        parallel_run(share ? (workers < (int)blocks ? workers : (int)blocks) : 1, reduce_worker, &j);
    }
    double loss = 0.0;
    int right = 0;
    for (int c = 0; c < j.nchunks; c++) { /* in chunk order, whoever computed them */
        loss += t->chunk_loss[c];
        right += t->chunk_correct[c];
    }
    *correct = right;
    return loss;
}

double trainer_forward(Trainer *t, const Dataset *ds, const int *idx, int l, int *correct)
{
    return run_batch(t, ds, idx, l, correct, false) / l;
}

double trainer_batch(Trainer *t, const Dataset *ds, const int *idx, int l, int *correct)
{
    return run_batch(t, ds, idx, l, correct, true) / l;
}

const Matrix *trainer_grad(const Trainer *t, int m, int which)
{
    return which == 0 ? &t->gW[m] : &t->gb[m];
}

Matrix trainer_output(const Trainer *t, int i)
{
    int n = t->out.rows;
    return (Matrix){ n, 1, t->out.data + (size_t)n * (size_t)i };
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
