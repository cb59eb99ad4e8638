/* catalog.h: finding lessons by name. Shipped lessons live in the lessons/
 * folder beside the binary (a build tree), in PREFIX/share/bpstep/lessons
 * (after make install), or in $BPSTEP_LESSONS. */
#ifndef BPSTEP_CATALOG_H
#define BPSTEP_CATALOG_H

#include <stddef.h>

#include "../base/strbuf.h"

/* A path for name: the file itself when it exists, else a shipped lesson
 * whose file name is name, name.lesson, or NN-name.lesson. -1 when none. */
int catalog_find(const char *name, char *path, size_t size);
/* The shipped lessons, one "name  title" per line; -1 when none were found. */
int catalog_list(StrBuf *out);

/* A file shipped beside the lessons (rel, e.g. "data/digit7.txt") in the
 * same folders catalog_find searches; -1 when there is none. */
int catalog_find_data(const char *rel, char *path, size_t size);

#endif
