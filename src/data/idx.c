/* idx.c: IDX (with zlib for .gz) and PGM parsers over bytes in memory.
 * Must not: open files, print, or exit. */
#include "idx.h"

#include <ctype.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>

/* Inflates a gzip stream (one member or several, one after another, as
 * `cat a.gz b.gz` makes) into a new buffer of at most IDX_MAX_BYTES. */
/* buf doubled, up to IDX_MAX_BYTES (*full when it is there already); NULL,
 * with buf freed, when out of memory. */
static uint8_t *grow_output(uint8_t *buf, size_t *cap, bool *full)
{
    if (*cap == IDX_MAX_BYTES) {
        *full = true;
        return buf;
    }
    size_t ncap = *cap * 2 > IDX_MAX_BYTES ? IDX_MAX_BYTES : *cap * 2;
    uint8_t *grown = realloc(buf, ncap);
    if (grown == NULL) {
        free(buf);
        return NULL;
    }
    *cap = ncap;
    return grown;
}

static int gunzip(const uint8_t *in, size_t len, uint8_t **out, size_t *outlen, Diag *d)
{
    z_stream zs;
    memset(&zs, 0, sizeof zs);
    if (inflateInit2(&zs, 16 + MAX_WBITS) != Z_OK) {
        diag_set(d, 0, 0, "gzip: cannot start zlib");
        return -1;
    }
    size_t cap = len * 4 + 1024, used = 0;
    cap = cap > IDX_MAX_BYTES ? IDX_MAX_BYTES : cap;
    uint8_t *buf = malloc(cap);
    int rc = Z_OK;
    zs.next_in = (Bytef *)(uintptr_t)in; /* zlib does not write it */
    while (buf != NULL && rc == Z_OK) {
        if (used == cap) {
            bool full = false;
            buf = grow_output(buf, &cap, &full);
            if (full || buf == NULL) {
                break;
            }
        }
        size_t in_left = len - (size_t)(zs.next_in - in);
        zs.avail_in = in_left > UINT_MAX ? UINT_MAX : (uInt)in_left;
        size_t room = cap - used;
        zs.avail_out = room > UINT_MAX ? UINT_MAX : (uInt)room;
        zs.next_out = buf + used;
        rc = inflate(&zs, Z_NO_FLUSH);
        used = (size_t)(zs.next_out - buf);
        if (rc == Z_BUF_ERROR && zs.avail_in == 0 && used < cap) {
            break; /* input ended before the stream did */
        }
        if (rc == Z_BUF_ERROR) {
            rc = Z_OK; /* output full: grow and go on */
        }
        if (rc == Z_STREAM_END && (size_t)(zs.next_in - in) < len && inflateReset(&zs) == Z_OK) {
            rc = Z_OK; /* a multi-member file (gzip(1) and zlib write them): the next member follows */
        }
    }
    inflateEnd(&zs);
    if (buf == NULL) {
        diag_set(d, 0, 0, "out of memory decompressing");
        return -1;
    }
    if (rc != Z_STREAM_END) {
        free(buf);
        if (used == IDX_MAX_BYTES) {
            diag_set(d, 0, 0, "decompresses to more than %zu MiB (the limit)", IDX_MAX_BYTES >> 20);
        } else {
            diag_set(d, 0, 0, "corrupt or truncated gzip data (%s)", zs.msg != NULL ? zs.msg : "ends early");
        }
        return -1;
    }
    *out = buf;
    *outlen = used;
    return 0;
}

static uint32_t be32(const uint8_t *p)
{
    return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

static int idx_parse_plain(const uint8_t *b, size_t len, int want_dims, IdxArray *out, Diag *d)
{
    if (len < 4 || b[0] != 0 || b[1] != 0) {
        diag_set(d, 0, 0, "not an IDX file (the first two bytes must be 0)");
        return -1;
    }
    if (b[2] != 0x08) {
        diag_set(d, 0, 0, "IDX data type 0x%02x: only unsigned bytes (0x08) are read", b[2]);
        return -1;
    }
    if (b[3] != want_dims) {
        diag_set(d, 0, 0, "IDX file has %d dimensions; %s have %d", b[3], want_dims == 3 ? "images" : "labels",
                 want_dims);
        return -1;
    }
    size_t header = 4 + 4 * (size_t)want_dims;
    if (len < header) {
        diag_set(d, 0, 0, "IDX header truncated (%zu of %zu bytes)", len, header);
        return -1;
    }
    uint64_t count = 1;
    memset(out, 0, sizeof *out);
    out->ndims = want_dims;
    out->dims[1] = out->dims[2] = 1;
    for (int i = 0; i < want_dims; i++) {
        uint32_t v = be32(b + 4 + 4 * (size_t)i);
        if (v == 0 || v > (i == 0 ? (uint32_t)INT_MAX : (uint32_t)IDX_MAX_SIDE)) {
            diag_set(d, 0, 0, "IDX dimension %d is %u (must be 1 to %d)", i + 1, v, i == 0 ? INT_MAX : IDX_MAX_SIDE);
            return -1;
        }
        out->dims[i] = (int)v;
        count *= v; /* at most 2^31 * 2^12 * 2^12: no overflow in 64 bits */
    }
    if (count != len - header) {
        diag_set(d, 0, 0, "IDX header declares %llu bytes of data, the file has %zu", (unsigned long long)count,
                 len - header);
        return -1;
    }
    out->data = malloc(count);
    if (out->data == NULL) {
        diag_set(d, 0, 0, "out of memory");
        return -1;
    }
    memcpy(out->data, b + header, count);
    return 0;
}

int idx_parse(const uint8_t *bytes, size_t len, int want_dims, IdxArray *out, Diag *d)
{
    memset(out, 0, sizeof *out);
    if (len >= 2 && bytes[0] == 0x1f && bytes[1] == 0x8b) {
        uint8_t *plain = NULL;
        size_t plen = 0;
        if (gunzip(bytes, len, &plain, &plen, d) != 0) {
            return -1;
        }
        int rc = idx_parse_plain(plain, plen, want_dims, out, d);
        free(plain);
        return rc;
    }
    if (len > IDX_MAX_BYTES) {
        diag_set(d, 0, 0, "larger than %zu MiB (the limit)", IDX_MAX_BYTES >> 20);
        return -1;
    }
    return idx_parse_plain(bytes, len, want_dims, out, d);
}

void idx_release(IdxArray *a)
{
    free(a->data);
    a->data = NULL;
}

/* ---- PGM ------------------------------------------------------------------ */

typedef struct {
    const uint8_t *b;
    size_t len, pos;
} Cursor;

/* Skips whitespace and '#' comments (to the end of the line). */
static void skip_space(Cursor *c)
{
    while (c->pos < c->len) {
        if (c->b[c->pos] == '#') {
            while (c->pos < c->len && c->b[c->pos] != '\n') {
                c->pos++;
            }
        } else if (isspace(c->b[c->pos])) {
            c->pos++;
        } else {
            return;
        }
    }
}

/* A decimal number in 1..max (0..max when zero_ok). */
static int read_uint(Cursor *c, long max, bool zero_ok, long *v)
{
    skip_space(c);
    long n = 0;
    size_t start = c->pos;
    while (c->pos < c->len && isdigit(c->b[c->pos])) {
        n = n * 10 + (c->b[c->pos] - '0');
        c->pos++;
        if (n > max) {
            return -1;
        }
    }
    return c->pos == start || (n == 0 && !zero_ok) ? -1 : (*v = n, 0);
}

int pgm_parse(const uint8_t *bytes, size_t len, double **pixels, int *rows, int *cols, Diag *d)
{
    Cursor c = { bytes, len, 2 };
    if (len < 2 || bytes[0] != 'P' || (bytes[1] != '2' && bytes[1] != '5')) {
        diag_set(d, 0, 0, "not a PGM image (it must start with P2 or P5)");
        return -1;
    }
    bool raw = bytes[1] == '5';
    long w, h, maxval;
    if (read_uint(&c, IDX_MAX_SIDE, false, &w) != 0 || read_uint(&c, IDX_MAX_SIDE, false, &h) != 0) {
        diag_set(d, 0, 0, "PGM width and height must be whole numbers 1 to %d", IDX_MAX_SIDE);
        return -1;
    }
    if (read_uint(&c, 65535, false, &maxval) != 0) {
        diag_set(d, 0, 0, "PGM maxval must be a whole number 1 to 65535");
        return -1;
    }
    size_t n = (size_t)w * (size_t)h, bpp = maxval > 255 ? 2 : 1;
    if (raw && (c.pos >= len || !isspace(bytes[c.pos]) || len - c.pos - 1 < n * bpp)) {
        diag_set(d, 0, 0, "PGM pixel data truncated (%ld x %ld pixels need %zu bytes)", w, h, n * bpp);
        return -1;
    }
    double *px = malloc(n * sizeof *px);
    if (px == NULL) {
        diag_set(d, 0, 0, "out of memory");
        return -1;
    }
    c.pos += raw ? 1 : 0; /* the single whitespace byte before raw data */
    for (size_t i = 0; i < n; i++) {
        long v;
        if (raw) {
            v = bpp == 2 ? (long)bytes[c.pos] << 8 | bytes[c.pos + 1] : bytes[c.pos];
            c.pos += bpp;
        } else if (read_uint(&c, 65535, true, &v) != 0) {
            free(px);
            diag_set(d, 0, 0, "PGM pixel %zu of %zu is missing or not a number", i + 1, n);
            return -1;
        }
        if (v > maxval) {
            free(px);
            diag_set(d, 0, 0, "PGM pixel %zu is %ld, above maxval %ld", i + 1, v, maxval);
            return -1;
        }
        px[i] = (double)v / (double)maxval;
    }
    *pixels = px;
    *rows = (int)h;
    *cols = (int)w;
    return 0;
}
