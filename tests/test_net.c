/* test_net.c: every gradient against central finite differences, eq. (5)
 * against eq. (6) bit for bit, and the reference network against the hand
 * computation of docs/reference-network.md. */
/* wait4() is a BSD call (glibc: _DEFAULT_SOURCE) */
#define _DEFAULT_SOURCE

#include "helpers.h"

#include <stdio.h>
#include <stdlib.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

/* Checks d loss / d value against central differences at `samples` entries
 * (all when samples <= 0), relative error below 1e-6. */
static void check_gradient(Net *net, int value, int grad, int samples, Rng *rng)
{
    Matrix *x = helper_val(net, value);
    net_run(net);
    size_t n = mat_count(x);
    Matrix g = mat_alloc(x->rows, x->cols);
    mat_copy(&g, helper_val(net, grad));
    int count = samples <= 0 || (size_t)samples > n ? (int)n : samples;
    for (int s = 0; s < count; s++) {
        size_t k = count == (int)n ? (size_t)s : (size_t)(rng_next(rng) % n);
        double saved = x->data[k];
        double h = 1e-5 * fmax(1.0, fabs(saved));
        x->data[k] = saved + h;
        double up = net_forward(net);
        x->data[k] = saved - h;
        double down = net_forward(net);
        x->data[k] = saved;
        double fd = (up - down) / (2.0 * h);
        double err = fabs(fd - g.data[k]) / fmax(1e-3, fabs(fd) + fabs(g.data[k]));
        if (!(err < 1e-6)) {
            fail_msg("d loss / d %s entry %zu: backward %.12g, finite difference %.12g (rel. error %.3g)",
                     net->values[value].name, k, g.data[k], fd, err);
        }
    }
    mat_release(&g);
}

static void check_all_gradients(Net *net, int samples, uint64_t seed)
{
    Rng rng;
    rng_init(&rng, seed);
    for (int m = 1; m <= net->spec.L; m++) {
        check_gradient(net, net->layer[m].W, net->layer[m].dW, samples, &rng);
        check_gradient(net, net->layer[m].b, net->layer[m].db, samples, &rng);
    }
    check_gradient(net, net->layer[1].Z, net->layer[1].dZ, samples, &rng);
}

/* Continuous random weights, biases and input: no ties or kinks nearby. */
static void randomise(Net *net, uint64_t seed)
{
    Rng rng;
    rng_init(&rng, seed);
    for (int m = 1; m <= net->spec.L; m++) {
        helper_fill(helper_val(net, net->layer[m].b), &rng, -0.3, 0.5);
    }
    helper_fill(helper_val(net, net->layer[1].Z), &rng, -1, 1);
    helper_fill(helper_val(net, net->vy), &rng, -1, 1);
}

static void test_gradients_small_networks(void **state)
{
    (void)state;
    for (int i = 0; i < HELPER_NNETS; i++) {
        for (int rule = RULE_EQ5; rule <= RULE_EQ6; rule++) {
            for (uint64_t seed = 1; seed <= 3; seed++) {
                Net *net = helper_net(HELPER_NETS[i], seed);
                randomise(net, seed * 31 + (uint64_t)i);
                net_set_rule(net, (PoolRule)rule);
                check_all_gradients(net, 0, seed);
                net_free(net);
            }
        }
    }
}

static void test_gradients_other_activations_and_avg_pool(void **state)
{
    (void)state;
    for (int act = ACT_RELU; act <= ACT_SIGMOID; act++) {
        for (int pool = POOL_MAX; pool <= POOL_AVG; pool++) {
            Net *net = helper_net(HELPER_NETS[2], 5);
            net->spec.act = (Activation)act;
            net->spec.pool_mode = (PoolMode)pool;
            randomise(net, 77);
            net_set_rule(net, RULE_EQ5); /* the correct gradient for every activation */
            check_all_gradients(net, 0, 11);
            net_free(net);
        }
    }
}

static void test_gradients_mnist(void **state)
{
    (void)state;
    Net *net = helper_net(HELPER_MNIST, 42);
    check_all_gradients(net, 12, 5);
    net_free(net);
}

/* Counts pooling windows of conv layer m whose maximum is shared (a tie,
 * among positive values) and windows with no positive entry. */
static void count_windows(Net *net, int m, int *ties, int *negative)
{
    const ConvGeom *g = &net->conv[m];
    const Matrix *sig = helper_val(net, net->layer[m].sigS);
    for (int c = 0; c < g->dout; c++) {
        for (int i = 0; i < g->ao; i++) {
            for (int jj = 0; jj < g->bo; jj++) {
                double best = -1.0;
                int count = 0;
                for (int p = 0; p < g->pool; p++) {
                    for (int q = 0; q < g->pool; q++) {
                        size_t pos = (size_t)c + (size_t)g->dout * ((size_t)(i * g->pool + p) +
                                                                    (size_t)g->ac * (size_t)(jj * g->pool + q));
                        double x = sig->data[pos];
                        count = x > best ? 1 : count + (x == best);
                        best = x > best ? x : best;
                    }
                }
                *ties += best > 0.0 && count > 1;
                *negative += best == 0.0;
            }
        }
    }
}

/* Integer weights and inputs make ties, zeros and all-negative windows common. */
static void test_eq5_equals_eq6_bit_for_bit(void **state)
{
    (void)state;
    int ties = 0, negative_windows = 0;
    for (int i = 0; i < HELPER_NNETS; i++) {
        for (uint64_t seed = 1; seed <= 40; seed++) {
            Net *net = helper_net(HELPER_NETS[i], seed);
            Rng rng;
            rng_init(&rng, seed * 1000 + (uint64_t)i);
            for (int m = 1; m <= net->spec.L; m++) {
                helper_fill_int(helper_val(net, net->layer[m].W), &rng, -2, 2);
                helper_fill_int(helper_val(net, net->layer[m].b), &rng, -3, 1);
            }
            helper_fill_int(helper_val(net, net->layer[1].Z), &rng, -2, 3);
            helper_fill_int(helper_val(net, net->vy), &rng, -2, 2);
            net_set_rule(net, RULE_EQ6);
            net_run(net);
            size_t n6, n5;
            double *g6 = helper_grads(net, &n6);
            for (int m = 1; m <= net->spec.LC; m++) {
                count_windows(net, m, &ties, &negative_windows);
            }
            net_set_rule(net, RULE_EQ5);
            net_run(net);
            double *g5 = helper_grads(net, &n5);
            assert_int_equal(n5, n6);
            if (memcmp(g5, g6, n5 * sizeof *g5) != 0) {
                fail_msg("eq. (5) and eq. (6) differ on network %d, seed %d", i, (int)seed);
            }
            free(g5);
            free(g6);
            net_free(net);
        }
    }
    /* the cases the slides' argument is about did occur, many times */
    assert_true(ties > 100);
    assert_true(negative_windows > 100);
}

/* The reference network, against the hand computation in the docs. */
static void test_reference_network_by_hand(void **state)
{
    (void)state;
    Net *net = helper_reference();
    double loss = net_run(net);
    assert_true(loss == 0.5); /* z4 = (0.5, 2.5), y = (1, 2) */
    const double z2[8] = { 5, 1, 4, 1, 9, 9, 6, 6 };
    const double s2[3] = { 2, 1.5, -0.5 };
    const double ds3[2] = { -1, 1 };
    const double dz3[3] = { -0.5, 2, -1.5 };
    const double ds2[3] = { -0.5, 2, 0 };
    for (int k = 0; k < 8; k++) {
        assert_true(helper_val(net, net->layer[2].Z)->data[k] == z2[k]);
    }
    for (int k = 0; k < 3; k++) {
        assert_true(helper_val(net, net->layer[2].S)->data[k] == s2[k]);
        assert_true(helper_val(net, net->layer[3].dZ)->data[k] == dz3[k]);
        assert_true(helper_val(net, net->layer[2].dS)->data[k] == ds2[k]);
    }
    for (int k = 0; k < 2; k++) {
        assert_true(helper_val(net, net->layer[3].dS)->data[k] == ds3[k]);
    }
    /* channel 1 of S1 is image B; pooling it gives the slides' P_pool */
    const double vec_b[16] = { 3, 4, 2, 3, 2, 5, 1, 4, 3, 4, 2, 3, 6, 9, 6, 2 };
    for (int k = 0; k < 16; k++) {
        assert_true(helper_val(net, net->layer[1].S)->data[2 * k] == vec_b[k]);
    }
    const int ones[4] = { 6, 8, 14, 15 };
    for (int k = 0; k < 4; k++) {
        /* channel 1 outputs are rows 0, 2, 4, 6; their winners' positions in vec(S1) */
        assert_int_equal(net->pool_idx[1][2 * k] / 2 + 1, ones[k]);
    }
    /* channel 2's first window [1 -1; -1 1] ties: the top-left 1 wins */
    assert_int_equal(net->pool_idx[1][1], 1);
    /* the ReLU masks hold 0s and 1s, and no gradient is identically zero */
    for (int i = 0; i < net->nvalues; i++) {
        if (net->values[i].kind != VAL_GRAD) {
            continue;
        }
        double sum = 0.0;
        for (size_t k = 0; k < mat_count(&net->values[i].m); k++) {
            sum += fabs(net->values[i].m.data[k]);
        }
        if (sum == 0.0) {
            fail_msg("%s is identically zero", net->values[i].name);
        }
    }
    net_free(net);
}

/* Every value is written by exactly one step: the engine's undo relies on it. */
static void test_each_value_has_one_writer(void **state)
{
    (void)state;
    for (int i = 0; i < HELPER_NNETS; i++) {
        Net *net = helper_net(HELPER_NETS[i], 1);
        int *writers = calloc((size_t)net->nvalues, sizeof *writers);
        for (int k = 0; k < net->nsteps; k++) {
            for (int w = 0; w < net->steps[k].nwrites; w++) {
                writers[net->steps[k].writes[w]]++;
            }
        }
        for (int v = 0; v < net->nvalues; v++) {
            ValueKind kind = net->values[v].kind;
            int want = (kind == VAL_FWD || kind == VAL_GRAD) ? 1 : 0;
            if (writers[v] != want) {
                fail_msg("network %d: %s has %d writers", i, net->values[v].name, writers[v]);
            }
        }
        free(writers);
        net_free(net);
    }
}

static void test_seeded_weights_are_reproducible(void **state)
{
    (void)state;
    Net *a = helper_net(HELPER_NETS[1], 9), *b = helper_net(HELPER_NETS[1], 9), *c = helper_net(HELPER_NETS[1], 10);
    assert_true(mat_equal_bits(helper_val(a, a->layer[1].W), helper_val(b, b->layer[1].W)));
    assert_false(mat_equal_bits(helper_val(a, a->layer[1].W), helper_val(c, c->layer[1].W)));
    /* simpleNN's scale: the mean square of W is about 2 / fan_in */
    Net *mn = helper_net(HELPER_MNIST, 3);
    const Matrix *w = helper_val(mn, mn->layer[2].W);
    double ms = 0.0;
    for (size_t k = 0; k < mat_count(w); k++) {
        ms += w->data[k] * w->data[k];
    }
    ms /= (double)mat_count(w);
    assert_true(fabs(ms - 2.0 / w->cols) < 0.05 * 2.0 / w->cols);
    net_free(a);
    net_free(b);
    net_free(c);
    net_free(mn);
}

/* Bytes a Net really holds in its values, P_pool index lists and dW^T scratch. */
static int64_t net_bytes(const Net *net)
{
    int64_t bytes = 0;
    for (int i = 0; i < net->nvalues; i++) {
        bytes += (int64_t)mat_count(&net->values[i].m) * (int64_t)sizeof(double);
    }
    for (int m = 1; m <= net->spec.LC; m++) {
        const ConvGeom *g = &net->conv[m];
        bytes += ((int64_t)g->dout * g->ao * g->bo + 1) * (int64_t)sizeof(int);
    }
    return bytes + (int64_t)net->ndwt * (int64_t)sizeof(double); /* the dW^T scratch */
}

/* Issue 16.2: the estimate the config check uses is what net_new allocates,
 * to the byte, on every kind of network. */
static void test_memory_estimate_is_exact(void **state)
{
    (void)state;
    for (int k = 0; k <= HELPER_NNETS; k++) {
        Net *net = helper_net(k < HELPER_NNETS ? HELPER_NETS[k] : HELPER_MNIST, 1);
        assert_int_equal(config_pass_bytes(&net->spec), net_bytes(net));
        net_free(net);
    }
    Net *ref = helper_reference();
    assert_int_equal(config_pass_bytes(&ref->spec), net_bytes(ref));
    net_free(ref);
}

#if defined(__SANITIZE_ADDRESS__)
#define UNDER_ASAN 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define UNDER_ASAN 1
#endif
#endif

/* Peak resident memory (KiB) of a child that builds config and runs one pass. */
static long child_peak_kib(const char *config, bool build)
{
    pid_t pid = fork();
    assert_true(pid >= 0);
    if (pid == 0) {
        if (build) {
            NetSpec spec;
            Diag d;
            if (config_parse(&spec, config, &d) != 0) {
                _exit(3);
            }
            Net *net = net_new(&spec);
            if (net == NULL) {
                _exit(4);
            }
            net_init_random(net, 1);
            net_run(net);
            net_free(net);
        }
        _exit(0);
    }
    int status = 0;
    struct rusage ru;
    assert_true(wait4(pid, &status, 0, &ru) == pid);
    assert_true(WIFEXITED(status) && WEXITSTATUS(status) == 0);
    return ru.ru_maxrss;
}

/* Issue 16.2: the estimate agrees with the measured peak within 10% on a
 * conv network and an FC network of a few hundred MiB. */
static void test_memory_estimate_matches_peak(void **state)
{
    (void)state;
#ifdef UNDER_ASAN
    skip(); /* the sanitizer's shadow memory and redzones are not the program's */
#else
    static const char *const big[] = {
        "L = 3; LC = 1; wd_input = 512; ht_input = 512; ch_input = [1,8]; wd_pad_added = [1];"
        "wd_filter = [3]; strides = [1]; wd_subimage_pool = [2]; full_neurons = [4, 2];",
        "L = 1; LC = 0; wd_input = 1000; ht_input = 1000; ch_input = [4]; full_neurons = [2];"
        "wd_pad_added = []; wd_filter = []; strides = []; wd_subimage_pool = [];",
    };
    long base = child_peak_kib(NULL, false);
    for (size_t k = 0; k < sizeof big / sizeof *big; k++) {
        NetSpec spec;
        Diag d;
        assert_int_equal(config_parse(&spec, big[k], &d), 0);
        double estimate = (double)config_pass_bytes(&spec) / 1024.0;
        double measured = (double)(child_peak_kib(big[k], true) - base);
        print_message("network %zu: estimate %.0f KiB, measured peak %.0f KiB\n", k, estimate, measured);
        if (fabs(measured - estimate) > 0.1 * estimate) {
            fail_msg("network %zu: estimate %.0f KiB, measured peak %.0f KiB", k, estimate, measured);
        }
    }
#endif
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_reference_network_by_hand),
        cmocka_unit_test(test_gradients_small_networks),
        cmocka_unit_test(test_gradients_other_activations_and_avg_pool),
        cmocka_unit_test(test_gradients_mnist),
        cmocka_unit_test(test_eq5_equals_eq6_bit_for_bit),
        cmocka_unit_test(test_each_value_has_one_writer),
        cmocka_unit_test(test_seeded_weights_are_reproducible),
        cmocka_unit_test(test_memory_estimate_is_exact),
        cmocka_unit_test(test_memory_estimate_matches_peak),
    };
    return cmocka_run_group_tests_name("net", tests, NULL, NULL);
}
