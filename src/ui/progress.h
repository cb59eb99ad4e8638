/* progress.h: live training progress in batch mode (a line every
 * PROGRESS_EVERY_S seconds, and a summary line per command). */
#ifndef BPSTEP_PROGRESS_H
#define BPSTEP_PROGRESS_H

#include <stdio.h>

#include "../debugger/host.h"

#define PROGRESS_EVERY_S 3.0

/* Batch mode's progress lines to out, as h's progress callback. */
void progress_lines_install(Host *h, FILE *out);

/* "1200 images/s, ETA 0:41" (or "took 1:20" when done), elapsed seconds
 * since the command's first batch: the batch lines and the TUI's pane. */
void progress_rate_text(const TrainProgress *p, double elapsed, char *buf, size_t size);

#endif
