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

void diag_mark(Diag *d, DiagKind kind)
{
    if (d != NULL) {
        d->kind = kind;
    }
}

void diag_set(Diag *d, int line, int col, const char *fmt, ...)
{
    if (d == NULL) {
        return;
    }
    d->line = line;
    d->col = col;
    d->kind = DIAG_PLAIN;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(d->msg, sizeof d->msg, fmt, ap);
    va_end(ap);
    /* a message quotes user input: keep it one printable line */
    diag_clean_text(d->msg, false);
}

int diag_utf8_char(const char *text, unsigned *cp)
{
    const unsigned char *p = (const unsigned char *)text;
    int n = p[0] < 0x80 ? 1 : (p[0] & 0xe0) == 0xc0 ? 2 : (p[0] & 0xf0) == 0xe0 ? 3 : (p[0] & 0xf8) == 0xf0 ? 4 : 0;
    if (n == 0) {
        return 0;
    }
    unsigned c = n == 1 ? p[0] : p[0] & (0x7fu >> n);
    for (int k = 1; k < n; k++) {
        if ((p[k] & 0xc0) != 0x80) {
            return 0;
        }
        c = (c << 6) | (p[k] & 0x3fu);
    }
    static const unsigned least[5] = { 0, 0, 0x80, 0x800, 0x10000 };
    if (c < least[n] || c > 0x10ffff || (c >= 0xd800 && c <= 0xdfff)) {
        return 0; /* overlong, out of range or a surrogate */
    }
    *cp = c;
    return n;
}

/* Code points a terminal acts on instead of showing: C0 and C1 controls,
 * DEL, and the bidirectional overrides and isolates that reorder text. */
static bool is_control(unsigned c, bool keep_newlines)
{
    if (c == '\n' && keep_newlines) {
        return false;
    }
    return c < 0x20 || (c >= 0x7f && c <= 0x9f) || c == 0x061c || c == 0x200e || c == 0x200f ||
           (c >= 0x202a && c <= 0x202e) || (c >= 0x2066 && c <= 0x2069);
}

void diag_clean_text(char *s, bool keep_newlines)
{
    unsigned char *in = (unsigned char *)s, *out = (unsigned char *)s;
    while (*in != '\0') {
        if (keep_newlines && in[0] == '\r' && in[1] == '\n') {
            in++; /* CRLF line ends read as LF */
            continue;
        }
        unsigned c = 0;
        int n = diag_utf8_char((const char *)in, &c);
        if (n == 0 || is_control(c, keep_newlines)) {
            *out++ = (unsigned char)(c == '\t' && n == 1 ? ' ' : '?');
            in += n == 0 ? 1 : n;
        } else {
            memmove(out, in, (size_t)n);
            out += n;
            in += n;
        }
    }
    *out = '\0';
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
