/* test_newcomer.c: issue 28, the conventions a newcomer brings from the data,
 * gdb, MATLAB and Octave: the digit's own label, gdb's `run`, MATLAB ranges
 * and reductions, `info watch`, `explain` on a 1 x 1 value, `save` read back
 * by Octave. The program as a user runs it ($BPSTEP names the binary), and
 * the pure parsers directly. */
#include "helpers.h"

#include "cli.h"

#include "../src/debugger/matlit.h"
#include "../src/debugger/subscript.h"

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
    /* an edited input is no longer the file's digit; its target stays */
    expect("timeout 300 $B --batch --net lessons/nets/mnist.net -x 'set Z1(1,1) = 0.5' -x 'info predict'", 0,
           "input: Z1 as set; y = e_8: class 7\n");
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
    expect("$B --batch -x 'run 3'", 1, "column 5: usage: run [end] (from the start to the first breakpoint; 'run end' ignores them)");
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

/* The pure parser: which entries a subscript selects, and where it errs. */
static void test_subscripts(void **state)
{
    (void)state;
    Subscript s;
    Diag d = { 0 };
    const char *text = "(2:2:end, end-1)", *p = text;
    assert_int_equal(subscript_parse(text, &p, 0, 5, 4, "A", &s, &d), 0);
    assert_ptr_equal(p, text + strlen(text));
    int r, c;
    subscript_shape(&s, 5, 4, &r, &c);
    assert_int_equal(r, 2); /* rows 2 and 4 of column 3 */
    assert_int_equal(c, 1);
    assert_int_equal(subscript_at(&s, 5, 0), 1 + 5 * 2);
    assert_int_equal(subscript_at(&s, 5, 1), 3 + 5 * 2);
    text = "(end:-1:1)", p = text; /* (k) of a matrix: a row, as MATLAB's */
    assert_int_equal(subscript_parse(text, &p, 0, 2, 3, "A", &s, &d), 0);
    subscript_shape(&s, 2, 3, &r, &c);
    assert_true(r == 1 && c == 6 && subscript_at(&s, 2, 0) == 5 && subscript_at(&s, 2, 5) == 0);
    text = "(:)", p = text; /* A(:) is a column */
    assert_int_equal(subscript_parse(text, &p, 0, 2, 3, "A", &s, &d), 0);
    subscript_shape(&s, 2, 3, &r, &c);
    assert_true(r == 6 && c == 1);
    text = "(2:3)", p = text; /* a column vector keeps its orientation */
    assert_int_equal(subscript_parse(text, &p, 0, 4, 1, "A", &s, &d), 0);
    subscript_shape(&s, 4, 1, &r, &c);
    assert_true(r == 2 && c == 1);
    static const struct {
        const char *text;
        int col;
        const char *msg;
    } bad[] = {
        { "(1,1:10)", 6, "index out of range: A is 2 x 9 (columns are 1 to 9)" },
        { "(0,1)", 2, "(rows are 1 to 2)" },
        { "(19)", 2, "(entries are 1 to 18)" },
        { "(3:1)", 2, "the range 3:1 is empty" },
        { "(1:0:3)", 4, "a range's step cannot be 0" },
        { "(1,2,3)", 5, "at most two indexes" },
        { "(x)", 2, "expected an index" },
        { "(1 2)", 4, "expected ')'" },
        { "(end+1,1)", 2, "(rows are 1 to 2)" },
    };
    for (size_t k = 0; k < sizeof bad / sizeof *bad; k++) {
        p = bad[k].text;
        diag_clear(&d);
        assert_int_equal(subscript_parse(bad[k].text, &p, 0, 2, 9, "A", &s, &d), -1);
        if (d.col != bad[k].col || strstr(d.msg, bad[k].msg) == NULL) {
            fail_msg("%s: column %d '%s', wanted column %d '%s'", bad[k].text, d.col, d.msg, bad[k].col, bad[k].msg);
        }
    }
}

/* MATLAB ranges in print, set, expect, ask and explain. */
static void test_ranges_everywhere(void **state)
{
    (void)state;
    /* the example, and its entries one by one */
    Result r = run("timeout 300 $B --batch --net lessons/nets/mnist.net -x run -x 'print W4(1,1:5)' "
                   "-x 'print -f csv W4(1,2:3)' -x 'print -f csv W4(1,2)' -x 'print -f csv W4(1,3)'");
    assert_int_equal(r.status, 0);
    assert_non_null(strstr(r.out, "W4(1,1:5)  (1 x 5)\n"));
    char a[64], b[64], pair[160];
    const char *csv = strstr(r.out, "(1 x 5)\n");
    csv = strchr(strchr(csv, '\n') + 1, '\n') + 1; /* past the header and the row of numbers */
    assert_int_equal(sscanf(strchr(csv, '\n') + 1, "%63s %63s", a, b), 2);
    snprintf(pair, sizeof pair, "%s,%s\n", a, b);
    assert_non_null(strstr(csv, pair));
    /* set a range (a matching literal or one number), then read it back */
    Result s = run("$B --batch -x 'set W1(1,2:4) = [7 8 9]' -x 'set W1(end,:) = 5' -x 'print -f csv W1' "
                   "-x 'set Z1[1](end,1:2) = [0.25 0.5]' -x 'print -f csv Z1[1](end,:)' -x 'set W1(1,1:2) = [1 2 3]'");
    assert_int_equal(s.status, 1);
    static const char *const want[] = {
        "W1(1,2:4) set;", "0,7,8,9,1,0,0,0,0\n5,5,5,5,5,5,5,5,5\n", "0.25,0.5,", "-x 6: column 17: W1(1,1:2) has 2 entries, the matrix 3",
    };
    want_all(&s, want, sizeof want / sizeof *want);
    /* explain: one entry with end, a few entries one by one, too many refused */
    Result x = run("$B --batch -x run -x 'explain Z2[1](end,end)' -x 'explain z4(1:2)' -x 'explain dW1(:,:)'");
    static const char *const xwant[] = {
        "Z2[1](end,end) = 6, written by op 5", "z4(1) = 0.5, written by", "z4(2) = 2.5, written by",
        "column 12: dW1(:,:) is 18 entries; explain takes at most 16 at once",
    };
    want_all(&x, xwant, sizeof xwant / sizeof *xwant);
    /* expect and ask in a lesson */
    expect("printf 'title r\nrun\nexpect Z2[1](1:2,end) == [9; 6]\nexpect sum(W1(1,:)) ~ 1\nask W1(2,end-1)\n' "
           "> /tmp/bpstep_r28.lesson; printf -- '-1\n' | timeout 300 $B --batch /tmp/bpstep_r28.lesson", 0,
           "your answer: -1\ncorrect");
    expect("timeout 300 $B --check /tmp/bpstep_r28.lesson", 0, "ok (2 expects)");
    expect("printf 'title r\nrun\nexpect W1(1,1:3) == [5 5 5]\n' > /tmp/bpstep_r28b.lesson; "
           "timeout 300 $B --check /tmp/bpstep_r28b.lesson", 1, "expect failed: W1(1,1:3) is [0 0 0] (1 x 3)");
    /* errors name the column of the index at fault */
    expect("$B --batch -x 'print W1(1,1:10)'", 1, "-x 1: column 14: index out of range: W1 is 2 x 9 (columns are 1 to 9)");
}

/* sum, max, min, mean and norm take the whole matrix (the lessons rely on
 * it), and docs/commands.md says so next to MATLAB's meaning. */
static void test_reductions_documented(void **state)
{
    (void)state;
    /* W1 is [0 0 0 0 1 0 0 0 0; 0 0 0 0 1 0 0 -1 0] */
    Result r = run("$B --batch -x 'print -f csv sum(W1)' -x 'print -f csv max(W1)' -x 'print -f csv min(W1)' "
                   "-x 'print -f csv mean(abs(W1)) * 9' -x 'print -f csv abs(norm(W1) * norm(W1) - 3) < 1e-12' -x 'print sum(W1)' "
                   "-x 'print -f csv sum(W1(:,5))' -x 'print -f csv sum(Ppad1)'");
    assert_int_equal(r.status, 0);
    assert_non_null(strstr(r.out, "1\n1\n-1\n1.5\n1\n")); /* norm: Frobenius, sqrt(3) */
    assert_non_null(strstr(r.out, "sum(W1)  (1 x 1)\n")); /* one number, not MATLAB's 1 x 9 column sums */
    assert_non_null(strstr(r.out, "\n2\n16\n"));      /* a column's sum; lesson 3's sum(Ppad1) == 16 */
    FILE *f = fopen("docs/commands.md", "r");
    assert_non_null(f);
    static char doc[65536];
    size_t n = fread(doc, 1, sizeof doc - 1, f);
    doc[n] = '\0';
    fclose(f);
    static const char *const rows[] = {
        "| `sum(A)` | the sum of every entry | m x n -> 1 x 1 | `sum(A, 'all')`", "| `mean(A)` |",
        "| `max(A)`, `min(A)` |", "| `norm(A)` |", "| `abs(A)` |", "| `vec(A)` |", "| `I(A)` |",
    };
    for (size_t k = 0; k < sizeof rows / sizeof *rows; k++) {
        if (strstr(doc, rows[k]) == NULL) {
            fail_msg("docs/commands.md lacks '%s'", rows[k]);
        }
    }
}

/* save writes MATLAB literals: Octave reads the 8 matrices of the MNIST net
 * back exactly (the same shapes, every 17-digit value equal). Skipped, with
 * the command that installs it, where octave is not installed. */
static void test_octave_reads_save(void **state)
{
    (void)state;
    Result has = run("command -v octave-cli || command -v octave");
    if (has.status != 0) {
        print_message("skipped: octave is not installed ('apt-get install octave' installs it; this test then runs)\n");
        skip();
    }
    static const char *const names[] = { "W1", "b1", "W2", "b2", "W3", "b3", "W4", "b4" };
    char cmd[3000], octave[1024] = "", ours[1024] = "";
    for (size_t k = 0; k < 8; k++) {
        size_t o = strlen(octave), u = strlen(ours);
        snprintf(octave + o, sizeof octave - o, "v = %s; printf('%%d %%d\\n', rows(v), columns(v)); printf('%%.17g\\n', v(:)); ",
                 names[k]);
        snprintf(ours + u, sizeof ours - u, " -x 'print %s' -x 'print -f csv vec(%s)'", names[k], names[k]);
    }
    snprintf(cmd, sizeof cmd,
             "{ net=$(pwd)/lessons/nets/mnist.net; d=$(mktemp -d) && cd $d && $B --batch --net $net --seed 5 -x 'save p.m' "
             ">/dev/null && OCT=$(command -v octave-cli || command -v octave) && "
             "timeout 300 $OCT --no-gui --norc -q --eval \"source('p.m'); %s\" > oct.txt && "
             "$B --batch --net $net --seed 5 %s | sed -n 's/^[A-Za-z0-9]* = .*(\\([0-9]*\\) x \\([0-9]*\\))$/\\1 \\2/p; t; "
             "/^-\\{0,1\\}[0-9][0-9.e+-]*$/p' "
             "> ours.txt && wc -l < oct.txt && cmp oct.txt ours.txt && echo SAME; cd /; rm -rf $d; }",
             octave, ours);
    Result r = run(cmd);
    if (r.status != 0 || strstr(r.out, "SAME") == NULL) {
        fail_msg("octave did not read save's file back exactly:\n%s", r.out);
    }
    assert_non_null(strstr(r.out, "62034\n")); /* 62026 numbers and 8 shapes */
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_digit_label),
        cmocka_unit_test(test_matlit_comments),
        cmocka_unit_test(test_run_like_gdb),
        cmocka_unit_test(test_info_watch),
        cmocka_unit_test(test_explain_suggests_valid),
        cmocka_unit_test(test_subscripts),
        cmocka_unit_test(test_ranges_everywhere),
        cmocka_unit_test(test_reductions_documented),
        cmocka_unit_test(test_octave_reads_save),
    };
    return cmocka_run_group_tests_name("newcomer", tests, NULL, NULL);
}
