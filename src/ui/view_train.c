/* view_train.c: the training pane: where training stands, a progress bar,
 * and the loss curve (every batch's mean loss, on a log scale) drawn with
 * braille dots (2 x 4 per cell) or, without Unicode, one '*' per cell.
 * Pure: draws a TrainProgress into a canvas. */
#include "views.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

/* The curve's mean over points [lo, hi) of n, mapped to columns. */
static double bucket_mean(const double *v, long lo, long hi)
{
    double s = 0.0;
    for (long k = lo; k < hi; k++) {
        s += v[k];
    }
    return hi > lo ? s / (double)(hi - lo) : NAN;
}

typedef struct {
    int x, y, w, h; /* the plot's cells */
    double lo, hi;  /* log10 of the range shown */
} Plot;

/* Dot row (0 = top) of value v in a plot of rows*4 dots (log scale). */
static int dot_row(const Plot *pl, double v, int dots)
{
    double t = (pl->hi - log10(v)) / (pl->hi - pl->lo > 0 ? pl->hi - pl->lo : 1.0);
    int r = (int)lround(t * (dots - 1));
    return r < 0 ? 0 : r >= dots ? dots - 1 : r;
}

static void put_dot(Canvas *c, const Plot *pl, int px, int py, bool unicode)
{
    /* braille dot bits by (column, row) within a cell */
    static const uint32_t bit[2][4] = { { 0x01, 0x02, 0x04, 0x40 }, { 0x08, 0x10, 0x20, 0x80 } };
    int cx = pl->x + px / (unicode ? 2 : 1), cy = pl->y + py / (unicode ? 4 : 1);
    Cell *cell = &c->cells[cy * c->width + cx];
    if (!unicode) {
        cell->ch = '*';
    } else {
        uint32_t bits = cell->ch >= 0x2800 && cell->ch <= 0x28ff ? cell->ch - 0x2800 : 0;
        cell->ch = 0x2800 + (bits | bit[px % 2][py % 4]);
    }
    cell->style = STYLE_WRITTEN;
}

/* The curve as a line: each dot column is the mean of its batches, joined
 * to the previous column by a vertical run of dots. */
static void draw_curve(Canvas *c, const Plot *pl, const double *curve, long n, bool unicode)
{
    int xdots = pl->w * (unicode ? 2 : 1), ydots = pl->h * (unicode ? 4 : 1);
    int cols = n > 0 ? xdots : 0, prev = -1;
    for (int px = 0; px < cols; px++) {
        long lo = (long)((double)n * px / cols), hi = (long)((double)n * (px + 1) / cols);
        double v = bucket_mean(curve, lo, hi > lo ? hi : lo + 1);
        if (!(v > 0) || !isfinite(v)) {
            prev = -1;
            continue;
        }
        int py = dot_row(pl, v, ydots);
        int from = prev < 0 ? py : (prev < py ? prev + 1 : py), to = prev < 0 ? py : (prev > py ? prev - 1 : py);
        for (int r = from <= to ? from : to; r <= (from <= to ? to : from); r++) {
            put_dot(c, pl, px, r, unicode);
        }
        put_dot(c, pl, px, py, unicode);
        prev = py;
    }
}

static void range(const double *curve, long n, double *lo, double *hi)
{
    *lo = INFINITY;
    *hi = -INFINITY;
    for (long k = 0; k < n; k++) {
        if (curve[k] > 0 && isfinite(curve[k])) {
            *lo = fmin(*lo, curve[k]);
            *hi = fmax(*hi, curve[k]);
        }
    }
    if (!(*lo <= *hi)) {
        *lo = 0.1;
        *hi = 1.0;
    }
    *lo = log10(*lo);
    *hi = log10(*hi);
    if (*hi - *lo < 0.1) {
        *hi += 0.05;
        *lo -= 0.05;
    }
}

static void draw_bar(Canvas *c, int x, int y, int w, double frac, bool unicode)
{
    int full = (int)(frac * w + 0.5);
    for (int k = 0; k < w; k++) {
        canvas_fill(c, x + k, y, 1, 1, k < full ? (unicode ? 0x2588 : '#') : (unicode ? 0x2591 : '.'),
                    k < full ? STYLE_WRITTEN : STYLE_DIM);
    }
}

/* The epochs' test accuracies after text (len bytes) in line. */
static void epoch_tests(char *line, size_t size, int len, const TrainProgress *p)
{
    for (int k = 0; k < p->ntest && len >= 0 && len < (int)size - 16; k++) {
        len += snprintf(line + len, size - (size_t)len, "%s%.1f%%", k == 0 ? "; test after each epoch: " : " ",
                        100.0 * p->test_acc[k]);
    }
}

/* T with nothing running: how the last train and the last test ended. */
static void draw_last(Canvas *c, int x, int y, int inner, const TrainProgress *p, const TrainSummary *last)
{
    char line[256];
    const TrainSummary *tr = &last[0], *te = &last[1];
    if (tr->has) {
        snprintf(line, sizeof line, "last train: %ld batch%s, %ld images%s, in epoch %d", tr->steps,
                 tr->steps == 1 ? "" : "es", tr->images, tr->whole ? "" : " (stopped before its end)", tr->epoch);
        canvas_text(c, x + 2, y + 1, line, STYLE_HEADER, inner);
        int len = snprintf(line, sizeof line, "  mean loss %.4f, accuracy %.1f%% on its batches", tr->loss,
                           100.0 * (double)tr->right / (double)tr->images);
        epoch_tests(line, sizeof line, len, p);
    } else {
        canvas_text(c, x + 2, y + 1, "no training yet: ':train 1 epochs'", STYLE_HEADER, inner);
        line[0] = '\0';
    }
    canvas_text(c, x + 2, y + 2, line, STYLE_NORMAL, inner);
    if (te->has) {
        snprintf(line, sizeof line, "last test: accuracy %.2f%% (%ld of %ld test images)%s, mean loss %.4f",
                 100.0 * (double)te->right / (double)te->images, te->right, te->images,
                 te->whole ? "" : " (stopped)", te->loss);
    } else {
        snprintf(line, sizeof line, "no test yet: ':test' measures the accuracy on the test images");
    }
    canvas_text(c, x + 2, y + 3, line, STYLE_NORMAL, inner);
}

void view_train_draw(Canvas *c, int x, int y, int w, int h, const TrainProgress *p, const char *rate, bool unicode,
                     const TrainSummary *last)
{
    canvas_fill(c, x, y, w, h, ' ', STYLE_NORMAL);
    canvas_box(c, x, y, w, h, last != NULL ? "training: the last train and test (any key)"
                              : p->done ? "training: done (any key)" : "training", STYLE_TITLE, unicode);
    char line[256];
    int inner = w - 4;
    if (last != NULL) {
        draw_last(c, x, y, inner, p, last);
    } else {
        snprintf(line, sizeof line, "%s: batch %ld of %ld, epoch %d   %s", p->what, p->step, p->steps, p->epoch, rate);
        canvas_text(c, x + 2, y + 1, line, STYLE_HEADER, inner);
        double frac = p->steps > 0 ? (double)p->step / (double)p->steps : 0.0;
        snprintf(line, sizeof line, " %3.0f%%", 100.0 * frac);
        draw_bar(c, x + 2, y + 2, inner - 5, frac, unicode);
        canvas_text(c, x + 2 + inner - 5, y + 2, line, STYLE_NORMAL, 5);
        int len = snprintf(line, sizeof line, "mean loss %.4f, accuracy %.1f%% (this command)", p->loss,
                           100.0 * p->accuracy);
        epoch_tests(line, sizeof line, len, p);
        canvas_text(c, x + 2, y + 3, line, STYLE_NORMAL, inner);
    }
    Plot pl = { x + 10, y + 5, w - 12, h - 9, 0, 0 };
    if (pl.h >= 2 && pl.w >= 10) {
        range(p->curve, p->ncurve, &pl.lo, &pl.hi);
        snprintf(line, sizeof line, "loss per batch (log scale), %ld batches", p->ncurve);
        canvas_text(c, x + 2, y + 4, line, STYLE_DIM, inner);
        char num[16];
        snprintf(num, sizeof num, "%7.3g", pow(10.0, pl.hi));
        canvas_text(c, x + 2, pl.y, num, STYLE_DIM, 7);
        snprintf(num, sizeof num, "%7.3g", pow(10.0, pl.lo));
        canvas_text(c, x + 2, pl.y + pl.h - 1, num, STYLE_DIM, 7);
        for (int r = 0; r < pl.h; r++) {
            canvas_fill(c, pl.x - 1, pl.y + r, 1, 1, unicode ? 0x2502 : '|', STYLE_DIM);
        }
        draw_curve(c, &pl, p->curve, p->ncurve, unicode);
        snprintf(line, sizeof line, "batch %ld", p->ncurve > 0 ? p->ncurve : 1);
        canvas_text(c, pl.x, pl.y + pl.h, "batch 1", STYLE_DIM, pl.w);
        canvas_text(c, pl.x + pl.w - canvas_text_width(line), pl.y + pl.h, line, STYLE_DIM, pl.w);
    }
    canvas_text(c, x + 2, y + h - 2,
                last != NULL ? "any key: back to the debugger" : p->done ? "any key: back to the debugger, which now shows the trained network"
                        : "any key or Ctrl-C stops at the next batch; what was learned is kept",
                STYLE_DIM, inner);
}
