/* test_views.c: golden frames of the terminal UI at fixed engine positions
 * (80x24 and 160x50), compared with tests/golden/; `make golden` rewrites
 * them for review. Also keys, clicks and the small-terminal message. */
#include "helpers.h"
#include "golden.h"
#include "screen.h"

#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "../src/debugger/command.h"
#include "../src/debugger/engine.h"
#include "../src/lesson/lesson.h"
#include "../src/base/textwidth.h"
#include "../src/ui/canvas.h"
#include "../src/ui/tui_internal.h"
#include "../src/ui/record.h"
#include "../src/ui/view_internal.h"
#include "../src/ui/term.h"
#include "../src/ui/tui.h"
#include "../src/ui/views.h"

static Engine *reference_engine(void)
{
    Engine *e = engine_new(helper_reference());
    assert_non_null(e);
    return e;
}

/* ---- what makes a golden frame right, known without the program ---------
 * A golden is regenerated from the code by `make golden`; these facts are
 * not: they come from the slides (image B, its 2 x 2 max pooling) and from
 * docs/reference-network.md (worked by hand), so a regenerated golden with a
 * wrong screen fails here even when it matches its own file. */

/* dxi/dZ^2 of channel 1 at bwd pool1, by hand in docs/reference-network.md */
static const double DZ2_CH1[2][2] = { { -0.25, -0.25 }, { 0.25, 0.25 } };

/* The facts frame name must show, into facts (at most 12). */
static int golden_facts(const char *name, char facts[][96])
{
    int n = 0, pooled[2][2], winner[4];
    pool_b(pooled, winner);
    char cols[96];
    snprintf(cols, sizeof cols, "1s at columns %d %d %d %d", winner[0], winner[1], winner[2], winner[3]);
    if (strncmp(name, "start_", 6) == 0) { /* Z1 = vec(B), column-major */
        int k = snprintf(facts[n], 96, "0/19 next: fwd pad1");
        (void)k;
        n++;
        char *v = facts[n++];
        v[0] = '\0';
        for (int c = 0; c < 4; c++) {
            for (int r = 0; r < 4; r++) {
                snprintf(v + strlen(v), 96 - strlen(v), "%s%d", c + r == 0 ? "" : " ", image_b(r, c));
            }
        }
    } else if (strncmp(name, "pool1_channel1_nocolour", 23) == 0) { /* windows a-d (column-major) as letters */
        snprintf(facts[n++], 96, "%da %dc", pooled[0][0], pooled[0][1]);
        snprintf(facts[n++], 96, "%db %dd", pooled[1][0], pooled[1][1]);
        snprintf(facts[n++], 96, "Ppool1[1] 4 x 16");
    } else if (strncmp(name, "pool1_channel1", 14) == 0) {
        for (int r = 0; r < 4; r++) {
            snprintf(facts[n++], 96, "%d %d %d %d", image_b(r, 0), image_b(r, 1), image_b(r, 2), image_b(r, 3));
        }
        snprintf(facts[n++], 96, "%d %d", pooled[0][0], pooled[0][1]);
        snprintf(facts[n++], 96, "%d %d", pooled[1][0], pooled[1][1]);
        snprintf(facts[n++], 96, "%s", cols);
        snprintf(facts[n++], 96, "Ppool1[1] 4 x 16");
    } else if (strncmp(name, "bwd_pool1_channel1", 18) == 0) { /* eq. (6): dZ2 lands on the winners */
        double ds[16] = { 0 };
        for (int w = 0; w < 4; w++) {
            ds[winner[w] - 1] = DZ2_CH1[w % 2][w / 2];
        }
        for (int r = 0; r < 4; r++) {
            snprintf(facts[n++], 96, "%.2f %.2f %.2f %.2f", ds[r] + 0.0, ds[4 + r] + 0.0, ds[8 + r] + 0.0,
                     ds[12 + r] + 0.0);
        }
        snprintf(facts[n++], 96, "%s", cols);
        snprintf(facts[n++], 96, "dS1[1] 4 x 4 (written)");
    } else if (strncmp(name, "end_", 4) == 0) {
        snprintf(facts[n++], 96, "19/19 next: (end)");
        snprintf(facts[n++], 96, "loss 0.5 "); /* (0.5 - 1)^2 + (2.5 - 2)^2, docs/reference-network.md */
    } else if (strncmp(name, "compare_end", 11) == 0) {
        snprintf(facts[n++], 96, "(5) = (6) in all 16");
    } else if (strncmp(name, "conv1_heatmap", 13) == 0 || strcmp(name, "bwd_conv1_heatmap_100x30") == 0) {
        snprintf(facts[n++], 96, "blue+ red-");
    } else if (strcmp(name, "bwd_conv1_heatmap_nocolour_80x24") == 0) {
        snprintf(facts[n++], 96, "\342\227\217"); /* a negative entry's round glyph */
    } else if (strcmp(name, "help_80x24") == 0) {
        snprintf(facts[n++], 96, "toggle a breakpoint on the selected op");
    } else if (strncmp(name, "mnist_pool1_image", 17) == 0) {
        snprintf(facts[n++], 96, "5/33 next: fwd pad2");
    } else if (strcmp(name, "mnist_relu1_grid_120x40") == 0) {
        snprintf(facts[n++], 96, "32 channels");
    }
    return n;
}

static void golden(const char *name, Engine *e, const ViewState *vs, int w, int h)
{
    golden_frame(name, e, vs, w, h, false, golden_facts);
}

/* 21.6: width is display columns. A CJK character takes two, a zero-width
 * one none; Traditional Chinese narration wraps between characters, every
 * line fits its width and nothing is lost; a box edge is never crossed. */
static void test_wide_characters(void **state)
{
    (void)state;
    assert_int_equal(text_width("abc"), 3);
    assert_int_equal(text_width("\xe6\xb1\xa0\xe5\x8c\x96"), 4);        /* 池化 */
    assert_int_equal(text_width("e\xcc\x81"), 1);                          /* e + combining acute */
    assert_int_equal(text_width("a\xe2\x80\x8b" "b"), 2);                  /* a ZWSP b */
    assert_int_equal(text_width("\xf0\x9f\x98\x80"), 2);                  /* an emoji */
    const char *zh = "\xe6\xb1\xa0\xe5\x8c\x96\xe5\xb1\xa4\xe6\x8a\x8a\xe6\xaf\x8f\xe5\x80\x8b"
                     "\xe7\xaa\x97\xe5\x8f\xa3\xe7\x9a\x84\xe6\x9c\x80\xe5\xa4\xa7\xe5\x80\xbc"
                     "\xe7\x95\x99\xe4\xb8\x8b\xef\xbc\x8c\xe9\x80\x99\xe5\xb0\xb1\xe6\x98\xaf P_pool"
                     "\xe3\x80\x82"; /* 池化層把每個窗口的最大值留下，這就是 P_pool。 */
    for (int width = 5; width <= 30; width += 5) {
        const Wrapped *w = view_wrap(zh, width);
        char joined[512] = "";
        for (int k = 0; k < w->n; k++) {
            assert_true(text_width(w->lines[k]) <= width);
            strcat(joined, w->lines[k]);
        }
        char want[512];
        size_t n = 0;
        for (const char *q = zh; *q != '\0'; q++) { /* the wrap drops only the spaces it breaks at */
            if (*q != ' ' || strstr(joined, " P_pool") != NULL) {
                want[n++] = *q;
            }
        }
        want[n] = '\0';
        assert_string_equal(joined, want);
    }
    Canvas *c = canvas_new(12, 1);
    canvas_fill(c, 0, 0, 12, 1, '|', STYLE_NORMAL);
    int cols = canvas_text(c, 1, 0, zh, STYLE_NORMAL, 9); /* an odd room: 4 characters, then stop */
    assert_int_equal(cols, 8);
    StrBuf sb;
    sb_init(&sb);
    canvas_dump(c, &sb, false);
    assert_string_equal(sb_str(&sb), "|\xe6\xb1\xa0\xe5\x8c\x96\xe5\xb1\xa4\xe6\x8a\x8a|||\n");
    assert_int_equal(text_width(sb_str(&sb)) - 1, 12); /* exactly the canvas's width */
    sb_release(&sb);
    canvas_free(c);
}

/* 23.6: a recording survives a resize (an asciicast v2 "r" event, then the
 * frame at the new size), and a transcript wraps at the recording's width. */
static void test_recording_resize_and_wrap(void **state)
{
    (void)state;
    char path[] = "/tmp/bpstep-rec-XXXXXX";
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    close(fd);
    Recorder r;
    assert_int_equal(record_open(&r, path, 80, 24, "t"), 0);
    Canvas *small = canvas_new(80, 24), *big = canvas_new(120, 40);
    canvas_text(small, 0, 0, "small", STYLE_NORMAL, 80);
    canvas_text(big, 0, 0, "big", STYLE_NORMAL, 120);
    record_frame(&r, small);
    record_frame(&r, big);
    char line[300];
    memset(line, 'x', 250);
    memcpy(line + 90, " ", 1);
    line[250] = '\0';
    record_transcript(&r, line);
    assert_int_equal(record_close(&r), 0);
    canvas_free(small);
    canvas_free(big);
    char *text = read_all(path);
    assert_non_null(text);
    remove(path);
    const char *resize = strstr(text, ", \"r\", \"120x40\"]");
    assert_non_null(resize);
    assert_true(strstr(text, "small") < resize && strstr(text, "big") > resize);
    assert_null(strstr(text, "\"r\", \"80x24\"")); /* the header's size needs no event */
    /* 250 columns at width 120 (the size recorded last): broken at the space, then at 120 */
    const char *o = strstr(resize, "xxxx");
    assert_non_null(o);
    int run = 0, longest = 0;
    for (; *o != '"'; o++) {
        run = *o == 'x' ? run + 1 : 0;
        longest = run > longest ? run : longest;
    }
    assert_true(longest <= 120);
    free(text);
}

static void test_golden_frames(void **state)
{
    (void)state;
    static const struct {
        const char *name;
        int pos, channel;
        bool heatmap, compare;
    } frames[] = {
        { "start", 0, 0, false, false },
        { "pool1_channel1", 5, 1, false, false },
        { "bwd_pool1_channel1", 16, 1, false, false },
        { "end", 19, 0, false, false },
        { "conv1_heatmap", 3, 0, true, false },
        { "compare_end", 19, 0, false, true },
    };
    for (size_t i = 0; i < sizeof frames / sizeof *frames; i++) {
        Engine *e = reference_engine();
        engine_goto(e, frames[i].pos);
        ViewState vs;
        view_state_init(&vs);
        snprintf(vs.title, sizeof vs.title, "%s", "reference network");
        vs.cursor = frames[i].pos > 0 ? frames[i].pos - 1 : 0;
        vs.channel = frames[i].channel;
        vs.look = frames[i].heatmap ? LOOK_HEATMAP : LOOK_NUMBERS;
        vs.pane = frames[i].compare ? PANE_COMPARE : PANE_VALUES;
        char name[80];
        snprintf(name, sizeof name, "%s_80x24", frames[i].name);
        golden(name, e, &vs, 80, 24);
        snprintf(name, sizeof name, "%s_160x50", frames[i].name);
        golden(name, e, &vs, 160, 50);
        engine_free(e);
    }
}

/* The heatmap's sign without colour (NO_COLOR: round glyphs below 0), and
 * the image view: a 28 x 28 map of the MNIST net in 14 lines at 120x40. */
static void test_heatmap_sign_and_image(void **state)
{
    (void)state;
    Engine *e = reference_engine();
    engine_goto(e, 17); /* bwd conv1 done: dS1 and dW1 have both signs */
    ViewState vs;
    view_state_init(&vs);
    snprintf(vs.title, sizeof vs.title, "%s", "reference network");
    vs.cursor = 16;
    vs.look = LOOK_HEATMAP;
    vs.colour = false;
    golden("bwd_conv1_heatmap_nocolour_80x24", e, &vs, 80, 24);
    vs.colour = true;
    golden("bwd_conv1_heatmap_100x30", e, &vs, 100, 30);
    /* the key help on a projector-sized terminal: every key, the closing hint in the title */
    vs.overlay = OVERLAY_HELP;
    golden("help_80x24", e, &vs, 80, 24);
    vs.overlay = OVERLAY_NONE;
    /* without colour the pooling windows are letters: winner, P_pool row, output */
    engine_goto(e, 5);
    vs.cursor = 4;
    vs.look = LOOK_NUMBERS;
    vs.colour = false;
    vs.channel = 1;
    golden("pool1_channel1_nocolour_80x24", e, &vs, 80, 24);
    engine_free(e);

    char *config = read_all("lessons/nets/mnist.net");
    assert_non_null(config);
    NetSpec spec;
    Diag d;
    diag_clear(&d);
    assert_int_equal(config_parse(&spec, config, &d), 0);
    free(config);
    e = engine_from_spec(&spec, 1);
    assert_non_null(e);
    engine_goto(e, 5); /* fwd pool1 done */
    view_state_init(&vs);
    snprintf(vs.title, sizeof vs.title, "%s", "lessons/nets/mnist.net");
    vs.cursor = 4;
    vs.channel = 1;
    vs.look = LOOK_IMAGE;
    golden("mnist_pool1_image_120x40", e, &vs, 120, 40);
    golden("mnist_pool1_image_80x24", e, &vs, 80, 24); /* too tall: averaged to fit whole, 1:f said */
    /* all 32 channels of sigma(S^1) and one whole 28 x 28 map, no panning */
    engine_goto(e, 4);
    vs.look = LOOK_NUMBERS;
    vs.cursor = 3;
    vs.focus = 1;
    vs.pane = PANE_GRID;
    golden("mnist_relu1_grid_120x40", e, &vs, 120, 40);
    assert_int_equal(view_grid_count(e, &vs), 32);
    vs.focus = 0; /* the filters W1: 32 tiles of 5 x 5 */
    engine_goto(e, 3);
    vs.cursor = 2;
    vs.images = false; /* without 256 colours: glyphs */
    golden("mnist_conv1_filters_grid_100x30", e, &vs, 100, 30);
    engine_free(e);
}

/* Every pause of every shipped lesson (but the one that needs Fashion-MNIST)
 * at 80x24 and 120x40, as a class would see it on a projector (issue 23):
 * frame k is the screen at the lesson's k-th stop (the last: its end). */
static void test_lesson_frames(void **state)
{
    (void)state;
    static const char *const lessons[] = { "01-notation", "02-fully-connected", "03-convolution", "04-pooling",
                                           "05-pool-backward", "06-eq5-vs-eq6", "07-when-they-part", "08-mnist",
                                           "09-check-your-gradients", "11-your-own-model" };
    static const int sizes[][2] = { { 80, 24 }, { 120, 40 } };
    for (size_t i = 0; i < sizeof lessons / sizeof lessons[0]; i++) {
#ifndef BPSTEP_CBLAS
        if (strstr(lessons[i], "gradients") != NULL || strstr(lessons[i], "own-model") != NULL) {
            continue; /* gradcheck's finite differences at a ReLU kink round otherwise without OpenBLAS */
        }
#endif
        char path[128];
        snprintf(path, sizeof path, "lessons/%s.lesson", lessons[i]);
        StrBuf problems;
        sb_init(&problems);
        Lesson *l = lesson_load(path, NULL, &problems);
        if (l == NULL) {
            fail_msg("%s: %s", path, sb_str(&problems));
        }
        LessonPlayer *p = player_new(l, NULL);
        assert_non_null(p);
        p->quiet_narration = true;
        Session session;
        session_init(&session);
        Tui t;
        TuiOptions opt = { l->title, 0.0, NULL, 0 };
        tui_init(&t, &session, NULL, p, &opt);
        for (int k = 1; k == 1 || p->next < l->nsteps; k++) {
            tui_lesson_advance(&t); /* the stretch up to stop k; a question opens its answer line */
            for (size_t z = 0; z < sizeof sizes / sizeof sizes[0]; z++) {
                char name[96];
                snprintf(name, sizeof name, "lesson_%s_p%d_%dx%d", lessons[i], k, sizes[z][0], sizes[z][1]);
                golden(name, p->engine, &t.vs, sizes[z][0], sizes[z][1]);
            }
            if (t.vs.mode == MODE_QUESTION) { /* the answer shown (Enter alone), and what the class reads then */
                tui_answer(&t, NULL);
                char name[96];
                snprintf(name, sizeof name, "lesson_%s_p%d_answer_80x24", lessons[i], k);
                golden(name, p->engine, &t.vs, 80, 24);
            }
        }
        tui_release(&t);
        player_free(p);
        lesson_free(l);
        sb_release(&problems);
    }
}

/* A tiny entry among larger ones keeps its digit: -0.0003 in a 6-column
 * cell is -3e-4, never a false -0.000 (a walkthrough of lesson 11). */
static void test_tiny_entries_are_not_cut(void **state)
{
    (void)state;
    Engine *e = reference_engine();
    CmdResult r;
    cmd_result_init(&r);
    assert_int_equal(command_run(e, "set W1(1,1) = -0.0003", &r), CMD_OK);
    cmd_result_release(&r);
    engine_goto(e, 3);
    ViewState vs;
    view_state_init(&vs);
    vs.cursor = 2; /* fwd conv1: W1 is shown */
    assert_true(screen_has(e, &vs, 120, 40, "-3e-4"));
    assert_false(screen_has(e, &vs, 120, 40, "-0.000 "));
    engine_free(e);
}

/* A long session's output pane shows its newest lines: only the tail is
 * wrapped, so the wrapping's line limit never freezes it (issue 23). */
static void test_output_pane_shows_the_newest_lines(void **state)
{
    (void)state;
    Engine *e = reference_engine();
    ViewState vs;
    view_state_init(&vs);
    StrBuf out;
    sb_init(&out);
    for (int i = 1; i <= 3000; i++) {
        sb_printf(&out, "(bpstep) print %d\n%d  (1 x 1) and a line long enough to wrap in the output pane\n", i, i);
    }
    vs.console = sb_str(&out);
    assert_true(screen_has(e, &vs, 80, 24, "3000  (1 x 1)"));
    vs.console_back = 4; /* back a little: an older line, not a frozen one */
    assert_false(screen_has(e, &vs, 80, 24, "3000  (1 x 1)"));
    assert_true(screen_has(e, &vs, 80, 24, "2999  (1 x 1)"));
    sb_release(&out);
    engine_free(e);
}

static void test_pool_screen_shows_the_slides(void **state)
{
    (void)state;
    Engine *e = reference_engine();
    engine_goto(e, 5);
    ViewState vs;
    view_state_init(&vs);
    vs.cursor = 4;
    vs.channel = 1;
    /* P_pool restricted to channel 1: the slides' 4 x 16 with 1s at 6, 8, 14, 15 */
    assert_true(screen_has(e, &vs, 120, 40, "Ppool1[1]  4 x 16"));
    assert_true(screen_has(e, &vs, 120, 40, "\u00b7 \u00b7 \u00b7 \u00b7 \u00b7 1 \u00b7 \u00b7"));
    assert_true(screen_has(e, &vs, 120, 40, "5 9"));
    assert_true(screen_has(e, &vs, 120, 40, "Z\u00b2,\u2071 = mat(P_pool"));
    /* ASCII fallback */
    vs.unicode = false;
    assert_true(screen_has(e, &vs, 120, 40, "Z^{2,i} = mat(P_pool^{1,i} vec(sigma(S^{1,i})))"));
    engine_free(e);
}

static void test_small_terminal(void **state)
{
    (void)state;
    Engine *e = reference_engine();
    ViewState vs;
    view_state_init(&vs);
    assert_true(screen_has(e, &vs, 60, 20, "bpstep needs at least 80x24;"));
    assert_true(screen_has(e, &vs, 60, 20, "this terminal is 60x20."));
    assert_true(screen_has(e, &vs, 30, 5, "this terminal is 30x5."));
    engine_free(e);
}

static KeyEvent key(unsigned ch)
{
    KeyEvent ev = { TK_CHAR, ch, 0, 0 };
    return ev;
}

static void test_keys_drive_the_engine(void **state)
{
    (void)state;
    Engine *e = reference_engine();
    Session session;
    session_init(&session);
    Tui t;
    tui_init(&t, &session, e, NULL, NULL);
    t.width = 120;
    t.height = 40;
    KeyEvent ev = key('s'); /* gdb's keys: s steps one op, n runs to the end of the layer */
    assert_true(tui_handle_key(&t, &ev));
    ev = key(' ');
    tui_handle_key(&t, &ev);
    assert_int_equal(e->pos, 2);
    assert_int_equal(t.vs.cursor, 1); /* the matrices follow the op that ran */
    ev = (KeyEvent){ TK_LEFT, 0, 0, 0 };
    tui_handle_key(&t, &ev);
    assert_int_equal(e->pos, 1);
    ev = key('n');
    tui_handle_key(&t, &ev);
    assert_string_equal(e->ops[e->pos].name, "fwd flatten");
    /* select op 3 with the cursor, put a breakpoint on it, restart, continue */
    t.vs.cursor = 2;
    ev = key('b');
    tui_handle_key(&t, &ev);
    assert_int_equal(e->nbreaks, 1);
    ev = key('r');
    tui_handle_key(&t, &ev);
    ev = key('c');
    tui_handle_key(&t, &ev);
    assert_int_equal(e->pos, 2);
    /* the command line */
    ev = key(':');
    tui_handle_key(&t, &ev);
    assert_int_equal(t.vs.mode, MODE_COMMAND);
    for (const char *p = "print nope"; *p; p++) {
        ev = key((unsigned)*p);
        tui_handle_key(&t, &ev);
    }
    ev = (KeyEvent){ TK_ENTER, 0, 0, 0 };
    tui_handle_key(&t, &ev);
    assert_true(t.vs.message_error);
    assert_non_null(strstr(t.vs.message, "unknown name 'nope'"));
    assert_true(tui_command(&t, "run end")); /* past the breakpoint on op 3: run alone stops there, as gdb's */
    assert_int_equal(e->pos, e->nops);
    /* the output scrolls back and returns */
    ev = key('<');
    tui_handle_key(&t, &ev);
    assert_int_equal(t.vs.console_back, 5);
    assert_true(screen_has(e, &t.vs, 120, 40, "output (5 lines back; > returns)"));
    ev = key('>');
    tui_handle_key(&t, &ev);
    assert_int_equal(t.vs.console_back, 0);
    /* a click on an op in the program selects it */
    int index = -1;
    assert_int_equal(view_hit(e, &t.vs, 120, 40, 5, 2 + 3, &index), HIT_OP);
    ev = (KeyEvent){ TK_MOUSE, 0, 5, 5 };
    tui_handle_key(&t, &ev);
    assert_int_equal(t.vs.cursor, index);
    ev = key('q');
    assert_false(tui_handle_key(&t, &ev));
    tui_release(&t);
    engine_free(e);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_wide_characters),
        cmocka_unit_test(test_recording_resize_and_wrap),
        cmocka_unit_test(test_golden_frames),
        cmocka_unit_test(test_heatmap_sign_and_image),
        cmocka_unit_test(test_lesson_frames),
        cmocka_unit_test(test_pool_screen_shows_the_slides),
        cmocka_unit_test(test_small_terminal),
        cmocka_unit_test(test_output_pane_shows_the_newest_lines),
        cmocka_unit_test(test_tiny_entries_are_not_cut),
        cmocka_unit_test(test_keys_drive_the_engine),
    };
    return cmocka_run_group_tests_name("views", tests, NULL, NULL);
}
