/* batch.h: bpstep --batch: runs commands (from -x, then stdin when it is not
 * a terminal) and prints to stdout; errors go to stderr, one line each. */
#ifndef BPSTEP_BATCH_H
#define BPSTEP_BATCH_H

#include "../debugger/engine.h"

/* Returns the exit status: 0, or 1 when any command failed. */
int batch_run(Engine *e, char **commands, int ncommands, bool read_stdin);

#endif
