/* derive.h: the checks of a derive question (derive.c).
 * Must not: talk to the terminal. */
#ifndef BPSTEP_DERIVE_H
#define BPSTEP_DERIVE_H

#include <stddef.h>

#include "../base/strbuf.h"
#include "../debugger/engine.h"

/* 0 when answer names only values ready before every value target names
 * (the one being derived), and none that without (a list such as "S1,
 * sigS1", or NULL) leaves out; else -1 with why saying which name and why. */
int derive_refuse(const Engine *e, const char *target, const char *without, const char *answer, char *why,
                  size_t size);
/* -1 with the first name of without that is no value of e in name; else 0. */
int derive_unknown(const Engine *e, const char *without, char *name, size_t size);
/* Where given differs from want (same shape): *differs (the caller frees it)
 * gets 1 per entry that differs, and the count is returned; -1 (and NULL)
 * when the shapes differ or memory runs out. */
int derive_mark(const Matrix *given, const Matrix *want, double tol, unsigned char **differs);
/* The entries where given differs from want (within tol), at most 8 named;
 * or that its shape differs (and whether it is the transpose). */
void derive_differences(const Matrix *given, const Matrix *want, double tol, StrBuf *out);

#endif
