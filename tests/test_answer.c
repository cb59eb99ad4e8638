/* test_answer.c: a student's answer (numbers, arithmetic, matrix literals,
 * never names) and the mistakes a wrong matrix answer is named by (issue 25.1). */
#include "helpers.h"

#include "../src/lesson/answer.h"

static double value(const char *text)
{
    Matrix m;
    Diag d;
    assert_int_equal(answer_parse(text, &m, &d), 0);
    assert_int_equal(mat_count(&m), 1);
    double v = m.data[0];
    mat_release(&m);
    return v;
}

static void refused(const char *text, int col, const char *fragment)
{
    Matrix m;
    Diag d;
    assert_int_equal(answer_parse(text, &m, &d), -1);
    assert_int_equal(d.col, col);
    if (strstr(d.msg, fragment) == NULL) {
        fail_msg("'%s': '%s' lacks '%s'", text, d.msg, fragment);
    }
}

static void test_answers(void **state)
{
    (void)state;
    assert_true(value("-1/4") == -0.25);
    assert_true(value(" 2*(0.5-1) ") == -1.0);
    assert_true(value("1e-3 + 2") == 2.001);
    assert_true(value("-(-(3))") == 3.0);
    assert_true(value("+4") == 4.0);
    Matrix m;
    Diag d;
    assert_int_equal(answer_parse("[5 4; 9 6]", &m, &d), 0);
    assert_int_equal(m.rows, 2);
    assert_true(MAT_AT(m, 1, 0) == 9.0);
    mat_release(&m);
    refused("dS1(1,6)", 1, "not a name");
    refused("2*x", 3, "not a name");
    refused("1 +", 4, "expected a number");
    refused("(1", 3, "expected ')'");
    refused("1 2", 3, "expected + - * /");
    refused("1/0", 4, "not a finite number");
    char deep[400];
    memset(deep, '(', 300);
    strcpy(deep + 300, "1");
    refused(deep, 101, "nested too deeply");
}

static Matrix mat(int rows, int cols, const double *colmajor)
{
    Matrix m = mat_alloc(rows, cols);
    memcpy(m.data, colmajor, sizeof(double) * (size_t)rows * (size_t)cols);
    return m;
}

static void test_mistakes(void **state)
{
    (void)state;
    static const double z2[] = { 5, 4, 9, 6 }; /* Z2[1] = [5 9; 4 6] */
    Matrix want = mat(2, 2, z2);
    Matrix t = mat(2, 2, (const double[]){ 5, 9, 4, 6 });   /* [5 4; 9 6] */
    Matrix row = mat(1, 4, (const double[]){ 5, 9, 4, 6 }); /* [5 9 4 6] */
    Matrix neg = mat(2, 2, (const double[]){ -5, -4, -9, -6 });
    Matrix two = mat(2, 2, (const double[]){ 10, 8, 18, 12 });
    Matrix other = mat(2, 2, (const double[]){ 1, 2, 3, 4 });
    assert_string_equal(answer_mistake(&t, &want, 1e-6), "it is the transpose of the answer");
    assert_non_null(strstr(answer_mistake(&row, &want, 1e-6), "row by row"));
    assert_string_equal(answer_mistake(&neg, &want, 1e-6), "the sign is wrong");
    assert_string_equal(answer_mistake(&two, &want, 1e-6), "it is off by a factor of 2");
    assert_null(answer_mistake(&other, &want, 1e-6));
    /* the slides' vec(Z2) = [5; 4; 9; 6] typed as mat() read row by row */
    Matrix vec = mat(4, 1, z2);
    assert_non_null(strstr(answer_mistake(&row, &vec, 1e-6), "reads mat() row by row"));
    Matrix sym = mat(2, 2, (const double[]){ 1, 2, 2, 1 });
    Matrix symneg = mat(2, 2, (const double[]){ -1, -2, -2, -1 });
    assert_string_equal(answer_mistake(&symneg, &sym, 1e-6), "the sign is wrong"); /* never "transpose" */
    Matrix *all[] = { &want, &t, &row, &neg, &two, &other, &vec, &sym, &symneg };
    for (size_t k = 0; k < sizeof all / sizeof *all; k++) {
        mat_release(all[k]);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_answers),
        cmocka_unit_test(test_mistakes),
    };
    return cmocka_run_group_tests_name("answer", tests, NULL, NULL);
}
