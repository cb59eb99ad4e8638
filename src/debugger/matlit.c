/* matlit.c: MATLAB matrix literal parser. Must not: print or exit. */
#include "matlit.h"

#include <ctype.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum { MATLIT_MAX_ENTRIES = 1 << 22 };

static int col(const char *text, const char *p, int off)
{
    return (int)(p - text) + 1 + off;
}

/* Blanks, and a MATLAB comment: '%' to the end of the line (the newline
 * stays: it ends a row). */
static const char *skip_blanks(const char *p)
{
    while (*p == ' ' || *p == '\t' || *p == '\r') {
        p++;
    }
    if (*p == '%') {
        p += strcspn(p, "\n");
    }
    return p;
}

/* Blanks, newlines and comments: before '[' and after ']'. */
static const char *skip_lines(const char *p)
{
    for (p = skip_blanks(p); *p == '\n'; p = skip_blanks(p + 1)) {
    }
    return p;
}

static int read_number(const char *text, const char **pp, int off, double *x, Diag *d)
{
    char *end = NULL;
    const char *p = *pp;
    if (!(isdigit((unsigned char)*p) || *p == '-' || *p == '+' || *p == '.')) {
        diag_set(d, 0, col(text, p, off), "expected a number, got '%c'", *p);
        return -1;
    }
    *x = strtod(p, &end);
    if (end == p || !isfinite(*x)) {
        int len = (int)(end == p ? 1 : end - p); /* the number itself, not the character after it */
        diag_set(d, 0, col(text, p, off), "'%.*s' is not a finite number", len > 40 ? 40 : len, p);
        return -1;
    }
    *pp = end;
    return 0;
}

/* A literal being read: its text, the cursor, and the numbers so far in
 * row-major order (the caller frees vals on every path). */
typedef struct {
    const char *text, *p, *open;
    int off;
    Diag *d;
    double *vals;
    size_t n, cap;
    int rows, cols, in_row;
} Literal;

static int lit_fail(Literal *lx, const char *at, const char *fmt, ...) DIAG_PRINTF(3, 4);

static int lit_fail(Literal *lx, const char *at, const char *fmt, ...)
{
    char msg[200];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    diag_set(lx->d, 0, col(lx->text, at, lx->off), "%s", msg);
    return -1;
}

static int lit_push(Literal *lx, double x)
{
    if (lx->n == lx->cap) {
        size_t ncap = lx->cap == 0 ? 16 : lx->cap * 2;
        double *grown = ncap > MATLIT_MAX_ENTRIES ? NULL : realloc(lx->vals, ncap * sizeof *grown);
        if (grown == NULL) {
            return lit_fail(lx, lx->p, "matrix too large");
        }
        lx->vals = grown;
        lx->cap = ncap;
    }
    lx->vals[lx->n++] = x;
    lx->in_row++;
    return 0;
}

/* Ends the current row at ']', ';' or a newline. */
static int lit_end_row(Literal *lx)
{
    if (lx->in_row > 0) {
        if (lx->cols >= 0 && lx->in_row != lx->cols) {
            return lit_fail(lx, lx->p, "row %d has %d entries but row 1 has %d", lx->rows + 1, lx->in_row, lx->cols);
        }
        lx->cols = lx->in_row;
        lx->rows++;
        lx->in_row = 0;
    } else if (*lx->p == ';' && lx->rows == 0) {
        return lit_fail(lx, lx->p, "empty row before ';'");
    }
    return 0;
}

/* The entries between '[' and ']', row by row. */
static int lit_rows(Literal *lx)
{
    lx->open = lx->p++;
    for (;;) {
        lx->p = skip_blanks(lx->p);
        char c = *lx->p;
        if (c == ']' || c == ';' || c == '\n') {
            if (lit_end_row(lx) != 0) {
                return -1;
            }
            lx->p++;
            if (c == ']') {
                return 0;
            }
            continue;
        }
        if (c == '\0') {
            return lit_fail(lx, lx->open, "'[' is never closed");
        }
        if (c == ',' && lx->in_row > 0) {
            lx->p = skip_blanks(lx->p + 1);
        }
        double x;
        if (read_number(lx->text, &lx->p, lx->off, &x, lx->d) != 0 || lit_push(lx, x) != 0) {
            return -1;
        }
        if (strchr(" \t,;]\n\r", *lx->p) == NULL) { /* strchr finds the NUL too: the loop reports it */
            return lit_fail(lx, lx->p, "unexpected '%c' in a number", *lx->p);
        }
    }
}

/* A single number, or a bracketed literal, then nothing but blanks. */
static int lit_parse(Literal *lx)
{
    lx->p = skip_lines(lx->text);
    if (*lx->p == '\0') {
        return lit_fail(lx, lx->p, "expected a matrix such as [1 2; 3 4]");
    }
    if (*lx->p != '[') {
        double x;
        if (read_number(lx->text, &lx->p, lx->off, &x, lx->d) != 0 || lit_push(lx, x) != 0) {
            return -1;
        }
        lx->rows = lx->cols = 1;
        lx->p = skip_lines(lx->p);
        return *lx->p == '\0' ? 0 : lit_fail(lx, lx->p, "unexpected '%c' after the number", *lx->p);
    }
    if (lit_rows(lx) != 0) {
        return -1;
    }
    lx->p = skip_lines(lx->p);
    if (*lx->p != '\0') {
        return lit_fail(lx, lx->p, "unexpected '%c' after ']'", *lx->p);
    }
    return lx->rows == 0 ? lit_fail(lx, lx->open, "empty matrix") : 0;
}

int matlit_parse(const char *text, int off, Matrix *out, Diag *d)
{
    Literal lx = { text, text, text, off, d, NULL, 0, 0, 0, -1, 0 };
    int rc = lit_parse(&lx);
    if (rc == 0) {
        *out = mat_alloc(lx.rows, lx.cols);
        if (out->data == NULL) {
            diag_set(d, 0, 0, "out of memory");
            rc = -1;
        }
    }
    for (int i = 0; rc == 0 && i < lx.rows; i++) {
        for (int j = 0; j < lx.cols; j++) {
            MAT_AT(*out, i, j) = lx.vals[(size_t)i * (size_t)lx.cols + (size_t)j];
        }
    }
    free(lx.vals); /* the one cleanup, whatever happened */
    return rc;
}

int matlit_label(const char *text)
{
    const char *p = text;
    while (*p == ' ' || *p == '\t' || *p == '\r' || *p == '\n') {
        p++;
    }
    if (strncmp(p, "% label ", 8) != 0 || !isdigit((unsigned char)p[8])) {
        return -1;
    }
    char *end = NULL;
    long k = strtol(p + 8, &end, 10);
    return k >= 0 && k < 1000000 && (*end == '\n' || *end == '\r' || *end == ' ' || *end == '\0') ? (int)k : -1;
}
