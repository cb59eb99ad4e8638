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

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_options),
        cmocka_unit_test(test_batch_mode),
        cmocka_unit_test(test_network_files),
    };
    return cmocka_run_group_tests_name("cli", tests, NULL, NULL);
}
