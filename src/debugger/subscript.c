/* subscript.c: MATLAB subscripts (i,j) and (k) with numbers, end, ranges and
 * ':'; see subscript.h. Must not: print, allocate or exit. */
#include "subscript.h"

#include <ctype.h>
#include <errno.h>
#include <limits.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

typedef struct {
    const char *text, *p;
    int off;
    Diag *d;
} Scan;

static int at_col(const Scan *sc, const char *at)
{
    return (int)(at - sc->text) + 1 + sc->off;
}

static void blanks(Scan *sc)
{
    while (*sc->p == ' ' || *sc->p == '\t') {
        sc->p++;
    }
}

static int whole(Scan *sc, int64_t *v)
{
    char *end = NULL;
    errno = 0;
    long x = strtol(sc->p, &end, 10);
    const char *q = sc->p + (*sc->p == '-' || *sc->p == '+');
    if (end == sc->p || !isdigit((unsigned char)*q)) {
        diag_set(sc->d, 0, at_col(sc, sc->p), "expected an index: a whole number, end, a range a:b or ':'");
        return -1;
    }
    if (errno == ERANGE || x > INT_MAX) {
        diag_set(sc->d, 0, at_col(sc, sc->p), "index out of range (too large a number)");
        return -1;
    }
    sc->p = end;
    *v = x;
    return 0;
}

/* A number, `end` (the last index of this position, n), or end+N / end-N;
 * 1-based, not yet checked against n. */
static int term(Scan *sc, int64_t n, int64_t *v)
{
    blanks(sc);
    if (strncmp(sc->p, "end", 3) == 0 && !isalnum((unsigned char)sc->p[3]) && sc->p[3] != '_') {
        sc->p += 3;
        *v = n;
        blanks(sc);
        if (*sc->p == '-' || *sc->p == '+') {
            int sign = *sc->p == '-' ? -1 : 1;
            int64_t k;
            sc->p++;
            blanks(sc);
            if (whole(sc, &k) != 0) {
                return -1;
            }
            *v = n + sign * k;
        }
        return 0;
    }
    return whole(sc, v);
}

static int out_of_range(Scan *sc, const char *at, const char *name, int rows, int cols, const char *what, int64_t n)
{
    diag_set(sc->d, 0, at_col(sc, at), "index out of range: %s is %d x %d (%s are 1 to %lld)", name, rows, cols, what,
             (long long)n);
    return -1;
}

/* One index position of n entries: ':', a term, or a:b / a:s:b. */
static int position(Scan *sc, int64_t n, const char *what, const char *name, int rows, int cols, SubRange *r,
                    bool *colon)
{
    blanks(sc);
    const char *start = sc->p;
    if (*sc->p == ':') {
        sc->p++;
        blanks(sc);
        *r = (SubRange){ 0, 1, (long)n };
        *colon = true;
        return 0;
    }
    int64_t a, b, s = 1;
    const char *at_b = NULL;
    if (term(sc, n, &a) != 0) {
        return -1;
    }
    b = a;
    blanks(sc);
    if (*sc->p == ':') {
        sc->p++;
        blanks(sc);
        at_b = sc->p;
        if (term(sc, n, &b) != 0) {
            return -1;
        }
        blanks(sc);
        if (*sc->p == ':') { /* a:s:b */
            const char *at_s = at_b;
            sc->p++;
            s = b;
            blanks(sc);
            at_b = sc->p;
            if (term(sc, n, &b) != 0) {
                return -1;
            }
            if (s == 0) {
                diag_set(sc->d, 0, at_col(sc, at_s), "a range's step cannot be 0");
                return -1;
            }
        }
    }
    int64_t count = s > 0 ? (b >= a ? (b - a) / s + 1 : 0) : (a >= b ? (a - b) / -s + 1 : 0);
    if (count == 0) {
        diag_set(sc->d, 0, at_col(sc, start), "the range %.*s is empty", (int)(sc->p - start), start);
        return -1;
    }
    int64_t last = a + (count - 1) * s;
    if (a < 1 || a > n) {
        return out_of_range(sc, start, name, rows, cols, what, n);
    }
    if (last < 1 || last > n) {
        return out_of_range(sc, at_b, name, rows, cols, what, n);
    }
    *r = (SubRange){ (long)(a - 1), (long)s, (long)count };
    *colon = false;
    return 0;
}

int subscript_parse(const char *text, const char **p, int col_off, int rows, int cols, const char *name,
                    Subscript *s, Diag *d)
{
    Scan sc = { text, *p + 1, col_off, d };
    size_t inside = strcspn(sc.p, ")");
    const char *comma = memchr(sc.p, ',', inside);
    memset(s, 0, sizeof *s);
    s->n = comma != NULL ? 2 : 1;
    bool colon = false;
    int64_t all = (int64_t)rows * cols;
    if (position(&sc, s->n == 2 ? rows : all, s->n == 2 ? "rows" : "entries", name, rows, cols, &s->r[0], &colon) != 0) {
        return -1;
    }
    s->colon = s->n == 1 && colon;
    if (s->n == 2) {
        if (*sc.p != ',') {
            diag_set(d, 0, at_col(&sc, sc.p), "expected ',' or ')'");
            return -1;
        }
        sc.p++;
        if (position(&sc, cols, "columns", name, rows, cols, &s->r[1], &colon) != 0) {
            return -1;
        }
    }
    if (*sc.p != ')') {
        diag_set(d, 0, at_col(&sc, sc.p), *sc.p == ',' ? "at most two indexes, (i,j), as the values are matrices"
                                                         : "expected ')'");
        return -1;
    }
    *p = sc.p + 1;
    return 0;
}

size_t subscript_count(const Subscript *s)
{
    return (size_t)s->r[0].count * (s->n == 2 ? (size_t)s->r[1].count : 1);
}

bool subscript_single(const Subscript *s)
{
    return subscript_count(s) == 1;
}

void subscript_shape(const Subscript *s, int rows, int cols, int *out_rows, int *out_cols)
{
    int n0 = (int)s->r[0].count;
    if (s->n == 2) {
        *out_rows = n0;
        *out_cols = (int)s->r[1].count;
    } else if (s->colon || (cols == 1 && rows != 1)) { /* A(:), or a column vector's entries */
        *out_rows = n0;
        *out_cols = 1;
    } else { /* a row vector's or a matrix's A(a:b) is a row, as in MATLAB */
        *out_rows = 1;
        *out_cols = n0;
    }
}

size_t subscript_at(const Subscript *s, int rows, size_t k)
{
    if (s->n == 1) {
        return (size_t)(s->r[0].first + (long)k * s->r[0].step);
    }
    size_t n0 = (size_t)s->r[0].count, i = k % n0, j = k / n0;
    size_t row = (size_t)(s->r[0].first + (long)i * s->r[0].step);
    size_t col = (size_t)(s->r[1].first + (long)j * s->r[1].step);
    return row + (size_t)rows * col;
}
