/* progress.h: live training progress in batch mode (a line every
 * PROGRESS_EVERY_S seconds, and a summary line per command). */
#ifndef BPSTEP_PROGRESS_H
#define BPSTEP_PROGRESS_H

#include <stdio.h>

#include "../debugger/host.h"

#define PROGRESS_EVERY_S 3.0

/* Where batch mode's progress lines stand. */
typedef struct {
    double start[2], last; /* when train and test began (test runs inside train N epochs) */
    FILE *out;
} ProgressLines;

/* Batch mode's progress lines to out, as h's progress callback; lines (the
 * caller's) must outlive h's use. */
void progress_lines_install(Host *h, ProgressLines *lines, FILE *out);

/* "1200 images/s, ETA 0:41" (or "took 1:20" when done), elapsed seconds
 * since the command's first batch: the batch lines and the TUI's pane. */
void progress_rate_text(const TrainProgress *p, double elapsed, char *buf, size_t size);

#endif
