/* interrupt.h: a request to stop long work, set from a signal handler (the
 * outer ring installs the handlers) and polled between the steps of a pass.
 * Must not: do I/O, print, or exit. */
#ifndef BPSTEP_INTERRUPT_H
#define BPSTEP_INTERRUPT_H

#include <stdbool.h>

/* Async-signal-safe: records sig (SIGINT, SIGTERM, ...); the first one wins
 * until it is cleared. */
void interrupt_request(int sig);
/* The pending signal, or 0. */
int interrupt_pending(void);
void interrupt_clear(void);

#endif
