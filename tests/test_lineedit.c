/* test_lineedit.c: the ':' line's readline keys (ui/lineedit.c): each
 * function on a buffer and a cursor, the keys as the terminal delivers them
 * through tui_handle_key, and the cursor drawn where the editing happens. */
#include "helpers.h"

#include <stdio.h>

#include "../src/debugger/engine.h"
#include "../src/debugger/session.h"
#include "../src/ui/canvas.h"
#include "../src/ui/lineedit.h"
#include "../src/ui/tui_internal.h"

/* A line "text" with the cursor at `at` (0-based). */
static LineEdit line(char *buf, size_t size, const char *text, size_t at)
{
    snprintf(buf, size, "%s", text);
    LineEdit le = lineedit_at(buf, size, strlen(text) - at);
    assert_int_equal(le.cursor, at);
    return le;
}

static void test_functions(void **state)
{
    (void)state;
    char buf[32];
    LineEdit le = line(buf, sizeof buf, "prnt Z1print Z1[1](2,1)", 7);
    lineedit_kill_start(&le); /* Ctrl-U: the example */
    assert_string_equal(buf, "print Z1[1](2,1)");
    assert_int_equal(le.cursor, 0);
    le = line(buf, sizeof buf, "print dW1 + dW2", 15);
    lineedit_kill_word_back(&le); /* Ctrl-W: back to a blank */
    assert_string_equal(buf, "print dW1 + ");
    lineedit_kill_word_back(&le); /* blanks first, then the word */
    assert_string_equal(buf, "print dW1 ");
    le = line(buf, sizeof buf, "print W1(1,2)", 13);
    lineedit_word_left(&le); /* Alt-B: words are letters and digits */
    assert_int_equal(le.cursor, 11);
    lineedit_word_left(&le);
    assert_int_equal(le.cursor, 9);
    lineedit_word_left(&le);
    assert_int_equal(le.cursor, 6);
    lineedit_word_right(&le); /* Alt-F: to the end of the word */
    assert_int_equal(le.cursor, 8);
    lineedit_kill_end(&le); /* Ctrl-K */
    assert_string_equal(buf, "print W1");
    lineedit_home(&le); /* Ctrl-A, then insert at the cursor */
    assert_true(lineedit_insert(&le, 'x'));
    assert_string_equal(buf, "xprint W1");
    lineedit_right(&le);
    lineedit_backspace(&le); /* the character before the cursor */
    assert_string_equal(buf, "xrint W1");
    lineedit_delete(&le); /* Ctrl-D: the one under it */
    assert_string_equal(buf, "xint W1");
    lineedit_end(&le);
    lineedit_right(&le); /* nothing past the end, nothing before the start */
    assert_int_equal(le.cursor, 7);
    lineedit_home(&le);
    lineedit_left(&le);
    lineedit_backspace(&le);
    assert_int_equal(le.cursor, 0);
    assert_string_equal(buf, "xint W1");
    le = line(buf, sizeof buf, "print W1(1,2) + 3", 6);
    lineedit_kill_word_forward(&le); /* Alt-D */
    assert_string_equal(buf, "print (1,2) + 3");
    le = line(buf, 6, "abcd", 2); /* full: nothing changes */
    assert_true(lineedit_insert(&le, 'x'));
    assert_false(lineedit_insert(&le, 'y'));
    assert_string_equal(buf, "abxcd");
    assert_int_equal(lineedit_back(&le), 2);
}

static KeyEvent key(KeyKind kind, unsigned ch)
{
    KeyEvent ev = { kind, ch, 0, 0 };
    return ev;
}

static void type(Tui *t, const char *text)
{
    for (const char *p = text; *p != '\0'; p++) {
        KeyEvent ev = key(TK_CHAR, (unsigned char)*p);
        tui_handle_key(t, &ev);
    }
}

static bool press(Tui *t, KeyKind kind, unsigned ch)
{
    KeyEvent ev = key(kind, ch);
    return tui_handle_key(t, &ev);
}

/* The cell drawn as the cursor on the ':' line (the second line from the
 * bottom): its column, and the character it shows. */
static int cursor_column(const Tui *t, uint32_t *ch)
{
    Canvas *c = canvas_new(t->width, t->height);
    assert_non_null(c);
    view_draw(c, tui_engine(t), &t->vs);
    int found = -1;
    for (int x = 0; x < c->width && found < 0; x++) {
        const Cell *cell = &c->cells[(c->height - 2) * c->width + x];
        if (cell->style == STYLE_SELECTED) {
            found = x;
            *ch = cell->ch;
        }
    }
    canvas_free(c);
    return found;
}

static void test_keys_on_the_line(void **state)
{
    (void)state;
    Engine *e = engine_new(helper_reference());
    assert_non_null(e);
    Session s;
    session_init(&s);
    Tui t;
    tui_init(&t, &s, e, NULL, NULL);
    t.width = 120;
    t.height = 40;
    press(&t, TK_CHAR, ':');
    assert_int_equal(t.vs.mode, MODE_COMMAND);
    type(&t, "prnt Z1");
    press(&t, TK_CHAR, 21); /* Ctrl-U: the old text goes */
    type(&t, "print Z1[1](2,1)");
    assert_string_equal(t.vs.cmdline, "print Z1[1](2,1)");
    uint32_t ch = 0;
    assert_int_equal(cursor_column(&t, &ch), 17); /* after ':' and 16 characters */
    press(&t, TK_LEFT, 0);
    press(&t, TK_LEFT, 0);
    assert_int_equal(cursor_column(&t, &ch), 15);
    assert_int_equal(ch, '1'); /* the cursor shows the character it is on */
    press(&t, TK_ALT, 'b');
    press(&t, TK_ALT, 'b');
    assert_int_equal(cursor_column(&t, &ch), 10);
    assert_int_equal(ch, '1');
    press(&t, TK_CHAR, 1); /* Ctrl-A, then Ctrl-K: the line is empty */
    press(&t, TK_CHAR, 11);
    assert_string_equal(t.vs.cmdline, "");
    type(&t, "run");
    press(&t, TK_CHAR, 5); /* Ctrl-E, Ctrl-W, then a command typed at the cursor */
    press(&t, TK_CHAR, 23);
    type(&t, "print Z2[1]");
    press(&t, TK_HOME, 0);
    press(&t, TK_RIGHT, 0);
    press(&t, TK_ALT, 'f');
    assert_int_equal(t.vs.cmd_back, 6); /* after "print": " Z2[1]" follows */
    press(&t, TK_CHAR, 'x'); /* typed at the cursor, not at the end */
    assert_string_equal(t.vs.cmdline, "printx Z2[1]");
    press(&t, TK_BACKSPACE, 0); /* the character before the cursor */
    press(&t, TK_ENTER, 0);
    assert_int_equal(t.vs.mode, MODE_FREE);
    assert_int_equal(t.vs.cmd_back, 0);
    assert_non_null(strstr(t.vs.message, "not computed yet")); /* print Z2[1] ran, at position 0 */
    /* the recalled line has its cursor at the end; Backspace on an empty line closes it */
    press(&t, TK_CHAR, ':');
    press(&t, TK_UP, 0);
    assert_string_equal(t.vs.cmdline, "print Z2[1]");
    assert_int_equal(cursor_column(&t, &ch), 12);
    press(&t, TK_CHAR, 21);
    press(&t, TK_BACKSPACE, 0);
    assert_int_equal(t.vs.mode, MODE_FREE);
    /* Alt elsewhere is Escape, then the key, as before: Alt-q quits */
    assert_false(press(&t, TK_ALT, 'q'));
    tui_release(&t);
    engine_free(e);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_functions),
        cmocka_unit_test(test_keys_on_the_line),
    };
    return cmocka_run_group_tests_name("lineedit", tests, NULL, NULL);
}
