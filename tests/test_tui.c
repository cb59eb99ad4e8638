/* test_tui.c: the top ring rebuilt (issue 22): the CmdResult of a command
 * (its blocks print as the old text, its stop reason and summary line), the
 * engine's answers to the screen, the session's history, and the key tables
 * per mode driving the terminal UI (no terminal: tui_handle_key). */
#include "helpers.h"
#include "lesson_tui.h"
#include "screen.h"

#include <stdio.h>

#include "../src/debugger/command.h"
#include "../src/debugger/engine_query.h"
#include "../src/debugger/session.h"
#include "../src/ui/keys.h"
#include "../src/ui/tui_internal.h"

static Engine *reference_engine(void)
{
    Engine *e = engine_new(helper_reference());
    assert_non_null(e);
    return e;
}

/* Runs line; the result's blocks, as text, must be what command_exec prints. */
static CmdStatus run(Engine *e, Engine *twin, const char *line, CmdResult *r)
{
    cmd_result_init(r);
    CmdStatus st = command_run(e, line, r);
    StrBuf blocks, text;
    sb_init(&blocks);
    sb_init(&text);
    cmd_result_text(r, &blocks);
    Diag d;
    diag_clear(&d);
    assert_int_equal(command_exec(twin, line, &text, &d), st);
    assert_string_equal(sb_str(&blocks), sb_str(&text));
    sb_release(&blocks);
    sb_release(&text);
    return st;
}

static void test_command_result(void **state)
{
    (void)state;
    Engine *e = reference_engine(), *twin = reference_engine();
    CmdResult r;
    assert_int_equal(run(e, twin, "step 2", &r), CMD_OK);
    assert_int_equal(r.stop, STOP_NONE);
    assert_string_equal(r.summary, "at 2/19, next: fwd conv1");
    cmd_result_release(&r);
    /* print: a text block, no; a matrix block with the value's name and a copy */
    assert_int_equal(run(e, twin, "print W1", &r), CMD_OK);
    int matrices = 0;
    for (int k = 0; k < r.nblocks; k++) {
        if (r.blocks[k].kind == BLOCK_MATRIX) {
            matrices++;
            assert_string_equal(r.blocks[k].name, "W1");
            assert_int_equal(r.blocks[k].m.rows, e->net->values[e->net->layer[1].W].m.rows);
            assert_true(mat_equal_bits(&r.blocks[k].m, &e->net->values[e->net->layer[1].W].m));
        }
    }
    assert_int_equal(matrices, 1);
    cmd_result_release(&r);
    /* a breakpoint: why it stopped, said by the summary line */
    assert_int_equal(run(e, twin, "break fwd pool1", &r), CMD_OK);
    assert_string_equal(r.summary, "breakpoint 1: fwd pool1");
    cmd_result_release(&r);
    assert_int_equal(run(e, twin, "continue", &r), CMD_OK);
    assert_int_equal(r.stop, STOP_BREAKPOINT);
    assert_string_equal(r.summary, "breakpoint 1: fwd pool1");
    cmd_result_release(&r);
    assert_int_equal(run(e, twin, "continue", &r), CMD_OK);
    assert_int_equal(r.stop, STOP_END);
    assert_non_null(strstr(r.summary, "at the end (19/19)"));
    cmd_result_release(&r);
    /* a watch fires going back */
    assert_int_equal(run(e, twin, "watch Z2(1,1)", &r), CMD_OK);
    cmd_result_release(&r);
    assert_int_equal(run(e, twin, "reverse-continue", &r), CMD_OK);
    assert_int_equal(r.stop, STOP_WATCH);
    cmd_result_release(&r);
    /* info break: a table block, one row per breakpoint */
    assert_int_equal(run(e, twin, "info break", &r), CMD_OK);
    assert_int_equal(r.nblocks, 1);
    assert_int_equal(r.blocks[0].kind, BLOCK_TABLE);
    assert_int_equal(r.blocks[0].rows, 2);
    assert_int_equal(r.blocks[0].cols, 4);
    assert_string_equal(r.blocks[0].cells[2], "fwd pool1");
    assert_string_equal(r.blocks[0].cells[5], "watch");
    cmd_result_release(&r);
    /* an error: the reason, nothing else */
    assert_int_equal(run(e, twin, "print nope", &r), CMD_ERROR);
    assert_int_equal(r.stop, STOP_ERROR);
    assert_non_null(strstr(r.diag.msg, "unknown name 'nope'"));
    cmd_result_release(&r);
    /* no summary line asked for: the first line of the output */
    assert_int_equal(run(e, twin, "info net", &r), CMD_OK);
    assert_true(r.nblocks > 0);
    assert_int_equal(strncmp(r.summary, r.blocks[0].text, strlen(r.summary)), 0);
    cmd_result_release(&r);
    engine_free(e);
    engine_free(twin);
}

/* Usage errors come from the command table: every form of 'set' (issue 22.6). */
static void test_usage_from_table(void **state)
{
    (void)state;
    Engine *e = reference_engine();
    StrBuf out;
    sb_init(&out);
    Diag d;
    diag_clear(&d);
    assert_int_equal(command_exec(e, "set = 3", &out, &d), CMD_ERROR);
    assert_non_null(strstr(d.msg, "set activation A"));
    assert_non_null(strstr(d.msg, "set pool max|avg"));
    assert_int_equal(command_exec(e, "delete x", &out, &d), CMD_ERROR);
    assert_int_equal(d.col, 8);
    assert_int_equal(command_exec(e, "undisplay 4", &out, &d), CMD_ERROR);
    assert_int_equal(d.col, 11);
    sb_release(&out);
    engine_free(e);
}

static void test_engine_queries(void **state)
{
    (void)state;
    Engine *e = reference_engine();
    int rows, cols, channels;
    assert_true(engine_input_map(e, &rows, &cols, &channels));
    assert_int_equal(rows, 4);
    assert_int_equal(cols, 4);
    assert_int_equal(channels, 1);
    assert_true(engine_input_pixel(e, 0, 3) == 6.0); /* image B's first row: 3 2 3 6 */
    ConvGeom g;
    assert_true(engine_conv_geom(e, 1, &g));
    assert_false(engine_conv_geom(e, 2, &g));
    assert_int_equal(engine_pool_window(e, 1), 2);
    assert_false(engine_outputs_valid(e));
    engine_goto(e, e->nops);
    assert_true(engine_outputs_valid(e));
    RankedOutput top[8];
    int n = engine_top_outputs(e, top, 8);
    assert_true(n >= 1);
    for (int k = 1; k < n; k++) {
        assert_true(top[k - 1].value >= top[k].value);
    }
    /* eq. (6) at bwd pool1 shows I[Z2] and v (.) I[Z2]; eq. (5) does not */
    int k = engine_find_op(e, "bwd pool1");
    assert_true(k >= 0);
    OpItem items[8];
    assert_int_equal(engine_op_extras(e, k, 0, items, 0, 8), 2);
    assert_string_equal(items[0].name, "I(Z2)");
    assert_int_equal(engine_set_rule(e, RULE_EQ5), 0);
    assert_int_equal(engine_op_extras(e, engine_find_op(e, "bwd pool1"), 0, items, 0, 8), 0);
    engine_free(e);
}

static void test_history(void **state)
{
    (void)state;
    Session s;
    session_init(&s);
    History *h = &s.history;
    history_add(h, "step");
    history_add(h, "step"); /* not twice in a row */
    history_add(h, "print Z2");
    assert_int_equal(h->len, 2);
    assert_string_equal(history_recall(h, -1), "print Z2");
    assert_string_equal(history_recall(h, -1), "step");
    assert_string_equal(history_recall(h, -1), "step"); /* the oldest stays */
    assert_string_equal(history_recall(h, 1), "print Z2");
    assert_string_equal(history_recall(h, 1), "");
    for (int i = 0; i < HISTORY_MAX + 5; i++) {
        char line[32];
        snprintf(line, sizeof line, "goto %d", i);
        history_add(h, line);
    }
    assert_int_equal(h->len, HISTORY_MAX);
    assert_string_equal(h->lines[0], "goto 5");
    /* an engine adopted by the session uses its host */
    Engine *e = reference_engine();
    assert_true(e->host == host_none());
    session_adopt(&s, e);
    assert_true(e->host == &s.host);
    engine_free(e);
}

/* Every binding of every table runs a command or an action the UI has;
 * no key is bound twice in one table. */
static void test_key_tables(void **state)
{
    (void)state;
    for (int m = 0; m < KEYS_TABLES; m++) {
        const KeyTable *t = keys_table((KeyMode)m);
        for (int b = 0; b < t->count; b++) {
            const KeyBinding *kb = &t->bindings[b];
            if (kb->command != NULL) {
                assert_true(command_known(kb->command, strlen(kb->command)));
                continue;
            }
            if (tui_action(kb->action) == NULL) {
                fail_msg("table %s: binding %d (%s) has no action", t->name, b, kb->label ? kb->label : "-");
            }
            for (int k = 0; k < KEYS_PER_BINDING && kb->keys[k].kind != TK_NONE; k++) {
                KeyEvent ev = { kb->keys[k].kind, kb->keys[k].ch, 0, 0 };
                if (keys_find((KeyMode)m, &ev) != kb) {
                    fail_msg("table %s: a key of binding %d is bound earlier too", t->name, b);
                }
            }
        }
    }
}

static KeyEvent key(unsigned ch)
{
    KeyEvent ev = { TK_CHAR, ch, 0, 0 };
    return ev;
}

static bool tui_shows(const Tui *t, const char *text)
{
    return screen_has(tui_engine(t), &t->vs, t->width, t->height, text);
}

/* A lesson: its keys come first (Enter moves on), '?' lists the lesson's
 * table before the free one, a question takes every key until answered. */
static void test_lesson_keys(void **state)
{
    (void)state;
    LessonTui lt;
    lesson_tui_open(&lt, "lessons/02-fully-connected.lesson", NULL, 120, 50);
    LessonPlayer *p = lt.p;
    Tui *t = &lt.t;
    tui_keys_update(t);
    assert_int_equal(t->vs.keys.modes[0], KEYS_LESSON);
    KeyEvent ev = key('?');
    tui_handle_key(t, &ev);
    assert_int_equal(t->vs.overlay, OVERLAY_HELP);
    assert_true(tui_shows(t, "on with the lesson, to the next pause"));
    assert_true(tui_shows(t, "-- keys --")); /* the free table after the lesson's */
    t->width = 80; /* a projector's 80x24: the lesson's keys whole, then as many others as fit */
    t->height = 24;
    assert_true(tui_shows(t, "on with the lesson, to the next pause"));
    assert_true(tui_shows(t, "step one op forward"));
    t->width = 120;
    t->height = 50;
    ev = key('x');
    tui_handle_key(t, &ev); /* any key closes the help */
    assert_int_equal(t->vs.overlay, OVERLAY_NONE);
    int guard = 0;
    while (p->question == NULL && guard++ < 20) {
        ev = (KeyEvent){ TK_ENTER, 0, 0, 0 };
        tui_handle_key(t, &ev);
    }
    assert_non_null(p->question);
    assert_int_equal(t->vs.mode, MODE_QUESTION);
    int pos = tui_engine(t)->pos;
    ev = key('s'); /* typed into the answer, not a step */
    tui_handle_key(t, &ev);
    assert_string_equal(t->vs.cmdline, "s");
    assert_int_equal(tui_engine(t)->pos, pos);
    /* Tab looks at another value with the question waiting (issue 25.3) */
    int focus = t->vs.focus;
    ev = (KeyEvent){ TK_TAB, 0, 0, 0 };
    tui_handle_key(t, &ev);
    assert_int_not_equal(t->vs.focus, focus);
    assert_int_equal(t->vs.mode, MODE_QUESTION);
    assert_string_equal(t->vs.cmdline, "s");
    ev = (KeyEvent){ TK_ESC, 0, 0, 0 }; /* asks first; another key keeps the question */
    tui_handle_key(t, &ev);
    assert_non_null(p->question);
    assert_non_null(strstr(t->vs.prompt, "show the answer? (y/n)"));
    ev = key('n');
    tui_handle_key(t, &ev);
    assert_non_null(p->question);
    assert_string_equal(t->vs.cmdline, "s");
    assert_null(strstr(t->vs.prompt, "show the answer?"));
    ev = (KeyEvent){ TK_ESC, 0, 0, 0 };
    tui_handle_key(t, &ev);
    ev = key('y'); /* shows the answer; the line closes */
    tui_handle_key(t, &ev);
    assert_null(p->question);
    assert_int_equal(t->vs.mode, MODE_FREE);
    lesson_tui_close(&lt);
}

/* Paint mode's table: arrows move the pixel cursor, not the op selection;
 * ':' still opens the command line, which returns to paint mode. */
/* The result view (issue 23.1): what a command shows takes the main area,
 * a matrix laid out as one; o gives the values back, O shows it over the
 * screen, where the keys scroll it, and anything of the overlay's closes it. */
static void test_result_view(void **state)
{
    (void)state;
    Engine *e = reference_engine();
    Session session;
    session_init(&session);
    Tui t;
    tui_init(&t, &session, e, NULL, NULL);
    assert_true(tui_command(&t, "print W1"));
    assert_true(t.vs.result_shown);
    assert_true(tui_shows(&t, "result of 'print W1'"));
    assert_true(tui_shows(&t, "   0   0   0   0   1   0   0  -1   0")); /* a row of W1, not wrapped */
    KeyEvent ev = key('o');
    tui_handle_key(&t, &ev);
    assert_false(tui_shows(&t, "result of 'print W1'"));
    tui_handle_key(&t, &ev);
    assert_true(tui_shows(&t, "result of 'print W1'"));
    assert_true(tui_command(&t, "print sum(W1)")); /* two lines: the message line has it, the values come back */
    assert_false(t.vs.result_shown);
    assert_true(tui_command(&t, "step")); /* moving shows the op's values */
    assert_true(tui_command(&t, "info values"));
    assert_true(t.vs.result_shown);
    assert_true(tui_command(&t, "step"));
    assert_false(t.vs.result_shown);
    /* over the screen: longer than the screen, it scrolls and says where */
    ev = key('O');
    tui_handle_key(&t, &ev);
    assert_int_equal(t.vs.overlay, OVERLAY_RESULT);
    assert_true(tui_shows(&t, "result of 'info values' 1-19/"));
    KeyEvent down = { TK_PGDN, 0, 0, 0 };
    tui_handle_key(&t, &down);
    assert_true(t.vs.result_scroll > 0);
    assert_false(tui_shows(&t, "result of 'info values' 1-19/"));
    for (int i = 0; i < 20; i++) { /* never past its end */
        tui_handle_key(&t, &down);
    }
    int end = t.vs.result_scroll;
    tui_handle_key(&t, &down);
    assert_int_equal(t.vs.result_scroll, end);
    KeyEvent up = { TK_UP, 0, 0, 0 };
    tui_handle_key(&t, &up); /* one row back from the end: moves at once */
    assert_int_equal(t.vs.result_scroll, end - 1);
    ev = key('q'); /* closes the overlay, does not quit */
    assert_true(tui_handle_key(&t, &ev));
    assert_int_equal(t.vs.overlay, OVERLAY_NONE);
    tui_release(&t);
    engine_free(e);
}

static void test_paint_keys(void **state)
{
    (void)state;
    Engine *e = reference_engine();
    Session s;
    session_init(&s);
    Tui t;
    tui_init(&t, &s, e, NULL, NULL);
    t.width = 120;
    t.height = 40;
    KeyEvent ev = key('P');
    tui_handle_key(&t, &ev);
    assert_int_equal(t.vs.mode, MODE_PAINT);
    int row = t.vs.sel_row, cursor = t.vs.cursor;
    ev = (KeyEvent){ TK_DOWN, 0, 0, 0 };
    tui_handle_key(&t, &ev);
    assert_int_equal(t.vs.sel_row, row + 1);
    assert_int_equal(t.vs.cursor, cursor);
    ev = key(':');
    tui_handle_key(&t, &ev);
    assert_int_equal(t.vs.mode, MODE_COMMAND);
    for (const char *c = "where"; *c != '\0'; c++) {
        ev = key((unsigned)*c);
        tui_handle_key(&t, &ev);
    }
    ev = (KeyEvent){ TK_ENTER, 0, 0, 0 };
    tui_handle_key(&t, &ev);
    assert_int_equal(t.vs.mode, MODE_PAINT);
    assert_string_equal(s.history.lines[s.history.len - 1], "where");
    ev = (KeyEvent){ TK_ENTER, 0, 0, 0 }; /* what the network sees: asked of the engine */
    tui_handle_key(&t, &ev);
    assert_non_null(strstr(t.vs.message, "largest output: 1. z("));
    ev = key('q'); /* leaves paint mode, does not quit */
    assert_true(tui_handle_key(&t, &ev));
    assert_int_equal(t.vs.mode, MODE_FREE);
    tui_release(&t);
    engine_free(e);
}


int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_command_result), cmocka_unit_test(test_usage_from_table),
        cmocka_unit_test(test_engine_queries), cmocka_unit_test(test_history),
        cmocka_unit_test(test_key_tables),     cmocka_unit_test(test_lesson_keys),
        cmocka_unit_test(test_paint_keys),     cmocka_unit_test(test_result_view),
    };
    return cmocka_run_group_tests_name("tui", tests, NULL, NULL);
}
