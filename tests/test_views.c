/* test_views.c: golden frames of the terminal UI at fixed engine positions
 * (80x24 and 160x50), compared with tests/golden/; `make golden` rewrites
 * them for review. Also keys, clicks and the small-terminal message. */
#include "helpers.h"
#include "screen.h"

#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "../src/debugger/command.h"
#include "../src/debugger/engine.h"
#include "../src/lesson/lesson.h"
#include "../src/base/textwidth.h"
#include "../src/ui/canvas.h"
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

static char *read_all(const char *path)
{
    FILE *f = fopen(path, "rb");
    if (f == NULL) {
        return NULL;
    }
    fseek(f, 0, SEEK_END);
    long n = ftell(f);
    fseek(f, 0, SEEK_SET);
    char *buf = malloc((size_t)n + 1);
    size_t got = fread(buf, 1, (size_t)n, f);
    buf[got] = '\0';
    fclose(f);
    return buf;
}

/* ---- what makes a golden frame right, known without the program ---------
 * A golden is regenerated from the code by `make golden`; these facts are
 * not: they come from the slides (image B, its 2 x 2 max pooling) and from
 * docs/reference-network.md (worked by hand), so a regenerated golden with a
 * wrong screen fails here even when it matches its own file. */

/* The slides' image B by rows; channel 1 of the reference network's first
 * convolution is B itself (sigma(S^1)[1] = B, Z^1 = B). */
static const int IMAGE_B[4][4] = { { 3, 2, 3, 6 }, { 4, 5, 4, 9 }, { 2, 1, 2, 6 }, { 3, 4, 3, 2 } };
/* dxi/dZ^2 of channel 1 at bwd pool1, by hand in docs/reference-network.md */
static const double DZ2_CH1[2][2] = { { -0.25, -0.25 }, { 0.25, 0.25 } };

/* The screen with the window separators and box edges as spaces and runs
 * of spaces as one, so that "0.00 -0.25 0.00 -0.25" matches a row. */
static void squeeze(const char *in, char *out, size_t size)
{
    size_t n = 0;
    bool space = false;
    while (*in != '\0' && n + 2 < size) {
        bool sep = strncmp(in, "\342\224\206", 3) == 0 || strncmp(in, "\342\224\202", 3) == 0; /* ┆ │ */
        if (sep || *in == ' ') {
            in += sep ? 3 : 1;
            if (!space) {
                out[n++] = ' ';
            }
            space = true;
            continue;
        }
        space = false;
        out[n++] = *in++;
    }
    out[n] = '\0';
}

/* Max pooling of B, 2 x 2 windows (MATH.md: the first largest entry in
 * column-major order wins): the outputs and the 1-based column-major index
 * in vec(B) of each winner, windows in column-major order (P_pool's rows). */
static void pool_b(int out[2][2], int winner[4])
{
    for (int wc = 0; wc < 2; wc++) {
        for (int wr = 0; wr < 2; wr++) {
            int best = -1, at = 0;
            for (int c = 2 * wc; c < 2 * wc + 2; c++) {
                for (int r = 2 * wr; r < 2 * wr + 2; r++) {
                    if (IMAGE_B[r][c] > best) {
                        best = IMAGE_B[r][c];
                        at = c * 4 + r + 1;
                    }
                }
            }
            out[wr][wc] = best;
            winner[wc * 2 + wr] = at;
        }
    }
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
                snprintf(v + strlen(v), 96 - strlen(v), "%s%d", c + r == 0 ? "" : " ", IMAGE_B[r][c]);
            }
        }
    } else if (strncmp(name, "pool1_channel1_nocolour", 23) == 0) { /* windows a-d (column-major) as letters */
        snprintf(facts[n++], 96, "%da %dc", pooled[0][0], pooled[0][1]);
        snprintf(facts[n++], 96, "%db %dd", pooled[1][0], pooled[1][1]);
        snprintf(facts[n++], 96, "Ppool1[1] 4 x 16");
    } else if (strncmp(name, "pool1_channel1", 14) == 0) {
        for (int r = 0; r < 4; r++) {
            snprintf(facts[n++], 96, "%d %d %d %d", IMAGE_B[r][0], IMAGE_B[r][1], IMAGE_B[r][2], IMAGE_B[r][3]);
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
    } else if (strstr(name, "_screen_") != NULL) {
        /* the whole screen: the box frames above carry the facts; here the title */
        snprintf(facts[n++], 96, "layer 1, channel %d of 2", strstr(name, "_ch2_") != NULL ? 2 : 1);
    } else if (strncmp(name, "compare_", 8) == 0 && strstr(name, "_ch1_") != NULL && strstr(name, "mnist") == NULL &&
               strstr(name, "avg") == NULL) {
        /* channel 1 is image B: the slides' P_pool, the interleaved columns c + d (q - 1) in brackets (d = 2) */
        snprintf(facts[n++], 96, "v1\342\206\222%d v2\342\206\222%d v3\342\206\222%d v4\342\206\222%d [%d %d %d %d]",
                 winner[0], winner[1], winner[2], winner[3], 1 + 2 * (winner[0] - 1), 1 + 2 * (winner[1] - 1),
                 1 + 2 * (winner[2] - 1), 1 + 2 * (winner[3] - 1));
        n += compare_facts(name, facts + n);
    } else if (strncmp(name, "compare_", 8) == 0 && strstr(name, "mnist") == NULL) {
        n += compare_facts(name, facts + n);
    } else if (strncmp(name, "compare_mnist", 13) == 0) {
        snprintf(facts[n++], 96, "Z2[1] is 14 x 14, S1[1] 28 x 28 (784 entries; 25088 in all channels)");
        snprintf(facts[n++], 96, "(5) = (6) in all 784 entries of channel 1");
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

static void check_facts(const char *name, const char *screen)
{
    static char flat[1 << 16];
    squeeze(screen, flat, sizeof flat);
    char facts[12][96];
    int n = golden_facts(name, facts);
    for (int k = 0; k < n; k++) {
        if (strstr(flat, facts[k]) == NULL) {
            fprintf(stderr, "---- screen:\n%s", screen);
            fail_msg("%s: the screen lacks '%s', which the slides say it must show", name, facts[k]);
        }
    }
}

/* Renders and compares with (or, with BPSTEP_GOLDEN_WRITE set, writes) a
 * golden frame: the whole screen, or (pane) the compare view alone in a box
 * of that size, as the layout gives it (a lesson at 80x24: 80 x 14). */
static void golden_frame(const char *name, Engine *e, const ViewState *vs, int w, int h, bool pane)
{
    Canvas *c = canvas_new(w, h);
    if (pane) {
        view_draw_compare(c, e, vs, (Rect){ 0, 0, w, h });
    } else {
        view_draw(c, e, vs);
    }
    StrBuf sb;
    sb_init(&sb);
    canvas_dump(c, &sb, true);
    check_facts(name, sb_str(&sb)); /* before writing too: make golden cannot store a wrong screen */
    char path[256];
    snprintf(path, sizeof path, "tests/golden/%s.txt", name);
    if (getenv("BPSTEP_GOLDEN_WRITE") != NULL) {
        FILE *f = fopen(path, "wb");
        assert_non_null(f);
        fputs(sb_str(&sb), f);
        fclose(f);
    } else {
        char *want = read_all(path);
        if (want == NULL) {
            fail_msg("missing %s: run 'make golden' and review it", path);
        }
        if (strcmp(want, sb_str(&sb)) != 0) {
            fprintf(stderr, "---- got:\n%s", sb_str(&sb));
            fail_msg("%s differs from the screen (run 'make golden' and review the diff)", path);
        }
        free(want);
    }
    sb_release(&sb);
    canvas_free(c);
}

static void golden(const char *name, Engine *e, const ViewState *vs, int w, int h)
{
    golden_frame(name, e, vs, w, h, false);
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

/* Every shipped lesson (but the one that needs Fashion-MNIST) at 80x24:
 * its first pause and its last, as a class would see them on a projector. */
static void test_lesson_frames(void **state)
{
    (void)state;
    static const char *const lessons[] = { "01-notation", "02-fully-connected", "03-convolution", "04-pooling",
                                           "05-pool-backward", "06-eq5-vs-eq6", "07-when-they-part", "08-mnist",
                                           "09-check-your-gradients" };
    for (size_t i = 0; i < sizeof lessons / sizeof lessons[0]; i++) {
        char path[128];
        snprintf(path, sizeof path, "lessons/%s.lesson", lessons[i]);
        StrBuf problems, console;
        sb_init(&problems);
        sb_init(&console);
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
        TuiOptions opt = { l->title, 0.0, NULL };
        tui_init(&t, &session, NULL, p, &opt);
        tui_lesson_advance(&t);
        char name[96];
        snprintf(name, sizeof name, "lesson_%s_first_80x24", lessons[i]);
        golden(name, p->engine, &t.vs, 80, 24);
        tui_lesson_goto(&t, lesson_pause_count(l));
        t.vs.console = sb_str(&t.console);
        snprintf(name, sizeof name, "lesson_%s_last_80x24", lessons[i]);
        golden(name, p->engine, &t.vs, 80, 24);
        tui_release(&t);
        player_free(p);
        lesson_free(l);
        sb_release(&problems);
        sb_release(&console);
    }
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
                golden_frame(name, e, &vs, sizes[s][0], sizes[s][1], true);
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
    golden_frame("compare_mnist_ch1_120x30", e, &vs, 120, 30, true);
    golden_frame("compare_mnist_ch1_120x35", e, &vs, 120, 35, true);
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
    golden_frame("compare_mnist_ch1_sel_120x30", e, &vs, 120, 30, true);
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
        cmocka_unit_test(test_keys_drive_the_engine),
        cmocka_unit_test(test_compare_frames),
        cmocka_unit_test(test_pool_heatmap_sign_colours),
    };
    return cmocka_run_group_tests_name("views", tests, NULL, NULL);
}
