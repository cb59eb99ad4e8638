/* test_layers.c: the slides' operators against the slides and against their
 * dense 0/1 matrices. */
#include "helpers.h"

#include <stdlib.h>

#include "../src/math/layers.h"

static const double IMAGE_B[4][4] = { { 3, 2, 3, 6 }, { 4, 5, 4, 9 }, { 2, 1, 2, 6 }, { 3, 4, 3, 2 } };

static ConvGeom pool_geom_b(void)
{
    ConvGeom g = { .d = 1, .a = 4, .b = 4, .pad = 0, .h = 1, .stride = 1, .dout = 1, .pool = 2 };
    conv_geom_derive(&g);
    return g;
}

static Matrix image_b(void)
{
    Matrix s = mat_alloc(1, 16);
    for (int r = 0; r < 4; r++) {
        for (int q = 0; q < 4; q++) {
            s.data[r + 4 * q] = IMAGE_B[r][q]; /* column-major vec */
        }
    }
    return s;
}

/* docs/math.md: vec(B) = (3,4,2,3, 2,5,1,4, 3,4,2,3, 6,9,6,2). */
static void test_vec_of_image_b(void **state)
{
    (void)state;
    Matrix s = image_b();
    const double expect[16] = { 3, 4, 2, 3, 2, 5, 1, 4, 3, 4, 2, 3, 6, 9, 6, 2 };
    for (int k = 0; k < 16; k++) {
        assert_true(s.data[k] == expect[k]);
    }
    mat_release(&s);
}

/* The slides: P_pool has its 1s at columns 6, 8, 14, 15 and pools B to [5 9; 4 6]. */
static void test_slides_pooling_example(void **state)
{
    (void)state;
    ConvGeom g = pool_geom_b();
    Matrix s = image_b();
    Matrix z = mat_alloc(1, 4);
    int idx[4];
    pool_forward(&z, idx, &s, &g, POOL_MAX);
    const int ones_1based[4] = { 6, 8, 14, 15 };
    const double pooled[4] = { 5, 4, 9, 6 }; /* vec([5 9; 4 6]) */
    for (int k = 0; k < 4; k++) {
        assert_int_equal(idx[k] + 1, ones_1based[k]);
        assert_true(z.data[k] == pooled[k]);
    }
    Matrix p = mat_alloc(4, 16);
    ppool_dense(&p, idx, &g, POOL_MAX);
    for (int k = 0; k < 4; k++) {
        for (int j = 0; j < 16; j++) {
            assert_true(MAT_AT(p, k, j) == (j + 1 == ones_1based[k] ? 1.0 : 0.0));
        }
    }
    /* P_pool vec(B) = (5, 4, 9, 6) by a real matrix product */
    Matrix vb = { 16, 1, s.data };
    Matrix prod = mat_alloc(4, 1);
    mat_gemm(MAT_N, MAT_N, 1.0, &p, &vb, 0.0, &prod);
    for (int k = 0; k < 4; k++) {
        assert_true(prod.data[k] == pooled[k]);
    }
    /* v^T P_pool: v1 at 6, v2 at 8, v3 at 14, v4 at 15, zeros elsewhere (16 entries) */
    Matrix v = mat_alloc(1, 4);
    const double vs[4] = { 11, 13, 17, 19 };
    memcpy(v.data, vs, sizeof vs);
    Matrix vtp = mat_alloc(1, 16);
    pool_vtp(&vtp, &v, idx, &g, POOL_MAX);
    for (int j = 0; j < 16; j++) {
        double want = 0.0;
        for (int k = 0; k < 4; k++) {
            if (j + 1 == ones_1based[k]) {
                want = vs[k];
            }
        }
        assert_true(vtp.data[j] == want);
    }
    mat_release(&s);
    mat_release(&z);
    mat_release(&p);
    mat_release(&prod);
    mat_release(&v);
    mat_release(&vtp);
}

/* Tie rule: candidates column-major, the first maximum wins. */
static void test_pool_tie_goes_to_first_visited(void **state)
{
    (void)state;
    ConvGeom g = { .d = 1, .a = 2, .b = 2, .pad = 0, .h = 1, .stride = 1, .dout = 1, .pool = 2 };
    conv_geom_derive(&g);
    Matrix s = mat_alloc(1, 4), z = mat_alloc(1, 1);
    int idx[1];
    /* [1 7; 7 7] : vec = (1, 7, 7, 7): bottom-left (position 1) is visited first */
    const double a[4] = { 1, 7, 7, 7 };
    memcpy(s.data, a, sizeof a);
    pool_forward(&z, idx, &s, &g, POOL_MAX);
    assert_int_equal(idx[0], 1);
    /* all equal: top-left */
    const double b[4] = { -2, -2, -2, -2 };
    memcpy(s.data, b, sizeof b);
    pool_forward(&z, idx, &s, &g, POOL_MAX);
    assert_int_equal(idx[0], 0);
    assert_true(z.data[0] == -2.0);
    mat_release(&s);
    mat_release(&z);
}

/* A geometry with padding, stride, rectangles and channels. */
static ConvGeom odd_geom(void)
{
    ConvGeom g = { .d = 3, .a = 5, .b = 7, .pad = 2, .h = 3, .stride = 2, .dout = 4, .pool = 2 };
    conv_geom_derive(&g);
    return g;
}

/* y = dense * x with the dense matrix from the *_dense functions. */
static void dense_apply(const Matrix *dense, MatTrans t, const Matrix *x, Matrix *y)
{
    Matrix xc = { (int)mat_count(x), 1, x->data };
    Matrix yc = { (int)mat_count(y), 1, y->data };
    mat_gemm(t, MAT_N, 1.0, dense, &xc, 0.0, &yc);
}

static void assert_close(const Matrix *a, const Matrix *b, double tol)
{
    assert_int_equal(mat_count(a), mat_count(b));
    for (size_t k = 0; k < mat_count(a); k++) {
        if (!(fabs(a->data[k] - b->data[k]) <= tol)) {
            fail_msg("entry %zu: %.17g vs %.17g", k, a->data[k], b->data[k]);
        }
    }
}

static void test_pad_and_transpose_match_dense(void **state)
{
    (void)state;
    ConvGeom g = odd_geom();
    Rng rng;
    rng_init(&rng, 7);
    Matrix z = mat_alloc(g.d, g.a * g.b), pz = mat_alloc(g.d, g.ap * g.bp);
    Matrix dense = mat_alloc(g.d * g.ap * g.bp, g.d * g.a * g.b);
    Matrix want = mat_alloc(g.d, g.ap * g.bp), back = mat_alloc(g.d, g.a * g.b), wantb = mat_alloc(g.d, g.a * g.b);
    helper_fill(&z, &rng, -1, 1);
    pad_forward(&pz, &z, &g);
    ppad_dense(&dense, &g);
    dense_apply(&dense, MAT_N, &z, &want);
    assert_close(&pz, &want, 0.0);
    helper_fill(&pz, &rng, -1, 1);
    pad_backward(&back, &pz, &g);
    dense_apply(&dense, MAT_T, &pz, &wantb);
    assert_close(&back, &wantb, 0.0);
    mat_release(&z);
    mat_release(&pz);
    mat_release(&dense);
    mat_release(&want);
    mat_release(&back);
    mat_release(&wantb);
}

static void test_phi_and_transpose_match_dense(void **state)
{
    (void)state;
    ConvGeom g = odd_geom();
    Rng rng;
    rng_init(&rng, 8);
    int hhd = g.h * g.h * g.d, cols = g.ac * g.bc;
    Matrix pz = mat_alloc(g.d, g.ap * g.bp), phi = mat_alloc(hhd, cols), want = mat_alloc(hhd, cols);
    Matrix dense = mat_alloc(hhd * cols, g.d * g.ap * g.bp);
    Matrix back = mat_alloc(g.d, g.ap * g.bp), wantb = mat_alloc(g.d, g.ap * g.bp);
    helper_fill(&pz, &rng, -1, 1);
    phi_forward(&phi, &pz, &g);
    pphi_dense(&dense, &g);
    dense_apply(&dense, MAT_N, &pz, &want);
    assert_close(&phi, &want, 0.0);
    helper_fill(&phi, &rng, -1, 1);
    phi_backward(&back, &phi, &g);
    dense_apply(&dense, MAT_T, &phi, &wantb);
    assert_close(&back, &wantb, 1e-12);
    mat_release(&pz);
    mat_release(&phi);
    mat_release(&want);
    mat_release(&dense);
    mat_release(&back);
    mat_release(&wantb);
}

/* phi's row order t = p + h*q + h*h*c, column j = i + ac*jj (docs/math.md). */
static void test_phi_layout(void **state)
{
    (void)state;
    ConvGeom g = odd_geom();
    Matrix pz = mat_alloc(g.d, g.ap * g.bp), phi = mat_alloc(g.h * g.h * g.d, g.ac * g.bc);
    for (size_t k = 0; k < mat_count(&pz); k++) {
        pz.data[k] = (double)k;
    }
    phi_forward(&phi, &pz, &g);
    int c = 2, p = 1, q = 2, i = 1, jj = 2;
    int t = p + g.h * q + g.h * g.h * c, j = i + g.ac * jj;
    int r = i * g.stride + p, col = jj * g.stride + q;
    assert_true(MAT_AT(phi, t, j) == (double)(c + g.d * (r + g.ap * col)));
    mat_release(&pz);
    mat_release(&phi);
}

/* im2col and its scatter-add walk phi in two orders (by channel count and
 * size): with one channel, a phi above PHI_STREAM (2^19 entries) and a
 * small one with stride 2, each entry is its window's padZ(c, i s +
 * p, jj s + q), and the scatter-add is the column-by-column sum to the bit. */
static void test_phi_walks(void **state)
{
    (void)state;
    const ConvGeom geoms[] = { { .d = 1, .a = 40, .b = 30, .pad = 2, .h = 5, .stride = 1, .dout = 1, .pool = 1 },
                               { .d = 6, .a = 121, .b = 99, .pad = 1, .h = 3, .stride = 1, .dout = 1, .pool = 1 },
                               { .d = 5, .a = 9, .b = 7, .pad = 1, .h = 3, .stride = 2, .dout = 1, .pool = 1 } };
    Rng rng;
    rng_init(&rng, 19);
    for (size_t k = 0; k < sizeof geoms / sizeof *geoms; k++) {
        ConvGeom g = geoms[k];
        conv_geom_derive(&g);
        int hhd = g.h * g.h * g.d, cols = g.ac * g.bc;
        Matrix pz = mat_alloc(g.d, g.ap * g.bp), phi = mat_alloc(hhd, cols);
        Matrix back = mat_alloc(g.d, g.ap * g.bp), want = mat_alloc(g.d, g.ap * g.bp);
        helper_fill(&pz, &rng, -1, 1);
        phi_forward(&phi, &pz, &g);
        helper_fill(&phi, &rng, -1, 1); /* now dphi */
        for (int jj = 0; jj < g.bc; jj++) {
            for (int i = 0; i < g.ac; i++) {
                for (int t = 0; t < hhd; t++) {
                    int p = t % g.h, q = t / g.h % g.h, c = t / (g.h * g.h);
                    size_t r = (size_t)(i * g.stride + p), col = (size_t)(jj * g.stride + q);
                    size_t pos = (size_t)c + (size_t)g.d * (r + (size_t)g.ap * col);
                    want.data[pos] += MAT_AT(phi, t, i + g.ac * jj); /* PHI_FOR_EACH's order */
                }
            }
        }
        phi_backward(&back, &phi, &g);
        assert_true(mat_equal_bits(&back, &want));
        phi_forward(&phi, &pz, &g);
        for (int j = 0; j < cols; j++) {
            for (int t = 0; t < hhd; t++) {
                int p = t % g.h, q = t / g.h % g.h, c = t / (g.h * g.h), i = j % g.ac, jj = j / g.ac;
                size_t r = (size_t)(i * g.stride + p), col = (size_t)(jj * g.stride + q);
                assert_true(MAT_AT(phi, t, j) == pz.data[(size_t)c + (size_t)g.d * (r + (size_t)g.ap * col)]);
            }
        }
        if (k == 1) {
            assert_true(mat_count(&phi) >= (size_t)1 << 19); /* the streaming walk */
        }
        mat_release(&pz);
        mat_release(&phi);
        mat_release(&back);
        mat_release(&want);
    }
}

static void test_pool_vtp_matches_dense_transpose(void **state)
{
    (void)state;
    ConvGeom g = odd_geom();
    Rng rng;
    rng_init(&rng, 9);
    for (int mode = POOL_MAX; mode <= POOL_AVG; mode++) {
        Matrix s = mat_alloc(g.dout, g.ac * g.bc), z = mat_alloc(g.dout, g.ao * g.bo);
        Matrix dense = mat_alloc(g.dout * g.ao * g.bo, g.dout * g.ac * g.bc);
        Matrix want = mat_alloc(g.dout, g.ao * g.bo), v = mat_alloc(g.dout, g.ao * g.bo);
        Matrix vtp = mat_alloc(g.dout, g.ac * g.bc), wantv = mat_alloc(g.dout, g.ac * g.bc);
        int *idx = calloc(mat_count(&z), sizeof *idx);
        helper_fill(&s, &rng, -1, 1);
        pool_forward(&z, idx, &s, &g, (PoolMode)mode);
        ppool_dense(&dense, idx, &g, (PoolMode)mode);
        dense_apply(&dense, MAT_N, &s, &want);
        assert_close(&z, &want, 1e-15);
        helper_fill(&v, &rng, -1, 1);
        pool_vtp(&vtp, &v, idx, &g, (PoolMode)mode);
        dense_apply(&dense, MAT_T, &v, &wantv);
        assert_close(&vtp, &wantv, 1e-15);
        free(idx);
        mat_release(&s);
        mat_release(&z);
        mat_release(&dense);
        mat_release(&want);
        mat_release(&v);
        mat_release(&vtp);
        mat_release(&wantv);
    }
}

static void test_gemm_transposes(void **state)
{
    (void)state;
    Rng rng;
    rng_init(&rng, 3);
    Matrix a = mat_alloc(3, 4), b = mat_alloc(4, 5), c = mat_alloc(3, 5);
    helper_fill(&a, &rng, -1, 1);
    helper_fill(&b, &rng, -1, 1);
    mat_gemm(MAT_N, MAT_N, 1.0, &a, &b, 0.0, &c);
    Matrix at = mat_alloc(4, 3), bt = mat_alloc(5, 4), c2 = mat_alloc(3, 5);
    for (int i = 0; i < 3; i++) {
        for (int j = 0; j < 4; j++) {
            MAT_AT(at, j, i) = MAT_AT(a, i, j);
        }
    }
    for (int i = 0; i < 4; i++) {
        for (int j = 0; j < 5; j++) {
            MAT_AT(bt, j, i) = MAT_AT(b, i, j);
        }
    }
    for (int variant = 0; variant < 3; variant++) {
        MatTrans ta = variant == 1 ? MAT_T : MAT_N, tb = variant == 2 ? MAT_T : MAT_N;
        mat_gemm(ta, tb, 1.0, ta ? &at : &a, tb ? &bt : &b, 0.0, &c2);
        for (size_t k = 0; k < mat_count(&c); k++) {
            double direct = 0.0;
            int i = (int)k % 3, j = (int)k / 3;
            for (int l = 0; l < 4; l++) {
                direct += MAT_AT(a, i, l) * MAT_AT(b, l, j);
            }
            assert_true(fabs(c2.data[k] - direct) < 1e-14);
            assert_true(fabs(c.data[k] - direct) < 1e-14);
        }
    }
    mat_release(&a);
    mat_release(&b);
    mat_release(&c);
    mat_release(&at);
    mat_release(&bt);
    mat_release(&c2);
}

/* The build's GEMM (OpenBLAS by default) against the readable loops, on
 * every transpose pair, alpha/beta, thin, empty and inner-dimension-0 shapes. */
static void test_gemm_matches_naive(void **state)
{
    (void)state;
    Rng rng;
    rng_init(&rng, 11);
    static const int shapes[][3] = { { 1, 1, 1 }, { 7, 5, 3 }, { 32, 25, 784 }, { 64, 288, 196 },
                                     { 10, 576, 1 }, { 0, 3, 4 }, { 3, 0, 4 }, { 5, 4, 0 } };
    for (size_t s = 0; s < sizeof shapes / sizeof *shapes; s++) {
        int m = shapes[s][0], k = shapes[s][1], n = shapes[s][2];
        for (int t = 0; t < 4; t++) {
            MatTrans ta = (t & 1) ? MAT_T : MAT_N, tb = (t & 2) ? MAT_T : MAT_N;
            Matrix a = ta ? mat_alloc(k, m) : mat_alloc(m, k);
            Matrix b = tb ? mat_alloc(n, k) : mat_alloc(k, n);
            Matrix c1 = mat_alloc(m, n), c2 = mat_alloc(m, n);
            helper_fill(&a, &rng, -1, 1);
            helper_fill(&b, &rng, -1, 1);
            helper_fill(&c1, &rng, -1, 1);
            mat_copy(&c2, &c1);
            double alpha = s % 2 ? 0.5 : 1.0, beta = s % 3 ? 0.0 : -2.0;
            mat_gemm(ta, tb, alpha, &a, &b, beta, &c1);
            mat_gemm_naive(ta, tb, alpha, &a, &b, beta, &c2);
            for (size_t e = 0; e < mat_count(&c1); e++) {
                double tol = 1e-13 * (double)(k + 1);
                if (fabs(c1.data[e] - c2.data[e]) > tol) {
                    fail_msg("%d x %d x %d, transposes %d: entry %zu %.17g vs %.17g", m, k, n, t, e, c1.data[e],
                             c2.data[e]);
                }
            }
            mat_release(&a);
            mat_release(&b);
            mat_release(&c1);
            mat_release(&c2);
        }
    }
}

/* dW = dS phi^T formed through its transpose phi dS^T (conv_dw_transposed,
 * at large inputs only: never on the reference or the 28 x 28 MNIST net) is
 * the direct product. Both sum over j in the same order; on this project's
 * machines (OpenBLAS SKYLAKEX and Haswell kernels) to the bit, but another
 * CPU's kernels may block the sums differently, so the test allows a few
 * ulps; db is untouched by the choice. */
static void test_dw_transposed_same_bits(void **state)
{
    (void)state;
    Rng rng;
    rng_init(&rng, 27);
    static const int shapes[][3] = { { 4, 36, 1024 }, { 3, 50, 5676 }, { 32, 576, 784 }, { 64, 288, 3136 } };
    for (size_t s = 0; s < sizeof shapes / sizeof *shapes; s++) {
        int dout = shapes[s][0], hhd = shapes[s][1], cols = shapes[s][2];
#ifdef BPSTEP_CBLAS
        assert_true(conv_dw_transposed(dout, hhd, cols)); /* the test takes the transposed path */
#endif
        Matrix ds = mat_alloc(dout, cols), phi = mat_alloc(hhd, cols);
        Matrix dw1 = mat_alloc(dout, hhd), dw2 = mat_alloc(dout, hhd), db1 = mat_alloc(dout, 1), db2 = mat_alloc(dout, 1);
        double *dwt = calloc((size_t)dout * (size_t)hhd, sizeof *dwt);
        assert_non_null(dwt);
        helper_fill(&ds, &rng, -1, 1);
        helper_fill_int(&phi, &rng, -2, 2); /* exact zeros, as a padded border gives */
        for (size_t e = 0; e < mat_count(&ds); e += 7) {
            ds.data[e] = e % 2 ? -0.0 : 0.0; /* what the ReLU mask of eq. (6) leaves */
        }
        conv_backward_params(&dw1, &db1, &ds, &phi, NULL);
        conv_backward_params(&dw2, &db2, &ds, &phi, dwt);
        for (size_t e = 0; e < mat_count(&dw1); e++) {
            double a = dw1.data[e], b = dw2.data[e];
            if (fabs(a - b) > 1e-13 * fmax(1.0, fabs(a))) {
                fail_msg("shape %zu: dW entry %zu: %.17g direct, %.17g transposed", s, e, a, b);
            }
        }
        assert_true(mat_equal_bits(&db1, &db2));
        free(dwt);
        mat_release(&ds);
        mat_release(&phi);
        mat_release(&dw1);
        mat_release(&dw2);
        mat_release(&db1);
        mat_release(&db2);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_vec_of_image_b),
        cmocka_unit_test(test_slides_pooling_example),
        cmocka_unit_test(test_pool_tie_goes_to_first_visited),
        cmocka_unit_test(test_pad_and_transpose_match_dense),
        cmocka_unit_test(test_phi_and_transpose_match_dense),
        cmocka_unit_test(test_phi_layout),
        cmocka_unit_test(test_phi_walks),
        cmocka_unit_test(test_pool_vtp_matches_dense_transpose),
        cmocka_unit_test(test_gemm_transposes),
        cmocka_unit_test(test_gemm_matches_naive),
        cmocka_unit_test(test_dw_transposed_same_bits),
    };
    return cmocka_run_group_tests_name("layers", tests, NULL, NULL);
}
