/* progress.h: live training progress in batch mode (a line every
 * PROGRESS_EVERY_S seconds, and a summary line per command). */
#ifndef BPSTEP_PROGRESS_H
#define BPSTEP_PROGRESS_H

#include <stdio.h>

#define PROGRESS_EVERY_S 3.0

void progress_lines_install(FILE *out);

#endif
