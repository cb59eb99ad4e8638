/* derive.h: the checks of a derive question (derive.c).
 * Must not: talk to the terminal. */
#ifndef BPSTEP_DERIVE_H
#define BPSTEP_DERIVE_H

#include <stddef.h>

#include "../base/strbuf.h"
#include "../debugger/engine.h"

/* 0 when answer names only values ready before every value target names
 * (the one being derived); else -1 with why saying which name and why. */
int derive_refuse(const Engine *e, const char *target, const char *answer, char *why, size_t size);
/* The entries where given differs from want (within tol), at most 8 named;
 * or that its shape differs (and whether it is the transpose). */
void derive_differences(const Matrix *given, const Matrix *want, double tol, StrBuf *out);

#endif
