/* view_internal.h: what the files of the views share: rectangles, a matrix
 * as shown (Shown), text wrapping. Internal to src/ui; others use views.h.
 * Must not: include curses.h or do I/O. */
#ifndef BPSTEP_VIEW_INTERNAL_H
#define BPSTEP_VIEW_INTERNAL_H

#include "../debugger/engine_query.h"
#include "views.h"

typedef struct {
    int x, y, w, h;
} Rect;

/* Entries of m (rows x columns). */
static inline size_t view_count(const Matrix *m)
{
    return (size_t)m->rows * (size_t)m->cols;
}

/* The op whose matrices are shown. */
int view_focus_op(const Engine *e, const ViewState *vs);

/* ---- view_layout.c: where everything goes ---- */

typedef struct {
    Rect prog, eq, mats, watch, console;
    Rect strip;        /* the one-line position strip instead of the program pane (h = 0: none) */
    Rect res;          /* the result view (h = 0: none); above the values when both fit */
    bool in_strip;     /* the program pane is the strip (or, with a result shown, the title bar) */
    bool result;       /* the main area shows the last result */
    int first_op;
    int nitems;
    OpItem items[VIEW_MAX_ITEMS];
    Rect item[VIEW_MAX_ITEMS];
    bool single; /* not all fit: only the focused item is drawn */
} Layout;

void view_layout(const Engine *e, const ViewState *vs, int width, int height, Layout *lay);
/* The result over the screen (O): the body's rows, the whole width. */
Rect view_result_overlay_rect(int width, int height);
/* Op k's equation rendered, one line per ";  "-separated part. */
void view_equation_text(const Engine *e, const ViewState *vs, int k, char *out, size_t size);

/* ---- view_matrix.c: one matrix as shown ---- */

typedef struct {
    bool ok;
    char label[48];
    char error[260];
    Matrix m;     /* owned */
    uint8_t *style; /* owned, per entry; NULL = by value */
    uint16_t *win_of; /* owned, per entry: 1 + the pooling window it belongs to (its letter), 0 none */
    bool zero_one;  /* a 0/1 matrix: zeros as dim dots */
    bool gradient;  /* coloured by sign */
    bool written;
    bool highlighted;   /* a lesson points at it */
    int window;         /* a pooling input shown by channel: the window size (separators drawn), else 0 */
    char note[96];      /* a line under it: P_pool's columns holding the 1s, or "" */
    int hl_row, hl_col; /* 1-based entry, 0 = the whole */
} Shown;

/* An item whose value is an expression (a lesson's highlight such as Z2[1]). */
enum { VIEW_ITEM_EXPR = ENGINE_ITEM_EXPR };
/* The item of a derive question's wrong answer (ViewState.answer). */
enum { VIEW_ITEM_ANSWER = ENGINE_ITEM_EXPR - 1 };

/* An item (a value by id, P_pool^m, or an expression) as the views show it
 * for op k_op; release with view_shown_release. */
Shown view_shown_get(const Engine *e, const ViewState *vs, int k_op, const OpItem *it);
void view_shown_release(Shown *s);
int view_entry_width(const Shown *s, int decimals);
/* Columns of one entry (with its gap) in numbers or heatmap mode. */
int view_cell_width(const Shown *s, const ViewState *vs);
/* The box an item would like: header, entries, legend. */
void view_natural_size(const Shown *s, const ViewState *vs, int *w, int *h);
void view_draw_item(Canvas *c, const ViewState *vs, Rect r, Shown *s, bool focused);
/* The heatmap's level of x, -4..4: its sign and its magnitude in quarters of
 * amax (rounded up); and the glyph for a level (by magnitude; without colour,
 * round glyphs below 0). Shared by the values pane and the channel grid. */
int view_heat_level(double x, double amax);
const char *view_heat_glyph(const ViewState *vs, int level);
/* The image view's averaging (1 = every entry) for s in a w x h box. */
int view_image_factor(const Shown *s, int w, int h);

/* ---- view_text.c: wrapping ---- */

enum { WRAP_MAX_LINES = 400, WRAP_LINE_BYTES = 512 };
typedef struct {
    int n;
    char lines[WRAP_MAX_LINES][WRAP_LINE_BYTES];
} Wrapped;

/* num shortened to the shortest e-form of x that fits room columns (-3e-4)
 * when it is longer: a cell never cuts a number to a false one. */
void view_fit_number(char *num, size_t size, double x, int room);
/* Where a line of at most cols display columns of [p, end) ends: between
 * words, after a wide character (not before closing punctuation), or where
 * the columns run out (at least one character). */
const char *view_wrap_point(const char *p, const char *end, int cols);
/* text in lines of at most width code points, at newlines and between
 * words. The result lives in one static buffer until the next call. */
const Wrapped *view_wrap(const char *text, int width);
/* Wrapped text inside the box r; the last lines that fit when tail is set. */
void view_draw_wrapped(Canvas *c, Rect r, const char *text, Style style, bool tail);

/* ---- view_bars.c ---- */

/* The title bar (row 0). */
void view_draw_title(Canvas *c, const Engine *e, const ViewState *vs);
/* The message or the line being typed, and the status line (the last two rows). */
void view_draw_bottom(Canvas *c, const Engine *e, const ViewState *vs);

/* ---- view_result.c ---- */

/* How a result is fitted into its box: every line (prose wrapped, the
 * rest cut at the edge and panned: matrices, tables and compare's columns
 * are never wrapped), or without its blank lines when it would not fit. */
typedef enum { FIT_WHOLE, FIT_SQUEEZED } ResultFit;
/* Rows the result takes width columns wide at a fit; the fit for a box of
 * width x rows; the command a one-command result came from, or NULL. */
int view_result_rows(const CmdResult *r, int width, ResultFit fit);
ResultFit view_result_fit(const CmdResult *r, int width, int rows);
const char *view_result_title(const CmdResult *r);
/* The widest line of its matrices, tables and columns (display columns). */
int view_result_widest(const CmdResult *r);
/* The result (vs->result) in the box r, scrolled by vs->result_scroll. */
void view_draw_result(Canvas *c, const ViewState *vs, Rect r);

/* ---- view_watch.c ---- */

/* The loss and the displays in the box r. */
void view_draw_watches(Canvas *c, const Engine *e, const ViewState *vs, Rect r);

/* ---- view_keys.c ---- */

/* The active key tables' hints appended to the status line, as many as fit. */
void view_add_hints(char *status, size_t size, const Engine *e, const ViewState *vs, int width);
/* The key help over the screen. */
void view_draw_help(Canvas *c, const ViewState *vs);

/* ---- view_compare.c, view_compare_big.c ---- */

/* Eq. (5) and eq. (6) per channel as the slides draw them in the box r, for
 * the conv layer of the focused op. */
void view_draw_compare(Canvas *c, const Engine *e, const ViewState *vs, Rect r);

/* One channel of a comparison value as a small mat() grid: entry (i, j) is
 * vals->data[c + d (i + rows j)]; styles per pixel (0 = by value). */
enum { CMPV_MAX_PIX = 64, CMPV_WIDE = 5 };
typedef struct {
    const Matrix *vals;
    int rows, cols, d, c;
    int maxw;       /* the widest an entry may be (CMPV_WIDE if 0) */
    int dec, width; /* set by cmpv_grid_prepare */
    uint8_t styles[CMPV_MAX_PIX];
} CmpGrid;
static inline double cmpv_at(const CmpGrid *g, int pix)
{
    return g->vals->data[(size_t)g->c + (size_t)g->d * (size_t)pix];
}
/* x with dec decimals; a nonzero x too small for them as 2e-7. */
void cmpv_number(char *buf, size_t size, double x, int dec);
void cmpv_grid_prepare(CmpGrid *g);
int cmpv_grid_width(const CmpGrid *g);
void cmpv_grid_draw(Canvas *cv, const CmpGrid *g, int x, int y);
void cmpv_render(const ViewState *vs, const char *markup, char *out, size_t size);
/* A channel too large to draw whole (MNIST's 28 x 28): the selected output
 * entry's window, where v^T P_pool is nonzero, where I[S] zeroes something,
 * a count for the rest (view_compare_big.c). */
struct Comparison;
void cmpv_draw_big(Canvas *c, const Engine *e, const ViewState *vs, Rect r, const struct Comparison *cmp, int m, int ch);

/* ---- view_grid.c ---- */

/* All channels of the focused feature map (or conv filter tiles) as
 * thumbnails, the selected one (vs->channel) enlarged, in the box r. */
void view_draw_grid(Canvas *c, const Engine *e, const ViewState *vs, Rect r);

#endif
