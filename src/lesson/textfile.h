/* textfile.h: reading a whole text file (network configs, lessons) with a
 * clear diagnostic when it cannot be read. */
#ifndef BPSTEP_TEXTFILE_H
#define BPSTEP_TEXTFILE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "../base/diag.h"

enum { TEXTFILE_MAX_BYTES = 4 << 20 };

/* Opens a regular file for reading without blocking on FIFOs or devices;
 * NULL with d's message otherwise. The caller closes it with fclose. */
FILE *textfile_open(const char *path, Diag *d);

/* The rest of f, at most max bytes, into *bytes (NUL-terminated one past
 * *len; the caller frees it): the one read-a-whole-file loop of bpstep. */
typedef enum { SLURP_OK, SLURP_NO_MEMORY, SLURP_READ_ERROR, SLURP_TOO_LARGE } SlurpResult;
SlurpResult textfile_slurp(FILE *f, size_t max, char **bytes, size_t *len);

/* On success *text is a NUL-terminated copy the caller frees with free().
 * Fails (-1, d set with the path) on a missing or unreadable file, a
 * directory, a file over TEXTFILE_MAX_BYTES, or one with a NUL byte. */
int textfile_read(const char *path, char **text, Diag *d);

/* A whole regular file of at most max bytes (binary: an .onnx model, an IDX
 * file) into *bytes, which the caller frees; its size is checked against max
 * before anything is allocated. -1 with d's message naming the file. */
int textfile_read_bytes(const char *path, size_t max, uint8_t **bytes, size_t *len, Diag *d);

#endif
