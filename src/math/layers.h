/* layers.h: the slides' operators, each a plain forward/backward pair in the
 * style x_forward(out, inputs..., dims...) / x_backward(dinputs..., dout, ...).
 * Outputs first, no allocation, no I/O. Feature maps are d x (a*b) matrices
 * whose pixels are numbered column-major (docs/math.md, "Layout and vec()"). */
#ifndef BPSTEP_LAYERS_H
#define BPSTEP_LAYERS_H

#include <stdint.h>

#include "matrix.h"

typedef enum { ACT_RELU, ACT_LEAKY, ACT_TANH, ACT_SIGMOID, ACT_IDENTITY } Activation;
typedef enum { POOL_MAX, POOL_AVG } PoolMode;
/* The loss: the slides' squared loss, or softmax cross-entropy (PyTorch's). */
typedef enum { LOSS_MSE, LOSS_CE } LossKind;

#define LEAKY_SLOPE 0.01

/* Geometry of one convolutional layer (input d x a x b, output dout maps). */
typedef struct {
    int d, a, b;      /* input channels, height, width */
    int pad, h, stride; /* zero padding p, filter h x h, stride s */
    int dout;         /* filters = output channels */
    int pool;         /* pooling window (1 = none) */
    int ap, bp;       /* padded size: a + 2p, b + 2p */
    int ac, bc;       /* conv output: floor((ap - h) / s) + 1 */
    int ao, bo;       /* pooled output: floor(ac / pool) */
} ConvGeom;

/* Fills the derived sizes of g from the given ones. */
void conv_geom_derive(ConvGeom *g);

/* vec(padded) = P_pad vec(Z): Z (d, a*b) -> padded (d, ap*bp). */
void pad_forward(Matrix *padded, const Matrix *z, const ConvGeom *g);
/* dZ = P_pad^T dpadded: drop the padding. dz (d, a*b). */
void pad_backward(Matrix *dz, const Matrix *dpadded, const ConvGeom *g);

/* phi (h*h*d, ac*bc) from padded (d, ap*bp): im2col. Row t = p + h*q + h*h*c,
 * column j = i + ac*jj holds padded(c, i*s + p, jj*s + q). */
void phi_forward(Matrix *phi, const Matrix *padded, const ConvGeom *g);
/* vec(dpadded) = P_phi^T vec(dphi): scatter-add the columns back. */
void phi_backward(Matrix *dpadded, const Matrix *dphi, const ConvGeom *g);

/* S = W phi + b 1^T; W (dout, h*h*d), b (dout, 1), S (dout, ac*bc). */
void conv_forward(Matrix *s, const Matrix *w, const Matrix *phi, const Matrix *bias);
/* Whether conv_backward_params forms dW = dS phi^T through its transpose
 * phi dS^T (then copied into dW): the same products summed in the same
 * order, faster in OpenBLAS when phi is tall and long (h h d >= 4 dout and
 * a_conv b_conv >= 512), which it then packs untransposed. False without
 * OpenBLAS. Sizes only, so that config_pass_bytes counts the scratch. */
bool conv_dw_transposed(int64_t dout, int64_t hhd, int64_t cols);
/* dW = dS phi^T, db = dS 1 (row sums). dwt: h*h*d x dout scratch entries
 * when conv_dw_transposed holds for these sizes (else unused, may be NULL). */
void conv_backward_params(Matrix *dw, Matrix *db, const Matrix *ds, const Matrix *phi, double *dwt);
/* dphi = W^T dS. */
void conv_backward_input(Matrix *dphi, const Matrix *w, const Matrix *ds);

/* "relu", "leaky", "tanh", "sigmoid", "identity": the one list of names. */
const char *act_name(Activation act);
/* The activation a user may choose by name (not identity); -1 if none. */
int act_parse(const char *name, Activation *out);
/* sigma'(x) in the slides' markup, for x the markup of the pre-activation
 * ("I[s^{2,i}]" for ReLU, "1 - tanh^2(s^{2,i})" for tanh: the caller adds
 * parentheses where a product needs them). */
void act_deriv_markup(Activation act, const char *x, char *buf, size_t size);
/* sigma'(S) written through the output Z = sigma(S) as a row, as eq. (6)
 * uses it: "vec(I[Z^{2,i}])^T" for ReLU. */
void act_deriv_from_output_markup(Activation act, const char *z, char *buf, size_t size);

double act_value(Activation act, double x);
/* sigma'(x) from the pre-activation x; ReLU gives I[x] = (x > 0). */
double act_deriv(Activation act, double x);
/* sigma'(x) from the output z = sigma(x): I[z] for ReLU, 1 - z^2 for tanh,
 * z (1 - z) for sigmoid, 1 or the slope by the sign of z for leaky ReLU. */
double act_deriv_from_output(Activation act, double z);
void act_forward(Matrix *out, const Matrix *in, Activation act);
/* out = dout (Hadamard) sigma'(in) : eq. (4), and the (5) factor. */
void act_backward(Matrix *din, const Matrix *dout, const Matrix *in, Activation act);

/* Pooling over non-overlapping g->pool windows of S (dout, ac*bc), giving
 * Z (dout, ao*bo) and, for max pooling, idx: for each output k (vec order)
 * the 0-based position in vec(S) of the winner (= the column of the 1 in
 * row k of P_pool). Candidates are visited column-major, the first maximum wins. */
void pool_forward(Matrix *z, int *idx, const Matrix *s, const ConvGeom *g, PoolMode mode);
/* out (dout, ac*bc) = mat(v^T P_pool): scatter v (dout, ao*bo) back (slides' (7)). */
void pool_vtp(Matrix *out, const Matrix *v, const int *idx, const ConvGeom *g, PoolMode mode);

/* Eq. (5): dS = (dZ^T P_pool) (Hadamard) sigma'(S). */
void pool_backward_eq5(Matrix *ds, const Matrix *dz, const int *idx, const Matrix *s,
                       const ConvGeom *g, PoolMode mode, Activation act);
/* Eq. (6): dS = (dZ^T (Hadamard) sigma'(S) written in terms of Z^{m+1}) P_pool.
 * For ReLU that factor is I[Z^{m+1}], exactly the slide; for leaky ReLU, tanh
 * and sigmoid it is act_deriv_from_output (exact with max pooling, where the
 * selected sigma(S) is Z^{m+1}). Pass ACT_RELU to get the slide's literal
 * I[Z^{m+1}] whatever the activation (compare mode does). */
void pool_backward_eq6(Matrix *ds, const Matrix *dz, const int *idx, const Matrix *znext,
                       const ConvGeom *g, PoolMode mode, Activation act);

/* s = W z + b; dW = ds z^T (1); db = ds (2); dz = W^T ds (3). */
void fc_forward(Matrix *s, const Matrix *w, const Matrix *z, const Matrix *bias);
void fc_backward(Matrix *dw, Matrix *db, Matrix *dz, const Matrix *ds, const Matrix *w,
                 const Matrix *z);

/* xi = || z - y ||^2 and its gradient 2 (z - y). */
double loss_forward(const Matrix *z, const Matrix *y);
void loss_backward(Matrix *dz, const Matrix *z, const Matrix *y);
/* Softmax cross-entropy xi = log sum_k exp(z_k) - y^T z (= -sum_k y_k log
 * softmax(z)_k for a y that sums to 1, PyTorch's cross_entropy) and its
 * gradient softmax(z) - y; computed with max(z) taken out, so no overflow. */
double loss_ce_forward(const Matrix *z, const Matrix *y);
void loss_ce_backward(Matrix *dz, const Matrix *z, const Matrix *y);
/* The loss of kind and its gradient (the two above, or the squared loss's). */
double loss_value(LossKind kind, const Matrix *z, const Matrix *y);
void loss_grad(LossKind kind, Matrix *dz, const Matrix *z, const Matrix *y);
/* "mse", "ce"; loss_parse -1 for another name. */
const char *loss_name(LossKind kind);
int loss_parse(const char *name, LossKind *out);

/* Dense 0/1 (or 1/h^2 for average pooling) matrices, for display and tests.
 * out must be sized: P_pad (d*ap*bp, d*a*b), P_phi (h*h*d*ac*bc, d*ap*bp),
 * P_pool (dout*ao*bo, dout*ac*bc). */
void ppad_dense(Matrix *out, const ConvGeom *g);
void pphi_dense(Matrix *out, const ConvGeom *g);
void ppool_dense(Matrix *out, const int *idx, const ConvGeom *g, PoolMode mode);

#endif
