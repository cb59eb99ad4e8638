/* test_onnx.c: the ONNX reader against PyTorch. Every fixture of tests/onnx/
 * (written by tests/onnx/make_fixtures.py, which torch is needed for; these
 * tests are not) is read, its weights compared with PyTorch's permuted by the
 * script's own code, then the forward output, the loss and every gradient of
 * both losses compared with PyTorch's (1e-9). Then the refusals: the bad
 * exports, and good ones mutated through protobuf-c (external data, opsets,
 * types, slopes, padding, mixed activations, sizes), each with its node and
 * op named and nothing returned; `load model.onnx`; the cross-entropy loss
 * against finite differences. */
#include "helpers.h"

#include <limits.h>
#include <stdio.h>
#include <sys/stat.h>
#include <unistd.h>

#include <onnx.pb-c.h>

#include "cli.h"

#include "../src/base/strbuf.h"
#include "../src/data/onnx.h"
#include "../src/debugger/command.h"
#include "../src/debugger/engine.h"
#include "../src/lesson/datafiles.h"
#include "../src/lesson/lesson.h"
#include "../src/lesson/netfile.h"
#include "../src/lesson/textfile.h"

#define DIR "tests/onnx/"

static uint8_t *read_all(const char *path, size_t *len)
{
    uint8_t *bytes = NULL;
    Diag d;
    diag_clear(&d);
    if (textfile_read_bytes(path, ONNX_MAX_BYTES, &bytes, len, &d) != 0) {
        fail_msg("%s", d.msg);
    }
    return bytes;
}

static Net *net_of(const char *name, OnnxModel *model)
{
    char path[256];
    snprintf(path, sizeof path, DIR "%s.onnx", name);
    size_t len;
    uint8_t *bytes = read_all(path, &len);
    Diag d;
    diag_clear(&d);
    int rc = onnx_read(bytes, len, model, &d);
    free(bytes);
    if (rc != 0) {
        fail_msg("%s: %s", name, d.msg);
    }
    Net *net = net_new(&model->spec);
    assert_non_null(net);
    net_init_random(net, 5);
    onnx_apply(model, net);
    return net;
}

/* The matrix a key of the .txt names: W1, b1, out, Z1, y, mse.dW1, ce.loss ... */
static Matrix *keyed(Net *net, const char *key)
{
    const char *dot = strchr(key, '.');
    const char *name = dot != NULL ? dot + 1 : key;
    int id = strcmp(name, "out") == 0 ? net->layer[net->spec.L].S : net_find_value(net, name);
    if (id < 0) {
        fail_msg("no value %s", name);
    }
    return &net->values[id].m;
}

/* Compares (or with set, sets) every line of the .txt whose key has prefix
 * ("" for the model's own lines, "mse." or "ce."); returns the lines used. */
static int each_line(Net *net, const char *name, const char *prefix, bool set)
{
    char path[256], key[32];
    snprintf(path, sizeof path, DIR "%s.txt", name);
    FILE *f = fopen(path, "r");
    assert_non_null(f);
    int used = 0, rows, cols;
    while (fscanf(f, " %31s", key) == 1) {
        if (key[0] == '#') {
            while (fgetc(f) != '\n' && !feof(f)) {
            }
            continue;
        }
        assert_int_equal(fscanf(f, "%d %d", &rows, &cols), 2);
        bool mine = prefix[0] != '\0' ? strncmp(key, prefix, strlen(prefix)) == 0
                                      : strchr(key, '.') == NULL && strcmp(key, "out") != 0;
        bool input = strcmp(key, "Z1") == 0 || strcmp(key, "y") == 0;
        Matrix *m = mine && input == set ? keyed(net, key) : NULL;
        if (m != NULL && (m->rows != rows || m->cols != cols)) {
            fail_msg("%s %s: %d x %d in the file, %d x %d in bpstep", name, key, rows, cols, m->rows, m->cols);
        }
        for (int k = 0; k < rows * cols; k++) {
            double v;
            assert_int_equal(fscanf(f, "%lf", &v), 1);
            if (m == NULL) {
                continue;
            }
            double got = m->data[k], tol = strchr(key, '.') != NULL || strcmp(key, "out") == 0 ? 1e-9 : 0.0;
            if (set) {
                m->data[k] = v;
            } else if (!(fabs(got - v) <= tol * fmax(1.0, fabs(v)))) {
                fail_msg("%s %s entry %d (column-major): bpstep %.17g, PyTorch %.17g", name, key, k + 1, got, v);
            }
        }
        used += m != NULL;
    }
    fclose(f);
    return used;
}

static void check_fixture(const char *name, int min_lines)
{
    OnnxModel model;
    Net *net = net_of(name, &model);
    assert_true(each_line(net, name, "", true) == 2);   /* Z1, y */
    assert_true(each_line(net, name, "", false) >= 2);  /* the weights, exactly */
    for (int rule = 5; rule <= 6; rule++) {
        if (net_set_rule(net, (PoolRule)rule) != 0) {
            continue; /* average pooling: eq. (5) only */
        }
        net_set_loss(net, LOSS_MSE);
        net_run(net);
        assert_true(each_line(net, name, "out", false) == 1);
        assert_true(each_line(net, name, "mse.", false) >= min_lines);
        net_set_loss(net, LOSS_CE);
        net_run(net);
        assert_true(each_line(net, name, "ce.", false) >= min_lines);
    }
    net_free(net);
    onnx_release(&model);
}

static void test_conv_relu_max_opset9_float64(void **state)
{
    (void)state;
    check_fixture("conv_relu_max_o9_f64", 8);
}

static void test_tanh_avg_stride_nobias_opset17_float32(void **state)
{
    (void)state;
    check_fixture("tanh_avg_o17_f32", 6);
}

static void test_mlp_sigmoid_matmul_add_opset13(void **state)
{
    (void)state;
    check_fixture("mlp_sigmoid_matmul_o13_f32", 6);
}

static void test_leaky_logsoftmax_opset11_implies_ce(void **state)
{
    (void)state;
    OnnxModel model;
    Net *net = net_of("leaky_logsoftmax_o11_f32", &model);
    assert_int_equal(model.spec.loss, LOSS_CE);
    assert_string_equal(model.ends_in, "LogSoftmax");
    assert_true(model.float32);
    assert_int_equal(model.opset, 11);
    net_free(net);
    onnx_release(&model);
    check_fixture("leaky_logsoftmax_o11_f32", 10);
}

static void test_lenet_opset17(void **state)
{
    (void)state;
    check_fixture("lenet_o17_f32", 9); /* its large FC weights are left out of the .txt */
}

/* The permutations by hand: conv W(o, t = r + h q + h h c) = torch[o][c][r][q]
 * and the first FC's column c + C (r + H q) = torch column c H W + r W + q. */
static void test_permutation_by_hand(void **state)
{
    (void)state;
    OnnxModel model;
    Net *net = net_of("conv_relu_max_o9_f64", &model);
    /* layer 1: 2 filters 3x3 on 1 channel; layer 2 sees Z2 of 2 x 3 x 4 */
    assert_int_equal(model.rows[1], 2);
    assert_int_equal(model.cols[1], 9);
    assert_int_equal(model.cols[2], 24);
    assert_int_equal(net->conv[1].ao, 3);
    assert_int_equal(net->conv[1].bo, 4);
    net_free(net);
    onnx_release(&model);
}

static void test_batch_dynamic_is_fine(void **state)
{
    (void)state;
    OnnxModel model;
    Net *net = net_of("batch_dynamic_o13_f32", &model);
    assert_int_equal(model.spec.LC, 1);
    net_free(net);
    onnx_release(&model);
}

/* ---- entries checked in C against the file's own tensors -------------------- */

static const Onnx__TensorProto *initializer(const Onnx__ModelProto *m, const char *name)
{
    for (size_t i = 0; i < m->graph->n_initializer; i++) {
        if (strcmp(m->graph->initializer[i]->name, name) == 0) {
            return m->graph->initializer[i];
        }
    }
    fail_msg("no initializer %s", name);
    return NULL;
}

static double raw_double(const Onnx__TensorProto *t, size_t k)
{
    double v;
    memcpy(&v, t->raw_data.data + 8 * k, sizeof v); /* the fixture is float64; the test host little-endian */
    return v;
}

static void test_permutation_entries(void **state)
{
    (void)state;
    OnnxModel model;
    Net *net = net_of("conv_relu_max_o9_f64", &model);
    size_t len;
    uint8_t *bytes = read_all(DIR "conv_relu_max_o9_f64.onnx", &len);
    Onnx__ModelProto *m = onnx__model_proto__unpack(NULL, len, bytes);
    assert_non_null(m);
    /* conv: torch 0.weight (2, 1, 3, 3); W1(o, r + 3 q + 9 c) = torch[o][c][r][q] */
    const Onnx__TensorProto *w = initializer(m, "0.weight");
    const Matrix *w1 = &net->values[net->layer[1].W].m;
    for (int o = 0; o < 2; o++) {
        for (int r = 0; r < 3; r++) {
            for (int q = 0; q < 3; q++) {
                assert_true(MAT_AT(*w1, o, r + 3 * q) == raw_double(w, (size_t)(o * 9 + r * 3 + q)));
            }
        }
    }
    /* first FC: torch 4.weight (4, 24) on Flatten of (C, H, W) = (2, 3, 4);
     * W2(o, c + 2 (r + 3 q)) = torch[o][c*12 + r*4 + q] */
    const Onnx__TensorProto *f = initializer(m, "4.weight");
    const Matrix *w2 = &net->values[net->layer[2].W].m;
    for (int o = 0; o < 4; o++) {
        for (int c = 0; c < 2; c++) {
            for (int r = 0; r < 3; r++) {
                for (int q = 0; q < 4; q++) {
                    assert_true(MAT_AT(*w2, o, c + 2 * (r + 3 * q)) == raw_double(f, (size_t)(o * 24 + c * 12 + r * 4 + q)));
                }
            }
        }
    }
    onnx__model_proto__free_unpacked(m, NULL);
    free(bytes);
    net_free(net);
    onnx_release(&model);
}

/* ---- refusals ------------------------------------------------------------------ */

static void expect_refused_bytes(const uint8_t *bytes, size_t len, const char *what, const char *fragment)
{
    OnnxModel model;
    Diag d;
    diag_clear(&d);
    if (onnx_read(bytes, len, &model, &d) == 0) {
        fail_msg("%s: accepted", what);
    }
    if (strstr(d.msg, fragment) == NULL) {
        fail_msg("%s: '%s' does not say '%s'", what, d.msg, fragment);
    }
    for (int m = 0; m <= NET_MAX_LAYERS; m++) {
        assert_null(model.W[m]); /* nothing returned half-read */
        assert_null(model.b[m]);
    }
}

static void expect_refused(const char *file, const char *fragment)
{
    char path[256];
    snprintf(path, sizeof path, DIR "bad/%s.onnx", file);
    size_t len;
    uint8_t *bytes = read_all(path, &len);
    expect_refused_bytes(bytes, len, file, fragment);
    free(bytes);
}

static void test_bad_exports_refused(void **state)
{
    (void)state;
    expect_refused("batchnorm", "node 1 (BatchNormalization): not a layer of the slides' network; fold it into the "
                                "convolution before exporting, or remove it");
    expect_refused("dilation", "node 0 (Conv): dilations 2");
    expect_refused("groups", "node 0 (Conv): groups=2");
    expect_refused("ceil_mode", "node 2 (MaxPool): ceil_mode=True");
    expect_refused("pool_stride", "node 2 (MaxPool): its stride is not its kernel (3)");
    expect_refused("dynamic_hw", "input dimension 2 is 'height', not a number (a dynamic shape)");
    expect_refused("rect_kernel", "node 0 (Conv): a 3 x 2 kernel");
}

typedef void (*Mutation)(Onnx__ModelProto *m);

/* A good fixture changed through protobuf-c, packed again and read. */
static void expect_mutation_refused(const char *name, Mutation mutate, const char *fragment)
{
    char path[256];
    snprintf(path, sizeof path, DIR "%s.onnx", name);
    size_t len;
    uint8_t *bytes = read_all(path, &len);
    Onnx__ModelProto *m = onnx__model_proto__unpack(NULL, len, bytes);
    assert_non_null(m);
    mutate(m);
    size_t n = onnx__model_proto__get_packed_size(m);
    uint8_t *packed = malloc(n + 1);
    assert_non_null(packed);
    onnx__model_proto__pack(m, packed);
    expect_refused_bytes(packed, n, fragment, fragment);
    free(packed);
    onnx__model_proto__free_unpacked(m, NULL);
    free(bytes);
}

static Onnx__AttributeProto *attr(Onnx__ModelProto *m, int node, const char *name)
{
    Onnx__NodeProto *n = m->graph->node[node];
    for (size_t i = 0; i < n->n_attribute; i++) {
        if (strcmp(n->attribute[i]->name, name) == 0) {
            return n->attribute[i];
        }
    }
    fail_msg("node %d has no attribute %s", node, name);
    return NULL;
}

static void external_data(Onnx__ModelProto *m)
{
    m->graph->initializer[0]->has_data_location = 1;
    m->graph->initializer[0]->data_location = ONNX__TENSOR_PROTO__DATA_LOCATION__EXTERNAL;
}

static void opset_18(Onnx__ModelProto *m)
{
    m->opset_import[0]->version = 18;
}

static void float16_weights(Onnx__ModelProto *m)
{
    m->graph->initializer[0]->data_type = ONNX__TENSOR_PROTO__DATA_TYPE__FLOAT16;
}

static void short_weights(Onnx__ModelProto *m)
{
    m->graph->initializer[0]->raw_data.len -= 8;
}

static void leaky_slope(Onnx__ModelProto *m)
{
    attr(m, 1, "alpha")->f = 0.2f;
}

static void uneven_pads(Onnx__ModelProto *m)
{
    Onnx__AttributeProto *a = attr(m, 0, "pads");
    a->ints[2] = 0;
    a->ints[3] = 0;
}

static void mixed_acts(Onnx__ModelProto *m)
{
    memcpy(m->graph->node[5]->op_type, "Tanh", 4); /* the FC layer's Relu */
}

static void no_conv_act(Onnx__ModelProto *m)
{
    strcpy(m->graph->node[1]->op_type, "Dropout"); /* the identity: Conv then MaxPool */
}

static void unknown_op(Onnx__ModelProto *m)
{
    memcpy(m->graph->node[1]->op_type, "Selu", 4);
}

static void not_a_chain(Onnx__ModelProto *m)
{
    m->graph->node[2]->input[0][1] = 'X';
}

static void gemm_alpha(Onnx__ModelProto *m)
{
    attr(m, 4, "alpha")->f = 2.0f;
}

static void huge_input(Onnx__ModelProto *m)
{
    m->graph->input[0]->type->tensor_type->shape->dim[2]->dim_value = 1 << 20;
    m->graph->input[0]->type->tensor_type->shape->dim[3]->dim_value = 1 << 20;
}

static void conv_stride_big(Onnx__ModelProto *m)
{
    attr(m, 0, "strides")->ints[1] = 2;
}

static void test_mutations_refused(void **state)
{
    (void)state;
    const char *g = "conv_relu_max_o9_f64";
    expect_mutation_refused(g, external_data, "node 0 (Conv): weights '0.weight' is stored in an external file");
    expect_mutation_refused(g, opset_18, "opset 18; bpstep reads opsets 9 to 17");
    expect_mutation_refused(g, float16_weights, "node 0 (Conv): weights '0.weight' are of ONNX type 10");
    expect_mutation_refused(g, short_weights, "hold 136 bytes, their shape needs 144");
    expect_mutation_refused("leaky_logsoftmax_o11_f32", leaky_slope, "node 1 (LeakyRelu): negative_slope 0.2");
    expect_mutation_refused(g, uneven_pads, "node 0 (Conv): padding differs by side");
    expect_mutation_refused(g, mixed_acts, "node 5 (Tanh): layer 2 uses tanh, the layers before it relu");
    expect_mutation_refused(g, no_conv_act, "node 2 (MaxPool): layer 1 has no activation");
    expect_mutation_refused(g, unknown_op, "node 1 (Selu): not a layer of the slides' network");
    expect_mutation_refused(g, not_a_chain, "node 2 (MaxPool): its input is not the output of the layer before it");
    expect_mutation_refused(g, gemm_alpha, "node 4 (Gemm): transA, alpha or beta");
    expect_mutation_refused(g, huge_input, "the input has 1099511627776 entries");
    expect_mutation_refused(g, conv_stride_big, "node 0 (Conv): strides differ by direction");
}

/* Every prefix of a good file, and garbage: refused or read, never a crash. */
static void test_truncated_and_garbage(void **state)
{
    (void)state;
    size_t len;
    uint8_t *bytes = read_all(DIR "conv_relu_max_o9_f64.onnx", &len);
    for (size_t n = 0; n < len; n++) {
        OnnxModel model;
        Diag d;
        diag_clear(&d);
        if (onnx_read(bytes, n, &model, &d) == 0) {
            onnx_release(&model); /* a prefix may still be a model */
        } else {
            assert_true(d.msg[0] != '\0');
        }
    }
    free(bytes);
    static const uint8_t junk[] = "W1 = [1 2 3];\nnot an onnx file at all";
    expect_refused_bytes(junk, sizeof junk - 1, "text", "not an ONNX model");
    expect_refused_bytes(junk, (size_t)ONNX_MAX_BYTES + 1, "oversize", "bpstep reads ONNX files of at most 64 MiB");
}

/* A file over the limit is refused by its size, before anything is read. */
static void test_oversize_file(void **state)
{
    (void)state;
    char dir[] = "/tmp/bpstep-onnx-XXXXXX", path[64];
    assert_non_null(mkdtemp(dir));
    snprintf(path, sizeof path, "%s/big.onnx", dir);
    FILE *f = fopen(path, "wb");
    assert_non_null(f);
    assert_int_equal(ftruncate(fileno(f), (off_t)ONNX_MAX_BYTES + 1), 0); /* sparse: nothing written */
    fclose(f);
    NetFile nf;
    Diag d;
    int rc = netfile_read(path, &nf, &d);
    unlink(path);
    rmdir(dir);
    assert_int_equal(rc, -1);
    assert_non_null(strstr(d.msg, "over the limit of 67108864"));
    assert_null(nf.onnx);
}


/* ---- load, and the cross-entropy loss ------------------------------------------- */

static void test_load_onnx_weights(void **state)
{
    (void)state;
    datafiles_install();
    OnnxModel model;
    Net *want = net_of("tanh_avg_o17_f32", &model);
    Engine *e = engine_from_spec(&model.spec, 9); /* the same shape, random weights */
    assert_non_null(e);
    StrBuf out;
    sb_init(&out);
    Diag d;
    diag_clear(&d);
    assert_int_equal(command_exec(e, "load " DIR "tanh_avg_o17_f32.onnx", &out, &d), CMD_OK);
    for (int m = 1; m <= model.spec.L; m++) {
        assert_true(mat_equal_bits(&e->net->values[e->net->layer[m].W].m, &want->values[want->layer[m].W].m));
        assert_true(mat_equal_bits(&e->net->values[e->net->layer[m].b].m, &want->values[want->layer[m].b].m));
    }
    engine_free(e);
    /* a network of another shape: refused, nothing changed */
    e = engine_from_spec(NULL, 1);
    Matrix before = mat_alloc(e->net->values[e->net->layer[1].W].m.rows, e->net->values[e->net->layer[1].W].m.cols);
    mat_copy(&before, &e->net->values[e->net->layer[1].W].m);
    assert_int_equal(command_exec(e, "load " DIR "lenet_o17_f32.onnx", &out, &d), CMD_ERROR);
    assert_non_null(strstr(d.msg, "the model has 5 layers (2 conv), the network 3 (1 conv)"));
    assert_true(mat_equal_bits(&before, &e->net->values[e->net->layer[1].W].m));
    assert_int_equal(command_exec(e, "load " DIR "bad/batchnorm.onnx", &out, &d), CMD_ERROR);
    assert_non_null(strstr(d.msg, "node 1 (BatchNormalization)"));
    assert_true(mat_equal_bits(&before, &e->net->values[e->net->layer[1].W].m));
    mat_release(&before);
    engine_free(e);
    sb_release(&out);
    net_free(want);
    onnx_release(&model);
    datafiles_release();
}

static void test_ce_loss_by_hand(void **state)
{
    (void)state;
    double zv[3] = { 1, 2, 3 }, yv[3] = { 0, 0, 1 }, dv[3];
    Matrix z = { 3, 1, zv }, y = { 3, 1, yv }, dz = { 3, 1, dv };
    double lse = log(exp(1.0) + exp(2.0) + exp(3.0));
    assert_true(fabs(loss_ce_forward(&z, &y) - (lse - 3.0)) < 1e-15);
    loss_ce_backward(&dz, &z, &y);
    for (int k = 0; k < 3; k++) {
        assert_true(fabs(dv[k] - (exp(zv[k] - lse) - yv[k])) < 1e-15);
    }
    /* no overflow for large logits */
    zv[0] = 1000;
    zv[1] = 999;
    zv[2] = -1000;
    assert_true(fabs(loss_ce_forward(&z, &y) - (1000 + log(1 + exp(-1.0)) + 1000)) < 1e-9);
}

/* Every parameter gradient of the CE loss against central differences. */
static void test_ce_gradients_finite_differences(void **state)
{
    (void)state;
    OnnxModel model;
    Net *net = net_of("leaky_logsoftmax_o11_f32", &model);
    assert_int_equal(net->spec.loss, LOSS_CE);
    each_line(net, "leaky_logsoftmax_o11_f32", "", true);
    net_run(net);
    const double h = 1e-6;
    for (int m = 1; m <= net->spec.L; m++) {
        for (int which = 0; which < 2; which++) {
            Matrix *p = &net->values[which == 0 ? net->layer[m].W : net->layer[m].b].m;
            const Matrix *g = &net->values[which == 0 ? net->layer[m].dW : net->layer[m].db].m;
            for (size_t k = 0; k < mat_count(p); k += 7) {
                net_run(net);
                double grad = g->data[k], keep = p->data[k];
                p->data[k] = keep + h;
                double up = net_forward(net);
                p->data[k] = keep - h;
                double down = net_forward(net);
                p->data[k] = keep;
                double fd = (up - down) / (2 * h);
                if (fabs(fd - grad) > 1e-6 * fmax(1.0, fabs(fd))) {
                    fail_msg("layer %d %s entry %zu: gradient %.12g, central difference %.12g", m,
                             which == 0 ? "W" : "b", k + 1, grad, fd);
                }
            }
        }
    }
    net_free(net);
    onnx_release(&model);
}

/* A lesson's `net FILE.onnx`: read with its weights; a bad one is a located
 * problem; one outside the lesson's folder is refused before it is read. */
static void test_lesson_net_onnx(void **state)
{
    (void)state;
    char dir[4096];
    assert_non_null(realpath("tests/onnx", dir));
    StrBuf problems;
    sb_init(&problems);
    Lesson *l = lesson_load_text("l.lesson", dir, "title t\nnet conv_relu_max_o9_f64.onnx\nrun\n", &problems);
    if (l == NULL) {
        fail_msg("%s", sb_str(&problems));
    }
    assert_non_null(l->steps[1].onnx);
    LessonPlayer *p = player_new(l);
    assert_non_null(p);
    StrBuf out, errors;
    sb_init(&out);
    sb_init(&errors);
    player_run_all(p, &out, &errors);
    assert_string_equal(sb_str(&errors), "");
    const Matrix *w1 = &p->engine->net->values[p->engine->net->layer[1].W].m;
    for (size_t k = 0; k < mat_count(w1); k++) {
        assert_true(w1->data[k] == l->steps[1].onnx->W[1][k]); /* the model's weights, not seed 1's */
    }
    sb_release(&out);
    sb_release(&errors);
    player_free(p);
    lesson_free(l);
    assert_null(lesson_load_text("l.lesson", dir, "title t\nnet bad/groups.onnx\n", &problems));
    assert_non_null(strstr(sb_str(&problems), "l.lesson:2:5: bad/groups.onnx: node 0 (Conv): groups=2"));
    assert_null(lesson_load_text("l.lesson", dir, "title t\nnet ../../lessons/nets/lenet.onnx\n", &problems));
    assert_non_null(strstr(sb_str(&problems), "outside the lesson's folder"));
    sb_release(&problems);
}

/* The program, as a user runs it: --net model.onnx, refusals with exit 2, set loss. */
static void test_cli(void **state)
{
    (void)state;
    expect("$B --batch --net " DIR "conv_relu_max_o9_f64.onnx -x 'info net'", 0,
           "layer 1 conv: Z1 1x6x8, pad 1, 2 filters 3x3 stride 1 -> S1 2x6x8, pool 2x2 -> Z2 2x3x4");
    expect("$B --batch --net " DIR "leaky_logsoftmax_o11_f32.onnx -x 'info net'", 0,
           "ends in LogSoftmax: the loss is softmax cross-entropy");
    expect("$B --batch --net " DIR "leaky_logsoftmax_o11_f32.onnx -x 'info net'", 0, "loss: ce, softmax cross-entropy");
    expect("$B --batch --net " DIR "bad/batchnorm.onnx -x run", 2,
           DIR "bad/batchnorm.onnx: node 1 (BatchNormalization): not a layer of the slides' network; fold it into "
               "the convolution before exporting, or remove it");
    expect("$B --batch --net " DIR "nothere.onnx", 2, "cannot read '" DIR "nothere.onnx'");
    expect("$B --batch --net /dev/null.onnx", 2, "cannot read");
    expect("$B --batch -x 'set loss ce' -x 'run' -x 'print dz4'", 0, "-0.880797\n    -1.1192");
    expect("$B --batch -x 'set loss ce'", 0, "note: y sums to 3; cross-entropy takes y as probabilities");
    expect("$B --batch -x 'set loss xe'", 1, "usage: set loss mse|ce");
    expect("$B --batch -x 'set loss ce' -x 'break bwd loss' -x continue -x step", 0,
           "softmax(z^{4,i}) - y^i");
    expect("$B --batch -x 'set loss ce' -x run -x 'gradcheck'", 0, "every parameter's gradient agrees");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_conv_relu_max_opset9_float64),
        cmocka_unit_test(test_tanh_avg_stride_nobias_opset17_float32),
        cmocka_unit_test(test_mlp_sigmoid_matmul_add_opset13),
        cmocka_unit_test(test_leaky_logsoftmax_opset11_implies_ce),
        cmocka_unit_test(test_lenet_opset17),
        cmocka_unit_test(test_permutation_by_hand),
        cmocka_unit_test(test_permutation_entries),
        cmocka_unit_test(test_batch_dynamic_is_fine),
        cmocka_unit_test(test_bad_exports_refused),
        cmocka_unit_test(test_mutations_refused),
        cmocka_unit_test(test_truncated_and_garbage),
        cmocka_unit_test(test_oversize_file),
        cmocka_unit_test(test_load_onnx_weights),
        cmocka_unit_test(test_ce_loss_by_hand),
        cmocka_unit_test(test_ce_gradients_finite_differences),
        cmocka_unit_test(test_lesson_net_onnx),
        cmocka_unit_test(test_cli),
    };
    return cmocka_run_group_tests_name("onnx", tests, NULL, NULL);
}
