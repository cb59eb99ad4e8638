/* onnx_fixtures.h: shared by test_onnx.c and test_onnx_use.c: reading a
 * fixture of tests/onnx/ (the model, and PyTorch's numbers in its .txt). */
#ifndef BPSTEP_TEST_ONNX_FIXTURES_H
#define BPSTEP_TEST_ONNX_FIXTURES_H

#include "helpers.h"

#include <stdio.h>

#include "../src/data/onnx.h"
#include "../src/lesson/textfile.h"

#define DIR "tests/onnx/"

static inline uint8_t *read_all(const char *path, size_t *len)
{
    uint8_t *bytes = NULL;
    Diag d;
    diag_clear(&d);
    if (textfile_read_bytes(path, ONNX_MAX_BYTES, &bytes, len, &d) != 0) {
        fail_msg("%s", d.msg);
    }
    return bytes;
}

static inline Net *net_of(const char *name, OnnxModel *model)
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
static inline Matrix *keyed(Net *net, const char *key)
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
static inline int each_line(Net *net, const char *name, const char *prefix, bool set)
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

#endif
