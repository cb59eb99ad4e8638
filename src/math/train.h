/* train.h: mini-batch SGD on the network's parameters. A batch is cut into
 * chunks of consecutive instances (at most TRAIN_CHUNKS of them); each chunk
 * is the slides' pass with its instances side by side in one worker's
 * workspace (workspace.h), and the workers run on POSIX threads. Each chunk's
 * gradient is kept apart and the chunks are summed in chunk order, entry by
 * entry, so the numbers do not depend on the number of threads: training on
 * 1, 2 or 8 threads gives the same parameters, bit for bit (docs/training.md).
 * The parameters are the Net's own W and b.
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
    int threads;             /* worker threads; 0: the caller's default */
} TrainParams;

/* simpleNN's MNIST defaults (docs/training.md says why). */
TrainParams train_defaults(void);

/* Largest batch; bytes of the batched buffers are bounded by TRAIN_MAX_BYTES.
 * A batch is cut into at most TRAIN_CHUNKS chunks (fewer when the network's
 * parameters are large: their gradients, one set per chunk, are kept within
 * TRAIN_PARTIAL_BYTES); more threads than chunks would have nothing to do. */
enum { TRAIN_MAX_BATCH = 4096, TRAIN_MAX_THREADS = 64, TRAIN_CHUNKS = 32 };
#define TRAIN_MAX_BYTES (INT64_C(4) << 30)
#define TRAIN_PARTIAL_BYTES (INT64_C(256) << 20)

typedef struct Trainer Trainer;

/* Buffers for batches of up to batch instances of net (which must outlive
 * the trainer), one worker. NULL when out of memory. */
Trainer *trainer_new(Net *net, int batch);
void trainer_free(Trainer *t);
/* Bytes a trainer for batch with threads workers allocates. */
int64_t trainer_bytes(const NetSpec *spec, int batch, int threads);
/* Workers for the next batches (1 to TRAIN_MAX_THREADS; more than the
 * chunks of a full batch are not made); each gets a workspace. -1 when out
 * of memory (the trainer keeps its workers). The numbers do not change. */
int trainer_set_threads(Trainer *t, int threads);
/* The workers the next batch will use. */
int trainer_threads(const Trainer *t);
/* Instances per chunk for a batch of l of spec's network. */
int train_chunk_size(const NetSpec *spec, int l);

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

/* The largest output's index (first wins on ties); in workspace.c. */
int train_argmax(const double *z, int n);

/* A permutation of 0..n-1 from seed (Fisher-Yates with the project's RNG),
 * or the identity when !shuffle. */
void train_order(int *order, int n, uint64_t seed, bool shuffle);

#endif
