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

/* Whether a hint applies to what is on screen: its key reaches it (a line
 * being typed takes the keys of the tables below it), Tab with more than
 * one value to focus, e (eq. (5) beside eq. (6)) on a network with a conv
 * layer. */
static bool hint_applies(const Engine *e, const ViewState *vs, const KeyBinding *kb)
{
    KeyEvent ev = { kb->keys[0].kind, kb->keys[0].ch, 0, 0 };
    KeyMode from;
    if (keys_lookup(&vs->keys, &ev, &from) != kb) {
        return false;
    }
    Action a = kb->action;
    if (a == A_FOCUS_NEXT) {
        OpItem items[VIEW_MAX_ITEMS];
        return view_items(e, view_focus_op(e, vs), items, VIEW_MAX_ITEMS) > 1;
    }
    if (a == A_COMPARE) {
        ConvGeom g;
        return engine_conv_geom(e, 1, &g);
    }
    return true;
}

/* The hint of rank `rank` from the first table of the stack that has one
 * (a lesson's Enter takes the place of the free table's step), or NULL. */
static const KeyBinding *hint_of_rank(const ViewState *vs, int rank)
{
    for (int i = 0; i < vs->keys.n; i++) {
        const KeyTable *t = keys_table(vs->keys.modes[i]);
        for (int k = 0; k < t->count; k++) {
            if (t->bindings[k].hint_rank == rank) {
                return &t->bindings[k];
            }
        }
    }
    return NULL;
}

/* The active key tables' hints by rank, as many as fit in rank order
 * (those that do not apply left out); the last two (help and quit) always. */
void view_add_hints(char *status, size_t size, const Engine *e, const ViewState *vs, int width)
{
    int last = 0;
    for (int i = 0; i < vs->keys.n; i++) {
        const KeyTable *t = keys_table(vs->keys.modes[i]);
        for (int k = 0; k < t->count; k++) {
            last = t->bindings[k].hint_rank > last ? t->bindings[k].hint_rank : last;
        }
    }
    char hint[64];
    int reserve = 0; /* the columns the last two take */
    for (int rank = last - 1; rank <= last && rank > 0; rank++) {
        const KeyBinding *kb = hint_of_rank(vs, rank);
        if (kb != NULL && hint_applies(e, vs, kb)) {
            hint_text(kb->hint, vs->unicode, hint, sizeof hint);
            reserve += 2 + canvas_text_width(hint);
        }
    }
    bool full = false;
    for (int rank = 1; rank <= last; rank++) {
        const KeyBinding *kb = hint_of_rank(vs, rank);
        if (kb == NULL || !hint_applies(e, vs, kb) || (full && rank < last - 1)) {
            continue;
        }
        hint_text(kb->hint, vs->unicode, hint, sizeof hint);
        int room = width - (rank >= last - 1 ? 0 : reserve);
        if (canvas_text_width(status) + 2 + canvas_text_width(hint) <= room) {
            strncat(status, "  ", size - strlen(status) - 1);
            strncat(status, hint, size - strlen(status) - 1);
        } else {
            full = true; /* a later hint never takes the place of an earlier, more important one */
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

/* A key as the help names it: "space", "PgDn", "q". */
static const char *key_name(const KeySpec *k, char *buf, size_t size)
{
    static const char *const NAMES[] = {
        [TK_UP] = "up",     [TK_DOWN] = "down",   [TK_LEFT] = "left",       [TK_RIGHT] = "right",
        [TK_PGUP] = "PgUp", [TK_PGDN] = "PgDn",   [TK_HOME] = "home",       [TK_END] = "end",
        [TK_BACKSPACE] = "bksp", [TK_ENTER] = "Enter", [TK_ESC] = "Esc",     [TK_TAB] = "tab",
        [TK_BTAB] = "shift-tab", [TK_MOUSE] = "click", [TK_DELETE] = "del",
    };
    if (k->kind == TK_CHAR) {
        snprintf(buf, size, k->ch == ' ' ? "space" : k->ch < 32 ? "C-%c" : "%c", k->ch < 32 ? k->ch + 'a' - 1 : k->ch);
    } else if (k->kind == TK_ALT) {
        snprintf(buf, size, "M-%c", k->ch);
    } else {
        const char *name = (size_t)k->kind < sizeof NAMES / sizeof NAMES[0] ? NAMES[k->kind] : NULL;
        snprintf(buf, size, "%s", name != NULL ? name : "?");
    }
    return buf;
}

/* The active tables without the overlay that covers them (the help itself). */
static KeyStack help_stack(const ViewState *vs)
{
    KeyStack st = { .n = 0 };
    for (int i = 0; i < vs->keys.n; i++) {
        if (vs->keys.modes[i] != KEYS_OVERLAY) {
            st.modes[st.n++] = vs->keys.modes[i];
        }
    }
    return st;
}

/* The keys of the help line of binding k of table m (with the bindings
 * folded into it) that an earlier active table takes, appended as
 * " (here space: autoplay)": in a lesson with autoplay space pauses. */
static void help_shadowed(const KeyStack *st, KeyMode m, int k, char *out, size_t size)
{
    const KeyTable *t = keys_table(m);
    KeyMode last = m;
    char name[16];
    bool active = false;
    for (int i = 0; i < st->n; i++) {
        active = active || st->modes[i] == m;
    }
    if (!active) {
        return; /* an inactive table's keys are not noted: they are its own when it is active */
    }
    for (int b = k; b < t->count && (b == k || t->bindings[b].label == NULL); b++) {
        for (int j = 0; j < KEYS_PER_BINDING && t->bindings[b].keys[j].kind != TK_NONE; j++) {
            const KeySpec *ks = &t->bindings[b].keys[j];
            KeyEvent ev = { ks->kind, ks->ch, 0, 0 };
            KeyMode from = m;
            const KeyBinding *got = keys_lookup(st, &ev, &from);
            if (got == NULL || from == m) {
                continue; /* its own, or no table's */
            }
            size_t n = strlen(out);
            const char *sep = last == m ? " (here " : last == from ? ", " : "; ";
            if (last != m && last != from) {
                snprintf(out + n, size - n, ": %s", keys_table(last)->name);
                n = strlen(out);
            }
            snprintf(out + n, size - n, "%s%s", sep, key_name(ks, name, sizeof name));
            last = from;
        }
    }
    if (last != m) {
        size_t n = strlen(out);
        snprintf(out + n, size - n, ": %s)", keys_table(last)->name);
    }
}

/* Help lines of table m (a binding without a label is folded into the line
 * above it), each with the keys another active table takes. */
static int help_lines(const ViewState *vs, KeyMode m, char (*lines)[128], int max)
{
    const KeyTable *t = keys_table(m);
    KeyStack st = help_stack(vs);
    int n = 0;
    for (int k = 0; k < t->count && n < max; k++) {
        if (t->bindings[k].label == NULL) {
            continue;
        }
        char note[96] = "";
        help_shadowed(&st, m, k, note, sizeof note);
        snprintf(lines[n], sizeof lines[n], "%-17s %s%s", t->bindings[k].label, t->bindings[k].help, note);
        n++;
    }
    return n;
}

enum { HELP_MAX_LINES = 160 };

/* The help's lines: the active tables (the current mode's first), then
 * the rest, each after a "-- name --" heading but the first. Returns how
 * many; width[k] is 0 for a heading. */
static int help_text(const ViewState *vs, char (*lines)[128], int *width)
{
    KeyMode order[KEYS_TABLES];
    int ntables = help_tables(vs, order), n = 0;
    for (int i = 0; i < ntables && n < HELP_MAX_LINES; i++) {
        if (i > 0) {
            width[n] = 0;
            snprintf(lines[n++], sizeof lines[0], "-- %s --", keys_table(order[i])->name);
        }
        int from = n;
        n += help_lines(vs, order[i], lines + n, HELP_MAX_LINES - n);
        for (int k = from; k < n; k++) {
            width[k] = (int)strlen(lines[k]);
        }
    }
    return n;
}

/* Where each page starts (first[p]) for pages of `room` lines: a heading
 * never ends a page. Returns the number of pages. */
static int help_paginate(const int *width, int n, int room, int *first)
{
    int pages = 0, at = 0;
    room = room > 2 ? room : 2;
    while (at < n && pages < HELP_MAX_LINES) {
        first[pages++] = at;
        int end = at + room < n ? at + room : n;
        if (end < n && width[end - 1] == 0) {
            end--; /* no heading without a line under it */
        }
        at = end;
    }
    first[pages] = n;
    return pages > 0 ? pages : 1;
}

/* The help box's text rows on a screen of that height. */
static int help_room(int height)
{
    return height - 4;
}

int view_help_pages(const ViewState *vs, int width, int height)
{
    (void)width;
    static char lines[HELP_MAX_LINES][128];
    int w[HELP_MAX_LINES], first[HELP_MAX_LINES + 1];
    int n = help_text(vs, lines, w);
    return help_paginate(w, n, help_room(height), first);
}

/* The key help, page by page (vs->help_page; PgDn / PgUp turn them): the
 * current mode's tables first, then the others. The box's bottom says
 * where the rest is ("more: PgDn") and how to close it. */
void view_draw_help(Canvas *c, const ViewState *vs)
{
    static char lines[HELP_MAX_LINES][128];
    int width[HELP_MAX_LINES], first[HELP_MAX_LINES + 1];
    int n = help_text(vs, lines, width);
    int pages = help_paginate(width, n, help_room(c->height), first);
    int page = view_clamp(vs->help_page, 0, pages - 1), from = first[page], shown = first[page + 1] - from;
    int longest = 40;
    for (int k = 0; k < n; k++) { /* one box for every page */
        longest = width[k] > longest ? width[k] : longest;
    }
    int w = longest + 4 < c->width ? longest + 4 : c->width;
    int h = (pages > 1 ? help_room(c->height) : shown) + 4;
    h = h > c->height ? c->height : h;
    int x = (c->width - w) / 2, y = (c->height - h) / 2;
    char title[64];
    snprintf(title, sizeof title, pages > 1 ? "keys %d/%d" : "keys", page + 1, pages);
    canvas_fill(c, x, y, w, h, ' ', STYLE_NORMAL);
    canvas_box(c, x, y, w, h, title, STYLE_HEADER, vs->unicode);
    for (int row = 0; row < shown && row < h - 4; row++) {
        canvas_text_cut(c, x + 2, y + 1 + row, lines[from + row], STYLE_NORMAL, w - 4, vs->unicode);
    }
    char foot[96];
    snprintf(foot, sizeof foot, "%s%s", page + 1 < pages ? "more: PgDn   " : page > 0 ? "PgUp: back   " : "",
             "any other key closes this help");
    canvas_text_cut(c, x + 2, y + h - 2, foot, page + 1 < pages ? STYLE_CURRENT : STYLE_DIM, w - 4, vs->unicode);
}
