/* session.h: what one run of bpstep keeps beside its engines: the host the
 * engines borrow (files, datasets, progress) and the history of command
 * lines typed at the ':' prompt. main makes one and passes it in; nothing
 * of it is a process global.
 * Ownership: the session owns both; an engine adopted by it keeps a pointer
 * to session.host, so the session must outlive it.
 * Must not: print or exit. */
#ifndef BPSTEP_SESSION_H
#define BPSTEP_SESSION_H

#include "engine.h"

enum { HISTORY_MAX = 64, HISTORY_LINE = 1024 }; /* a line as long as the ':' line holds */

/* Command lines, oldest first (gdb and shells recall them with Up and C-p). */
typedef struct {
    char lines[HISTORY_MAX][HISTORY_LINE];
    int len; /* lines kept */
    int at;  /* the line recall shows, len = past the newest (an empty line) */
} History;

typedef struct Session {
    Host host;
    History history;
} Session;

/* A session with the host without files (host_none) and no history. */
void session_init(Session *s);
/* e borrows s's host from now on. */
void session_adopt(Session *s, Engine *e);

/* Adds line (not twice in a row); recall starts again past the newest. */
void history_add(History *h, const char *line);
/* Moves recall by step lines (-1 older, +1 newer) and returns the line it
 * shows ("" past the newest). */
const char *history_recall(History *h, int step);
/* Recall starts again past the newest line. */
void history_rewind(History *h);

#endif
