/* canvas.h: a grid of cells (a character and a semantic style), the only
 * thing views draw into. Pure: the terminal module turns it into output, and
 * tests compare it with golden frames.
 * Must not: include curses.h or do I/O. */
#ifndef BPSTEP_CANVAS_H
#define BPSTEP_CANVAS_H

#include <stdbool.h>
#include <stdint.h>

#include "../base/strbuf.h"

/* Semantic styles, mapped to colours and attributes in one table (term.c). */
typedef enum {
    STYLE_NORMAL,
    STYLE_DIM,
    STYLE_TITLE,
    STYLE_HEADER,
    STYLE_SELECTED,
    STYLE_CURRENT,
    STYLE_BREAK,
    STYLE_WRITTEN,
    STYLE_GRAD_POS,
    STYLE_GRAD_NEG,
    STYLE_EQUATION,
    STYLE_STATUS,
    STYLE_ERROR,
    STYLE_NARRATION,
    STYLE_POOL_1,
    STYLE_POOL_2,
    STYLE_POOL_3,
    STYLE_POOL_4,
    STYLE_POOL_5,
    STYLE_POOL_6,
    /* the diverging heatmap: sign by hue, magnitude by intensity (and glyph) */
    STYLE_HEAT_NEG_4, STYLE_HEAT_NEG_3, STYLE_HEAT_NEG_2, STYLE_HEAT_NEG_1,
    STYLE_HEAT_POS_1, STYLE_HEAT_POS_2, STYLE_HEAT_POS_3, STYLE_HEAT_POS_4,
    /* the image view: a half block whose upper pixel has tone t and lower
     * pixel tone u (0..8: -4..-1 red, 0, +1..+4 grey to white) is style
     * STYLE_IMAGE + 9 t + u */
    STYLE_IMAGE,
    STYLE_COUNT = STYLE_IMAGE + 81
} Style;

enum { STYLE_POOL_COLOURS = 6, STYLE_TONES = 9 };
/* The image view's tones in the 256-colour palette (term.c, record.c). */
extern const short canvas_image_tones[STYLE_TONES];
#define STYLE_HEAT(level) ((Style)(STYLE_HEAT_POS_1 + (level) - ((level) > 0 ? 1 : 0)))

typedef struct {
    uint32_t ch; /* a Unicode code point; CANVAS_WIDE_TAIL: the right half of the wide one on its left */
    uint8_t style;
} Cell;

enum { CANVAS_WIDE_TAIL = 0 };

typedef struct {
    int width, height;
    Cell *cells; /* owned */
} Canvas;

/* NULL when out of memory; the caller frees it with canvas_free. */
Canvas *canvas_new(int width, int height);
void canvas_free(Canvas *c);
void canvas_clear(Canvas *c);
void canvas_fill(Canvas *c, int x, int y, int w, int h, uint32_t ch, Style style);
/* Writes UTF-8 text at (x, y), clipped to max_cols (and the canvas);
 * returns the columns written. */
int canvas_text(Canvas *c, int x, int y, const char *utf8, Style style, int max_cols);
/* The same, but a text longer than max_cols ends in an ellipsis (... in ASCII)
 * so that a reader knows it was cut. */
int canvas_text_cut(Canvas *c, int x, int y, const char *utf8, Style style, int max_cols, bool unicode);
void canvas_set_style(Canvas *c, int x, int y, int w, Style style);
/* Columns the UTF-8 text takes (one per code point). */
int canvas_text_width(const char *utf8);
/* A frame with a title in its top border. */
void canvas_box(Canvas *c, int x, int y, int w, int h, const char *title, Style style, bool unicode);
/* Appends one code point as UTF-8. */
void canvas_put_utf8(StrBuf *out, uint32_t cp);
/* The characters as UTF-8 text, one line per row, trailing blanks removed
 * (golden frames). With styles, a second block gives each cell's style as a letter. */
void canvas_dump(const Canvas *c, StrBuf *out, bool styles);

#endif
