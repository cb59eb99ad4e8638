/* parallel.c: start, run, join (parallel.h). Must not: do I/O, print, exit. */
#include "parallel.h"

#include <assert.h>
#include <pthread.h>
#include <signal.h>
#include <unistd.h>

typedef struct {
    ParallelFn fn;
    void *ctx;
    int worker;
} Start;

static void *thread_main(void *arg)
{
    const Start *s = arg;
    s->fn(s->ctx, s->worker);
    return NULL;
}

int parallel_run(int n, ParallelFn fn, void *ctx)
{
    n = n < 1 ? 1 : n > PARALLEL_MAX ? PARALLEL_MAX : n;
    pthread_t tid[PARALLEL_MAX];
    Start start[PARALLEL_MAX];
    int started = 0;
    sigset_t all, old;
    sigfillset(&all);
    /* new threads inherit the mask: block everything while creating them */
    if (n > 1 && pthread_sigmask(SIG_BLOCK, &all, &old) == 0) {
        for (int k = 1; k < n; k++) {
            start[started] = (Start){ fn, ctx, k };
            if (pthread_create(&tid[started], NULL, thread_main, &start[started]) != 0) {
                break; /* fewer workers: the others share out the work */
            }
            started++;
        }
        int rc = pthread_sigmask(SIG_SETMASK, &old, NULL);
        assert(rc == 0); /* restoring a mask we just read cannot fail */
        (void)rc;
    }
    fn(ctx, 0);
    for (int k = 0; k < started; k++) {
        int rc = pthread_join(tid[k], NULL);
        assert(rc == 0); /* a thread started above, joined once: cannot fail */
        (void)rc;
    }
    return started + 1;
}

int parallel_cores(void)
{
    long n = sysconf(_SC_NPROCESSORS_ONLN);
    return n < 1 ? 1 : n > PARALLEL_MAX ? PARALLEL_MAX : (int)n;
}
