/* lineedit.c: readline's editing keys on one line of text (lineedit.h).
 * Must not: include curses.h, allocate or print. */
#include "lineedit.h"

#include <ctype.h>
#include <string.h>

/* Control characters as the terminal sends them. */
enum {
    CTRL_A = 1, CTRL_B = 2, CTRL_D = 4, CTRL_E = 5, CTRL_F = 6,
    CTRL_K = 11, CTRL_U = 21, CTRL_W = 23
};

LineEdit lineedit_at(char *text, size_t size, size_t back)
{
    size_t len = strlen(text);
    LineEdit le = { text, size, back < len ? len - back : 0 };
    return le;
}

size_t lineedit_back(const LineEdit *le)
{
    return strlen(le->text) - le->cursor;
}

/* Removes text[from, to). */
static void cut(LineEdit *le, size_t from, size_t to)
{
    size_t len = strlen(le->text);
    memmove(le->text + from, le->text + to, len - to + 1);
    le->cursor = from;
}

bool lineedit_insert(LineEdit *le, char ch)
{
    size_t len = strlen(le->text);
    if (len + 1 >= le->size) {
        return false;
    }
    memmove(le->text + le->cursor + 1, le->text + le->cursor, len - le->cursor + 1);
    le->text[le->cursor++] = ch;
    return true;
}

void lineedit_home(LineEdit *le)
{
    le->cursor = 0;
}

void lineedit_end(LineEdit *le)
{
    le->cursor = strlen(le->text);
}

void lineedit_left(LineEdit *le)
{
    le->cursor -= le->cursor > 0;
}

void lineedit_right(LineEdit *le)
{
    le->cursor += le->text[le->cursor] != '\0';
}

/* A word, for Alt-B / Alt-F / Alt-D, is letters and digits (readline's). */
static bool word_char(char c)
{
    return isalnum((unsigned char)c) != 0;
}

static size_t word_start_before(const LineEdit *le)
{
    size_t k = le->cursor;
    while (k > 0 && !word_char(le->text[k - 1])) {
        k--;
    }
    while (k > 0 && word_char(le->text[k - 1])) {
        k--;
    }
    return k;
}

static size_t word_end_after(const LineEdit *le)
{
    size_t k = le->cursor;
    while (le->text[k] != '\0' && !word_char(le->text[k])) {
        k++;
    }
    while (le->text[k] != '\0' && word_char(le->text[k])) {
        k++;
    }
    return k;
}

void lineedit_word_left(LineEdit *le)
{
    le->cursor = word_start_before(le);
}

void lineedit_word_right(LineEdit *le)
{
    le->cursor = word_end_after(le);
}

void lineedit_backspace(LineEdit *le)
{
    if (le->cursor > 0) {
        cut(le, le->cursor - 1, le->cursor);
    }
}

void lineedit_delete(LineEdit *le)
{
    if (le->text[le->cursor] != '\0') {
        cut(le, le->cursor, le->cursor + 1);
    }
}

void lineedit_kill_start(LineEdit *le)
{
    cut(le, 0, le->cursor);
}

void lineedit_kill_end(LineEdit *le)
{
    le->text[le->cursor] = '\0';
}

/* Ctrl-W: blanks before the cursor, then everything back to a blank. */
void lineedit_kill_word_back(LineEdit *le)
{
    size_t k = le->cursor;
    while (k > 0 && isspace((unsigned char)le->text[k - 1])) {
        k--;
    }
    while (k > 0 && !isspace((unsigned char)le->text[k - 1])) {
        k--;
    }
    cut(le, k, le->cursor);
}

void lineedit_kill_word_forward(LineEdit *le)
{
    size_t at = le->cursor;
    cut(le, at, word_end_after(le));
}

/* Alt with a letter: ESC then the letter (term.c makes it TK_ALT). */
static int alt_key(LineEdit *le, unsigned ch)
{
    switch (ch) {
    case 'b': lineedit_word_left(le); return 1;
    case 'f': lineedit_word_right(le); return 1;
    case 'd': lineedit_kill_word_forward(le); return 1;
    default: return 0; /* not an editing key (tui.c reads it as Escape, then the key) */
    }
}

static int char_key(LineEdit *le, unsigned ch)
{
    switch (ch) {
    case CTRL_A: lineedit_home(le); return 1;
    case CTRL_E: lineedit_end(le); return 1;
    case CTRL_B: lineedit_left(le); return 1;
    case CTRL_F: lineedit_right(le); return 1;
    case CTRL_D: lineedit_delete(le); return 1;
    case CTRL_K: lineedit_kill_end(le); return 1;
    case CTRL_U: lineedit_kill_start(le); return 1;
    case CTRL_W: lineedit_kill_word_back(le); return 1;
    default: break;
    }
    if (ch >= 32 && ch < 127) {
        return lineedit_insert(le, (char)ch) ? 1 : -1;
    }
    return 0;
}

int lineedit_key(LineEdit *le, const KeyEvent *ev)
{
    switch (ev->kind) {
    case TK_CHAR: return char_key(le, ev->ch);
    case TK_ALT: return alt_key(le, ev->ch);
    case TK_LEFT: lineedit_left(le); return 1;
    case TK_RIGHT: lineedit_right(le); return 1;
    case TK_HOME: lineedit_home(le); return 1;
    case TK_END: lineedit_end(le); return 1;
    case TK_DELETE: lineedit_delete(le); return 1;
    case TK_BACKSPACE:
        if (le->text[0] == '\0') {
            return 0; /* the caller closes an empty line */
        }
        lineedit_backspace(le);
        return 1;
    default: return 0;
    }
}
