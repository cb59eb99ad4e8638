/* format.h: matrices as text: aligned (for reading), CSV with 17 significant
 * digits (for round trips), LaTeX bmatrix (for slides), and one-line compact.
 * Must not: print; everything goes into a StrBuf. */
#ifndef BPSTEP_FORMAT_H
#define BPSTEP_FORMAT_H

#include "../math/matrix.h"
#include "../base/strbuf.h"

typedef enum { FMT_TEXT, FMT_CSV, FMT_LATEX } MatFormat;

/* Decimals that show every entry of m exactly, up to max_decimals; -1 when
 * some entry needs more (then %g style is used). */
int fmt_decimals(const Matrix *m, int max_decimals);
/* One number as the aligned printer writes it, into buf. */
void fmt_number(char *buf, size_t size, double x, int decimals);

void fmt_matrix(StrBuf *sb, const Matrix *m, MatFormat format);
/* The same with a number of decimals for FMT_LATEX (0..17; -1: as many as
 * the entries need, up to 6); the other formats ignore it. */
void fmt_matrix_digits(StrBuf *sb, const Matrix *m, MatFormat format, int digits);
/* At most max_entries entries of vec(m) on one line: "[3 4 2 3 ... ] (16)". */
void fmt_compact(StrBuf *sb, const Matrix *m, int max_entries);

#endif
