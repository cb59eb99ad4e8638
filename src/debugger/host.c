/* host.c: the process's one Host (host.h).
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

static const DataPair *no_data(const char *spec, Diag *d)
{
    diag_set(d, 0, 0, "cannot open the dataset '%s': files are not available here", spec);
    return NULL;
}

static Host the_host = { no_read, no_write, no_data, NULL, NULL, 0 };

void host_set(const Host *h)
{
    the_host = *h;
}

const Host *host_get(void)
{
    return &the_host;
}

void host_set_progress(void (*progress)(void *ctx, const TrainProgress *p), void *ctx)
{
    the_host.progress = progress;
    the_host.progress_ctx = ctx;
}

void host_set_threads(int threads)
{
    the_host.threads = threads;
}
