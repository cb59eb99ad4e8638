/* expr.c: recursive-descent evaluator of matrix expressions.
 * Must not: print or exit. */
#include "expr.h"
#include "subscript.h"

#include <ctype.h>
#include <errno.h>
#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

typedef struct {
    const Engine *e;
    const char *text;
    const char *p;
    int off;
    Diag *d;
    int refs;        /* names read */
    ValueRef last;   /* the last one */
    int depth;       /* nesting of the operand being parsed */
    int64_t budget;  /* entries the expression may still allocate */
} Parser;

static int col(const Parser *ps, const char *at)
{
    return (int)(at - ps->text) + 1 + ps->off;
}

static void skip(Parser *ps)
{
    while (*ps->p == ' ' || *ps->p == '\t') {
        ps->p++;
    }
}

static bool accept(Parser *ps, const char *tok)
{
    skip(ps);
    size_t n = strlen(tok);
    if (strncmp(ps->p, tok, n) == 0) {
        ps->p += n;
        return true;
    }
    return false;
}

static int fail(Parser *ps, const char *at, const char *msg)
{
    diag_set(ps->d, 0, col(ps, at), "%s", msg);
    return -1;
}

/* A rows x cols intermediate, charged to the expression's budget
 * (EXPR_MAX_ENTRIES in all); -1 with a message at `at` when over it or out
 * of memory. */
static int expr_alloc(Parser *ps, const char *at, int64_t rows, int64_t cols, Matrix *out)
{
    int64_t n = rows * cols; /* both are matrix sizes (< 2^31), so this cannot overflow */
    if (n > ps->budget) {
        diag_set(ps->d, 0, col(ps, at), "a %lld x %lld intermediate is over the expression limit of %lld entries (docs/limits.md)",
                 (long long)rows, (long long)cols, (long long)EXPR_MAX_ENTRIES);
        return -1;
    }
    ps->budget -= n;
    *out = mat_alloc((int)rows, (int)cols);
    if (out->data == NULL && n > 0) {
        return fail(ps, at, "out of memory");
    }
    return 0;
}

static int scalar(Parser *ps, Matrix *out, double x)
{
    if (expr_alloc(ps, ps->p, 1, 1, out) != 0) {
        return -1;
    }
    out->data[0] = x;
    return 0;
}

static bool is_scalar(const Matrix *m)
{
    return m->rows == 1 && m->cols == 1;
}

static int parse_or(Parser *ps, Matrix *out);

typedef enum { OP_ADD, OP_SUB, OP_MUL, OP_EMUL, OP_DIV, OP_LT, OP_GT, OP_LE, OP_GE, OP_EQ, OP_NE, OP_AND, OP_OR } BinOp;

static double apply(BinOp op, double a, double b)
{
    switch (op) {
    case OP_ADD: return a + b;
    case OP_SUB: return a - b;
    case OP_MUL:
    case OP_EMUL: return a * b;
    case OP_DIV: return a / b;
    case OP_LT: return a < b;
    case OP_GT: return a > b;
    case OP_LE: return a <= b;
    case OP_GE: return a >= b;
    case OP_EQ: return a == b;
    case OP_NE: return a != b;
    case OP_AND: return (a != 0.0) && (b != 0.0);
    case OP_OR: return (a != 0.0) || (b != 0.0);
    }
    return 0.0;
}

/* Element-wise a op b with scalar broadcasting; consumes a and b. */
static int elementwise(Parser *ps, const char *at, BinOp op, Matrix *a, Matrix *b, Matrix *out)
{
    const Matrix *shape = is_scalar(a) ? b : a;
    if (!is_scalar(a) && !is_scalar(b) && (a->rows != b->rows || a->cols != b->cols)) {
        diag_set(ps->d, 0, col(ps, at), "shapes differ: %d x %d and %d x %d", a->rows, a->cols,
                 b->rows, b->cols);
        mat_release(a);
        mat_release(b);
        return -1;
    }
    Matrix r;
    if (expr_alloc(ps, at, shape->rows, shape->cols, &r) != 0) {
        mat_release(a);
        mat_release(b);
        return -1;
    }
    for (size_t k = 0; k < mat_count(&r); k++) {
        r.data[k] = apply(op, a->data[is_scalar(a) ? 0 : k], b->data[is_scalar(b) ? 0 : k]);
    }
    mat_release(a);
    mat_release(b);
    *out = r;
    return 0;
}

static int parse_int_arg(Parser *ps, long *v)
{
    skip(ps);
    char *end = NULL;
    errno = 0;
    *v = strtol(ps->p, &end, 10);
    if (end == ps->p) {
        return fail(ps, ps->p, "expected a whole number");
    }
    if (errno == ERANGE || *v > INT_MAX || *v < INT_MIN) {
        return fail(ps, ps->p, "index out of range (too large a number)");
    }
    ps->p = end;
    return 0;
}

/* The entries of *out that NAME(...) at ps->p selects, in place of *out:
 * MATLAB's subscripts (subscript.h), 1-based. */
static int parse_subscript(Parser *ps, const ValueRef *ref, Matrix *out)
{
    Subscript sub;
    if (subscript_parse(ps->text, &ps->p, ps->off, out->rows, out->cols, ref->label, &sub, ps->d) != 0) {
        mat_release(out);
        return -1;
    }
    int rows, cols;
    subscript_shape(&sub, out->rows, out->cols, &rows, &cols);
    Matrix sel;
    if (expr_alloc(ps, ps->p, rows, cols, &sel) != 0) {
        mat_release(out);
        return -1;
    }
    for (size_t k = 0; k < mat_count(&sel); k++) {
        sel.data[k] = out->data[subscript_at(&sub, out->rows, k)];
    }
    mat_release(out);
    *out = sel;
    ps->refs++; /* a part is no longer the whole value */
    return 0;
}

/* name, name[c], name(i,j), name(k): indexes are 1-based as in MATLAB. */
static int parse_ref(Parser *ps, Matrix *out)
{
    const char *start = ps->p;
    char name[32];
    size_t n = 0;
    while (isalnum((unsigned char)*ps->p) || *ps->p == '_') {
        if (n + 1 < sizeof name) {
            name[n++] = *ps->p;
        }
        ps->p++;
    }
    name[n] = '\0';
    long channel = 0;
    if (*ps->p == '[') {
        ps->p++;
        if (parse_int_arg(ps, &channel) != 0) {
            return -1;
        }
        if (!accept(ps, "]")) {
            return fail(ps, ps->p, "expected ']'");
        }
        if (channel < 1) {
            return fail(ps, start, "channels are numbered from 1");
        }
    }
    int id = net_find_value(ps->e->net, name);
    if (id >= 0 && (int64_t)mat_count(&ps->e->net->values[id].m) > ps->budget) {
        return expr_alloc(ps, start, ps->e->net->values[id].m.rows, ps->e->net->values[id].m.cols, out);
    }
    ValueRef ref;
    if (values_get(ps->e, name, (int)channel, col(ps, start), out, &ref, ps->d) != 0) {
        return -1;
    }
    ps->budget -= (int64_t)mat_count(out);
    ps->refs++;
    ps->last = ref;
    return *ps->p == '(' ? parse_subscript(ps, &ref, out) : 0;
}

typedef enum { FN_ABS, FN_MAX, FN_MIN, FN_SUM, FN_MEAN, FN_NORM, FN_VEC, FN_IND } Func;

static int call(Parser *ps, Func fn, const char *at, Matrix *arg, Matrix *out)
{
    size_t n = mat_count(arg);
    if (n == 0 && fn != FN_ABS && fn != FN_VEC && fn != FN_IND) {
        mat_release(arg);
        return fail(ps, at, "empty matrix");
    }
    double acc = 0.0;
    switch (fn) {
    case FN_ABS:
    case FN_IND:
        for (size_t k = 0; k < n; k++) {
            arg->data[k] = fn == FN_ABS ? fabs(arg->data[k]) : (arg->data[k] > 0.0 ? 1.0 : 0.0);
        }
        *out = *arg;
        return 0;
    case FN_VEC:
        arg->rows = (int)n;
        arg->cols = 1;
        *out = *arg;
        return 0;
    case FN_MAX:
    case FN_MIN:
        acc = arg->data[0];
        for (size_t k = 1; k < n; k++) {
            acc = fn == FN_MAX ? fmax(acc, arg->data[k]) : fmin(acc, arg->data[k]);
        }
        break;
    case FN_SUM:
    case FN_MEAN:
    case FN_NORM:
        for (size_t k = 0; k < n; k++) {
            acc += fn == FN_NORM ? arg->data[k] * arg->data[k] : arg->data[k];
        }
        acc = fn == FN_MEAN ? acc / (double)n : fn == FN_NORM ? sqrt(acc) : acc;
        break;
    }
    mat_release(arg);
    return scalar(ps, out, acc);
}

static int parse_primary(Parser *ps, Matrix *out)
{
    skip(ps);
    const char *at = ps->p;
    if (*ps->p == '(') {
        ps->p++;
        if (parse_or(ps, out) != 0) {
            return -1;
        }
        if (!accept(ps, ")")) {
            mat_release(out);
            return fail(ps, ps->p, "expected ')'");
        }
        ps->refs += 2; /* parenthesised: not a bare name */
        return 0;
    }
    if (isdigit((unsigned char)*ps->p) || *ps->p == '.') {
        char *end = NULL;
        double x = strtod(ps->p, &end);
        ps->p = end;
        ps->refs += 2;
        return scalar(ps, out, x);
    }
    if (isalpha((unsigned char)*ps->p)) {
        static const struct {
            const char *name;
            Func fn;
        } fns[] = { { "abs", FN_ABS }, { "max", FN_MAX }, { "min", FN_MIN }, { "sum", FN_SUM },
                    { "mean", FN_MEAN }, { "norm", FN_NORM }, { "vec", FN_VEC }, { "I", FN_IND } };
        for (size_t k = 0; k < sizeof fns / sizeof *fns; k++) {
            size_t n = strlen(fns[k].name);
            if (strncmp(ps->p, fns[k].name, n) == 0 && ps->p[n] == '(') {
                ps->p += n + 1;
                Matrix arg;
                if (parse_or(ps, &arg) != 0) {
                    return -1;
                }
                if (!accept(ps, ")")) {
                    mat_release(&arg);
                    return fail(ps, ps->p, "expected ')'");
                }
                ps->refs += 2;
                return call(ps, fns[k].fn, at, &arg, out);
            }
        }
        return parse_ref(ps, out);
    }
    if (*ps->p == '\0') {
        return fail(ps, at, "expected a name or a number");
    }
    diag_set(ps->d, 0, col(ps, at), "unexpected '%c'", *ps->p);
    return -1;
}

static int parse_postfix(Parser *ps, Matrix *out)
{
    if (parse_primary(ps, out) != 0) {
        return -1;
    }
    while (*ps->p == '\'') {
        Matrix t;
        if (expr_alloc(ps, ps->p, out->cols, out->rows, &t) != 0) {
            mat_release(out);
            return -1;
        }
        ps->p++;
        for (int i = 0; i < out->rows; i++) {
            for (int j = 0; j < out->cols; j++) {
                MAT_AT(t, j, i) = MAT_AT(*out, i, j);
            }
        }
        mat_release(out);
        *out = t;
        ps->refs += 2;
    }
    return 0;
}

static int parse_unary_at_depth(Parser *ps, Matrix *out);

/* Every nesting (a parenthesis, a function call, a unary operator) passes
 * here, so the depth limit bounds the recursion of the whole parser. */
static int parse_unary(Parser *ps, Matrix *out)
{
    if (ps->depth >= EXPR_MAX_DEPTH) {
        skip(ps);
        diag_set(ps->d, 0, col(ps, ps->p), "expression nested too deeply (at most %d levels)", EXPR_MAX_DEPTH);
        return -1;
    }
    ps->depth++;
    int rc = parse_unary_at_depth(ps, out);
    ps->depth--;
    return rc;
}

static int parse_unary_at_depth(Parser *ps, Matrix *out)
{
    if (accept(ps, "-")) {
        if (parse_unary(ps, out) != 0) {
            return -1;
        }
        for (size_t k = 0; k < mat_count(out); k++) {
            out->data[k] = -out->data[k];
        }
        ps->refs += 2;
        return 0;
    }
    if (accept(ps, "!")) {
        if (parse_unary(ps, out) != 0) {
            return -1;
        }
        for (size_t k = 0; k < mat_count(out); k++) {
            out->data[k] = out->data[k] == 0.0;
        }
        ps->refs += 2;
        return 0;
    }
    return parse_postfix(ps, out);
}

/* The product of two matrices (MATLAB's `*` when neither side is a scalar);
 * consumes both. */
static int matrix_product(Parser *ps, const char *at, Matrix *a, Matrix *b, Matrix *out)
{
    int rc = -1;
    Matrix prod = { 0, 0, NULL };
    if (a->cols != b->rows) {
        diag_set(ps->d, 0, col(ps, at), "matrix product of %d x %d and %d x %d", a->rows, a->cols, b->rows, b->cols);
    } else if ((int64_t)a->rows * a->cols * b->cols > EXPR_MAX_PRODUCT_FLOPS) {
        diag_set(ps->d, 0, col(ps, at), "a product of %d x %d and %d x %d is over the expression limit of %lld multiplications",
                 a->rows, a->cols, b->rows, b->cols, (long long)EXPR_MAX_PRODUCT_FLOPS);
    } else if (expr_alloc(ps, at, a->rows, b->cols, &prod) == 0) {
        mat_gemm(MAT_N, MAT_N, 1.0, a, b, 0.0, &prod);
        rc = 0;
    }
    mat_release(a);
    mat_release(b);
    *out = prod;
    return rc;
}

/* Binary operators by precedence, loosest first; within a level the longer
 * token comes first ("<=" before "<", ".*" before "*"). Comparisons do not
 * chain (a < b < c is an error of the text that follows). */
enum { MAX_OPS_PER_LEVEL = 6 };
static const struct {
    struct {
        const char *tok;
        BinOp op;
    } ops[MAX_OPS_PER_LEVEL];
    bool chains;
} LEVELS[] = {
    { { { "||", OP_OR } }, true },
    { { { "&&", OP_AND } }, true },
    { { { "<=", OP_LE }, { ">=", OP_GE }, { "==", OP_EQ }, { "!=", OP_NE }, { "<", OP_LT }, { ">", OP_GT } }, false },
    { { { "+", OP_ADD }, { "-", OP_SUB } }, true },
    { { { ".*", OP_EMUL }, { "*", OP_MUL }, { "/", OP_DIV } }, true },
};
enum { NLEVELS = sizeof LEVELS / sizeof LEVELS[0] };

/* The operator of this level at the cursor, or -1. */
static int level_op(Parser *ps, int level)
{
    skip(ps);
    for (int k = 0; k < MAX_OPS_PER_LEVEL && LEVELS[level].ops[k].tok != NULL; k++) {
        const char *tok = LEVELS[level].ops[k].tok;
        if (strncmp(ps->p, tok, strlen(tok)) == 0) {
            return k;
        }
    }
    return -1;
}

/* One precedence level: operands of the next level joined by this level's
 * operators, left to right; the last level's operands are unary expressions. */
static int parse_level(Parser *ps, int level, Matrix *out)
{
    if (level == NLEVELS) {
        return parse_unary(ps, out);
    }
    if (parse_level(ps, level + 1, out) != 0) {
        return -1;
    }
    int k;
    while ((k = level_op(ps, level)) >= 0) {
        const char *at = ps->p;
        BinOp op = LEVELS[level].ops[k].op;
        ps->p += strlen(LEVELS[level].ops[k].tok);
        Matrix rhs;
        if (parse_level(ps, level + 1, &rhs) != 0) {
            mat_release(out);
            return -1;
        }
        ps->refs += 2;
        int rc = op == OP_MUL && !is_scalar(out) && !is_scalar(&rhs) ? matrix_product(ps, at, out, &rhs, out)
                                                                        : elementwise(ps, at, op, out, &rhs, out);
        if (rc != 0 || !LEVELS[level].chains) {
            return rc;
        }
    }
    return 0;
}

static int parse_or(Parser *ps, Matrix *out)
{
    return parse_level(ps, 0, out);
}

int expr_eval(const Engine *e, const char *text, int col_offset, ExprResult *res, Diag *d)
{
    Parser ps = { e, text, text, col_offset, d, 0, { { 0 }, { 0 }, 0, 0, 0 }, 0, EXPR_MAX_ENTRIES };
    memset(res, 0, sizeof *res);
    if (parse_or(&ps, &res->m) != 0) {
        return -1;
    }
    skip(&ps);
    if (*ps.p != '\0') {
        mat_release(&res->m);
        return fail(&ps, ps.p, "unexpected text after the expression");
    }
    res->is_ref = ps.refs == 1;
    if (res->is_ref) {
        res->ref = ps.last;
    }
    return 0;
}

int expr_truth(const Engine *e, const char *text, Diag *d)
{
    ExprResult r;
    if (expr_eval(e, text, 0, &r, d) != 0) {
        return -1;
    }
    int truth = mat_count(&r.m) > 0;
    for (size_t k = 0; k < mat_count(&r.m); k++) {
        truth = truth && r.m.data[k] != 0.0;
    }
    mat_release(&r.m);
    return truth;
}
