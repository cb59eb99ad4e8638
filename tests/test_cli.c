/* test_cli.c: the bpstep program as a user runs it: options, batch mode,
 * stdin, exit statuses and one-line errors. $BPSTEP names the binary. */
#include "helpers.h"

#include "cli.h"

static void test_options(void **state)
{
    (void)state;
    expect("$B --help", 0, "usage: bpstep");
    expect("$B --version", 0, "bpstep ");
    expect("$B --bogus", 2, "try 'bpstep --help'");
    expect("$B --batch --seed -3", 2, "--seed");
    expect("$B -x run", 2, "-x needs --batch");
    expect("$B </dev/null", 2, "use 'bpstep --batch'");
    expect("$B extra-arg --batch", 2, "no lesson 'extra-arg'");
    expect("$B one two --batch", 2, "unexpected argument 'two'");
    expect("$B --check", 2, "--check needs at least one lesson");
    expect("$B --autoplay 2", 2, "--autoplay plays a lesson");
    expect("$B --autoplay x 01-notation", 2, "--autoplay: 'x'");
    expect("$B --batch --chapter 9 pooling", 2, "--chapter: ");
    expect("$B --batch --chapter 9 pooling", 2, "04-pooling.lesson has no chapter '9' (chapters 1 to 3");
    expect("$B --batch --chapter nope pooling", 2, "has no chapter 'nope'");
    expect("$B --chapter 2", 2, "--chapter starts a lesson; name one");
    Result r = run("$B --batch --chapter TIES pooling </dev/null"); /* a title's start, any case */
    assert_int_equal(r.status, 0);
    assert_non_null(strstr(r.out, "(from chapter 3 of 3)\n\n-- Ties --"));
    assert_null(strstr(r.out, "-- P_pool --"));
    expect("$B --check --chapter 2 pooling", 2, "--chapter plays one lesson; not with --check");
}

static void test_batch_mode(void **state)
{
    (void)state;
    expect("$B --batch -x run -x 'print Z2[1]'", 0, "  5  9\n  4  6\n");
    expect("printf 'run\\nprint -f csv loss\\n' | $B --batch", 0, "0.5\n");
    /* an error: one line naming where, the rest still runs, exit 1 at the end */
    Result r = run("printf 'print Nope\\nrun\\nprint loss\\n' | $B --batch");
    assert_int_equal(r.status, 1);
    assert_non_null(strstr(r.out, "bpstep: stdin:1: column 7: unknown name 'Nope'"));
    assert_non_null(strstr(r.out, "loss = xi_i"));
    expect("$B --batch -x 'set W1 = [1 2]'", 1, "bpstep: -x 1: column 10: shape mismatch");
    expect("printf 'quit\\nprint Nope\\n' | $B --batch", 0, "");
}

static void test_network_files(void **state)
{
    (void)state;
    expect("$B --batch --net lessons/nets/mnist.net -x 'info net' -x run", 0, "layer 3 conv");
    expect("$B --batch --net /nonexistent.net", 2, "/nonexistent.net: cannot read");
    expect("$B --batch --net lessons", 2, "is a directory");
    expect("printf 'L = 2; LC = 1;\\nwd_input = 4; ht_input = 4;\\nch_input = [1,2];\\n"
           "wd_pad_added = [0];\\nwd_filter = [5];\\nstrides = [1];\\nwd_subimage_pool = [1];\\n"
           "full_neurons = [3];\\n' > /tmp/bpstep_bad.net; $B --batch --net /tmp/bpstep_bad.net",
           2, "/tmp/bpstep_bad.net:5:14: the filter of layer 1 (5) is larger than its padded input (4 x 4)");
    /* the same seed gives the same numbers */
    Result a = run("$B --batch --net lessons/nets/mnist.net --seed 7 -x run -x 'print -f csv loss'");
    Result b = run("$B --batch --net lessons/nets/mnist.net --seed 7 -x run -x 'print -f csv loss'");
    Result c = run("$B --batch --net lessons/nets/mnist.net --seed 8 -x run -x 'print -f csv loss'");
    assert_string_equal(a.out, b.out);
    assert_string_not_equal(a.out, c.out);
}

/* The inspection commands and their error paths, as a user types them. */
static void test_inspection_commands(void **state)
{
    (void)state;
    Result r = run("timeout 300 $B --batch -x 'display loss' -x 'display sum(dW1)' -x run -x 'undisplay 1' -x where"
                   " -x 'info values' -x 'undisplay' -x 'info break' -x 'set verbose on' -x step -x 'set verbose off'"
                   " -x 'print -f latex W3' -x 'print -f csv dS3' -x \"print W3' * dS3\" -x 'print -Z3 .* !Z3'"
                   " -x 'print (1 < 2) && (2 >= 2) || (3 != 3)' -x 'print max(vec(W1)) - min(abs(W1)) / mean(b3) + norm(y)'"
                   " -x 'print I(S1) == (S1 > 0)' -x 'print 1 <= 2' -x 'print 2 == 2'");
    assert_int_equal(r.status, 0);
    static const char *const want[] = {
        "display 1: loss", "display 2: sum(dW1)", "display 1 removed", "at the end (19/19)", "dxi/dW^1",
        "all displays removed", "no breakpoints", "\\begin{bmatrix}", "-1\n1\n",
    };
    for (size_t k = 0; k < sizeof want / sizeof *want; k++) {
        if (strstr(r.out, want[k]) == NULL) {
            fail_msg("missing '%s' in:\n%s", want[k], r.out);
        }
    }
    /* errors: one line each, naming the column; nothing else changes */
    expect("timeout 300 $B --batch -x 'undisplay 7'", 1, "-x 1: column 11: no display with that number");
    expect("timeout 300 $B --batch -x 'print -f yaml W1'", 1, "format must be text, csv, latex or latex:N");
    /* 25.7: latex:N takes the number of decimals */
    expect("timeout 300 $B --batch -x 'print -f latex:2 W3'", 0, "  1.00 & -1.00 & 0.50 \\\\\n  0.50 & 1.00 & -1.00\n");
    expect("timeout 300 $B --batch -x 'print -f latex:0 W3'", 0, "  1 & -1 & 0.5 \\\\"); /* never a nonzero 0 */
    expect("timeout 300 $B --batch -x 'print -f latex:18 W3'", 1, "latex:N takes a number of decimals, 0 to 17");
    expect("timeout 300 $B --batch -x 'set verbose maybe'", 1, "usage: set verbose on|off");
    expect("timeout 300 $B --batch -x 'set pool median'", 1, "usage: set pool max|avg");
    expect("timeout 300 $B --batch -x 'set = 3'", 1, "usage: set NAME = MATRIX");
    expect("timeout 300 $B --batch -x 'set W1 3'", 1, "expected '=' (set NAME = MATRIX, or NAME(i,j) = NUMBER)");
    /* issue 13.6: one entry, a column, a row; the shape is checked before anything changes */
    Result s = run("timeout 300 $B --batch -x 'set W1(1,1) = 3' -x 'set W1(:,2) = [7; 8]' -x 'set W1(2,:) = [1 2 3 4 5 6 7 8 9]'"
                   " -x 'print -f csv W1' -x 'set W1(1,1) = [1 2]' -x 'print W1(1,1)' -x 'set Z1[1](2,3) = 0.5' -x 'print Z1(1,10)'");
    assert_int_equal(s.status, 1);
    assert_non_null(strstr(s.out, "W1(1,1) set; recomputed 0 ops"));
    assert_non_null(strstr(s.out, "3,7,0,0,1,0,0,0,0\n1,2,3,4,5,6,7,8,9\n"));
    assert_non_null(strstr(s.out, "W1(1,1) has 1 entry, the matrix 2"));
    assert_non_null(strstr(s.out, "W1(1,1)  (1 x 1)\n  3\n")); /* unchanged by the refused one */
    assert_non_null(strstr(s.out, "Z1(1,10)  (1 x 1)\n  0.5\n"));
    /* issue 17.5: watchpoints stop forwards and backwards, listed in info break */
    Result w = run("timeout 300 $B --batch -x 'watch Z2(1,3)' -x 'watch dS1(1,6)' -x continue -x continue -x continue"
                   " -x reverse-continue -x 'info break'");
    assert_int_equal(w.status, 0);
    assert_non_null(strstr(w.out, "watchpoint 1: Z2(1,3) changed: not computed -> 9\nat 5/19"));
    assert_non_null(strstr(w.out, "watchpoint 2: dS1(1,6) changed: not computed -> -0.25\nat 16/19"));
    assert_non_null(strstr(w.out, "watchpoint 2: dS1(1,6) changed: -0.25 -> not computed\nat 15/19"));
    assert_non_null(strstr(w.out, "  2  watch     dS1(1,6)  (hit 2 times)"));
    expect("timeout 300 $B --batch -x 'set Nope = 3'", 1, "unknown name 'Nope'");
    expect("timeout 300 $B --batch -x 'set Z1[2] = [1]'", 1, "Z1 has no channel 2");
    expect("timeout 300 $B --batch -x 'set W1 = '", 1, "expected a matrix such as [1 2; 3 4]");
    expect("timeout 300 $B --batch -x 'set W1 = [; 1 2]'", 1, "empty row before ';'");
    expect("timeout 300 $B --batch -x 'set W1 = [1 2'", 1, "'[' is never closed");
    expect("timeout 300 $B --batch -x 'set W1 = [1 2x]'", 1, "unexpected 'x' in a number");
    expect("timeout 300 $B --batch -x 'set W1 = [1 2] 3'", 1, "unexpected '3' after ']'");
    expect("timeout 300 $B --batch -x 'set W1 = []'", 1, "empty matrix");
    expect("timeout 300 $B --batch -x 'print (1'", 1, "expected ')'");
    expect("timeout 300 $B --batch -x 'print abs(1'", 1, "expected ')'");
    expect("timeout 300 $B --batch -x 'print W1 * W1'", 1, "matrix product of 2 x 9 and 2 x 9");
    expect("timeout 300 $B --batch -x 'print W1 + W3'", 1, "shapes differ");
    expect("timeout 300 $B --batch -x 'print W1(1,99)'", 1, "index out of range: W1 is 2 x 9");
    expect("timeout 300 $B --batch -x 'set W1 = [1 2 3 4 5 6 7 8 9; 1 2 3]'", 1, "row 2 has 3 entries but row 1 has 9");
    expect("timeout 300 $B --batch -x 'print Z1[0]'", 1, "channels are numbered from 1");
    expect("timeout 300 $B --batch -x 'print W1[1]'", 1, "not a feature map");
    expect("timeout 300 $B --batch -x 'print Ppool9'", 1, "not a convolutional layer");
    expect("timeout 300 $B --batch -x 'print Pphi1[1]'", 1, "a channel can be taken of feature maps and Ppool");
    expect("timeout 300 $B --batch -x 'print 1 +'", 1, "expected a name or a number");
    expect("timeout 300 $B --batch -x 'print 1 2'", 1, "unexpected text after the expression");
    expect("timeout 300 $B --batch -x 'print #'", 1, "unexpected '#'");
    /* files that cannot be read */
    expect("head -c 5000000 /dev/zero | tr '\\0' x > /tmp/bpstep_big.net; timeout 300 $B --batch --net /tmp/bpstep_big.net",
           2, "file too large (over 4194304 bytes)");
    expect("printf 'L = 1;\\000' > /tmp/bpstep_nul.net; timeout 300 $B --batch --net /tmp/bpstep_nul.net", 2,
           "not a text file (it contains a NUL byte)");
    expect("timeout 300 $B --batch --net /root/../nonexistent/x.net", 2, "cannot read: No such file or directory");
}

/* Issue 10.3: a lesson's questions answered from stdin: right, wrong (the
 * answer and its explanation), blank (shown), then the score. */
static void test_questions_in_batch(void **state)
{
    (void)state;
    /* issue 25.3: the terminal's rules: a line that is no answer is said so and
     * the next line retries the same question; a wrong answer gets one more try */
    Result r = run("printf -- 'five\\n-1\\n7\\n\\n' | timeout 300 $B --batch 02-fully-connected");
    assert_int_equal(r.status, 0);
    static const char *const want[] = {
        "Question 1: what is ds3(1)? (a number)", "your answer: five\n'five': column 1: an answer is a number",
        "your answer: -1\ncorrect", "Question 2: what is dW3(1,2)?",
        "your answer: 7\nnot quite; one more try", "your answer: \nthe answer: dW3(1,2) = -1.5", "ds3(1) * z3(2)",
        "Question 4: what is ds2(3)?", "(no answer)\nthe answer: ds2(3) = 0", "score: 1 right, 1 wrong, 3 skipped of 5",
    };
    for (size_t k = 0; k < sizeof want / sizeof *want; k++) {
        if (strstr(r.out, want[k]) == NULL) {
            fail_msg("missing '%s' in:\n%s", want[k], r.out);
        }
    }
    /* a question that cannot be evaluated fails --check */
    expect("printf 'title q\\nask nothing(1,1)\\n' > /tmp/bpstep_ask.lesson; timeout 300 $B --check /tmp/bpstep_ask.lesson",
           2, "bpstep_ask.lesson:2:");
    /* issue 15.10: a channel the network does not have is a problem, not silence */
    expect("printf 'title v\\nview channel 9\\n' > /tmp/bpstep_view.lesson; timeout 300 $B --check /tmp/bpstep_view.lesson",
           2, "view channel 9: this network's feature maps have at most 2 channels");
    /* explain and gradcheck, as the example asks */
    Result x = run("timeout 300 $B --batch --net lessons/nets/mnist.net -x run -x 'explain dS1(1,6)' -x 'gradcheck dW1' -x gradcheck");
    assert_int_equal(x.status, 0);
    assert_non_null(strstr(x.out, "dS1(1,6) = "));
    /* issue 25.6: on this input every db1 entry straddles a ReLU kink; gradcheck
     * says so and never claims agreement for what it could not check */
    assert_non_null(strstr(x.out, "db1: none of the 32 entries tried could be checked"));
    assert_null(strstr(x.out, "every parameter's gradient agrees"));
    assert_non_null(strstr(x.out, "some parameters could not be checked"));
    Result y = run("timeout 300 $B --batch -x run -x gradcheck");
    assert_non_null(strstr(y.out, "dW1: max relative error = "));
    assert_non_null(strstr(y.out, "(9 of 18 entries checked)"));
    assert_non_null(strstr(y.out, "every parameter's gradient agrees with finite differences"));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_options),
        cmocka_unit_test(test_batch_mode),
        cmocka_unit_test(test_network_files),
        cmocka_unit_test(test_inspection_commands),
        cmocka_unit_test(test_questions_in_batch),
    };
    return cmocka_run_group_tests_name("cli", tests, NULL, NULL);
}
