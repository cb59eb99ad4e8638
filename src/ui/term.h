/* term.h: the terminal, the only module that talks to ncurses. It shows a
 * Canvas, reads keys and mouse clicks, and always restores the terminal
 * (on close, at exit, after SIGINT or SIGTERM). */
#ifndef BPSTEP_TERM_H
#define BPSTEP_TERM_H

#include <stdbool.h>

#include "canvas.h"

typedef enum {
    TK_NONE, /* nothing within the timeout */
    TK_CHAR,
    TK_UP, TK_DOWN, TK_LEFT, TK_RIGHT, TK_PGUP, TK_PGDN, TK_HOME, TK_END,
    TK_BACKSPACE, TK_ENTER, TK_ESC, TK_TAB, TK_BTAB,
    TK_RESIZE, TK_MOUSE, TK_SIGNAL, /* SIGINT or SIGTERM arrived */
    TK_DELETE,
    TK_ALT /* Alt with the character ch: the terminal sends ESC, then it */
} KeyKind;

typedef struct KeyEvent {
    KeyKind kind;
    unsigned ch; /* TK_CHAR, TK_ALT: the character (a code point) */
    int x, y;    /* TK_MOUSE: the cell clicked */
} KeyEvent;

/* After a resize: the next term_present redraws the whole terminal, so
 * that nothing of the old size stays on screen. */
void term_repaint(void);

/* Starts curses; false (with nothing changed) when the terminal cannot be used. */
bool term_open(void);
void term_close(void);
bool term_unicode(void); /* the locale is UTF-8 */
bool term_colour(void);  /* colours in use (a colour terminal, NO_COLOR unset) */
bool term_images(void);  /* 256 colours: the image view's half blocks can be drawn */
void term_size(int *width, int *height);
void term_present(const Canvas *c);
KeyEvent term_read(int timeout_ms);
/* The signal that ended the session (SIGINT, SIGTERM) or 0. */
int term_signal(void);

#endif
