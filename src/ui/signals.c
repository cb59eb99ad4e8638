/* signals.c: the handlers; they only set the interrupt flag. No SA_RESTART,
 * so a blocking read (stdin, the terminal) returns and the loop sees it. */
#include "signals.h"

#include <signal.h>
#include <stdio.h>
#include <string.h>

#include "../base/interrupt.h"

static void on_signal(int sig)
{
    interrupt_request(sig);
}

void signals_install(void)
{
    static const int sigs[] = { SIGINT, SIGTERM, SIGHUP, SIGQUIT };
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_signal;
    sigemptyset(&sa.sa_mask);
    for (size_t k = 0; k < sizeof sigs / sizeof *sigs; k++) {
        sigaction(sigs[k], &sa, NULL);
    }
    /* a file size limit makes a write fail (EFBIG), which save and --record
     * report, instead of killing the process halfway through a file */
    signal(SIGXFSZ, SIG_IGN);
}

int signals_exit_status(void)
{
    int sig = interrupt_pending();
    if (sig <= 0) { /* none, or a spent work budget: not a signal */
        return 0;
    }
    fflush(stdout);
    fprintf(stderr, "bpstep: interrupted\n");
    return 128 + sig;
}
