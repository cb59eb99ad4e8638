/* interrupt.c: the one flag long work polls. Must not: do I/O, print, or exit. */
#include "interrupt.h"

#include <signal.h>

static volatile sig_atomic_t pending;

void interrupt_request(int sig)
{
    if (pending == 0) {
        pending = sig;
    }
}

int interrupt_pending(void)
{
    return (int)pending;
}

void interrupt_clear(void)
{
    pending = 0;
}
