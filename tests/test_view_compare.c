/* test_view_compare.c: the compare view (issue 24) as a class sees it:
 * golden frames per channel of the reference network under ReLU, tanh and
 * average pooling, in the boxes a lesson and free mode give it at 80x24 and
 * 120x40, and of the MNIST net; facts worked by hand from the slides
 * (image B, its P_pool with 1s at 6 8 14 15) that every frame must show; the
 * heatmap's sign colours on a pooling op. `make golden` rewrites the frames. */
#include "helpers.h"
#include "golden.h"
#include "screen.h"

#include <stdio.h>
#include <stdlib.h>

#include "../src/debugger/command.h"
#include "../src/debugger/engine.h"
#include "../src/ui/tui.h"

static Engine *reference_engine(void)
{
    Engine *e = engine_new(helper_reference());
    assert_non_null(e);
    return e;
}

/* The compare view of the reference network (docs/reference-network.md):
 * the verdict per activation and pooling, by hand. Channel 2's sigma(S^1)
 * is 0 at vec positions 2 4 5 7 9 10 11 (I(S1)[2]); under ReLU + max
 * pooling v^T P_pool is 0 there; average pooling spreads v over all 16, so
 * exactly those 7 part; tanh parts at the 4 winners of each channel. */
static int compare_facts(const char *name, char facts[][96])
{
    int n = 0;
    bool ch2 = strstr(name, "_ch2_") != NULL;
    if (strncmp(name, "compare_relu", 12) == 0) {
        snprintf(facts[n++], 96, "(5) = (6) in all 16.");
        if (ch2) {
            snprintf(facts[n++], 96, "I[S\302\271] = 0 at 2 4 5 7 9 10 11: v\341\265\200 P_pool is 0 there too");
        } else { /* eq. (6) puts dZ2's channel 1 on the winners: the slide's 4 x 4 form */
            snprintf(facts[n++], 96, "0.00 -0.25 0.00 -0.25");
            snprintf(facts[n++], 96, "0.00 0.25 0.00 0.00");
        }
    } else if (strncmp(name, "compare_tanh", 12) == 0) {
        snprintf(facts[n++], 96, "slide (6) parts from (5) in 4 of 16 (marked)");
        snprintf(facts[n++], 96, "(6) = (5) in all 16");
        if (strstr(name, "_120x") != NULL) { /* the three rows, (6) named as the equation box names it */
            snprintf(facts[n++], 96, "slide (6) = (v\341\265\200 \342\212\231 vec(I[Z\302\262])\341\265\200) P_pool");
            snprintf(facts[n++], 96, "\342\212\231 vec(Z\302\262,\342\201\261)\341\265\200)) P_pool, as bpstep runs it");
            snprintf(facts[n++], 96, "(5) = v\341\265\200 P_pool \342\212\231 vec(\317\203'(S\302\271))\341\265\200");
        }
    } else if (strncmp(name, "compare_avg", 11) == 0) {
        snprintf(facts[n++], 96, "each v spread over its 2x2 window, x 1/4");
        snprintf(facts[n++], 96, ch2 ? "(6) parts from (5) in 7 of 16 (marked)" : "(6) = (5) in all 16 here");
    }
    return n;
}

/* The facts frame name must show, into facts (at most 12). */
static int view_compare_facts(const char *name, char facts[][96])
{
    int n = 0, pooled[2][2], winner[4];
    pool_b(pooled, winner);
    if (strstr(name, "_screen_") != NULL) {
        /* the whole screen: the box frames carry the facts; here the title */
        snprintf(facts[n++], 96, "layer 1, channel %d of 2", strstr(name, "_ch2_") != NULL ? 2 : 1);
    } else if (strncmp(name, "compare_mnist", 13) == 0) {
        snprintf(facts[n++], 96, "Z2[1] is 14 x 14, S1[1] 28 x 28 (784 of 25088)");
        snprintf(facts[n++], 96, "(5) = (6) in all 784 entries of channel 1");
    } else {
        if (strstr(name, "_ch1_") != NULL && strstr(name, "avg") == NULL) {
            /* channel 1 is image B: the slides' P_pool, the interleaved columns c + d (q - 1) in brackets (d = 2) */
            snprintf(facts[n++], 96,
                     "v1\342\206\222%d v2\342\206\222%d v3\342\206\222%d v4\342\206\222%d [%d %d %d %d]",
                     winner[0], winner[1], winner[2], winner[3], 1 + 2 * (winner[0] - 1), 1 + 2 * (winner[1] - 1),
                     1 + 2 * (winner[2] - 1), 1 + 2 * (winner[3] - 1));
        }
        n += compare_facts(name, facts + n);
    }
    return n;
}

static void golden(const char *name, Engine *e, const ViewState *vs, int w, int h)
{
    golden_frame(name, e, vs, w, h, false, view_compare_facts);
}

/* Issue 24: the compare view per channel as the slides draw it, for the
 * reference network under ReLU, tanh and average pooling, each channel, in
 * the boxes the layout gives it: a lesson at 80x24 (80 x 14), free mode at
 * 80x24 (80 x 19), and at 120x40 (120 x 30 in a lesson, 120 x 35 free). */
static void test_compare_frames(void **state)
{
    (void)state;
    static const struct {
        const char *name, *setup;
    } models[] = { { "relu", NULL }, { "tanh", "set activation tanh" }, { "avg", "set pool avg" } };
    static const int sizes[][2] = { { 80, 14 }, { 80, 19 }, { 120, 30 }, { 120, 35 } };
    for (size_t i = 0; i < sizeof models / sizeof *models; i++) {
        Engine *e = reference_engine();
        if (models[i].setup != NULL) {
            StrBuf out;
            Diag d;
            sb_init(&out);
            diag_clear(&d);
            assert_int_equal(command_exec(e, models[i].setup, &out, &d), CMD_OK);
            sb_release(&out);
        }
        engine_goto(e, e->nops);
        ViewState vs;
        view_state_init(&vs);
        vs.cursor = e->nops - 1;
        vs.pane = PANE_COMPARE;
        for (int ch = 1; ch <= 2; ch++) {
            vs.channel = ch;
            for (size_t s = 0; s < sizeof sizes / sizeof *sizes; s++) {
                char name[96];
                snprintf(name, sizeof name, "compare_%s_ch%d_%dx%d", models[i].name, ch, sizes[s][0], sizes[s][1]);
                golden_frame(name, e, &vs, sizes[s][0], sizes[s][1], true, view_compare_facts);
            }
            for (int big = 0; big < 2; big++) { /* the whole screen, free mode, as the layout gives the view */
                char name[96];
                snprintf(name, sizeof name, "compare_%s_ch%d_screen_%s", models[i].name, ch, big ? "120x40" : "80x24");
                golden(name, e, &vs, big ? 120 : 80, big ? 40 : 24);
            }
        }
        engine_free(e);
    }
    /* the MNIST net: a 28 x 28 channel does not fit whole; the selected
     * output entry's window, the lists, the counts (120x40: 120 x 30 in a
     * lesson, 120 x 35 free), and the whole screen */
    char *config = read_all("lessons/nets/mnist.net");
    assert_non_null(config);
    NetSpec spec;
    Diag d;
    diag_clear(&d);
    assert_int_equal(config_parse(&spec, config, &d), 0);
    free(config);
    Engine *e = engine_from_spec(&spec, 1);
    assert_non_null(e);
    engine_goto(e, e->nops);
    ViewState vs;
    view_state_init(&vs);
    snprintf(vs.title, sizeof vs.title, "%s", "lessons/nets/mnist.net");
    vs.cursor = e->nops - 3; /* an op of conv layer 1's backward */
    while (vs.cursor > 0 && e->ops[vs.cursor].layer != 1) {
        vs.cursor--;
    }
    vs.pane = PANE_COMPARE;
    vs.channel = 1;
    golden_frame("compare_mnist_ch1_80x14", e, &vs, 80, 14, true, view_compare_facts);
    golden_frame("compare_mnist_ch1_80x19", e, &vs, 80, 19, true, view_compare_facts);
    golden_frame("compare_mnist_ch1_120x30", e, &vs, 120, 30, true, view_compare_facts);
    golden_frame("compare_mnist_ch1_120x35", e, &vs, 120, 35, true, view_compare_facts);
    golden("compare_mnist_ch1_120x40", e, &vs, 120, 40);
    /* the dense P_pool's size: the channel's first (14 x 14 = 196 rows, 28 x 28
     * = 784 columns), then all 32 interleaved; one channel is built alone */
    StrBuf out;
    sb_init(&out);
    diag_clear(&d);
    assert_int_equal(command_exec(e, "print Ppool1", &out, &d), CMD_ERROR);
    assert_non_null(strstr(d.msg, "Ppool1: each channel's P_pool^1 is 196 x 784, all 32 interleaved 6272 x 25088"));
    assert_int_equal(command_exec(e, "print Ppool1[1]", &out, &d), CMD_OK);
    assert_non_null(strstr(sb_str(&out), "(196 x 784)"));
    sb_release(&out);
    vs.cmp_row = 6; /* moved by H J K L */
    vs.cmp_col = 9;
    golden_frame("compare_mnist_ch1_sel_120x30", e, &vs, 120, 30, true, view_compare_facts);
    engine_free(e);
}

/* Issue 24 item 5: on a pooling op the heatmap draws every value in the
 * sign colours its legend promises (blue +, red -), never the windows'
 * colours, which stay in the numbers view. */
static void test_pool_heatmap_sign_colours(void **state)
{
    (void)state;
    Engine *e = reference_engine();
    engine_goto(e, 16); /* bwd pool1 done: dS1 holds +-0.25 at the winners */
    ViewState vs;
    view_state_init(&vs);
    vs.cursor = 15;
    vs.channel = 1;
    for (int look = 0; look < 2; look++) {
        vs.look = look == 0 ? LOOK_NUMBERS : LOOK_HEATMAP;
        Canvas *c = canvas_new(160, 50);
        view_draw(c, e, &vs);
        int pool = 0, neg = 0;
        for (int k = 0; k < c->width * c->height; k++) {
            pool += c->cells[k].style >= STYLE_POOL_1 && c->cells[k].style < STYLE_POOL_1 + STYLE_POOL_COLOURS;
            neg += c->cells[k].style >= STYLE_HEAT_NEG_4 && c->cells[k].style <= STYLE_HEAT_NEG_1;
        }
        if (look == 0) {
            assert_true(pool > 0); /* the numbers: the windows' colours link winners, P_pool's rows, outputs */
        } else {
            assert_int_equal(pool, 0);
            assert_true(neg > 0); /* dZ2 and dS1's -0.25 in the negative colour */
        }
        canvas_free(c);
    }
    engine_free(e);
}

/* Every test network, every conv layer, activation and pooling, in boxes
 * from a lesson's down to a cramped one: the view draws (no crash, no
 * write outside the box; ASan in make test), and says which layer. */
static void test_every_network_draws(void **state)
{
    (void)state;
    static const Activation acts[] = { ACT_RELU, ACT_TANH, ACT_SIGMOID, ACT_LEAKY };
    static const int sizes[][2] = { { 80, 14 }, { 120, 35 }, { 50, 8 }, { 20, 4 } };
    for (int i = 0; i < HELPER_NNETS; i++) {
        for (size_t a = 0; a < sizeof acts / sizeof *acts; a++) {
            for (int pool = 0; pool < 2; pool++) {
                Engine *e = engine_new(helper_net(HELPER_NETS[i], 3));
                assert_non_null(e);
                engine_set_model(e, acts[a], pool ? POOL_AVG : POOL_MAX);
                engine_goto(e, e->nops);
                ViewState vs;
                view_state_init(&vs);
                vs.pane = PANE_COMPARE;
                for (int k = 0; k < e->nops; k++) {
                    if (k > 0 && e->ops[k].layer == e->ops[k - 1].layer) {
                        continue; /* one op per layer: the view depends on the op's layer only */
                    }
                    vs.cursor = k;
                    vs.channel = k % 3;
                    for (size_t s = 0; s < sizeof sizes / sizeof *sizes; s++) {
                        Canvas *c = canvas_new(sizes[s][0] + 2, sizes[s][1] + 2);
                        canvas_fill(c, 0, 0, c->width, c->height, '#', STYLE_NORMAL);
                        view_draw_compare(c, e, &vs, (Rect){ 1, 1, sizes[s][0], sizes[s][1] });
                        for (int x = 0; x < c->width; x++) { /* the frame around the box untouched */
                            assert_int_equal(c->cells[x].ch, '#');
                            assert_int_equal(c->cells[x + c->width * (c->height - 1)].ch, '#');
                        }
                        for (int y = 0; y < c->height; y++) {
                            assert_int_equal(c->cells[c->width * y].ch, '#');
                            assert_int_equal(c->cells[c->width * y + c->width - 1].ch, '#');
                        }
                        canvas_free(c);
                    }
                }
                engine_free(e);
            }
        }
    }
}

/* On the MNIST net the arrows (and H J K L) move the selected output entry
 * of the compare view, not the position; PgDn picks the next channel; back
 * in the values pane the arrows step again. */
static void test_arrows_move_the_selection(void **state)
{
    (void)state;
    Engine *e = engine_new(helper_net(HELPER_MNIST, 1));
    assert_non_null(e);
    engine_goto(e, e->nops);
    Session session;
    session_init(&session);
    Tui t;
    tui_init(&t, &session, e, NULL, NULL);
    t.width = 120;
    t.height = 40;
    t.vs.cursor = e->nops - 3; /* bwd conv1: layer 1 */
    KeyEvent ev = { TK_CHAR, 'e', 0, 0 };
    tui_handle_key(&t, &ev);
    assert_int_equal(t.vs.pane, PANE_COMPARE);
    int row, col;
    assert_true(view_compare_selection(e, &t.vs, &row, &col));
    ev = (KeyEvent){ TK_DOWN, 0, 0, 0 };
    tui_handle_key(&t, &ev);
    ev = (KeyEvent){ TK_RIGHT, 0, 0, 0 };
    tui_handle_key(&t, &ev);
    tui_handle_key(&t, &ev);
    assert_int_equal(t.vs.cmp_row, row + 1);
    assert_int_equal(t.vs.cmp_col, col + 2);
    assert_int_equal(e->pos, e->nops); /* the position did not move */
    ev = (KeyEvent){ TK_CHAR, 'K', 0, 0 };
    tui_handle_key(&t, &ev);
    assert_int_equal(t.vs.cmp_row, row);
    for (int i = 0; i < 20; i++) { /* clamped to the 14 x 14 map */
        tui_handle_key(&t, &(KeyEvent){ TK_RIGHT, 0, 0, 0 });
    }
    assert_int_equal(t.vs.cmp_col, 13);
    ev = (KeyEvent){ TK_PGDN, 0, 0, 0 };
    tui_handle_key(&t, &ev);
    assert_int_equal(t.vs.channel, 2);
    assert_true(screen_has(e, &t.vs, 120, 40, "channel 2 of 32"));
    ev = (KeyEvent){ TK_CHAR, 'e', 0, 0 };
    tui_handle_key(&t, &ev);
    ev = (KeyEvent){ TK_LEFT, 0, 0, 0 };
    tui_handle_key(&t, &ev);
    assert_int_equal(e->pos, e->nops - 1); /* the values pane: left steps back */
    tui_release(&t);
    engine_free(e);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_compare_frames),
        cmocka_unit_test(test_pool_heatmap_sign_colours),
        cmocka_unit_test(test_every_network_draws),
        cmocka_unit_test(test_arrows_move_the_selection),
    };
    return cmocka_run_group_tests_name("view_compare", tests, NULL, NULL);
}
