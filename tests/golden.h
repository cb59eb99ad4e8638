/* golden.h: golden frames shared by the UI tests (test_views.c,
 * test_view_compare.c): a screen, or the compare view alone in a box of a
 * given size, dumped with its styles and compared with tests/golden/NAME.txt
 * (written instead with BPSTEP_GOLDEN_WRITE set: `make golden`); before
 * either, the facts the slides fix for that frame must be on it. Also the
 * slides' image B and its 2 x 2 max pooling, worked here without the program. */
#ifndef BPSTEP_TEST_GOLDEN_H
#define BPSTEP_TEST_GOLDEN_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../src/ui/canvas.h"
#include "../src/ui/view_internal.h"
#include "../src/ui/views.h"

static inline char *read_all(const char *path)
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

/* Numbers at rounding level in a command's e-form output (1.1e-10,
 * 1.5e-07: gradcheck's relative errors, below 1e-6) depend on the BLAS build
 * and the CPU's kernels, not on bpstep: a frame keeps their place and shape,
 * its digits masked (#.#e-##), so a golden means the same on every machine.
 * The cells' compact forms (8e-7) are values and stay. */
static inline void golden_mask_noise(char *text)
{
    for (char *p = text; *p != '\0'; p++) {
        if (p[0] != 'e' || p[1] != '-' || p == text || !(p[-1] >= '0' && p[-1] <= '9')) {
            continue;
        }
        int exp = 0, nd = 0;
        while (p[2 + nd] >= '0' && p[2 + nd] <= '9') {
            exp = exp * 10 + (p[2 + nd] - '0');
            nd++;
        }
        if (nd < 2 || exp < 7) { /* printf's e-07 of a command's output; a cell's compact 8e-7 is a value */
            continue;
        }
        char *m = p - 1; /* the mantissa: digits and one point */
        while (m > text && ((m[-1] >= '0' && m[-1] <= '9') || m[-1] == '.')) {
            m--;
        }
        for (char *q = m; q < p; q++) {
            *q = *q == '.' ? '.' : '#';
        }
        for (int k = 0; k < nd; k++) {
            p[2 + k] = '#';
        }
    }
}

/* The dump compared with tests/golden/NAME.txt, or written there with
 * BPSTEP_GOLDEN_WRITE set (`make golden`), its rounding noise masked. */
static inline void golden_store_or_compare(const char *name, StrBuf *dump)
{
    golden_mask_noise(dump->text);
    char path[256];
    snprintf(path, sizeof path, "tests/golden/%s.txt", name);
    if (getenv("BPSTEP_GOLDEN_WRITE") != NULL) {
        FILE *f = fopen(path, "wb");
        assert_non_null(f);
        fputs(sb_str(dump), f);
        fclose(f);
        return;
    }
    char *want = read_all(path);
    if (want == NULL) {
        fail_msg("missing %s: run 'make golden' and review it", path);
    }
    if (strcmp(want, sb_str(dump)) != 0) {
        fprintf(stderr, "---- got:\n%s", sb_str(dump));
        fail_msg("%s differs from the screen (run 'make golden' and review the diff)", path);
    }
    free(want);
}

/* The slides' image B by rows; channel 1 of the reference network's first
 * convolution is B itself (sigma(S^1)[1] = B, Z^1 = B). */
static inline int image_b(int r, int c)
{
    static const int rows[4][4] = { { 3, 2, 3, 6 }, { 4, 5, 4, 9 }, { 2, 1, 2, 6 }, { 3, 4, 3, 2 } };
    return rows[r][c];
}

/* The screen with the window separators and box edges as spaces and runs
 * of spaces as one, so that "0.00 -0.25 0.00 -0.25" matches a row. */
static inline void squeeze(const char *in, char *out, size_t size)
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
static inline void pool_b(int out[2][2], int winner[4])
{
    for (int wc = 0; wc < 2; wc++) {
        for (int wr = 0; wr < 2; wr++) {
            int best = -1, at = 0;
            for (int c = 2 * wc; c < 2 * wc + 2; c++) {
                for (int r = 2 * wr; r < 2 * wr + 2; r++) {
                    if (image_b(r, c) > best) {
                        best = image_b(r, c);
                        at = c * 4 + r + 1;
                    }
                }
            }
            out[wr][wc] = best;
            winner[wc * 2 + wr] = at;
        }
    }
}

/* The facts a golden frame's name calls for, into facts (at most 12): the test file's own. */
typedef int (*GoldenFacts)(const char *name, char facts[][96]);

static inline void check_facts(const char *name, const char *screen, GoldenFacts golden_facts)
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
static inline void golden_frame(const char *name, Engine *e, const ViewState *vs, int w, int h, bool pane,
                                GoldenFacts facts)
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
    check_facts(name, sb_str(&sb), facts); /* before writing too: make golden cannot store a wrong screen */
    golden_store_or_compare(name, &sb);
    sb_release(&sb);
    canvas_free(c);
}

#endif
