/* workspace.h: one training worker's buffers and its pass over a chunk of a
 * batch: the slides' per-instance values (Z^{m,i}, phi(pad(Z^{m,i})), S^{m,i},
 * ...) with k column blocks, instance i in block i, so each conv layer is
 * three GEMMs for the chunk (docs/training.md). The trainer (train.c) gives
 * every worker thread its own workspace; a workspace only reads the Net.
 * Must not: do I/O, print, exit, or allocate after workspace_new. */
#ifndef BPSTEP_WORKSPACE_H
#define BPSTEP_WORKSPACE_H

#include <stdint.h>

#include "dataset.h"
#include "net.h"

typedef struct Workspace Workspace;

/* Buffers for chunks of up to k instances of net (which must outlive it);
 * NULL when out of memory. The caller frees it with workspace_free. */
Workspace *workspace_new(const Net *net, int k);
void workspace_free(Workspace *w);
/* Bytes workspace_new(net, k) allocates for a net of spec (doubles and ints). */
int64_t workspace_bytes(const NetSpec *spec, int k);

/* Forward pass and loss of instances idx[0..k-1] of ds: returns the sum of
 * their xi_i (added in instance order), *correct counts those whose largest
 * output is their label; out (n^{L+1} x k, column i = z^{L+1,i}) gets the
 * outputs when not NULL. */
double workspace_forward(Workspace *w, const Dataset *ds, const int *idx, int k, int *correct, double *out);
/* Backward pass of the last forward: gW[m], gb[m] (m = 1..L, shaped as W^m
 * and b^m) get this chunk's sum over its instances of (1/l) dxi_i/dW^m and
 * (1/l) dxi_i/db^m, its share of the mean over a batch of l. */
void workspace_backward(Workspace *w, int l, Matrix *gW, Matrix *gb);

#endif
