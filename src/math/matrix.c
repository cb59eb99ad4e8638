/* matrix.c: allocation and the one GEMM every layer uses.
 * Must not: do I/O, print, or exit. */
#include "matrix.h"
#include "../base/interrupt.h"

#include <assert.h>
#include <stdlib.h>
#include <string.h>

#ifdef BPSTEP_CBLAS
#include <cblas.h>
#include <pthread.h>
#endif

Matrix mat_alloc(int rows, int cols)
{
    Matrix m = { rows, cols, NULL };
    assert(rows >= 0 && cols >= 0);
    size_t n = (size_t)rows * (size_t)cols;
    if (n > 0) {
        m.data = calloc(n, sizeof(double));
        if (m.data == NULL) {
            m.rows = m.cols = 0;
        }
    }
    return m;
}

void mat_release(Matrix *m)
{
    if (m == NULL) {
        return;
    }
    free(m->data);
    m->data = NULL;
    m->rows = m->cols = 0;
}

size_t mat_count(const Matrix *m)
{
    return (size_t)m->rows * (size_t)m->cols;
}

void mat_zero(Matrix *m)
{
    if (m->data != NULL) {
        memset(m->data, 0, mat_count(m) * sizeof(double));
    }
}

void mat_copy(Matrix *dst, const Matrix *src)
{
    assert(mat_count(dst) == mat_count(src));
    if (mat_count(src) > 0) {
        memmove(dst->data, src->data, mat_count(src) * sizeof(double));
    }
}

bool mat_equal_bits(const Matrix *a, const Matrix *b)
{
    if (a->rows != b->rows || a->cols != b->cols) {
        return false;
    }
    size_t n = mat_count(a);
    return n == 0 || memcmp(a->data, b->data, n * sizeof(double)) == 0;
}

void mat_gemm_naive(MatTrans ta, MatTrans tb, double alpha, const Matrix *a,
                    const Matrix *b, double beta, Matrix *c)
{
    int m = ta ? a->cols : a->rows;
    int k = ta ? a->rows : a->cols;
    int kb = tb ? b->cols : b->rows;
    int n = tb ? b->rows : b->cols;
    assert(k == kb && c->rows == m && c->cols == n);
    (void)kb;
    for (int j = 0; j < n; j++) {
        double *cj = c->data + (size_t)j * m;
        for (int i = 0; i < m; i++) {
            cj[i] = beta == 0.0 ? 0.0 : beta * cj[i];
        }
        if (!ta) {
            /* c(:, j) += alpha * A(:, l) * B(l, j): unit stride on A and C */
            for (int l = 0; l < k; l++) {
                double blj = alpha * (tb ? MAT_AT(*b, j, l) : MAT_AT(*b, l, j));
                if (blj == 0.0) {
                    continue;
                }
                const double *al = a->data + (size_t)l * m;
                for (int i = 0; i < m; i++) {
                    cj[i] += al[i] * blj;
                }
            }
        } else {
            /* c(i, j) += alpha * dot(A(:, i), B(:, j)) */
            for (int i = 0; i < m; i++) {
                const double *ai = a->data + (size_t)i * k;
                double sum = 0.0;
                if (!tb) {
                    const double *bj = b->data + (size_t)j * k;
                    for (int l = 0; l < k; l++) {
                        sum += ai[l] * bj[l];
                    }
                } else {
                    for (int l = 0; l < k; l++) {
                        sum += ai[l] * MAT_AT(*b, j, l);
                    }
                }
                cj[i] += alpha * sum;
            }
        }
    }
}

#ifdef BPSTEP_CBLAS
/* OpenBLAS's own call (not in every cblas.h). OpenBLAS runs on the calling
 * thread alone: small matrices, where its threads cost more than they give,
 * and the trainer's workers (math/parallel.c) are the threads. */
void openblas_set_num_threads(int num_threads);

static void blas_one_thread(void)
{
    openblas_set_num_threads(1);
}
#endif

void mat_gemm(MatTrans ta, MatTrans tb, double alpha, const Matrix *a,
              const Matrix *b, double beta, Matrix *c)
{
    /* the work meter (interrupt.h): 2mnk operations, the bulk of any pass */
    interrupt_charge(2 * (int64_t)c->rows * c->cols * (ta ? a->rows : a->cols));
#ifdef BPSTEP_CBLAS
    /* the default build: OpenBLAS's dgemm, column-major like every Matrix;
     * transposes are its flags, never copies */
    static pthread_once_t once = PTHREAD_ONCE_INIT; /* workers may be the first callers */
    int rc = pthread_once(&once, blas_one_thread);
    assert(rc == 0);
    (void)rc;
    int m = ta ? a->cols : a->rows;
    int k = ta ? a->rows : a->cols;
    int n = tb ? b->rows : b->cols;
    assert(k == (tb ? b->cols : b->rows) && c->rows == m && c->cols == n);
    if (m > 0 && n > 0) {
        cblas_dgemm(CblasColMajor, ta ? CblasTrans : CblasNoTrans, tb ? CblasTrans : CblasNoTrans, m, n, k,
                    alpha, a->data, a->rows > 0 ? a->rows : 1, b->data, b->rows > 0 ? b->rows : 1, beta,
                    c->data, m);
    }
#else
    mat_gemm_naive(ta, tb, alpha, a, b, beta, c);
#endif
}
