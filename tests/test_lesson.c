/* test_lesson.c: lesson files: every problem reported up front with its
 * line and column, the safety rules, expects, navigation, and the
 * --check / --batch / --record faces of a lesson. */
#include "helpers.h"

#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "../src/lesson/lesson.h"

static char dir[256];

static int setup(void **state)
{
    (void)state;
    snprintf(dir, sizeof dir, "/tmp/bpstep-lesson-XXXXXX");
    if (mkdtemp(dir) == NULL) {
        return -1;
    }
    char sub[300];
    snprintf(sub, sizeof sub, "%s/nets", dir);
    return mkdir(sub, 0755);
}

static int teardown(void **state)
{
    (void)state;
    char cmd[300];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
    return system(cmd) == 0 ? 0 : -1;
}

static const char *write_file(const char *name, const char *text)
{
    static char path[400];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    FILE *f = fopen(path, "w");
    assert_non_null(f);
    fputs(text, f);
    fclose(f);
    return path;
}

static void test_all_problems_reported_with_positions(void **state)
{
    (void)state;
    const char *path = write_file("bad.lesson",
                                  "title Bad\n"
                                  "frobnicate now\n"                 /* 2: unknown command */
                                  "print Q1\n"                       /* 3: found by the check run */
                                  "expect Z1 == [1 2; 3]\n"          /* 4: ragged literal */
                                  "net /etc/passwd\n"                /* 5: absolute path */
                                  "  pause extra\n"                  /* 6: pause with text */
                                  "input [1 2 x]\n"                  /* 7: bad number */
                                  "title Again\n"                    /* 8: second title */
                                  "view sideways on\n");             /* 9: unknown view */
    StrBuf problems;
    sb_init(&problems);
    assert_null(lesson_load(path, NULL, &problems));
    const char *t = sb_str(&problems);
    static const char *const wants[] = {
        "2:1: unknown command 'frobnicate'",
        "3:7: unknown name 'Q1'",
        "4:21: row 2 has 1 entries",
        "5:5: '/etc/passwd': a lesson reads only files in or below its own folder",
        "6:9: pause takes nothing after it",
        "7:12: expected a number",
        "8:1: a second title",
        "9:6: usage: view heatmap on|off",
    };
    for (size_t i = 0; i < sizeof wants / sizeof *wants; i++) {
        char want[600];
        snprintf(want, sizeof want, "%s:%s", path, wants[i]);
        if (strstr(t, want) == NULL) {
            fail_msg("missing '%s' in:\n%s", want, t);
        }
    }
    sb_release(&problems);
}

static void test_reads_only_below_its_folder(void **state)
{
    (void)state;
    char target[400], link[400];
    snprintf(target, sizeof target, "%s/../bpstep-outside.net", dir);
    write_file("../bpstep-outside.net", HELPER_NETS[0]);
    snprintf(link, sizeof link, "%s/nets/escape.net", dir);
    unlink(link);
    assert_int_equal(symlink(target, link), 0);
    write_file("nets/ok.net", HELPER_NETS[0]);
    const char *path = write_file("paths.lesson",
                                  "net ../bpstep-outside.net\n"
                                  "net nets/escape.net\n"
                                  "net nets/missing.net\n"
                                  "net nets/ok.net\n");
    StrBuf problems;
    sb_init(&problems);
    assert_null(lesson_load(path, NULL, &problems));
    const char *t = sb_str(&problems);
    assert_non_null(strstr(t, ":1:5: '../bpstep-outside.net' is outside the lesson's folder"));
    assert_non_null(strstr(t, ":2:5: 'nets/escape.net' is outside the lesson's folder"));
    assert_non_null(strstr(t, ":3:5: 'nets/missing.net': no such file beside the lesson"));
    assert_null(strstr(t, ":4:"));
    sb_release(&problems);
    unlink(target);
}

/* Issue 16.6: a lesson stored in / itself may read files below /; the
 * file here is refused for what it is (a binary), not for where it is. */
static void test_lesson_in_the_root_folder(void **state)
{
    (void)state;
    StrBuf problems;
    sb_init(&problems);
    Lesson *l = lesson_load_text("/root.lesson", "/", "title in /\nnet bin/sh\n", NULL, &problems);
    assert_null(l);
    assert_non_null(strstr(sb_str(&problems), "not a text file"));
    assert_null(strstr(sb_str(&problems), "outside"));
    sb_release(&problems);
}

/* Going back (restart, goto 0) is exploring too: the next Enter must replay
 * the lesson rather than go on from a network the reader moved. */
/* Issue 15.10: problems from the parser and from the check run come sorted by line. */
static void test_problems_sorted_by_line(void **state)
{
    (void)state;
    StrBuf problems;
    sb_init(&problems);
    assert_null(lesson_load_text("s.lesson", ".", "title t\nprint Nope\nbogus\n", NULL, &problems));
    const char *a = strstr(sb_str(&problems), "s.lesson:2:"), *b = strstr(sb_str(&problems), "s.lesson:3:");
    assert_non_null(a);
    assert_non_null(b);
    assert_true(a < b);
    sb_release(&problems);
}

static void test_going_back_counts_as_exploring(void **state)
{
    (void)state;
    StrBuf problems;
    sb_init(&problems);
    Lesson *l = lesson_load_text("r.lesson", ".", "title r\nrun\npause\nsay two\n", NULL, &problems);
    assert_non_null(l);
    LessonPlayer *p = player_new(l, NULL);
    assert_non_null(p);
    player_advance(p, NULL, NULL);
    assert_false(player_explored(p));
    engine_goto(p->engine, 0);
    assert_true(player_explored(p));
    player_free(p);
    lesson_free(l);
    sb_release(&problems);
}

static void test_dry_run_finds_commands_that_cannot_run(void **state)
{
    (void)state;
    const char *path = write_file("dry.lesson",
                                  "print S1\n"          /* not computed at the start */
                                  "run\n"
                                  "print Q9\n"          /* unknown name */
                                  "set W1 = [1 2]\n"    /* shape */
                                  "expect Nope == 1\n"  /* cannot be evaluated */
                                  "expect loss ~ 99\n"); /* wrong, but that is for --check */
    StrBuf problems;
    sb_init(&problems);
    assert_null(lesson_load(path, NULL, &problems));
    const char *t = sb_str(&problems);
    assert_non_null(strstr(t, "dry.lesson:1:7: S1 is not computed yet"));
    assert_non_null(strstr(t, "dry.lesson:3:7: unknown name 'Q9'"));
    assert_non_null(strstr(t, "dry.lesson:4:10: shape mismatch"));
    assert_non_null(strstr(t, "dry.lesson:5:1: expect Nope: unknown name"));
    assert_null(strstr(t, ":6:"));
    sb_release(&problems);
}

static void test_play_expects_and_navigation(void **state)
{
    (void)state;
    const char *path = write_file("play.lesson",
                                  "title Play\n"
                                  "chapter One\n"
                                  "say first\n"
                                  "  and more\n"
                                  "step 3\n"
                                  "pause\n"
                                  "chapter Two\n"
                                  "say second\n"
                                  "run\n"
                                  "expect loss ~ 0.5\n"
                                  "expect Z2[1] == [5 9; 4 6]\n"
                                  "pause\n"
                                  "view heatmap on\n"
                                  "view channel 2\n"
                                  "chapter Three\n"
                                  "net\n"
                                  "  L = 2; LC = 1; wd_input = 3; ht_input = 3; ch_input = [1,1];\n"
                                  "  wd_pad_added = [0]; wd_filter = [2]; strides = [1];\n"
                                  "  wd_subimage_pool = [1]; full_neurons = [1];\n"
                                  "input [1 2 3; 4 5 6; 7 8 9]\n"
                                  "expect Z1[1] == [1 2 3; 4 5 6; 7 8 9]\n"
                                  "run\n"
                                  "expect loss ~ 123\n");
    StrBuf problems;
    sb_init(&problems);
    Lesson *l = lesson_load(path, NULL, &problems);
    if (l == NULL) {
        fail_msg("%s", sb_str(&problems));
    }
    assert_string_equal(l->title, "Play");
    assert_int_equal(lesson_pause_count(l), 2);
    assert_int_equal(lesson_chapter_count(l), 3);
    assert_int_equal(lesson_chapter_pause(l, 1), 1);
    LessonPlayer *p = player_new(l, NULL);
    StrBuf out, errors;
    sb_init(&out);
    sb_init(&errors);
    assert_true(player_advance(p, &out, &errors));
    assert_string_equal(sb_str(&p->narration), "first and more");
    assert_int_equal(p->engine->pos, 3);
    assert_string_equal(player_chapter(p), "One");
    assert_int_equal(p->view[VIEW_HEATMAP], -1);
    assert_true(player_advance(p, &out, &errors));
    assert_int_equal(p->failures, 0);
    assert_int_equal(p->view[VIEW_HEATMAP], -1);
    assert_false(player_advance(p, &out, &errors));
    assert_int_equal(p->failures, 1);
    assert_int_equal(p->view[VIEW_HEATMAP], 1);
    assert_int_equal(p->view[VIEW_CHANNEL], 2);
    assert_int_equal(p->view[VIEW_COMPARE], -1);
    assert_int_equal(p->engine->net->spec.wd_input, 3);
    assert_non_null(strstr(sb_str(&errors), "play.lesson:23: expect failed: loss is"));
    /* back to pause 1: the reference network again, position 3 */
    player_goto_pause(p, 1);
    assert_int_equal(p->engine->pos, 3);
    assert_int_equal(p->engine->net->spec.wd_input, 4);
    assert_string_equal(sb_str(&p->narration), "first and more");
    player_goto_pause(p, 0);
    assert_int_equal(p->engine->pos, 0);
    sb_release(&out);
    sb_release(&errors);
    sb_release(&problems);
    player_free(p);
    lesson_free(l);
}

static int run(const char *cmdline, char *out, size_t size)
{
    char full[2048];
    const char *bin = getenv("BPSTEP");
    snprintf(full, sizeof full, "B=%s; D=%s; %s 2>&1", bin != NULL ? bin : "./bpstep", dir, cmdline);
    FILE *p = popen(full, "r");
    size_t n = fread(out, 1, size - 1, p);
    out[n] = '\0';
    int st = pclose(p);
    return WIFEXITED(st) ? WEXITSTATUS(st) : -1;
}

static void test_cli_faces(void **state)
{
    (void)state;
    static char out[1 << 16];
    write_file("good.lesson", "title Good\nchapter A\nsay hello\nrun\nexpect loss ~ 0.5\npause\nchapter B\nprint Z2[1]\n");
    write_file("wrong.lesson", "title Wrong\nrun\nexpect loss ~ 0.7\n");
    write_file("broken.lesson", "title Broken\nfrobnicate\n");
    assert_int_equal(run("$B --check $D/good.lesson", out, sizeof out), 0);
    assert_non_null(strstr(out, "good.lesson: ok (1 expects)"));
    assert_int_equal(run("$B --check $D/good.lesson $D/wrong.lesson", out, sizeof out), 1);
    assert_non_null(strstr(out, "wrong.lesson:3: expect failed: loss is [0.5]"));
    assert_int_equal(run("$B --check $D/broken.lesson", out, sizeof out), 2);
    assert_non_null(strstr(out, "broken.lesson:2:1: unknown command 'frobnicate'"));
    assert_int_equal(run("$B --batch $D/good.lesson", out, sizeof out), 0);
    assert_non_null(strstr(out, "== Good ==\n\n-- A --\nhello\n(bpstep) run\n"));
    assert_non_null(strstr(out, "  5  9\n  4  6\n"));
    /* a recording: asciicast v2 header, output events, one marker per chapter */
    assert_int_equal(run("$B --batch --record $D/good.cast $D/good.lesson >/dev/null && head -1 $D/good.cast && "
                         "grep -c '\"m\"' $D/good.cast && grep -c '\"o\"' $D/good.cast", out, sizeof out), 0);
    assert_non_null(strstr(out, "{\"version\": 2, \"width\": 100, \"height\": 40"));
    assert_non_null(strstr(out, "\"title\": \"Good\""));
    assert_non_null(strstr(out, "}\n2\n2\n"));
    assert_int_equal(run("$B --batch --record /nonexistent/x.cast $D/good.lesson", out, sizeof out), 2);
    assert_non_null(strstr(out, "--record: cannot write"));
    /* 21.4: a recording never writes through a link, and one that fails
     * (here a file size limit) leaves the old recording as it was */
    assert_int_equal(run("printf 'keep' > $D/target && ln -sf $D/target $D/link.cast && "
                         "$B --batch --record $D/link.cast $D/good.lesson 2>&1; cat $D/target", out, sizeof out), 0);
    assert_non_null(strstr(out, "link.cast' is a symbolic link"));
    assert_non_null(strstr(out, "keep"));
    assert_int_equal(run("printf 'old' > $D/old.cast && (ulimit -f 1; $B --batch --record $D/old.cast pooling 2>&1 "
                         ">/dev/null); echo rc=$?; cat $D/old.cast; ls -a $D | grep -c '^.bpstep-' || true", out, sizeof out), 0);
    assert_non_null(strstr(out, "failed (File too large); it is as it was"));
    assert_non_null(strstr(out, "rc=2\nold0\n"));
    /* shipped lessons are found by name */
    assert_int_equal(run("$B --list", out, sizeof out), 0);
    assert_non_null(strstr(out, "04-pooling"));
    assert_int_equal(run("$B --check pooling", out, sizeof out), 0);
}

/* 25.5: narration can show live values, ${EXPR} or ${EXPR:%.3f}, and one
 * that cannot be evaluated where it stands is a located problem at load. */
static void test_live_values_in_narration(void **state)
{
    (void)state;
    StrBuf problems;
    sb_init(&problems);
    assert_null(lesson_load_text("n.lesson", ".", "title n\nsay early ${loss}\nrun\nsay ok ${nope(1)} and ${loss:%n}\n",
                                 NULL, &problems));
    assert_non_null(strstr(sb_str(&problems), "n.lesson:2:13: ${loss}: loss is not computed yet"));
    assert_non_null(strstr(sb_str(&problems), "n.lesson:4:"));
    assert_non_null(strstr(sb_str(&problems), "unknown name 'nope'"));
    sb_clear(&problems);
    Lesson *l = lesson_load_text("n.lesson", ".", "title n\nrun\nsay xi = ${loss}, s3 = ${s3'}, ${loss:%.3f}, $${x}\n",
                                 NULL, &problems);
    assert_non_null(l);
    LessonPlayer *p = player_new(l, NULL);
    StrBuf out, errors;
    sb_init(&out);
    sb_init(&errors);
    player_run_all(p, &out, &errors);
    assert_non_null(strstr(sb_str(&out), "xi = 0.5, s3 = [0.5 2.5], 0.500, ${x}\n"));
    assert_int_equal(errors.len, 0);
    player_free(p);
    lesson_free(l);
    sb_release(&out);
    sb_release(&errors);
    sb_release(&problems);
}

/* 21.6 / 23.3: autoplay gives Chinese narration (no spaces) its reading
 * time: 80 characters count as 40 words, twice the base of 20 words. */
/* A highlight lasts its chapter, or until `highlight off` (issue 23: a
 * value pinned in chapter 1 crowded the current op's values to the end). */
static void test_highlight_lasts_a_chapter(void **state)
{
    (void)state;
    StrBuf problems;
    sb_init(&problems);
    Lesson *l = lesson_load_text("h.lesson", ".",
                                 "title h\nchapter One\nhighlight W1\npause\nsay still\npause\nchapter Two\n"
                                 "say plain\npause\nhighlight W2\npause\nhighlight off\nsay none\n",
                                 NULL, &problems);
    assert_non_null(l);
    LessonPlayer *p = player_new(l, NULL);
    assert_non_null(p);
    assert_true(player_advance(p, NULL, NULL));
    assert_string_equal(p->highlight, "W1");
    assert_true(player_advance(p, NULL, NULL));
    assert_string_equal(p->highlight, "W1"); /* the same chapter */
    assert_true(player_advance(p, NULL, NULL));
    assert_string_equal(p->highlight, ""); /* chapter Two has none of its own yet */
    assert_true(player_advance(p, NULL, NULL));
    assert_string_equal(p->highlight, "W2");
    assert_false(player_advance(p, NULL, NULL));
    assert_string_equal(p->highlight, ""); /* highlight off */
    player_free(p);
    lesson_free(l);
    sb_release(&problems);
}

static void test_pace_counts_characters(void **state)
{
    (void)state;
    char text[1024] = "title zh\nsay ";
    for (int k = 0; k < 80; k++) {
        strcat(text, "\xe6\xb1\xa0"); /* 池 */
    }
    strcat(text, "\npause\n");
    StrBuf problems;
    sb_init(&problems);
    Lesson *l = lesson_load_text("zh.lesson", ".", text, NULL, &problems);
    assert_non_null(l);
    LessonPlayer *p = player_new(l, NULL);
    StrBuf out, errors;
    sb_init(&out);
    sb_init(&errors);
    player_advance(p, &out, &errors);
    assert_true(player_pace(p, 1.0) > 1.99 && player_pace(p, 1.0) < 2.01);
    player_free(p);
    lesson_free(l);
    sb_release(&out);
    sb_release(&errors);
    sb_release(&problems);
}

/* 23.5: --chapter names a chapter by number (1-based) or by the start of
 * its title, any case; anything else says the lesson and the range. */
static void test_chapter_find(void **state)
{
    (void)state;
    const char *text = "title chapters\nchapter The forward pass\nsay a\npause\nchapter The backward pass\nsay b\n"
                       "pause\nchapter Last words\nsay c\n";
    StrBuf problems;
    sb_init(&problems);
    Lesson *l = lesson_load_text("ch.lesson", ".", text, NULL, &problems);
    assert_non_null(l);
    char why[400] = "";
    assert_int_equal(lesson_chapter_find(l, "1", why, sizeof why), 0);
    assert_int_equal(lesson_chapter_find(l, "3", why, sizeof why), 2);
    assert_int_equal(lesson_chapter_find(l, "THE BACK", why, sizeof why), 1);
    assert_int_equal(lesson_chapter_find(l, "the", why, sizeof why), 0); /* the first that starts so */
    assert_int_equal(lesson_chapter_find(l, "last words", why, sizeof why), 2);
    const char *bad[] = { "4", "0", "-1", "", "nope", "99999999999999999999" };
    for (size_t k = 0; k < sizeof bad / sizeof bad[0]; k++) {
        why[0] = '\0';
        assert_int_equal(lesson_chapter_find(l, bad[k], why, sizeof why), -1);
        assert_non_null(strstr(why, "ch.lesson has no chapter '"));
        assert_non_null(strstr(why, "chapters 1 to 3"));
        assert_null(strchr(why, '\n'));
    }
    assert_int_equal(lesson_chapter_number(l, -1), 0);
    assert_int_equal(lesson_chapter_number(l, 4), 2); /* steps 1 and 4 are chapters */
    assert_string_equal(lesson_chapter_title(l, 1), "The backward pass");
    lesson_free(l);
    l = lesson_load_text("none.lesson", ".", "title none\nsay a\n", NULL, &problems);
    assert_non_null(l);
    assert_int_equal(lesson_chapter_find(l, "1", why, sizeof why), -1);
    assert_string_equal(why, "none.lesson has no chapters");
    lesson_free(l);
    sb_release(&problems);
}

/* 21.3: a lesson's total work is bounded. The budget is set small here so
 * that the test is quick; the shipped one (LESSON_MAX_WORK) is the same code. */
static void test_work_budget(void **state)
{
    (void)state;
    StrBuf problems;
    sb_init(&problems);
    const char *text = "title busy\nnet nets/mnist.net\nrun\nrestart\nrun\nrestart\nrun\nsay done\n";
    /* one pass of the MNIST net costs about 36 MFLOP of GEMMs: three fit in 150 M; the second passes 50 M */
    lesson_set_work_budget(INT64_C(150000000));
    Lesson *l = lesson_load_text("busy.lesson", "lessons", text, NULL, &problems);
    assert_non_null(l);
    lesson_free(l);
    lesson_set_work_budget(INT64_C(50000000));
    sb_clear(&problems);
    assert_null(lesson_load_text("busy.lesson", "lessons", text, NULL, &problems));
    assert_non_null(strstr(sb_str(&problems), "busy.lesson:5: the lesson's steps up to here cost more than 0 GFLOP"));
    assert_non_null(strstr(sb_str(&problems), "nothing after this runs"));
    /* playing it is bounded the same way: the player stops, nothing after it runs */
    lesson_set_work_budget(INT64_C(150000000));
    l = lesson_load_text("busy.lesson", "lessons", text, NULL, &problems);
    assert_non_null(l);
    lesson_set_work_budget(INT64_C(50000000));
    LessonPlayer *p = player_new(l, NULL);
    StrBuf out, errors;
    sb_init(&out);
    sb_init(&errors);
    player_run_all(p, &out, &errors);
    assert_true(p->stopped);
    assert_non_null(strstr(sb_str(&errors), "the limit for one lesson"));
    assert_null(strstr(sb_str(&out), "done"));
    lesson_set_work_budget(0);
    player_free(p);
    lesson_free(l);
    sb_release(&out);
    sb_release(&errors);
    sb_release(&problems);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_all_problems_reported_with_positions),
        cmocka_unit_test(test_reads_only_below_its_folder),
        cmocka_unit_test(test_lesson_in_the_root_folder),
        cmocka_unit_test(test_going_back_counts_as_exploring),
        cmocka_unit_test(test_problems_sorted_by_line),
        cmocka_unit_test(test_dry_run_finds_commands_that_cannot_run),
        cmocka_unit_test(test_play_expects_and_navigation),
        cmocka_unit_test(test_cli_faces),
        cmocka_unit_test(test_work_budget),
        cmocka_unit_test(test_highlight_lasts_a_chapter),
        cmocka_unit_test(test_pace_counts_characters), cmocka_unit_test(test_chapter_find),
        cmocka_unit_test(test_live_values_in_narration),
    };
    return cmocka_run_group_tests_name("lesson", tests, setup, teardown);
}
