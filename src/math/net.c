/* net.c: the values of a network's forward and backward pass and the steps
 * between them. The step list is the single source of the order in which
 * the math runs: net_run, the debugger's program and the tests all use it.
 * Must not: do I/O, print, or exit. */
#include "net.h"

#include "rng.h"
#include "steps.h"

#include <assert.h>
#include <ctype.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct {
    Net *net;
    int cap;
    bool failed;
} Builder;

static int add_value(Builder *bld, const char *name, const char *math, ValueKind kind,
                     int layer, int rows, int cols)
{
    Net *net = bld->net;
    if (net->nvalues == bld->cap) {
        int cap = bld->cap * 2 + 16;
        NetValue *grown = realloc(net->values, (size_t)cap * sizeof *grown);
        if (grown == NULL) {
            bld->failed = true;
            return NET_NO_VALUE;
        }
        net->values = grown;
        bld->cap = cap;
    }
    NetValue *v = &net->values[net->nvalues];
    memset(v, 0, sizeof *v);
    snprintf(v->name, sizeof v->name, "%s", name);
    snprintf(v->math, sizeof v->math, "%s", math);
    v->kind = kind;
    v->layer = layer;
    v->m = mat_alloc(rows, cols);
    if (v->m.data == NULL && rows * cols > 0) {
        bld->failed = true;
        return NET_NO_VALUE;
    }
    return net->nvalues++;
}

/* A d x (a*b) feature map value. */
static int add_map(Builder *bld, const char *name, const char *math, ValueKind kind, int layer,
                   int d, int a, int b)
{
    int id = add_value(bld, name, math, kind, layer, d, a * b);
    if (id != NET_NO_VALUE) {
        NetValue *v = &bld->net->values[id];
        v->map_d = d;
        v->map_a = a;
        v->map_b = b;
    }
    return id;
}

#define NAME(buf, fmt, m) (snprintf((buf), sizeof(buf), (fmt), (m)), (buf))

static void add_conv_values(Builder *bld, int m)
{
    Net *net = bld->net;
    const ConvGeom *g = &net->conv[m];
    char n[16], s[32];
    if (m == 1) {
        net->layer[1].Z = add_map(bld, "Z1", "Z^{1,i}", VAL_INPUT, 1, g->d, g->a, g->b);
    }
    net->layer[m].pad = add_map(bld, NAME(n, "padZ%d", m), NAME(s, "pad(Z^{%d,i})", m), VAL_FWD, m,
                           g->d, g->ap, g->bp);
    net->layer[m].phi = add_value(bld, NAME(n, "phi%d", m), NAME(s, "phi(pad(Z^{%d,i}))", m), VAL_FWD,
                             m, g->h * g->h * g->d, g->ac * g->bc);
    net->layer[m].W = add_value(bld, NAME(n, "W%d", m), NAME(s, "W^%d", m), VAL_PARAM, m, g->dout,
                           g->h * g->h * g->d);
    net->layer[m].b = add_value(bld, NAME(n, "b%d", m), NAME(s, "b^%d", m), VAL_PARAM, m, g->dout, 1);
    net->layer[m].S = add_map(bld, NAME(n, "S%d", m), NAME(s, "S^{%d,i}", m), VAL_FWD, m, g->dout,
                         g->ac, g->bc);
    net->layer[m].sigS = add_map(bld, NAME(n, "sigS%d", m), NAME(s, "sigma(S^{%d,i})", m), VAL_FWD, m,
                           g->dout, g->ac, g->bc);
    net->layer[m + 1].Z = add_map(bld, NAME(n, "Z%d", m + 1), NAME(s, "Z^{%d,i}", m + 1), VAL_FWD, m,
                             g->dout, g->ao, g->bo);
}

static void add_conv_grads(Builder *bld, int m)
{
    Net *net = bld->net;
    const ConvGeom *g = &net->conv[m];
    char n[16], s[32];
    if (net->layer[m + 1].dZ == NET_NO_VALUE) {
        net->layer[m + 1].dZ = add_map(bld, NAME(n, "dZ%d", m + 1), NAME(s, "dxi/dZ^{%d,i}", m + 1),
                                  VAL_GRAD, m, g->dout, g->ao, g->bo);
    }
    net->layer[m].dS = add_map(bld, NAME(n, "dS%d", m), NAME(s, "dxi/dS^{%d,i}", m), VAL_GRAD, m,
                          g->dout, g->ac, g->bc);
    net->layer[m].dW = add_value(bld, NAME(n, "dW%d", m), NAME(s, "dxi/dW^%d", m), VAL_GRAD, m,
                            g->dout, g->h * g->h * g->d);
    net->layer[m].db = add_value(bld, NAME(n, "db%d", m), NAME(s, "dxi/db^%d", m), VAL_GRAD, m, g->dout, 1);
    net->layer[m].dphi = add_value(bld, NAME(n, "dphi%d", m), NAME(s, "dxi/dphi^%d", m), VAL_GRAD, m,
                              g->h * g->h * g->d, g->ac * g->bc);
    net->layer[m].dpad = add_map(bld, NAME(n, "dpadZ%d", m), NAME(s, "dxi/dpad(Z^%d)", m), VAL_GRAD,
                            m, g->d, g->ap, g->bp);
    net->layer[m].dZ = add_map(bld, NAME(n, "dZ%d", m), NAME(s, "dxi/dZ^{%d,i}", m), VAL_GRAD, m, g->d,
                          g->a, g->b);
}

static void add_step(Builder *bld, StepKind kind, int layer, const int *reads, int nreads,
                     const int *writes, int nwrites)
{
    Net *net = bld->net;
    NetStep *st = &net->steps[net->nsteps++];
    memset(st, 0, sizeof *st);
    st->kind = kind;
    st->layer = layer;
    assert(nreads <= STEP_MAX_IO && nwrites <= STEP_MAX_IO);
    memcpy(st->reads, reads, (size_t)nreads * sizeof *reads);
    memcpy(st->writes, writes, (size_t)nwrites * sizeof *writes);
    st->nreads = nreads;
    st->nwrites = nwrites;
}

#define STEP(kind, layer, R, W)                                                      \
    do {                                                                             \
        const int r_[] = R;                                                          \
        const int w_[] = W;                                                          \
        add_step(bld, kind, layer, r_, (int)(sizeof r_ / sizeof *r_), w_,            \
                 (int)(sizeof w_ / sizeof *w_));                                     \
    } while (0)
#define IO(...) { __VA_ARGS__ }

/* The order of docs/math.md: forward through every layer, the loss, then back.
 * Each step names what it reads and writes through the layers' ids; the
 * executors of steps.c take their operands in exactly this order. */
static void build_steps(Builder *bld)
{
    Net *net = bld->net;
    const int L = net->spec.L, LC = net->spec.LC;
    for (int m = 1; m <= LC; m++) {
        const LayerIds *l = &net->layer[m], *next = &net->layer[m + 1];
        STEP(STEP_PAD, m, IO(l->Z), IO(l->pad));
        STEP(STEP_PHI, m, IO(l->pad), IO(l->phi));
        STEP(STEP_CONV, m, IO(l->W, l->phi, l->b), IO(l->S));
        STEP(STEP_ACT, m, IO(l->S), IO(l->sigS));
        STEP(STEP_POOL, m, IO(l->sigS), IO(next->Z));
    }
    STEP(STEP_FLATTEN, LC + 1, IO(net->layer[LC + 1].Z), IO(net->vzflat));
    for (int m = LC + 1; m <= L; m++) {
        const LayerIds *l = &net->layer[m], *next = &net->layer[m + 1];
        int in = m == LC + 1 ? net->vzflat : l->Z;
        STEP(STEP_FC, m, IO(l->W, in, l->b), IO(l->S));
        if (m < L) {
            STEP(STEP_FC_ACT, m, IO(l->S), IO(next->Z));
        }
    }
    bool ce = net->spec.loss == LOSS_CE;
    STEP(ce ? STEP_LOSS_CE : STEP_LOSS, L, IO(net->layer[L].S, net->vy), IO(net->vloss));
    STEP(ce ? STEP_BWD_LOSS_CE : STEP_BWD_LOSS, L, IO(net->layer[L].S, net->vy), IO(net->layer[L].dS));
    for (int m = L; m >= LC + 1; m--) {
        const LayerIds *l = &net->layer[m], *prev = &net->layer[m - 1];
        int in = m == LC + 1 ? net->vzflat : l->Z;
        int din = m == LC + 1 ? net->vdzflat : l->dZ;
        STEP(STEP_BWD_FC, m, IO(l->dS, l->W, in), IO(l->dW, l->db, din));
        if (m > LC + 1) {
            STEP(STEP_BWD_FC_ACT, m - 1, IO(l->dZ, prev->S), IO(prev->dS));
        }
    }
    STEP(STEP_BWD_FLATTEN, LC + 1, IO(net->vdzflat), IO(net->layer[LC + 1].dZ));
    for (int m = LC; m >= 1; m--) {
        const LayerIds *l = &net->layer[m], *next = &net->layer[m + 1];
        STEP(STEP_BWD_POOL, m, IO(next->dZ, next->Z), IO(l->dS)); /* eq. (6); net_set_rule swaps in S^m for (5) */
        STEP(STEP_BWD_CONV, m, IO(l->dS, l->phi), IO(l->dW, l->db));
        STEP(STEP_BWD_PHI, m, IO(l->W, l->dS), IO(l->dphi, l->dpad));
        STEP(STEP_BWD_PAD, m, IO(l->dpad), IO(l->dZ));
    }
}

static void derive_geometry(Net *net)
{
    const NetSpec *s = &net->spec;
    int a = s->ht_input, b = s->wd_input;
    for (int m = 1; m <= s->LC; m++) {
        ConvGeom *g = &net->conv[m];
        g->d = s->ch[m - 1];
        g->a = a;
        g->b = b;
        g->pad = s->pad[m - 1];
        g->h = s->filter[m - 1];
        g->stride = s->stride[m - 1];
        g->dout = s->ch[m];
        g->pool = s->pool[m - 1];
        conv_geom_derive(g);
        a = g->ao;
        b = g->bo;
    }
    int n = s->ch[s->LC] * a * b;
    for (int m = s->LC + 1; m <= s->L; m++) {
        net->fc_in[m] = n;
        net->fc_out[m] = s->full[m - s->LC - 1];
        n = net->fc_out[m];
    }
}

static void clear_ids(Net *net)
{
    const LayerIds none = { NET_NO_VALUE, NET_NO_VALUE, NET_NO_VALUE, NET_NO_VALUE, NET_NO_VALUE,
                            NET_NO_VALUE, NET_NO_VALUE, NET_NO_VALUE, NET_NO_VALUE, NET_NO_VALUE,
                            NET_NO_VALUE, NET_NO_VALUE, NET_NO_VALUE };
    for (int m = 0; m < NET_MAX_LAYERS + 2; m++) {
        net->layer[m] = none;
    }
}

static void add_all_values(Builder *bld)
{
    Net *net = bld->net;
    const int L = net->spec.L, LC = net->spec.LC;
    char n[16], s[32];
    if (LC == 0) {
        net->layer[1].Z = add_map(bld, "Z1", "Z^{1,i}", VAL_INPUT, 1, net->spec.ch[0],
                             net->spec.ht_input, net->spec.wd_input);
    }
    for (int m = 1; m <= LC; m++) {
        add_conv_values(bld, m);
    }
    net->vzflat = add_value(bld, NAME(n, "z%d", LC + 1), NAME(s, "z^{%d,i}", LC + 1), VAL_FWD,
                            LC + 1, net->fc_in[LC + 1], 1);
    for (int m = LC + 1; m <= L; m++) {
        net->layer[m].W = add_value(bld, NAME(n, "W%d", m), NAME(s, "W^%d", m), VAL_PARAM, m,
                               net->fc_out[m], net->fc_in[m]);
        net->layer[m].b = add_value(bld, NAME(n, "b%d", m), NAME(s, "b^%d", m), VAL_PARAM, m,
                               net->fc_out[m], 1);
        net->layer[m].S = add_value(bld, NAME(n, "s%d", m), NAME(s, "s^{%d,i}", m), VAL_FWD, m,
                               net->fc_out[m], 1);
        if (m < L) {
            net->layer[m + 1].Z = add_value(bld, NAME(n, "z%d", m + 1), NAME(s, "z^{%d,i}", m + 1),
                                       VAL_FWD, m, net->fc_out[m], 1);
        }
    }
    net->vy = add_value(bld, "y", "y^i", VAL_TARGET, L, net->fc_out[L], 1);
    net->vloss = add_value(bld, "loss", "xi_i", VAL_FWD, L, 1, 1);
    /* gradients, in the order the backward pass makes them */
    for (int m = L; m >= LC + 1; m--) {
        net->layer[m].dS = add_value(bld, NAME(n, "ds%d", m), NAME(s, "dxi/ds^{%d,i}", m), VAL_GRAD,
                                m, net->fc_out[m], 1);
        net->layer[m].dW = add_value(bld, NAME(n, "dW%d", m), NAME(s, "dxi/dW^%d", m), VAL_GRAD, m,
                                net->fc_out[m], net->fc_in[m]);
        net->layer[m].db = add_value(bld, NAME(n, "db%d", m), NAME(s, "dxi/db^%d", m), VAL_GRAD, m,
                                net->fc_out[m], 1);
        if (m > LC + 1) {
            net->layer[m].dZ = add_value(bld, NAME(n, "dz%d", m), NAME(s, "dxi/dz^{%d,i}", m),
                                    VAL_GRAD, m, net->fc_in[m], 1);
        }
    }
    net->vdzflat = add_value(bld, NAME(n, "dz%d", LC + 1), NAME(s, "dxi/dz^{%d,i}", LC + 1),
                             VAL_GRAD, LC + 1, net->fc_in[LC + 1], 1);
    if (LC == 0) {
        net->layer[1].dZ = add_map(bld, "dZ1", "dxi/dZ^{1,i}", VAL_GRAD, 1, net->spec.ch[0],
                              net->spec.ht_input, net->spec.wd_input);
    }
    for (int m = LC; m >= 1; m--) {
        add_conv_grads(bld, m);
    }
    if (!bld->failed) {
        /* the output of the identity layer L is also z^{L+1}, its gradient dxi/dz^{L+1} */
        snprintf(net->values[net->layer[L].S].alias, sizeof net->values[0].alias, "z%d", L + 1);
        snprintf(net->values[net->layer[L].dS].alias, sizeof net->values[0].alias, "dz%d", L + 1);
        net->layer[L + 1].Z = net->layer[L].S;
        net->layer[L + 1].dZ = net->layer[L].dS;
    }
}

Net *net_new(const NetSpec *spec)
{
    Net *net = calloc(1, sizeof *net);
    if (net == NULL) {
        return NULL;
    }
    net->spec = *spec;
    net->rule = RULE_EQ6;
    clear_ids(net);
    derive_geometry(net);
    Builder bld = { net, 0, false };
    add_all_values(&bld);
    for (int m = 1; m <= spec->LC && !bld.failed; m++) {
        const ConvGeom *g = &net->conv[m];
        net->pool_idx[m] = calloc((size_t)g->dout * (size_t)(g->ao * g->bo) + 1, sizeof(int));
        bld.failed = net->pool_idx[m] == NULL;
    }
    net->ndwt = (size_t)config_dwt_entries(spec);
    if (net->ndwt > 0) {
        net->dwt = calloc(net->ndwt, sizeof(double));
        bld.failed |= net->dwt == NULL;
    }
    net->steps = calloc((size_t)10 * (size_t)spec->L + 8, sizeof *net->steps);
    if (bld.failed || net->steps == NULL) {
        net_free(net);
        return NULL;
    }
    build_steps(&bld);
    net_set_model(net, spec->act, spec->pool_mode);
    net->spec.per_layer = spec->per_layer; /* net_set_model makes it one activation; keep the spec's */
    return net;
}

void net_free(Net *net)
{
    if (net == NULL) {
        return;
    }
    for (int i = 0; i < net->nvalues; i++) {
        mat_release(&net->values[i].m);
    }
    for (int m = 0; m <= NET_MAX_LAYERS; m++) {
        free(net->pool_idx[m]);
    }
    free(net->dwt);
    free(net->values);
    free(net->steps);
    free(net);
}

void net_init_random(Net *net, uint64_t seed)
{
    Rng rng;
    rng_init(&rng, seed);
    for (int m = 1; m <= net->spec.L; m++) {
        Matrix *w = &net->values[net->layer[m].W].m;
        double scale = sqrt(2.0 / (double)w->cols); /* fan_in = columns of W */
        for (size_t i = 0; i < mat_count(w); i++) {
            w->data[i] = rng_normal(&rng) * scale;
        }
        mat_zero(&net->values[net->layer[m].b].m);
    }
    Matrix *z1 = &net->values[net->layer[1].Z].m;
    for (size_t i = 0; i < mat_count(z1); i++) {
        z1->data[i] = rng_uniform(&rng);
    }
    Matrix *y = &net->values[net->vy].m;
    mat_zero(y);
    y->data[0] = 1.0;
}

static int find_exact(const Net *net, const char *name)
{
    for (int i = 0; i < net->nvalues; i++) {
        const NetValue *v = &net->values[i];
        if (strcmp(v->name, name) == 0 || (v->alias[0] != '\0' && strcmp(v->alias, name) == 0)) {
            return i;
        }
    }
    return NET_NO_VALUE;
}

int net_find_value(const Net *net, const char *name)
{
    int id = find_exact(net, name);
    size_t len = strlen(name);
    char upper[16];
    if (id != NET_NO_VALUE || len == 0 || len >= sizeof upper) {
        return id;
    }
    /* the slides write maps in upper case (Z2, S1) and vectors in lower case
     * (z3, s2, dz3, ds2); the other case is accepted for either */
    memcpy(upper, name, len + 1);
    size_t k = (name[0] == 'd' && len > 1) ? 1 : 0;
    char ch = (char)tolower((unsigned char)upper[k]);
    if (ch != 'z' && ch != 's') {
        return NET_NO_VALUE;
    }
    upper[k] = upper[k] == ch ? (char)toupper((unsigned char)ch) : ch;
    return find_exact(net, upper);
}

int net_set_rule(Net *net, PoolRule rule)
{
    if (rule == RULE_EQ6 && net->spec.pool_mode == POOL_AVG) {
        return -1;
    }
    net->rule = rule;
    for (int k = 0; k < net->nsteps; k++) {
        NetStep *st = &net->steps[k];
        if (st->kind == STEP_BWD_POOL) {
            st->reads[1] = rule == RULE_EQ5 ? net->layer[st->layer].S : net->layer[st->layer + 1].Z;
        }
    }
    return 0;
}

void net_set_pool(Net *net, PoolMode pool)
{
    net->spec.pool_mode = pool;
    if (pool == POOL_AVG) {
        net_set_rule(net, RULE_EQ5);
    }
}

void net_set_model(Net *net, Activation act, PoolMode pool)
{
    net->spec.act = act;
    net->spec.per_layer = false;
    net_set_pool(net, pool);
}

void net_set_loss(Net *net, LossKind loss)
{
    net->spec.loss = loss;
    for (int k = 0; k < net->nsteps; k++) {
        NetStep *st = &net->steps[k];
        if (st->kind == STEP_LOSS || st->kind == STEP_LOSS_CE) {
            st->kind = loss == LOSS_CE ? STEP_LOSS_CE : STEP_LOSS;
        } else if (st->kind == STEP_BWD_LOSS || st->kind == STEP_BWD_LOSS_CE) {
            st->kind = loss == LOSS_CE ? STEP_BWD_LOSS_CE : STEP_BWD_LOSS;
        }
    }
}

#define VAL(id) (&net->values[id].m)

void net_step_exec(Net *net, const NetStep *st)
{
    step_info(st->kind)->exec(net, st);
}

double net_run(Net *net)
{
    for (int k = 0; k < net->nsteps; k++) {
        net_step_exec(net, &net->steps[k]);
    }
    return VAL(net->vloss)->data[0];
}

double net_forward(Net *net)
{
    for (int k = 0; k < net->nsteps; k++) {
        net_step_exec(net, &net->steps[k]);
        if (net->steps[k].kind == STEP_LOSS || net->steps[k].kind == STEP_LOSS_CE) {
            break;
        }
    }
    return VAL(net->vloss)->data[0];
}

size_t net_saved_bytes(const Net *net, PoolRule rule)
{
    size_t doubles = 0, ints = 0;
    for (int m = 1; m <= net->spec.L; m++) {
        int id = m == net->spec.LC + 1 ? net->vzflat : net->layer[m].Z;
        doubles += mat_count(VAL(id)); /* Z^m, stored for dW^m = dS phi(pad(Z^m))^T */
    }
    for (int m = 1; m <= net->spec.LC; m++) {
        const ConvGeom *g = &net->conv[m];
        ints += (size_t)g->dout * (size_t)(g->ao * g->bo); /* P_pool^m as indexes */
        if (rule == RULE_EQ5) {
            doubles += mat_count(VAL(net->layer[m].S)); /* S^m for I[S^m] */
        }
    }
    return doubles * sizeof(double) + ints * sizeof(int);
}

size_t net_param_count(const Net *net)
{
    size_t n = 0;
    for (int m = 1; m <= net->spec.L; m++) {
        n += mat_count(VAL(net->layer[m].W)) + mat_count(VAL(net->layer[m].b));
    }
    return n;
}
