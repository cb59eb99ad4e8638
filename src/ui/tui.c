/* tui.c: the terminal UI's main loop. Keys become commands of the command
 * language (step, back, break ...), so the UI, lessons and batch mode share
 * one interpreter. Resizing is handled as TK_RESIZE in the loop. */
#include "tui.h"

#include <stdio.h>
#include <string.h>

#include "../debugger/command.h"
#include "term.h"

enum { CONSOLE_KEEP = 16000 };

/* The matrices pane follows the op that just ran. */
static void follow(const Engine *e, ViewState *vs)
{
    vs->cursor = e->pos > 0 ? e->pos - 1 : 0;
    vs->focus = 0;
    vs->pan_row = vs->pan_col = 0;
}

static void trim_console(StrBuf *console)
{
    if (console->len > CONSOLE_KEEP) {
        size_t cut = console->len - CONSOLE_KEEP / 2;
        const char *nl = strchr(console->text + cut, '\n');
        size_t from = nl != NULL ? (size_t)(nl + 1 - console->text) : cut;
        memmove(console->text, console->text + from, console->len - from + 1);
        console->len -= from;
    }
}

bool tui_command(Engine *e, ViewState *vs, StrBuf *console, const char *line)
{
    StrBuf out;
    sb_init(&out);
    Diag d;
    diag_clear(&d);
    int before = e->pos;
    CmdStatus st = command_exec(e, line, &out, &d);
    sb_printf(console, "(bpstep) %s\n%s", line, sb_str(&out));
    trim_console(console);
    vs->message_error = st == CMD_ERROR;
    if (st == CMD_ERROR) {
        char msg[600];
        diag_format(&d, msg, sizeof msg);
        snprintf(vs->message, sizeof vs->message, "%.250s", msg);
        sb_printf(console, "error: %s\n", msg);
    } else {
        /* the first line of the output says what happened */
        const char *text = sb_str(&out);
        snprintf(vs->message, sizeof vs->message, "%.*s", (int)strcspn(text, "\n"), text);
    }
    if (e->pos != before) {
        follow(e, vs);
    }
    vs->console = sb_str(console);
    sb_release(&out);
    return st != CMD_QUIT;
}

static void toggle_break(Engine *e, ViewState *vs, StrBuf *console)
{
    char line[64];
    for (int i = 0; i < e->nbreaks; i++) {
        if (e->breaks[i].kind == BP_OP && e->breaks[i].op == vs->cursor) {
            snprintf(line, sizeof line, "delete %d", e->breaks[i].id);
            tui_command(e, vs, console, line);
            return;
        }
    }
    snprintf(line, sizeof line, "break %s", e->ops[vs->cursor].name);
    tui_command(e, vs, console, line);
}

static void edit_cmdline(Engine *e, ViewState *vs, StrBuf *console, const KeyEvent *ev, bool *running)
{
    size_t len = strlen(vs->cmdline);
    switch (ev->kind) {
    case TK_ENTER:
        vs->cmd_active = false;
        if (len > 0) {
            char line[256];
            snprintf(line, sizeof line, "%s", vs->cmdline);
            *running = tui_command(e, vs, console, line);
        }
        vs->cmdline[0] = '\0';
        break;
    case TK_ESC:
        vs->cmd_active = false;
        vs->cmdline[0] = '\0';
        break;
    case TK_BACKSPACE:
        if (len > 0) {
            vs->cmdline[len - 1] = '\0';
        } else {
            vs->cmd_active = false;
        }
        break;
    case TK_CHAR:
        if (ev->ch >= 32 && ev->ch < 127 && len + 1 < sizeof vs->cmdline) {
            vs->cmdline[len] = (char)ev->ch;
            vs->cmdline[len + 1] = '\0';
        }
        break;
    default:
        break;
    }
}

static int clampi(int v, int lo, int hi)
{
    return v < lo ? lo : v > hi ? hi : v;
}

bool tui_handle_key(Engine *e, ViewState *vs, StrBuf *console, const KeyEvent *ev, int width, int height)
{
    bool running = true;
    if (vs->cmd_active) {
        edit_cmdline(e, vs, console, ev, &running);
        return running;
    }
    if (vs->help && ev->kind != TK_NONE && ev->kind != TK_RESIZE) {
        vs->help = false;
        return true;
    }
    char nitems_names[VIEW_MAX_ITEMS][24];
    bool written[VIEW_MAX_ITEMS];
    int nitems = view_items(e, clampi(vs->cursor, 0, e->nops - 1), nitems_names, written, VIEW_MAX_ITEMS);
    unsigned ch = ev->kind == TK_CHAR ? ev->ch : 0;
    if (ev->kind == TK_RIGHT || ch == 'n' || ch == ' ') {
        tui_command(e, vs, console, "step");
    } else if (ev->kind == TK_LEFT || ev->kind == TK_BACKSPACE || ch == 'p') {
        tui_command(e, vs, console, "back");
    } else if (ch == 'l') {
        tui_command(e, vs, console, "next");
    } else if (ch == 'c') {
        tui_command(e, vs, console, "continue");
    } else if (ch == 'C') {
        tui_command(e, vs, console, "reverse-continue");
    } else if (ch == 'r') {
        tui_command(e, vs, console, "restart");
    } else if (ch == 'g') {
        char line[32];
        snprintf(line, sizeof line, "goto %d", vs->cursor);
        tui_command(e, vs, console, line);
    } else if (ch == 'b') {
        toggle_break(e, vs, console);
    } else if (ev->kind == TK_UP || ch == 'k') {
        vs->cursor = clampi(vs->cursor - 1, 0, e->nops - 1);
        vs->focus = vs->pan_row = vs->pan_col = 0;
    } else if (ev->kind == TK_DOWN || ch == 'j') {
        vs->cursor = clampi(vs->cursor + 1, 0, e->nops - 1);
        vs->focus = vs->pan_row = vs->pan_col = 0;
    } else if (ev->kind == TK_TAB) {
        vs->focus = nitems > 0 ? (vs->focus + 1) % nitems : 0;
        vs->pan_row = vs->pan_col = 0;
    } else if (ev->kind == TK_BTAB) {
        vs->focus = nitems > 0 ? (vs->focus + nitems - 1) % nitems : 0;
        vs->pan_row = vs->pan_col = 0;
    } else if (ch == 'e') {
        vs->compare = !vs->compare;
        vs->pan_col = 0;
    } else if (ch == 'h') {
        vs->heatmap = !vs->heatmap;
    } else if (ch == '+' || ch == '=') {
        vs->decimals = clampi(vs->decimals < 0 ? 2 : vs->decimals + 1, 0, 6);
    } else if (ch == '-') {
        vs->decimals = clampi(vs->decimals < 0 ? 1 : vs->decimals - 1, 0, 6);
    } else if (ch == 'H') {
        vs->pan_col = clampi(vs->pan_col - 4, 0, 1 << 20);
    } else if (ch == 'L') {
        vs->pan_col += 4;
    } else if (ch == 'K' || ev->kind == TK_PGUP) {
        vs->pan_row = clampi(vs->pan_row - (ch == 'K' ? 2 : 10), 0, 1 << 20);
    } else if (ch == 'J' || ev->kind == TK_PGDN) {
        vs->pan_row += ch == 'J' ? 2 : 10;
    } else if (ch >= '0' && ch <= '9') {
        vs->channel = (int)(ch - '0');
        vs->pan_row = vs->pan_col = 0;
    } else if (ch == ':') {
        vs->cmd_active = true;
        vs->cmdline[0] = '\0';
    } else if (ch == '?') {
        vs->help = true;
    } else if (ch == 'q') {
        running = false;
    } else if (ev->kind == TK_MOUSE) {
        int index;
        HitKind hit = view_hit(e, vs, width, height, ev->x, ev->y, &index);
        if (hit == HIT_OP) {
            vs->cursor = index;
            vs->focus = vs->pan_row = vs->pan_col = 0;
        } else if (hit == HIT_ITEM) {
            vs->focus = index;
            vs->pan_row = vs->pan_col = 0;
        }
    }
    return running;
}

int tui_run(Engine *e, const char *title)
{
    if (!term_open()) {
        fprintf(stderr, "bpstep: cannot start the terminal UI (is TERM set?); use 'bpstep --batch'\n");
        return 2;
    }
    ViewState vs;
    view_state_init(&vs);
    vs.unicode = term_unicode();
    vs.title = title;
    snprintf(vs.message, sizeof vs.message, "n or space steps forward, p steps back, ? shows every key");
    StrBuf console;
    sb_init(&console);
    int width, height;
    term_size(&width, &height);
    Canvas *canvas = canvas_new(width, height);
    bool running = canvas != NULL;
    while (running) {
        view_draw(canvas, e, &vs);
        term_present(canvas);
        KeyEvent ev = term_read(250);
        if (ev.kind == TK_SIGNAL) {
            break;
        }
        if (ev.kind == TK_RESIZE || ev.kind == TK_NONE) {
            term_size(&width, &height);
            if (width != canvas->width || height != canvas->height) {
                Canvas *next = canvas_new(width > 0 ? width : 1, height > 0 ? height : 1);
                if (next != NULL) {
                    canvas_free(canvas);
                    canvas = next;
                }
            }
            continue;
        }
        if (width < VIEW_MIN_WIDTH || height < VIEW_MIN_HEIGHT) {
            running = !(ev.kind == TK_CHAR && ev.ch == 'q');
            continue;
        }
        running = tui_handle_key(e, &vs, &console, &ev, width, height);
    }
    term_close();
    canvas_free(canvas);
    sb_release(&console);
    int sig = term_signal();
    if (sig != 0) {
        fprintf(stderr, "bpstep: interrupted\n");
        return 128 + sig;
    }
    return 0;
}
