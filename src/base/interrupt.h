/* interrupt.h: a request to stop long work, set from a signal handler (the
 * outer ring installs the handlers) and polled between the steps of a pass;
 * and the work meter that bounds what one lesson may cost.
 * Must not: do I/O, print, or exit. */
#ifndef BPSTEP_INTERRUPT_H
#define BPSTEP_INTERRUPT_H

#include <stdbool.h>
#include <stdint.h>

/* What interrupt_pending() returns when the work budget is spent (not a
 * signal number). */
enum { INTERRUPT_WORK = -1 };

/* Async-signal-safe: records sig. SIGINT (Ctrl-C) asks to stop the work at
 * hand; SIGTERM, SIGHUP and SIGQUIT ask the program to end, and stay pending
 * (the first one wins) even after a Ctrl-C is cleared, so none is lost. */
void interrupt_request(int sig);
/* The pending request: a terminating signal first, then SIGINT, then
 * INTERRUPT_WORK while a budget is set and spent; 0 when there is none. */
int interrupt_pending(void);
/* A terminating signal (TERM, HUP, QUIT) is pending, or 0. */
int interrupt_terminating(void);
/* Clears a Ctrl-C once it was reported; a terminating signal stays. */
void interrupt_clear(void);

/* The work meter: mat_gemm charges 2mnk floating-point operations per call.
 * A budget > 0 makes interrupt_pending() say INTERRUPT_WORK once more than
 * budget were charged since it was set; 0 takes the budget away. */
/* The budget of one lesson: its load-time check run and each playing of it
 * (docs/limits.md). About 30 s of work on one core. */
#define LESSON_MAX_WORK (INT64_C(1) << 38)
void interrupt_charge(int64_t flops);
void interrupt_set_budget(int64_t budget);
/* Operations charged since the budget was last set. */
int64_t interrupt_work(void);

#endif
