/* term.c: ncurses behind a small interface. The only file that includes
 * curses.h. Signals only set a flag (signals.c); the main loop acts on it. */
#include "term.h"

#include <curses.h>
#include <langinfo.h>
#include <locale.h>
#include <stdlib.h>
#include <string.h>
#include <wchar.h>

#include "../base/interrupt.h"

static bool active;
static bool unicode;
static bool colour;

static void restore_at_exit(void)
{
    if (active) {
        fputs("\033[?1002l", stdout);
        endwin();
        active = false;
    }
}

/* One table from semantic styles to colours and attributes (htop style). */
typedef struct {
    short fg, bg;
    attr_t attr;      /* with colour */
    attr_t mono;      /* without colour (NO_COLOR, monochrome terminals) */
} StyleSpec;

static const StyleSpec STYLES[STYLE_COUNT] = {
    [STYLE_NORMAL] = { -1, -1, A_NORMAL, A_NORMAL },
    [STYLE_DIM] = { -1, -1, A_DIM, A_DIM },
    [STYLE_TITLE] = { COLOR_BLACK, COLOR_CYAN, A_BOLD, A_REVERSE | A_BOLD },
    [STYLE_HEADER] = { COLOR_CYAN, -1, A_BOLD, A_BOLD },
    [STYLE_SELECTED] = { COLOR_BLACK, COLOR_WHITE, A_NORMAL, A_REVERSE },
    [STYLE_CURRENT] = { COLOR_YELLOW, -1, A_BOLD, A_BOLD },
    [STYLE_BREAK] = { COLOR_RED, -1, A_BOLD, A_BOLD },
    [STYLE_WRITTEN] = { COLOR_GREEN, -1, A_BOLD, A_BOLD },
    [STYLE_GRAD_POS] = { COLOR_BLUE, -1, A_BOLD, A_NORMAL },
    [STYLE_GRAD_NEG] = { COLOR_RED, -1, A_NORMAL, A_UNDERLINE },
    [STYLE_EQUATION] = { -1, -1, A_BOLD, A_BOLD },
    [STYLE_STATUS] = { COLOR_BLACK, COLOR_WHITE, A_NORMAL, A_REVERSE },
    [STYLE_ERROR] = { COLOR_RED, -1, A_BOLD, A_BOLD | A_UNDERLINE },
    [STYLE_NARRATION] = { COLOR_GREEN, -1, A_NORMAL, A_NORMAL },
    [STYLE_POOL_1] = { COLOR_BLACK, COLOR_YELLOW, A_NORMAL, A_REVERSE },
    [STYLE_POOL_2] = { COLOR_BLACK, COLOR_MAGENTA, A_NORMAL, A_REVERSE },
    [STYLE_POOL_3] = { COLOR_BLACK, COLOR_CYAN, A_NORMAL, A_REVERSE },
    [STYLE_POOL_4] = { COLOR_BLACK, COLOR_GREEN, A_NORMAL, A_REVERSE },
    [STYLE_POOL_5] = { COLOR_WHITE, COLOR_BLUE, A_NORMAL, A_REVERSE },
    [STYLE_POOL_6] = { COLOR_WHITE, COLOR_RED, A_NORMAL, A_REVERSE },
    /* the heatmap: red below 0, blue above, brighter with the magnitude; without
     * colour the glyphs tell the sign (views.c) */
    [STYLE_HEAT_NEG_4] = { COLOR_RED, -1, A_BOLD, A_NORMAL },
    [STYLE_HEAT_NEG_3] = { COLOR_RED, -1, A_BOLD, A_NORMAL },
    [STYLE_HEAT_NEG_2] = { COLOR_RED, -1, A_NORMAL, A_NORMAL },
    [STYLE_HEAT_NEG_1] = { COLOR_RED, -1, A_DIM, A_NORMAL },
    [STYLE_HEAT_POS_1] = { COLOR_BLUE, -1, A_DIM, A_NORMAL },
    [STYLE_HEAT_POS_2] = { COLOR_BLUE, -1, A_NORMAL, A_NORMAL },
    [STYLE_HEAT_POS_3] = { COLOR_BLUE, -1, A_BOLD, A_NORMAL },
    [STYLE_HEAT_POS_4] = { COLOR_BLUE, -1, A_BOLD, A_NORMAL },
    /* STYLE_IMAGE..: pairs made in term_open from canvas_image_tones */
};

static bool images; /* 256 colours and enough pairs for the image view */

bool term_open(void)
{
    setlocale(LC_ALL, "");
    const char *cs = nl_langinfo(CODESET);
    unicode = cs != NULL && strcmp(cs, "UTF-8") == 0;
    if (newterm(NULL, stdout, stdin) == NULL) {
        return false;
    }
    active = true;
    atexit(restore_at_exit);
    cbreak();
    noecho();
    nonl();
    keypad(stdscr, TRUE);
    curs_set(0);
    set_escdelay(25);
    /* clicks, and (xterm's button-event mode 1002) motion while the button is
     * held, so that paint mode can draw with drags */
    mousemask(BUTTON1_CLICKED | BUTTON1_PRESSED | REPORT_MOUSE_POSITION, NULL);
    fputs("\033[?1002h", stdout);
    fflush(stdout);
    const char *no_colour = getenv("NO_COLOR");
    colour = has_colors() && (no_colour == NULL || no_colour[0] == '\0');
    if (colour) {
        start_color();
        use_default_colors();
        for (int s = 0; s < STYLE_IMAGE; s++) {
            init_pair((short)(s + 1), STYLES[s].fg, STYLES[s].bg);
        }
        images = COLORS >= 256 && COLOR_PAIRS > STYLE_COUNT;
        for (int t = 0; images && t < STYLE_TONES * STYLE_TONES; t++) {
            init_pair((short)(STYLE_IMAGE + t + 1), canvas_image_tones[t / STYLE_TONES], canvas_image_tones[t % STYLE_TONES]);
        }
    }
    return true;
}

bool term_colour(void)
{
    return colour;
}

bool term_images(void)
{
    return images;
}

void term_close(void)
{
    restore_at_exit();
}

bool term_unicode(void)
{
    return unicode;
}

void term_size(int *width, int *height)
{
    getmaxyx(stdscr, *height, *width);
}

void term_repaint(void)
{
    clearok(curscr, TRUE); /* the next refresh clears the terminal and draws every cell */
}

void term_present(const Canvas *c)
{
    for (int y = 0; y < c->height; y++) {
        for (int x = 0; x < c->width; x++) {
            const Cell *cell = &c->cells[y * c->width + x];
            if (cell->ch == CANVAS_WIDE_TAIL) {
                continue; /* the wide character to its left took this column */
            }
            const StyleSpec *spec = &STYLES[cell->style < STYLE_COUNT ? cell->style : 0];
            wchar_t wc[2] = { (wchar_t)cell->ch, L'\0' };
            if (!unicode && cell->ch > 0x7F) {
                wc[0] = L'?';
            }
            cchar_t cc;
            attr_t attr = colour ? spec->attr : spec->mono;
            short pair = colour ? (short)(cell->style + 1) : 0;
            setcchar(&cc, wc, attr, pair, NULL);
            /* the bottom-right cell too (ncurses writes it without scrolling
             * and says ERR, the cursor having nowhere to go): left out, it
             * kept what the screen had there before a resize */
            (void)mvadd_wch(y, x, &cc);
        }
    }
    refresh();
}

/* ESC alone, or Alt-x: the terminal sends ESC and x together, so a printable
 * character already waiting (within the escape delay) is Alt with it;
 * anything else is put back to be read as itself. */
static KeyEvent escape_or_alt(void)
{
    KeyEvent ev = { TK_ESC, 0, 0, 0 };
    timeout(25);
    wint_t next;
    int rc = get_wch(&next);
    if (rc == OK && next >= 32 && next < 127) {
        ev.kind = TK_ALT;
        ev.ch = (unsigned)next;
    } else if (rc == OK) {
        unget_wch((wchar_t)next);
    } else if (rc == KEY_CODE_YES) {
        ungetch((int)next);
    }
    return ev;
}

KeyEvent term_read(int timeout_ms)
{
    KeyEvent ev = { TK_NONE, 0, 0, 0 };
    if (interrupt_pending() > 0) {
        ev.kind = TK_SIGNAL;
        return ev;
    }
    timeout(timeout_ms);
    wint_t ch;
    int rc = get_wch(&ch);
    if (interrupt_pending() > 0) {
        ev.kind = TK_SIGNAL;
        return ev;
    }
    if (rc == ERR) {
        return ev;
    }
    if (rc == KEY_CODE_YES) {
        switch (ch) {
        case KEY_UP: ev.kind = TK_UP; break;
        case KEY_DOWN: ev.kind = TK_DOWN; break;
        case KEY_LEFT: ev.kind = TK_LEFT; break;
        case KEY_RIGHT: ev.kind = TK_RIGHT; break;
        case KEY_PPAGE: ev.kind = TK_PGUP; break;
        case KEY_NPAGE: ev.kind = TK_PGDN; break;
        case KEY_HOME: ev.kind = TK_HOME; break;
        case KEY_END: ev.kind = TK_END; break;
        case KEY_DC: ev.kind = TK_DELETE; break;
        case KEY_BACKSPACE: ev.kind = TK_BACKSPACE; break;
        case KEY_ENTER: ev.kind = TK_ENTER; break;
        case KEY_BTAB: ev.kind = TK_BTAB; break;
        case KEY_RESIZE: ev.kind = TK_RESIZE; break;
        case KEY_MOUSE: {
            MEVENT me;
            if (getmouse(&me) == OK) {
                ev.kind = TK_MOUSE;
                ev.x = me.x;
                ev.y = me.y;
            }
            break;
        }
        default: break;
        }
        return ev;
    }
    switch (ch) {
    case '\r':
    case '\n': ev.kind = TK_ENTER; break;
    case 27: ev = escape_or_alt(); break;
    case '\t': ev.kind = TK_TAB; break;
    case 127:
    case 8: ev.kind = TK_BACKSPACE; break;
    default:
        ev.kind = TK_CHAR;
        ev.ch = (unsigned)ch;
        break;
    }
    return ev;
}

int term_signal(void)
{
    return interrupt_pending();
}
