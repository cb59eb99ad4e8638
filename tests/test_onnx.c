/* test_onnx.c: the ONNX reader against PyTorch. Every fixture of tests/onnx/
 * (written by tests/onnx/make_fixtures.py, which torch is needed for; these
 * tests are not) is read, its weights compared with PyTorch's permuted by the
 * script's own code, then the forward output, the loss and every gradient of
 * both losses compared with PyTorch's (1e-9). Then the refusals: the bad
 * exports, and good ones mutated through protobuf-c (external data, opsets,
 * types, slopes, padding, mixed activations, sizes), each with its node and
 * op named and nothing returned; truncated and oversize files. */
#include "onnx_fixtures.h"

#include <sys/stat.h>
#include <unistd.h>

#include <onnx.pb-c.h>

#include "../src/lesson/netfile.h"

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

/* LeakyReLU, tanh, sigmoid and ReLU in one network, each layer its own. */
static void test_mixed_activations_opset15(void **state)
{
    (void)state;
    OnnxModel model;
    Net *net = net_of("mixed_acts_o15_f64", &model);
    assert_true(model.spec.per_layer);
    assert_int_equal(net_layer_act(net, 1), ACT_LEAKY);
    assert_int_equal(net_layer_act(net, 2), ACT_TANH);
    assert_int_equal(net_layer_act(net, 3), ACT_SIGMOID);
    assert_int_equal(net_layer_act(net, 4), ACT_RELU);
    assert_int_equal(net_layer_act(net, 5), ACT_IDENTITY);
    net_free(net);
    onnx_release(&model);
    check_fixture("mixed_acts_o15_f64", 12);
}

/* x.view(1, -1) exports as Reshape with a Constant shape (opsets 10 and 12). */
static void test_reshape_opsets_10_12(void **state)
{
    (void)state;
    check_fixture("reshape_o10_f64", 6);
    check_fixture("reshape_avg_o12_f32", 8);
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
    char *op_types[64];
    assert_true(m->graph->n_node <= 64);
    for (size_t i = 0; i < m->graph->n_node; i++) {
        op_types[i] = m->graph->node[i]->op_type; /* a mutation may point one at a literal */
    }
    Onnx__NodeProto **nodes = m->graph->node;
    size_t n_node = m->graph->n_node;
    mutate(m);
    size_t n = onnx__model_proto__get_packed_size(m);
    uint8_t *packed = malloc(n + 1);
    assert_non_null(packed);
    onnx__model_proto__pack(m, packed);
    if (m->graph->node != nodes) { /* a mutation's own node list */
        free(m->graph->node);
        m->graph->node = nodes;
        m->graph->n_node = n_node;
    }
    for (size_t i = 0; i < m->graph->n_node; i++) {
        m->graph->node[i]->op_type = op_types[i]; /* protobuf-c frees what it allocated */
    }
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

static void no_conv_act(Onnx__ModelProto *m)
{
    m->graph->node[1]->op_type = (char *)"Dropout"; /* the identity: Conv then MaxPool (restored before free) */
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

/* MaxPool without its strides: ONNX's default stride is 1, not the kernel */
static void pool_default_stride(Onnx__ModelProto *m)
{
    memcpy(attr(m, 2, "strides")->name, "stridez", 7); /* an attribute bpstep does not know, ignored */
}

/* 5000 nodes: the model's own, then its Relu again and again */
static void many_nodes(Onnx__ModelProto *m)
{
    Onnx__NodeProto **list = malloc(5000 * sizeof *list);
    assert_non_null(list);
    for (size_t i = 0; i < 5000; i++) {
        list[i] = m->graph->node[i < m->graph->n_node ? i : 1];
    }
    m->graph->node = list;
    m->graph->n_node = 5000;
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
    expect_mutation_refused(g, no_conv_act, "node 2 (MaxPool): layer 1 has no activation");
    expect_mutation_refused(g, unknown_op, "node 1 (Selu): not a layer of the slides' network");
    expect_mutation_refused(g, not_a_chain, "node 2 (MaxPool): its input is not the output of the layer before it");
    expect_mutation_refused(g, gemm_alpha, "node 4 (Gemm): transA, alpha or beta");
    expect_mutation_refused(g, huge_input, "the input has 1099511627776 entries");
    expect_mutation_refused(g, conv_stride_big, "node 0 (Conv): strides differ by direction");
    expect_mutation_refused(g, many_nodes, "the graph has 5000 nodes");
    expect_mutation_refused(g, pool_default_stride, "node 2 (MaxPool): its stride is not its kernel (2)");
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


int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_conv_relu_max_opset9_float64),
        cmocka_unit_test(test_tanh_avg_stride_nobias_opset17_float32),
        cmocka_unit_test(test_mlp_sigmoid_matmul_add_opset13),
        cmocka_unit_test(test_leaky_logsoftmax_opset11_implies_ce),
        cmocka_unit_test(test_mixed_activations_opset15),
        cmocka_unit_test(test_reshape_opsets_10_12),
        cmocka_unit_test(test_lenet_opset17),
        cmocka_unit_test(test_permutation_by_hand),
        cmocka_unit_test(test_permutation_entries),
        cmocka_unit_test(test_batch_dynamic_is_fine),
        cmocka_unit_test(test_bad_exports_refused),
        cmocka_unit_test(test_mutations_refused),
        cmocka_unit_test(test_truncated_and_garbage),
        cmocka_unit_test(test_oversize_file),
    };
    return cmocka_run_group_tests_name("onnx", tests, NULL, NULL);
}
