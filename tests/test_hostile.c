/* test_hostile.c: inputs a stranger could send (issues 12 and 16 of the
 * reliability audits). Each case ended in a crash, a hang, a silent wrong
 * answer or terminal injection before its fix; now each must end, within a
 * few seconds, in one clear located message and the documented exit status.
 * Every command runs under `timeout 300`: only a hang reaches it, so it
 * fails the test rather than stalling CI, and no pass depends on speed. */
#include "helpers.h"

#include "cli.h"

#include <unistd.h>

/* the scratch folder of cli.h (cli_dir), dir for short */
#define dir cli_dir
#define put cli_put

/* expect() on a command line run in dir, under a time limit. */
static void expect_in_dir(const char *cmdline, int status, const char *fragment)
{
    char line[2048];
    snprintf(line, sizeof line, "cd '%s' && %s", dir, cmdline);
    expect(line, status, fragment);
}

static void test_config_sizes(void **state)
{
    (void)state;
    /* 12.1: products that overflowed int64 and then wrote wild */
    put("wild.net", "L = 2; LC = 1; ch_input = [64, 1]; wd_input = [2]; ht_input = [2];\n"
                    "wd_pad_added = [268435455]; wd_filter = [536870912]; strides = [1];\n"
                    "wd_subimage_pool = [1]; full_neurons = [3];\n");
    expect_in_dir("timeout 300 $B --batch --net wild.net -x run", 2, "wild.net:1:");
    expect_in_dir("timeout 300 $B --batch --net wild.net -x run", 2, "too large");
    /* 16.1: an FC-only network whose sizes overflow */
    put("fc.net", "L = 1; LC = 0; wd_input = 1e9; ht_input = 1e9; ch_input = [1e9]; full_neurons = [1e9];\n"
                  "wd_pad_added = []; wd_filter = []; strides = []; wd_subimage_pool = [];\n");
    expect_in_dir("timeout 300 $B --batch --net fc.net", 2, "too large");
    /* 16.2: accepted before, then 3 GB resident */
    put("wide.net", "L = 1; LC = 0; wd_input = 8000; ht_input = 8000; ch_input = [1]; full_neurons = [1];\n"
                    "wd_pad_added = []; wd_filter = []; strides = []; wd_subimage_pool = [];\n");
    expect_in_dir("timeout 300 $B --batch --net wide.net -x 'info memory'", 2, "MiB for one pass; bpstep allows 2048 MiB");
    /* 12.6: undefined float-to-integer casts */
    put("inf.net", "L = +inf;\n");
    expect_in_dir("timeout 300 $B --batch --net inf.net", 2, "inf.net:1:5: expected a whole number");
    /* 12.11: an unclosed bracket is reported where it opens */
    put("open.net", "L = 2; LC = 1;\nch_input = [1, 2;\nwd_input = 4;\n");
    expect_in_dir("timeout 300 $B --batch --net open.net", 2, "open.net:2:12: this '[' is never closed");
    /* 12.1 through a lesson's inline net */
    put("wild.lesson", "title wild\nnet\n  L = 2; LC = 1; ch_input = [64, 1]; wd_input = [2]; ht_input = [2];\n"
                       "  wd_pad_added = [268435455]; wd_filter = [536870912]; strides = [1];\n"
                       "  wd_subimage_pool = [1]; full_neurons = [3];\n");
    expect_in_dir("timeout 300 $B --check wild.lesson", 2, "wild.lesson:3:");
}

static void test_expressions(void **state)
{
    (void)state;
    /* 12.2: nesting that overflowed the parser's stack */
    const char *deep = "awk 'BEGIN{s=\"print \"; for(i=0;i<20000;i++) s=s \"(\"; s=s \"1\";"
                       " for(i=0;i<20000;i++) s=s \")\"; print s}'";
    char line[512];
    snprintf(line, sizeof line, "%s | timeout 300 $B --batch", deep);
    expect(line, 1, "stdin:1: column 207: expression nested too deeply (at most 200 levels)");
    expect("awk 'BEGIN{s=\"print \"; for(i=0;i<20000;i++) s=s \"-\"; print s \"1\"}' | timeout 300 $B --batch",
           1, "nested too deeply");
    expect("awk 'BEGIN{s=\"break if \"; for(i=0;i<300;i++) s=s \"!\"; print s \"1\"}' | timeout 300 $B --batch",
           1, "nested too deeply");
    /* 12.3: a 3 GB intermediate, then 25 GB and an abort */
    expect("timeout 300 $B --batch --net lessons/nets/mnist.net -x run -x \"print sum(vec(phi1)*vec(phi1)')\"", 1,
           "-x 2: column 20: a 19600 x 19600 intermediate is over the expression limit");
    expect("timeout 300 $B --batch --net lessons/nets/mnist.net -x run -x \"print sum(vec(phi2)*vec(phi2)')\"", 1,
           "over the expression limit");
    /* 12.6: an index that overflowed before the range check */
    expect("timeout 300 $B --batch -x run -x 'print y(1,99999999999999999999)'", 1, "-x 2: column 11: index out of range");
    /* 12.7: numbers that were truncated to a valid one */
    expect("timeout 300 $B --batch -x 'break 4294967297'", 1, "no op 4294967297: the program's ops are 1 to 19");
    expect("timeout 300 $B --batch -x 'print Z1[4294967297]'", 1, "index out of range");
    expect("timeout 300 $B --batch -x 'compare 4294967297'", 1, "not a conv layer");
    expect("timeout 300 $B --batch -x 'set Z1[2147483648] = [1]'", 1, "no channel 2147483648");
    expect("awk 'BEGIN{s=\"display \"; for(i=0;i<300;i++) s=s \"1+\"; print s \"1\"}' | timeout 300 $B --batch",
           1, "a display holds at most 511 characters");
    /* 16.4: a NUL byte dropped the rest of the line */
    expect("printf 'print 1\\000+2\\n' | timeout 300 $B --batch", 1, "stdin:1: column 8: a NUL byte in a command line");
    /* 16.7: the number quoted, not the character after it */
    expect("timeout 300 $B --batch -x 'set W1 = [1e400 2]'", 1, "'1e400' is not a finite number");
}

static void test_files(void **state)
{
    (void)state;
    /* 12.4: a FIFO hung forever in fopen */
    char cmd[512];
    snprintf(cmd, sizeof cmd, "mkfifo '%s/pipe.net' '%s/pipe.lesson'", dir, dir);
    assert_int_equal(system(cmd), 0);
    expect_in_dir("timeout 300 $B --batch --net pipe.net", 2, "pipe.net: not a regular file");
    put("fifo.lesson", "title fifo\nnet pipe.net\n");
    expect_in_dir("timeout 300 $B --check fifo.lesson", 2, "fifo.lesson:2:5: pipe.net: not a regular file");
    expect_in_dir("BPSTEP_LESSONS=. timeout 300 $B --list", 0, "fifo");
    expect_in_dir("timeout 300 $B --batch --net /dev/zero", 2, "not a regular file");
    /* 12.12: no probing outside the folder, '.' is a folder, '' is named */
    put("probe1.lesson", "title p\nnet ../etc/passwd\n");
    put("probe2.lesson", "title p\nnet ../no-such-file\n");
    expect_in_dir("timeout 300 $B --check probe1.lesson", 2, "'../etc/passwd' is outside the lesson's folder");
    expect_in_dir("timeout 300 $B --check probe2.lesson", 2, "'../no-such-file' is outside the lesson's folder");
    put("dot.lesson", "title p\nnet .\n");
    expect_in_dir("timeout 300 $B --check dot.lesson", 2, "'.' is the lesson's folder, not a file");
    expect("timeout 300 $B --batch --net ''", 2, "cannot read '': an empty path");
}

static void test_lessons_cannot_drive_the_terminal(void **state)
{
    (void)state;
    /* 12.5: OSC 52 (clipboard), OSC 0 (title), CSI 2J, a bidi override and invalid UTF-8 */
    put("esc.lesson", "title \033]52;c;aGk=\007evil\033[2J\nchapter \033]0;pwned\007\n"
                      "say right \342\200\256 left \377 end\n");
    char cmd[512];
    snprintf(cmd, sizeof cmd, "cd '%s' && timeout 300 $B --batch esc.lesson --record esc.cast; "
                              "BPSTEP_LESSONS=. timeout 300 $B --list; cat esc.cast", dir);
    Result r = run(cmd);
    assert_int_equal(r.status, 0);
    assert_null(strchr(r.out, '\033'));
    assert_null(strchr(r.out, '\007'));
    assert_null(strstr(r.out, "\342\200\256"));
    assert_null(strchr(r.out, '\377'));
    assert_non_null(strstr(r.out, "?]52;c;aGk=?evil?[2J"));
    /* 21.6: a lesson's file name is cleaned in --list too (an OSC title
     * sequence, U+202E and U+061C in the name) */
    put("n\033]0;x\007\342\200\256\330\234.lesson", "title named\n");
    snprintf(cmd, sizeof cmd, "cd '%s' && BPSTEP_LESSONS=. timeout 300 $B --list", dir);
    r = run(cmd);
    assert_int_equal(r.status, 0);
    assert_non_null(strstr(r.out, "n?]0;x???"));
    assert_null(strchr(r.out, '\033'));
    assert_null(strstr(r.out, "\330\234"));
    /* 16.7: a bidi override in an error message */
    expect("timeout 300 $B --batch -x 'print \342\200\256x'", 1, "unexpected '?'");
}

static void test_lesson_size(void **state)
{
    (void)state;
    /* 12.8: 300k continuation lines took 15 s (strlen + realloc per line) */
    char cmd[512];
    snprintf(cmd, sizeof cmd,
             "cd '%s' && awk 'BEGIN{print \"title long\"; print \"say start\"; for(i=0;i<300000;i++) print \"  mo\"}'"
             " > long.lesson && timeout 300 $B --check long.lesson",
             dir);
    expect(cmd, 0, "long.lesson: ok");
    /* the step limit is the documented 20,000, with one message */
    snprintf(cmd, sizeof cmd,
             "cd '%s' && awk 'BEGIN{print \"title many\"; for(i=0;i<25000;i++) print \"say x\"}'"
             " > many.lesson && timeout 300 $B --check many.lesson",
             dir);
    expect(cmd, 2, "many.lesson:20001:1: too many steps in one lesson (at most 20000)");
    /* a flood of errors stops after 20 of them */
    snprintf(cmd, sizeof cmd,
             "cd '%s' && awk 'BEGIN{print \"title bad\"; for(i=0;i<200000;i++) print \"bogus x\"}'"
             " > bad.lesson && timeout 300 $B --check bad.lesson 2>&1 | wc -l",
             dir);
    expect(cmd, 0, "21\n");
}

/* The signal goes to bpstep itself (not to a timeout wrapper, which would
 * answer for it); a watchdog kills it after 300 s so that a hang fails. */
static void test_interrupt_and_non_finite(void **state)
{
    (void)state;
    /* 12.9: Ctrl-C during a long pass ends the command, not the program */
    put("slow.net", "L = 2; LC = 1; wd_input = 128; ht_input = 128; ch_input = [32,128];\n"
                    "wd_pad_added = [2]; wd_filter = [5]; strides = [1]; wd_subimage_pool = [2]; full_neurons = [3];\n");
    char cmd[1024];
    /* the signal is sent once the first command's output shows (the handlers
     * are in place by then), never after a guessed delay; the script stops
     * at the Ctrl-C: 'print 8' never runs */
    snprintf(cmd, sizeof cmd,
             "cd '%s' && ($B --batch --net slow.net -x 'print 7' -x run -x 'print 8' >out.txt 2>&1 & p=$!; (sleep 300; kill -KILL $p) >/dev/null 2>&1 & w=$!;"
             " until grep -q 7 out.txt 2>/dev/null || ! kill -0 $p 2>/dev/null; do sleep 0.01; done; kill -INT $p;"
             " wait $p; echo status=$?; kill $w; cat out.txt)",
             dir);
    Result r = run(cmd);
    assert_non_null(strstr(r.out, "interrupted (Ctrl-C) at position"));
    assert_non_null(strstr(r.out, "status=130"));
    assert_null(strstr(r.out, "ran 5 ops"));
    assert_null(strstr(r.out, "\n8\n"));
    /* 21.4: a TERM right after the INT: the program ends at once, with 130 when
     * the INT already ended it, else 143, and runs nothing more (that a TERM
     * is never dropped is test_engine's test_a_second_signal_is_kept) */
    snprintf(cmd, sizeof cmd,
             "cd '%s' && ($B --batch --net slow.net -x 'print 7' -x run -x run >out.txt 2>&1 & p=$!; (sleep 300; kill -KILL $p) >/dev/null 2>&1 & w=$!;"
             " until grep -q 7 out.txt 2>/dev/null || ! kill -0 $p 2>/dev/null; do sleep 0.01; done; kill -INT $p; kill -TERM $p;"
             " wait $p; echo status=$?; kill $w; cat out.txt)",
             dir);
    r = run(cmd);
    assert_true(strstr(r.out, "status=143") != NULL || strstr(r.out, "status=130") != NULL);
    assert_null(strstr(r.out, "ran 5 ops"));
    /* 21.3: Ctrl-C stops a --check as a whole: the slow lesson is refused, the third is never checked */
    put("quick.lesson", "title quick\nsay hello\n");
    char slow[4096] = "title slow\nnet slow.net\n";
    for (int k = 0; k < 100; k++) {
        strcat(slow, "run\nrestart\n");
    }
    put("slow.lesson", slow);
    snprintf(cmd, sizeof cmd,
             "cd '%s' && ($B --check quick.lesson slow.lesson quick.lesson >out.txt 2>&1 & p=$!; (sleep 300; kill -KILL $p) >/dev/null 2>&1 & w=$!;"
             " until grep -q 'quick.lesson: ok' out.txt 2>/dev/null || ! kill -0 $p 2>/dev/null; do sleep 0.01; done; kill -INT $p;"
             " wait $p; echo status=$?; kill $w; cat out.txt)",
             dir);
    r = run(cmd);
    assert_non_null(strstr(r.out, "status=130"));
    assert_non_null(strstr(r.out, "slow.lesson:"));
    assert_non_null(strstr(r.out, "interrupted"));
    const char *ok = strstr(r.out, "quick.lesson: ok");
    assert_non_null(ok);
    assert_null(strstr(ok + 1, "quick.lesson: ok"));
    /* 16.3: inf and NaN are reported where they first appear; compare does not call NaN identical */
    expect("timeout 300 $B --batch -x 'set y = [1e308; -1e308]' -x run", 0,
           "warning: op 10 'loss' wrote the first non-finite value: loss(1,1) = Inf");
    Result c = run("timeout 300 $B --batch -x 'set y = [1e308; -1e308]' -x run -x compare");
    assert_non_null(strstr(c.out, "max |(5) - (6)| = NaN"));
    assert_null(strstr(c.out, "identical, bit for bit"));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_config_sizes),
        cmocka_unit_test(test_expressions),
        cmocka_unit_test(test_files),
        cmocka_unit_test(test_lessons_cannot_drive_the_terminal),
        cmocka_unit_test(test_lesson_size),
        cmocka_unit_test(test_interrupt_and_non_finite),
    };
    return cmocka_run_group_tests_name("hostile", tests, cli_make_dir, cli_remove_dir);
}
