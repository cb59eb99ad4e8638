/* test_onnx_use.c: using a PyTorch model and its loss: `load model.onnx`
 * (all or nothing), a lesson's `net FILE.onnx`, the program's --net and
 * `set loss` from the command line, and the softmax cross-entropy loss by
 * hand and against central finite differences. */
/* realpath() is X/Open, not plain POSIX.1-2008 */
#define _XOPEN_SOURCE 700

#include "onnx_fixtures.h"

#include <limits.h>
#include <stdlib.h>

#include "cli.h"

#include "../src/base/strbuf.h"
#include "../src/debugger/command.h"
#include "../src/debugger/engine.h"
#include "../src/lesson/datafiles.h"
#include "../src/lesson/lesson.h"

/* ---- load, and the cross-entropy loss ------------------------------------------- */

static void test_load_onnx_weights(void **state)
{
    (void)state;
    static DataFiles files;
    Host host = *host_none();
    datafiles_host(&host, &files);
    OnnxModel model;
    Net *want = net_of("tanh_avg_o17_f32", &model);
    Engine *e = engine_from_spec(&model.spec, 9); /* the same shape, random weights */
    assert_non_null(e);
    e->host = &host;
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
    e->host = &host;
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
    datafiles_release(&files);
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
    Lesson *l = lesson_load_text("l.lesson", dir, "title t\nnet conv_relu_max_o9_f64.onnx\nrun\n", NULL,
                                 &problems);
    if (l == NULL) {
        fail_msg("%s", sb_str(&problems));
    }
    assert_non_null(l->steps[1].onnx);
    LessonPlayer *p = player_new(l, NULL);
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
    assert_null(lesson_load_text("l.lesson", dir, "title t\nnet bad/groups.onnx\n", NULL, &problems));
    assert_non_null(strstr(sb_str(&problems), "l.lesson:2:5: bad/groups.onnx: node 0 (Conv): groups=2"));
    assert_null(lesson_load_text("l.lesson", dir, "title t\nnet ../../lessons/nets/lenet.onnx\n", NULL, &problems));
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
        cmocka_unit_test(test_load_onnx_weights),
        cmocka_unit_test(test_ce_loss_by_hand),
        cmocka_unit_test(test_ce_gradients_finite_differences),
        cmocka_unit_test(test_lesson_net_onnx),
        cmocka_unit_test(test_cli),
    };
    return cmocka_run_group_tests_name("onnx_use", tests, NULL, NULL);
}
