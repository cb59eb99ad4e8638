/* parallel.h: running one function on several POSIX threads at once, for
 * the trainer's workers. The caller's thread is worker 0; the others are
 * started for one call and joined before it returns, so no thread outlives
 * the work it was started for. Workers block every signal: a Ctrl-C lands
 * on the caller's thread, whose handler only sets the interrupt flag.
 * Must not: do I/O, print, exit, or keep any state between calls. */
#ifndef BPSTEP_PARALLEL_H
#define BPSTEP_PARALLEL_H

enum { PARALLEL_MAX = 256 };

typedef void (*ParallelFn)(void *ctx, int worker);

/* Runs fn(ctx, 0) here and fn(ctx, k), k = 1..n-1, on new threads, and
 * joins them. A thread that cannot be started (no memory, a thread limit)
 * is skipped, so fn must share its work out dynamically: fewer workers still
 * do all of it. Returns how many workers ran (1 to n; n is clamped to
 * 1..PARALLEL_MAX). */
int parallel_run(int n, ParallelFn fn, void *ctx);

/* The processors online (sysconf), at least 1 and at most PARALLEL_MAX. */
int parallel_cores(void);

#endif
