/* net.h: a network of the slides (LC conv layers, then fully-connected ones),
 * every matrix of its forward and backward pass as a named value, and the
 * ordered list of steps that computes them (docs/math.md, forward and backward).
 * Must not: do I/O, print, or exit. All memory is allocated by net_new. */
#ifndef BPSTEP_NET_H
#define BPSTEP_NET_H

#include <stdint.h>

#include "config.h"
#include "layers.h"
#include "matrix.h"

typedef enum { VAL_INPUT, VAL_PARAM, VAL_TARGET, VAL_FWD, VAL_GRAD } ValueKind;

typedef struct {
    char name[16];  /* as the slides write it: "Z2", "dW1", "phi1", "loss" */
    char alias[16]; /* a second name of the same matrix ("Z4" = "S3"), or "" */
    char math[32];  /* the slides' symbol in ASCII: "Z^{2,i}", "dxi/dW^1" */
    ValueKind kind;
    int layer;
    int map_d, map_a, map_b; /* a feature map: d x (a*b); all 0 otherwise */
    Matrix m;                /* owned by the Net */
} NetValue;

typedef enum {
    STEP_PAD, STEP_PHI, STEP_CONV, STEP_ACT, STEP_POOL, STEP_FLATTEN, STEP_FC, STEP_FC_ACT,
    STEP_LOSS, STEP_BWD_LOSS, STEP_BWD_FC, STEP_BWD_FC_ACT, STEP_BWD_FLATTEN,
    STEP_BWD_POOL, STEP_BWD_CONV, STEP_BWD_PHI, STEP_BWD_PAD,
    STEP_LOSS_CE, STEP_BWD_LOSS_CE /* softmax cross-entropy in place of STEP_LOSS, STEP_BWD_LOSS */
} StepKind;

/* The loss or its first backward step (either loss). */
#define STEP_IS_LOSS(k) ((k) == STEP_LOSS || (k) == STEP_BWD_LOSS || (k) == STEP_LOSS_CE || (k) == STEP_BWD_LOSS_CE)

enum { STEP_MAX_IO = 4, NET_NO_VALUE = -1 };

/* Where a step belongs: the forward pass, the loss, the backward pass. */
typedef enum { PHASE_FWD, PHASE_LOSS, PHASE_BWD } Phase;

typedef struct {
    StepKind kind;
    int layer;
    int reads[STEP_MAX_IO];
    int nreads;
    int writes[STEP_MAX_IO];
    int nwrites;
} NetStep;

typedef enum { RULE_EQ5 = 5, RULE_EQ6 = 6 } PoolRule;

/* The values of layer m, as ids into Net.values (NET_NO_VALUE where the layer
 * has none). Shapes for a conv layer with d = d^m channels, an a x b input,
 * h x h filters, dout = d^{m+1}, a_conv x b_conv before pooling; FC layers
 * have n^m inputs and n^{m+1} outputs. This is where a batch dimension goes:
 * every per-instance value gains l column blocks. */
typedef struct {
    int Z;    /* Z^{m,i}: d x (a b) conv; z^{m,i}: n^m x 1 FC */
    int pad;  /* pad(Z^{m,i}): d x (a+2p)(b+2p)                       conv only */
    int phi;  /* phi(pad(Z^{m,i})): (h h d) x (a_conv b_conv)          conv only */
    int W;    /* W^m: dout x (h h d) conv; n^{m+1} x n^m FC */
    int b;    /* b^m: dout x 1 */
    int S;    /* S^{m,i}: dout x (a_conv b_conv) conv; s^{m,i}: n^{m+1} x 1 FC */
    int sigS; /* sigma(S^{m,i}): dout x (a_conv b_conv)                conv only */
    int dS;   /* dxi/dS^{m,i}: as S */
    int dW;   /* dxi/dW^m: as W */
    int db;   /* dxi/db^m: as b */
    int dphi; /* dxi/dphi: as phi                                      conv only */
    int dpad; /* dxi/dpad(Z): as pad                                   conv only */
    int dZ;   /* dxi/dZ^{m,i}: as Z */
} LayerIds;

typedef struct {
    NetSpec spec;
    ConvGeom conv[NET_MAX_LAYERS + 1]; /* m = 1..LC */
    int fc_in[NET_MAX_LAYERS + 1];     /* m = LC+1..L: n^m (input width) */
    int fc_out[NET_MAX_LAYERS + 1];
    NetValue *values;
    int nvalues;
    int *pool_idx[NET_MAX_LAYERS + 1]; /* conv m: P_pool^m as an index list */
    double *dwt;  /* scratch for dW^T of bwd conv (conv_dw_transposed), ndwt entries; no value */
    size_t ndwt;
    LayerIds layer[NET_MAX_LAYERS + 2]; /* m = 1..L, and L+1 for the output z^{L+1} */
    /* z^{LC+1} = vec(Z^{LC+1}) and its gradient, the target y, the loss xi_i */
    int vzflat, vdzflat, vy, vloss;
    NetStep *steps; /* the forward pass, the loss and the backward pass, in order */
    int nsteps;
    PoolRule rule;
} Net;

/* A network for spec (already validated), parameters zero. NULL when out of
 * memory. The caller frees it with net_free. */
Net *net_new(const NetSpec *spec);
void net_free(Net *net);

/* W = randn * sqrt(2 / fan_in), b = 0 (simpleNN); the input Z1 uniform in
 * (0, 1) and the target y = e_1, all from seed. */
void net_init_random(Net *net, uint64_t seed);

/* Id of a value by name or alias (lower-case z/s accepted for Z/S), or -1. */
int net_find_value(const Net *net, const char *name);

/* Which pooling backward the steps use; changes the reads of bwd pool steps.
 * -1 (nothing changed) for eq. (6) with average pooling, where sigma'(S)
 * cannot be recovered from Z^{m+1}. */
int net_set_rule(Net *net, PoolRule rule);
/* Changes the activation of every layer (conv and FC) and the pooling of
 * every conv layer; average pooling switches the rule to eq. (5). */
void net_set_model(Net *net, Activation act, PoolMode pool);
/* Changes the pooling only (per-layer activations stay). */
void net_set_pool(Net *net, PoolMode pool);

/* The loss the steps compute: the slides' squared loss or softmax
 * cross-entropy (swaps the kinds of the two loss steps). */
void net_set_loss(Net *net, LossKind loss);

/* Executes one step: writes its outputs from its inputs. */
void net_step_exec(Net *net, const NetStep *step);
/* All steps, in order; returns the loss. */
double net_run(Net *net);
/* The forward pass and the loss only; returns the loss. */
double net_forward(Net *net);

/* The activation of layer m (the last layer is the identity): the network's,
 * or layer m's own when spec.per_layer. Every op, explainer and the trainer
 * take sigma from here. */
static inline Activation net_layer_act(const Net *net, int m)
{
    if (m == net->spec.L) {
        return ACT_IDENTITY;
    }
    return net->spec.per_layer && m >= 1 && m < net->spec.L ? net->spec.layer_act[m] : net->spec.act;
}

/* Bytes of what the backward pass needs from the forward pass, beyond the
 * parameters, under eq. (5) or eq. (6) (docs/math.md, "What the forward pass stores"). */
size_t net_saved_bytes(const Net *net, PoolRule rule);

/* Parameter count: entries of all W and b. */
size_t net_param_count(const Net *net);

#endif
