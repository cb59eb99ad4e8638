/* paint.c: the paint mode of the terminal UI (key P): the input Z^1 shown as
 * an image, a cursor moved by the arrow keys, space paints a pixel (1), x
 * erases it (0), a click or a drag paints where it lands, c clears the image,
 * Enter runs the forward pass and says what the network sees. Every change is
 * a `set` command, so it is checked, recomputed and undoable like any other.
 * Must not: include curses.h, or read the network (engine queries only). */
#include "paint.h"

#include <stdio.h>
#include <string.h>

#include "../debugger/command.h"
#include "../debugger/engine_query.h"
#include "tui_internal.h"

bool paint_start(Tui *t)
{
    int rows, cols, channels;
    ViewState *vs = &t->vs;
    if (!engine_input_map(tui_engine(t), &rows, &cols, &channels)) {
        tui_say(t, true, "paint needs an image-shaped input Z1 (a network with conv layers)");
        return false;
    }
    vs->mode = MODE_PAINT;
    vs->sel_row = vs->sel_row > 0 && vs->sel_row <= rows ? vs->sel_row : (rows + 1) / 2;
    vs->sel_col = vs->sel_col > 0 && vs->sel_col <= cols ? vs->sel_col : (cols + 1) / 2;
    vs->nmarks = 0;
    tui_say(t, false, "paint mode: draw on Z1, Enter shows what the network sees, P leaves");
    return true;
}

/* Runs a command; painting keeps its cursor (a command resets the selection). */
static void paint_command(Tui *t, const char *line)
{
    int r = t->vs.sel_row, c = t->vs.sel_col;
    (void)tui_command(t, line);
    t->vs.mode = MODE_PAINT;
    t->vs.sel_row = r;
    t->vs.sel_col = c;
}

/* Sets pixel (sel_row, sel_col) of channel 1 to v through the command language. */
static void paint_pixel(Tui *t, double v)
{
    char line[96];
    snprintf(line, sizeof line, "set Z1[1](%d,%d) = %g", t->vs.sel_row, t->vs.sel_col, v);
    paint_command(t, line);
}

static bool paint_set(Tui *t, const KeyEvent *ev)
{
    (void)ev;
    paint_pixel(t, 1.0);
    return true;
}

static bool paint_erase(Tui *t, const KeyEvent *ev)
{
    (void)ev;
    paint_pixel(t, 0.0);
    return true;
}

static bool paint_click(Tui *t, const KeyEvent *ev)
{
    int row, col;
    if (view_paint_hit(tui_engine(t), t->width, t->height, ev->x, ev->y, &row, &col)) {
        t->vs.sel_row = row;
        t->vs.sel_col = col;
        paint_pixel(t, 1.0);
    }
    return true;
}

static bool paint_move(Tui *t, const KeyEvent *ev)
{
    int rows, cols, channels;
    ViewState *vs = &t->vs;
    (void)engine_input_map(tui_engine(t), &rows, &cols, &channels);
    switch (ev->kind) {
    case TK_UP: vs->sel_row = vs->sel_row > 1 ? vs->sel_row - 1 : 1; break;
    case TK_DOWN: vs->sel_row = vs->sel_row < rows ? vs->sel_row + 1 : rows; break;
    case TK_LEFT: vs->sel_col = vs->sel_col > 1 ? vs->sel_col - 1 : 1; break;
    default: vs->sel_col = vs->sel_col < cols ? vs->sel_col + 1 : cols; break;
    }
    return true;
}

static bool paint_clear(Tui *t, const KeyEvent *ev)
{
    (void)ev;
    int rows, cols, channels;
    (void)engine_input_map(tui_engine(t), &rows, &cols, &channels);
    StrBuf cmd;
    sb_init(&cmd);
    sb_printf(&cmd, "set Z1[1] = [");
    for (int r = 0; r < rows; r++) {
        for (int c = 0; c < cols; c++) {
            sb_append(&cmd, c == 0 ? (r == 0 ? "0" : "; 0") : " 0");
        }
    }
    sb_append(&cmd, "]");
    paint_command(t, sb_str(&cmd));
    sb_release(&cmd);
    tui_say(t, false, "paint: the image is blank; space paints, Enter runs the forward pass");
    return true;
}

/* Enter: runs the forward pass and the loss, and names the largest output
 * (asked of the engine, not read back from the printed prediction). */
static bool paint_look(Tui *t, const KeyEvent *ev)
{
    (void)ev;
    const Engine *e = tui_engine(t);
    int loss_op = -1;
    for (int k = 0; k < e->nops && loss_op < 0; k++) {
        loss_op = e->ops[k].phase == PHASE_LOSS ? k : -1;
    }
    char line[64];
    snprintf(line, sizeof line, "goto %d", loss_op >= 0 ? loss_op + 1 : e->nops);
    paint_command(t, line);
    paint_command(t, "info predict");
    RankedOutput top;
    if (engine_top_outputs(e, &top, 1) == 1) {
        char said[160];
        command_prediction_line(e, &top, 1, said, sizeof said);
        tui_say(t, false, "forward pass done; largest output: %s", said);
    }
    return true;
}

static bool paint_leave(Tui *t, const KeyEvent *ev)
{
    (void)ev;
    t->vs.mode = MODE_FREE;
    tui_say(t, false, "paint mode off");
    return true;
}

const ActionEntry TUI_PAINT_ACTIONS[] = {
    { A_PAINT_UP, paint_move }, { A_PAINT_DOWN, paint_move }, { A_PAINT_LEFT, paint_move },
    { A_PAINT_RIGHT, paint_move }, { A_PAINT_SET, paint_set }, { A_PAINT_ERASE, paint_erase },
    { A_PAINT_CLICK, paint_click }, { A_PAINT_CLEAR, paint_clear }, { A_PAINT_LOOK, paint_look },
    { A_PAINT_LEAVE, paint_leave },
    { A_NONE, NULL },
};
