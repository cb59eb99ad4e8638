/* test_compare.c: compare mode. Equality of eq. (5) and eq. (6) for ReLU
 * with max pooling bit for bit; a witness where the slide's literal eq. (6)
 * is wrong for every other activation and for average pooling; the program's
 * gradient right (finite differences) for each; the symbolic slides example. */
#include "helpers.h"

#include <stdlib.h>

#include "../src/debugger/command.h"
#include "../src/debugger/compare.h"
#include "../src/debugger/engine.h"

static Engine *engine_with(const char *config, uint64_t seed, Activation act, PoolMode pool)
{
    Net *net = helper_net(config, seed);
    Rng rng;
    rng_init(&rng, seed + 100);
    helper_fill(helper_val(net, net->layer[1].Z), &rng, -1, 1);
    for (int m = 1; m <= net->spec.L; m++) {
        helper_fill(helper_val(net, net->layer[m].b), &rng, -0.5, 0.3);
    }
    Engine *e = engine_new(net);
    assert_non_null(e);
    engine_set_model(e, act, pool);
    engine_goto(e, e->nops);
    return e;
}

static void test_relu_max_agree_bit_for_bit(void **state)
{
    (void)state;
    for (int i = 0; i < HELPER_NNETS; i++) {
        for (uint64_t seed = 1; seed <= 10; seed++) {
            Engine *e = engine_with(HELPER_NETS[i], seed, ACT_RELU, POOL_MAX);
            for (int m = 1; m <= e->net->spec.LC; m++) {
                Comparison cmp;
                Diag d = { 0 };
                assert_int_equal(compare_compute(e, m, &cmp, &d), 0);
                assert_int_equal(cmp.ndiff, 0);
                assert_true(cmp.max_diff == 0.0);
                /* and (5) is what the program computed */
                assert_true(mat_equal_bits(&cmp.eq5, &e->net->values[e->net->layer[m].dS].m));
                compare_release(&cmp);
            }
            engine_free(e);
        }
    }
}

/* For every other case some network shows the literal (6) is wrong. */
static void test_witness_of_inequality(void **state)
{
    (void)state;
    static const struct {
        Activation act;
        PoolMode pool;
    } cases[] = { { ACT_LEAKY, POOL_MAX }, { ACT_TANH, POOL_MAX }, { ACT_SIGMOID, POOL_MAX },
                  { ACT_RELU, POOL_AVG } };
    for (size_t c = 0; c < sizeof cases / sizeof *cases; c++) {
        int witnesses = 0;
        for (uint64_t seed = 1; seed <= 5; seed++) {
            Engine *e = engine_with(HELPER_NETS[2], seed, cases[c].act, cases[c].pool);
            Comparison cmp;
            Diag d = { 0 };
            assert_int_equal(compare_compute(e, 1, &cmp, &d), 0);
            witnesses += cmp.ndiff > 0 && cmp.max_diff > 0.0;
            compare_release(&cmp);
            engine_free(e);
        }
        if (witnesses == 0) {
            fail_msg("no witness for case %zu", c);
        }
    }
}

/* The program's eq. (6) (sigma' written in terms of Z^{m+1}) equals eq. (5)
 * bit for bit with max pooling, for every activation. */
static void test_program_eq6_is_right_for_every_activation(void **state)
{
    (void)state;
    for (int act = ACT_RELU; act <= ACT_SIGMOID; act++) {
        for (int i = 0; i < HELPER_NNETS; i++) {
            Engine *e = engine_with(HELPER_NETS[i], 3, (Activation)act, POOL_MAX);
            Net *net = e->net;
            size_t n6, n5;
            double *six = helper_grads(net, &n6);
            assert_int_equal(engine_set_rule(e, RULE_EQ5), 0);
            double *five = helper_grads(net, &n5);
            assert_int_equal(n5, n6);
            if (memcmp(six, five, n5 * sizeof *six) != 0) {
                fail_msg("activation %d, network %d: eq. (5) and eq. (6) differ", act, i);
            }
            free(five);
            free(six);
            engine_free(e);
        }
    }
}

/* The gradient the program computes is right for every activation and pooling. */
static void test_gradients_by_finite_differences(void **state)
{
    (void)state;
    for (int act = ACT_RELU; act <= ACT_SIGMOID; act++) {
        for (int pool = POOL_MAX; pool <= POOL_AVG; pool++) {
            Engine *e = engine_with(HELPER_NETS[2], 8, (Activation)act, (PoolMode)pool);
            Net *net = e->net;
            assert_int_equal(net->rule, pool == POOL_AVG ? RULE_EQ5 : RULE_EQ6);
            for (int m = 1; m <= net->spec.L; m++) {
                Matrix *w = helper_val(net, net->layer[m].W);
                net_run(net);
                for (size_t k = 0; k < mat_count(w); k += 3) {
                    double g = helper_val(net, net->layer[m].dW)->data[k];
                    double saved = w->data[k];
                    w->data[k] = saved + 1e-5;
                    double up = net_forward(net);
                    w->data[k] = saved - 1e-5;
                    double down = net_forward(net);
                    w->data[k] = saved;
                    net_run(net);
                    double fd = (up - down) / 2e-5;
                    double err = fabs(fd - g) / fmax(1e-3, fabs(fd) + fabs(g));
                    if (!(err < 1e-6)) {
                        fail_msg("act %d pool %d: dW%d[%zu] %.10g vs %.10g", act, pool, m, k, g, fd);
                    }
                }
            }
            engine_free(e);
        }
    }
}

static void test_commands(void **state)
{
    (void)state;
    Net *net = helper_reference();
    Engine *e = engine_new(net);
    StrBuf out;
    sb_init(&out);
    Diag d = { 0 };
    diag_clear(&d);
    assert_int_equal(command_exec(e, "compare 1", &out, &d), CMD_ERROR);
    assert_non_null(strstr(d.msg, "compare needs dZ2"));
    assert_int_equal(command_exec(e, "run", &out, &d), CMD_OK);
    sb_clear(&out);
    assert_int_equal(command_exec(e, "compare", &out, &d), CMD_OK);
    assert_non_null(strstr(sb_str(&out), "identical, bit for bit"));
    assert_non_null(strstr(sb_str(&out), "\nmax |(5) - (6)| = 0\n"));
    sb_clear(&out);
    /* leaky ReLU: the reference network's windows all have a positive maximum, so
     * the literal (6) happens to agree; a window of negatives tells them apart */
    assert_int_equal(command_exec(e, "set activation leaky", &out, &d), CMD_OK);
    sb_clear(&out);
    assert_int_equal(command_exec(e, "compare 1", &out, &d), CMD_OK);
    assert_non_null(strstr(sb_str(&out), "identical, bit for bit"));
    assert_int_equal(command_exec(e, "set b1 = [0; -20]", &out, &d), CMD_OK);
    sb_clear(&out);
    assert_int_equal(command_exec(e, "compare 1", &out, &d), CMD_OK);
    assert_non_null(strstr(sb_str(&out), "they differ in"));
    assert_null(strstr(sb_str(&out), "max |(5) - (6)| = 0\n"));
    assert_int_equal(command_exec(e, "set pool avg", &out, &d), CMD_OK);
    assert_int_equal(e->net->rule, RULE_EQ5);
    assert_int_equal(command_exec(e, "set rule 6", &out, &d), CMD_ERROR);
    assert_non_null(strstr(d.msg, "average pooling"));
    assert_int_equal(command_exec(e, "compare 2", &out, &d), CMD_ERROR);
    assert_int_equal(command_exec(e, "set activation cube", &out, &d), CMD_ERROR);
    sb_release(&out);
    engine_free(e);
}

static void test_slides_symbolic(void **state)
{
    (void)state;
    StrBuf out;
    sb_init(&out);
    compare_slides_text(&out);
    const char *t = sb_str(&out);
    assert_non_null(strstr(t, "1s at columns 6 8 14 15"));
    assert_non_null(strstr(t, "[0 0 0 0 0 v1 0 v2 0 0 0 0 0 v3 v4 0]   (16 entries)"));
    assert_non_null(strstr(t, "[0 0 0 0 0 v1 0 v2 0 0 0 0 0 0 v3 v4 0]   (17 entries)"));
    assert_non_null(strstr(t, "a typo in the slide"));
    assert_non_null(strstr(t, "[v1 v2 v3 v4]"));
    assert_non_null(strstr(t, "max |(5) - (6)| = 0"));
    sb_release(&out);
}

/* Issue 24: the compare view's numbers. Average pooling spreads each v
 * entry over its window at 1/4 (P_pool's four columns per row, per channel
 * as the slides number them); under tanh the three rows: the slide's literal
 * (6) with I[Z] parts from (5), the program's (6) with 1 - Z (.) Z equals (5)
 * bit for bit under max pooling. On the reference network (image B). */
static void test_view_rows(void **state)
{
    (void)state;
    Engine *e = engine_new(helper_reference());
    assert_non_null(e);
    engine_set_model(e, ACT_RELU, POOL_AVG);
    engine_goto(e, e->nops);
    Comparison cmp;
    Diag d = { 0 };
    assert_int_equal(compare_compute(e, 1, &cmp, &d), 0);
    int cols[16];
    double w = 0.0;
    /* output 1 of channel 1: the window rows 1-2, columns 1-2 of the 4 x 4 channel: vec 1 2 5 6 */
    assert_int_equal(compare_pool_columns(e, 1, 0, cols, 16, &w), 4);
    assert_true(w == 0.25);
    assert_int_equal(cols[0], 0);
    assert_int_equal(cols[1], 1);
    assert_int_equal(cols[2], 4);
    assert_int_equal(cols[3], 5);
    for (int k = 0; k < cmp.v.cols * cmp.v.rows; k++) { /* v^T P_pool: each v / 4 at its window's 4 entries */
        int n = compare_pool_columns(e, 1, k, cols, 16, &w), ch = k % 2;
        assert_int_equal(n, 4);
        for (int i = 0; i < n; i++) {
            assert_true(cmp.vtp.data[ch + 2 * cols[i]] == cmp.v.data[k] / 4.0);
        }
    }
    compare_release(&cmp);
    engine_set_model(e, ACT_TANH, POOL_MAX);
    engine_goto(e, e->nops);
    assert_int_equal(compare_compute(e, 1, &cmp, &d), 0);
    assert_int_equal(compare_pool_columns(e, 1, 4, cols, 16, &w), 1); /* channel 1's third window: 9, column 14 */
    assert_int_equal(cols[0], 13);
    assert_true(w == 1.0);
    int slide = 0;
    for (size_t k = 0; k < mat_count(&cmp.eq5); k++) {
        slide += compare_entry_differs(cmp.eq5.data[k], cmp.eq6.data[k]);
        assert_false(compare_entry_differs(cmp.eq5.data[k], cmp.eq6_prog.data[k]));
    }
    assert_int_equal(slide, 8); /* every winner of both channels: tanh' < 1 there, I[Z] = 1 */
    /* batch compare names them per channel (the slides' 6 8 14 15 for image B), interleaved
     * c + 2 (q - 1) in brackets; the literal (6) is "slide (6)", bpstep's own has its rows */
    StrBuf out;
    sb_init(&out);
    diag_clear(&d);
    assert_int_equal(command_exec(e, "compare 1", &out, &d), CMD_OK);
    assert_non_null(strstr(sb_str(&out), "at channel 1: 6 8 14 15; channel 2: 1 3 14 15 "
                                         "[interleaved: 2 6 11 15 27 28 29 30]"));
    assert_non_null(strstr(sb_str(&out), "eq. (6) as bpstep runs it = (v^T (.) (1 - vec(Z^{2,i})^T (.) vec(Z^{2,i})^T))"));
    assert_non_null(strstr(sb_str(&out), "\nmax |(5) - slide (6)| = 2.93241\n"));
    sb_release(&out);
    for (size_t k = 0; k < mat_count(&cmp.dsig_z); k++) {
        double z = e->net->values[e->net->layer[2].Z].m.data[k];
        assert_true(cmp.dsig_z.data[k] == 1.0 - z * z);
    }
    compare_release(&cmp);
    engine_free(e);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_relu_max_agree_bit_for_bit),
        cmocka_unit_test(test_witness_of_inequality),
        cmocka_unit_test(test_program_eq6_is_right_for_every_activation),
        cmocka_unit_test(test_gradients_by_finite_differences),
        cmocka_unit_test(test_commands),
        cmocka_unit_test(test_slides_symbolic),
        cmocka_unit_test(test_view_rows),
    };
    return cmocka_run_group_tests_name("compare", tests, NULL, NULL);
}
