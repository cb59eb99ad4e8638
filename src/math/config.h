/* config.h: simpleNN's network description (`key = value;`, `%` comments,
 * MATLAB vectors) read into a validated NetSpec.
 * Must not: open files, print, or exit; the caller passes the text. */
#ifndef BPSTEP_CONFIG_H
#define BPSTEP_CONFIG_H

#include <stdint.h>

#include "../base/diag.h"
#include "layers.h"

enum { NET_MAX_LAYERS = 32 };

typedef struct {
    int L;                          /* layers, LC conv + (L - LC) fully connected */
    int LC;
    int ht_input, wd_input;         /* a^1, b^1 */
    int ch[NET_MAX_LAYERS + 2];     /* ch[m-1] = d^m, m = 1..LC+1 */
    int pad[NET_MAX_LAYERS + 1];    /* per conv layer, index m-1 */
    int filter[NET_MAX_LAYERS + 1];
    int stride[NET_MAX_LAYERS + 1];
    int pool[NET_MAX_LAYERS + 1];
    int full[NET_MAX_LAYERS + 1];   /* widths of the FC layers, index m-LC-1 */
    Activation act;                 /* sigma of every layer but the last (identity) ... */
    bool per_layer;                 /* ... unless per_layer: then layer_act[m], m = 1..L-1 (an ONNX model) */
    Activation layer_act[NET_MAX_LAYERS + 1];
    PoolMode pool_mode;
    LossKind loss;                  /* LOSS_MSE unless chosen (set loss, an ONNX model's Softmax) */
} NetSpec;

/* Parses and validates text; on error returns -1 with d set to the line
 * (d->file is left as the caller set it). */
int config_parse(NetSpec *spec, const char *text, Diag *d);

/* Where each key and each of its values stands in the text, so that a size
 * problem is reported at the value at fault (line and column, 1-based). */
enum { K_INPUT, K_CH, K_PAD, K_FILTER, K_STRIDE, K_POOL, K_FULL, CONFIG_NKEYS };
typedef struct {
    int line, col;
} ConfigValuePos;
typedef struct {
    int line, col;                              /* the key's name */
    ConfigValuePos value[NET_MAX_LAYERS + 2];   /* each value of its vector */
} ConfigPos;

/* Checks the sizes of a spec (also used for the built-in network): every
 * product is computed with overflow checks, every matrix is at most
 * NET_MAX_ENTRIES, the pass at most NET_MAX_BYTES and NET_MAX_FLOPS.
 * where (or NULL) locates the keys in CONFIG_NKEYS order. */
int config_validate(const NetSpec *spec, const ConfigPos *where, Diag *d);

/* Bytes net_new allocates for a spec's values, P_pool index lists and the
 * dW^T scratch (exactly; the test suite compares it with a real Net).
 * Saturates at INT64_MAX for sizes that overflow. */
int64_t config_pass_bytes(const NetSpec *spec);
/* Entries of the scratch for dW^T (conv_dw_transposed): the largest dW of a
 * conv layer that forms it through its transpose, 0 if none does. */
int64_t config_dwt_entries(const NetSpec *spec);
/* Floating-point operations of one forward + backward pass (the GEMMs). */
int64_t config_pass_flops(const NetSpec *spec);

/* Sizes of a conv layer in 64 bits, for checking before anything is allocated. */
typedef struct {
    int64_t d, dout, a, b, ap, bp, hhd, ac, bc, ao, bo;
} ConvGeom64;

/* Limits (docs/limits.md): entries of any one matrix of the network, bytes of
 * all the values of one pass, and floating-point work of one pass. */
#define NET_MAX_ENTRIES (INT64_C(1) << 27)
#define NET_MAX_BYTES (INT64_C(2) << 30)
#define NET_MAX_FLOPS (INT64_C(1) << 34)

#endif
