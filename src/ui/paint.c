/* paint.c: the paint mode of the terminal UI (key P): the input Z^1 shown as
 * an image, a cursor moved by the arrow keys, space paints a pixel (1), x
 * erases it (0), a click or a drag paints where it lands, c clears the image,
 * Enter runs the forward pass and says what the network sees. Every change is
 * a `set` command, so it is checked, recomputed and undoable like any other. */
#include "paint.h"

#include <stdio.h>
#include <string.h>

#include "../debugger/values.h"
#include "term.h"

/* Z^1's channel size (rows x columns), false when the input is not a map. */
static bool input_map(const Engine *e, int *rows, int *cols, int *channels)
{
    const Net *net = e->net;
    if (net->spec.LC == 0) {
        return false;
    }
    const NetValue *z = &net->values[net->layer[1].Z];
    *rows = z->map_a;
    *cols = z->map_b;
    *channels = z->map_d;
    return *rows > 0 && *cols > 0;
}

static void say(ViewState *vs, bool error, const char *text)
{
    snprintf(vs->message, sizeof vs->message, "%s", text);
    vs->message_error = error;
}

bool paint_start(Engine *e, ViewState *vs)
{
    int rows, cols, channels;
    if (!input_map(e, &rows, &cols, &channels)) {
        say(vs, true, "paint needs an image-shaped input Z1 (a network with conv layers)");
        return false;
    }
    vs->paint = true;
    vs->sel_row = vs->sel_row > 0 && vs->sel_row <= rows ? vs->sel_row : (rows + 1) / 2;
    vs->sel_col = vs->sel_col > 0 && vs->sel_col <= cols ? vs->sel_col : (cols + 1) / 2;
    vs->nmarks = 0;
    say(vs, false, "paint mode: draw on Z1, Enter shows what the network sees, P leaves");
    return true;
}

/* Sets pixel (sel_row, sel_col) of channel 1 to v through the command language. */
static void paint_pixel(Engine *e, ViewState *vs, StrBuf *console, double v)
{
    int rows, cols, channels;
    if (!input_map(e, &rows, &cols, &channels)) {
        return;
    }
    char line[96];
    snprintf(line, sizeof line, "set Z1[1](%d,%d) = %g", vs->sel_row, vs->sel_col, v);
    int r = vs->sel_row, c = vs->sel_col;
    (void)tui_command(e, vs, console, line);
    vs->paint = true;
    vs->sel_row = r; /* a command resets the selection; painting keeps the cursor */
    vs->sel_col = c;
}

static void clear_image(Engine *e, ViewState *vs, StrBuf *console)
{
    int rows, cols, channels;
    if (!input_map(e, &rows, &cols, &channels)) {
        return;
    }
    StrBuf cmd;
    sb_init(&cmd);
    sb_printf(&cmd, "set Z1[1] = [");
    for (int r = 0; r < rows; r++) {
        for (int c = 0; c < cols; c++) {
            sb_append(&cmd, c == 0 ? (r == 0 ? "0" : "; 0") : " 0");
        }
    }
    sb_append(&cmd, "]");
    int r = vs->sel_row, c = vs->sel_col;
    (void)tui_command(e, vs, console, sb_str(&cmd));
    sb_release(&cmd);
    vs->paint = true;
    vs->sel_row = r;
    vs->sel_col = c;
    say(vs, false, "paint: the image is blank; space paints, Enter runs the forward pass");
}

/* Runs the forward pass and the loss, and names the largest output. */
static void look(Engine *e, ViewState *vs, StrBuf *console)
{
    int loss_op = -1;
    for (int k = 0; k < e->nops && loss_op < 0; k++) {
        loss_op = e->ops[k].phase == PHASE_LOSS ? k : -1;
    }
    char line[64];
    int r = vs->sel_row, c = vs->sel_col;
    snprintf(line, sizeof line, "goto %d", loss_op >= 0 ? loss_op + 1 : e->nops);
    (void)tui_command(e, vs, console, line);
    (void)tui_command(e, vs, console, "info predict");
    const char *pred = strstr(sb_str(console), "  1. z(");
    const char *last = pred;
    while (last != NULL) { /* the newest answer */
        pred = last;
        last = strstr(last + 1, "  1. z(");
    }
    if (pred != NULL) {
        char said[160];
        snprintf(said, sizeof said, "forward pass done; largest output:%.*s", (int)strcspn(pred + 1, "\n"), pred + 1);
        say(vs, false, said);
    }
    vs->paint = true;
    vs->sel_row = r;
    vs->sel_col = c;
}

bool paint_key(Engine *e, ViewState *vs, StrBuf *console, const KeyEvent *ev, int width, int height)
{
    int rows, cols, channels;
    if (!input_map(e, &rows, &cols, &channels)) {
        vs->paint = false;
        return false;
    }
    unsigned ch = ev->kind == TK_CHAR ? ev->ch : 0;
    switch (ev->kind) {
    case TK_UP: vs->sel_row = vs->sel_row > 1 ? vs->sel_row - 1 : 1; return true;
    case TK_DOWN: vs->sel_row = vs->sel_row < rows ? vs->sel_row + 1 : rows; return true;
    case TK_LEFT: vs->sel_col = vs->sel_col > 1 ? vs->sel_col - 1 : 1; return true;
    case TK_RIGHT: vs->sel_col = vs->sel_col < cols ? vs->sel_col + 1 : cols; return true;
    case TK_ENTER: look(e, vs, console); return true;
    case TK_ESC: vs->paint = false; say(vs, false, "paint mode off"); return true;
    case TK_BACKSPACE: paint_pixel(e, vs, console, 0.0); return true;
    case TK_MOUSE: {
        int row, col;
        if (view_paint_hit(e, width, height, ev->x, ev->y, &row, &col)) {
            vs->sel_row = row;
            vs->sel_col = col;
            paint_pixel(e, vs, console, 1.0);
        }
        return true;
    }
    default: break;
    }
    if (ch == ' ') {
        paint_pixel(e, vs, console, 1.0);
    } else if (ch == 'x') {
        paint_pixel(e, vs, console, 0.0);
    } else if (ch == 'c') {
        clear_image(e, vs, console);
    } else if (ch == 'P' || ch == 'q') {
        vs->paint = false;
        say(vs, false, "paint mode off");
    } else {
        return ch != ':' && ch != '?'; /* the command line and help still work */
    }
    return true;
}
