/* view_text.c: word wrapping of narration, output and equations, by
 * display columns (base/textwidth.h).
 * Must not: include curses.h or do I/O. */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "view_internal.h"

#include "../base/textwidth.h"

/* A number longer than its cell (a tiny entry among larger ones: -0.0003
 * in a 6-column cell) in the shortest e-form, -3e-4, never cut to a false
 * -0.000; the digits it drops are rounding, not truncation. */
void view_fit_number(char *num, size_t size, double x, int room)
{
    if ((int)strlen(num) <= room || !isfinite(x)) {
        return;
    }
    for (int d = room >= 8 ? 2 : room >= 7 ? 1 : 0; d >= 0; d--) {
        char e[64];
        snprintf(e, sizeof e, "%.*e", d, x);
        char *exp = strchr(e, 'e'); /* e-04 -> e-4 */
        if (exp != NULL) {
            char *digits = exp + 2;
            while (digits[0] == '0' && digits[1] != '\0') {
                memmove(digits, digits + 1, strlen(digits));
            }
            if (exp[1] == '+') {
                memmove(exp + 1, exp + 2, strlen(exp + 1));
            }
        }
        if ((int)strlen(e) <= room || d == 0) {
            snprintf(num, size, "%s", e);
            return;
        }
    }
}

const char *view_wrap_point(const char *p, const char *end, int cols)
{
    const char *q = p, *brk = NULL;
    int used = 0;
    while (q < end) {
        const char *at = q;
        uint32_t cp = text_next_cp(&q);
        int w = text_cp_width(cp);
        if (used + w > cols) {
            q = at;
            break;
        }
        used += w;
        if (cp == ' ') {
            brk = at;
        } else if (text_breaks_after(cp) && (q >= end || text_may_start_line(text_next_cp(&(const char *){ q })))) {
            brk = q; /* never before closing punctuation: "，" stays at the end of its line */
        }
    }
    if (q == p && q < end) {
        text_next_cp(&q); /* one character wider than the line: it goes alone */
        return q;
    }
    if (q < end && *q != ' ' && brk != NULL && brk > p) {
        return brk; /* between words, or after a wide character (not before closing punctuation) */
    }
    return q;
}

/* Splits text into lines of at most width display columns (textwidth.h),
 * at newlines, between words, or after a wide character (CJK text has no
 * spaces) unless closing punctuation follows it. Returns the number of lines. */
static int wrap_text(const char *text, int width, char lines[][WRAP_LINE_BYTES], int max_lines)
{
    int n = 0;
    const char *p = text;
    while (*p != '\0' && n < max_lines && width > 0) {
        const char *eol = strchr(p, '\n');
        eol = eol != NULL ? eol : p + strlen(p);
        const char *end = view_wrap_point(p, eol, width);
        if (end - p >= WRAP_LINE_BYTES) { /* never cut a character in two */
            end = p;
            for (const char *r = p; r - p < WRAP_LINE_BYTES - 4 && *r != '\0';) {
                text_next_cp(&r);
                end = r - p < WRAP_LINE_BYTES ? r : end;
            }
        }
        snprintf(lines[n++], WRAP_LINE_BYTES, "%.*s", (int)(end - p), p);
        p = end;
        while (*p == ' ') {
            p++;
        }
        if (*p == '\n') {
            p++;
        }
    }
    return n;
}

const Wrapped *view_wrap(const char *text, int width)
{
    static Wrapped wrapped; /* the UI is single-threaded; see the header */
    wrapped.n = wrap_text(text, width, wrapped.lines, WRAP_MAX_LINES);
    return &wrapped;
}

/* Word-wrapped text, the last lines that fit when tail is set. */
void view_draw_wrapped(Canvas *c, Rect r, const char *text, Style style, bool tail)
{
    int width = r.w - 4, rows = r.h - 2;
    if (width <= 0 || rows <= 0) {
        return;
    }
    const Wrapped *w = view_wrap(text, width);
    int n = w->n;
    int first = tail && n > rows ? n - rows : 0;
    for (int i = 0; i < rows && first + i < n; i++) {
        canvas_text(c, r.x + 2, r.y + 1 + i, w->lines[first + i], style, width);
    }
}
