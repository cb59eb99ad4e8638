/* test_train.c: the batched pass against the per-instance one (the batch
 * mean gradient is the mean of the stepped network's gradients), SGD with
 * momentum by hand, a loss that goes down, and the IDX and PGM readers on
 * small files written here (no dataset needed). */
#include "helpers.h"

#include <zlib.h>

#include "../src/data/idx.h"
#include "../src/math/dataset.h"
#include "../src/math/train.h"
#include "../src/debugger/cmd_internal.h"
#include "../src/debugger/command.h"
#include "../src/debugger/host.h"
#include "../src/base/interrupt.h"
#include "../src/debugger/training.h"
#include "../src/ui/views.h"

#include <signal.h>
#include <stdio.h>

/* n images of side x side: class c brightens block c of a 2 x 5 grid of
 * stripes, plus noise, so that a small network can learn it. */
static Dataset make_dataset(int n, int side, uint64_t seed)
{
    Dataset ds = { n, side, side, malloc((size_t)n * side * side), malloc((size_t)n) };
    assert_non_null(ds.pixels);
    assert_non_null(ds.labels);
    Rng r;
    rng_init(&r, seed);
    for (int k = 0; k < n; k++) {
        int c = (int)(rng_next(&r) % 10);
        ds.labels[k] = (uint8_t)c;
        for (int p = 0; p < side * side; p++) {
            int row = p / side, col = p % side;
            bool on = (row * 2 / side) == c / 5 && (col * 5 / side) == c % 5;
            ds.pixels[(size_t)k * side * side + p] = (uint8_t)((on ? 180 : 0) + rng_next(&r) % 60);
        }
    }
    return ds;
}

static const char *SMALL_NET = "L = 4; LC = 2; wd_input = [10]; ht_input = [10]; ch_input = [1,3,4];"
                               "wd_pad_added = [1,0]; wd_filter = [3,2]; strides = [1,1];"
                               "wd_subimage_pool = [2,2]; full_neurons = [6,10];";

/* Sets the stepped network's input and target to instance k. */
static void net_load_instance(Net *net, const Dataset *ds, int k)
{
    dataset_input(ds, k, helper_val(net, net->layer[1].Z));
    dataset_target(ds, k, helper_val(net, net->vy));
}

static void check_batch_mean(PoolRule rule, Activation act, LossKind loss_kind)
{
    Net *net = helper_net(SMALL_NET, 7);
    net_set_model(net, act, POOL_MAX);
    net_set_loss(net, loss_kind);
    if (act == ACT_IDENTITY) { /* a sigma per layer, as an ONNX model may have */
        static const Activation per[] = { ACT_RELU, ACT_TANH, ACT_LEAKY, ACT_SIGMOID };
        net->spec.per_layer = true;
        memcpy(net->spec.layer_act + 1, per, sizeof per);
    }
    assert_int_equal(net_set_rule(net, rule), 0);
    Dataset ds = make_dataset(9, 10, 3);
    int idx[5] = { 4, 0, 8, 2, 6 }, l = 5, correct;
    Trainer *t = trainer_new(net, 8);
    assert_non_null(t);
    double loss = trainer_batch(t, &ds, idx, l, &correct);
    double mean_loss = 0.0;
    int right = 0;
    for (int m = 1; m <= net->spec.L; m++) {
        for (int which = 0; which < 2; which++) {
            int gid = which == 0 ? net->layer[m].dW : net->layer[m].db;
            const Matrix *g = trainer_grad(t, m, which);
            Matrix sum = mat_alloc(g->rows, g->cols);
            for (int i = 0; i < l; i++) {
                net_load_instance(net, &ds, idx[i]);
                double xi = net_run(net);
                if (m == 1 && which == 0) {
                    mean_loss += xi / l;
                    const Matrix *out = helper_val(net, net->layer[net->spec.L].S);
                    right += train_argmax(out->data, out->rows) == ds.labels[idx[i]];
                    Matrix zi = trainer_output(t, i);
                    for (int k = 0; k < out->rows; k++) {
                        assert_true(fabs(zi.data[k] - out->data[k]) < 1e-12);
                    }
                }
                for (size_t k = 0; k < mat_count(&sum); k++) {
                    sum.data[k] += helper_val(net, gid)->data[k];
                }
            }
            for (size_t k = 0; k < mat_count(&sum); k++) {
                double want = sum.data[k] / l;
                if (!(fabs(g->data[k] - want) <= 1e-12 * fmax(1.0, fabs(want)))) {
                    fail_msg("layer %d %s entry %zu: batch %.17g, mean of instances %.17g", m, which ? "b" : "W", k,
                             g->data[k], want);
                }
            }
            mat_release(&sum);
        }
    }
    assert_true(fabs(loss - mean_loss) < 1e-12 * fmax(1.0, mean_loss));
    assert_int_equal(correct, right);
    trainer_free(t);
    dataset_release(&ds);
    net_free(net);
}

static void test_batch_mean_is_mean_of_instances(void **state)
{
    (void)state;
    check_batch_mean(RULE_EQ5, ACT_RELU, LOSS_MSE);
    check_batch_mean(RULE_EQ6, ACT_RELU, LOSS_MSE);
    check_batch_mean(RULE_EQ5, ACT_TANH, LOSS_MSE);
    check_batch_mean(RULE_EQ6, ACT_SIGMOID, LOSS_MSE);
    check_batch_mean(RULE_EQ6, ACT_RELU, LOSS_CE); /* `set loss ce`: train uses softmax(z) - y */
    check_batch_mean(RULE_EQ5, ACT_TANH, LOSS_CE);
    check_batch_mean(RULE_EQ5, ACT_IDENTITY, LOSS_MSE); /* per layer: relu, tanh, leaky (FC), identity */
    check_batch_mean(RULE_EQ6, ACT_IDENTITY, LOSS_CE);
}

/* A network without conv layers trains too (z^1 is vec of the image). */
static void test_fc_only_batch(void **state)
{
    (void)state;
    Net *net = helper_net("L = 2; LC = 0; wd_input = [4]; ht_input = [4]; ch_input = [1]; full_neurons = [5,10];"
                          "wd_pad_added = []; wd_filter = []; strides = []; wd_subimage_pool = [];", 2);
    Dataset ds = make_dataset(4, 4, 9);
    int idx[3] = { 3, 1, 2 }, correct;
    Trainer *t = trainer_new(net, 3);
    assert_non_null(t);
    (void)trainer_batch(t, &ds, idx, 3, &correct);
    const Matrix *g = trainer_grad(t, 1, 0);
    Matrix want = mat_alloc(g->rows, g->cols);
    for (int i = 0; i < 3; i++) {
        dataset_input(&ds, idx[i], helper_val(net, net->layer[1].Z));
        dataset_target(&ds, idx[i], helper_val(net, net->vy));
        net_run(net);
        for (size_t k = 0; k < mat_count(&want); k++) {
            want.data[k] += helper_val(net, net->layer[1].dW)->data[k] / 3;
        }
    }
    for (size_t k = 0; k < mat_count(&want); k++) {
        assert_true(fabs(g->data[k] - want.data[k]) < 1e-12);
    }
    mat_release(&want);
    trainer_free(t);
    dataset_release(&ds);
    net_free(net);
}

/* Two steps of PyTorch's SGD written out: v1 = g1 + wd W0, W1 = W0 - lr v1;
 * v2 = mom v1 + g2 + wd W1, W2 = W1 - lr v2. */
static void test_sgd_momentum_by_hand(void **state)
{
    (void)state;
    Net *net = helper_reference();
    Dataset ds = make_dataset(2, 4, 5);
    ds.labels[0] = 1;
    ds.labels[1] = 0;
    TrainParams p = { .lr = 0.1, .momentum = 0.9, .wd = 0.01, .batch = 2 };
    Trainer *t = trainer_new(net, 2);
    assert_non_null(t);
    Matrix *W = helper_val(net, net->layer[2].W);
    Matrix W0 = mat_alloc(W->rows, W->cols), g1 = mat_alloc(W->rows, W->cols), v1 = mat_alloc(W->rows, W->cols);
    mat_copy(&W0, W);
    int idx[2] = { 0, 1 }, correct;
    (void)trainer_batch(t, &ds, idx, 2, &correct);
    mat_copy(&g1, trainer_grad(t, 2, 0));
    trainer_sgd(t, &p);
    for (size_t k = 0; k < mat_count(W); k++) {
        v1.data[k] = g1.data[k] + p.wd * W0.data[k];
        assert_true(W->data[k] == W0.data[k] - p.lr * v1.data[k]);
    }
    Matrix W1 = mat_alloc(W->rows, W->cols);
    mat_copy(&W1, W);
    (void)trainer_batch(t, &ds, idx, 2, &correct);
    const Matrix *g2 = trainer_grad(t, 2, 0);
    double moved = 0.0;
    for (size_t k = 0; k < mat_count(W); k++) {
        moved += fabs(g2->data[k] - g1.data[k]);
    }
    assert_true(moved > 0.0); /* the second gradient is a new one */
    trainer_sgd(t, &p);
    for (size_t k = 0; k < mat_count(W); k++) {
        double v2 = p.momentum * v1.data[k] + (g2->data[k] + p.wd * W1.data[k]);
        assert_true(W->data[k] == W1.data[k] - p.lr * v2);
    }
    mat_release(&W0);
    mat_release(&W1);
    mat_release(&g1);
    mat_release(&v1);
    trainer_free(t);
    dataset_release(&ds);
    net_free(net);
}

static double mean_loss(Trainer *t, const Dataset *ds, int *order, int *correct)
{
    double loss = trainer_forward(t, ds, order, ds->n, correct);
    return loss;
}

static void test_loss_decreases(void **state)
{
    (void)state;
    Net *net = helper_net(SMALL_NET, 11);
    Dataset ds = make_dataset(64, 10, 21);
    TrainParams p = train_defaults();
    p.batch = 16;
    p.lr = 0.05;
    Trainer *t = trainer_new(net, 64);
    assert_non_null(t);
    int order[64], correct0, correct1, c;
    train_order(order, 64, 1, false);
    double before = mean_loss(t, &ds, order, &correct0);
    for (int epoch = 0; epoch < 60; epoch++) {
        train_order(order, 64, (uint64_t)epoch, true);
        for (int s = 0; s < 4; s++) {
            (void)trainer_batch(t, &ds, order + 16 * s, 16, &c);
            trainer_sgd(t, &p);
        }
    }
    train_order(order, 64, 1, false);
    double after = mean_loss(t, &ds, order, &correct1);
    if (!(after < 0.5 * before) || correct1 < correct0 + 16) {
        fail_msg("loss %.4f -> %.4f, correct %d -> %d of 64", before, after, correct0, correct1);
    }
    trainer_free(t);
    dataset_release(&ds);
    net_free(net);
}

/* Every parameter of net, end to end, in a fresh buffer the caller frees. */
static double *params_copy(const Net *net, size_t *n)
{
    *n = 0;
    for (int m = 1; m <= net->spec.L; m++) {
        *n += mat_count(&net->values[net->layer[m].W].m) + mat_count(&net->values[net->layer[m].b].m);
    }
    double *all = malloc(*n * sizeof *all), *at = all;
    assert_non_null(all);
    for (int m = 1; m <= net->spec.L; m++) {
        for (int which = 0; which < 2; which++) {
            const Matrix *v = &net->values[which == 0 ? net->layer[m].W : net->layer[m].b].m;
            memcpy(at, v->data, mat_count(v) * sizeof *at);
            at += mat_count(v);
        }
    }
    return all;
}

/* A few SGD steps of batches of 2 C + 6, C + 13, 5 and 1 (C = TRAIN_CHUNKS:
 * chunks of 3, 2, 1 and 1 instances) on threads workers; the parameters
 * after them, and every loss in *losses (steps, then a forward pass). */
static double *train_on_threads(const char *config, int threads, double *losses, size_t *n)
{
    enum { N = 2 * TRAIN_CHUNKS + 6 };
    Net *net = helper_net(config, 5);
    Dataset ds = make_dataset(N, net->spec.ht_input, 8);
    TrainParams p = { .lr = 0.01, .momentum = 0.9, .wd = 0.001, .batch = N };
    Trainer *t = trainer_new(net, N);
    assert_non_null(t);
    assert_int_equal(train_chunk_size(&net->spec, N), 3);
    assert_int_equal(train_chunk_size(&net->spec, TRAIN_CHUNKS + 13), 2);
    assert_int_equal(trainer_set_threads(t, threads), 0);
    assert_int_equal(trainer_threads(t), threads);
    int order[N], sizes[] = { N, TRAIN_CHUNKS + 13, 5, 1, N }, correct;
    for (int s = 0; s < 5; s++) {
        train_order(order, N, (uint64_t)s, true);
        losses[s] = trainer_batch(t, &ds, order, sizes[s], &correct);
        trainer_sgd(t, &p);
    }
    losses[5] = trainer_forward(t, &ds, order, N, &correct);
    double *all = params_copy(net, n);
    trainer_free(t);
    dataset_release(&ds);
    net_free(net);
    return all;
}

/* Training on 1, 2 or 8 threads gives the same parameters, bit for bit:
 * the chunks' gradients are added in chunk order whoever computed them. */
static void test_threads_same_numbers(void **state)
{
    (void)state;
    const char *nets[] = { SMALL_NET, "L = 2; LC = 0; wd_input = [6]; ht_input = [6]; ch_input = [1]; "
                                      "full_neurons = [7,10]; wd_pad_added = []; wd_filter = []; strides = [];"
                                      "wd_subimage_pool = [];" };
    for (size_t k = 0; k < sizeof nets / sizeof nets[0]; k++) {
        double loss1[6], lossn[6];
        size_t n1, n;
        double *one = train_on_threads(nets[k], 1, loss1, &n1);
        static const int counts[] = { 2, 8 };
        for (int c = 0; c < 2; c++) {
            double *many = train_on_threads(nets[k], counts[c], lossn, &n);
            assert_int_equal(n, n1);
            if (memcmp(one, many, n * sizeof *one) != 0) {
                fail_msg("net %zu: the parameters after training on %d threads differ from one thread's", k,
                         counts[c]);
            }
            assert_memory_equal(loss1, lossn, sizeof loss1);
            free(many);
        }
        free(one);
    }
}

static void test_order(void **state)
{
    (void)state;
    int a[50], b[50], seen[50] = { 0 };
    train_order(a, 50, 3, true);
    train_order(b, 50, 3, true);
    assert_memory_equal(a, b, sizeof a);
    int moved = 0;
    for (int k = 0; k < 50; k++) {
        seen[a[k]]++;
        moved += a[k] != k;
    }
    for (int k = 0; k < 50; k++) {
        assert_int_equal(seen[k], 1);
    }
    assert_true(moved > 40);
    train_order(a, 50, 3, false);
    for (int k = 0; k < 50; k++) {
        assert_int_equal(a[k], k);
    }
}

/* ---- IDX and PGM ------------------------------------------------------------ */

static size_t idx_bytes(uint8_t *buf, int ndims, const uint32_t *dims, const uint8_t *data, size_t n)
{
    buf[0] = buf[1] = 0;
    buf[2] = 8;
    buf[3] = (uint8_t)ndims;
    for (int i = 0; i < ndims; i++) {
        for (int k = 0; k < 4; k++) {
            buf[4 + 4 * i + k] = (uint8_t)(dims[i] >> (24 - 8 * k));
        }
    }
    memcpy(buf + 4 + 4 * ndims, data, n);
    return 4 + 4 * (size_t)ndims + n;
}

static size_t gzip_bytes(uint8_t *out, size_t cap, const uint8_t *in, size_t n)
{
    z_stream zs;
    memset(&zs, 0, sizeof zs);
    assert_int_equal(deflateInit2(&zs, 9, Z_DEFLATED, 16 + MAX_WBITS, 8, Z_DEFAULT_STRATEGY), Z_OK);
    zs.next_in = (Bytef *)(uintptr_t)in;
    zs.avail_in = (uInt)n;
    zs.next_out = out;
    zs.avail_out = (uInt)cap;
    assert_int_equal(deflate(&zs, Z_FINISH), Z_STREAM_END);
    size_t len = zs.total_out;
    deflateEnd(&zs);
    return len;
}

static void expect_idx_error(const uint8_t *b, size_t n, int want_dims, const char *needle)
{
    IdxArray a;
    Diag d;
    diag_clear(&d);
    assert_int_equal(idx_parse(b, n, want_dims, &a, &d), -1);
    if (strstr(d.msg, needle) == NULL) {
        fail_msg("message '%s' lacks '%s'", d.msg, needle);
    }
}

static void test_idx(void **state)
{
    (void)state;
    uint8_t px[2 * 3 * 2], buf[256], gz[512];
    for (int k = 0; k < 12; k++) {
        px[k] = (uint8_t)(k * 20);
    }
    uint32_t dims[3] = { 2, 3, 2 };
    size_t n = idx_bytes(buf, 3, dims, px, sizeof px);
    IdxArray a;
    Diag d;
    assert_int_equal(idx_parse(buf, n, 3, &a, &d), 0);
    assert_int_equal(a.dims[0], 2);
    assert_int_equal(a.dims[1], 3);
    assert_int_equal(a.dims[2], 2);
    assert_memory_equal(a.data, px, sizeof px);
    idx_release(&a);
    size_t zn = gzip_bytes(gz, sizeof gz, buf, n);
    assert_int_equal(idx_parse(gz, zn, 3, &a, &d), 0);
    assert_memory_equal(a.data, px, sizeof px);
    idx_release(&a);
    /* 21.7: two gzip members one after the other (the header in one, the
     * pixels in the next) read as their concatenation */
    uint8_t two[1024];
    size_t z1 = gzip_bytes(two, sizeof two, buf, 16);
    size_t z2 = gzip_bytes(two + z1, sizeof two - z1, buf + 16, n - 16);
    assert_int_equal(idx_parse(two, z1 + z2, 3, &a, &d), 0);
    assert_memory_equal(a.data, px, sizeof px);
    idx_release(&a);

    expect_idx_error(buf, n - 1, 3, "declares 12 bytes of data, the file has 11");       /* truncated */
    expect_idx_error(buf, 6, 3, "header truncated");
    expect_idx_error(buf, n, 1, "has 3 dimensions");
    expect_idx_error(gz, zn - 9, 3, "corrupt or truncated gzip");                          /* truncated gzip */
    uint8_t bad[512];
    memcpy(bad, gz, zn);
    bad[zn / 2] ^= 0x55;
    expect_idx_error(bad, zn, 3, "gzip");                                                   /* corrupt gzip */
    memcpy(bad, buf, n);
    bad[0] = 'P';
    expect_idx_error(bad, n, 3, "not an IDX file");
    bad[0] = 0;
    bad[2] = 0x0D;
    expect_idx_error(bad, n, 3, "data type 0x0d");
    uint32_t huge[3] = { 0x7fffffff, 4096, 4096 };
    n = idx_bytes(buf, 3, huge, px, 4);
    expect_idx_error(buf, n, 3, "declares");                                                /* huge count */
    uint32_t wide[3] = { 1, 5000, 1 };
    n = idx_bytes(buf, 3, wide, px, 4);
    expect_idx_error(buf, n, 3, "dimension 2 is 5000");
    uint8_t lab[3] = { 1, 9, 0 };
    uint32_t ldims[1] = { 3 };
    n = idx_bytes(buf, 1, ldims, lab, 3);
    assert_int_equal(idx_parse(buf, n, 1, &a, &d), 0);
    assert_int_equal(a.dims[0], 3);
    assert_memory_equal(a.data, lab, 3);
    idx_release(&a);
}

static void expect_pgm(const char *text, size_t len, int rc, int rows, int cols, double first, const char *needle)
{
    double *px = NULL;
    int r = 0, c = 0;
    Diag d;
    diag_clear(&d);
    int got = pgm_parse((const uint8_t *)text, len, &px, &r, &c, &d);
    if (got != rc) {
        fail_msg("pgm rc %d, wanted %d (%s)", got, rc, d.msg);
    }
    if (rc == 0) {
        assert_int_equal(r, rows);
        assert_int_equal(c, cols);
        assert_true(px[0] == first);
        free(px);
    } else if (strstr(d.msg, needle) == NULL) {
        fail_msg("message '%s' lacks '%s'", d.msg, needle);
    }
}

static void test_pgm(void **state)
{
    (void)state;
    const char *p2 = "P2\n# a comment\n3 2\n255\n255 0 0\n0 51 0\n";
    expect_pgm(p2, strlen(p2), 0, 2, 3, 1.0, NULL);
    const char p5[] = "P5 2 1 255\n\x33\xff";
    expect_pgm(p5, sizeof p5 - 1, 0, 1, 2, 0.2, NULL);
    const char p16[] = "P5 1 1 65535\n\x80\x00";
    expect_pgm(p16, sizeof p16 - 1, 0, 1, 1, 32768.0 / 65535.0, NULL);
    expect_pgm(p5, sizeof p5 - 2, -1, 0, 0, 0, "truncated");
    expect_pgm("P6 1 1 255\n", 11, -1, 0, 0, 0, "not a PGM");
    expect_pgm("P2 2 1 9\n3 10\n", 14, -1, 0, 0, 0, "above maxval");
    expect_pgm("P2 2 1 9\n3\n", 11, -1, 0, 0, 0, "pixel 2 of 2");
    expect_pgm("P2 99999 1 9\n", 13, -1, 0, 0, 0, "width and height");
    expect_pgm("P2 1 1 0\n", 9, -1, 0, 0, 0, "maxval");
}

static DataPair pair;

static const DataPair *open_pair(void *ctx, const char *spec, Diag *d)
{
    (void)ctx;
    (void)spec;
    (void)d;
    return &pair;
}

/* Ctrl-C during `train` stops at the next batch boundary: one step was
 * taken and is kept, the command says so, and the next command runs; on
 * one worker thread and on several. */
static void check_interrupt(const char *command, const char *threads)
{
    pair.train = make_dataset(40, 10, 5);
    pair.test = make_dataset(10, 10, 6);
    snprintf(pair.name, sizeof pair.name, "generated");
    Host h = *host_none();
    h.open_data = open_pair;
    NetSpec spec;
    Diag d;
    diag_clear(&d);
    assert_int_equal(config_parse(&spec, SMALL_NET, &d), 0);
    Engine *e = engine_from_spec(&spec, 3);
    assert_non_null(e);
    e->host = &h;
    StrBuf out;
    sb_init(&out);
    assert_int_equal(command_exec(e, "data generated", &out, &d), CMD_OK);
    Matrix *W = &e->net->values[e->net->layer[1].W].m;
    Matrix before = mat_alloc(W->rows, W->cols);
    mat_copy(&before, W);
    interrupt_request(SIGINT);
    sb_clear(&out);
    assert_int_equal(command_exec(e, command, &out, &d), CMD_OK);
    assert_int_equal(interrupt_pending(), 0);
    assert_non_null(strstr(sb_str(&out), "trained 1 step (4 images"));
    assert_non_null(strstr(sb_str(&out), threads));
    assert_non_null(strstr(sb_str(&out), "interrupted (Ctrl-C): the weights learned so far are kept"));
    assert_false(mat_equal_bits(&before, W));
    Matrix after = mat_alloc(W->rows, W->cols);
    mat_copy(&after, W);
    assert_int_equal(command_exec(e, "test", &out, &d), CMD_OK); /* the session goes on */
    assert_true(mat_equal_bits(&after, W));
    mat_release(&before);
    mat_release(&after);
    sb_release(&out);
    engine_free(e);
    datapair_release(&pair);
}

static int reports[2][2]; /* [train, test][not done, done] */

static void count_report(void *ctx, const TrainProgress *p)
{
    (void)ctx;
    reports[strcmp(p->what, "test") == 0][p->done ? 1 : 0]++;
}

/* 25.7: `test` reports as a test (its own progress, never the training
 * pane's), and T shows how the last train and the last test ended, not a
 * pane of zeros. */
static void test_last_train_and_test(void **state)
{
    (void)state;
    pair.train = make_dataset(40, 10, 5);
    pair.test = make_dataset(10, 10, 6);
    snprintf(pair.name, sizeof pair.name, "generated");
    Host h = *host_none();
    h.open_data = open_pair;
    h.progress = count_report;
    NetSpec spec;
    Diag d;
    diag_clear(&d);
    assert_int_equal(config_parse(&spec, SMALL_NET, &d), 0);
    Engine *e = engine_from_spec(&spec, 3);
    assert_non_null(e);
    e->host = &h;
    StrBuf out;
    sb_init(&out);
    assert_int_equal(command_exec(e, "data generated", &out, &d), CMD_OK);
    TrainSummary last[2];
    assert_true(training_last(e, &last[0], &last[1]));
    assert_false(last[0].has || last[1].has);
    memset(reports, 0, sizeof reports);
    assert_int_equal(command_exec(e, "test", &out, &d), CMD_OK);
    assert_int_equal(reports[0][0] + reports[0][1], 0); /* nothing of it is training */
    assert_int_equal(reports[1][1], 1);
    assert_int_equal(command_exec(e, "train 5 steps batch=4", &out, &d), CMD_OK);
    assert_true(training_last(e, &last[0], &last[1]));
    assert_true(last[0].has && last[0].whole);
    assert_int_equal(last[0].steps, 5);
    assert_int_equal(last[0].images, 20);
    assert_true(last[1].has);
    assert_int_equal(last[1].images, 10);
    TrainProgress tp;
    assert_true(training_progress(e, &tp));
    Canvas *c = canvas_new(100, 26);
    assert_non_null(c);
    view_train_draw(c, 0, 0, 100, 26, &tp, "", false, last);
    StrBuf screen;
    sb_init(&screen);
    canvas_dump(c, &screen, false);
    char want[128];
    snprintf(want, sizeof want, "last test: accuracy %.2f%% (%ld of 10 test images)",
             100.0 * (double)last[1].right / 10.0, last[1].right);
    assert_non_null(strstr(sb_str(&screen), "last train: 5 batches, 20 images, in epoch 1"));
    assert_non_null(strstr(sb_str(&screen), want));
    assert_null(strstr(sb_str(&screen), "batch 0 of 0"));
    sb_release(&screen);
    canvas_free(c);
    sb_release(&out);
    engine_free(e);
    datapair_release(&pair);
}

static void test_interrupt_keeps_weights(void **state)
{
    (void)state;
    check_interrupt("train 50 steps batch=4", "wd 0, 1 thread)");
    check_interrupt("train 50 steps batch=4 threads=3", "wd 0, 3 threads)");
}

/* threads=N: the batch's chunks bound the workers; out of range is refused. */
static void test_threads_option(void **state)
{
    (void)state;
    pair.train = make_dataset(40, 10, 5);
    pair.test = make_dataset(10, 10, 6);
    snprintf(pair.name, sizeof pair.name, "generated");
    Host h = *host_none();
    h.open_data = open_pair;
    h.threads = 2; /* what main sets from BPSTEP_THREADS or the cores */
    NetSpec spec;
    Diag d;
    diag_clear(&d);
    assert_int_equal(config_parse(&spec, SMALL_NET, &d), 0);
    Engine *e = engine_from_spec(&spec, 3);
    assert_non_null(e);
    e->host = &h;
    StrBuf out;
    sb_init(&out);
    assert_int_equal(command_exec(e, "data generated", &out, &d), CMD_OK);
    static const struct {
        const char *command, *says;
    } runs[] = {
        { "train 1 steps batch=8", "wd 0, 2 threads)" },          /* the host's default */
        { "train 2 steps batch=2 threads=8", "wd 0, 2 threads)" }, /* two instances: two chunks */
        { "train 1 steps batch=8", "wd 0, 8 threads)" },          /* threads= is kept, as lr= is */
        { "train 1 steps batch=8 threads=1", "wd 0, 1 thread)" },
    };
    for (size_t k = 0; k < sizeof runs / sizeof runs[0]; k++) {
        sb_clear(&out);
        assert_int_equal(command_exec(e, runs[k].command, &out, &d), CMD_OK);
        if (strstr(sb_str(&out), runs[k].says) == NULL) {
            fail_msg("'%s' said: %s", runs[k].command, sb_str(&out));
        }
    }
    static const char *bad[] = { "train 1 steps threads=0", "train 1 steps threads=65", "train 1 steps threads=1.5",
                                 "train 1 steps threads=x" };
    for (size_t k = 0; k < sizeof bad / sizeof bad[0]; k++) {
        assert_int_equal(command_exec(e, bad[k], &out, &d), CMD_ERROR);
        if (strstr(d.msg, "threads 1 to 64") == NULL) {
            fail_msg("'%s': %s", bad[k], d.msg);
        }
    }
    sb_release(&out);
    engine_free(e);
    datapair_release(&pair);
}

/* 21.2: a text cut short by memory never reaches the file */
static void test_save_text_checks_memory(void **state)
{
    (void)state;
    Net *net = helper_reference();
    StrBuf sb;
    sb_init(&sb);
    Diag d;
    diag_clear(&d);
    assert_int_equal(params_save_text(net, &sb, &d), 0);
    sb_release(&sb);
    sb_init(&sb);
    sb.oom = true; /* as sb_printf leaves it when an allocation failed */
    assert_int_equal(params_save_text(net, &sb, &d), -1);
    assert_non_null(strstr(d.msg, "out of memory"));
    sb_release(&sb);
    net_free(net);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_save_text_checks_memory),
        cmocka_unit_test(test_batch_mean_is_mean_of_instances),
        cmocka_unit_test(test_fc_only_batch),
        cmocka_unit_test(test_sgd_momentum_by_hand),
        cmocka_unit_test(test_loss_decreases),
        cmocka_unit_test(test_threads_same_numbers),
        cmocka_unit_test(test_order),
        cmocka_unit_test(test_idx),
        cmocka_unit_test(test_pgm),
        cmocka_unit_test(test_interrupt_keeps_weights),
        cmocka_unit_test(test_last_train_and_test),
        cmocka_unit_test(test_threads_option),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
