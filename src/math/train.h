/* train.h: mini-batch SGD on the network's parameters, the batch computed
 * with the slides' operators side by side: every per-instance value of a
 * layer (Z^{m,i}, phi(pad(Z^{m,i})), S^{m,i}, ...) gains l column blocks,
 * instance i in block i, so each conv layer is three GEMMs for the whole
 * batch (docs/training.md). The parameters are the Net's own W and b.
 * Must not: do I/O, print, or exit. */
#ifndef BPSTEP_TRAIN_H
#define BPSTEP_TRAIN_H

#include <stdbool.h>
#include <stdint.h>

#include "dataset.h"
#include "net.h"

typedef struct {
    double lr, momentum, wd; /* PyTorch's SGD: v = momentum v + g + wd W; W -= lr v */
    int batch;               /* l */
    uint64_t seed;           /* the order of instances when shuffling */
    bool shuffle;            /* false: file order, first batch = instances 1..l */
} TrainParams;

/* simpleNN's MNIST defaults (docs/training.md says why). */
TrainParams train_defaults(void);

/* Largest batch; bytes of the batched buffers are bounded by TRAIN_MAX_BYTES. */
enum { TRAIN_MAX_BATCH = 4096 };
#define TRAIN_MAX_BYTES (INT64_C(4) << 30)

typedef struct Trainer Trainer;

/* Buffers for batches of up to batch instances of net (which must outlive
 * the trainer). Bytes it would allocate: trainer_bytes. NULL when out of memory. */
Trainer *trainer_new(Net *net, int batch);
void trainer_free(Trainer *t);
int64_t trainer_bytes(const NetSpec *spec, int batch);

/* Forward pass, loss and backward pass of instances idx[0..l-1] (l <= the
 * batch) of ds: afterwards trainer_grad holds the batch mean of dxi_i/dW^m
 * and dxi_i/db^m. Returns the mean loss; *correct counts the instances whose
 * largest output is at their label. */
double trainer_batch(Trainer *t, const Dataset *ds, const int *idx, int l, int *correct);
/* The forward pass only (for testing); the same return values. */
double trainer_forward(Trainer *t, const Dataset *ds, const int *idx, int l, int *correct);
/* The batch mean gradient of layer m's W (which = 0) or b (which = 1). */
const Matrix *trainer_grad(const Trainer *t, int m, int which);
/* z^{L+1,i} of instance i of the last batch (n^{L+1} x 1 view). */
Matrix trainer_output(const Trainer *t, int i);
/* One SGD step with momentum and weight decay from the gradient in t. */
void trainer_sgd(Trainer *t, const TrainParams *p);
/* Forgets the momentum (velocities to 0). */
void trainer_reset_momentum(Trainer *t);

/* The largest output's index (first wins on ties). */
int train_argmax(const double *z, int n);

/* A permutation of 0..n-1 from seed (Fisher-Yates with the project's RNG),
 * or the identity when !shuffle. */
void train_order(int *order, int n, uint64_t seed, bool shuffle);

#endif
