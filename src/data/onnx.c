/* onnx.c: reads torch.onnx.export's graph of an nn.Sequential as the slides'
 * network (docs/onnx.md): protobuf-c unpacks the bytes (with a memory
 * budget), the opset and the one input are checked, then the nodes are read
 * in order as a chain, each consuming the previous one's output
 * (onnx_layers.c), and the network found is validated like a config.
 * Anything else is refused with the node's index (0-based, as in
 * graph.node), its op type and what to do; nothing is returned half-read.
 * Must not: open files, print, or exit. */
#include "onnx_internal.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

enum { OPSET_MIN = 9, OPSET_MAX = 17 };
/* A chain of at most 32 layers has a few nodes each: the walk looks tensors
 * up by name, so bounding the counts bounds its time (docs/limits.md). */
enum { ONNX_MAX_NODES = 1024, ONNX_MAX_TENSORS = 1024 };
/* What protobuf-c may allocate while unpacking one model (docs/limits.md). */
#define ONNX_UNPACK_BUDGET ((size_t)256 << 20)

/* ---- protobuf-c with a memory budget ---------------------------------------- */

typedef struct {
    size_t used;
} Budget;

static void *budget_alloc(void *data, size_t size)
{
    Budget *b = data;
    if (size > ONNX_UNPACK_BUDGET - b->used || size > SIZE_MAX - 16) {
        return NULL;
    }
    size_t *p = malloc(size + 16);
    if (p == NULL) {
        return NULL;
    }
    b->used += size;
    p[0] = size;
    return (char *)p + 16;
}

static void budget_free(void *data, void *ptr)
{
    if (ptr != NULL) {
        size_t *p = (size_t *)(void *)((char *)ptr - 16);
        ((Budget *)data)->used -= p[0];
        free(p);
    }
}

/* ---- the model ---------------------------------------------------------------- */

static int read_opset(OnnxReader *r, const Onnx__ModelProto *m)
{
    for (size_t i = 0; i < m->n_opset_import; i++) {
        const Onnx__OperatorSetIdProto *o = m->opset_import[i];
        if (o->domain == NULL || o->domain[0] == '\0' || strcmp(o->domain, "ai.onnx") == 0) {
            r->out->opset = (int)(o->version < 0 || o->version > 1000 ? -1 : o->version);
            if (o->version < OPSET_MIN || o->version > OPSET_MAX) {
                return onnx_fail(r, "opset %lld; bpstep reads opsets %d to %d: export with opset_version=%d",
                                 (long long)o->version, OPSET_MIN, OPSET_MAX, OPSET_MAX);
            }
            return 0;
        }
    }
    return onnx_fail(r, "no opset of the default ONNX domain; is it an ONNX model from torch.onnx.export?");
}

/* One fixed size of the input; dimension k of the input's shape. */
static int input_dim(OnnxReader *r, const Onnx__TensorShapeProto *sh, int k, int *out)
{
    const Onnx__TensorShapeProto__Dimension *dm = sh->dim[k];
    if (dm->value_case != ONNX__TENSOR_SHAPE_PROTO__DIMENSION__VALUE_DIM_VALUE) {
        return onnx_fail(r, "input dimension %d is %s'%.40s', not a number (a dynamic shape); export with a fixed "
                         "input size (leave it out of dynamic_axes)", k,
                         dm->value_case == ONNX__TENSOR_SHAPE_PROTO__DIMENSION__VALUE_DIM_PARAM ? "" : "unknown ",
                         dm->value_case == ONNX__TENSOR_SHAPE_PROTO__DIMENSION__VALUE_DIM_PARAM && dm->dim_param != NULL
                             ? dm->dim_param : "");
    }
    if (dm->dim_value < 1 || dm->dim_value > (1 << 20)) {
        return onnx_fail(r, "input dimension %d is %lld", k, (long long)dm->dim_value);
    }
    *out = (int)dm->dim_value;
    return 0;
}

/* The graph's one input that is not an initializer: (batch, C, H, W) or
 * (batch, F); the batch may be dynamic, the other sizes not. */
static int read_input(OnnxReader *r)
{
    const Onnx__ValueInfoProto *in = NULL;
    for (size_t i = 0; i < r->g->n_input; i++) {
        const Onnx__ValueInfoProto *v = r->g->input[i];
        if (v->name != NULL && !onnx_is_initializer(r->g, v->name)) {
            if (in != NULL) {
                return onnx_fail(r, "the graph has more than one input; bpstep's network has one, the image");
            }
            in = v;
        }
    }
    const Onnx__TypeProto__Tensor *tt = in != NULL && in->type != NULL &&
                                                in->type->value_case == ONNX__TYPE_PROTO__VALUE_TENSOR_TYPE
                                            ? in->type->tensor_type : NULL;
    const Onnx__TensorShapeProto *sh = tt != NULL ? tt->shape : NULL;
    if (sh == NULL || (sh->n_dim != 4 && sh->n_dim != 2)) {
        return onnx_fail(r, in == NULL ? "the graph has no input" : "the input is not a tensor of shape "
                                                                    "(batch, C, H, W) or (batch, features)");
    }
    int dims[4] = { 1, 1, 1, 1 };
    for (size_t k = 1; k < sh->n_dim; k++) {
        if (input_dim(r, sh, (int)k, &dims[k]) != 0) {
            return -1;
        }
    }
    if ((int64_t)dims[1] * dims[2] * dims[3] > NET_MAX_ENTRIES) {
        return onnx_fail(r, "the input has %lld entries; bpstep's matrices have at most 2^27",
                         (long long)dims[1] * dims[2] * dims[3]);
    }
    NetSpec *s = &r->out->spec;
    s->ch[0] = r->c = dims[1];
    s->ht_input = r->h = sh->n_dim == 4 ? dims[2] : 1;
    s->wd_input = r->w = sh->n_dim == 4 ? dims[3] : 1;
    r->at = sh->n_dim == 4 ? AT_INPUT : AT_FLAT;
    r->flat_c = r->c;
    r->flat_h = r->flat_w = 1;
    r->cur = in->name;
    return 0;
}

/* Every node in order, each taking the chain's tensor as its data input. */
static int read_nodes(OnnxReader *r)
{
    for (size_t i = 0; i < r->g->n_node; i++) {
        const Onnx__NodeProto *n = r->g->node[i];
        r->node = (int)i;
        r->op = n->op_type != NULL ? n->op_type : "";
        if (strcmp(r->op, "Constant") == 0) {
            continue; /* a value (Reshape's shape, Pad's pads), found by name */
        }
        bool add = strcmp(r->op, "Add") == 0 && n->n_input == 2 && strcmp(n->input[1], r->cur) == 0;
        if (n->n_input < 1 || n->n_output < 1 || (!add && strcmp(n->input[0], r->cur) != 0)) {
            return onnx_fail(r, "its input is not the output of the layer before it; bpstep reads a chain of "
                             "layers (an nn.Sequential)");
        }
        if (n->domain != NULL && n->domain[0] != '\0' && strcmp(n->domain, "ai.onnx") != 0) {
            return onnx_fail(r, "an operator of domain '%.40s'; bpstep reads standard ONNX operators", n->domain);
        }
        if (onnx_read_node(r, n) != 0) {
            return -1;
        }
        r->cur = n->output[0];
    }
    r->node = -1;
    r->out->nodes = (int)r->g->n_node;
    return 0;
}

/* The chain must end in the output layer (linear, no activation), at the graph's output. */
static int read_end(OnnxReader *r)
{
    if (r->at != AT_FC && r->at != AT_SOFTMAX) {
        return onnx_fail(r, r->at == AT_FC_ACT ? "the model ends in an activation; the slides' output layer is "
                                                 "linear: remove the last activation (or end in Softmax)"
                                               : "the model does not end in a Linear layer; the slides' network "
                                                 "ends in a fully-connected layer");
    }
    if (r->g->n_output != 1 || r->g->output[0]->name == NULL || strcmp(r->g->output[0]->name, r->cur) != 0) {
        return onnx_fail(r, "the graph's output is not the last node's; bpstep reads one chain of layers");
    }
    NetSpec *s = &r->out->spec;
    s->act = r->act_set ? r->act : ACT_RELU;
    s->pool_mode = r->pool_set ? r->pool : POOL_MAX;
    Diag vd;
    diag_clear(&vd);
    if (config_validate(s, NULL, &vd) != 0) {
        return onnx_fail(r, "the network it describes: %s", vd.msg);
    }
    return 0;
}

int onnx_read(const uint8_t *bytes, size_t len, OnnxModel *model, Diag *d)
{
    memset(model, 0, sizeof *model);
    if (len > ONNX_MAX_BYTES) {
        diag_set(d, 0, 0, "%zu bytes; bpstep reads ONNX files of at most %zu MiB", len, ONNX_MAX_BYTES >> 20);
        return -1;
    }
    Budget budget = { 0 };
    ProtobufCAllocator alloc = { budget_alloc, budget_free, &budget };
    Onnx__ModelProto *m = onnx__model_proto__unpack(&alloc, len, bytes);
    if (m == NULL) {
        diag_set(d, 0, 0, "not an ONNX model (protobuf-c cannot read it%s)",
                 budget.used > ONNX_UNPACK_BUDGET / 2 ? ", or it needs too much memory" : "");
        return -1;
    }
    OnnxReader r = { .g = m->graph, .out = model, .d = d, .node = -1 };
    model->spec.loss = LOSS_MSE;
    const Onnx__GraphProto *g = m->graph;
    int rc;
    if (g == NULL) {
        rc = onnx_fail(&r, "the model has no graph");
    } else if (g->n_node > ONNX_MAX_NODES || g->n_initializer > ONNX_MAX_TENSORS || g->n_input > ONNX_MAX_TENSORS) {
        rc = onnx_fail(&r, "the graph has %zu nodes, %zu stored tensors and %zu inputs; bpstep reads at most %d of "
                       "each (a network of at most %d layers)", g->n_node, g->n_initializer, g->n_input,
                       ONNX_MAX_NODES, NET_MAX_LAYERS);
    } else {
        rc = read_opset(&r, m) != 0 || read_input(&r) != 0 || read_nodes(&r) != 0 || read_end(&r) != 0 ? -1 : 0;
    }
    onnx__model_proto__free_unpacked(m, &alloc);
    if (rc != 0) {
        onnx_release(model);
    }
    return rc;
}

void onnx_release(OnnxModel *model)
{
    for (int m = 0; m <= NET_MAX_LAYERS; m++) {
        free(model->W[m]);
        free(model->b[m]);
        model->W[m] = model->b[m] = NULL;
    }
}

bool onnx_is_path(const char *path)
{
    size_t n = strlen(path);
    return n >= 5 && strcasecmp(path + n - 5, ".onnx") == 0;
}

int onnx_check_fits(const OnnxModel *model, const Net *net, Diag *d)
{
    const NetSpec *a = &model->spec, *b = &net->spec;
    if (a->L != b->L || a->LC != b->LC) {
        diag_set(d, 0, 0, "the model has %d layers (%d conv), the network %d (%d conv); open it with --net instead",
                 a->L, a->LC, b->L, b->LC);
        return -1;
    }
    if (a->ch[0] != b->ch[0] || a->ht_input != b->ht_input || a->wd_input != b->wd_input) {
        diag_set(d, 0, 0, "the model's input is %d x %d x %d, the network's %d x %d x %d", a->ch[0], a->ht_input,
                 a->wd_input, b->ch[0], b->ht_input, b->wd_input);
        return -1;
    }
    for (int m = 1; m <= a->L; m++) {
        const Matrix *w = &net->values[net->layer[m].W].m;
        bool conv = m <= a->LC;
        int i = m - 1;
        if (model->rows[m] != w->rows || model->cols[m] != w->cols ||
            (conv && (a->pad[i] != b->pad[i] || a->stride[i] != b->stride[i] || a->pool[i] != b->pool[i]))) {
            diag_set(d, 0, 0, "layer %d differs: the model's W^%d is %d x %d%s, the network's %d x %d", m, m,
                     model->rows[m], model->cols[m], conv ? " (or its padding, stride or pooling differ)" : "",
                     w->rows, w->cols);
            return -1;
        }
    }
    for (int m = 1; m < a->L; m++) {
        Activation am = a->per_layer ? a->layer_act[m] : a->act;
        if (am != net_layer_act(net, m)) {
            diag_set(d, 0, 0, "layer %d of the model uses %s, the network's %s: 'set activation %s' first, or open "
                     "the model with --net", m, act_name(am), act_name(net_layer_act(net, m)), act_name(am));
            return -1;
        }
    }
    if (a->pool_mode != b->pool_mode) {
        diag_set(d, 0, 0, "the model uses %s pooling, the network %s pooling: 'set pool %s' first",
                 a->pool_mode == POOL_MAX ? "max" : "average", b->pool_mode == POOL_MAX ? "max" : "average",
                 a->pool_mode == POOL_MAX ? "max" : "avg");
        return -1;
    }
    return 0;
}

void onnx_apply(const OnnxModel *model, Net *net)
{
    for (int m = 1; m <= model->spec.L; m++) {
        Matrix *w = &net->values[net->layer[m].W].m, *b = &net->values[net->layer[m].b].m;
        memcpy(w->data, model->W[m], mat_count(w) * sizeof(double));
        memcpy(b->data, model->b[m], mat_count(b) * sizeof(double));
    }
}
