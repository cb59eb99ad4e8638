/* view_keys.c: the key tables on screen: the status line's hints and the
 * `?` help (the current mode's tables first, then the rest as they fit),
 * both read from keys.c.
 * Must not: include curses.h, or know what a key does. */
#include "view_internal.h"

#include <stdio.h>
#include <string.h>

/* A hint with "->" and "<-" drawn as arrows on a Unicode terminal. */
static void hint_text(const char *hint, bool unicode, char *out, size_t size)
{
    size_t n = 0;
    for (const char *p = hint; *p != '\0' && n + 4 < size; p++) {
        if (unicode && (strncmp(p, "->", 2) == 0 || strncmp(p, "<-", 2) == 0)) {
            const char *arrow = p[0] == '-' ? "\u2192" : "\u2190";
            memcpy(out + n, arrow, strlen(arrow));
            n += strlen(arrow);
            p++;
        } else {
            out[n++] = *p;
        }
    }
    out[n] = '\0';
}

/* The active key tables' hints by rank, as many as fit; help and quit always. */
void view_add_hints(char *status, size_t size, const ViewState *vs, int width)
{
    int last = 0;
    for (int i = 0; i < vs->keys.n; i++) {
        const KeyTable *t = keys_table(vs->keys.modes[i]);
        for (int k = 0; k < t->count; k++) {
            last = t->bindings[k].hint_rank > last ? t->bindings[k].hint_rank : last;
        }
    }
    char hint[64];
    for (int rank = 1; rank <= last; rank++) {
        for (int i = 0; i < vs->keys.n; i++) {
            const KeyTable *t = keys_table(vs->keys.modes[i]);
            for (int k = 0; k < t->count; k++) {
                if (t->bindings[k].hint_rank != rank) {
                    continue;
                }
                hint_text(t->bindings[k].hint, vs->unicode, hint, sizeof hint);
                int reserve = rank >= last - 1 ? 0 : 18;
                if (canvas_text_width(status) + 2 + canvas_text_width(hint) + reserve <= width) {
                    strncat(status, "  ", size - strlen(status) - 1);
                    strncat(status, hint, size - strlen(status) - 1);
                }
            }
        }
    }
}

/* The help's tables: the active ones (the current mode's first), then the rest. */
static int help_tables(const ViewState *vs, KeyMode order[KEYS_TABLES])
{
    int n = 0;
    for (int i = 0; i < vs->keys.n; i++) {
        if (keys_table(vs->keys.modes[i])->count > 0) { /* not the overlay's */
            order[n++] = vs->keys.modes[i];
        }
    }
    if (n == 0) {
        order[n++] = KEYS_FREE;
    }
    for (int m = 0; m < KEYS_TABLES; m++) {
        bool listed = false;
        for (int i = 0; i < n; i++) {
            listed = listed || order[i] == (KeyMode)m;
        }
        if (!listed && keys_table((KeyMode)m)->count > 0) {
            order[n++] = (KeyMode)m;
        }
    }
    return n;
}

/* Help lines of table m (a binding without a label is folded into the line
 * above it); with lines NULL only counts them, and the widest into *longest. */
static int help_lines(KeyMode m, char (*lines)[128], int max, int *longest)
{
    const KeyTable *t = keys_table(m);
    int n = 0;
    for (int k = 0; k < t->count && (lines == NULL || n < max); k++) {
        if (t->bindings[k].label == NULL) {
            continue;
        }
        int len = 18 + (int)strlen(t->bindings[k].help);
        *longest = len > *longest ? len : *longest;
        if (lines != NULL) {
            snprintf(lines[n], sizeof lines[n], "%-18s%s", t->bindings[k].label, t->bindings[k].help);
        }
        n++;
    }
    return n;
}

/* The key help: the current mode's table whole, then the other tables,
 * each under its name, as far as they fit (on a short terminal the closing
 * hint moves to the title). */
void view_draw_help(Canvas *c, const ViewState *vs)
{
    enum { MAX_LINES = 160 };
    char lines[MAX_LINES][128];
    int width[MAX_LINES] = { 0 };
    KeyMode order[KEYS_TABLES];
    int ntables = help_tables(vs, order), n = 0, first = 0;
    for (int i = 0; i < ntables && n < MAX_LINES; i++) {
        if (i > 0) {
            width[n] = 0;
            snprintf(lines[n++], sizeof lines[0], "-- %s --", keys_table(order[i])->name);
        }
        int from = n;
        n += help_lines(order[i], lines + n, MAX_LINES - n, &(int){ 0 });
        for (int k = from; k < n; k++) {
            width[k] = (int)strlen(lines[k]);
        }
        first = i == 0 ? n : first;
    }
    bool compact = n + 4 > c->height;
    int room = c->height - (compact ? 2 : 4), shown = n < room ? n : room;
    shown = shown < first ? first : shown;
    if (shown > first && shown < n && width[shown - 1] == 0) {
        shown--; /* no heading without a line under it */
    }
    int longest = 24;
    for (int k = 0; k < shown; k++) {
        longest = width[k] > longest ? width[k] : longest;
    }
    int w = longest + 4 < c->width ? longest + 4 : c->width, h = compact ? shown + 2 : shown + 4;
    h = h > c->height ? c->height : h;
    int x = (c->width - w) / 2, y = (c->height - h) / 2;
    canvas_fill(c, x, y, w, h, ' ', STYLE_NORMAL);
    canvas_box(c, x, y, w, h, compact ? "keys (any key closes this help)" : "keys", STYLE_HEADER, vs->unicode);
    for (int row = 0; row < shown && row < h - 2; row++) {
        canvas_text_cut(c, x + 2, y + 1 + row, lines[row], STYLE_NORMAL, w - 4, vs->unicode);
    }
    if (!compact) {
        canvas_text(c, x + 2, y + h - 2, "any key closes this help", STYLE_DIM, w - 4);
    }
}
