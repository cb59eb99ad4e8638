/* test_config.c: simpleNN config syntax and every kind of config error, each
 * reported at the right line. */
#include "helpers.h"

#include <stdio.h>

static void expect_error_at(const char *text, int line, int col, const char *fragment)
{
    NetSpec spec;
    Diag d = { 0 };
    diag_clear(&d);
    if (config_parse(&spec, text, &d) == 0) {
        fail_msg("accepted: %s", text);
    }
    if (d.line != line || d.col != col || strstr(d.msg, fragment) == NULL) {
        fail_msg("got %d:%d '%s', wanted %d:%d with '%s'", d.line, d.col, d.msg, line, col, fragment);
    }
}

static void expect_error(const char *text, int line, const char *fragment)
{
    NetSpec spec;
    Diag d = { 0 };
    diag_clear(&d);
    if (config_parse(&spec, text, &d) == 0) {
        fail_msg("accepted: %s", text);
    }
    if (d.line != line || strstr(d.msg, fragment) == NULL) {
        fail_msg("got line %d '%s', wanted line %d with '%s'", d.line, d.msg, line, fragment);
    }
}

static const char GOOD_BODY[] =
    "wd_input = [28]; ht_input = [28];\n"
    "ch_input = [1,32,64,64];\n"
    "wd_pad_added = [2,1,1];  wd_filter = [5,3,3];  strides = [1,1,1];\n"
    "wd_subimage_pool = [2,2,2];\n"
    "full_neurons = [10];\n";

static void test_mnist_config_reads(void **state)
{
    (void)state;
    NetSpec spec;
    Diag d = { 0 };
    assert_int_equal(config_parse(&spec, HELPER_MNIST, &d), 0);
    assert_int_equal(spec.L, 4);
    assert_int_equal(spec.LC, 3);
    assert_int_equal(spec.ch[3], 64);
    assert_int_equal(spec.filter[0], 5);
    assert_int_equal(spec.full[0], 10);
    assert_int_equal(spec.act, ACT_RELU);
    assert_int_equal(spec.pool_mode, POOL_MAX);
    Net *net = net_new(&spec);
    assert_non_null(net);
    /* 28 -> pad 2 -> 32 -> 5x5 -> 28 -> pool -> 14 -> 14 -> 7 -> 7 -> 3 */
    assert_int_equal(net->conv[1].ac, 28);
    assert_int_equal(net->conv[2].ao, 7);
    assert_int_equal(net->conv[3].ao, 3);
    assert_int_equal(net->fc_in[4], 64 * 3 * 3);
    net_free(net);
}

static void test_syntax_variants(void **state)
{
    (void)state;
    NetSpec spec;
    Diag d = { 0 };
    const char *text = "% comment line\nL=3;LC=1; % trailing comment\n"
                       "wd_input = 6; ht_input = [5];\nch_input = [2 3];\nwd_pad_added = [0];\n"
                       "wd_filter = [3]; strides = [1]; wd_subimage_pool = [1];\n"
                       "full_neurons = [4;\n 2];\nactivation = 'tanh'; pool = 'avg';\n";
    assert_int_equal(config_parse(&spec, text, &d), 0);
    assert_int_equal(spec.wd_input, 6);
    assert_int_equal(spec.ht_input, 5);
    assert_int_equal(spec.ch[1], 3);
    assert_int_equal(spec.full[1], 2);
    assert_int_equal(spec.act, ACT_TANH);
    assert_int_equal(spec.pool_mode, POOL_AVG);
}

static void test_errors_name_their_line(void **state)
{
    (void)state;
    char buf[1024];
    /* missing key: reported at the end of the file */
    expect_error("L = 4; LC = 3;\nwd_input = [28]; ht_input = [28];\nch_input = [1,32,64,64];\n"
                 "wd_pad_added = [2,1,1];  wd_filter = [5,3,3];\nwd_subimage_pool = [2,2,2];\nfull_neurons = [10];\n",
                 7, "missing key 'strides'");
    /* lengths that disagree */
    snprintf(buf, sizeof buf, "L = 4; LC = 2;\n%s", GOOD_BODY);
    expect_error(buf, 3, "ch_input");
    expect_error("L = 4; LC = 3; LF = 2;\n", 1, "LF = 2 but L - LC = 1");
    /* a filter larger than the padded image */
    expect_error("L = 2; LC = 1;\nwd_input = 4; ht_input = 4;\nch_input = [1,2];\nwd_pad_added = [0];\n"
                 "wd_filter = [5];\nstrides = [1];\nwd_subimage_pool = [1];\nfull_neurons = [3];\n",
                 5, "larger than its padded input");
    /* a pooling window larger than the map */
    expect_error("L = 2; LC = 1;\nwd_input = 4; ht_input = 4;\nch_input = [1,2];\nwd_pad_added = [0];\n"
                 "wd_filter = [3];\nstrides = [1];\nwd_subimage_pool = [3];\nfull_neurons = [3];\n",
                 7, "pooling window of layer 1 (3) is larger");
    /* zero and negative sizes */
    expect_error("L = 2; LC = 1;\nwd_input = 4; ht_input = 4;\nch_input = [1,0];\nwd_pad_added = [0];\n"
                 "wd_filter = [3];\nstrides = [1];\nwd_subimage_pool = [1];\nfull_neurons = [3];\n",
                 3, "ch_input must be positive");
    expect_error("L = 2; LC = 1;\nwd_input = 4; ht_input = 4;\nch_input = [1,2];\nwd_pad_added = [0];\n"
                 "wd_filter = [3];\nstrides = [-1];\nwd_subimage_pool = [1];\nfull_neurons = [3];\n",
                 6, "strides must be positive");
    expect_error("L = 2; LC = 1;\nwd_input = 0; ht_input = 4;\nch_input = [1,2];\nwd_pad_added = [0];\n"
                 "wd_filter = [3];\nstrides = [1];\nwd_subimage_pool = [1];\nfull_neurons = [3];\n",
                 2, "input size must be positive");
    /* dimensions whose product overflows */
    expect_error("L = 2; LC = 1;\nwd_input = 100000; ht_input = 100000;\nch_input = [1000,1000];\nwd_pad_added = [0];\n"
                 "wd_filter = [3];\nstrides = [1];\nwd_subimage_pool = [1];\nfull_neurons = [3];\n",
                 2, "too large");
    expect_error("L = 3; LC = 1;\nwd_input = 8; ht_input = 8;\nch_input = [1,2];\nwd_pad_added = [0];\n"
                 "wd_filter = [3];\nstrides = [1];\nwd_subimage_pool = [1];\nfull_neurons = [100000000, 100000];\n",
                 8, "too large");
    /* each matrix fits, but all of them together would not */
    expect_error("L = 2; LC = 1;\nwd_input = 1000; ht_input = 1000;\nch_input = [1,100];\nwd_pad_added = [1];\n"
                 "wd_filter = [3];\nstrides = [1];\nwd_subimage_pool = [100];\nfull_neurons = [3];\n",
                 2, "MiB for one pass");
    /* syntax */
    expect_error("L = 2\nLC = 1;", 2, "expected ';'");
    expect_error("L = 2; LC = 1;\nwd_filter = [3 x];", 2, "expected a number");
    expect_error("L = 2; LC = 1;\nfoo = 3;", 2, "unknown key 'foo'");
    expect_error("L = 2; LC = 1; L = 3;", 1, "set twice");
    expect_error("L = 2; LC = 1;\nch_input = [1, 2", 2, "missing ']'");
    expect_error("L = 2.5;", 1, "whole number");
    snprintf(buf, sizeof buf, "L = 4; LC = 3;\n%sactivation = 'cube';", GOOD_BODY);
    expect_error(buf, 7, "must be one of");
    expect_error("L = 2; LC = 1;\nactivation = 'relu", 2, "unterminated string");
    expect_error("L = 40; LC = 1;", 1, "LC < L <= 32");
    expect_error("", 1, "missing key 'L'");
}

/* Issue 12.1, 16.1, 12.6, 12.11: hostile sizes and numbers end in a located
 * message, never in an overflow, a wild write or undefined behaviour. */
static void test_hostile_sizes(void **state)
{
    (void)state;
    /* products that overflow int64 before the old checks saw them */
    expect_error_at("L = 2; LC = 1;\nch_input = [64, 1]; wd_input = [2]; ht_input = [2];\n"
                    "wd_pad_added = [268435455]; wd_filter = [536870912]; strides = [1];\n"
                    "wd_subimage_pool = [1]; full_neurons = [3];\n",
                    2, 33, "layer 1 is too large");
    expect_error("L = 1; LC = 0; wd_input = 1e9; ht_input = 1e9; ch_input = [1e9]; full_neurons = [1e9];"
                 " wd_pad_added = []; wd_filter = []; strides = []; wd_subimage_pool = [];",
                 1, "too large");
    /* every value that cannot be cast to an integer */
    expect_error_at("L = 1e19;", 1, 5, "whole number of reasonable size");
    expect_error_at("L = +inf;", 1, 5, "whole number of reasonable size");
    expect_error_at("L = +nan;", 1, 5, "whole number of reasonable size");
    expect_error_at("L = -1e300;", 1, 5, "whole number of reasonable size");
    /* an unclosed bracket is reported where it opens */
    expect_error_at("L = 2; LC = 1;\nch_input = [1, 2;\nwd_input = 4;\n", 2, 12, "never closed");
    /* within the per-matrix limit, but the whole pass is over 2 GiB: the
     * input and its copies (z, dz, dZ1) count too */
    expect_error_at("L = 1; LC = 0; wd_input = 8000; ht_input = 8000; ch_input = [1];\n"
                    "full_neurons = [1]; wd_pad_added = []; wd_filter = []; strides = []; wd_subimage_pool = [];",
                    1, 27, "MiB for one pass");
    /* the work of one pass is bounded too */
    expect_error("L = 2; LC = 1;\nwd_input = 100; ht_input = 100;\nch_input = [64,1024];\nwd_pad_added = [2];\n"
                 "wd_filter = [5];\nstrides = [1];\nwd_subimage_pool = [2];\nfull_neurons = [3];\n",
                 2, "GFLOP");
    /* a size error names the value at fault: the second stride */
    expect_error_at("L = 3; LC = 2; wd_input = 8; ht_input = 8; ch_input = [1,2,2];\n"
                    "wd_pad_added = [0,0]; wd_filter = [3,3]; strides = [1, -2];\n"
                    "wd_subimage_pool = [1,1]; full_neurons = [3];\n",
                    2, 56, "strides must be positive (layer 2)");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_mnist_config_reads),
        cmocka_unit_test(test_syntax_variants),
        cmocka_unit_test(test_errors_name_their_line),
        cmocka_unit_test(test_hostile_sizes),
    };
    return cmocka_run_group_tests_name("config", tests, NULL, NULL);
}
