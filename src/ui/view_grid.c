/* view_grid.c: all channels at a glance (key a): every channel of the
 * focused feature map as a thumbnail (averaged f x f blocks, f as small as
 * lets all of them fit), the selected channel enlarged beside them; for a
 * conv layer's filters W^m, one h x h tile per (output, input) channel.
 * Drawn with half blocks in 256 colours, else with the heatmap's glyphs.
 * Pure: draws into a canvas. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "view_internal.h"

/* A map to draw: rows x cols read through an accessor. */
typedef struct {
    const Matrix *m;
    int rows, cols;
    int kind;       /* 0: channel c of a d x (a b) map; 1: filter tile (o, c) of W */
    int c, o, h, d; /* which channel / tile; the filter size and input channels */
} MapRef;

static double map_at(const MapRef *r, int i, int j)
{
    if (r->kind == 0) { /* pixel (i, j) of channel c: column i + a j of row c */
        return MAT_AT(*r->m, r->c, i + r->rows * j);
    }
    /* W(o, p + h q + h h c) is the tile's (p, q): the im2col order of phi */
    return MAT_AT(*r->m, r->o, i + r->h * j + r->h * r->h * r->c);
}

/* The mean of the f x f block at (bi, bj): a thumbnail's pixel. */
static double block_mean(const MapRef *r, int bi, int bj, int f)
{
    double s = 0.0;
    int n = 0;
    for (int i = bi * f; i < (bi + 1) * f && i < r->rows; i++) {
        for (int j = bj * f; j < (bj + 1) * f && j < r->cols; j++) {
            s += map_at(r, i, j);
            n++;
        }
    }
    return n > 0 ? s / n : 0.0;
}

/* Lines a map of rows pixel rows takes after f x f averaging. */
static int map_lines(const ViewState *vs, int rows, int f)
{
    int pr = (rows + f - 1) / f;
    return vs->images ? (pr + 1) / 2 : pr;
}

static void draw_map(Canvas *c, const ViewState *vs, const MapRef *r, int x, int y, int f, double amax)
{
    int pr = (r->rows + f - 1) / f, pc = (r->cols + f - 1) / f;
    for (int bi = 0; bi < pr; bi += vs->images ? 2 : 1) {
        for (int bj = 0; bj < pc; bj++) {
            int cx = x + bj, cy = y + (vs->images ? bi / 2 : bi);
            if (cx >= c->width || cy >= c->height) {
                continue;
            }
            int up = view_heat_level(block_mean(r, bi, bj, f), amax);
            if (vs->images) {
                int low = bi + 1 < pr ? view_heat_level(block_mean(r, bi + 1, bj, f), amax) : 0;
                canvas_text(c, cx, cy, "\u2580", (Style)(STYLE_IMAGE + STYLE_TONES * (up + 4) + low + 4), 1);
            } else {
                canvas_text(c, cx, cy, view_heat_glyph(vs, up), up == 0 ? STYLE_DIM : STYLE_HEAT(up), 1);
            }
        }
    }
}

/* The focused item's value as maps: channels of a feature map, or W's tiles. */
static int grid_maps(const Engine *e, const ViewState *vs, MapRef *first, int *count, const char **what,
                     char *label, size_t lsize)
{
    OpItem items[VIEW_MAX_ITEMS];
    int k = view_focus_op(e, vs);
    int n = view_items(e, k, items, VIEW_MAX_ITEMS);
    if (n == 0) {
        return -1;
    }
    const OpItem *it = &items[view_clamp(vs->focus, 0, n - 1)];
    if (it->value < 0 || !engine_value_valid(e, it->value)) {
        *what = it->value < 0 ? "not a map: tab to a feature map or W" : "not computed yet";
        return -1;
    }
    snprintf(label, lsize, "%s", it->name);
    ValueMaps vm;
    if (!engine_value_maps(e, it->value, &vm)) {
        *what = "not a map: tab to a feature map or W";
        return -1;
    }
    *first = vm.filters ? (MapRef){ vm.m, vm.h, vm.h, 1, 0, 0, vm.h, vm.d } : (MapRef){ vm.m, vm.a, vm.b, 0, 0, 0, 0, 0 };
    *count = vm.count;
    *what = vm.filters ? "filter" : "channel";
    return 0;
}

static double value_amax(const Matrix *m)
{
    double a = 0.0;
    for (size_t k = 0; k < view_count(m); k++) {
        a = fmax(a, fabs(m->data[k]));
    }
    return a;
}

/* The smallest averaging f with which count thumbnails fit in w x h. */
static int thumb_factor(const ViewState *vs, const MapRef *r, int count, int w, int h, int *per_row)
{
    for (int f = 1; f <= 64; f++) {
        int tw = (r->cols + f - 1) / f + 1, th = map_lines(vs, r->rows, f) + 1;
        int cols = tw > 0 ? (w + 1) / tw : 0, rows = th > 0 ? h / th : 0;
        if (cols > 0 && (long)cols * rows >= count) {
            *per_row = cols;
            return f;
        }
    }
    *per_row = 1;
    return 64;
}

static void select_map(MapRef *r, int index)
{
    if (r->kind == 0) {
        r->c = index;
    } else {
        r->o = index / r->d;
        r->c = index % r->d;
    }
}

int view_grid_count(const Engine *e, const ViewState *vs)
{
    MapRef r;
    int count = 0;
    const char *what = "";
    char label[48];
    return grid_maps(e, vs, &r, &count, &what, label, sizeof label) == 0 ? count : 0;
}

/* Every map of the value as thumbnails from column gx of the box in, the
 * selected one marked. */
static void draw_thumbnails(Canvas *c, const ViewState *vs, const MapRef *ref, int count, int sel, int gx, Rect in,
                            double amax, const char *what)
{
    MapRef r = *ref;
    char title[96];
    int gw = in.x + in.w - gx, per_row;
    int f = thumb_factor(vs, &r, count, gw, in.h - 1, &per_row);
    int tw = (r.cols + f - 1) / f + 1, th = map_lines(vs, r.rows, f) + 1;
    snprintf(title, sizeof title, "%d %ss%s; H/L picks", count, what, f > 1 ? ", averaged" : "");
    canvas_text(c, gx, in.y, title, STYLE_HEADER, gw);
    int shown = 0;
    for (int k = 0; k < count; k++) {
        int gxk = gx + (k % per_row) * tw, gyk = in.y + 1 + (k / per_row) * th;
        if (gyk + th > in.y + in.h + 1) {
            break;
        }
        MapRef t = r;
        select_map(&t, k);
        char num[32];
        if (r.kind == 0) {
            snprintf(num, sizeof num, "%d", k + 1);
        } else if (r.d == 1) {
            snprintf(num, sizeof num, "%d", t.o + 1);
        } else {
            snprintf(num, sizeof num, "%d,%d", t.o + 1, t.c + 1);
        }
        canvas_text(c, gxk, gyk, num, k == sel ? STYLE_SELECTED : STYLE_DIM, tw - 1);
        draw_map(c, vs, &t, gxk, gyk + 1, f, amax);
        shown++;
    }
    if (shown < count) {
        snprintf(title, sizeof title, "%d of %d shown (a larger terminal shows more)", shown, count);
        canvas_text(c, gx, in.y + in.h - 1, title, STYLE_DIM, gw);
    }
}

void view_draw_grid(Canvas *c, const Engine *e, const ViewState *vs, Rect box)
{
    char label[48] = "", title[96];
    const char *what = "";
    MapRef r;
    int count = 0;
    canvas_box(c, box.x, box.y, box.w, box.h, "all channels (a: back to the values)", STYLE_DIM, vs->unicode);
    Rect in = { box.x + 1, box.y + 1, box.w - 2, box.h - 2 };
    if (grid_maps(e, vs, &r, &count, &what, label, sizeof label) != 0) {
        canvas_text(c, in.x + 1, in.y, what, STYLE_DIM, in.w - 2);
        return;
    }
    double amax = value_amax(r.m);
    int sel = view_clamp(vs->channel > 0 ? vs->channel - 1 : 0, 0, count - 1);
    MapRef big = r;
    select_map(&big, sel);
    /* the selected one, as large as fits on the left (1:1 when it can) */
    int bf = 1;
    while (bf < 16 && ((r.cols + bf - 1) / bf + 2 > in.w / 2 || map_lines(vs, r.rows, bf) + 2 > in.h)) {
        bf++;
    }
    char scale[24] = "";
    if (bf > 1) {
        snprintf(scale, sizeof scale, " (1:%d)", bf);
    }
    if (r.kind == 0) {
        snprintf(title, sizeof title, "%s[%d]  %d x %d%s", label, sel + 1, r.rows, r.cols, scale);
    } else {
        snprintf(title, sizeof title, "%s tile (%d,%d)  %d x %d", label, big.o + 1, big.c + 1, r.rows, r.cols);
    }
    canvas_text(c, in.x + 1, in.y, title, STYLE_SELECTED, in.w - 2);
    draw_map(c, vs, &big, in.x + 1, in.y + 1, bf, amax);
    int left_w = (r.cols + bf - 1) / bf + 3;
    left_w = left_w < canvas_text_width(title) + 2 ? canvas_text_width(title) + 2 : left_w;
    left_w = left_w < 14 ? 14 : left_w;
    int ly = in.y + map_lines(vs, r.rows, bf) + 1;
    snprintf(title, sizeof title, "|x|<=%.3g", amax);
    canvas_text(c, in.x + 1, ly, title, STYLE_DIM, left_w - 2);
    canvas_text(c, in.x + 1, ly + 1, vs->images ? "bright+ red-" : vs->colour ? "blue+ red-" : "\u2588+ \u25cf-",
                STYLE_DIM, left_w - 2);
    draw_thumbnails(c, vs, &r, count, sel, in.x + left_w + 1, in, amax, what);
}
