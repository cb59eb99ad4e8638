/* training.h: the Training module: an engine's training session (the
 * dataset chosen with `data`, the trainer and its momentum, where the epoch
 * stands, the last batch and which of its instances is on screen, the loss
 * curve), its life cycle, the SGD loop and its progress reports. The
 * commands (cmd_train.c, cmd_sgd.c) only parse and print; this module only
 * trains, on the network it is given (math/train.c does the arithmetic).
 * Ownership: the engine owns its Training (Engine.training, made on first
 * use by training_get, freed by engine_free through training_free); the
 * DataPair is the host's and outlives it.
 * Must not: print, exit, or call the engine (engine.c calls training_free:
 * the arrow points this way only). */
#ifndef BPSTEP_TRAINING_H
#define BPSTEP_TRAINING_H

#include "engine.h"
#include "host.h"

#include "../math/train.h"

enum { CURVE_MAX = 1 << 20, TESTS_MAX = 256 };

/* How the last `train` or the last `test` ended (has: there was one). */
typedef struct {
    bool has, whole;          /* whole: it ran to its end (not stopped) */
    long steps, images, right; /* batches, images and right predictions of that command */
    double loss;              /* its mean loss */
    int epoch;                /* train: the epoch it ended in */
} TrainSummary;

typedef struct Training {
    const DataPair *data;     /* borrowed from the host */
    Trainer *trainer;         /* owned */
    int cap;                  /* the trainer's batch capacity */
    TrainParams params;       /* as last used */
    int *order;               /* this epoch's order of the training set (owned) */
    long pos;                 /* instances of the order already used */
    int epoch;                /* epochs begun */
    long steps;               /* SGD steps since the data was chosen */
    int *batch;               /* the last batch (training-set indices, owned) */
    int nbatch, instance;     /* its size; the 1-based instance on screen, 0 none */
    char input[96];           /* what Z1 holds, when it came from data */
    double *curve;            /* owned */
    long ncurve;
    double tests[TESTS_MAX];  /* test accuracy after each epoch */
    int ntests;
    TrainSummary last_train, last_test; /* what T shows when nothing runs */
} Training;

/* ---- life cycle -------------------------------------------------------- */

void training_free(Training *t);
/* The engine's session, made on first use; NULL when out of memory. */
Training *training_get(Engine *e);
/* Uses dp from now on; a different dataset forgets the trainer, the epoch,
 * the curve and the last batch. */
void training_choose_data(Training *t, const DataPair *dp);

/* ---- progress ----------------------------------------------------------- */

/* The loss curve and test accuracies so far, for the TUI's training pane
 * (false when no data was chosen). */
bool training_progress(const Engine *e, TrainProgress *p);
/* How the last `train` and the last `test` (its own, or an epoch's)
 * ended; false when no data was chosen. */
bool training_last(const Engine *e, TrainSummary *train, TrainSummary *test);
/* The session's curve, test accuracies and epoch into p. */
void training_fill(const Training *t, TrainProgress *p, bool done);
/* What the input is ("test image 7: Sandal"), "" when not from data. */
const char *training_input_name(const Engine *e);

/* ---- the SGD loop -------------------------------------------------------- */

/* The trainer for batches of l on net with threads workers, allocated when
 * the size changes (the momentum then starts again from 0: *reset). -1 with
 * d's message. */
int training_ensure_trainer(Training *t, Net *net, int l, int threads, bool *reset, Diag *d);

/* What one `train` did. */
typedef struct {
    long steps, images, right;
    double loss_sum, first_loss;
    bool diverged, interrupted;
} TrainRun;

/* Readies an SGD run with p: the epoch order (a new epoch when asked for
 * epochs, on the first run, or when the order's seed or shuffle changed).
 * -1 when out of memory. */
int training_begin(Training *t, const TrainParams *p, bool epochs);
/* count steps (or epochs, testing after each) of SGD with momentum on the
 * batch mean of the slides' loss; reports every batch to h. Stops at a
 * non-finite loss (weights as before that batch) or an interrupt. */
void training_run(Training *t, const Host *h, long count, bool epochs, TrainRun *rs);
/* Forward passes over the first n test images in batches (reported to h);
 * false when interrupted. */
bool training_evaluate(Training *t, const Host *h, long n, double *loss, long *right, long *done);

/* A labelled input (a file whose first line is "% label 7"): y becomes
 * e_{label+1}, the input is named what, and the pass recomputes; -1 (d set)
 * when the network has no output for that class. */
int training_set_label(Engine *e, int label, const char *what, Diag *d);

#endif
