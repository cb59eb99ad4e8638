/* views.h: the screen as a pure function of (engine position, view state):
 * the program, the current op's equation and matrices, watches, narration,
 * the command line and the status line, drawn into a Canvas.
 * Must not: include curses.h, do I/O, or change the engine. */
#ifndef BPSTEP_VIEWS_H
#define BPSTEP_VIEWS_H

#include "../debugger/command.h"
#include "../debugger/engine.h"
#include "../debugger/host.h"
#include "../debugger/training.h"
#include "canvas.h"
#include "keys.h"

enum { VIEW_MIN_WIDTH = 80, VIEW_MIN_HEIGHT = 24, VIEW_MAX_ITEMS = 8 };

/* What the keys do: the normal keys, painting the input, or a line being
 * typed (a ':' command, a lesson's answer), which returns to line_from. */
typedef enum { MODE_FREE, MODE_PAINT, MODE_COMMAND, MODE_QUESTION } ViewMode;
/* What covers the screen: nothing, the key help, the training pane, the last result (O). */
typedef enum { OVERLAY_NONE, OVERLAY_HELP, OVERLAY_TRAINING, OVERLAY_RESULT } ViewOverlay;
/* The values pane: the op's matrices, eq. (5) beside eq. (6), a channel grid. */
typedef enum { PANE_VALUES, PANE_COMPARE, PANE_GRID } ValuesPane;
/* How a matrix looks: numbers, a heatmap, an image of half blocks. */
typedef enum { LOOK_NUMBERS, LOOK_HEATMAP, LOOK_IMAGE } MatrixLook;

typedef struct {
    ViewMode mode;
    ViewMode line_from; /* MODE_COMMAND / MODE_QUESTION: the mode the line returns to */
    ViewOverlay overlay;
    ValuesPane pane;
    MatrixLook look;
    KeyStack keys;     /* the active key tables, the current mode's first (the help lists them so) */
    bool unicode;      /* UTF-8 locale: Greek letters, box drawing, shades */
    int cursor;        /* the op whose matrices are shown (selected in the program) */
    int focus;         /* which of its matrices is focused (tab) */
    bool colour;       /* the terminal shows colours (else NO_COLOR glyphs carry the sign) */
    bool images;       /* the terminal has 256 colours for the image view */
    int decimals;      /* -1 = as many as needed (up to 3) */
    int pan_row, pan_col; /* first visible entry of the focused matrix */
    int channel;       /* 0 = feature maps as d x (a*b); c = channel c as an image */
    int cmp_row, cmp_col; /* compare view of a large channel: the selected output entry of Z^{m+1}'s
                           * channel, 0-based (H J K L move it); -1 = the first whose v is not 0 */
    const char *train_rate; /* while training: "1200 images/s, ETA 0:41", else NULL */
    const TrainProgress *train_progress; /* while training: where it stands, else NULL */
    int sel_row, sel_col; /* a clicked entry of the focused value, 1-based; 0 = none */
    /* the entries an explained entry is computed from (value id, 0-based row
     * and column of the whole value), marked wherever they are shown */
    int nmarks;
    struct {
        int value, row, col;
    } marks[64];
    char prompt[192];  /* MODE_QUESTION: the line's prompt (a ':' line has none) */
    char cmdline[1024]; /* the ":" line: 1023 characters, the longest command docs/limits.md allows */
    size_t cmd_back;    /* its cursor: characters after it (0: at the end); lineedit.h */
    char message[256]; /* one line: the result or error of the last command */
    bool message_error;
    /* borrowed, not owned: the UI's output and the lesson player's
     * narration; they must outlive the drawing */
    const char *console;   /* recent command output, or NULL */
    int console_back;      /* lines scrolled back from the end of the output */
    const char *narration; /* a lesson's narration, or NULL (NULL: not in a lesson) */
    const CmdResult *result; /* the last result (a ':' command's, a lesson stretch's), or NULL */
    bool result_shown;     /* it takes the main area instead of the values (o toggles) */
    bool result_yields;    /* shown only above values that still show whole (a lesson pointed at them) */
    int result_scroll;     /* rows of it scrolled past (< and >, PgUp/PgDn) */
    int result_pan;        /* columns its matrices and tables are panned by (H/L) */
    int narration_scroll;  /* lines of it scrolled past (PgDn/PgUp in a lesson) */
    char title[256];       /* what is being debugged (a lesson: its title) */
    char chapter[224];     /* a lesson's "chapter 2/3: Its title", or "" (the title bar shows it first) */
    char autoplay[40];     /* the status line's autoplay clock ("next in 4 s", "paused"), or "" */
    int help_page;         /* the `?` help's page, 0 first (PgDn / PgUp) */
    char highlight[40];    /* a value a lesson points at (shown first), or "" */
    int hl_row, hl_col;    /* its entry, 1-based; 0 = the whole value */
    /* a derive question's wrong answer (borrowed from the lesson player, or
     * NULL): shown first in the values pane, the entries that differ from
     * the pass's value (answer_differs, 1 each) marked */
    const Matrix *answer;
    const unsigned char *answer_differs;
    char answer_label[48];   /* its header, in the lesson's words */
    char answer_note[96];    /* the line under it: how many entries differ */
} ViewState;

void view_state_init(ViewState *vs);
/* The mode under a line being typed (the mode itself otherwise). */
ViewMode view_base_mode(const ViewState *vs);
/* Whether a line (a command or an answer) is being typed. */
bool view_typing(const ViewState *vs);

/* What a mouse click at (x, y) hits: an op of the program (*index = op) or
 * a matrix of the current op (*index = item). */
typedef enum { HIT_NONE, HIT_OP, HIT_ITEM } HitKind;
HitKind view_hit(const Engine *e, const ViewState *vs, int width, int height, int x, int y, int *index);
/* The entry of item `index` under (x, y), 1-based in the matrix as shown;
 * false when the point is not on one of its cells. */
bool view_hit_entry(const Engine *e, const ViewState *vs, int width, int height, int x, int y, int index, int *row,
                    int *col);
/* The label of the focused value as shown ("Z2[1]", "dW1"), or "" with none. */
void view_focused_label(const Engine *e, const ViewState *vs, char *buf, size_t size);

/* The narration as laid out on a width x height screen: how many lines it
 * wraps to and how many rows its box shows (false without narration). The
 * lesson's PgDn and autoplay scroll by it. */
bool view_narration_size(const Engine *e, const ViewState *vs, int width, int height, int *lines, int *rows);
/* The narration's scroll that shows its end (a question) from the start of
 * a paragraph, never mid-sentence when that fits; 0 when it all fits. */
int view_narration_end_scroll(const Engine *e, const ViewState *vs, int width, int height);

/* How many pages the `?` help has on a width x height screen (PgDn turns them). */
int view_help_pages(const ViewState *vs, int width, int height);

/* How far the shown result scrolls (its last row at the bottom) on a
 * width x height screen, and the rows of its box (*page). */
int view_result_scroll_max(const Engine *e, const ViewState *vs, int width, int height, int *page);

/* Whether the result view is in the main area on a width x height screen. */
bool view_result_on_screen(const Engine *e, const ViewState *vs, int width, int height);

/* Draws the whole screen. */
void view_draw(Canvas *c, const Engine *e, const ViewState *vs);

/* The matrices shown for op k: its reads, P_pool for pooling, its writes
 * (engine_op_items); returns how many. */
int view_items(const Engine *e, int k, OpItem items[], int max);

/* The training pane at (x, y), w x h: progress, the loss curve (p->curve),
 * rate a text such as "1200 images/s, ETA 0:41". With last (nothing runs:
 * T) it says how the last train and the last test ended instead (last[0]
 * train, last[1] test; training.h). */
void view_train_draw(Canvas *c, int x, int y, int w, int h, const TrainProgress *p, const char *rate, bool unicode,
                     const TrainSummary *last);

/* How many maps (channels, or filter tiles) the channel grid shows for the
 * focused value; 0 when it is not a map. */
int view_grid_count(const Engine *e, const ViewState *vs);

/* Paint mode's pane over the screen, and the pixel (1-based) under a click. */
void view_paint_draw(Canvas *c, const Engine *e, const ViewState *vs);
bool view_paint_hit(const Engine *e, int width, int height, int x, int y, int *row, int *col);

/* The compare view's selected output entry (vs->cmp_row/cmp_col, or the
 * first whose v is not 0 while none is chosen), 0-based; false without a
 * conv layer. */
bool view_compare_selection(const Engine *e, const ViewState *vs, int *row, int *col);
/* Whether the compare view's layer has channels too large for the slides'
 * drawing (more than 64 entries of S^m): then it shows a selected output
 * entry, and the arrows move it. */
bool view_compare_selects(const Engine *e, const ViewState *vs);
/* The channels of the layer the compare view shows (0 without a conv layer). */
int view_compare_channels(const Engine *e, const ViewState *vs);

/* v limited to lo..hi (the one clamp of the UI). */
int view_clamp(int v, int lo, int hi);

#endif
