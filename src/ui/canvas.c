/* canvas.c: the cell grid. Must not: include curses.h or do I/O. */
#include "canvas.h"

#include "../base/textwidth.h"

#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

Canvas *canvas_new(int width, int height)
{
    if (width <= 0 || height <= 0 || width > 4096 || height > 4096) {
        return NULL;
    }
    Canvas *c = malloc(sizeof *c);
    if (c == NULL) {
        return NULL;
    }
    c->width = width;
    c->height = height;
    c->cells = calloc((size_t)width * (size_t)height, sizeof *c->cells);
    if (c->cells == NULL) {
        free(c);
        return NULL;
    }
    canvas_clear(c);
    return c;
}

void canvas_free(Canvas *c)
{
    if (c != NULL) {
        free(c->cells);
        free(c);
    }
}

void canvas_clear(Canvas *c)
{
    canvas_fill(c, 0, 0, c->width, c->height, ' ', STYLE_NORMAL);
}

/* Writes one cell; a wide character's left half cut by it, or its right
 * half (the continuation cell, ch 0) left behind, becomes a space. */
static void put_cell(Canvas *c, int x, int y, uint32_t cp, Style style)
{
    Cell *row = &c->cells[(size_t)y * (size_t)c->width];
    if (row[x].ch == CANVAS_WIDE_TAIL && x > 0) {
        row[x - 1].ch = ' ';
    }
    if (x + 1 < c->width && row[x + 1].ch == CANVAS_WIDE_TAIL) {
        row[x + 1].ch = ' ';
    }
    row[x] = (Cell){ cp, (uint8_t)style };
}

void canvas_fill(Canvas *c, int x, int y, int w, int h, uint32_t ch, Style style)
{
    for (int r = y; r < y + h; r++) {
        for (int q = x; q < x + w; q++) {
            if (r >= 0 && r < c->height && q >= 0 && q < c->width) {
                put_cell(c, q, r, ch, style);
            }
        }
    }
}

int canvas_text_width(const char *utf8)
{
    return text_width(utf8);
}

/* Columns are display columns (textwidth.h): a wide character takes its
 * cell and a continuation cell; a zero-width one is dropped; a wide one that
 * would not fit whole is not drawn (the returned width says where it stopped). */
int canvas_text(Canvas *c, int x, int y, const char *utf8, Style style, int max_cols)
{
    int cols = 0;
    while (*utf8 != '\0' && cols < max_cols) {
        uint32_t cp = text_next_cp(&utf8);
        if (cp == '\n' || cp == '\t') {
            cp = ' ';
        }
        int w = text_cp_width(cp);
        if (w == 0) {
            continue;
        }
        if (cols + w > max_cols) {
            break;
        }
        bool row = y >= 0 && y < c->height;
        if (row && x + cols >= 0 && x + cols + w - 1 < c->width) {
            put_cell(c, x + cols, y, cp, style);
            if (w == 2) {
                put_cell(c, x + cols + 1, y, CANVAS_WIDE_TAIL, style);
            }
        } else if (row && w == 2 && x + cols >= 0 && x + cols < c->width) {
            put_cell(c, x + cols, y, ' ', style); /* half a wide character at the edge: a space */
        }
        cols += w;
    }
    return cols;
}

int canvas_text_cut(Canvas *c, int x, int y, const char *utf8, Style style, int max_cols, bool unicode)
{
    if (max_cols <= 0) {
        return 0;
    }
    if (canvas_text_width(utf8) <= max_cols) {
        return canvas_text(c, x, y, utf8, style, max_cols);
    }
    int n = canvas_text(c, x, y, utf8, style, max_cols - (unicode ? 1 : 3));
    return n + canvas_text(c, x + n, y, unicode ? "\u2026" : "...", STYLE_DIM, max_cols - n);
}

void canvas_set_style(Canvas *c, int x, int y, int w, Style style)
{
    for (int q = x; q < x + w; q++) {
        if (y >= 0 && y < c->height && q >= 0 && q < c->width) {
            c->cells[y * c->width + q].style = (uint8_t)style;
        }
    }
}

void canvas_box(Canvas *c, int x, int y, int w, int h, const char *title, Style style, bool unicode)
{
    if (w < 2 || h < 2) {
        return;
    }
    uint32_t hz = unicode ? 0x2500 : '-', vt = unicode ? 0x2502 : '|';
    uint32_t tl = unicode ? 0x250C : '+', tr = unicode ? 0x2510 : '+';
    uint32_t bl = unicode ? 0x2514 : '+', br = unicode ? 0x2518 : '+';
    canvas_fill(c, x + 1, y, w - 2, 1, hz, style);
    canvas_fill(c, x + 1, y + h - 1, w - 2, 1, hz, style);
    canvas_fill(c, x, y + 1, 1, h - 2, vt, style);
    canvas_fill(c, x + w - 1, y + 1, 1, h - 2, vt, style);
    canvas_fill(c, x, y, 1, 1, tl, style);
    canvas_fill(c, x + w - 1, y, 1, 1, tr, style);
    canvas_fill(c, x, y + h - 1, 1, 1, bl, style);
    canvas_fill(c, x + w - 1, y + h - 1, 1, 1, br, style);
    if (title != NULL && title[0] != '\0') {
        canvas_text(c, x + 1, y, " ", style, 1);
        int n = canvas_text(c, x + 2, y, title, STYLE_HEADER, w - 4);
        canvas_text(c, x + 2 + n, y, " ", style, 1);
    }
}

void canvas_put_utf8(StrBuf *out, uint32_t cp)
{
    char b[4];
    size_t n;
    if (cp < 0x80) {
        b[0] = (char)cp;
        n = 1;
    } else if (cp < 0x800) {
        b[0] = (char)(0xC0 | (cp >> 6));
        b[1] = (char)(0x80 | (cp & 0x3F));
        n = 2;
    } else if (cp < 0x10000) {
        b[0] = (char)(0xE0 | (cp >> 12));
        b[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
        b[2] = (char)(0x80 | (cp & 0x3F));
        n = 3;
    } else {
        b[0] = (char)(0xF0 | (cp >> 18));
        b[1] = (char)(0x80 | ((cp >> 12) & 0x3F));
        b[2] = (char)(0x80 | ((cp >> 6) & 0x3F));
        b[3] = (char)(0x80 | (cp & 0x3F));
        n = 4;
    }
    sb_appendn(out, b, n);
}

void canvas_dump(const Canvas *c, StrBuf *out, bool styles)
{
    for (int y = 0; y < c->height; y++) {
        int last = c->width - 1;
        while (last >= 0 && c->cells[y * c->width + last].ch == ' ') {
            last--;
        }
        for (int x = 0; x <= last; x++) {
            if (c->cells[y * c->width + x].ch != CANVAS_WIDE_TAIL) { /* a wide character showed it */
                canvas_put_utf8(out, c->cells[y * c->width + x].ch);
            }
        }
        sb_append(out, "\n");
    }
    if (!styles) {
        return;
    }
    sb_append(out, "-- styles --\n");
    for (int y = 0; y < c->height; y++) {
        int last = c->width - 1;
        while (last >= 0 && c->cells[y * c->width + last].style == STYLE_NORMAL) {
            last--;
        }
        for (int x = 0; x <= last; x++) {
            int s = c->cells[y * c->width + x].style;
            char ch = s == STYLE_NORMAL ? '.' : s < 10 ? (char)('0' + s) : s < 36 ? (char)('a' + s - 10) : s < STYLE_IMAGE ? (char)('A' + s - 36) : '%';
            sb_appendn(out, &ch, 1);
        }
        sb_append(out, "\n");
    }
}

/* -4..-1 red, 0 dark grey, +1..+4 grey to white: a picture, bright is large */
const short canvas_image_tones[STYLE_TONES] = { 196, 160, 124, 88, 234, 240, 246, 251, 255 };
