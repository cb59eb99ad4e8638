/* cmd_sgd.c: the commands `train` (mini-batch SGD with momentum on the
 * batch mean of the slides' loss), `test`, and `instance` (which instance of
 * the last batch the stepped network shows): parsing and the text they
 * print. The loop itself is the Training module (training.c).
 * docs/training.md.
 * Must not: print or exit. */
#include "cmd_internal.h"
#include "training.h"

#include "../base/interrupt.h"

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
    } else if (KEY("seed") && number && x >= 0 && x < 9007199254740992.0 && x == floor(x)) {
        p->seed = (uint64_t)x;
    } else if (KEY("threads") && number && x >= 1 && x <= TRAIN_MAX_THREADS && x == floor(x)) {
        p->threads = (int)x;
    } else {
        diag_set(c->d, 0, cmd_col(c, at), "bad option '%.*s': lr in (0, 10], batch 1 to %d, momentum in [0, 1), "
                 "wd in [0, 1], seed a whole number below 2^53, shuffle=on|off, threads 1 to %d", (int)len, at,
                 TRAIN_MAX_BATCH, TRAIN_MAX_THREADS);
        return -1;
    }
#undef KEY
    return 0;
}

static int parse_train(Ctx *c, const char *args, TrainArgs *a)
{
    args = cmd_skip_ws(args);
    char *end = NULL;
    errno = 0;
    a->count = strtol(args, &end, 10);
    if (end == args || errno != 0 || a->count < 1 || a->count > 100000000) {
        cmd_usage(c, args, "train", "%s", "");
        return -1;
    }
    const char *unit = cmd_skip_ws(end);
    size_t ulen = strcspn(unit, " \t");
    if ((ulen == 4 || ulen == 5) && strncmp(unit, "steps", ulen) == 0) {
        a->epochs = false;
    } else if ((ulen == 5 || ulen == 6) && strncmp(unit, "epochs", ulen) == 0) {
        a->epochs = true;
    } else {
        cmd_usage(c, unit, "train", "%s", "");
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

/* Shows instance i (1-based) of the last batch on the stepped network. */
static void show_instance(Ctx *c, Training *t, int i)
{
    t->instance = i;
    training_use_instance(c, &t->data->train, t->batch[i - 1], "training");
    size_t len = strlen(t->input);
    snprintf(t->input + len, sizeof t->input - len, " (instance %d of the last batch)", i);
}

/* threads=N, else the session's default (BPSTEP_THREADS or the cores online). */
static int threads_wanted(const Ctx *c, const TrainParams *p)
{
    int n = p->threads > 0 ? p->threads : c->e->host->threads;
    return n > 0 ? n : 1;
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
    if (training_ensure_trainer(t, c->e->net, a.p.batch, threads_wanted(c, &a.p), &reset, c->d) != 0) {
        return CMD_ERROR;
    }
    if (training_begin(t, &a.p, a.epochs) != 0) {
        return cmd_error(c, args, "out of memory");
    }
    TrainRun rs = { 0 };
    training_run(t, c->e->host, a.count, a.epochs, &rs);
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
            return cmd_usage(c, args, "test", " (the first N of %d test images)", t->data->test.n);
        }
    }
    bool reset;
    if (training_ensure_trainer(t, c->e->net, t->params.batch, threads_wanted(c, &t->params), &reset, c->d) != 0) {
        return CMD_ERROR;
    }
    double loss;
    long right, done;
    bool whole = training_evaluate(t, c->e->host, n, &loss, &right, &done);
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
