/* matrix.h: column-major double matrices, the only numeric container of bpstep.
 * A Matrix is a view (rows, cols, data); it owns its data only when made by
 * mat_alloc, and then the owner releases it with mat_release.
 * Must not: do I/O, print, or exit. */
#ifndef BPSTEP_MATRIX_H
#define BPSTEP_MATRIX_H

#include <stddef.h>
#include <stdbool.h>

typedef struct {
    int rows;
    int cols;
    double *data; /* column-major: element (i, j) at data[i + rows * j] */
} Matrix;

#define MAT_AT(M, i, j) ((M).data[(size_t)(j) * (size_t)(M).rows + (size_t)(i)])

/* Zero-filled rows x cols matrix; data is NULL when allocation fails
 * (rows * cols == 0 gives a valid empty matrix with data NULL).
 * The caller releases it with mat_release. */
Matrix mat_alloc(int rows, int cols);
void mat_release(Matrix *m);
size_t mat_count(const Matrix *m);
void mat_zero(Matrix *m);
void mat_copy(Matrix *dst, const Matrix *src); /* same count required */
bool mat_equal_bits(const Matrix *a, const Matrix *b);

typedef enum { MAT_N = 0, MAT_T = 1 } MatTrans;

/* C = alpha * op(A) op(B) + beta * C, op = identity or transpose: OpenBLAS's
 * dgemm in the default build, mat_gemm_naive with `make BLAS=none`. */
void mat_gemm(MatTrans ta, MatTrans tb, double alpha, const Matrix *a,
              const Matrix *b, double beta, Matrix *c);
/* The same as plain loops ordered for unit-stride access: the readable
 * reference, always built, which the tests compare mat_gemm against. */
void mat_gemm_naive(MatTrans ta, MatTrans tb, double alpha, const Matrix *a,
                    const Matrix *b, double beta, Matrix *c);

#endif
