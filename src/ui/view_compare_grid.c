/* view_compare_grid.c: what the compare views share: a number in at most
 * a few columns (2e-7 for what the decimals would show as 0), a channel of
 * a comparison value as a small mat() grid, markup in the terminal's
 * notation.
 * Must not: include curses.h, do I/O or read the network. */
#include <stdio.h>
#include <string.h>

#include "../debugger/format.h"
#include "../debugger/notation.h"
#include "view_internal.h"

void cmpv_number(char *buf, size_t size, double x, int dec)
{
    char num[64];
    fmt_number(num, sizeof num, x, dec); /* NaN, Inf, 0 and the exact ones as everywhere */
    if (x != 0.0 && dec >= 0 && strcmp(num, "NaN") != 0 && strstr(num, "Inf") == NULL) {
        snprintf(num, sizeof num, "%.*f", dec, x);
        if (strspn(num + (num[0] == '-'), "0.") == strlen(num + (num[0] == '-'))) { /* 2e-07 as 2e-7 */
            snprintf(num, sizeof num, "%.0e", x);
            char *e = strchr(num, 'e');
            while (e != NULL && e[2] == '0' && e[3] != '\0') {
                memmove(e + 2, e + 3, strlen(e + 2));
            }
        }
    }
    snprintf(buf, size, "%s", num);
}

/* The decimals of a grid: as few as show its entries exactly, at most 3,
 * fewer while an entry would take more than maxw columns. */
static int grid_decimals(const CmpGrid *g)
{
    Matrix one = { 1, 1, NULL };
    int dec = 0;
    for (int pix = 0; pix < g->rows * g->cols; pix++) {
        one.data = &g->vals->data[(size_t)g->c + (size_t)g->d * (size_t)pix];
        int dm = fmt_decimals(&one, 3);
        dec = dm < 0 ? 3 : dm > dec ? dm : dec;
    }
    for (; dec > 0; dec--) {
        bool fits = true;
        for (int pix = 0; pix < g->rows * g->cols && fits; pix++) {
            char num[64];
            snprintf(num, sizeof num, "%.*f", dec, cmpv_at(g, pix));
            bool tiny = strspn(num + (num[0] == '-'), "0.") == strlen(num + (num[0] == '-')); /* shown as 2e-7 */
            fits = tiny || (int)strlen(num) <= (g->maxw > 0 ? g->maxw : CMPV_WIDE);
        }
        if (fits) {
            break;
        }
    }
    return dec;
}

void cmpv_grid_prepare(CmpGrid *g)
{
    g->dec = grid_decimals(g);
    g->width = 1;
    for (int pix = 0; pix < g->rows * g->cols; pix++) {
        char num[64];
        cmpv_number(num, sizeof num, cmpv_at(g, pix), g->dec);
        int len = (int)strlen(num);
        g->width = len > g->width ? len : g->width;
    }
}

int cmpv_grid_width(const CmpGrid *g)
{
    return g->cols * (g->width + 1) - 1;
}

void cmpv_grid_draw(Canvas *cv, const CmpGrid *g, int x, int y)
{
    for (int i = 0; i < g->rows; i++) {
        for (int j = 0; j < g->cols; j++) {
            int pix = i + g->rows * j;
            double v = cmpv_at(g, pix);
            char num[64], cell[80];
            cmpv_number(num, sizeof num, v, g->dec);
            snprintf(cell, sizeof cell, "%*s", g->width, num);
            Style st = pix < CMPV_MAX_PIX && g->styles[pix] != 0 ? (Style)g->styles[pix]
                       : v == 0.0                                ? STYLE_DIM
                                                                 : STYLE_NORMAL;
            canvas_text(cv, x + j * (g->width + 1), y + i, cell, st, g->width);
        }
    }
}

/* Markup in the terminal's notation. */
void cmpv_render(const ViewState *vs, const char *markup, char *out, size_t size)
{
    notation_render(markup, vs->unicode ? NOTE_UNICODE : NOTE_ASCII, out, size);
}

