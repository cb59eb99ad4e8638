/* answer.c: reading an answer (answer.h) and naming its mistake.
 * Must not: talk to the terminal. */
#include "answer.h"

#include <ctype.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "../debugger/matlit.h"

enum { ANSWER_MAX_DEPTH = 100 };

typedef struct {
    const char *text, *p;
    Diag *d;
    int depth;
} Reader;

static void skip(Reader *r)
{
    while (*r->p == ' ' || *r->p == '\t') {
        r->p++;
    }
}

static int fail(Reader *r, const char *msg)
{
    diag_set(r->d, 0, (int)(r->p - r->text) + 1, "%s", msg);
    return -1;
}

static int sum(Reader *r, double *v);

/* number | '(' sum ')' | '-' factor | '+' factor */
static int factor(Reader *r, double *v)
{
    skip(r);
    if (++r->depth > ANSWER_MAX_DEPTH) {
        return fail(r, "nested too deeply");
    }
    int rc = 0;
    if (*r->p == '-' || *r->p == '+') {
        bool neg = *r->p++ == '-';
        rc = factor(r, v);
        if (rc == 0 && neg) {
            *v = -*v;
        }
    } else if (*r->p == '(') {
        r->p++;
        rc = sum(r, v);
        skip(r);
        if (rc == 0 && *r->p++ != ')') {
            r->p--;
            rc = fail(r, "expected ')'");
        }
    } else {
        char *end = NULL;
        *v = strtod(r->p, &end);
        if (end == r->p || !isfinite(*v)) {
            rc = fail(r, isalpha((unsigned char)*r->p) || *r->p == '_'
                             ? "an answer is a number, arithmetic of numbers or a matrix literal, not a name"
                             : "expected a number");
        } else {
            r->p = end;
        }
    }
    r->depth--;
    return rc;
}

static int product(Reader *r, double *v)
{
    if (factor(r, v) != 0) {
        return -1;
    }
    for (skip(r); *r->p == '*' || *r->p == '/'; skip(r)) {
        char op = *r->p++;
        double w;
        if (factor(r, &w) != 0) {
            return -1;
        }
        *v = op == '*' ? *v * w : *v / w;
    }
    return 0;
}

static int sum(Reader *r, double *v)
{
    if (product(r, v) != 0) {
        return -1;
    }
    for (skip(r); *r->p == '+' || *r->p == '-'; skip(r)) {
        char op = *r->p++;
        double w;
        if (product(r, &w) != 0) {
            return -1;
        }
        *v = op == '+' ? *v + w : *v - w;
    }
    return 0;
}

int answer_parse(const char *text, Matrix *out, Diag *d)
{
    diag_clear(d);
    const char *p = text + strspn(text, " \t");
    if (*p == '[') {
        return matlit_parse(text, 0, out, d);
    }
    Reader r = { text, text, d, 0 };
    double v = 0.0;
    if (sum(&r, &v) != 0) {
        return -1;
    }
    skip(&r);
    if (*r.p != '\0') {
        return fail(&r, isalpha((unsigned char)*r.p) || *r.p == '_'
                            ? "an answer is a number, arithmetic of numbers or a matrix literal, not a name"
                            : "expected + - * / or the end of the answer");
    }
    if (!isfinite(v)) {
        return fail(&r, "the answer is not a finite number");
    }
    *out = mat_alloc(1, 1);
    if (out->data == NULL) {
        return fail(&r, "out of memory");
    }
    out->data[0] = v;
    return 0;
}

static bool near(double a, double b, double tol)
{
    return fabs(a - b) <= tol * fmax(1.0, fabs(b));
}

/* given(k) against f(k) for every column-major k */
typedef double (*Entry)(const Matrix *want, size_t k);

static double same(const Matrix *w, size_t k)
{
    return w->data[k];
}

static double negated(const Matrix *w, size_t k)
{
    return -w->data[k];
}

static double doubled(const Matrix *w, size_t k)
{
    return 2.0 * w->data[k];
}

static double halved(const Matrix *w, size_t k)
{
    return 0.5 * w->data[k];
}

/* want read row by row: entry k of the row-major order */
static double row_major(const Matrix *w, size_t k)
{
    size_t i = k / (size_t)w->cols, j = k % (size_t)w->cols;
    return MAT_AT(*w, i, j);
}

/* a vector want of s*s entries as mat(want, s, s), read row by row: the
 * mistake of reading the slides' mat() row-wise (vec is column-major) */
static double square_row_major(const Matrix *w, size_t k)
{
    size_t s = (size_t)llround(sqrt((double)mat_count(w)));
    return w->data[(k % s) * s + k / s];
}

static bool all(const Matrix *given, const Matrix *want, Entry f, double tol)
{
    for (size_t k = 0; k < mat_count(want); k++) {
        if (!near(given->data[k], f(want, k), tol)) {
            return false;
        }
    }
    return true;
}

const char *answer_mistake(const Matrix *given, const Matrix *want, double tol)
{
    if (mat_count(given) != mat_count(want) || mat_count(want) == 0) {
        return NULL;
    }
    bool square_or_shaped = given->rows == want->cols && given->cols == want->rows;
    bool symmetric = all(want, want, row_major, 0.0);
    if (mat_count(want) > 1 && !symmetric && all(given, want, row_major, tol)) {
        return square_or_shaped && want->rows > 1 && want->cols > 1
                   ? "it is the transpose of the answer"
                   : "it reads the matrix row by row; vec() and mat() go column by column (column-major)";
    }
    size_t n = mat_count(want), s = (size_t)llround(sqrt((double)n));
    bool vector = want->rows == 1 || want->cols == 1;
    if (vector && s > 1 && s * s == n && all(given, want, square_row_major, tol) && !all(given, want, same, tol)) {
        return "it reads mat() row by row; vec() and mat() go column by column (column-major)";
    }
    if (all(given, want, negated, tol) && !all(given, want, same, tol)) {
        return "the sign is wrong";
    }
    if (all(given, want, doubled, tol) || all(given, want, halved, tol)) {
        return "it is off by a factor of 2";
    }
    return NULL;
}
