/* answer.h: what a student types as the answer to a lesson's question, and
 * the mistake a wrong matrix answer most likely is.
 * Must not: talk to the terminal. */
#ifndef BPSTEP_ANSWER_H
#define BPSTEP_ANSWER_H

#include "../base/diag.h"
#include "../math/matrix.h"

/* A number, arithmetic of numbers (`-1/4`, `2*(0.5 - 1)`, `1e-3 + 2`) or a
 * matrix literal (`[5 4; 9 6]`); never a name (it would give the answer
 * away), at most 100 levels of parentheses. On success *out is a new matrix
 * (1 x 1 for arithmetic) the caller releases; -1 with d set (its column
 * 1-based in text) otherwise. */
int answer_parse(const char *text, Matrix *out, Diag *d);

/* For a wrong answer with the right number of entries: which common mistake
 * it is, as a phrase ("it is the transpose", ...), or NULL. Entries compare
 * within tol (relative, absolute near 0). The checks, in order: the
 * transpose; read row by row instead of by columns (vec is column-major);
 * the sign; a factor of 2. */
const char *answer_mistake(const Matrix *given, const Matrix *want, double tol);

#endif
