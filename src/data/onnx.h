/* onnx.h: a PyTorch model exported to ONNX (torch.onnx.export of an
 * nn.Sequential), parsed from bytes in memory with protobuf-c and Debian's
 * onnx.proto, and mapped onto the slides' network: a NetSpec and every W^m
 * and b^m permuted into bpstep's layout (docs/onnx.md). Anything the slides'
 * network cannot represent is refused with the node, its op type and what
 * to do; nothing is returned half-read.
 * Must not: open files, print, or exit. */
#ifndef BPSTEP_ONNX_H
#define BPSTEP_ONNX_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "../base/diag.h"
#include "../math/config.h"
#include "../math/net.h"

/* The largest .onnx file read (docs/limits.md); checked before allocation. */
#define ONNX_MAX_BYTES ((size_t)64 << 20)

typedef struct {
    NetSpec spec;                     /* validated (config_validate) */
    /* m = 1..L: W^m (rows x cols) and b^m (rows), column-major, in the
     * slides' layout: conv rows are filters in phi's t order, the first FC
     * layer's columns in the vec order of Z^{LC+1}. Owned. */
    double *W[NET_MAX_LAYERS + 1];
    double *b[NET_MAX_LAYERS + 1];    /* zeros where the torch layer has no bias */
    int rows[NET_MAX_LAYERS + 1], cols[NET_MAX_LAYERS + 1];
    bool has_bias[NET_MAX_LAYERS + 1];
    int nodes;                        /* graph nodes read */
    int opset;                        /* the default domain's opset */
    bool float32;                     /* the weights were stored as float32 (then widened) */
    char ends_in[16];                 /* "Softmax", "LogSoftmax" (implies loss ce) or "" */
} OnnxModel;

/* Parses bytes into model (spec.loss is LOSS_CE when the graph ends in
 * Softmax / LogSoftmax). -1 with d's message (no file: the caller adds it)
 * on anything it cannot represent; model then holds nothing to release. */
int onnx_read(const uint8_t *bytes, size_t len, OnnxModel *model, Diag *d);
/* Frees the weights; a released (or zeroed) model may be released again. */
void onnx_release(OnnxModel *model);

/* True when path names an ONNX file (it ends in ".onnx", any case). */
bool onnx_is_path(const char *path);

/* 0 when the model has the network's layers and sizes (so `load` can take
 * its weights); -1 with d saying the first difference. */
int onnx_check_fits(const OnnxModel *model, const Net *net, Diag *d);
/* Copies the model's W^m and b^m into the network (which must fit). */
void onnx_apply(const OnnxModel *model, Net *net);

#endif
