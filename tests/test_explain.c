/* test_explain.c: explain's terms recompute every entry of every op kind
 * (both pooling rules, every activation, both pool modes); gradcheck agrees
 * with backprop, restores everything bit for bit, and flags kinks. */
#include "helpers.h"

#include <stdio.h>

#include "../src/debugger/command.h"
#include "../src/debugger/engine.h"
#include "../src/debugger/explain_text.h"

static Engine *engine_for(const char *config, Activation act, PoolMode pool, PoolRule rule)
{
    Engine *e = engine_new(config != NULL ? helper_net(config, 3) : helper_reference());
    assert_non_null(e);
    engine_set_model(e, act, pool);
    if (pool == POOL_MAX) {
        assert_int_equal(engine_set_rule(e, rule), 0);
    }
    engine_goto(e, e->nops);
    return e;
}

/* Every entry (or every 7th of a large value) of every value an op writes. */
static void check_all_entries(Engine *e, unsigned *kinds)
{
    for (int id = 0; id < e->net->nvalues; id++) {
        int op = e->writer[id];
        if (op < 0) {
            continue;
        }
        const Matrix *m = &e->net->values[id].m;
        size_t n = mat_count(m), stride = n > 400 ? 7 : 1;
        for (size_t k = 0; k < n; k += stride) {
            EntryRef ref = { id, (int)(k % (size_t)m->rows), (int)(k / (size_t)m->rows), "" };
            snprintf(ref.label, sizeof ref.label, "%s", e->net->values[id].name);
            Explanation ex;
            Diag d;
            diag_clear(&d);
            assert_int_equal(engine_explain(e, &ref, &ex, &d), 0);
            double got = explain_evaluate(&ex), want = ex.result;
            if (!(fabs(got - want) <= 1e-12 * (1.0 + fabs(want)))) {
                fail_msg("%s entry %zu (op %s): terms give %.17g, the entry is %.17g", e->net->values[id].name, k,
                         e->ops[op].name, got, want);
            }
            assert_true(ex.result == MAT_AT(*m, ref.row, ref.col));
            *kinds |= 1u << e->net->steps[e->ops[op].step].kind;
            explain_release(&ex);
        }
    }
}

static void test_terms_recompute_every_entry(void **state)
{
    (void)state;
    unsigned kinds = 0;
    static const Activation acts[] = { ACT_RELU, ACT_LEAKY, ACT_TANH, ACT_SIGMOID };
    for (int n = -1; n < HELPER_NNETS; n++) {
        for (size_t a = 0; a < sizeof acts / sizeof *acts; a++) {
            for (int rule = 5; rule <= 6; rule++) {
                Engine *e = engine_for(n < 0 ? NULL : HELPER_NETS[n], acts[a], POOL_MAX, (PoolRule)rule);
                check_all_entries(e, &kinds);
                engine_free(e);
            }
            Engine *e = engine_for(n < 0 ? NULL : HELPER_NETS[n], acts[a], POOL_AVG, RULE_EQ5);
            check_all_entries(e, &kinds);
            engine_free(e);
        }
    }
    Engine *e = engine_for(HELPER_MNIST, ACT_RELU, POOL_MAX, RULE_EQ6);
    check_all_entries(e, &kinds);
    engine_free(e);
    for (int n = -1; n < HELPER_NNETS; n++) { /* softmax cross-entropy (set loss ce) */
        e = engine_for(n < 0 ? NULL : HELPER_NETS[n], ACT_TANH, POOL_MAX, RULE_EQ6);
        engine_set_loss(e, LOSS_CE);
        engine_goto(e, e->nops);
        check_all_entries(e, &kinds);
        engine_free(e);
    }
    /* a sigma per layer (as an ONNX model may have): leaky, tanh, sigmoid, relu */
    NetSpec spec;
    Diag d;
    diag_clear(&d);
    assert_int_equal(config_parse(&spec, HELPER_NETS[2], &d), 0);
    spec.per_layer = true;
    for (int m = 1; m < spec.L; m++) {
        spec.layer_act[m] = (Activation)((m - 1) % 4 == 0 ? ACT_LEAKY : (m - 1) % 4 == 1 ? ACT_TANH
                                          : (m - 1) % 4 == 2 ? ACT_SIGMOID : ACT_RELU);
    }
    Net *net = net_new(&spec);
    assert_non_null(net);
    net_init_random(net, 3);
    e = engine_new(net);
    assert_non_null(e);
    for (int rule = 5; rule <= 6; rule++) {
        assert_int_equal(engine_set_rule(e, (PoolRule)rule), 0);
        engine_goto(e, e->nops);
        check_all_entries(e, &kinds);
    }
    engine_free(e);
    assert_int_equal(kinds, (1u << (STEP_BWD_LOSS_CE + 1)) - 1); /* every step kind was explained */
}

/* The slides' example, as the examples ask. */
static void test_explain_text(void **state)
{
    (void)state;
    Engine *e = engine_for(NULL, ACT_RELU, POOL_MAX, RULE_EQ6);
    StrBuf out;
    sb_init(&out);
    Diag d;
    diag_clear(&d);
    assert_int_equal(command_exec(e, "explain Z2(1,3)", &out, &d), CMD_OK);
    assert_non_null(strstr(sb_str(&out), "sigS1(1,14)"));
    assert_non_null(strstr(sb_str(&out), "= 9   <- the max"));
    /* issue 24: P_pool per channel as the slides number it (image B: row 3, the
     * window of 9, has its 1 at column 14 of 16), the interleaved place of the
     * reference network's two channels in brackets: row 1 + 2 (3 - 1) = 5,
     * column 1 + 2 (14 - 1) = 27 */
    assert_non_null(strstr(sb_str(&out), "row 3 of P_pool^1[1] has its 1 at column 14 [interleaved: row 5, column 27]"));
    sb_clear(&out);
    assert_int_equal(command_exec(e, "explain dS1(1,6)", &out, &d), CMD_OK);
    assert_non_null(strstr(sb_str(&out), "dZ2(1,1) * I[Z2(1,1)]"));
    /* dS1(1,6) is the slides' column 6, where v1 lands; interleaved 1 + 2 (6 - 1) = 11 */
    assert_non_null(strstr(sb_str(&out), "P_pool^1[1](k,6) [interleaved column 11]"));
    assert_non_null(strstr(sb_str(&out), "P_pool^1[1](1,6) = 1 [interleaved P_pool^1(1,11)]"));
    sb_clear(&out);
    assert_int_equal(command_exec(e, "set pool avg", &out, &d), CMD_OK);
    sb_clear(&out);
    assert_int_equal(command_exec(e, "explain dS1(1,6)", &out, &d), CMD_OK);
    assert_non_null(strstr(sb_str(&out), "average pooling: P_pool^1[1](1,6) = 1/4 [interleaved P_pool^1(1,11)]"));
    sb_clear(&out);
    assert_int_equal(command_exec(e, "set pool max", &out, &d), CMD_OK);
    sb_clear(&out);
    assert_int_equal(command_exec(e, "explain Z2[1](2,1)", &out, &d), CMD_OK);
    assert_non_null(strstr(sb_str(&out), "Z2[1](2,1) = 4"));
    sb_clear(&out);
    assert_int_equal(command_exec(e, "explain dS1(3,1)", &out, &d), CMD_ERROR);
    assert_non_null(strstr(d.msg, "dS1 is 2 x 16 (rows are 1 to 2)"));
    engine_goto(e, 3);
    assert_int_equal(command_exec(e, "explain dS1(1,1)", &out, &d), CMD_ERROR);
    assert_non_null(strstr(d.msg, "not computed yet"));
    sb_release(&out);
    engine_free(e);
}

/* Every value visible at the position (computed ones, inputs, parameters),
 * in value order; the values past the position are not computed, not shown. */
static double *snapshot(const Engine *e, size_t *n)
{
    size_t total = 0, at = 0;
    for (int i = 0; i < e->net->nvalues; i++) {
        total += engine_value_valid(e, i) ? mat_count(&e->net->values[i].m) : 0;
    }
    double *out = malloc(total * sizeof *out + 1);
    assert_non_null(out);
    for (int i = 0; i < e->net->nvalues; i++) {
        if (engine_value_valid(e, i)) {
            memcpy(out + at, e->net->values[i].m.data, mat_count(&e->net->values[i].m) * sizeof *out);
            at += mat_count(&e->net->values[i].m);
        }
    }
    *n = total;
    return out;
}

static void test_gradcheck(void **state)
{
    (void)state;
    static const Activation acts[] = { ACT_RELU, ACT_LEAKY, ACT_TANH, ACT_SIGMOID };
    for (int n = 0; n < HELPER_NNETS; n++) {
        for (size_t a = 0; a < sizeof acts / sizeof *acts; a++) {
            Engine *e = engine_for(HELPER_NETS[n], acts[a], POOL_MAX, a % 2 ? RULE_EQ5 : RULE_EQ6);
            engine_goto(e, e->nops / 2); /* mid-pass: gradcheck must leave it there */
            size_t before_n, after_n;
            double *before = snapshot(e, &before_n);
            int pos = e->pos;
            for (int m = 1; m <= e->net->spec.L; m++) {
                int ids[] = { e->net->layer[m].dW, e->net->layer[m].db };
                for (int w = 0; w < 2; w++) {
                    const Matrix *g = &e->net->values[ids[w]].m;
                    for (size_t k = 0; k < mat_count(g); k += 3) {
                        EntryRef ref = { ids[w], (int)(k % (size_t)g->rows), (int)(k / (size_t)g->rows), "d" };
                        GradCheck gc;
                        Diag d;
                        assert_int_equal(gradcheck_entry(e, &ref, 1e-5, &gc, &d), 0);
                        if (!gc.kink && gc.rel_error >= 1e-6 && !gc.noise_floor) {
                            fail_msg("net %d %s %s entry %zu: fd %.12g, backprop %.12g", n, act_name(acts[a]),
                                     e->net->values[ids[w]].name, k, gc.fd, gc.backprop);
                        }
                    }
                }
            }
            double *after = snapshot(e, &after_n);
            assert_int_equal(e->pos, pos);
            assert_int_equal(before_n, after_n);
            assert_memory_equal(before, after, before_n * sizeof *before); /* bit for bit */
            free(before);
            free(after);
            engine_free(e);
        }
    }
}

/* The reference network's ties and exact zeros put some of dW1 on a kink. */
static void test_gradcheck_finds_kinks(void **state)
{
    (void)state;
    Engine *e = engine_for(NULL, ACT_RELU, POOL_MAX, RULE_EQ6);
    int kinks = 0, clean = 0;
    const Matrix *g = &e->net->values[e->net->layer[1].dW].m;
    for (size_t k = 0; k < mat_count(g); k++) {
        EntryRef ref = { e->net->layer[1].dW, (int)(k % (size_t)g->rows), (int)(k / (size_t)g->rows), "dW1" };
        GradCheck gc;
        Diag d;
        assert_int_equal(gradcheck_entry(e, &ref, 1e-5, &gc, &d), 0);
        kinks += gc.kink;
        clean += !gc.kink && gc.rel_error < 1e-6;
    }
    assert_true(kinks > 0 && clean > 0);
    assert_int_equal(kinks + clean, (int)mat_count(g));
    engine_free(e);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_terms_recompute_every_entry),
        cmocka_unit_test(test_explain_text),
        cmocka_unit_test(test_gradcheck),
        cmocka_unit_test(test_gradcheck_finds_kinks),
    };
    return cmocka_run_group_tests_name("explain", tests, NULL, NULL);
}
