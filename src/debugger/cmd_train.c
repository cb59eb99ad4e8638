/* cmd_train.c: the commands `data` and `input` (docs/training.md), and
 * training_use_instance, which puts an instance of the data on the stepped
 * network. Files and datasets come through the engine's host (host.h); the
 * Training module (training.c) keeps the dataset, and the math is
 * math/train.c, on the engine's own network, so that stepping, compare and
 * explain afterwards see the trained weights. `train`, `test` and `instance`
 * are in cmd_sgd.c, `save`, `load`, `info predict` and `info batch` in
 * cmd_params.c.
 * Must not: print or exit. */
#include "cmd_internal.h"
#include "training.h"

#include "../data/idx.h"
#include "../base/interrupt.h"
#include "../math/train.h"

#include <ctype.h>
#include <errno.h>
#include <limits.h>
#include <math.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- data ------------------------------------------------------------------ */

/* Whether images of ds fit the network's input and its output has 10 classes. */
static int check_fits(Ctx *c, const char *at, const DataPair *dp)
{
    const NetSpec *s = &c->e->net->spec;
    int rows = dp->test.rows, cols = dp->test.cols;
    bool ok_in = s->LC > 0 ? s->ch[0] == 1 && s->ht_input == rows && s->wd_input == cols
                           : (int64_t)s->ch[0] * s->ht_input * s->wd_input == (int64_t)rows * cols;
    if (!ok_in) {
        diag_set(c->d, 0, cmd_col(c, at), "%s's images are %d x %d, one channel; the network's input is %d x %d x %d "
                 "(try --net lessons/nets/mnist.net)", dp->name, rows, cols, s->ht_input, s->wd_input, s->ch[0]);
        return -1;
    }
    if (c->e->net->fc_out[s->L] != DATASET_CLASSES) {
        diag_set(c->d, 0, cmd_col(c, at), "%s has %d classes; the network has %d outputs", dp->name, DATASET_CLASSES,
                 c->e->net->fc_out[s->L]);
        return -1;
    }
    return 0;
}

CmdStatus cmd_data(Ctx *c, const char *args)
{
    args = cmd_skip_ws(args);
    Training *t = training_get(c->e);
    if (t == NULL) {
        return cmd_error(c, args, "out of memory");
    }
    if (*args == '\0') {
        if (t->data == NULL) {
            return cmd_usage(c, args, "data", " (a folder of IDX files)");
        }
        sb_printf(c->out, "data: %s: %d training and %d test images of %d x %d\n", t->data->name, t->data->train.n,
                  t->data->test.n, t->data->test.rows, t->data->test.cols);
        return CMD_OK;
    }
    Diag fd;
    diag_clear(&fd);
    const DataPair *dp = c->e->host->open_data(c->e->host->data_ctx, args, &fd);
    if (dp == NULL) {
        diag_set(c->d, 0, cmd_col(c, args), "%s", fd.msg);
        diag_mark(c->d, fd.kind);
        return CMD_ERROR;
    }
    if (check_fits(c, args, dp) != 0) {
        return CMD_ERROR;
    }
    training_choose_data(t, dp);
    sb_printf(c->out, "data: %s: %d training and %d test images of %d x %d; classes:", dp->name, dp->train.n,
              dp->test.n, dp->test.rows, dp->test.cols);
    for (int k = 0; k < DATASET_CLASSES; k++) {
        sb_printf(c->out, "%s %d %s", k == 0 ? "" : ",", k, dataset_class_name(dp->fashion, k));
    }
    sb_append(c->out, "\n");
    return CMD_OK;
}

/* ---- input ------------------------------------------------------------------ */

static Matrix *input_value(Engine *e)
{
    return &e->net->values[e->net->layer[1].Z].m;
}

void training_use_instance(Ctx *c, const Dataset *ds, int k, const char *set_name)
{
    Training *t = c->e->training;
    Matrix *z = input_value(c->e);
    Matrix zi = { ds->rows, ds->cols, z->data };
    dataset_input(ds, k, &zi);
    dataset_target(ds, k, &c->e->net->values[c->e->net->vy].m);
    engine_recompute(c->e);
    snprintf(t->input, sizeof t->input, "%s image %d: %s", set_name, k + 1,
             dataset_class_name(t->data->fashion, ds->labels[k]));
}

int training_set_label(Engine *e, int label, const char *what, Diag *d)
{
    Matrix *y = &e->net->values[e->net->vy].m;
    Training *t = training_get(e);
    if (label < 0 || (size_t)label >= mat_count(y)) {
        diag_set(d, 0, 0, "the input's label %d needs y = e_%d, but the network has %zu outputs", label, label + 1,
                 mat_count(y));
        return -1;
    }
    if (t == NULL) {
        diag_set(d, 0, 0, "out of memory");
        return -1;
    }
    for (size_t k = 0; k < mat_count(y); k++) {
        y->data[k] = k == (size_t)label ? 1.0 : 0.0; /* y = e_{label+1}: one-hot, 1-based */
    }
    engine_recompute(e);
    snprintf(t->input, sizeof t->input, "%.60s (label %d)", what, label);
    t->instance = 0;
    return 0;
}

static int parse_index(Ctx *c, const char *at, long max, long *out)
{
    char *end = NULL;
    errno = 0;
    long v = strtol(at, &end, 10);
    if (end == at || *cmd_skip_ws(end) != '\0' || errno != 0 || v < 1 || v > max) {
        diag_set(c->d, 0, cmd_col(c, at), "expected a number 1 to %ld", max);
        return -1;
    }
    *out = v;
    return 0;
}

static CmdStatus input_from_data(Ctx *c, const char *args, bool train)
{
    Training *t = c->e->training;
    if (t == NULL || t->data == NULL) {
        return cmd_error(c, args, "no data chosen: first 'data fashion-mnist' (or --data)");
    }
    const Dataset *ds = train ? &t->data->train : &t->data->test;
    long k;
    if (parse_index(c, args, ds->n, &k) != 0) {
        return CMD_ERROR;
    }
    training_use_instance(c, ds, (int)k - 1, train ? "training" : "test");
    t->instance = 0;
    sb_printf(c->out, "input: %s (label %d, y(%d) = 1); recomputed up to %d/%d\n", t->input, ds->labels[k - 1],
              ds->labels[k - 1] + 1, c->e->pos, c->e->nops);
    return CMD_OK;
}

static CmdStatus input_from_pgm(Ctx *c, const char *path)
{
    uint8_t *bytes = NULL;
    size_t len = 0;
    Diag fd;
    diag_clear(&fd);
    double *px = NULL;
    int rows = 0, cols = 0;
    if (c->e->host->read_file(path, PGM_MAX_BYTES, &bytes, &len, &fd) != 0 ||
        pgm_parse(bytes, len, &px, &rows, &cols, &fd) != 0) {
        free(bytes);
        diag_set(c->d, 0, cmd_col(c, path), "%s: %s", path, fd.msg);
        return CMD_ERROR;
    }
    free(bytes);
    const NetValue *v = &c->e->net->values[c->e->net->layer[1].Z];
    int want_r = v->map_d == 1 ? v->map_a : v->m.rows, want_c = v->map_d == 1 ? v->map_b : v->m.cols;
    if (rows != want_r || cols != want_c) {
        free(px);
        diag_set(c->d, 0, cmd_col(c, path), "%s is %d x %d pixels (rows x columns); the network's input Z1 is %d x %d%s", path, rows,
                 cols, want_r, want_c, v->map_d > 1 ? " per channel with several channels" : "");
        return CMD_ERROR;
    }
    Matrix *z = input_value(c->e);
    for (int q = 0; q < cols; q++) { /* image row r, column q is Z1(r, q) */
        for (int r = 0; r < rows; r++) {
            z->data[r + (size_t)rows * q] = px[(size_t)r * cols + q];
        }
    }
    free(px);
    engine_recompute(c->e);
    if (c->e->training != NULL) {
        snprintf(c->e->training->input, sizeof c->e->training->input, "%s", "");
        c->e->training->instance = 0;
    }
    sb_printf(c->out, "input: %s (%d x %d, scaled by maxval to [0, 1]); y unchanged; recomputed up to %d/%d\n", path,
              rows, cols, c->e->pos, c->e->nops);
    return CMD_OK;
}

/* `input wrong N`: the N-th test image the network gets wrong (forward passes
 * in file order; Z1 and y are put back when there is none). */
static CmdStatus input_wrong(Ctx *c, const char *args)
{
    Training *t = c->e->training;
    if (t == NULL || t->data == NULL) {
        return cmd_error(c, args, "no data chosen: first 'data fashion-mnist' (or --data)");
    }
    const Dataset *ds = &t->data->test;
    long want;
    if (parse_index(c, args, ds->n, &want) != 0) {
        return CMD_ERROR;
    }
    Net *net = c->e->net;
    Matrix *z = input_value(c->e), *y = &net->values[net->vy].m;
    const Matrix *out = &net->values[net->layer[net->spec.L].S].m;
    Matrix keep_z = mat_alloc(z->rows, z->cols), keep_y = mat_alloc(y->rows, y->cols);
    if (keep_z.data == NULL || keep_y.data == NULL) {
        mat_release(&keep_z);
        mat_release(&keep_y);
        return cmd_error(c, args, "out of memory");
    }
    mat_copy(&keep_z, z);
    mat_copy(&keep_y, y);
    long wrong = 0;
    int k = 0;
    for (; k < ds->n && wrong < want && interrupt_pending() == 0; k++) {
        Matrix zi = { ds->rows, ds->cols, z->data };
        dataset_input(ds, k, &zi);
        dataset_target(ds, k, y);
        net_forward(net);
        wrong += train_argmax(out->data, out->rows) != ds->labels[k];
    }
    mat_copy(z, &keep_z);
    mat_copy(y, &keep_y);
    mat_release(&keep_z);
    mat_release(&keep_y);
    if (wrong < want) {
        engine_restore(c->e); /* the values before the position, as they were */
        diag_set(c->d, 0, cmd_col(c, args), "the network gets only %ld of the %d test images wrong", wrong, k);
        return CMD_ERROR;
    }
    training_use_instance(c, ds, k - 1, "test");
    t->instance = 0;
    sb_printf(c->out, "input: %s, the network's mistake number %ld (label %d, y(%d) = 1); 'info predict' shows what "
              "it says; recomputed up to %d/%d\n", t->input, want, ds->labels[k - 1], ds->labels[k - 1] + 1, c->e->pos,
              c->e->nops);
    return CMD_OK;
}

CmdStatus cmd_input(Ctx *c, const char *args)
{
    args = cmd_skip_ws(args);
    if (training_get(c->e) == NULL) {
        return cmd_error(c, args, "out of memory");
    }
    static const struct {
        const char *word;
        bool train;
    } sets[] = { { "data", false }, { "test", false }, { "train", true } };
    for (size_t k = 0; k < sizeof sets / sizeof sets[0]; k++) {
        size_t n = strlen(sets[k].word);
        if (strncmp(args, sets[k].word, n) == 0 && (args[n] == ' ' || args[n] == '\0')) {
            return input_from_data(c, cmd_skip_ws(args + n), sets[k].train);
        }
    }
    if (strncmp(args, "wrong", 5) == 0 && (args[5] == ' ' || args[5] == '\0')) {
        return input_wrong(c, cmd_skip_ws(args + 5));
    }
    if (*args == '\0') {
        return cmd_usage(c, args, "input", "%s", "");
    }
    return input_from_pgm(c, args);
}
