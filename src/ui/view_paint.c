/* view_paint.c: paint mode's pane: the input Z^1 (channel 1) as an image,
 * two columns per pixel; when the image is taller than the pane, two pixel
 * rows share a character row (half blocks, pixels >= 0.5 drawn). The cursor
 * pixel is reversed; the network's top outputs are shown once computed.
 * Pure: draws into a canvas. */
#include "views.h"

#include <stdio.h>
#include <string.h>

#include "../debugger/engine_query.h"

typedef struct {
    int x, y, w, h;     /* the pane */
    int ix, iy;         /* the image's top-left cell */
    int rows, cols;     /* pixels */
    bool half;          /* two pixel rows per character row */
    int pw;             /* columns per pixel: 2, or 1 with half blocks (square pixels either way) */
} PaintGeom;

static bool geometry(const Engine *e, int width, int height, PaintGeom *g)
{
    int channels;
    if (!engine_input_map(e, &g->rows, &g->cols, &channels)) {
        return false;
    }
    g->h = height - 3;
    g->half = g->rows > g->h - 4;
    g->pw = g->half ? 1 : 2;
    g->w = width - 4 < g->pw * g->cols + 30 ? width - 4 : g->pw * g->cols + 30;
    g->x = (width - g->w) / 2;
    g->y = 1;
    g->ix = g->x + 2;
    g->iy = g->y + 2;
    return g->pw * g->cols <= g->w - 4 && (g->half ? (g->rows + 1) / 2 : g->rows) <= g->h - 4;
}

bool view_paint_hit(const Engine *e, int width, int height, int x, int y, int *row, int *col)
{
    PaintGeom g;
    if (!geometry(e, width, height, &g)) {
        return false;
    }
    int c = (x - g.ix) / g.pw, r = (y - g.iy) * (g.half ? 2 : 1);
    if (x < g.ix || y < g.iy || c >= g.cols || r >= g.rows) {
        return false;
    }
    *row = r + 1;
    *col = c + 1;
    return true;
}


static uint32_t shade(double v, bool unicode)
{
    static const uint32_t uni[] = { ' ', 0x2591, 0x2592, 0x2593, 0x2588 };
    static const char ascii[] = " .:o#";
    int k = v <= 0.0 ? 0 : v >= 1.0 ? 4 : 1 + (int)(v * 3.0);
    return unicode ? uni[k] : (uint32_t)ascii[k];
}

static void draw_image(Canvas *c, const PaintGeom *g, const Engine *e, const ViewState *vs)
{
    int crow = vs->sel_row - 1, ccol = vs->sel_col - 1;
    for (int r = 0; r < g->rows; r += g->half ? 2 : 1) {
        for (int q = 0; q < g->cols; q++) {
            uint32_t ch;
            if (g->half) { /* upper, lower, both or no half block */
                bool top = engine_input_pixel(e, r, q) >= 0.5;
                bool low = r + 1 < g->rows && engine_input_pixel(e, r + 1, q) >= 0.5;
                ch = top && low ? (vs->unicode ? 0x2588 : '#') : top ? (vs->unicode ? 0x2580 : '"')
                   : low ? (vs->unicode ? 0x2584 : '.') : ' ';
            } else {
                ch = shade(engine_input_pixel(e, r, q), vs->unicode);
            }
            bool cursor = q == ccol && (r == crow || (g->half && r + 1 == crow));
            int x = g->ix + g->pw * q, y = g->iy + (g->half ? r / 2 : r);
            canvas_fill(c, x, y, g->pw, 1, cursor && ch == ' ' ? (uint32_t)'+' : ch, cursor ? STYLE_SELECTED : STYLE_NORMAL);
        }
    }
}

/* The top outputs, once the forward pass has computed them. */
static void draw_prediction(Canvas *c, const Engine *e, int x, int y, int w)
{
    if (!engine_outputs_valid(e)) {
        canvas_text(c, x, y, "Enter: run the forward pass", STYLE_DIM, w);
        return;
    }
    canvas_text(c, x, y, "the network says:", STYLE_HEADER, w);
    RankedOutput top[3];
    int n = engine_top_outputs(e, top, 3);
    for (int k = 0; k < n; k++) {
        char line[64];
        snprintf(line, sizeof line, "%d. %-11s %7.3f", k + 1, top[k].name, top[k].value);
        canvas_text(c, x, y + 1 + k, line, k == 0 ? STYLE_WRITTEN : STYLE_NORMAL, w);
    }
}

void view_paint_draw(Canvas *c, const Engine *e, const ViewState *vs)
{
    PaintGeom g;
    if (!geometry(e, c->width, c->height, &g)) {
        return; /* too small: the message line says so (paint_start) */
    }
    char title[64];
    snprintf(title, sizeof title, "paint Z1 (%d x %d)", g.rows, g.cols);
    canvas_fill(c, g.x, g.y, g.w, g.h, ' ', STYLE_NORMAL);
    canvas_box(c, g.x, g.y, g.w, g.h, title, STYLE_TITLE, vs->unicode);
    draw_image(c, &g, e, vs);
    int tx = g.ix + g.pw * g.cols + 3, tw = g.x + g.w - 2 - tx;
    char line[64];
    snprintf(line, sizeof line, "cursor (%d,%d) = %.3g", vs->sel_row, vs->sel_col,
             engine_input_pixel(e, vs->sel_row - 1, vs->sel_col - 1));
    canvas_text(c, tx, g.iy, line, STYLE_NORMAL, tw);
    const KeyTable *keys = keys_table(KEYS_PAINT); /* the keys as the handler has them */
    for (int b = 0, k = 0; b < keys->count && k < 7; b++) {
        if (keys->bindings[b].label != NULL) {
            snprintf(line, sizeof line, "%-8s%s", keys->bindings[b].label, keys->bindings[b].help);
            canvas_text_cut(c, tx, g.iy + 2 + k++, line, STYLE_DIM, tw, vs->unicode);
        }
    }
    draw_prediction(c, e, tx, g.iy + 10, tw);
    if (g.half) {
        canvas_text(c, g.ix, g.y + g.h - 2, "two pixel rows per line; pixels >= 0.5 shown", STYLE_DIM, g.w - 4);
    }
}
