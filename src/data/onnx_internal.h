/* onnx_internal.h: shared by the ONNX reader's two files: the reader's state
 * while it walks the graph (onnx.c) and the helpers that read tensors and
 * attributes from protobuf-c's messages (onnx_tensor.c).
 * Must not: open files, print, or exit. */
#ifndef BPSTEP_ONNX_INTERNAL_H
#define BPSTEP_ONNX_INTERNAL_H

#include "onnx.h"

#include <onnx.pb-c.h>

/* Where the walk stands: after the input, inside a conv layer (after Conv,
 * its activation, its pooling), after Flatten, inside an FC layer, after a
 * final Softmax / LogSoftmax. */
typedef enum {
    AT_INPUT, AT_CONV, AT_CONV_ACT, AT_POOL, AT_FLAT, AT_FC, AT_FC_ACT, AT_SOFTMAX
} OnnxAt;

typedef struct {
    const Onnx__GraphProto *g;
    OnnxModel *out;
    Diag *d;
    int node;          /* index of the node being read, -1 before the first */
    const char *op;    /* its op type */
    const char *cur;   /* the tensor the chain has reached */
    OnnxAt at;
    int c, h, w;       /* the feature map reached (c x h x w), or n = c when flat */
    int flat_c, flat_h, flat_w; /* the map the first FC layer flattens */
    bool act_set, pool_set, pad_pending, matmul_open;
    Activation act;
    PoolMode pool;
} OnnxReader;

/* Reads one node of the chain (onnx_layers.c); -1 with the diagnostic set. */
int onnx_read_node(OnnxReader *r, const Onnx__NodeProto *n);

/* "node K (Op): message" into the reader's diagnostic; returns -1. */
int onnx_fail(OnnxReader *r, const char *fmt, ...) DIAG_PRINTF(2, 3);

/* An initializer, or the value of a Constant node, by name; NULL if none. */
const Onnx__TensorProto *onnx_find_tensor(const Onnx__GraphProto *g, const char *name);
/* True when name is an initializer (so not a real input of the graph). */
bool onnx_is_initializer(const Onnx__GraphProto *g, const char *name);

/* The attribute name of node n, or NULL. */
const Onnx__AttributeProto *onnx_attr(const Onnx__NodeProto *n, const char *name);
/* An INT attribute, def when absent; -1 (reader's diagnostic) when of another type. */
int onnx_attr_int(OnnxReader *r, const Onnx__NodeProto *n, const char *name, int64_t def, int64_t *out);
/* An INTS attribute of at most max entries (*count 0 when absent). */
int onnx_attr_ints(OnnxReader *r, const Onnx__NodeProto *n, const char *name, int64_t *out, int max, int *count);
/* A FLOAT attribute, def when absent. */
int onnx_attr_float(OnnxReader *r, const Onnx__NodeProto *n, const char *name, double def, double *out);
/* A STRING attribute into buf (cut), def when absent. */
int onnx_attr_string(OnnxReader *r, const Onnx__NodeProto *n, const char *name, const char *def, char *buf,
                     size_t size);

/* The weight tensor named by input k of node n: an initializer of ndims
 * dimensions (each 1..2^27), float32 or float64, its data present in the
 * file. dims gets its sizes; *values a new array of the widened numbers in
 * the file's (row-major) order, which the caller frees. */
int onnx_weights(OnnxReader *r, const Onnx__NodeProto *n, size_t k, int ndims, int64_t *dims, double **values);
/* An int64 tensor (Reshape's shape, Pad's pads) of at most max entries. */
int onnx_int64s(OnnxReader *r, const Onnx__TensorProto *t, int64_t *out, int max, int *count);

#endif
