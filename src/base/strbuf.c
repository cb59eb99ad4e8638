/* strbuf.c: growable text buffer. Must not: print or exit. */
#include "strbuf.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void sb_init(StrBuf *sb)
{
    memset(sb, 0, sizeof *sb);
}

void sb_release(StrBuf *sb)
{
    free(sb->text);
    sb_init(sb);
}

void sb_clear(StrBuf *sb)
{
    sb->len = 0;
    if (sb->text != NULL) {
        sb->text[0] = '\0';
    }
}

static bool reserve(StrBuf *sb, size_t extra)
{
    if (sb->len + extra + 1 <= sb->cap) {
        return true;
    }
    size_t cap = sb->cap == 0 ? 256 : sb->cap;
    while (cap < sb->len + extra + 1) {
        cap *= 2;
    }
    char *grown = realloc(sb->text, cap);
    if (grown == NULL) {
        sb->oom = true;
        return false;
    }
    sb->text = grown;
    sb->cap = cap;
    return true;
}

void sb_appendn(StrBuf *sb, const char *s, size_t n)
{
    if (!reserve(sb, n)) {
        return;
    }
    memcpy(sb->text + sb->len, s, n);
    sb->len += n;
    sb->text[sb->len] = '\0';
}

void sb_append(StrBuf *sb, const char *s)
{
    sb_appendn(sb, s, strlen(s));
}

void sb_printf(StrBuf *sb, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(NULL, 0, fmt, ap);
    va_end(ap);
    if (n < 0 || !reserve(sb, (size_t)n)) {
        return;
    }
    va_start(ap, fmt);
    vsnprintf(sb->text + sb->len, (size_t)n + 1, fmt, ap);
    va_end(ap);
    sb->len += (size_t)n;
}

const char *sb_str(const StrBuf *sb)
{
    return sb->text != NULL ? sb->text : "";
}
