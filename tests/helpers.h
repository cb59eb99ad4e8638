/* helpers.h: shared by the tests: networks from config text, random fills. */
#ifndef BPSTEP_TEST_HELPERS_H
#define BPSTEP_TEST_HELPERS_H

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "../src/math/config.h"
#include "../src/math/net.h"
#include "../src/math/reference.h"
#include "../src/math/rng.h"

/* A network from simpleNN config text with weights from seed; fails the test
 * on a config error. The caller frees it with net_free. */
static inline Net *helper_net(const char *config, uint64_t seed)
{
    NetSpec spec;
    Diag d = { 0 };
    diag_clear(&d);
    if (config_parse(&spec, config, &d) != 0) {
        fail_msg("config error at line %d: %s", d.line, d.msg);
    }
    Net *net = net_new(&spec);
    assert_non_null(net);
    net_init_random(net, seed);
    return net;
}

static inline Net *helper_reference(void)
{
    NetSpec spec;
    reference_spec(&spec);
    Net *net = net_new(&spec);
    assert_non_null(net);
    reference_init(net);
    return net;
}

/* Fills m with uniform values in [lo, hi). */
static inline void helper_fill(Matrix *m, Rng *rng, double lo, double hi)
{
    for (size_t k = 0; k < mat_count(m); k++) {
        m->data[k] = lo + (hi - lo) * rng_uniform(rng);
    }
}

/* Fills m with small integers in [lo, hi] (ties and exact zeros are likely). */
static inline void helper_fill_int(Matrix *m, Rng *rng, int lo, int hi)
{
    for (size_t k = 0; k < mat_count(m); k++) {
        m->data[k] = lo + (int)(rng_next(rng) % (uint64_t)(hi - lo + 1));
    }
}

static inline Matrix *helper_val(Net *net, int id)
{
    return &net->values[id].m;
}

/* A copy of every gradient value of net, in value order (the caller frees it). */
static inline double *helper_grads(const Net *net, size_t *count)
{
    size_t total = 0;
    for (int i = 0; i < net->nvalues; i++) {
        total += net->values[i].kind == VAL_GRAD ? mat_count(&net->values[i].m) : 0;
    }
    double *out = malloc(total * sizeof *out + 1);
    assert_non_null(out);
    size_t at = 0;
    for (int i = 0; i < net->nvalues; i++) {
        if (net->values[i].kind == VAL_GRAD) {
            memcpy(out + at, net->values[i].m.data, mat_count(&net->values[i].m) * sizeof *out);
            at += mat_count(&net->values[i].m);
        }
    }
    *count = total;
    return out;
}

/* Networks with padding, stride 2, non-square input, 3 channels, several
 * conv layers, and simpleNN's MNIST net. */
static const char *const HELPER_NETS[] = {
    "L = 3; LC = 1; wd_input = 4; ht_input = 4; ch_input = [1,2]; wd_pad_added = [1];"
    "wd_filter = [3]; strides = [1]; wd_subimage_pool = [2]; full_neurons = [3,2];",
    "L = 2; LC = 1; wd_input = 7; ht_input = 5; ch_input = [3,4]; wd_pad_added = [2];"
    "wd_filter = [3]; strides = [2]; wd_subimage_pool = [2]; full_neurons = [3];",
    "L = 4; LC = 2; wd_input = 9; ht_input = 8; ch_input = [2,3,4]; wd_pad_added = [1,0];"
    "wd_filter = [3,2]; strides = [1,1]; wd_subimage_pool = [2,1]; full_neurons = [5,3];",
    "L = 4; LC = 3; wd_input = 12; ht_input = 10; ch_input = [3,2,3,2]; wd_pad_added = [0,1,1];"
    "wd_filter = [3,3,2]; strides = [1,2,1]; wd_subimage_pool = [1,2,1]; full_neurons = [4];",
    "L = 2; LC = 0; wd_input = 3; ht_input = 2; ch_input = [2]; wd_pad_added = [];"
    "wd_filter = []; strides = []; wd_subimage_pool = []; full_neurons = [4, 2];",
};
enum { HELPER_NNETS = sizeof HELPER_NETS / sizeof HELPER_NETS[0] };

static const char HELPER_MNIST[] =
    "% simpleNN's MNIST network\n"
    "L = 4; LC = 3; LF = 1;\n"
    "wd_input = [28]; ht_input = [28];\n"
    "ch_input = [1,32,64,64];\n"
    "wd_pad_added = [2,1,1];  wd_filter = [5,3,3];  strides = [1,1,1];\n"
    "wd_subimage_pool = [2,2,2];\n"
    "full_neurons = [10];\n";

#endif
