/* loss.c: the loss xi_i of one instance and its gradient d xi/d z^{L+1}:
 * the slides' squared loss ||z - y||^2 (no 1/2) or softmax cross-entropy
 * (declared in layers.h with the other operators).
 * Must not: allocate, do I/O, print, or exit. */
#include "layers.h"

#include <assert.h>
#include <math.h>
#include <string.h>

double loss_forward(const Matrix *z, const Matrix *y)
{
    assert(mat_count(z) == mat_count(y));
    double sum = 0.0;
    for (size_t i = 0; i < mat_count(z); i++) {
        double r = z->data[i] - y->data[i];
        sum += r * r;
    }
    return sum;
}

void loss_backward(Matrix *dz, const Matrix *z, const Matrix *y)
{
    for (size_t i = 0; i < mat_count(z); i++) {
        dz->data[i] = 2.0 * (z->data[i] - y->data[i]);
    }
}

/* log sum_k exp(z_k), with the largest z taken out first */
static double log_sum_exp(const Matrix *z)
{
    double top = z->data[0], sum = 0.0;
    for (size_t i = 1; i < mat_count(z); i++) {
        top = z->data[i] > top ? z->data[i] : top;
    }
    for (size_t i = 0; i < mat_count(z); i++) {
        sum += exp(z->data[i] - top);
    }
    return top + log(sum);
}

double loss_ce_forward(const Matrix *z, const Matrix *y)
{
    assert(mat_count(z) == mat_count(y) && mat_count(z) > 0);
    double yz = 0.0;
    for (size_t i = 0; i < mat_count(z); i++) {
        yz += y->data[i] * z->data[i];
    }
    return log_sum_exp(z) - yz;
}

void loss_ce_backward(Matrix *dz, const Matrix *z, const Matrix *y)
{
    double lse = log_sum_exp(z);
    for (size_t i = 0; i < mat_count(z); i++) {
        dz->data[i] = exp(z->data[i] - lse) - y->data[i]; /* softmax(z)_i - y_i */
    }
}

double loss_value(LossKind kind, const Matrix *z, const Matrix *y)
{
    return kind == LOSS_CE ? loss_ce_forward(z, y) : loss_forward(z, y);
}

void loss_grad(LossKind kind, Matrix *dz, const Matrix *z, const Matrix *y)
{
    if (kind == LOSS_CE) {
        loss_ce_backward(dz, z, y);
    } else {
        loss_backward(dz, z, y);
    }
}

const char *loss_name(LossKind kind)
{
    return kind == LOSS_CE ? "ce" : "mse";
}

int loss_parse(const char *name, LossKind *out)
{
    if (strcmp(name, "mse") == 0 || strcmp(name, "ce") == 0) {
        *out = name[0] == 'c' ? LOSS_CE : LOSS_MSE;
        return 0;
    }
    return -1;
}
