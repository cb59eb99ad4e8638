/* test_newcomer.c: issue 28, the conventions a newcomer brings from the data,
 * gdb, MATLAB and Octave: the digit's own label, gdb's `run`, MATLAB ranges
 * and reductions, `info watch`, `explain` on a 1 x 1 value, `save` read back
 * by Octave. The program as a user runs it ($BPSTEP names the binary), and
 * the pure parsers directly. */
#include "helpers.h"

#include "cli.h"

#include "../src/debugger/matlit.h"

static void want_all(const Result *r, const char *const *want, size_t n)
{
    for (size_t k = 0; k < n; k++) {
        if (strstr(r->out, want[k]) == NULL) {
            fail_msg("missing '%s' in:\n%s", want[k], r->out);
        }
    }
}

/* The handwritten 7 comes with its label: y = e_8, and the output says so. */
static void test_digit_label(void **state)
{
    (void)state;
    Result r = run("timeout 300 $B --batch --net lessons/nets/mnist.net -x 'print -f csv y' -x 'print y' "
                   "-x 'info predict'");
    assert_int_equal(r.status, 0);
    static const char *const want[] = {
        "0\n0\n0\n0\n0\n0\n0\n1\n0\n0\n",       /* y(8) = 1: class 7, counted from 1 */
        "y = y^i  (10 x 1); y = e_8: class 7",  /* print y says which class */
        "input: data/digit7.txt, a handwritten 7 (label 7); y = e_8: class 7",
        "<- the label (y)", "label: 7 (",
    };
    want_all(&r, want, sizeof want / sizeof *want);
    /* the lesson that inputs the same file gets the same label */
    expect("timeout 300 $B --batch -x 'print y' 08-mnist", 0, "input: data/digit7.txt, its label gives y = e_8: class 7");
    /* other networks: e_k without a class; a y that is not one-hot, no note */
    expect("$B --batch -x 'set y = [0 1]' -x 'print y'", 0, "y = y^i  (2 x 1); y = e_2\n");
    expect("$B --batch -x 'print y'", 0, "y = y^i  (2 x 1)\n");
    /* a label the network has no output for is a lesson problem, found at load */
    expect("printf '%% label 5\\n[1 2 3 4 5 6]\\n' > /tmp/bpstep_l5.txt; "
           "printf 'title l\\ninput bpstep_l5.txt\\n' > /tmp/bpstep_l5.lesson; timeout 300 $B --check /tmp/bpstep_l5.lesson",
           2, "the input's label 5 needs y = e_6, but the network has 2 outputs");
}

/* The file format: a MATLAB comment line "% label N", comments anywhere. */
static void test_matlit_comments(void **state)
{
    (void)state;
    assert_int_equal(matlit_label("% label 7 (a seven)\n[1 2]"), 7);
    assert_int_equal(matlit_label("\n  % label 0\n[1]"), 0);
    assert_int_equal(matlit_label("% label x\n[1]"), -1);
    assert_int_equal(matlit_label("% labels 7\n[1]"), -1);
    assert_int_equal(matlit_label("[1 2] % label 7"), -1);
    Matrix m;
    Diag d = { 0 };
    diag_clear(&d);
    assert_int_equal(matlit_parse("% a comment\n[1 2 % the first row\n 3 4] % done\n", 0, &m, &d), 0);
    assert_int_equal(m.rows, 2);
    assert_int_equal(m.cols, 2);
    assert_true(MAT_AT(m, 1, 0) == 3.0);
    mat_release(&m);
    assert_int_equal(matlit_parse("[1 2 % 3 4]", 0, &m, &d), -1); /* the comment hides the ']' */
    assert_non_null(strstr(d.msg, "never closed"));
}

/* gdb's run: from the start to the first breakpoint or watchpoint; run end
 * goes to the end regardless. */
static void test_run_like_gdb(void **state)
{
    (void)state;
    Result r = run("$B --batch -x 'break bwd pool1' -x run -x 'run end' -x run -x 'info break' -x 'help run'");
    assert_int_equal(r.status, 0);
    static const char *const want[] = {
        "breakpoint 1: bwd pool1\nbreakpoint 1: bwd pool1\nat 15/19, next: bwd pool1 (6)\n",
        "at 15/19, next: bwd pool1 (6)\nran 19 ops: forward, loss and backward; loss = 0.5\n"
        "breakpoint 1: bwd pool1\nat 15/19", /* run again: from the start, the same stop */
        "(hit 2 times)", "'run end' runs to the end regardless",
    };
    want_all(&r, want, sizeof want / sizeof *want);
    /* a watchpoint, from wherever the position is; a breakpoint at the first op */
    expect("$B --batch -x 'step 12' -x 'watch Z2(1,3)' -x run", 0,
           "watchpoint 1: Z2(1,3) changed: not computed -> 9\nat 5/19");
    expect("$B --batch -x 'break fwd' -x run", 0, "breakpoint 1: fwd\nat 0/19, next: fwd pad1\n");
    expect("$B --batch -x 'break if loss < 0.6' -x run", 0, "breakpoint 1: loss < 0.6\nat 10/19");
    /* no breakpoints: as before, and a condition never true runs to the end */
    expect("$B --batch -x run", 0, "ran 19 ops: forward, loss and backward; loss = 0.5\n");
    expect("$B --batch -x 'break if loss > 9' -x run", 0, "ran 19 ops: forward, loss and backward; loss = 0.5\n");
    expect("$B --batch -x 'run 3'", 1, "column 5: usage: run (from the start to the first breakpoint) or run end");
}

/* info watch as gdb's info watchpoints; info break lists both kinds. */
static void test_info_watch(void **state)
{
    (void)state;
    expect("$B --batch -x 'info watch' -x 'info watchpoints'", 0, "no watchpoints\nno watchpoints\n");
    Result r = run("$B --batch -x 'break fwd pool1' -x 'watch Z2(1,3)' -x 'info watch' -x 'info watchpoints' "
                   "-x 'info breakpoints'");
    assert_int_equal(r.status, 0);
    static const char *const want[] = {
        "changes)\n  2  watch     Z2(1,3)  (hit 0 times)\n  2  watch     Z2(1,3)  (hit 0 times)\n"
        "  1  op        fwd pool1  (hit 0 times)\n  2  watch     Z2(1,3)  (hit 0 times)\n",
    };
    want_all(&r, want, sizeof want / sizeof *want);
    expect("$B --batch -x 'info watchers'", 1, "column 6: usage: info net|ops|memory|values|break|watch|");
}

/* explain on a 1 x 1 value needs no index; a suggested index is valid. */
static void test_explain_suggests_valid(void **state)
{
    (void)state;
    expect("$B --batch -x run -x 'explain loss'", 0, "loss = 0.5, written by op 10 'loss'");
    expect("$B --batch -x run -x 'explain W1'", 1, "column 11: expected (i,j) or (k) after the name, e.g. W1(1,2)\n");
    expect("$B --batch -x run -x 'explain z4'", 1, "e.g. z4(2)\n");
    expect("$B --batch -x run -x 'explain Z2[1]'", 1, "e.g. Z2[1](1,2)\n");
    /* each suggestion is accepted */
    expect("$B --batch -x run -x 'explain W1(1,2)' -x 'explain z4(2)' -x 'explain Z2[1](1,2)'", 0, "Z2[1](1,2) = ");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_digit_label),
        cmocka_unit_test(test_matlit_comments),
        cmocka_unit_test(test_run_like_gdb),
        cmocka_unit_test(test_info_watch),
        cmocka_unit_test(test_explain_suggests_valid),
    };
    return cmocka_run_group_tests_name("newcomer", tests, NULL, NULL);
}
