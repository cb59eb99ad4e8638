/* lineedit.h: one line of text with a cursor, edited with the keys
 * readline (and so bash, gdb, python) binds: Ctrl-A / Ctrl-E and Home / End
 * to the start and the end, Left / Right and Ctrl-B / Ctrl-F by a character,
 * Alt-B / Alt-F by a word, Backspace and Ctrl-D (Delete) a character, Ctrl-U
 * to the start, Ctrl-K to the end, Ctrl-W the word before the cursor
 * (whitespace-delimited, as readline's unix-word-rubout), Alt-D the word after
 * it. The ':' line's module (tui.c keeps history, completion and Enter).
 * Pure: no curses, no I/O. Must not: allocate or print. */
#ifndef BPSTEP_LINEEDIT_H
#define BPSTEP_LINEEDIT_H

#include <stdbool.h>
#include <stddef.h>

#include "term.h"

typedef struct {
    char *text;    /* NUL-terminated ASCII, in a buffer of size bytes */
    size_t size;
    size_t cursor; /* 0..strlen(text): the character the cursor is on */
} LineEdit;

/* A line over text (size bytes) whose cursor is `back` characters before
 * its end (0: at the end, where typing appends), clamped to the line. */
LineEdit lineedit_at(char *text, size_t size, size_t back);
/* How many characters are after the cursor (lineedit_at's back). */
size_t lineedit_back(const LineEdit *le);

/* Inserts a printable ASCII character at the cursor; false when the line
 * is full (nothing changes). */
bool lineedit_insert(LineEdit *le, char ch);

void lineedit_home(LineEdit *le);
void lineedit_end(LineEdit *le);
void lineedit_left(LineEdit *le);
void lineedit_right(LineEdit *le);
void lineedit_word_left(LineEdit *le);   /* Alt-B: to the start of this or the previous word */
void lineedit_word_right(LineEdit *le);  /* Alt-F: to the end of this or the next word */
void lineedit_backspace(LineEdit *le);   /* the character before the cursor */
void lineedit_delete(LineEdit *le);      /* the character under the cursor */
void lineedit_kill_start(LineEdit *le);  /* Ctrl-U */
void lineedit_kill_end(LineEdit *le);    /* Ctrl-K */
void lineedit_kill_word_back(LineEdit *le);  /* Ctrl-W */
void lineedit_kill_word_forward(LineEdit *le); /* Alt-D */

/* Applies a key: 1 when it is an editing key (applied), -1 for a printable
 * character that does not fit, 0 for any other key (Enter, Tab, Up, ...,
 * Alt with a key other than B, F, D, and Backspace on an empty line) that
 * the caller handles. */
int lineedit_key(LineEdit *le, const KeyEvent *ev);

#endif
