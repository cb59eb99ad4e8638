/* view_text.c: word wrapping of narration, output and equations, by code
 * points (the canvas is one column per code point).
 * Must not: include curses.h or do I/O. */
#include <stdio.h>
#include <string.h>

#include "view_internal.h"

static const char *next_cp(const char *p)
{
    p++;
    while ((*p & 0xC0) == 0x80) {
        p++;
    }
    return p;
}

/* Splits text into lines of at most width code points, at newlines and
 * between words. Returns the number of lines. */
static int wrap_text(const char *text, int width, char lines[][WRAP_LINE_BYTES], int max_lines)
{
    int n = 0;
    const char *p = text;
    while (*p != '\0' && n < max_lines && width > 0) {
        const char *q = p, *space = NULL;
        int cols = 0;
        while (*q != '\0' && *q != '\n' && cols < width) {
            if (*q == ' ') {
                space = q;
            }
            q = next_cp(q);
            cols++;
        }
        const char *end = q;
        if (*q != '\0' && *q != '\n' && *q != ' ' && space != NULL && space > p) {
            end = space; /* break between words */
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
