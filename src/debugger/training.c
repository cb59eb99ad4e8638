/* training.c: the Training module (training.h): its life cycle, the SGD
 * loop over the chosen dataset, and the progress it reports to the host.
 * Must not: print, exit, or call the engine. */
#include "training.h"

#include "../base/interrupt.h"

#include <math.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>

/* ---- life cycle ------------------------------------------------------------ */

void training_free(Training *t)
{
    if (t == NULL) {
        return;
    }
    trainer_free(t->trainer);
    free(t->order);
    free(t->batch);
    free(t->curve);
    free(t);
}

Training *training_get(Engine *e)
{
    if (e->training == NULL) {
        e->training = calloc(1, sizeof(Training));
        if (e->training != NULL) {
            e->training->params = train_defaults();
        }
    }
    return e->training;
}

void training_choose_data(Training *t, const DataPair *dp)
{
    if (t->data == dp) {
        return;
    }
    trainer_free(t->trainer);
    t->trainer = NULL;
    free(t->order);
    t->order = NULL;
    t->pos = t->epoch = 0;
    t->steps = t->ncurve = 0;
    t->ntests = t->nbatch = t->instance = 0;
    t->last_train = t->last_test = (TrainSummary){ 0 };
    t->data = dp;
}

/* ---- progress --------------------------------------------------------------- */

bool training_progress(const Engine *e, TrainProgress *p)
{
    const Training *t = e->training;
    memset(p, 0, sizeof *p);
    if (t == NULL || t->data == NULL) {
        return false;
    }
    p->what = "train";
    training_fill(t, p, true);
    return true;
}

bool training_last(const Engine *e, TrainSummary *train, TrainSummary *test)
{
    const Training *t = e->training;
    if (t == NULL || t->data == NULL) {
        memset(train, 0, sizeof *train);
        memset(test, 0, sizeof *test);
        return false;
    }
    *train = t->last_train;
    *test = t->last_test;
    return true;
}

void training_fill(const Training *t, TrainProgress *p, bool done)
{
    p->curve = t->curve;
    p->ncurve = t->ncurve;
    p->test_acc = t->tests;
    p->ntest = t->ntests;
    p->epoch = t->epoch;
    p->done = done;
}

const char *training_input_name(const Engine *e)
{
    return e->training != NULL ? e->training->input : "";
}

static void report(const Training *t, const Host *h, TrainProgress *pr, bool done)
{
    training_fill(t, pr, done);
    if (h->progress != NULL) {
        h->progress(h->progress_ctx, pr);
    }
}

/* ---- the SGD loop -------------------------------------------------------------- */

int training_ensure_trainer(Training *t, Net *net, int l, int threads, bool *reset, Diag *d)
{
    *reset = false;
    int64_t bytes = trainer_bytes(&net->spec, l, threads);
    if (bytes > TRAIN_MAX_BYTES) {
        diag_set(d, 0, 0, "a batch of %d on %d threads needs %.0f MiB for this network (limit %lld MiB); use a "
                 "smaller batch= or fewer threads=", l, threads, (double)bytes / 1048576.0,
                 (long long)(TRAIN_MAX_BYTES >> 20));
        return -1;
    }
    Trainer *tr = t->trainer != NULL && t->cap == l ? t->trainer : trainer_new(net, l);
    if (tr == NULL || trainer_set_threads(tr, threads) != 0) {
        if (tr != t->trainer) {
            trainer_free(tr);
        }
        diag_set(d, 0, 0, "out of memory for a batch of %d on %d threads (%.0f MiB)", l, threads,
                 (double)bytes / 1048576.0);
        return -1;
    }
    if (tr != t->trainer) {
        *reset = t->trainer != NULL;
        trainer_free(t->trainer);
        t->trainer = tr;
        t->cap = l;
    }
    return 0;
}

int training_begin(Training *t, const TrainParams *p, bool epochs)
{
    if (t->order == NULL && (t->order = malloc((size_t)t->data->train.n * sizeof *t->order)) == NULL) {
        return -1;
    }
    bool reorder = t->params.seed != p->seed || t->params.shuffle != p->shuffle;
    t->params = *p;
    if (t->epoch == 0 || epochs || reorder) {
        t->pos = t->data->train.n; /* a new epoch (epochs count from a fresh one) */
    }
    return 0;
}

static void start_epoch(Training *t)
{
    train_order(t->order, t->data->train.n, t->params.seed + (uint64_t)t->epoch, t->params.shuffle);
    t->pos = 0;
    t->epoch++;
}

static void record(Training *t, double loss)
{
    if (t->ncurve % 4096 == 0 && t->ncurve < CURVE_MAX) {
        double *grown = realloc(t->curve, (size_t)(t->ncurve + 4096) * sizeof *grown);
        if (grown == NULL) {
            return;
        }
        t->curve = grown;
    }
    if (t->ncurve < CURVE_MAX) {
        t->curve[t->ncurve++] = loss;
    }
}

bool training_evaluate(Training *t, const Host *h, long n, double *loss, long *right, long *done)
{
    const Dataset *ds = &t->data->test;
    int *idx = malloc((size_t)t->cap * sizeof *idx);
    TrainProgress pr = { .what = "test", .steps = (n + t->cap - 1) / t->cap, .total = n };
    double sum = 0.0;
    *right = *done = 0;
    report(t, h, &pr, false);
    while (idx != NULL && *done < n && interrupt_pending() == 0) {
        int l = (int)(n - *done < t->cap ? n - *done : t->cap), correct;
        for (int i = 0; i < l; i++) {
            idx[i] = (int)(*done + i);
        }
        sum += trainer_forward(t->trainer, ds, idx, l, &correct) * l;
        *right += correct;
        *done += l;
        pr.step++;
        pr.images = *done;
        pr.loss = sum / (double)*done;
        pr.accuracy = (double)*right / (double)*done;
        report(t, h, &pr, *done == n);
    }
    free(idx);
    *loss = *done > 0 ? sum / (double)*done : 0.0;
    if (*done > 0) {
        t->last_test = (TrainSummary){ true, *done == n, pr.step, *done, *right, *loss, t->epoch };
    }
    return *done == n;
}

static void keep_batch(Training *t, const int *idx, int l)
{
    int *b = realloc(t->batch, (size_t)l * sizeof *b);
    if (b != NULL) {
        memcpy(b, idx, (size_t)l * sizeof *b);
        t->batch = b;
        t->nbatch = l;
    }
}

static long steps_per_epoch(const Training *t)
{
    return (t->data->train.n + t->params.batch - 1) / t->params.batch;
}

/* After an epoch of `train N epochs`: the test accuracy, kept for the curve. */
static void epoch_test(Training *t, const Host *h, TrainProgress *pr)
{
    double loss;
    long right, done;
    if (training_evaluate(t, h, t->data->test.n, &loss, &right, &done) && t->ntests < TESTS_MAX) {
        t->tests[t->ntests++] = (double)right / (double)done;
    }
    pr->what = "train";
}

/* One batch of SGD at t->pos; false when its loss is not finite (nothing changed). */
static bool one_batch(Training *t, TrainRun *rs)
{
    int n = t->data->train.n;
    if (t->pos >= n) {
        start_epoch(t);
    }
    int l = (int)(n - t->pos < t->params.batch ? n - t->pos : t->params.batch), correct;
    const int *idx = t->order + t->pos;
    double loss = trainer_batch(t->trainer, &t->data->train, idx, l, &correct);
    if (!isfinite(loss)) { /* the weights stay as they were before this batch */
        return false;
    }
    trainer_sgd(t->trainer, &t->params);
    keep_batch(t, idx, l);
    record(t, loss);
    rs->first_loss = rs->steps == 0 ? loss : rs->first_loss;
    rs->loss_sum += loss * l;
    rs->right += correct;
    rs->images += l;
    rs->steps++;
    t->steps++;
    t->pos += l;
    return true;
}

void training_run(Training *t, const Host *h, long count, bool epochs, TrainRun *rs)
{
    long total = epochs ? count * steps_per_epoch(t) : count;
    TrainProgress pr = { .what = "train", .steps = total, .total = total * t->params.batch };
    int epochs_done = 0;
    report(t, h, &pr, false); /* step 0: the clock starts */
    while (rs->steps < total) {
        if (!one_batch(t, rs)) {
            rs->diverged = true;
            break;
        }
        pr.step = rs->steps;
        pr.images = rs->images;
        pr.loss = rs->loss_sum / (double)rs->images;
        pr.accuracy = (double)rs->right / (double)rs->images;
        if (epochs && t->pos >= t->data->train.n && ++epochs_done <= count) {
            epoch_test(t, h, &pr);
        }
        report(t, h, &pr, rs->steps == total);
        if (interrupt_pending() == SIGINT) {
            interrupt_clear(); /* stops at a batch boundary; what was learned stays */
            rs->interrupted = true;
            break;
        }
        if (interrupt_pending() != 0) {
            break;
        }
    }
    if (rs->steps > 0) {
        t->last_train = (TrainSummary){ true,   rs->steps == total, rs->steps, rs->images, rs->right,
                                        rs->loss_sum / (double)rs->images, t->epoch };
    }
    if (rs->steps < total) {
        report(t, h, &pr, true); /* stopped early: the last report says it ended */
    }
    if (t->params.momentum == 0.0) {
        /* as torch.optim.SGD, which keeps no momentum buffer while the momentum
         * is 0: a later momentum starts from the next gradient (v = g) */
        trainer_reset_momentum(t->trainer);
    }
}
