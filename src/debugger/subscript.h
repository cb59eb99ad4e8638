/* subscript.h: MATLAB subscripts after a name, for print, set, expect, ask and
 * explain: (i,j) and (k) (column-major), each index a number, `end`,
 * `end-N`, a range `a:b` or `a:s:b` of those, or `:` (all). Pure: it reads
 * the text and a shape, and says which entries are meant.
 * Must not: print, allocate or exit. */
#ifndef BPSTEP_SUBSCRIPT_H
#define BPSTEP_SUBSCRIPT_H

#include <stdbool.h>
#include <stddef.h>

#include "../base/diag.h"

/* One index position: count entries first, first + step, ... (0-based). */
typedef struct {
    long first, step, count;
} SubRange;

typedef struct {
    int n;          /* 1: (k), column-major; 2: (i,j) */
    bool colon;     /* (:) alone: the whole value as a column, as MATLAB's A(:) */
    SubRange r[2];
} Subscript;

/* Parses the subscript at *p (at its '(') of a rows x cols value named name
 * (for messages); on success *p is past the ')'. Errors give the column of
 * the index at fault, (at - text) + 1 + col_off: a range outside the value,
 * an empty range or a zero step, a number that is not whole. */
int subscript_parse(const char *text, const char **p, int col_off, int rows, int cols, const char *name,
                    Subscript *s, Diag *d);

/* How many entries it selects, and their shape: (i,j) gives count_i x
 * count_j; (k) a row from a row vector or a matrix, a column from a column
 * vector or from (:). */
size_t subscript_count(const Subscript *s);
void subscript_shape(const Subscript *s, int rows, int cols, int *out_rows, int *out_cols);

/* Where the k-th selected entry (column-major in the selection's shape) is
 * in the value: a 0-based column-major position in rows x cols. */
size_t subscript_at(const Subscript *s, int rows, size_t k);

/* Whether it selects exactly one entry. */
bool subscript_single(const Subscript *s);

#endif
