/* diag.c: filling and formatting diagnostics. Must not: print or exit. */
#include "diag.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

void diag_clear(Diag *d)
{
    if (d != NULL) {
        memset(d, 0, sizeof *d);
    }
}

void diag_set(Diag *d, int line, int col, const char *fmt, ...)
{
    if (d == NULL) {
        return;
    }
    d->line = line;
    d->col = col;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(d->msg, sizeof d->msg, fmt, ap);
    va_end(ap);
    /* a message quotes user input: keep it one printable line */
    for (char *p = d->msg; *p != '\0'; p++) {
        if ((unsigned char)*p < 0x20 || *p == 0x7f) {
            *p = '?';
        }
    }
}

void diag_format(const Diag *d, char *buf, int size)
{
    char where[300] = "";
    if (d->file[0] != '\0') {
        if (d->line > 0 && d->col > 0) {
            snprintf(where, sizeof where, "%s:%d:%d: ", d->file, d->line, d->col);
        } else if (d->line > 0) {
            snprintf(where, sizeof where, "%s:%d: ", d->file, d->line);
        } else {
            snprintf(where, sizeof where, "%s: ", d->file);
        }
    } else if (d->col > 0) {
        snprintf(where, sizeof where, "column %d: ", d->col);
    }
    snprintf(buf, (size_t)size, "%s%s", where, d->msg);
}
