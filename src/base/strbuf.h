/* strbuf.h: a growable text buffer; the debugger writes all its output into
 * one, and the outer ring decides where it goes.
 * Must not: print. An allocation failure leaves the buffer truncated and
 * sets oom; it never aborts. */
#ifndef BPSTEP_STRBUF_H
#define BPSTEP_STRBUF_H

#include <stdbool.h>
#include <stddef.h>

#include "diag.h"

typedef struct {
    char *text; /* always NUL-terminated once anything was appended */
    size_t len;
    size_t cap;
    bool oom;
} StrBuf;

void sb_init(StrBuf *sb);
void sb_release(StrBuf *sb);
void sb_clear(StrBuf *sb);
void sb_append(StrBuf *sb, const char *s);
void sb_appendn(StrBuf *sb, const char *s, size_t n);
void sb_printf(StrBuf *sb, const char *fmt, ...) DIAG_PRINTF(2, 3);
const char *sb_str(const StrBuf *sb); /* "" when empty */

#endif
