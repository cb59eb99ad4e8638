/* matlit.c: MATLAB matrix literal parser. Must not: print or exit. */
#include "matlit.h"

#include <ctype.h>
#include <math.h>
#include <stdlib.h>

enum { MATLIT_MAX_ENTRIES = 1 << 22 };

static int col(const char *text, const char *p, int off)
{
    return (int)(p - text) + 1 + off;
}

static const char *skip_blanks(const char *p)
{
    while (*p == ' ' || *p == '\t' || *p == '\r') {
        p++;
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

int matlit_parse(const char *text, int off, Matrix *out, Diag *d)
{
    const char *p = skip_blanks(text);
    double x = 0.0;
    if (*p != '[') {
        if (*p == '\0') {
            diag_set(d, 0, col(text, p, off), "expected a matrix such as [1 2; 3 4]");
            return -1;
        }
        if (read_number(text, &p, off, &x, d) != 0) {
            return -1;
        }
        p = skip_blanks(p);
        if (*p != '\0') {
            diag_set(d, 0, col(text, p, off), "unexpected '%c' after the number", *p);
            return -1;
        }
        *out = mat_alloc(1, 1);
        if (out->data == NULL) {
            diag_set(d, 0, 0, "out of memory");
            return -1;
        }
        out->data[0] = x;
        return 0;
    }
    const char *open = p++;
    /* first pass: count rows and columns, check the shape is rectangular */
    double *vals = NULL;
    size_t n = 0, cap = 0;
    int rows = 0, cols = -1, in_row = 0;
    for (;;) {
        p = skip_blanks(p);
        if (*p == ']' || *p == ';' || *p == '\n') {
            if (in_row > 0) {
                if (cols >= 0 && in_row != cols) {
                    diag_set(d, 0, col(text, p, off), "row %d has %d entries but row 1 has %d",
                             rows + 1, in_row, cols);
                    free(vals);
                    return -1;
                }
                cols = in_row;
                rows++;
                in_row = 0;
            } else if (*p == ';' && rows == 0) {
                diag_set(d, 0, col(text, p, off), "empty row before ';'");
                free(vals);
                return -1;
            }
            if (*p == ']') {
                p++;
                break;
            }
            p++;
            continue;
        }
        if (*p == '\0') {
            diag_set(d, 0, col(text, open, off), "'[' is never closed");
            free(vals);
            return -1;
        }
        if (*p == ',' && in_row > 0) {
            p = skip_blanks(p + 1);
        }
        if (read_number(text, &p, off, &x, d) != 0) {
            free(vals);
            return -1;
        }
        if (n == cap) {
            size_t ncap = cap == 0 ? 16 : cap * 2;
            double *grown = ncap > MATLIT_MAX_ENTRIES ? NULL : realloc(vals, ncap * sizeof *vals);
            if (grown == NULL) {
                diag_set(d, 0, col(text, p, off), "matrix too large");
                free(vals);
                return -1;
            }
            vals = grown;
            cap = ncap;
        }
        vals[n++] = x;
        in_row++;
        if (!(*p == ' ' || *p == '\t' || *p == ',' || *p == ';' || *p == ']' || *p == '\n' || *p == '\r' ||
              *p == '\0')) { /* the end: the loop reports the unclosed '[' */
            diag_set(d, 0, col(text, p, off), "unexpected '%c' in a number", *p);
            free(vals);
            return -1;
        }
    }
    while (*p == ' ' || *p == '\t' || *p == '\r' || *p == '\n') {
        p++;
    }
    if (*p != '\0') {
        diag_set(d, 0, col(text, p, off), "unexpected '%c' after ']'", *p);
        free(vals);
        return -1;
    }
    if (rows == 0) {
        diag_set(d, 0, col(text, open, off), "empty matrix");
        free(vals);
        return -1;
    }
    *out = mat_alloc(rows, cols);
    if (out->data == NULL) {
        free(vals);
        diag_set(d, 0, 0, "out of memory");
        return -1;
    }
    for (int i = 0; i < rows; i++) {
        for (int j = 0; j < cols; j++) {
            MAT_AT(*out, i, j) = vals[(size_t)i * (size_t)cols + (size_t)j];
        }
    }
    free(vals);
    return 0;
}
