/* cmd_params.c: `save FILE` and `load FILE` (the parameters as MATLAB
 * literal lines, `W1 = [...];`, 17 significant digits: exact to the bit and
 * readable by Octave/MATLAB), and `info predict` / `info batch`.
 * Must not: print or exit; files go through the host. */
#include "cmd_internal.h"
#include "../base/interrupt.h"
#include "../data/onnx.h"
#include "matlit.h"
#include "engine_query.h"
#include "training.h"
#include "values.h"

#include <ctype.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum { PARAMS_MAX_BYTES = 256 << 20 };

/* One literal; false when a Ctrl-C or a signal came (polled per row). */
static bool write_matrix(StrBuf *sb, const char *name, const Matrix *m)
{
    sb_printf(sb, "%s = [", name);
    for (int i = 0; i < m->rows; i++) {
        if (interrupt_pending() > 0) {
            return false;
        }
        for (int j = 0; j < m->cols; j++) {
            sb_printf(sb, "%s%.17g", j == 0 ? "" : " ", MAT_AT(*m, i, j));
        }
        sb_append(sb, i + 1 < m->rows ? "; " : "");
    }
    sb_append(sb, "];\n");
    return true;
}

/* The longest number %.17g writes ("-1.2345678901234567e-308") and its space. */
enum { SAVE_MAX_NUMBER = 25 };

/* The file: every parameter, or -1 with d set (too large for load, out of
 * memory, interrupted). Nothing is written to disk here. */
int params_save_text(const Net *net, StrBuf *sb, Diag *d)
{
    size_t n = net_param_count(net);
    if (n > (PARAMS_MAX_BYTES - 4096) / SAVE_MAX_NUMBER) {
        /* load reads at most PARAMS_MAX_BYTES: save nothing it could not read back */
        diag_set(d, 0, 0, "%zu parameters could take %.0f MiB as text; 'load' reads at most %d MiB (docs/limits.md): "
                          "nothing was written", n, (double)n * SAVE_MAX_NUMBER / 1048576.0, PARAMS_MAX_BYTES >> 20);
        return -1;
    }
    sb_printf(sb, "%% bpstep parameters: %d layers (%d conv), input %d x %d x %d, %zu parameters\n"
                  "%% W^m and b^m as MATLAB literals (17 significant digits); 'load FILE' reads them back\n",
              net->spec.L, net->spec.LC, net->spec.ht_input, net->spec.wd_input, net->spec.ch[0], n);
    for (int m = 1; m <= net->spec.L; m++) {
        const NetValue *w = &net->values[net->layer[m].W], *b = &net->values[net->layer[m].b];
        if (!write_matrix(sb, w->name, &w->m) || !write_matrix(sb, b->name, &b->m)) {
            diag_set(d, 0, 0, "save interrupted: nothing was written");
            return -1;
        }
    }
    params_meta_write(net, sb);
    const NetValue *z1 = &net->values[net->layer[1].Z], *y = &net->values[net->vy];
    if (!write_matrix(sb, z1->name, &z1->m) || !write_matrix(sb, y->name, &y->m)) {
        diag_set(d, 0, 0, "save interrupted: nothing was written");
        return -1;
    }
    if (sb->oom) { /* a cut text must never reach the file */
        diag_set(d, 0, 0, "out of memory while writing the parameters as text: nothing was written");
        return -1;
    }
    return 0;
}

CmdStatus cmd_save(Ctx *c, const char *args)
{
    args = cmd_skip_ws(args);
    if (*args == '\0') {
        return cmd_usage(c, args, "save", " (the parameters W1, b1, ... as MATLAB lines)");
    }
    const Net *net = c->e->net;
    StrBuf sb;
    sb_init(&sb);
    Diag fd;
    diag_clear(&fd);
    int rc = params_save_text(net, &sb, &fd);
    size_t bytes = sb.len;
    if (rc == 0) {
        rc = c->e->host->write_file(args, sb_str(&sb), bytes, &fd);
    }
    sb_release(&sb);
    if (rc != 0) {
        diag_set(c->d, 0, cmd_col(c, args), "%s", fd.msg);
        return CMD_ERROR;
    }
    sb_printf(c->out, "saved %d parameter matrices (%zu numbers), the input Z1, its label y and the settings "
              "(%zu bytes) to %s\n", 2 * net->spec.L, net_param_count(net), bytes, args);
    return CMD_OK;
}

typedef struct {
    Matrix m[2 * NET_MAX_LAYERS + 2];
    int id[2 * NET_MAX_LAYERS + 2];
    int n;
} Loaded;

static void loaded_release(Loaded *ld)
{
    for (int k = 0; k < ld->n; k++) {
        mat_release(&ld->m[k]);
    }
}

/* Where p stands in text: 1-based line and column into d. */
static void locate(const char *text, const char *p, Diag *d)
{
    int line = 1;
    const char *bol = text;
    for (const char *q = text; q < p; q++) {
        if (*q == '\n') {
            line++;
            bol = q + 1;
        }
    }
    d->line = line;
    d->col = (int)(p - bol) + 1;
}

static const char *skip_blank(const char *p)
{
    for (;;) {
        while (isspace((unsigned char)*p) || *p == ';') {
            p++;
        }
        if (*p != '%' && *p != '#') {
            return p;
        }
        p += strcspn(p, "\n");
    }
}

/* One `NAME = literal` statement at p; advances p. -1 with d located. */
/* The parameter a statement at *pp names (name into name[32], *pp past
 * it): its id, or -1 with d set (not a parameter, or set twice). */
static int load_name(const Net *net, const char *text, const char **pp, const Loaded *ld, char *name, Diag *d)
{
    const char *p = *pp, *name_at = p;
    size_t n = 0;
    while ((isalnum((unsigned char)*p) || *p == '_') && n + 1 < 32) {
        name[n++] = *p++;
    }
    name[n] = '\0';
    *pp = p;
    int id = n > 0 ? net_find_value(net, name) : -1;
    bool saved = id >= 0 && (net->values[id].kind == VAL_PARAM || id == net->layer[1].Z || id == net->vy);
    if (!saved) {
        locate(text, name_at, d);
        snprintf(d->msg, sizeof d->msg,
                 n == 0 ? "expected a parameter name (W1, b1, ...)"
                        : "'%s' is not a parameter of this network (W1, b1, ... W%d, b%d), its input Z1 or its label y",
                 name, net->spec.L, net->spec.L);
        return -1;
    }
    for (int k = 0; k < ld->n; k++) {
        if (ld->id[k] == id) {
            locate(text, name_at, d);
            snprintf(d->msg, sizeof d->msg, "%s is set twice", name);
            return -1;
        }
    }
    return id;
}

static int load_statement(const Net *net, const char *text, const char **pp, Loaded *ld, Diag *d)
{
    const char *p = *pp;
    char name[32];
    int id = load_name(net, text, &p, ld, name, d);
    if (id < 0) {
        return -1;
    }
    while (*p == ' ' || *p == '\t') {
        p++;
    }
    if (*p != '=') {
        locate(text, p, d);
        snprintf(d->msg, sizeof d->msg, "expected '=' after %s", name);
        return -1;
    }
    const char *lit = p + 1;
    while (*lit == ' ' || *lit == '\t') {
        lit++;
    }
    const char *end = strchr(lit, '[') != NULL && strchr(lit, '[') < lit + strcspn(lit, ";\n") ? strchr(lit, ']') : NULL;
    end = end != NULL ? end + 1 : lit + strcspn(lit, ";\n");
    size_t len = (size_t)(end - lit);
    char *copy = malloc(len + 1);
    if (copy == NULL) {
        snprintf(d->msg, sizeof d->msg, "out of memory");
        return -1;
    }
    memcpy(copy, lit, len);
    copy[len] = '\0';
    Diag ld_d;
    diag_clear(&ld_d);
    Matrix m;
    int rc = matlit_parse(copy, 0, &m, &ld_d);
    free(copy);
    const Matrix *want = &net->values[id].m;
    if (rc != 0 || m.rows != want->rows || m.cols != want->cols) {
        locate(text, rc != 0 ? lit + (ld_d.col > 0 ? ld_d.col - 1 : 0) : lit, d);
        if (rc != 0) {
            snprintf(d->msg, sizeof d->msg, "%s: %.200s", name, ld_d.msg);
        } else {
            snprintf(d->msg, sizeof d->msg, "%s is %d x %d in the file; the network's %s is %d x %d", name, m.rows,
                     m.cols, name, want->rows, want->cols);
            mat_release(&m);
        }
        return -1;
    }
    ld->m[ld->n] = m;
    ld->id[ld->n++] = id;
    *pp = end;
    return 0;
}

/* Parses every statement of text; nothing of the network changes. */
int params_parse(const Net *net, const char *text, Loaded *ld, Diag *d);
int params_parse(const Net *net, const char *text, Loaded *ld, Diag *d)
{
    ld->n = 0;
    for (const char *p = skip_blank(text); *p != '\0'; p = skip_blank(p)) {
        if (ld->n == 2 * net->spec.L + 2) {
            locate(text, p, d);
            snprintf(d->msg, sizeof d->msg, "more statements than the network's %d parameters, Z1 and y",
                     2 * net->spec.L);
            return -1;
        }
        if (load_statement(net, text, &p, ld, d) != 0) {
            return -1;
        }
    }
    return 0;
}

/* The file named by a command's argument, through the host, at most max
 * bytes; -1 with the host's reason at the argument's column. */
static int read_args_file(Ctx *c, const char *args, size_t max, uint8_t **bytes, size_t *len)
{
    Diag fd;
    diag_clear(&fd);
    if (c->e->host->read_file(args, max, bytes, len, &fd) != 0) {
        diag_set(c->d, 0, cmd_col(c, args), "%s", fd.msg);
        return -1;
    }
    return 0;
}

/* `load model.onnx`: a PyTorch model's weights into a network of its shape;
 * everything is checked before the network changes. */
static CmdStatus load_onnx(Ctx *c, const char *args)
{
    uint8_t *bytes = NULL;
    size_t len = 0;
    Diag fd;
    diag_clear(&fd);
    if (read_args_file(c, args, ONNX_MAX_BYTES, &bytes, &len) != 0) {
        return CMD_ERROR;
    }
    OnnxModel model;
    int rc = onnx_read(bytes, len, &model, &fd);
    free(bytes);
    if (rc == 0 && onnx_check_fits(&model, c->e->net, &fd) != 0) {
        onnx_release(&model);
        rc = -1;
    }
    if (rc != 0) {
        diag_set(c->d, 0, cmd_col(c, args), "%s: %s", args, fd.msg);
        return CMD_ERROR;
    }
    onnx_apply(&model, c->e->net);
    engine_restore(c->e); /* the load is made: its recompute runs to the end even after a Ctrl-C */
    sb_printf(c->out, "loaded W^m and b^m of all %d layers from %s (opset %d, %s)%s; recomputed up to %d/%d\n",
              model.spec.L, args, model.opset, model.float32 ? "float32 widened to double" : "float64",
              model.ends_in[0] != '\0' && c->e->net->spec.loss != LOSS_CE ? "; it ends in a softmax: 'set loss ce' "
                                                                            "for the loss it was trained with" : "",
              c->e->pos, c->e->nops);
    onnx_release(&model);
    return CMD_OK;
}

/* What a load restored, after the parameters: the input and its label, the
 * settings, or that the file had none of them. */
static void said_restored(Engine *e, bool input, bool label, const ParamSettings *ps, const StrBuf *settings,
                          StrBuf *out)
{
    if (input || label) {
        char cls[96] = "";
        values_target_class(e, cls, sizeof cls);
        sb_printf(out, "%s%s%s%s%s", input ? "the input Z1" : "", input && label ? " and " : "",
                  label ? "its label y" : "", label && cls[0] != '\0' ? " (" : "", label ? cls : "");
        sb_append(out, label && cls[0] != '\0' ? ")" : "");
    }
    if (ps->has) {
        sb_printf(out, "%sthe settings: %s", input || label ? "; " : "", sb_str(settings));
    }
    if (!input && !label && !ps->has) {
        sb_append(out, "no input, label or settings in the file (an older bpstep's, or written by hand): the "
                       "current ones are kept");
    }
}

int params_load_text(Engine *e, const char *name, const char *text, StrBuf *out, Diag *d)
{
    Loaded ld;
    ParamSettings ps;
    Diag fd;
    diag_clear(&fd);
    if (params_parse(e->net, text, &ld, &fd) != 0 || params_meta_settings(text, &ps, &fd) != 0) {
        loaded_release(&ld);
        diag_set(d, 0, 0, "%s:%d:%d: %s", name, fd.line, fd.col, fd.msg);
        return -1;
    }
    if (interrupt_pending() == SIGINT) {
        loaded_release(&ld);
        diag_set(d, 0, 0, "load interrupted (Ctrl-C): nothing changed");
        return -1;
    }
    StrBuf settings;
    sb_init(&settings);
    params_meta_apply(e, &ps, &settings); /* every statement checked: now the network changes */
    int params = 0;
    bool input = false, label = false;
    for (int k = 0; k < ld.n; k++) {
        mat_copy(&e->net->values[ld.id[k]].m, &ld.m[k]);
        input = input || ld.id[k] == e->net->layer[1].Z;
        label = label || ld.id[k] == e->net->vy;
        params += ld.id[k] != e->net->layer[1].Z && ld.id[k] != e->net->vy;
    }
    if (input && e->training != NULL) {
        snprintf(e->training->input, sizeof e->training->input, "the input saved in %.60s", name);
    }
    engine_restore(e); /* the load is made: its recompute runs to the end even after a Ctrl-C */
    sb_printf(out, "loaded %d of %d parameter matrices from %s%s; ", params, 2 * e->net->spec.L, name,
              params < 2 * e->net->spec.L ? " (the others unchanged)" : "");
    said_restored(e, input, label, &ps, &settings, out);
    sb_printf(out, "; recomputed up to %d/%d\n", e->pos, e->nops);
    sb_release(&settings);
    loaded_release(&ld);
    return 0;
}

CmdStatus cmd_load(Ctx *c, const char *args)
{
    args = cmd_skip_ws(args);
    if (*args == '\0') {
        return cmd_usage(c, args, "load", " (parameters written by 'save', MATLAB lines W1 = [...];, or a model.onnx "
                                          "of the network's shape)");
    }
    if (onnx_is_path(args)) {
        return load_onnx(c, args);
    }
    uint8_t *bytes = NULL;
    size_t len = 0;
    if (read_args_file(c, args, PARAMS_MAX_BYTES, &bytes, &len) != 0) {
        return CMD_ERROR;
    }
    if (memchr(bytes, '\0', len) != NULL) {
        free(bytes);
        diag_set(c->d, 0, cmd_col(c, args), "%s: not a text file (it contains a NUL byte)", args);
        return CMD_ERROR;
    }
    char *text = realloc(bytes, len + 1);
    if (text == NULL) {
        free(bytes);
        return cmd_error(c, args, "out of memory");
    }
    text[len] = '\0';
    Diag d;
    diag_clear(&d);
    int rc = params_load_text(c->e, args, text, c->out, &d);
    free(text);
    if (rc != 0) {
        diag_set(c->d, 0, cmd_col(c, args), "%s", d.msg);
        return CMD_ERROR;
    }
    return CMD_OK;
}

/* ---- info predict, info batch ------------------------------------------------ */

/* Whether output k is the label y points at (y one-hot). */
static bool is_label(const Engine *e, int k)
{
    const Matrix *y = &e->net->values[e->net->vy].m;
    int label = train_argmax(y->data, y->rows);
    return k == label && y->data[label] == 1.0;
}

void command_prediction_line(const Engine *e, const RankedOutput *o, int rank, char *buf, size_t size)
{
    char num[32];
    fmt_number(num, sizeof num, o->value, 4);
    snprintf(buf, size, "%d. z(%d) = %-9s %s%s", rank, o->index + 1, num, o->name,
             is_label(e, o->index) ? "  <- the label (y)" : "");
}

void info_predict(Ctx *c)
{
    Net *net = c->e->net;
    net_forward(net); /* the same numbers the steps compute; beyond the position they stay hidden */
    const Matrix *y = &net->values[net->vy].m;
    const Training *t = c->e->training;
    RankedOutput top[DATASET_CLASSES];
    int n = engine_top_outputs(c->e, top, DATASET_CLASSES);
    int label = train_argmax(y->data, y->rows);
    char note[80];
    values_target_class(c->e, note, sizeof note);
    sb_printf(c->out, "input: %s%s%s\n", t != NULL && t->input[0] != '\0' ? t->input : "Z1 as set",
              note[0] != '\0' ? "; " : "", note);
    sb_printf(c->out, "outputs z^{%d,i}, largest first:\n", net->spec.L + 1);
    for (int r = 0; r < n && r < 5; r++) {
        char line[160];
        command_prediction_line(c->e, &top[r], r + 1, line, sizeof line);
        sb_printf(c->out, "  %s\n", line);
    }
    if (y->data[label] == 1.0 && n > 0) {
        bool classes = net->values[net->layer[net->spec.L].S].m.rows == DATASET_CLASSES;
        bool fashion = t != NULL && t->data != NULL && t->data->fashion;
        sb_printf(c->out, "prediction: %s; label: %s (%s)\n", top[0].name,
                  classes ? dataset_class_name(fashion, label) : "", top[0].index == label ? "correct" : "wrong");
    }
}

/* `info batch dW2`: the batch mean (1/l) sum_i dxi_i/dW^2 of the last batch. */
/* `info batch dW<m> [-f csv]`: the batch mean of one parameter gradient,
 * aligned, or as CSV with 17 significant digits (full precision). */
static int batch_gradient(Ctx *c, const Training *t, const char *arg)
{
    char name[48];
    size_t n = strcspn(arg, " \t");
    snprintf(name, sizeof name, "%.*s", (int)(n < 47 ? n : 47), arg);
    const char *rest = cmd_skip_ws(arg + n);
    MatFormat f = FMT_TEXT;
    if (strcmp(rest, "-f csv") == 0 || (strncmp(rest, "-f", 2) == 0 && strcmp(cmd_skip_ws(rest + 2), "csv") == 0)) {
        f = FMT_CSV;
    } else if (strncmp(rest, "-f", 2) == 0 && strcmp(cmd_skip_ws(rest + 2), "text") == 0) {
        f = FMT_TEXT;
    } else if (*rest != '\0') {
        diag_set(c->d, 0, cmd_col(c, rest), "usage: info batch dW<m> [-f text|csv] (csv: 17 significant digits)");
        return -1;
    }
    int id = net_find_value(c->e->net, name), m = id >= 0 ? c->e->net->values[id].layer : 0;
    const LayerIds *ids = m >= 1 && m <= c->e->net->spec.L ? &c->e->net->layer[m] : NULL;
    if (ids == NULL || (id != ids->dW && id != ids->db)) {
        diag_set(c->d, 0, 0, "info batch takes a parameter gradient, dW<m> or db<m> (not '%.40s')", name);
        return -1;
    }
    const Matrix *g = trainer_grad(t->trainer, m, id == ids->dW ? 0 : 1);
    sb_printf(c->out, "(1/l) sum_i dxi_i/d%s^%d over the last batch (l = %d)  (%d x %d); the stepped %s is instance "
              "%d's alone\n", id == ids->dW ? "W" : "b", m, t->nbatch, g->rows, g->cols, c->e->net->values[id].name,
              t->instance);
    fmt_matrix(c->out, g, f);
    return 0;
}

int info_batch(Ctx *c, const char *arg)
{
    const Training *t = c->e->training;
    if (t == NULL || t->nbatch == 0 || t->trainer == NULL) {
        sb_append(c->out, "no batch yet: 'data fashion-mnist', then 'train N steps'\n");
        return 0;
    }
    if (arg[0] != '\0') {
        return batch_gradient(c, t, arg);
    }
    const NetSpec *s = &c->e->net->spec;
    int threads = trainer_threads(t->trainer);
    int64_t bytes = trainer_bytes(s, t->cap, threads);
    size_t b5 = net_saved_bytes(c->e->net, RULE_EQ5), b6 = net_saved_bytes(c->e->net, RULE_EQ6);
    sb_printf(c->out, "last batch: l = %d training instances; on screen: instance %d (%s)\n", t->nbatch, t->instance,
              t->instance > 0 ? t->input : "none");
    sb_printf(c->out, "the update uses the batch mean: df/dW^m = wd W^m + (1/l) sum_{i=1..l} dxi_i/dW^m "
                      "(wd = %g), then v = %g v + df/dW, W = W - %g v\n", t->params.wd, t->params.momentum,
              t->params.lr);
    sb_printf(c->out, "the batched pass holds %.1f MiB for batches of %d on %d thread%s (chunks of %d instances side by "
                      "side, one workspace per thread); what the backward pass keeps from the forward pass for the batch: "
                      "eq. (5) %.1f MiB, eq. (6) %.1f MiB\n", (double)bytes / 1048576.0, t->cap, threads,
              threads == 1 ? "" : "s", train_chunk_size(s, t->cap), (double)b5 * t->cap / 1048576.0,
              (double)b6 * t->cap / 1048576.0);
    sb_printf(c->out, "%ld SGD steps since the data was chosen; epoch %d; 'info batch dW1' prints a batch mean\n",
              t->steps, t->epoch);
    return 0;
}
