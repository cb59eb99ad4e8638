/* interrupt.c: the flags long work polls, and the work meter.
 * Must not: do I/O, print, or exit. */
#include "interrupt.h"

#include <signal.h>
#include <stdatomic.h>

static volatile sig_atomic_t ctrl_c;      /* SIGINT seen and not yet cleared */
static volatile sig_atomic_t terminating; /* the first TERM/HUP/QUIT; never cleared */
/* atomic: training workers may charge from several threads at once */
static _Atomic int_least64_t work_done;
static _Atomic int_least64_t work_budget;

void interrupt_request(int sig)
{
    if (sig == SIGINT) {
        ctrl_c = 1;
    } else if (terminating == 0) {
        terminating = sig;
    }
}

int interrupt_pending(void)
{
    if (terminating != 0) {
        return (int)terminating;
    }
    if (ctrl_c != 0) {
        return SIGINT;
    }
    int_least64_t budget = atomic_load_explicit(&work_budget, memory_order_relaxed);
    if (budget > 0 && atomic_load_explicit(&work_done, memory_order_relaxed) > budget) {
        return INTERRUPT_WORK;
    }
    return 0;
}

int interrupt_terminating(void)
{
    return (int)terminating;
}

void interrupt_clear(void)
{
    ctrl_c = 0;
}

void interrupt_charge(int64_t flops)
{
    if (flops > 0) {
        atomic_fetch_add_explicit(&work_done, flops, memory_order_relaxed);
    }
}

void interrupt_set_budget(int64_t budget)
{
    atomic_store_explicit(&work_done, 0, memory_order_relaxed);
    atomic_store_explicit(&work_budget, budget > 0 ? budget : 0, memory_order_relaxed);
}

int64_t interrupt_work(void)
{
    return (int64_t)atomic_load_explicit(&work_done, memory_order_relaxed);
}
