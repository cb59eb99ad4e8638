/* onnx_tensor.c: the ONNX reader's access to protobuf-c's messages: tensors
 * (initializers and Constant nodes, float32 / float64 / int64, raw or typed
 * data, never external files) and node attributes, each checked for its type
 * and size before anything is allocated.
 * Must not: open files, print, or exit. */
#include "onnx_internal.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum { DIM_MAX = 1 << 27 };

int onnx_fail(OnnxReader *r, const char *fmt, ...)
{
    char msg[200];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    if (r->node >= 0) {
        diag_set(r->d, 0, 0, "node %d (%.40s): %s", r->node, r->op != NULL ? r->op : "?", msg);
    } else {
        diag_set(r->d, 0, 0, "%s", msg);
    }
    return -1;
}

static const Onnx__TensorProto *constant_value(const Onnx__GraphProto *g, const char *name)
{
    for (size_t i = 0; i < g->n_node; i++) {
        const Onnx__NodeProto *n = g->node[i];
        if (n->op_type == NULL || strcmp(n->op_type, "Constant") != 0 || n->n_output != 1 ||
            strcmp(n->output[0], name) != 0) {
            continue;
        }
        const Onnx__AttributeProto *a = onnx_attr(n, "value");
        return a != NULL ? a->t : NULL;
    }
    return NULL;
}

const Onnx__TensorProto *onnx_find_tensor(const Onnx__GraphProto *g, const char *name)
{
    for (size_t i = 0; i < g->n_initializer; i++) {
        const char *tn = g->initializer[i]->name;
        if (tn != NULL && strcmp(tn, name) == 0) {
            return g->initializer[i];
        }
    }
    return constant_value(g, name);
}

bool onnx_is_initializer(const Onnx__GraphProto *g, const char *name)
{
    for (size_t i = 0; i < g->n_initializer; i++) {
        if (g->initializer[i]->name != NULL && strcmp(g->initializer[i]->name, name) == 0) {
            return true;
        }
    }
    return false;
}

const Onnx__AttributeProto *onnx_attr(const Onnx__NodeProto *n, const char *name)
{
    for (size_t i = 0; i < n->n_attribute; i++) {
        if (n->attribute[i]->name != NULL && strcmp(n->attribute[i]->name, name) == 0) {
            return n->attribute[i];
        }
    }
    return NULL;
}

int onnx_attr_int(OnnxReader *r, const Onnx__NodeProto *n, const char *name, int64_t def, int64_t *out)
{
    const Onnx__AttributeProto *a = onnx_attr(n, name);
    *out = def;
    if (a == NULL) {
        return 0;
    }
    if (!a->has_i || (a->has_type && a->type != ONNX__ATTRIBUTE_PROTO__ATTRIBUTE_TYPE__INT)) {
        return onnx_fail(r, "attribute '%s' is not an integer", name);
    }
    *out = a->i;
    return 0;
}

int onnx_attr_ints(OnnxReader *r, const Onnx__NodeProto *n, const char *name, int64_t *out, int max, int *count)
{
    const Onnx__AttributeProto *a = onnx_attr(n, name);
    *count = 0;
    if (a == NULL) {
        return 0;
    }
    if (a->n_ints > (size_t)max) {
        return onnx_fail(r, "attribute '%s' has %zu entries (at most %d expected)", name, a->n_ints, max);
    }
    for (size_t i = 0; i < a->n_ints; i++) {
        out[i] = a->ints[i];
    }
    *count = (int)a->n_ints;
    return 0;
}

int onnx_attr_float(OnnxReader *r, const Onnx__NodeProto *n, const char *name, double def, double *out)
{
    const Onnx__AttributeProto *a = onnx_attr(n, name);
    *out = def;
    if (a == NULL) {
        return 0;
    }
    if (!a->has_f) {
        return onnx_fail(r, "attribute '%s' is not a number", name);
    }
    *out = (double)a->f;
    return 0;
}

int onnx_attr_string(OnnxReader *r, const Onnx__NodeProto *n, const char *name, const char *def, char *buf,
                     size_t size)
{
    const Onnx__AttributeProto *a = onnx_attr(n, name);
    snprintf(buf, size, "%s", def);
    if (a == NULL) {
        return 0;
    }
    if (!a->has_s) {
        return onnx_fail(r, "attribute '%s' is not a string", name);
    }
    size_t len = a->s.len < size - 1 ? a->s.len : size - 1;
    memcpy(buf, a->s.data, len);
    buf[len] = '\0';
    return 0;
}

/* Little-endian float32 / float64 / int64 from raw bytes, whatever the host. */
static double raw_f32(const uint8_t *p)
{
    uint32_t u = (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
    float f;
    memcpy(&f, &u, sizeof f);
    return (double)f;
}

static uint64_t raw_u64(const uint8_t *p)
{
    uint64_t u = 0;
    for (int k = 7; k >= 0; k--) {
        u = u << 8 | p[k];
    }
    return u;
}

static double raw_f64(const uint8_t *p)
{
    uint64_t u = raw_u64(p);
    double v;
    memcpy(&v, &u, sizeof v);
    return v;
}

/* The tensor's dimensions, each 1..2^27, their product at most 2^27. */
static int tensor_dims(OnnxReader *r, const Onnx__TensorProto *t, const char *what, int ndims, int64_t *dims,
                       size_t *count)
{
    if (t->has_data_location && t->data_location == ONNX__TENSOR_PROTO__DATA_LOCATION__EXTERNAL) {
        return onnx_fail(r, "%s '%.60s' is stored in an external file; export the model as one file "
                         "(a small model needs no external data)", what, t->name != NULL ? t->name : "");
    }
    if (t->n_dims != (size_t)ndims) {
        return onnx_fail(r, "%s '%.60s' has %zu dimensions, %d expected", what, t->name != NULL ? t->name : "",
                         t->n_dims, ndims);
    }
    size_t n = 1;
    for (int k = 0; k < ndims; k++) {
        if (t->dims[k] < 1 || t->dims[k] > DIM_MAX || (int64_t)n * t->dims[k] > DIM_MAX) {
            return onnx_fail(r, "%s '%.60s' has a bad or too large size (dimension %d is %lld)", what,
                             t->name != NULL ? t->name : "", k, (long long)t->dims[k]);
        }
        dims[k] = t->dims[k];
        n *= (size_t)t->dims[k];
    }
    *count = n;
    return 0;
}

/* The numbers of a float32 / float64 tensor of count entries. */
static int tensor_values(OnnxReader *r, const Onnx__TensorProto *t, size_t count, double *v)
{
    bool f32 = t->data_type == ONNX__TENSOR_PROTO__DATA_TYPE__FLOAT;
    bool f64 = t->data_type == ONNX__TENSOR_PROTO__DATA_TYPE__DOUBLE;
    size_t width = f32 ? 4 : 8;
    if (t->has_raw_data && t->raw_data.len > 0) {
        if (t->raw_data.len != count * width) {
            return onnx_fail(r, "weights '%.60s' hold %zu bytes, their shape needs %zu", t->name, t->raw_data.len,
                             count * width);
        }
        for (size_t i = 0; i < count; i++) {
            v[i] = f32 ? raw_f32(t->raw_data.data + 4 * i) : raw_f64(t->raw_data.data + 8 * i);
        }
    } else if (f32 && t->n_float_data == count) {
        for (size_t i = 0; i < count; i++) {
            v[i] = (double)t->float_data[i];
        }
    } else if (f64 && t->n_double_data == count) {
        memcpy(v, t->double_data, count * sizeof *v);
    } else {
        return onnx_fail(r, "weights '%.60s' do not hold the %zu numbers their shape needs", t->name, count);
    }
    return 0;
}

int onnx_weights(OnnxReader *r, const Onnx__NodeProto *n, size_t k, int ndims, int64_t *dims, double **values)
{
    *values = NULL;
    const Onnx__TensorProto *t = k < n->n_input ? onnx_find_tensor(r->g, n->input[k]) : NULL;
    if (t == NULL) {
        return onnx_fail(r, "input %zu is not a stored tensor (initializer); export with fixed weights "
                         "(do_constant_folding=True)", k + 1);
    }
    if (t->data_type != ONNX__TENSOR_PROTO__DATA_TYPE__FLOAT && t->data_type != ONNX__TENSOR_PROTO__DATA_TYPE__DOUBLE) {
        return onnx_fail(r, "weights '%.60s' are of ONNX type %d; bpstep reads float32 and float64 "
                         "(model.float() or model.double() before exporting)", t->name != NULL ? t->name : "",
                         (int)t->data_type);
    }
    size_t count = 0;
    if (t->name == NULL) {
        return onnx_fail(r, "an unnamed weight tensor");
    }
    if (tensor_dims(r, t, "weights", ndims, dims, &count) != 0) {
        return -1;
    }
    double *v = malloc((count > 0 ? count : 1) * sizeof *v); /* count >= 1: every dimension is */
    if (v == NULL) {
        return onnx_fail(r, "out of memory");
    }
    if (tensor_values(r, t, count, v) != 0) {
        free(v);
        return -1;
    }
    r->out->float32 = r->out->float32 || t->data_type == ONNX__TENSOR_PROTO__DATA_TYPE__FLOAT;
    *values = v;
    return 0;
}

int onnx_int64s(OnnxReader *r, const Onnx__TensorProto *t, int64_t *out, int max, int *count)
{
    if (t->data_type != ONNX__TENSOR_PROTO__DATA_TYPE__INT64 || t->n_dims > 1) {
        return onnx_fail(r, "its shape or pads are not a list of int64");
    }
    if (t->has_data_location && t->data_location == ONNX__TENSOR_PROTO__DATA_LOCATION__EXTERNAL) {
        return onnx_fail(r, "a tensor is stored in an external file; export the model as one file");
    }
    size_t n = t->has_raw_data && t->raw_data.len > 0 ? t->raw_data.len / 8 : t->n_int64_data;
    if (n > (size_t)max || (t->has_raw_data && t->raw_data.len % 8 != 0)) {
        return onnx_fail(r, "its shape or pads have %zu entries (at most %d expected)", n, max);
    }
    for (size_t i = 0; i < n; i++) {
        out[i] = t->has_raw_data && t->raw_data.len > 0 ? (int64_t)raw_u64(t->raw_data.data + 8 * i) : t->int64_data[i];
    }
    *count = (int)n;
    return 0;
}
