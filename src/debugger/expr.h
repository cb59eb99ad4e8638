/* expr.h: small matrix expressions for print, display and break conditions:
 * names (Z2, dS1[2], W1(1,5)), numbers, + - * / .* ' (transpose), comparisons,
 * && ||, and abs max min sum mean norm vec I (the indicator x > 0).
 * `*` is the matrix product when both sides are matrices (as in MATLAB).
 * Must not: print or exit. */
#ifndef BPSTEP_EXPR_H
#define BPSTEP_EXPR_H

#include <stdint.h>

#include "values.h"

/* Limits (docs/limits.md): nesting of parentheses, calls and unary operators;
 * entries all the intermediates of one expression may hold together (the
 * values it names are copied, and count); multiplications of one product. */
enum { EXPR_MAX_DEPTH = 200 };
#define EXPR_MAX_ENTRIES (INT64_C(1) << 25)
#define EXPR_MAX_PRODUCT_FLOPS (INT64_C(1) << 31)

typedef struct {
    Matrix m;      /* owned: the caller releases it with mat_release */
    bool is_ref;   /* the whole expression was one name (then ref is set) */
    ValueRef ref;
} ExprResult;

/* Evaluates text at the engine's current position. col_offset is added to
 * the columns of errors. */
int expr_eval(const Engine *e, const char *text, int col_offset, ExprResult *res, Diag *d);

/* A condition: true when the result is non-empty and every entry non-zero.
 * Returns -1 on error (including a value not computed yet), else 0 or 1. */
int expr_truth(const Engine *e, const char *text, Diag *d);

#endif
