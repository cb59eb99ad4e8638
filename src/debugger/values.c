/* values.c: names to matrices, including dense P matrices and channels.
 * Must not: print or exit. */
#include "values.h"
#include "training.h"

#include "../math/dataset.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef enum { PM_NONE, PM_POOL, PM_PHI, PM_PAD } PMatrix;

static PMatrix parse_pmatrix(const char *name, int *layer)
{
    static const struct {
        const char *prefix;
        PMatrix kind;
    } kinds[] = { { "Ppool", PM_POOL }, { "Pphi", PM_PHI }, { "Ppad", PM_PAD } };
    for (size_t k = 0; k < sizeof kinds / sizeof *kinds; k++) {
        size_t n = strlen(kinds[k].prefix);
        if (strncmp(name, kinds[k].prefix, n) == 0 && name[n] >= '1' && name[n] <= '9') {
            char *end = NULL;
            long m = strtol(name + n, &end, 10);
            if (*end == '\0' && m <= NET_MAX_LAYERS) {
                *layer = (int)m;
                return kinds[k].kind;
            }
        }
    }
    return PM_NONE;
}

static int not_computed(const Engine *e, int value, const char *label, int col, Diag *d)
{
    int op = e->writer[value];
    diag_set(d, 0, col, "%s is not computed yet at position %d/%d (op %d '%s' writes it)", label,
             e->pos, e->nops, op + 1, e->ops[op].name);
    diag_mark(d, DIAG_NOT_COMPUTED);
    return -1;
}

/* One channel of a d x (rows) map: rows k with k % d == c-1, columns likewise
 * when both_sides (Ppool restricted to a channel). */
static Matrix channel_rows(const Matrix *src, int d, int c, bool both_sides)
{
    int rows = src->rows / d, cols = both_sides ? src->cols / d : src->cols;
    Matrix out = mat_alloc(rows, cols);
    if (out.data == NULL) {
        return out;
    }
    for (int j = 0; j < cols; j++) {
        for (int i = 0; i < rows; i++) {
            int sj = both_sides ? (c - 1) + d * j : j;
            MAT_AT(out, i, j) = MAT_AT(*src, (c - 1) + d * i, sj);
        }
    }
    return out;
}

/* The shape of P_pool^m, P_phi^m or P_pad^m (as longs: checked by the
 * caller), and its name in the slides' notation into ref->math. */
static void pmatrix_shape(PMatrix kind, const ConvGeom *g, int m, long *rows, long *cols, ValueRef *ref)
{
    if (kind == PM_POOL) {
        *rows = (long)g->dout * g->ao * g->bo;
        *cols = (long)g->dout * g->ac * g->bc;
        snprintf(ref->math, sizeof ref->math, "P_pool^{%d,i}", m);
    } else if (kind == PM_PHI) {
        *rows = (long)g->h * g->h * g->d * g->ac * g->bc;
        *cols = (long)g->d * g->ap * g->bp;
        snprintf(ref->math, sizeof ref->math, "P_\\phi^%d", m);
    } else {
        *rows = (long)g->d * g->ap * g->bp;
        *cols = (long)g->d * g->a * g->b;
        snprintf(ref->math, sizeof ref->math, "P_pad^%d", m);
    }
}

/* Channel c (1-based) of P_pool^m, as the slides draw it: row i (output
 * pixel) has its 1 at the winner's pixel, or 1/h^2 over its window. */
static int pool_channel(const Engine *e, int m, int c, int col, const char *name, Matrix *out, ValueRef *ref, Diag *d)
{
    const Net *net = e->net;
    const ConvGeom *g = &net->conv[m];
    long rows = (long)g->ao * g->bo, cols = (long)g->ac * g->bc;
    if (rows * cols > VALUES_MAX_DENSE) {
        diag_set(d, 0, col, "%s is %ld x %ld (one channel of P_pool^%d): too large to build densely (the program uses "
                            "it as an index list)", name, rows, cols, m);
        return -1;
    }
    *out = mat_alloc((int)rows, (int)cols);
    if (out->data == NULL) {
        diag_set(d, 0, col, "out of memory");
        return -1;
    }
    mat_zero(out);
    double scale = 1.0 / ((double)g->pool * (double)g->pool);
    for (int i = 0; i < (int)rows; i++) {
        if (net->spec.pool_mode == POOL_MAX) {
            MAT_AT(*out, i, net->pool_idx[m][(c - 1) + g->dout * i] / g->dout) = 1.0;
            continue;
        }
        int wr = i % g->ao, wc = i / g->ao;
        for (int q = 0; q < g->pool; q++) {
            for (int p = 0; p < g->pool; p++) {
                MAT_AT(*out, i, (wr * g->pool + p) + g->ac * (wc * g->pool + q)) = scale;
            }
        }
    }
    ref->value = -1;
    ref->layer = m;
    return 0;
}

/* A dense P matrix too large to build: P_pool's message gives the
 * channel's size first (what the slides draw), then all interleaved. */
static void too_large(PMatrix kind, const ConvGeom *g, int m, long rows, long cols, const char *name, int col, Diag *d)
{
    if (kind == PM_POOL) {
        diag_set(d, 0, col, "%s: each channel's P_pool^%d is %d x %d, all %d interleaved %ld x %ld: too large to "
                            "build densely (the program uses it as an index list); %s[1] is channel 1",
                 name, m, g->ao * g->bo, g->ac * g->bc, g->dout, rows, cols, name);
    } else {
        diag_set(d, 0, col, "%s is %ld x %ld: too large to build densely (the program uses it as an index list)", name,
                 rows, cols);
    }
}

static int get_pmatrix(const Engine *e, PMatrix kind, int m, int channel, int col,
                       const char *name, Matrix *out, ValueRef *ref, Diag *d)
{
    const Net *net = e->net;
    if (m > net->spec.LC) {
        diag_set(d, 0, col, "%s: layer %d is not a convolutional layer (LC = %d)", name, m, net->spec.LC);
        return -1;
    }
    const ConvGeom *g = &net->conv[m];
    if (kind == PM_POOL && !engine_value_valid(e, net->layer[m + 1].Z)) {
        return not_computed(e, net->layer[m + 1].Z, name, col, d);
    }
    long rows, cols;
    pmatrix_shape(kind, g, m, &rows, &cols, ref);
    if (kind == PM_POOL && channel > 0 && channel <= g->dout) { /* one channel, as the slides: built alone */
        return pool_channel(e, m, channel, col, name, out, ref, d);
    }
    if (rows * cols > VALUES_MAX_DENSE) {
        too_large(kind, g, m, rows, cols, name, col, d);
        return -1;
    }
    int d_chan = kind == PM_POOL ? g->dout : g->d;
    if (channel > 0 && kind != PM_POOL) {
        diag_set(d, 0, col, "a channel can be taken of feature maps and Ppool, not of %s", name);
        return -1;
    }
    if (channel > d_chan) {
        diag_set(d, 0, col, "%s has %d channel%s, not %d", name, d_chan, d_chan == 1 ? "" : "s", channel);
        return -1;
    }
    Matrix full = mat_alloc((int)rows, (int)cols);
    if (full.data == NULL) {
        diag_set(d, 0, col, "out of memory");
        return -1;
    }
    if (kind == PM_POOL) {
        ppool_dense(&full, net->pool_idx[m], g, net->spec.pool_mode);
    } else if (kind == PM_PHI) {
        pphi_dense(&full, g);
    } else {
        ppad_dense(&full, g);
    }
    if (channel > 0) {
        *out = channel_rows(&full, d_chan, channel, true);
        mat_release(&full);
        if (out->data == NULL) {
            diag_set(d, 0, col, "out of memory");
            return -1;
        }
    } else {
        *out = full;
    }
    ref->value = -1;
    ref->layer = m;
    return 0;
}

static void set_label(ValueRef *ref, const char *name, int channel)
{
    memset(ref, 0, sizeof *ref);
    ref->channel = channel;
    if (channel > 0) {
        snprintf(ref->label, sizeof ref->label, "%s[%d]", name, channel);
    } else {
        snprintf(ref->label, sizeof ref->label, "%s", name);
    }
}

int values_get_id(const Engine *e, int id, int channel, int col, Matrix *out, ValueRef *ref, Diag *d)
{
    const NetValue *v = &e->net->values[id];
    set_label(ref, v->name, channel);
    ref->value = id;
    ref->layer = v->layer;
    snprintf(ref->math, sizeof ref->math, "%s", v->math);
    if (!engine_value_valid(e, id)) {
        return not_computed(e, id, ref->label, col, d);
    }
    if (channel > 0) {
        if (v->map_d == 0) {
            diag_set(d, 0, col, "%s is not a feature map; [c] takes a channel of one", v->name);
            return -1;
        }
        if (channel > v->map_d) {
            diag_set(d, 0, col, "%s has %d channel%s, not %d", v->name, v->map_d, v->map_d == 1 ? "" : "s", channel);
            return -1;
        }
        Matrix row = channel_rows(&(Matrix){ v->m.cols * v->map_d, 1, v->m.data }, v->map_d, channel, false);
        if (row.data == NULL) {
            diag_set(d, 0, col, "out of memory");
            return -1;
        }
        row.rows = v->map_a; /* vec of one channel, reshaped a x b (column-major) */
        row.cols = v->map_b;
        *out = row;
        return 0;
    }
    *out = mat_alloc(v->m.rows, v->m.cols);
    if (out->data == NULL && mat_count(&v->m) > 0) {
        diag_set(d, 0, col, "out of memory");
        return -1;
    }
    mat_copy(out, &v->m);
    return 0;
}

int values_get_ppool(const Engine *e, int m, int channel, int col, Matrix *out, ValueRef *ref, Diag *d)
{
    char name[16];
    snprintf(name, sizeof name, "Ppool%d", m);
    set_label(ref, name, channel);
    return get_pmatrix(e, PM_POOL, m, channel, col, ref->label, out, ref, d);
}

int values_get(const Engine *e, const char *name, int channel, int col, Matrix *out,
               ValueRef *ref, Diag *d)
{
    set_label(ref, name, channel);
    int m = 0;
    PMatrix kind = parse_pmatrix(name, &m);
    if (kind != PM_NONE) {
        return get_pmatrix(e, kind, m, channel, col, ref->label, out, ref, d);
    }
    int id = net_find_value(e->net, name);
    if (id < 0) {
        diag_set(d, 0, col, "unknown name '%s' (try 'info values')", name);
        return -1;
    }
    int rc = values_get_id(e, id, channel, col, out, ref, d);
    /* the label keeps the name as typed: an alias (z3, dZ4) stays one */
    if (channel > 0) {
        snprintf(ref->label, sizeof ref->label, "%s[%d]", name, channel);
    } else {
        snprintf(ref->label, sizeof ref->label, "%s", name);
    }
    return rc;
}

int values_channels(const Engine *e, int id)
{
    return e->net->values[id].map_d;
}

void values_shape(const Engine *e, int id, int channel, int *rows, int *cols)
{
    const NetValue *v = &e->net->values[id];
    *rows = channel > 0 && v->map_d > 0 ? v->map_a : v->m.rows;
    *cols = channel > 0 && v->map_d > 0 ? v->map_b : v->m.cols;
}

bool values_is_gradient(const Engine *e, int id)
{
    return e->net->values[id].kind == VAL_GRAD;
}

bool values_settable(const Engine *e, int value)
{
    ValueKind k = e->net->values[value].kind;
    return k == VAL_INPUT || k == VAL_PARAM || k == VAL_TARGET;
}

int values_find(const Engine *e, const char *name, int *layer)
{
    if (parse_pmatrix(name, layer) == PM_POOL) {
        return ENGINE_ITEM_PPOOL;
    }
    int id = net_find_value(e->net, name);
    return id >= 0 ? id : -2;
}

void values_ppool_shape(const Engine *e, int m, int channel, int *rows, int *cols)
{
    *rows = *cols = 0;
    if (m < 1 || m > e->net->spec.LC) {
        return;
    }
    const ConvGeom *g = &e->net->conv[m];
    int d = channel > 0 ? 1 : g->dout;
    *rows = d * g->ao * g->bo;
    *cols = d * g->ac * g->bc;
}

int value_copy(const Matrix *m, Matrix *out)
{
    *out = mat_alloc(m->rows, m->cols);
    if (out->data == NULL && (size_t)m->rows * (size_t)m->cols > 0) {
        return -1;
    }
    mat_copy(out, m);
    return 0;
}

void value_release(Matrix *m)
{
    mat_release(m);
}

bool values_is_target(const Engine *e, int id)
{
    return id == e->net->vy;
}

int values_target_class(const Engine *e, char *note, size_t size)
{
    const Matrix *y = &e->net->values[e->net->vy].m;
    size_t n = mat_count(y), one = n;
    for (size_t k = 0; k < n; k++) {
        if (y->data[k] == 1.0 && one == n) {
            one = k;
        } else if (y->data[k] != 0.0) {
            one = n + 1; /* not one-hot */
        }
    }
    if (one >= n) {
        snprintf(note, size, "%s", "");
        return -1;
    }
    const Training *t = e->training;
    bool fashion = t != NULL && t->data != NULL && t->data->fashion;
    if (n == DATASET_CLASSES) { /* e_k is class k - 1: the slides count from 1, the labels from 0 */
        snprintf(note, size, "y = e_%zu: class %zu%s%s", one + 1, one, fashion ? " " : "",
                 fashion ? dataset_class_name(true, (int)one) : "");
    } else {
        snprintf(note, size, "y = e_%zu", one + 1);
    }
    return (int)one;
}
