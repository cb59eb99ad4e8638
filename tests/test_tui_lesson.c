/* test_tui_lesson.c: a lesson in the terminal UI as a presenter drives it
 * (issue 23): autoplay's clock (a fake one: no test waits), what pauses and
 * what holds it, its countdown and its paging of a long narration; chapters
 * as the one counting, --chapter's start, q asking once; the `?` help page by
 * page and the hints; a Traditional Chinese lesson's golden frames at 80x24
 * (`make golden` rewrites them too). */
#include "helpers.h"
#include "golden.h"
#include "screen.h"

#include <stdio.h>
#include <stdlib.h>

#include "../src/debugger/engine.h"
#include "../src/lesson/lesson.h"
#include "../src/ui/canvas.h"
#include "../src/ui/keys.h"
#include "../src/ui/tui_internal.h"
#include "../src/ui/view_internal.h"

static Engine *reference_engine(void)
{
    Engine *e = engine_new(helper_reference());
    assert_non_null(e);
    return e;
}

static bool tui_shows(const Tui *t, const char *text)
{
    return screen_has(tui_engine(t), &t->vs, t->width, t->height, text);
}

/* The canvas as tests/golden/NAME.txt has it (golden.h). */
static void golden_canvas(const char *name, const Canvas *c)
{
    StrBuf sb;
    sb_init(&sb);
    canvas_dump(c, &sb, true);
    golden_store_or_compare(name, &sb);
    sb_release(&sb);
}

/* Three chapters: a paragraph longer than its box at 80x24, then a question. */
static const char PRESENTER_LESSON[] =
    "title Presenter test\n"
    "chapter The forward pass\n"
    "say One two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen\n"
    "  sixteen seventeen eighteen nineteen twenty, and again: one two three four five six seven eight\n"
    "  nine ten eleven twelve thirteen fourteen fifteen sixteen seventeen eighteen nineteen twenty,\n"
    "  and a third time: one two three four five six seven eight nine ten eleven twelve thirteen\n"
    "  fourteen fifteen sixteen seventeen eighteen nineteen twenty, and a fourth: one two three four\n"
    "  five six seven eight nine ten eleven twelve thirteen fourteen fifteen sixteen seventeen,\n"
    "  and more: one two three four five six seven eight nine ten eleven twelve thirteen fourteen\n"
    "  fifteen sixteen seventeen eighteen nineteen twenty, and more: one two three four five six\n"
    "  seven eight nine ten eleven twelve thirteen fourteen fifteen sixteen seventeen eighteen,\n"
    "  and a last time: one two three four five six seven eight nine ten eleven twelve thirteen.\n"
    "pause\n"
    "chapter The backward pass\n"
    "say Short.\n"
    "ask Z2[1](1,1)\n"
    "say After the question.\n"
    "pause\n"
    "chapter Last words\n"
    "say The end.\n";

typedef struct {
    Lesson *lesson;
    LessonPlayer *player;
    Session session;
    Tui t;
    double now; /* the fake clock autoplay reads */
} Presenter;

static double presenter_clock(void *ctx)
{
    return *(const double *)ctx;
}

static void presenter_open(Presenter *pr, double autoplay, int chapter)
{
    StrBuf problems;
    sb_init(&problems);
    pr->lesson = lesson_load_text("presenter.lesson", ".", PRESENTER_LESSON, NULL, &problems);
    if (pr->lesson == NULL) {
        fail_msg("%s", sb_str(&problems));
    }
    sb_release(&problems);
    pr->player = player_new(pr->lesson, NULL);
    assert_non_null(pr->player);
    pr->player->quiet_narration = true;
    session_init(&pr->session);
    TuiOptions opt = { pr->lesson->title, autoplay, NULL, chapter };
    tui_init(&pr->t, &pr->session, NULL, pr->player, &opt);
    pr->now = 0.0;
    pr->t.clock = presenter_clock;
    pr->t.clock_ctx = &pr->now;
    tui_lesson_start(&pr->t);
    tui_autoplay_rewind(&pr->t); /* as tui_run does: the clock starts with the first stop */
}

static void presenter_close(Presenter *pr)
{
    tui_release(&pr->t);
    player_free(pr->player);
    lesson_free(pr->lesson);
}

static void press(Tui *t, KeyKind kind, unsigned ch)
{
    KeyEvent ev = { kind, ch, 0, 0 };
    tui_handle_key(t, &ev);
}

static const char *countdown(Tui *t)
{
    tui_autoplay_status(t);
    return t->vs.autoplay;
}

/* Autoplay pages a long narration, each page its share of the reading
 * time, before it moves on. */
static void test_autoplay_pages_and_holds(void **state)
{
    (void)state;
    Presenter pr;
    presenter_open(&pr, 2.0, 0);
    Tui *t = &pr.t;
    int lines = 0, rows = 0;
    assert_true(view_narration_size(tui_engine(t), &t->vs, t->width, t->height, &lines, &rows));
    assert_true(lines > rows); /* the paragraph is longer than its box at 80x24 */
    int pages = (lines + rows - 1) / rows;
    double all = player_pace(pr.player, 2.0), share = all / pages;
    assert_true(all > 2.0); /* 150 words: seven times the base */
    Canvas *frame = canvas_new(80, 24);
    assert_non_null(frame);
    tui_autoplay_status(t);
    view_draw(frame, tui_engine(t), &t->vs);
    golden_canvas("lesson_autoplay_80x24", frame); /* the countdown on the status line, the chapter in the title bar */
    canvas_free(frame);
    assert_true(t->next_autoplay > share - 1e-9 && t->next_autoplay < share + 1e-9);
    char want[40];
    snprintf(want, sizeof want, "next in %d s", (int)share + (share > (int)share));
    assert_string_equal(countdown(t), want);
    assert_true(tui_shows(t, want)); /* on the status line */
    int scroll = 0;
    for (int page = 1; page < pages; page++) {
        pr.now = t->next_autoplay - 0.01;
        assert_false(tui_autoplay_tick(t));
        pr.now = t->next_autoplay;
        assert_true(tui_autoplay_tick(t));
        assert_true(t->vs.narration_scroll > scroll); /* a page on, the same chapter */
        scroll = t->vs.narration_scroll;
        assert_non_null(strstr(t->vs.chapter, "chapter 1/3"));
    }
    assert_true(scroll + rows >= lines); /* its last page was shown */
    pr.now = t->next_autoplay;
    assert_true(tui_autoplay_tick(t)); /* then on to chapter 2 */
    assert_non_null(strstr(t->vs.chapter, "chapter 2/3: The backward pass"));
    presenter_close(&pr);
}

/* The ':' line and the help hold autoplay's clock (the keys typed there stay
 * there), and the full wait starts when they close. */
static void test_autoplay_holds(void **state)
{
    (void)state;
    Presenter pr;
    presenter_open(&pr, 2.0, 0);
    Tui *t = &pr.t;
    double pace = t->pace;
    press(t, TK_CHAR, ':');
    for (const char *c = "print S1"; *c != '\0'; c++) {
        press(t, TK_CHAR, (unsigned)*c);
    }
    assert_string_equal(t->vs.cmdline, "print S1");
    assert_false(t->autoplay_paused);
    assert_true(t->pace == pace);
    assert_string_equal(countdown(t), "held");
    pr.now += 100.0;
    assert_false(tui_autoplay_tick(t));
    assert_non_null(strstr(t->vs.chapter, "chapter 1/3"));
    press(t, TK_ENTER, 0); /* runs it; the full wait again, from now */
    assert_int_equal(t->vs.mode, MODE_FREE);
    assert_false(t->autoplay_paused);
    assert_true(t->next_autoplay > pr.now + 1.0);
    /* the help holds it too */
    press(t, TK_CHAR, '?');
    assert_int_equal(t->vs.overlay, OVERLAY_HELP);
    assert_string_equal(countdown(t), "held");
    pr.now += 100.0;
    assert_false(tui_autoplay_tick(t));
    press(t, TK_CHAR, 'x'); /* closes the help, pauses nothing */
    assert_int_equal(t->vs.overlay, OVERLAY_NONE);
    assert_false(t->autoplay_paused);
    assert_false(tui_autoplay_tick(t));
    int scroll = t->vs.narration_scroll;
    pr.now = t->next_autoplay;
    assert_true(tui_autoplay_tick(t)); /* its next page */
    assert_true(t->vs.narration_scroll > scroll);
    presenter_close(&pr);
}

/* Any key but autoplay's pauses it and says so; space resumes. A question
 * gets its time to think (the countdown says so), but not while an answer
 * is being typed. */
static void test_autoplay_yields(void **state)
{
    (void)state;
    Presenter pr;
    presenter_open(&pr, 2.0, 0);
    Tui *t = &pr.t;
    int pos = tui_engine(t)->pos;
    press(t, TK_CHAR, 's'); /* the presenter steps: autoplay pauses */
    assert_int_equal(tui_engine(t)->pos, pos + 1);
    assert_true(t->autoplay_paused);
    assert_non_null(strstr(t->vs.message, "autoplay paused: space resumes"));
    assert_string_equal(countdown(t), "paused");
    assert_true(tui_shows(t, " paused  "));
    pr.now += 1000.0;
    assert_false(tui_autoplay_tick(t));
    press(t, TK_CHAR, ' '); /* resumes, with the full wait */
    assert_false(t->autoplay_paused);
    assert_non_null(strstr(t->vs.message, "autoplay on"));
    assert_true(t->next_autoplay > pr.now);
    press(t, TK_PGDN, 0); /* a lesson key pauses it too */
    assert_true(t->autoplay_paused);
    press(t, TK_CHAR, ' ');
    assert_false(t->autoplay_paused);
    for (int guard = 0; pr.player->question == NULL && guard < 20; guard++) { /* its pages, then chapter 2 */
        pr.now = t->next_autoplay;
        assert_true(tui_autoplay_tick(t));
    }
    assert_non_null(pr.player->question);
    assert_int_equal(t->vs.mode, MODE_QUESTION);
    assert_string_equal(countdown(t), "answer in 2 s");
    press(t, TK_CHAR, '7'); /* typing an answer holds the clock */
    assert_string_equal(t->vs.cmdline, "7");
    assert_false(t->autoplay_paused);
    assert_string_equal(countdown(t), "held");
    pr.now += 100.0;
    assert_false(tui_autoplay_tick(t));
    assert_non_null(pr.player->question);
    press(t, TK_BACKSPACE, 0); /* an empty line again: the class gets its full time */
    assert_string_equal(countdown(t), "answer in 2 s");
    pr.now += 1.99;
    assert_false(tui_autoplay_tick(t));
    pr.now += 0.01;
    assert_true(tui_autoplay_tick(t));
    assert_null(pr.player->question); /* shown */
    presenter_close(&pr);
    /* paused with a question waiting: space is typed into the answer, so the message says when it resumes */
    presenter_open(&pr, 2.0, 2);
    t = &pr.t;
    assert_non_null(pr.player->question);
    press(t, TK_TAB, 0);
    assert_true(t->autoplay_paused);
    assert_non_null(strstr(t->vs.message, "autoplay paused: space resumes once the question is answered"));
    presenter_close(&pr);
}

/* Chapters are the one counting (the title bar at 80 columns); --chapter
 * starts there; q asks once. */
static void test_chapters_and_quit(void **state)
{
    (void)state;
    Presenter pr;
    presenter_open(&pr, 0.0, 3);
    Tui *t = &pr.t;
    assert_string_equal(t->vs.chapter, "chapter 3/3: Last words");
    assert_true(tui_shows(t, " chapter 3/3: Last words  -  Presenter test"));
    assert_string_equal(countdown(t), ""); /* no autoplay, no countdown */
    presenter_close(&pr);
    presenter_open(&pr, 0.0, 0);
    t = &pr.t;
    assert_true(tui_shows(t, " chapter 1/3: The forward pass  -  Presenter test"));
    press(t, TK_CHAR, 'q');
    assert_true(t->confirm_quit);
    assert_true(tui_shows(t, "quit the lesson? q or y quits, any other key stays"));
    KeyEvent ev = { TK_CHAR, 'x', 0, 0 };
    int pos = tui_engine(t)->pos;
    assert_true(tui_handle_key(t, &ev)); /* stays, and x does nothing else */
    assert_false(t->confirm_quit);
    assert_int_equal(tui_engine(t)->pos, pos);
    assert_string_equal(t->vs.message, "still in the lesson");
    ev.ch = 'q';
    assert_true(tui_handle_key(t, &ev)); /* asks again */
    assert_false(tui_handle_key(t, &ev)); /* q again quits */
    t->confirm_quit = false;
    assert_true(tui_handle_key(t, &ev));
    ev.ch = 'y';
    assert_false(tui_handle_key(t, &ev)); /* or y */
    presenter_close(&pr);
}

/* Whether the screen drawn now shows text (without printing it when not). */
static bool tui_shows_quietly(const Tui *t, const char *text)
{
    Canvas *c = canvas_new(t->width, t->height);
    assert_non_null(c);
    view_draw(c, tui_engine(t), &t->vs);
    StrBuf sb;
    sb_init(&sb);
    canvas_dump(c, &sb, false);
    bool found = strstr(sb_str(&sb), text) != NULL;
    sb_release(&sb);
    canvas_free(c);
    return found;
}

/* The '?' help at 80x24 in a lesson with autoplay: page by page (it says
 * "more: PgDn"), every key of every active table on one of its pages; the
 * 80-column hint line names ':', 'e' and Tab. */
static void test_help_pages(void **state)
{
    (void)state;
    Presenter pr;
    presenter_open(&pr, 2.0, 0);
    Tui *t = &pr.t;
    tui_keys_update(t);
    assert_true(tui_shows(t, "Enter on"));
    assert_true(tui_shows(t, ": command"));
    press(t, TK_CHAR, '?');
    assert_true(tui_shows(t, "more: PgDn"));
    assert_true(tui_shows(t, "step one op forward (gdb's s) (here space: autoplay)")); /* space pauses here */
    KeyStack active = t->vs.keys;
    int pages = view_help_pages(&t->vs, t->width, t->height);
    assert_true(pages > 1);
    for (int i = 0; i < active.n; i++) {
        const KeyTable *kt = keys_table(active.modes[i]);
        for (int b = 0; b < kt->count; b++) {
            if (kt->bindings[b].help == NULL) {
                continue;
            }
            bool seen = false;
            for (int page = 0; page < pages && !seen; page++) {
                t->vs.help_page = page;
                seen = tui_shows_quietly(t, kt->bindings[b].help);
            }
            if (!seen) {
                fail_msg("table %s: '%s' is on no page of the help", kt->name, kt->bindings[b].help);
            }
        }
    }
    t->vs.help_page = 0;
    Canvas *c = canvas_new(80, 24);
    assert_non_null(c);
    view_draw(c, tui_engine(t), &t->vs);
    golden_canvas("lesson_autoplay_help_80x24", c); /* the first page: autoplay's keys, the lesson's, then more */
    canvas_free(c);
    press(t, TK_PGDN, 0);
    assert_int_equal(t->vs.help_page, 1);
    assert_int_equal(t->vs.overlay, OVERLAY_HELP);
    for (int k = 0; k < pages + 2; k++) {
        press(t, TK_PGDN, 0);
    }
    assert_int_equal(t->vs.help_page, pages - 1);
    assert_false(tui_shows_quietly(t, "more: PgDn"));
    assert_true(tui_shows(t, "PgUp: back"));
    press(t, TK_PGUP, 0);
    assert_int_equal(t->vs.help_page, pages - 2);
    press(t, TK_CHAR, 'z');
    assert_int_equal(t->vs.overlay, OVERLAY_NONE);
    assert_false(t->autoplay_paused); /* the help held the clock; closing it pauses nothing */
    presenter_close(&pr);
}

/* Free mode on the reference network: the hints of ':', e and Tab at 80 columns. */
static void test_hints_at_80(void **state)
{
    (void)state;
    Engine *e = reference_engine();
    Session s;
    session_init(&s);
    Tui f;
    tui_init(&f, &s, e, NULL, NULL);
    f.vs.cursor = 2; /* fwd conv1: its values to tab through, a conv layer to compare */
    assert_true(tui_shows(&f, "s/\u2192 step  p/\u2190 back  : command  tab value  e compare  ? help  q quit"));
    tui_release(&f);
    engine_free(e);
}

/* Every box on the canvas is whole: each top-left corner has its top-right
 * in the same row, and every row down to its bottom-left corner has its two
 * sides; a wide character that ran over a box's edge would have taken one. */
static void assert_boxes_whole(const Canvas *c, const char *name)
{
    for (int y = 0; y < c->height; y++) {
        for (int x = 0; x < c->width; x++) {
            if (c->cells[y * c->width + x].ch != 0x250C) { /* ┌ */
                continue;
            }
            int right = x + 1;
            while (right < c->width && c->cells[y * c->width + right].ch != 0x2510) { /* ┐ */
                right++;
            }
            if (right == c->width) {
                fail_msg("%s: the box at (%d,%d) has no top-right corner", name, x, y);
            }
            int row = y + 1;
            for (; row < c->height && c->cells[row * c->width + x].ch != 0x2514; row++) { /* └ */
                if (c->cells[row * c->width + x].ch != 0x2502 || c->cells[row * c->width + right].ch != 0x2502) {
                    fail_msg("%s: the box at (%d,%d) lost a side in row %d", name, x, y, row);
                }
            }
            if (row == c->height) {
                fail_msg("%s: the box at (%d,%d) has no bottom", name, x, y);
            }
        }
    }
}

/* The narration box's text, row by row, without spaces, as UTF-8: it must
 * be the start of the narration without spaces (nothing lost or cut). */
static void assert_narration_whole(const Canvas *c, const char *narration, const char *name)
{
    char want[4096];
    size_t n = 0;
    StrBuf got;
    sb_init(&got);
    for (const char *p = narration; *p != '\0' && n + 1 < sizeof want; p++) {
        if (*p != ' ' && *p != '\n') {
            want[n++] = *p;
        }
    }
    want[n] = '\0';
    int bx = -1, by = -1, right = -1;
    for (int y = 0; y < c->height && bx < 0; y++) {
        for (int x = 0; x + 11 < c->width && bx < 0; x++) {
            if (c->cells[y * c->width + x].ch == 0x250C && c->cells[y * c->width + x + 2].ch == 'n' &&
                c->cells[y * c->width + x + 3].ch == 'a') { /* "┌ na(rration" */
                bx = x;
                by = y;
            }
        }
    }
    assert_true(bx >= 0);
    for (right = bx + 1; c->cells[by * c->width + right].ch != 0x2510; right++) {
    }
    for (int y = by + 1; c->cells[y * c->width + bx].ch != 0x2514; y++) {
        for (int x = bx + 1; x < right; x++) {
            uint32_t cp = c->cells[y * c->width + x].ch;
            if (cp != CANVAS_WIDE_TAIL && cp != ' ') {
                canvas_put_utf8(&got, cp);
            }
        }
    }
    if (got.len == 0 || strncmp(want, sb_str(&got), got.len) != 0) {
        fail_msg("%s: the narration box shows\n%s\nwhich is not the start of\n%s", name, sb_str(&got), want);
    }
    sb_release(&got);
}

/* Closing punctuation never begins a line: a CJK line breaks one character
 * earlier instead ("一二三，四" at 6 columns: "一二", then "三，四"). */
static void test_wrap_keeps_punctuation(void **state)
{
    (void)state;
    const Wrapped *w = view_wrap("\xe4\xb8\x80\xe4\xba\x8c\xe4\xb8\x89\xef\xbc\x8c\xe5\x9b\x9b", 6);
    assert_int_equal(w->n, 2);
    assert_string_equal(w->lines[0], "\xe4\xb8\x80\xe4\xba\x8c");
    assert_string_equal(w->lines[1], "\xe4\xb8\x89\xef\xbc\x8c\xe5\x9b\x9b");
    w = view_wrap("\xe4\xb8\x80\xe4\xba\x8c\xe4\xb8\x89\xe5\x9b\x9b", 6); /* no punctuation: after 三 */
    assert_string_equal(w->lines[0], "\xe4\xb8\x80\xe4\xba\x8c\xe4\xb8\x89");
}

/* 23.3: a lesson in Traditional Chinese at 80x24 (tests/lessons/): its
 * first and last stretch as golden frames, every box whole, the narration
 * shown without a character lost. */
static void test_lesson_frames_zh(void **state)
{
    (void)state;
    StrBuf problems;
    sb_init(&problems);
    Lesson *l = lesson_load("tests/lessons/zh-tw-pooling.lesson", NULL, &problems);
    if (l == NULL) {
        fail_msg("%s", sb_str(&problems));
    }
    LessonPlayer *p = player_new(l, NULL);
    assert_non_null(p);
    p->quiet_narration = true;
    Session session;
    session_init(&session);
    Tui t;
    TuiOptions opt = { l->title, 0.0, NULL, 0 };
    tui_init(&t, &session, NULL, p, &opt);
    for (int part = 0; part < 2; part++) {
        if (part == 0) {
            tui_lesson_advance(&t);
        } else {
            tui_lesson_goto(&t, lesson_pause_count(l));
            tui_lesson_advance(&t);
        }
        const char *name = part == 0 ? "lesson_zh-tw_first_80x24" : "lesson_zh-tw_last_80x24";
        Canvas *c = canvas_new(80, 24);
        assert_non_null(c);
        view_draw(c, p->engine, &t.vs);
        golden_canvas(name, c);
        assert_true(screen_has(p->engine, &t.vs, 80, 24, part == 0 ? "chapter 1/2: \xe6\x8a\x95\xe5\xbd\xb1" /* 投影 */
                                                                    : "chapter 2/2: "));
        assert_boxes_whole(c, name);
        assert_narration_whole(c, t.vs.narration, name);
        canvas_free(c);
    }
    tui_release(&t);
    player_free(p);
    lesson_free(l);
    sb_release(&problems);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_autoplay_pages_and_holds), cmocka_unit_test(test_autoplay_holds),
        cmocka_unit_test(test_autoplay_yields),          cmocka_unit_test(test_hints_at_80),
        cmocka_unit_test(test_chapters_and_quit),        cmocka_unit_test(test_help_pages),
        cmocka_unit_test(test_lesson_frames_zh),         cmocka_unit_test(test_wrap_keeps_punctuation),
    };
    return cmocka_run_group_tests_name("tui_lesson", tests, NULL, NULL);
}
