/* matlit.h: MATLAB matrix literals: `[3 2 3 6; 4 5 4 9]`, commas or blanks
 * between entries, semicolons or newlines between rows, a plain number for
 * a 1x1 matrix, '%' comments to the end of a line. Must not: print or exit. */
#ifndef BPSTEP_MATLIT_H
#define BPSTEP_MATLIT_H

#include "../base/diag.h"
#include "../math/matrix.h"

/* Parses text (the literal and nothing else but blanks); on success *out is
 * a new matrix the caller releases with mat_release. On error returns -1 and
 * sets d->col relative to text (plus col_offset). */
int matlit_parse(const char *text, int col_offset, Matrix *out, Diag *d);

/* The class of a labelled input: a first line "% label 7" (a MATLAB comment,
 * so Octave reads the file too) gives 7, which is y = e_8 in the slides'
 * 1-based notation; -1 when the text has no such line. */
int matlit_label(const char *text);

#endif
