/* session.c: a run's host and command history (session.h).
 * Must not: print or exit. */
#include "session.h"

#include <stdio.h>
#include <string.h>

void session_init(Session *s)
{
    memset(s, 0, sizeof *s);
    s->host = *host_none();
}

void session_adopt(Session *s, Engine *e)
{
    if (e != NULL) {
        e->host = &s->host;
    }
}

void history_add(History *h, const char *line)
{
    if (h->len > 0 && strcmp(h->lines[h->len - 1], line) == 0) {
        h->at = h->len;
        return;
    }
    if (h->len == HISTORY_MAX) {
        memmove(h->lines[0], h->lines[1], sizeof h->lines[0] * (HISTORY_MAX - 1));
        h->len--;
    }
    snprintf(h->lines[h->len++], sizeof h->lines[0], "%s", line);
    h->at = h->len;
}

const char *history_recall(History *h, int step)
{
    int at = h->at + step;
    h->at = at < 0 ? 0 : at > h->len ? h->len : at;
    return h->at < h->len ? h->lines[h->at] : "";
}

void history_rewind(History *h)
{
    h->at = h->len;
}
