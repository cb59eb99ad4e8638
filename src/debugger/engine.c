/* engine.c: the program of operations and the position in it.
 * Must not: do I/O, print, or exit. */
#include "engine.h"

#include "../base/interrupt.h"
#include "training.h"
#include "../math/reference.h"
#include "../math/steps.h"

#include <math.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

const char *engine_phase_name(Phase p)
{
    return p == PHASE_FWD ? "fwd" : p == PHASE_LOSS ? "loss" : "bwd";
}

/* Name, equation and number of one step, from the step table (steps.c). */
static void describe(Op *op, const Net *net, const NetStep *st)
{
    step_name(net, st, op->name, sizeof op->name);
    step_equation(net, st, op->equation, sizeof op->equation, op->eqno, sizeof op->eqno);
    op->phase = step_info(st->kind)->phase;
}

void engine_rebuild(Engine *e)
{
    e->generation++;
    for (int v = 0; v < e->net->nvalues; v++) {
        e->writer[v] = -1;
    }
    for (int k = 0; k < e->nops; k++) {
        const NetStep *st = &e->net->steps[k];
        e->ops[k].step = k;
        describe(&e->ops[k], e->net, st);
        /* the loss and its gradient sit between the layers: they belong to the
         * output z^{L+1}, so 'next' and layer breakpoints treat them apart */
        bool loss = STEP_IS_LOSS(st->kind);
        e->ops[k].layer = loss ? e->net->spec.L + 1 : st->layer;
        for (int w = 0; w < st->nwrites; w++) {
            e->writer[st->writes[w]] = k;
        }
    }
}

Engine *engine_new(Net *net)
{
    Engine *e = calloc(1, sizeof *e);
    if (e == NULL) {
        net_free(net);
        return NULL;
    }
    e->net = net;
    e->nops = net->nsteps;
    e->ops = calloc((size_t)e->nops, sizeof *e->ops);
    e->writer = calloc((size_t)net->nvalues, sizeof *e->writer);
    e->next_break_id = 1;
    e->next_display_id = 1;
    e->nonfinite_op = -1;
    e->host = host_none();
    if (e->ops == NULL || e->writer == NULL) {
        engine_free(e);
        return NULL;
    }
    engine_rebuild(e);
    return e;
}

Engine *engine_from_spec(const NetSpec *spec, uint64_t seed)
{
    NetSpec reference;
    if (spec == NULL) {
        reference_spec(&reference);
    }
    Net *net = net_new(spec != NULL ? spec : &reference);
    if (net == NULL) {
        return NULL;
    }
    if (spec == NULL) {
        reference_init(net);
    } else {
        net_init_random(net, seed);
    }
    return engine_new(net);
}

void engine_free(Engine *e)
{
    if (e == NULL) {
        return;
    }
    training_free(e->training);
    net_free(e->net);
    free(e->ops);
    free(e->writer);
    free(e);
}

bool engine_value_valid(const Engine *e, int value)
{
    return e->writer[value] < e->pos;
}

int engine_value_ready_at(const Engine *e, int value)
{
    return e->writer[value] + 1;
}

/* Records the first NaN or infinity op k wrote (issue 16.3: report it where
 * it appears, not many ops later as a NaN gradient). */
static void find_nonfinite(Engine *e, const NetStep *st, int k)
{
    for (int w = 0; w < st->nwrites; w++) {
        const Matrix *m = &e->net->values[st->writes[w]].m;
        double probe = 0.0; /* x * 0 is NaN exactly for NaN and +-Inf; this loop vectorises */
        for (size_t i = 0; i < mat_count(m); i++) {
            probe += m->data[i] * 0.0;
        }
        if (probe == 0.0) {
            continue;
        }
        for (size_t i = 0; i < mat_count(m); i++) {
            if (!isfinite(m->data[i])) {
                e->nonfinite_op = k;
                e->nonfinite_value = st->writes[w];
                e->nonfinite_entry = i;
                e->nonfinite_told = false;
                return;
            }
        }
    }
}

bool engine_step(Engine *e)
{
    if (e->pos >= e->nops) {
        return false;
    }
    const NetStep *st = &e->net->steps[e->ops[e->pos].step];
    net_step_exec(e->net, st);
    if (e->nonfinite_op < 0) {
        find_nonfinite(e, st, e->pos);
    }
    e->pos++;
    e->generation++;
    return true;
}

bool engine_back(Engine *e)
{
    if (e->pos <= 0) {
        return false;
    }
    /* What op pos-1 wrote becomes "not computed"; nothing it read changed. */
    e->pos--;
    e->generation++;
    if (e->nonfinite_op >= e->pos) {
        e->nonfinite_op = -1; /* its op is undone: not computed any more */
        e->nonfinite_told = false;
    }
    return true;
}

void engine_goto(Engine *e, int pos)
{
    if (pos < 0) {
        pos = 0;
    }
    if (pos > e->nops) {
        pos = e->nops;
    }
    while (e->pos < pos && interrupt_pending() == 0) { /* Ctrl-C stops between two ops */
        engine_step(e);
    }
    while (e->pos > pos) { /* back: each undone op hides what it wrote, as engine_back does */
        engine_back(e);
    }
}

void engine_restore(Engine *e)
{
    int target = e->pos;
    e->pos = 0;
    e->nonfinite_op = -1;
    e->nonfinite_told = false;
    e->generation++;
    while (e->pos < target) { /* not interruptible: it puts back what the user had */
        engine_step(e);
    }
}

void engine_recompute(Engine *e)
{
    int target = e->pos;
    e->pos = 0;
    e->nonfinite_op = -1;
    e->nonfinite_told = false;
    e->generation++; /* an input or parameter changed, even at position 0 */
    engine_goto(e, target);
}

int engine_set_rule(Engine *e, PoolRule rule)
{
    if (net_set_rule(e->net, rule) != 0) {
        return -1;
    }
    engine_rebuild(e);
    engine_recompute(e);
    return 0;
}

void engine_set_model(Engine *e, Activation act, PoolMode pool)
{
    net_set_model(e->net, act, pool);
    engine_rebuild(e);
    engine_recompute(e);
}

void engine_set_pool(Engine *e, PoolMode pool)
{
    net_set_pool(e->net, pool);
    engine_rebuild(e);
    engine_recompute(e);
}

void engine_set_loss(Engine *e, LossKind loss)
{
    net_set_loss(e->net, loss);
    engine_rebuild(e);
    engine_recompute(e);
}

int engine_next_op(const Engine *e)
{
    return e->pos < e->nops ? e->pos : -1;
}

int engine_find_op(const Engine *e, const char *name)
{
    size_t len = strlen(name);
    for (int k = 0; k < e->nops; k++) {
        const char *op = e->ops[k].name;
        if (strcmp(op, name) == 0) {
            return k;
        }
        /* "bwd pool1" names "bwd pool1 (6)" whichever rule is set */
        if (strncmp(op, name, len) == 0 && strncmp(op + len, " (", 2) == 0) {
            return k;
        }
    }
    return -1;
}

int engine_group_end(const Engine *e, int k)
{
    int end = k + 1;
    while (end < e->nops && e->ops[end].phase == e->ops[k].phase &&
           e->ops[end].layer == e->ops[k].layer) {
        end++;
    }
    return end;
}

static bool op_is_conv(const Engine *e, int k)
{
    return e->ops[k].layer <= e->net->spec.LC &&
           e->net->steps[e->ops[k].step].kind != STEP_FLATTEN &&
           e->net->steps[e->ops[k].step].kind != STEP_BWD_FLATTEN;
}

bool engine_break_matches(const Engine *e, const Breakpoint *b, int k)
{
    if (k < 0 || k >= e->nops) {
        return false;
    }
    switch (b->kind) {
    case BP_OP:
        return b->op == k;
    case BP_LAYER: {
        /* fires on entering the layer in each phase */
        bool in = e->ops[k].layer == b->layer && op_is_conv(e, k) == b->conv &&
                  e->ops[k].phase != PHASE_LOSS;
        bool prev_in = k > 0 && e->ops[k - 1].layer == b->layer && op_is_conv(e, k - 1) == b->conv &&
                       e->ops[k - 1].phase == e->ops[k].phase;
        return in && !prev_in;
    }
    case BP_PHASE:
        return e->ops[k].phase == b->phase && (k == 0 || e->ops[k - 1].phase != b->phase);
    case BP_COND:
    case BP_WATCH:
        return false; /* decided by the values, not by the op */
    }
    return false;
}

/* Removes entry i of an array of count entries of size bytes. */
static void remove_at(void *base, int *count, size_t size, int i)
{
    char *at = (char *)base + (size_t)i * size;
    memmove(at, at + size, (size_t)(*count - i - 1) * size);
    (*count)--;
}

bool engine_delete_break(Engine *e, int id)
{
    for (int i = 0; i < e->nbreaks; i++) {
        if (e->breaks[i].id == id) {
            remove_at(e->breaks, &e->nbreaks, sizeof *e->breaks, i);
            return true;
        }
    }
    return false;
}

bool engine_undisplay(Engine *e, int id)
{
    for (int i = 0; i < e->ndisplays; i++) {
        if (e->displays[i].id == id) {
            remove_at(e->displays, &e->ndisplays, sizeof *e->displays, i);
            return true;
        }
    }
    return false;
}

int engine_op_items(const Engine *e, int k, OpItem items[], int max)
{
    const NetStep *st = &e->net->steps[e->ops[k].step];
    int n = 0;
    for (int r = 0; r < st->nreads && n < max; r++) {
        items[n] = (OpItem){ st->reads[r], st->layer, false, "" };
        snprintf(items[n++].name, sizeof items[0].name, "%s", e->net->values[st->reads[r]].name);
    }
    if ((st->kind == STEP_POOL || st->kind == STEP_BWD_POOL) && n < max) {
        items[n] = (OpItem){ ENGINE_ITEM_PPOOL, st->layer, false, "" };
        snprintf(items[n++].name, sizeof items[0].name, "Ppool%d", st->layer);
    }
    for (int w = 0; w < st->nwrites && n < max; w++) {
        const NetValue *v = &e->net->values[st->writes[w]];
        items[n] = (OpItem){ st->writes[w], st->layer, true, "" };
        snprintf(items[n++].name, sizeof items[0].name, "%s", v->name); /* one name everywhere */
    }
    return n;
}

PoolRole engine_pool_role(const Engine *e, int k, const OpItem *it)
{
    const NetStep *st = &e->net->steps[e->ops[k].step];
    if (st->kind != STEP_POOL && st->kind != STEP_BWD_POOL) {
        return POOL_ROLE_NONE;
    }
    const LayerIds *l = &e->net->layer[st->layer], *next = &e->net->layer[st->layer + 1];
    bool fwd = st->kind == STEP_POOL;
    if (it->value == ENGINE_ITEM_PPOOL) {
        return POOL_ROLE_MATRIX;
    }
    if (it->value == (fwd ? l->sigS : l->dS)) {
        return POOL_ROLE_INPUT;
    }
    return it->value == (fwd ? next->Z : next->dZ) ? POOL_ROLE_OUTPUT : POOL_ROLE_NONE;
}

int engine_pool_outputs(const Engine *e, int m, int *channels)
{
    const Net *net = e->net;
    if (m < 1 || m > net->spec.LC || net->spec.pool_mode != POOL_MAX || !engine_value_valid(e, net->layer[m + 1].Z)) {
        return 0;
    }
    const ConvGeom *g = &net->conv[m];
    *channels = g->dout;
    return g->dout * g->ao * g->bo;
}

int engine_pool_winner(const Engine *e, int m, int k)
{
    return e->net->pool_idx[m][k];
}

bool engine_loss(const Engine *e, double *loss)
{
    if (!engine_value_valid(e, e->net->vloss)) {
        return false;
    }
    *loss = e->net->values[e->net->vloss].m.data[0];
    return true;
}

int engine_conv_layers(const Engine *e)
{
    return e->net->spec.LC;
}

Activation engine_layer_activation(const Engine *e, int m)
{
    return net_layer_act(e->net, m);
}

Activation engine_activation(const Engine *e)
{
    return e->net->spec.act;
}
