/* cmd_sgd.c: `train` (mini-batch SGD with momentum on the batch mean of the
 * slides' loss), `test`, and `instance` (which instance of the last batch
 * the stepped network shows). docs/training.md.
 * Must not: print or exit. */
#include "cmd_internal.h"
#include "training.h"

#include "../math/interrupt.h"

#include <errno.h>
#include <math.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct {
    long count;
    bool epochs;
    TrainParams p;
} TrainArgs;

/* One `key=value` of train; -1 with the error set. */
static int parse_option(Ctx *c, const char *at, size_t len, TrainParams *p)
{
    const char *eq = memchr(at, '=', len);
    char val[64];
    if (eq == NULL || (size_t)(at + len - eq - 1) >= sizeof val) {
        cmd_error(c, at, "expected KEY=VALUE (lr=, batch=, momentum=, wd=, seed=, shuffle=on|off, threads=)");
        return -1;
    }
    size_t klen = (size_t)(eq - at);
    memcpy(val, eq + 1, (size_t)(at + len - eq - 1));
    val[at + len - eq - 1] = '\0';
    char *end = NULL;
    errno = 0;
    double x = strtod(val, &end);
    bool number = end != val && *end == '\0' && errno == 0 && isfinite(x);
#define KEY(k) (klen == strlen(k) && strncmp(at, (k), klen) == 0)
    if (KEY("shuffle") && (strcmp(val, "on") == 0 || strcmp(val, "off") == 0)) {
        p->shuffle = val[1] == 'n';
    } else if (KEY("lr") && number && x > 0 && x <= 10) {
        p->lr = x;
    } else if (KEY("momentum") && number && x >= 0 && x < 1) {
        p->momentum = x;
    } else if (KEY("wd") && number && x >= 0 && x <= 1) {
        p->wd = x;
    } else if (KEY("batch") && number && x >= 1 && x <= TRAIN_MAX_BATCH && x == floor(x)) {
        p->batch = (int)x;
    } else if (KEY("seed") && number && x >= 0 && x <= 9007199254740992.0 && x == floor(x)) {
        p->seed = (uint64_t)x;
    } else if (KEY("threads") && number && x >= 1 && x <= TRAIN_MAX_THREADS && x == floor(x)) {
        p->threads = (int)x;
    } else {
        diag_set(c->d, 0, cmd_col(c, at), "bad option '%.*s': lr in (0, 10], batch 1 to %d, momentum in [0, 1), "
                 "wd in [0, 1], seed a whole number, shuffle=on|off, threads 1 to %d", (int)len, at, TRAIN_MAX_BATCH,
                 TRAIN_MAX_THREADS);
        return -1;
    }
#undef KEY
    return 0;
}

static int parse_train(Ctx *c, const char *args, TrainArgs *a)
{
    args = cmd_skip_ws(args);
    const char *usage = "usage: train N steps|epochs [lr=0.0003] [batch=2] [momentum=0.9] [wd=0] [seed=1] [shuffle=on] "
                        "[threads=N]";
    char *end = NULL;
    errno = 0;
    a->count = strtol(args, &end, 10);
    if (end == args || errno != 0 || a->count < 1 || a->count > 100000000) {
        cmd_error(c, args, usage);
        return -1;
    }
    const char *unit = cmd_skip_ws(end);
    size_t ulen = strcspn(unit, " \t");
    if ((ulen == 4 || ulen == 5) && strncmp(unit, "steps", ulen) == 0) {
        a->epochs = false;
    } else if ((ulen == 5 || ulen == 6) && strncmp(unit, "epochs", ulen) == 0) {
        a->epochs = true;
    } else {
        cmd_error(c, unit, usage);
        return -1;
    }
    for (const char *p = cmd_skip_ws(unit + ulen); *p != '\0'; p = cmd_skip_ws(p)) {
        size_t len = strcspn(p, " \t");
        if (parse_option(c, p, len, &a->p) != 0) {
            return -1;
        }
        p += len;
    }
    return 0;
}

/* threads=N, else the host's default (BPSTEP_THREADS or the cores online). */
static int threads_wanted(const TrainParams *p)
{
    int n = p->threads > 0 ? p->threads : host_get()->threads;
    return n > 0 ? n : 1;
}

/* The trainer for batches of l with the workers of p, allocated when the
 * size changes (the momentum then starts again from 0). */
static int ensure_trainer(Ctx *c, Training *t, int l, const TrainParams *p, bool *reset)
{
    *reset = false;
    int threads = threads_wanted(p);
    int64_t bytes = trainer_bytes(&c->e->net->spec, l, threads);
    if (bytes > TRAIN_MAX_BYTES) {
        diag_set(c->d, 0, 0, "a batch of %d on %d threads needs %.0f MiB for this network (limit %lld MiB); use a "
                 "smaller batch= or fewer threads=", l, threads, (double)bytes / 1048576.0,
                 (long long)(TRAIN_MAX_BYTES >> 20));
        return -1;
    }
    Trainer *tr = t->trainer != NULL && t->cap == l ? t->trainer : trainer_new(c->e->net, l);
    if (tr == NULL || trainer_set_threads(tr, threads) != 0) {
        if (tr != t->trainer) {
            trainer_free(tr);
        }
        diag_set(c->d, 0, 0, "out of memory for a batch of %d on %d threads (%.0f MiB)", l, threads,
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

static void report(Training *t, TrainProgress *pr, bool done)
{
    const Host *h = host_get();
    training_fill(t, pr, done);
    if (h->progress != NULL) {
        h->progress(h->progress_ctx, pr);
    }
}

/* Forward passes over the first n test images in batches; false when interrupted. */
static bool evaluate(Training *t, long n, double *loss, long *right, long *done)
{
    const Dataset *ds = &t->data->test;
    int *idx = malloc((size_t)t->cap * sizeof *idx);
    TrainProgress pr = { .what = "test", .steps = (n + t->cap - 1) / t->cap, .total = n };
    double sum = 0.0;
    *right = *done = 0;
    report(t, &pr, false);
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
        report(t, &pr, *done == n);
    }
    free(idx);
    *loss = *done > 0 ? sum / (double)*done : 0.0;
    return *done == n;
}

/* Shows instance i (1-based) of the last batch on the stepped network. */
static void show_instance(Ctx *c, Training *t, int i)
{
    t->instance = i;
    training_use_instance(c, &t->data->train, t->batch[i - 1], "training");
    size_t len = strlen(t->input);
    snprintf(t->input + len, sizeof t->input - len, " (instance %d of the last batch)", i);
}

static void keep_last_batch(Training *t, const int *idx, int l)
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
static void epoch_test(Training *t, TrainProgress *pr)
{
    double loss;
    long right, done;
    if (evaluate(t, t->data->test.n, &loss, &right, &done) && t->ntests < TESTS_MAX) {
        t->tests[t->ntests++] = (double)right / (double)done;
    }
    pr->what = "train";
}

typedef struct {
    long steps, images, right;
    double loss_sum, first_loss;
    bool diverged, interrupted;
} RunStats;

static void run_steps(Training *t, const TrainArgs *a, RunStats *rs)
{
    long total = a->epochs ? a->count * steps_per_epoch(t) : a->count;
    TrainProgress pr = { .what = "train", .steps = total, .total = total * t->params.batch };
    int n = t->data->train.n;
    int epochs_done = 0;
    report(t, &pr, false); /* step 0: the clock starts */
    while (rs->steps < total && !rs->diverged) {
        if (t->pos >= n) {
            start_epoch(t);
        }
        int l = (int)(n - t->pos < t->params.batch ? n - t->pos : t->params.batch), correct;
        const int *idx = t->order + t->pos;
        double loss = trainer_batch(t->trainer, &t->data->train, idx, l, &correct);
        if (!isfinite(loss)) { /* the weights stay as they were before this batch */
            rs->diverged = true;
            break;
        }
        trainer_sgd(t->trainer, &t->params);
        keep_last_batch(t, idx, l);
        record(t, loss);
        rs->first_loss = rs->steps == 0 ? loss : rs->first_loss;
        rs->loss_sum += loss * l;
        rs->right += correct;
        rs->images += l;
        rs->steps++;
        t->steps++;
        t->pos += l;
        pr.step = rs->steps;
        pr.images = rs->images;
        pr.loss = rs->loss_sum / (double)rs->images;
        pr.accuracy = (double)rs->right / (double)rs->images;
        if (a->epochs && t->pos >= n && ++epochs_done <= a->count) {
            epoch_test(t, &pr);
        }
        report(t, &pr, rs->steps == total);
        if (interrupt_pending() == SIGINT) {
            interrupt_clear(); /* stops at a batch boundary; what was learned stays */
            rs->interrupted = true;
            break;
        }
        if (interrupt_pending() != 0) {
            break;
        }
    }
}

CmdStatus cmd_train(Ctx *c, const char *args)
{
    Training *t = training_get(c->e);
    if (t == NULL) {
        return cmd_error(c, args, "out of memory");
    }
    TrainArgs a = { 0, false, t->params };
    if (parse_train(c, args, &a) != 0) {
        return CMD_ERROR;
    }
    if (t->data == NULL) {
        return cmd_error(c, cmd_skip_ws(args), "no data chosen: first 'data fashion-mnist' (or --data)");
    }
    bool reset;
    if (ensure_trainer(c, t, a.p.batch, &a.p, &reset) != 0) {
        return CMD_ERROR;
    }
    if (t->order == NULL && (t->order = malloc((size_t)t->data->train.n * sizeof *t->order)) == NULL) {
        return cmd_error(c, args, "out of memory");
    }
    bool reorder = t->params.seed != a.p.seed || t->params.shuffle != a.p.shuffle;
    t->params = a.p;
    if (t->epoch == 0 || a.epochs || reorder) {
        t->pos = t->data->train.n; /* a new epoch (epochs count from a fresh one) */
    }
    RunStats rs = { 0 };
    run_steps(t, &a, &rs);
    if (reset) {
        sb_printf(c->out, "(the batch size changed: momentum restarted from 0)\n");
    }
    if (rs.steps == 0) {
        return rs.diverged ? cmd_error(c, args, "the loss is not finite on the first batch; weights unchanged")
                           : CMD_OK;
    }
    int threads = trainer_threads(t->trainer);
    sb_printf(c->out, "trained %ld step%s (%ld images, epoch %d, batch %d, lr %g, momentum %g, wd %g, %d thread%s): "
              "loss %.4f on the first batch, %.4f mean, accuracy %.1f%% on the batches%s\n",
              rs.steps, rs.steps == 1 ? "" : "s", rs.images, t->epoch, t->params.batch, t->params.lr,
              t->params.momentum, t->params.wd, threads, threads == 1 ? "" : "s", rs.first_loss,
              rs.loss_sum / (double)rs.images, 100.0 * (double)rs.right / (double)rs.images,
              rs.interrupted ? "; interrupted (Ctrl-C): the weights learned so far are kept" : "");
    if (rs.diverged) {
        sb_printf(c->out, "stopped: the loss became infinite or NaN at step %ld; the weights are those before that "
                  "batch (try a smaller lr=)\n", rs.steps + 1);
    }
    for (int k = t->ntests - (a.epochs ? (int)a.count : 0); a.epochs && k < t->ntests; k++) {
        if (k >= 0) {
            sb_printf(c->out, "test accuracy after epoch %d: %.2f%%\n", k + 1, 100.0 * t->tests[k]);
        }
    }
    show_instance(c, t, 1);
    sb_printf(c->out, "on screen: %s; 'instance N' picks another (1 to %d)\n", t->input, t->nbatch);
    return CMD_OK;
}

CmdStatus cmd_test(Ctx *c, const char *args)
{
    Training *t = training_get(c->e);
    args = cmd_skip_ws(args);
    if (t == NULL || t->data == NULL) {
        return cmd_error(c, args, "no data chosen: first 'data fashion-mnist' (or --data)");
    }
    long n = t->data->test.n;
    if (*args != '\0') {
        char *end = NULL;
        errno = 0;
        n = strtol(args, &end, 10);
        if (end == args || *cmd_skip_ws(end) != '\0' || errno != 0 || n < 1 || n > t->data->test.n) {
            diag_set(c->d, 0, cmd_col(c, args), "usage: test [N] (the first N of %d test images)", t->data->test.n);
            return CMD_ERROR;
        }
    }
    bool reset;
    if (ensure_trainer(c, t, t->params.batch, &t->params, &reset) != 0) {
        return CMD_ERROR;
    }
    double loss;
    long right, done;
    bool whole = evaluate(t, n, &loss, &right, &done);
    if (done == 0) {
        return CMD_OK; /* interrupted at once: command_exec says so */
    }
    if (!whole && interrupt_pending() == SIGINT) {
        interrupt_clear();
    }
    sb_printf(c->out, "test accuracy = %.2f%% (%ld of %ld), mean loss = %.4f%s\n", 100.0 * (double)right / (double)done,
              right, done, loss, whole ? "" : " (interrupted: only these images were tested)");
    return CMD_OK;
}

CmdStatus cmd_instance(Ctx *c, const char *args)
{
    Training *t = training_get(c->e);
    args = cmd_skip_ws(args);
    if (t == NULL || t->nbatch == 0) {
        return cmd_error(c, args, "no batch yet: 'instance' picks from the last batch of 'train'");
    }
    if (*args == '\0') {
        sb_printf(c->out, "on screen: %s\n", t->instance > 0 ? t->input : "not an instance of the last batch");
        return CMD_OK;
    }
    char *end = NULL;
    errno = 0;
    long i = strtol(args, &end, 10);
    if (end == args || *cmd_skip_ws(end) != '\0' || errno != 0 || i < 1 || i > t->nbatch) {
        diag_set(c->d, 0, cmd_col(c, args), "the last batch has instances 1 to %d", t->nbatch);
        return CMD_ERROR;
    }
    show_instance(c, t, (int)i);
    sb_printf(c->out, "on screen: %s; recomputed up to %d/%d\n", t->input, c->e->pos, c->e->nops);
    return CMD_OK;
}
