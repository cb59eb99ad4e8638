/* engine_query.c: the screen's questions, answered from the network
 * (engine_query.h).
 * Must not: print, exit, or change the engine. */
#include "engine_query.h"

#include <stdio.h>
#include <string.h>

#include "training.h"

bool engine_input_map(const Engine *e, int *rows, int *cols, int *channels)
{
    const Net *net = e->net;
    if (net->spec.LC == 0) {
        return false;
    }
    const NetValue *z = &net->values[net->layer[1].Z];
    *rows = z->map_a;
    *cols = z->map_b;
    *channels = z->map_d;
    return *rows > 0 && *cols > 0;
}

double engine_input_pixel(const Engine *e, int r, int c)
{
    const NetValue *z = &e->net->values[e->net->layer[1].Z];
    return z->m.data[(size_t)r + (size_t)z->map_a * (size_t)c]; /* channel 1: the first a*b entries */
}

bool engine_conv_geom(const Engine *e, int m, ConvGeom *g)
{
    if (m < 1 || m > e->net->spec.LC) {
        return false;
    }
    *g = e->net->conv[m];
    return true;
}

int engine_pool_window(const Engine *e, int m)
{
    return m >= 1 && m <= e->net->spec.LC ? e->net->conv[m].pool : 0;
}

bool engine_value_maps(const Engine *e, int value, ValueMaps *out)
{
    const Net *net = e->net;
    if (value < 0 || value >= net->nvalues) {
        return false;
    }
    const NetValue *v = &net->values[value];
    memset(out, 0, sizeof *out);
    out->m = &v->m;
    if (v->map_d > 0) {
        out->a = v->map_a;
        out->b = v->map_b;
        out->count = v->map_d;
        return true;
    }
    int m = v->layer;
    if (m >= 1 && m <= net->spec.LC && (value == net->layer[m].W || value == net->layer[m].dW)) {
        const ConvGeom *g = &net->conv[m];
        out->a = out->b = out->h = g->h;
        out->d = g->d;
        out->count = g->dout * g->d;
        out->filters = true;
        return true;
    }
    return false;
}

int engine_top_outputs(const Engine *e, RankedOutput out[], int max)
{
    const Net *net = e->net;
    const Matrix *z = &net->values[net->layer[net->spec.L].S].m;
    const Training *t = e->training;
    bool fashion = t != NULL && t->data != NULL && t->data->fashion;
    enum { MOST = 64 };
    bool used[MOST] = { false };
    int rows = z->rows < MOST ? z->rows : MOST, n = 0;
    for (; n < max && n < rows; n++) { /* the n largest, largest first; ties: the first */
        int best = -1;
        for (int k = 0; k < rows; k++) {
            best = !used[k] && (best < 0 || z->data[k] > z->data[best]) ? k : best;
        }
        used[best] = true;
        out[n] = (RankedOutput){ best, z->data[best], z->rows == DATASET_CLASSES ? dataset_class_name(fashion, best) : "" };
    }
    return n;
}

bool engine_outputs_valid(const Engine *e)
{
    return engine_value_valid(e, e->net->layer[e->net->spec.L].S);
}

size_t engine_saved_bytes(const Engine *e, PoolRule rule)
{
    return net_saved_bytes(e->net, rule);
}

int engine_op_extras(const Engine *e, int k, int ch, OpItem items[], int n, int max)
{
    if (k < 0 || k >= e->nops || n + 2 > max || engine_layer_activation(e, e->ops[k].layer) != ACT_RELU) {
        return n;
    }
    const NetStep *st = &e->net->steps[e->ops[k].step];
    if (st->kind != STEP_BWD_POOL || e->net->rule != RULE_EQ6) {
        return n;
    }
    int m = st->layer;
    char chs[16] = "";
    if (ch > 0 && ch <= e->net->conv[m].dout) {
        snprintf(chs, sizeof chs, "[%d]", ch);
    }
    char ind[40], prod[96];
    snprintf(ind, sizeof ind, "I(Z%d%s)", m + 1, chs);
    snprintf(prod, sizeof prod, "dZ%d%s .* %s", m + 1, chs, ind);
    if (strlen(prod) >= sizeof items[n].name) {
        return n;
    }
    items[n] = (OpItem){ ENGINE_ITEM_EXPR, m, false, "" };
    items[n + 1] = (OpItem){ ENGINE_ITEM_EXPR, m, false, "" };
    memcpy(items[n].name, ind, strlen(ind) + 1);
    memcpy(items[n + 1].name, prod, strlen(prod) + 1);
    return n + 2;
}
