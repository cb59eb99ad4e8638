/* host.c: the host without files (host.h), which every engine starts with
 * until its session lends it the real one.
 * Must not: print or exit. */
#include "host.h"

#include <stdio.h>

static int no_read(const char *path, size_t max, uint8_t **bytes, size_t *len, Diag *d)
{
    (void)max;
    (void)bytes;
    (void)len;
    diag_set(d, 0, 0, "cannot read '%s': files are not available here", path);
    return -1;
}

static int no_write(const char *path, const char *text, size_t len, Diag *d)
{
    (void)text;
    (void)len;
    diag_set(d, 0, 0, "cannot write '%s': files are not available here", path);
    return -1;
}

static const DataPair *no_data(void *ctx, const char *spec, Diag *d)
{
    (void)ctx;
    diag_set(d, 0, 0, "cannot open the dataset '%s': files are not available here", spec);
    return NULL;
}

static const Host NO_HOST = { .read_file = no_read, .write_file = no_write, .open_data = no_data };

const Host *host_none(void)
{
    return &NO_HOST;
}
