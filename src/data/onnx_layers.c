/* onnx_layers.c: one reader per kind of ONNX node the slides' network has
 * (Conv, the activations, MaxPool / AveragePool, a zero Pad, Flatten /
 * Reshape, Gemm, MatMul + Add, Softmax / LogSoftmax), each checking that it
 * comes where the slides' layers allow it and permuting weights into bpstep's
 * W^m layout (docs/onnx.md) as it reads them.
 * Must not: open files, print, or exit. */
#include "onnx_internal.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* ---- layers ------------------------------------------------------------------ */

static int new_layer(OnnxReader *r)
{
    if (r->out->spec.L >= NET_MAX_LAYERS) {
        return onnx_fail(r, "more than %d layers; bpstep's network has at most %d", NET_MAX_LAYERS, NET_MAX_LAYERS);
    }
    return ++r->out->spec.L;
}

static int no_activation(OnnxReader *r)
{
    return onnx_fail(r, "layer %d has no activation before this; the slides' layers are conv, activation, pooling "
                     "and linear, activation: add a ReLU (or Tanh, Sigmoid, LeakyReLU) after it",
                     r->out->spec.L);
}

/* Conv's attributes: square kernel, one stride, the same padding on all four
 * sides, no dilation, no groups. */
static int conv_attrs(OnnxReader *r, const Onnx__NodeProto *n, int k, int *pad, int *stride)
{
    int64_t v[8];
    int cnt;
    char autopad[32];
    if (onnx_attr_ints(r, n, "dilations", v, 8, &cnt) != 0) {
        return -1;
    }
    for (int i = 0; i < cnt; i++) {
        if (v[i] != 1) {
            return onnx_fail(r, "dilations %lld: the slides' convolution has none; use dilation=1", (long long)v[i]);
        }
    }
    int64_t group;
    if (onnx_attr_int(r, n, "group", 1, &group) != 0 || onnx_attr_string(r, n, "auto_pad", "NOTSET", autopad,
                                                                           sizeof autopad) != 0) {
        return -1;
    }
    if (group != 1) {
        return onnx_fail(r, "groups=%lld: the slides' filters see every input channel; use groups=1", (long long)group);
    }
    if (strcmp(autopad, "NOTSET") != 0) {
        return onnx_fail(r, "auto_pad %s: give the padding as numbers (Conv2d(padding=p))", autopad);
    }
    if (onnx_attr_ints(r, n, "kernel_shape", v, 8, &cnt) != 0) {
        return -1;
    }
    if (cnt != 0 && (cnt != 2 || v[0] != k || v[1] != k)) {
        return onnx_fail(r, "its kernel_shape does not match its weights");
    }
    if (onnx_attr_ints(r, n, "strides", v, 8, &cnt) != 0) {
        return -1;
    }
    if (cnt != 0 && (cnt != 2 || v[0] != v[1] || v[0] < 1 || v[0] > 4096)) {
        return onnx_fail(r, "strides differ by direction (or are not 1..4096); bpstep's convolution has one stride s");
    }
    *stride = cnt != 0 ? (int)v[0] : 1;
    if (onnx_attr_ints(r, n, "pads", v, 8, &cnt) != 0) {
        return -1;
    }
    if (cnt != 0 && (cnt != 4 || v[0] != v[1] || v[0] != v[2] || v[0] != v[3] || v[0] < 0 || v[0] > 4096)) {
        return onnx_fail(r, "padding differs by side or direction; bpstep pads p zeros on all four sides "
                         "(Conv2d(padding=p) with one p)");
    }
    *pad = cnt != 0 ? (int)v[0] : 0;
    return 0;
}

/* torch (out, in, kh, kw) row-major -> W^m (out) x (h*h*in), row t = r + h*q + h*h*c
 * (phi's order, docs/math.md); a copy, not a view. */
static void conv_permute(double *wbp, const double *wt, int dout, int din, int k)
{
    for (int o = 0; o < dout; o++) {
        for (int c = 0; c < din; c++) {
            for (int rr = 0; rr < k; rr++) {
                for (int q = 0; q < k; q++) {
                    size_t t = (size_t)rr + (size_t)k * ((size_t)q + (size_t)k * (size_t)c);
                    wbp[(size_t)o + (size_t)dout * t] = wt[(((size_t)o * (size_t)din + (size_t)c) * (size_t)k +
                                                            (size_t)rr) * (size_t)k + (size_t)q];
                }
            }
        }
    }
}

/* The bias of a layer with out outputs from input k (absent: zeros). */
static int read_bias(OnnxReader *r, const Onnx__NodeProto *n, size_t k, int m, int out)
{
    double *b = calloc((size_t)out, sizeof *b);
    if (b == NULL) {
        return onnx_fail(r, "out of memory");
    }
    r->out->b[m] = b;
    if (k >= n->n_input || n->input[k][0] == '\0') {
        return 0;
    }
    const Onnx__TensorProto *t = onnx_find_tensor(r->g, n->input[k]);
    int ndims = t != NULL && t->n_dims == 2 ? 2 : 1;
    int64_t dims[2];
    double *v;
    if (onnx_weights(r, n, k, ndims, dims, &v) != 0) {
        return -1;
    }
    if (dims[0] * (ndims == 2 ? dims[1] : 1) != out) {
        free(v);
        return onnx_fail(r, "its bias has %lld entries, the layer %d outputs", (long long)dims[0], out);
    }
    memcpy(b, v, (size_t)out * sizeof *b);
    free(v);
    r->out->has_bias[m] = true;
    return 0;
}

static int read_conv(OnnxReader *r, const Onnx__NodeProto *n)
{
    if (r->at == AT_CONV) {
        return no_activation(r);
    }
    if (r->at != AT_INPUT && r->at != AT_CONV_ACT && r->at != AT_POOL) {
        return onnx_fail(r, "a convolution after the network is flattened; the slides' conv layers come first");
    }
    int64_t dims[4];
    double *wt;
    if (onnx_weights(r, n, 1, 4, dims, &wt) != 0) {
        return -1;
    }
    int dout = (int)dims[0], din = (int)dims[1], k = (int)dims[2], pad = 0, stride = 1;
    int rc = dims[2] != dims[3] ? onnx_fail(r, "a %lld x %lld kernel; the slides' filters are h x h (square)",
                                            (long long)dims[2], (long long)dims[3])
                                : conv_attrs(r, n, k, &pad, &stride);
    if (rc == 0 && din != r->c) {
        rc = onnx_fail(r, "its weights take %d input channels, it gets %d", din, r->c);
    }
    if (rc != 0) {
        free(wt);
        return -1;
    }
    int m = new_layer(r);
    size_t cols = (size_t)k * (size_t)k * (size_t)din;
    r->out->W[m] = m > 0 ? malloc((size_t)dout * cols * sizeof(double)) : NULL;
    if (m < 0 || r->out->W[m] == NULL) {
        free(wt);
        return m < 0 ? -1 : onnx_fail(r, "out of memory");
    }
    conv_permute(r->out->W[m], wt, dout, din, k);
    free(wt);
    r->out->rows[m] = dout;
    r->out->cols[m] = (int)cols;
    NetSpec *s = &r->out->spec;
    s->LC = m;
    s->ch[m] = dout;
    s->pad[m - 1] = pad;
    s->filter[m - 1] = k;
    s->stride[m - 1] = stride;
    s->pool[m - 1] = 1; /* a conv without pooling is pooling 1 */
    if (r->h + 2 * pad < k || r->w + 2 * pad < k) {
        return onnx_fail(r, "its %d x %d kernel is larger than its padded input (%d x %d)", k, k, r->h + 2 * pad,
                         r->w + 2 * pad);
    }
    int h = (r->h + 2 * pad - k) / stride + 1, w = (r->w + 2 * pad - k) / stride + 1;
    if ((int64_t)dout * h * w > NET_MAX_ENTRIES) {
        return onnx_fail(r, "its output has %lld entries; bpstep's matrices have at most 2^27",
                         (long long)dout * h * w);
    }
    r->c = dout;
    r->h = h;
    r->w = w;
    r->at = AT_CONV;
    return read_bias(r, n, 2, m, dout);
}

/* ---- activations, pooling, padding --------------------------------------------- */

static int read_act(OnnxReader *r, const Onnx__NodeProto *n, Activation act)
{
    if (r->at != AT_CONV && r->at != AT_FC) {
        return onnx_fail(r, r->at == AT_POOL ? "an activation after the pooling; the slides' layer is conv, "
                                               "activation, pooling: put it before MaxPool2d / AvgPool2d"
                                             : "an activation that does not follow a Conv or a Linear layer");
    }
    if (act == ACT_LEAKY) {
        double alpha;
        if (onnx_attr_float(r, n, "alpha", 0.01, &alpha) != 0) {
            return -1;
        }
        if (fabs(alpha - LEAKY_SLOPE) > 1e-6) {
            return onnx_fail(r, "negative_slope %g; bpstep's leaky ReLU has slope %g (LeakyReLU(%g))", alpha,
                             LEAKY_SLOPE, LEAKY_SLOPE);
        }
    }
    NetSpec *s = &r->out->spec;
    s->layer_act[s->L] = act; /* each layer its own; one for all when they agree */
    s->per_layer = s->per_layer || (r->act_set && act != r->act);
    if (!r->act_set) {
        r->act_set = true;
        r->act = act; /* the network's "activation" when it has one */
    }
    r->at = r->at == AT_CONV ? AT_CONV_ACT : AT_FC_ACT;
    return 0;
}

static int pool_attrs(OnnxReader *r, const Onnx__NodeProto *n, int *k)
{
    int64_t v[8], ceil, order;
    int cnt;
    if (onnx_attr_ints(r, n, "kernel_shape", v, 8, &cnt) != 0) {
        return -1;
    }
    if (cnt != 2 || v[0] != v[1] || v[0] < 1 || v[0] > 4096) {
        return onnx_fail(r, "its window is not square (h x h); bpstep pools over h x h windows");
    }
    *k = (int)v[0];
    if (onnx_attr_ints(r, n, "strides", v, 8, &cnt) != 0) {
        return -1;
    }
    if (cnt == 0) { /* ONNX's default stride is 1 */
        v[0] = v[1] = 1;
        cnt = 2;
    }
    if (cnt != 2 || v[0] != *k || v[1] != *k) {
        return onnx_fail(r, "its stride is not its kernel (%d); bpstep's pooling windows do not overlap: "
                         "use stride=kernel_size (the default of MaxPool2d / AvgPool2d)", *k);
    }
    if (onnx_attr_ints(r, n, "pads", v, 8, &cnt) != 0) {
        return -1;
    }
    for (int i = 0; i < cnt; i++) {
        if (v[i] != 0) {
            return onnx_fail(r, "padding in the pooling; the slides pool without padding: use padding=0");
        }
    }
    if (onnx_attr_ints(r, n, "dilations", v, 8, &cnt) != 0) {
        return -1;
    }
    for (int i = 0; i < cnt; i++) {
        if (v[i] != 1) {
            return onnx_fail(r, "dilated pooling; use dilation=1");
        }
    }
    if (onnx_attr_int(r, n, "ceil_mode", 0, &ceil) != 0 || onnx_attr_int(r, n, "storage_order", 0, &order) != 0) {
        return -1;
    }
    if (ceil != 0) {
        return onnx_fail(r, "ceil_mode=True; bpstep drops the rows and columns left over (ceil_mode=False)");
    }
    return order != 0 ? onnx_fail(r, "storage_order 1 is not supported") : 0;
}

static int read_pool(OnnxReader *r, const Onnx__NodeProto *n, PoolMode mode)
{
    if (r->at == AT_CONV) {
        return no_activation(r);
    }
    if (r->at != AT_CONV_ACT) {
        return onnx_fail(r, r->at == AT_POOL ? "a second pooling in one layer; bpstep pools once per conv layer"
                                             : "a pooling that does not follow a conv layer's activation");
    }
    int k = 1;
    if (pool_attrs(r, n, &k) != 0) {
        return -1;
    }
    if (r->pool_set && mode != r->pool) {
        return onnx_fail(r, "layer %d pools differently from the layers before it; bpstep's network has one "
                         "pooling mode (max or average)", r->out->spec.L);
    }
    if (k > r->h || k > r->w) {
        return onnx_fail(r, "its %d x %d window is larger than its %d x %d input", k, k, r->h, r->w);
    }
    r->pool_set = true;
    r->pool = mode;
    r->out->spec.pool[r->out->spec.LC - 1] = k;
    r->h /= k;
    r->w /= k;
    r->at = AT_POOL;
    return 0;
}

/* A Pad of zeros (the exporter writes one before AvgPool2d) changes nothing. */
static int read_pad(OnnxReader *r, const Onnx__NodeProto *n)
{
    int64_t v[16];
    int cnt = 0;
    const Onnx__TensorProto *t = n->n_input > 1 ? onnx_find_tensor(r->g, n->input[1]) : NULL;
    if (n->n_input > 1 && t == NULL) {
        return onnx_fail(r, "its pads are not a stored tensor");
    }
    if ((t != NULL ? onnx_int64s(r, t, v, 16, &cnt) : onnx_attr_ints(r, n, "pads", v, 16, &cnt)) != 0) {
        return -1;
    }
    for (int i = 0; i < cnt; i++) {
        if (v[i] != 0) {
            return onnx_fail(r, "padding outside a convolution; the slides pad only in the conv layer: use "
                             "Conv2d(padding=p), and pooling without padding");
        }
    }
    return 0;
}

/* ---- flatten, linear layers, softmax -------------------------------------------- */

static int start_flat(OnnxReader *r)
{
    if (r->at == AT_CONV) {
        return no_activation(r);
    }
    if (r->at == AT_FLAT) {
        return 0; /* already a vector */
    }
    if (r->at != AT_INPUT && r->at != AT_CONV_ACT && r->at != AT_POOL) {
        return onnx_fail(r, "a flatten after a Linear layer; flatten once, before the first Linear");
    }
    r->flat_c = r->c;
    r->flat_h = r->h;
    r->flat_w = r->w;
    r->c = r->c * r->h * r->w;
    r->h = r->w = 1;
    r->at = AT_FLAT;
    return 0;
}

static int read_flatten(OnnxReader *r, const Onnx__NodeProto *n)
{
    int64_t axis;
    if (onnx_attr_int(r, n, "axis", 1, &axis) != 0) {
        return -1;
    }
    if (axis != 1) {
        return onnx_fail(r, "axis %lld; flatten everything but the batch (nn.Flatten(), axis 1)", (long long)axis);
    }
    return start_flat(r);
}

/* Reshape to (batch, -1) or (batch, n): the same as Flatten. */
static int read_reshape(OnnxReader *r, const Onnx__NodeProto *n)
{
    int64_t v[8];
    int cnt = 0;
    const Onnx__TensorProto *t = n->n_input > 1 ? onnx_find_tensor(r->g, n->input[1]) : NULL;
    if (t == NULL) {
        return onnx_fail(r, "its target shape is not stored in the file; use nn.Flatten() or x.view(1, -1)");
    }
    if (onnx_int64s(r, t, v, 8, &cnt) != 0) {
        return -1;
    }
    int64_t total = (int64_t)r->c * r->h * r->w;
    bool batch_ok = cnt == 2 && (v[0] == 1 || v[0] == 0 || v[0] == -1);
    bool rest_ok = cnt == 2 && (v[1] == total || (v[1] == -1 && v[0] != -1));
    if (!batch_ok || !rest_ok) {
        return onnx_fail(r, "a reshape other than a flatten to (batch, %lld); use nn.Flatten()", (long long)total);
    }
    return start_flat(r);
}

/* torch's (out, in) (or (in, out) when trans is false) -> W^m (out) x (in).
 * The first FC layer after conv layers gets columns c + C*(r + H*q), the vec
 * order of Z^{LC+1} (docs/math.md), from torch's Flatten order c*H*W + r*W + q. */
static void fc_permute(const OnnxReader *r, double *wbp, const double *wt, int out, int in, bool trans, bool first)
{
    int C = first ? r->flat_c : in, H = first ? r->flat_h : 1, W = first ? r->flat_w : 1;
    for (int o = 0; o < out; o++) {
        for (int c = 0; c < C; c++) {
            for (int rr = 0; rr < H; rr++) {
                for (int q = 0; q < W; q++) {
                    size_t jt = ((size_t)c * (size_t)H + (size_t)rr) * (size_t)W + (size_t)q;
                    size_t jb = (size_t)c + (size_t)C * ((size_t)rr + (size_t)H * (size_t)q);
                    size_t at = trans ? (size_t)o * (size_t)in + jt : jt * (size_t)out + (size_t)o;
                    wbp[(size_t)o + (size_t)out * jb] = wt[at];
                }
            }
        }
    }
}

/* Gemm (trans: B is (out, in), as nn.Linear exports) or MatMul (B is (in, out)). */
static int read_linear(OnnxReader *r, const Onnx__NodeProto *n, bool gemm)
{
    if (r->at == AT_FC) {
        return no_activation(r);
    }
    if (r->at != AT_FLAT && r->at != AT_FC_ACT) {
        return onnx_fail(r, "a Linear layer on a feature map; flatten it first (nn.Flatten())");
    }
    int64_t transb = 0, transa = 0, dims[2];
    double alpha = 1, beta = 1, *wt;
    if (gemm && (onnx_attr_int(r, n, "transB", 0, &transb) != 0 || onnx_attr_int(r, n, "transA", 0, &transa) != 0 ||
                 onnx_attr_float(r, n, "alpha", 1, &alpha) != 0 || onnx_attr_float(r, n, "beta", 1, &beta) != 0)) {
        return -1;
    }
    if (transa != 0 || alpha != 1 || beta != 1) {
        return onnx_fail(r, "transA, alpha or beta other than nn.Linear's (0, 1, 1)");
    }
    if (onnx_weights(r, n, 1, 2, dims, &wt) != 0) {
        return -1;
    }
    int out = (int)(transb != 0 ? dims[0] : dims[1]), in = (int)(transb != 0 ? dims[1] : dims[0]);
    bool first = r->out->spec.L == r->out->spec.LC;
    int m = in == r->c ? new_layer(r) : -1;
    r->out->W[m > 0 ? m : 0] = m > 0 ? malloc((size_t)out * (size_t)in * sizeof(double)) : NULL;
    if (m < 0 || r->out->W[m] == NULL) {
        free(wt);
        return in != r->c ? onnx_fail(r, "its weights take %d inputs, it gets %d", in, r->c)
                          : m < 0 ? -1 : onnx_fail(r, "out of memory");
    }
    fc_permute(r, r->out->W[m], wt, out, in, transb != 0, first);
    free(wt);
    r->out->rows[m] = out;
    r->out->cols[m] = in;
    r->out->spec.full[m - r->out->spec.LC - 1] = out;
    r->c = out;
    r->at = AT_FC;
    r->matmul_open = !gemm;
    return read_bias(r, n, gemm ? 2 : n->n_input, m, out);
}

/* MatMul's bias: Add(MatMul output, b) in either order. */
static int read_add(OnnxReader *r, const Onnx__NodeProto *n)
{
    if (r->at != AT_FC || !r->matmul_open || n->n_input != 2) {
        return onnx_fail(r, "an addition that is not a Linear layer's bias; bpstep reads nn.Sequential layers");
    }
    int m = r->out->spec.L;
    size_t k = strcmp(n->input[0], r->cur) == 0 ? 1 : 0;
    free(r->out->b[m]);
    r->out->b[m] = NULL;
    r->matmul_open = false;
    return read_bias(r, n, k, m, r->c);
}

static int read_softmax(OnnxReader *r, const Onnx__NodeProto *n, bool log)
{
    int64_t axis;
    if (onnx_attr_int(r, n, "axis", 1, &axis) != 0) {
        return -1;
    }
    if (r->at != AT_FC || (axis != 1 && axis != -1)) {
        return onnx_fail(r, r->at != AT_FC ? "a softmax that is not the last node after the output layer"
                                           : "a softmax over another axis than the classes (dim=1)");
    }
    snprintf(r->out->ends_in, sizeof r->out->ends_in, "%s", log ? "LogSoftmax" : "Softmax");
    r->out->spec.loss = LOSS_CE;
    r->at = AT_SOFTMAX;
    return 0;
}

int onnx_read_node(OnnxReader *r, const Onnx__NodeProto *n)
{
    static const struct {
        const char *op;
        Activation act;
    } acts[] = { { "Relu", ACT_RELU }, { "Tanh", ACT_TANH }, { "Sigmoid", ACT_SIGMOID }, { "LeakyRelu", ACT_LEAKY } };
    const char *op = r->op; /* never NULL: "" for a node without one */
    if (r->at == AT_SOFTMAX) {
        return onnx_fail(r, "a node after the final Softmax / LogSoftmax; it must be the last");
    }
    for (size_t k = 0; k < sizeof acts / sizeof acts[0]; k++) {
        if (strcmp(op, acts[k].op) == 0) {
            return read_act(r, n, acts[k].act);
        }
    }
    if (strcmp(op, "Conv") == 0) {
        return read_conv(r, n);
    }
    if (strcmp(op, "MaxPool") == 0 || strcmp(op, "AveragePool") == 0) {
        return read_pool(r, n, op[0] == 'M' ? POOL_MAX : POOL_AVG);
    }
    if (strcmp(op, "Pad") == 0) {
        return read_pad(r, n);
    }
    if (strcmp(op, "Flatten") == 0 || strcmp(op, "Reshape") == 0) {
        return op[0] == 'F' ? read_flatten(r, n) : read_reshape(r, n);
    }
    if (strcmp(op, "Gemm") == 0 || strcmp(op, "MatMul") == 0) {
        return read_linear(r, n, op[0] == 'G');
    }
    if (strcmp(op, "Add") == 0) {
        return read_add(r, n);
    }
    if (strcmp(op, "Softmax") == 0 || strcmp(op, "LogSoftmax") == 0) {
        return read_softmax(r, n, op[0] == 'L');
    }
    if (strcmp(op, "Dropout") == 0 || strcmp(op, "Identity") == 0) {
        return 0; /* the identity in an eval export */
    }
    if (strcmp(op, "BatchNormalization") == 0) {
        return onnx_fail(r, "not a layer of the slides' network; fold it into the convolution before exporting, "
                         "or remove it");
    }
    return onnx_fail(r, "not a layer of the slides' network (bpstep reads Conv, Relu, Tanh, Sigmoid, LeakyRelu, "
                     "MaxPool, AveragePool, Flatten, Reshape, Gemm, MatMul, Add, Dropout, Softmax, LogSoftmax)");
}
