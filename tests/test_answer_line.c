/* test_answer_line.c: a lesson's question in the terminal UI (issue 25):
 * a wrong derive answer in the values pane with the entries that differ
 * marked, the answer line's keys (editing, completion, viewing) and words
 * in the lesson's language (the Traditional Chinese example), and the
 * shipped lessons' questions standing where their answers are not on
 * screen. Drives the UI through tui_handle_key, no terminal. */
#include "helpers.h"
#include "lesson_tui.h"
#include "screen.h"

#include <stdio.h>

#include "../src/debugger/session.h"
#include "../src/ui/keys.h"
#include "../src/ui/tui_internal.h"

static KeyEvent key(unsigned ch)
{
    KeyEvent ev = { TK_CHAR, ch, 0, 0 };
    return ev;
}

static bool tui_shows(const Tui *t, const char *text)
{
    return screen_has(tui_engine(t), &t->vs, t->width, t->height, text);
}

/* Runs of cells in style st above the last two rows (the message and the
 * status line): the values pane's marked entries. */
static int style_runs(const Tui *t, Style st)
{
    Canvas *c = canvas_new(t->width, t->height);
    assert_non_null(c);
    view_draw(c, tui_engine(t), &t->vs);
    int runs = 0;
    for (int y = 1; y < c->height - 2; y++) {
        for (int x = 0; x < c->width; x++) {
            bool on = c->cells[y * c->width + x].style == st;
            bool before = x > 0 && c->cells[y * c->width + x - 1].style == st;
            runs += on && !before;
        }
    }
    canvas_free(c);
    return runs;
}

/* 25 (what was left, 1): a derive answer that differs is shown in the
 * values pane with the entries that differ marked, until the lesson goes on. */
static void test_derive_marks(void **state)
{
    (void)state;
    LessonTui lt;
    lesson_tui_open(&lt, "d.lesson", "title d\nrun\nderive \"Eq. (6)\" vec(dS1[1])'\npause\nsay on\n", 120, 40);
    LessonPlayer *p = lt.p;
    Tui *t = &lt.t;
    assert_non_null(p->question);
    assert_int_equal(style_runs(t, STYLE_ERROR), 0);
    snprintf(t->vs.cmdline, sizeof t->vs.cmdline, "%s", "(vec(dZ2[1])' .* vec(I(dZ2[1]))') * Ppool1[1]");
    tui_answer(t, t->vs.cmdline);
    assert_non_null(p->question); /* one more try */
    assert_non_null(t->vs.answer);
    assert_true(tui_shows(t, "your answer"));
    assert_true(tui_shows(t, "2 of 16 entries differ (marked)"));
    assert_int_equal(style_runs(t, STYLE_ERROR), 2); /* entries (1,6) and (1,14) */
    tui_answer(t, "(vec(dZ2[1])' .* vec(I(Z2[1]))') * Ppool1[1]");
    assert_null(p->question);
    assert_null(t->vs.answer); /* right: nothing marked any more */
    lesson_tui_close(&lt);
}

static void type_text(Tui *t, const char *text)
{
    for (const char *c = text; *c != '\0'; c++) {
        KeyEvent ev = key((unsigned char)*c);
        tui_handle_key(t, &ev);
    }
}

static void press(Tui *t, KeyKind kind)
{
    KeyEvent ev = { kind, 0, 0, 0 };
    tui_handle_key(t, &ev);
}

/* 25 (what was left, 3 and 4): the answer line in the lesson's words (the
 * Traditional Chinese example), and its keys: Ctrl-U clears it, Tab
 * completes a value's name on a derive answer (the rest of the line kept),
 * < and > scroll the output where no answer can have them. */
static void test_answer_line(void **state)
{
    (void)state;
    LessonTui lt;
    lesson_tui_open(&lt, "tests/lessons/phrases-zh.lesson", NULL, 120, 40);
    LessonPlayer *p = lt.p;
    Tui *t = &lt.t;
    tui_keys_update(t);
    assert_int_equal(t->vs.mode, MODE_QUESTION);
    assert_non_null(strstr(t->vs.prompt, "\xe4\xbd\x9c\xe7\xad\x94\xef\xbc\x9a")); /* 作答： */
    assert_non_null(strstr(t->vs.message, "\xe8\xbc\xb8\xe5\x85\xa5"));              /* 輸入 */
    type_text(t, "12");
    KeyEvent ev = key(21); /* Ctrl-U */
    tui_handle_key(t, &ev);
    assert_string_equal(t->vs.cmdline, "");
    type_text(t, "4");
    press(t, TK_ENTER);
    assert_non_null(strstr(t->vs.prompt, "\xe5\x86\x8d\xe8\xa9\xa6\xe4\xb8\x80\xe6\xac\xa1\xef\xbc\x9b")); /* 再試一次； */
    assert_non_null(strstr(sb_str(&t->console), "\xef\xbc\x88\xe4\xbd\x9c\xe7\xad\x94\xef\xbc\x89 4\n")); /* （作答） 4 */
    t->vs.result_shown = false; /* the output, not the result view, scrolls */
    type_text(t, "<"); /* never part of a number: the output scrolls back */
    assert_string_equal(t->vs.cmdline, "");
    assert_true(t->vs.console_back > 0);
    type_text(t, ">");
    assert_int_equal(t->vs.console_back, 0);
    assert_string_equal(t->vs.cmdline, "");
    press(t, TK_ESC);
    assert_non_null(strstr(t->vs.prompt, "(y/n)"));
    assert_non_null(strstr(t->vs.prompt, "\xe9\xa1\xaf\xe7\xa4\xba")); /* 顯示 */
    type_text(t, "y");
    assert_null(p->question);
    press(t, TK_ENTER); /* the derive question */
    assert_non_null(p->question);
    assert_int_equal(p->question->kind, LS_DERIVE);
    type_text(t, "I(sig)");
    press(t, TK_LEFT);
    press(t, TK_TAB);
    assert_string_equal(t->vs.cmdline, "I(sigS1)");
    assert_int_equal(t->vs.cmd_back, 1);
    press(t, TK_END);
    type_text(t, ">"); /* part of a derive answer once it is begun */
    assert_string_equal(t->vs.cmdline, "I(sigS1)>");
    int focus = t->vs.focus;
    press(t, TK_TAB); /* no name before the cursor: the next value */
    assert_int_not_equal(t->vs.focus, focus);
    assert_string_equal(t->vs.cmdline, "I(sigS1)>");
    ev = key(21);
    tui_handle_key(t, &ev);
    type_text(t, "vec(I(S1[1]))'"); /* refused, and the reason is on screen (the answer line covers the message) */
    press(t, TK_ENTER);
    assert_non_null(p->question);
    assert_true(tui_shows(t, "S1 may not be used here: this derivation is without S1, sigS1"));
    type_text(t, "(vec(dZ2[1])' .* vec(I(dZ2[1]))') * Ppool1[1]");
    press(t, TK_ENTER);
    assert_true(tui_shows(t, "\xe4\xbd\xa0\xe7\x9a\x84\xe7\xad\x94\xe6\xa1\x88"));      /* 你的答案 */
    assert_true(tui_shows(t, "16 \xe5\x80\x8b\xe5\x80\xbc\xe4\xb8\xad\xe6\x9c\x89 2")); /* 16 個值中有 2 */
    for (int guard = 0; guard < 10 && strstr(t->vs.message, "\xe8\xaa\xb2\xe7\xa8\x8b") == NULL; guard++) {
        press(t, TK_ENTER); /* an empty answer shows it; Enter goes on */
    }
    assert_non_null(strstr(t->vs.message, "\xe8\xaa\xb2\xe7\xa8\x8b\xe7\xb5\x90\xe6\x9d\x9f")); /* 課程結束 */
    assert_non_null(strstr(t->vs.message, "q \xe9\x9b\xa2\xe9\x96\x8b"));                          /* q 離開 */
    assert_null(strstr(t->vs.message, "goes back"));
    lesson_tui_close(&lt);
}

static bool screen_lacks(const Tui *t, const char *text)
{
    Canvas *c = canvas_new(t->width, t->height);
    assert_non_null(c);
    view_draw(c, tui_engine(t), &t->vs);
    StrBuf sb;
    sb_init(&sb);
    canvas_dump(c, &sb, false);
    bool lacks = strstr(sb_str(&sb), text) == NULL;
    if (!lacks) {
        fprintf(stderr, "'%s' on screen:\n%s", text, sb_str(&sb));
    }
    sb_release(&sb);
    canvas_free(c);
    return lacks;
}

/* 25 (what was left, 2): a shipped lesson's question does not stand where
 * its answer is on screen (lesson 6's dS1(1,6) beside the compare pane,
 * lesson 4's P_pool vec(B) beside Z2, lesson 9's dW3(1,2) under gradcheck's
 * own line). The lesson is played in the terminal UI to question n. */
static void answer_hidden(const char *path, int n, const char *const hidden[], int count)
{
    LessonTui lt;
    lesson_tui_open(&lt, path, NULL, 120, 40);
    LessonPlayer *p = lt.p;
    Tui *t = &lt.t;
    for (int guard = 0; guard < 40 && !(p->question != NULL && p->asked == n); guard++) {
        if (p->question != NULL) {
            tui_answer(t, NULL); /* an earlier question: shown */
        }
        press(t, TK_ENTER);
    }
    assert_non_null(p->question);
    assert_int_equal(p->asked, n);
    for (int k = 0; k < count; k++) {
        assert_true(screen_lacks(t, hidden[k]));
    }
    lesson_tui_close(&lt);
}

static void test_answers_hidden(void **state)
{
    (void)state;
    static const char *const eq5[] = { "-0.25", "dS1  2 x 16" };
    answer_hidden("lessons/06-eq5-vs-eq6.lesson", 1, eq5, 2);
    static const char *const pool[] = { "Z2[1]  2 x 2", "5 9", "[5 9; 4 6]", "z2  8 x 1" };
    answer_hidden("lessons/04-pooling.lesson", 2, pool, 4);
    static const char *const check[] = { "-1.5", "backprop dW3(1,2)" };
    answer_hidden("lessons/09-check-your-gradients.lesson", 2, check, 2);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_derive_marks),
        cmocka_unit_test(test_answer_line),
        cmocka_unit_test(test_answers_hidden),
    };
    return cmocka_run_group_tests_name("answer line", tests, NULL, NULL);
}
