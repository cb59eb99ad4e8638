/* signals.h: SIGINT, SIGTERM, SIGHUP and SIGQUIT only record an interrupt
 * request (base/interrupt.h); long work stops between two ops, and the main
 * loops end cleanly, restoring the terminal and closing recordings. */
#ifndef BPSTEP_SIGNALS_H
#define BPSTEP_SIGNALS_H

void signals_install(void);
/* 128 + the pending signal after "bpstep: interrupted" on stderr, or 0. */
int signals_exit_status(void);

#endif
