/* host.h: what the commands need from outside the debugger ring, provided by
 * the program's outer ring (src/lesson/datafiles.c, put into the session by
 * main): reading and writing files, opening a dataset, and showing training
 * progress live. The debugger itself never touches a file or the terminal.
 * Each engine borrows its session's Host (Engine.host); there is no process
 * global.
 * Must not: print or exit. */
#ifndef BPSTEP_HOST_H
#define BPSTEP_HOST_H

#include <stddef.h>
#include <stdint.h>

#include "../base/diag.h"
#include "../math/dataset.h"

/* Where training stands, for a progress line or a loss curve. */
typedef struct {
    const char *what;      /* "train" or "test" */
    long step, steps;      /* batches done / to do */
    long images, total;    /* instances done / to do */
    double loss;           /* mean loss so far (this command) */
    double accuracy;       /* fraction correct so far (this command) */
    const double *curve;   /* every batch's mean loss since the data was chosen */
    long ncurve;
    const double *test_acc; /* test accuracy after each epoch (fraction), in order */
    int ntest;
    int epoch;             /* 1-based epoch of the current batch */
    bool done;
} TrainProgress;

typedef struct {
    /* A whole regular file of at most max bytes into *bytes (the caller
     * frees it); -1 with d's message naming the file. */
    int (*read_file)(const char *path, size_t max, uint8_t **bytes, size_t *len, Diag *d);
    /* Writes text to path (replacing it whole, or not at all). */
    int (*write_file)(const char *path, const char *text, size_t len, Diag *d);
    /* A dataset by name ("fashion-mnist") or folder of IDX files, kept by
     * the host (in data_ctx) while it lives; NULL with d's message. */
    const DataPair *(*open_data)(void *data_ctx, const char *spec, Diag *d);
    void *data_ctx;
    /* Called after every batch while training or testing (may be NULL). */
    void (*progress)(void *ctx, const TrainProgress *p);
    void *progress_ctx;
    /* Worker threads of `train` and `test` without threads=N (main sets
     * BPSTEP_THREADS or the cores online); 0 means one. */
    int threads;
} Host;

/* A host without files: file commands say that they are not available
 * here, and nothing shows progress (what a new engine starts with). */
const Host *host_none(void);

#endif
