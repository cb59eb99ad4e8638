/* idx.h: the IDX format of MNIST and Fashion-MNIST (plain or gzip'd), and
 * netpbm grey images (PGM, P2 and P5, 8 and 16 bit), parsed from bytes in
 * memory. Every declared size is checked against the bytes present before
 * anything is allocated (docs/limits.md).
 * Must not: open files, print, or exit. */
#ifndef BPSTEP_IDX_H
#define BPSTEP_IDX_H

#include <stddef.h>
#include <stdint.h>

#include "../base/diag.h"

/* Largest decompressed IDX file (Fashion-MNIST's training images: 47 MB),
 * largest image side and largest PGM file. */
#define IDX_MAX_BYTES ((size_t)256 << 20)
enum { IDX_MAX_SIDE = 4096, PGM_MAX_BYTES = 64 << 20 };

/* An unsigned-byte IDX array: dims[0] items of dims[1] x dims[2] (ndims 3,
 * images) or of one byte (ndims 1, labels). */
typedef struct {
    int ndims;
    int dims[3];
    uint8_t *data; /* owned; dims[0] * dims[1] * dims[2] bytes, row-major */
} IdxArray;

/* Parses bytes (gunzipped first when they start with gzip's magic). want_dims
 * is 3 for images, 1 for labels. -1 with d set (no column) on any problem:
 * corrupt gzip, wrong magic, not unsigned bytes, wrong dimensions, sizes
 * that do not match the bytes, over IDX_MAX_BYTES. */
int idx_parse(const uint8_t *bytes, size_t len, int want_dims, IdxArray *out, Diag *d);
void idx_release(IdxArray *a);

/* A PGM image (P2 plain or P5 raw; maxval up to 65535), scaled to [0, 1]
 * by maxval: *pixels (rows*cols doubles, row-major) is the caller's to free. */
int pgm_parse(const uint8_t *bytes, size_t len, double **pixels, int *rows, int *cols, Diag *d);

#endif
