/* training.h: an engine's training session: the dataset chosen with `data`,
 * the trainer and its momentum, where the epoch stands, the last batch and
 * which of its instances is on screen, and the loss curve.
 * Must not: print or exit. */
#ifndef BPSTEP_TRAINING_H
#define BPSTEP_TRAINING_H

#include "engine.h"
#include "host.h"

#include "../math/train.h"

enum { CURVE_MAX = 1 << 20, TESTS_MAX = 256 };

typedef struct Training {
    const DataPair *data;
    Trainer *trainer;
    int cap;                  /* the trainer's batch capacity */
    TrainParams params;       /* as last used */
    int *order;               /* this epoch's order of the training set */
    long pos;                 /* instances of the order already used */
    int epoch;                /* epochs begun */
    long steps;               /* SGD steps since the data was chosen */
    int *batch;               /* the last batch (training-set indices) */
    int nbatch, instance;     /* its size; the 1-based instance on screen, 0 none */
    char input[96];           /* what Z1 holds, when it came from data */
    double *curve;
    long ncurve;
    double tests[TESTS_MAX];  /* test accuracy after each epoch */
    int ntests;
} Training;

void training_free(Training *t);

/* The engine's session, made on first use; NULL when out of memory. */
Training *training_get(Engine *e);

/* The loss curve and test accuracies so far, for the TUI's training pane
 * (false when no data was chosen). */
bool training_progress(const Engine *e, TrainProgress *p);
/* The session's curve, test accuracies and epoch into p. */
void training_fill(const Training *t, TrainProgress *p, bool done);
/* What the input is ("test image 7: Sandal"), "" when not from data. */
const char *training_input_name(const Engine *e);

/* A labelled input (a file whose first line is "% label 7"): y becomes
 * e_{label+1}, the input is named what, and the pass recomputes; -1 (d set)
 * when the network has no output for that class. */
int training_set_label(Engine *e, int label, const char *what, Diag *d);

#endif
