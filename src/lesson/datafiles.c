/* datafiles.c: file access for the debugger's commands, and dataset folders.
 * Files are opened like lessons (regular files only, never blocking). */
#include "datafiles.h"

#include "textfile.h"

#include "../data/idx.h"
#include "../debugger/host.h"
#include "../base/interrupt.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>


/* Regular files only, the size checked before anything is allocated. */
static int read_file(const char *path, size_t max, uint8_t **bytes, size_t *len, Diag *d)
{
    return textfile_read_bytes(path, max, bytes, len, d); /* textfile_slurp, after a size check */
}

/* path as a message shows it: whole when short, else its end after an
 * ellipsis, so that the reason after it is never cut. */
static const char *shown_path(const char *path, char *buf, size_t size)
{
    size_t len = strlen(path);
    if (len <= 100) {
        return path;
    }
    snprintf(buf, size, "...%s", path + len - 90);
    return buf;
}

int datafiles_temp_beside(const char *path, char *tmp, size_t size)
{
    const char *slash = strrchr(path, '/');
    int dirlen = slash != NULL ? (int)(slash - path) + 1 : 0;
    if ((size_t)snprintf(tmp, size, "%.*s.bpstep-XXXXXX", dirlen, path) >= size) {
        return -1;
    }
    return mkstemp(tmp);
}

/* Writes len bytes in 1 MiB pieces, stopping at a Ctrl-C or a signal. */
static bool write_all(FILE *f, const char *text, size_t len, bool *stopped)
{
    for (size_t at = 0; at < len;) {
        if (interrupt_pending() > 0) {
            *stopped = true;
            return false;
        }
        size_t piece = len - at < ((size_t)1 << 20) ? len - at : (size_t)1 << 20;
        if (fwrite(text + at, 1, piece, f) != piece) {
            return false;
        }
        at += piece;
    }
    return fflush(f) == 0 && fsync(fileno(f)) == 0;
}

/* Written to a new temporary file beside PATH (mkstemp: never an existing
 * file), then renamed over PATH: an error, a Ctrl-C or a caught signal
 * removes it and leaves PATH as it was; a crash never leaves half a file
 * at PATH (a kill -9 can leave the temporary .bpstep-XXXXXX). */
static int write_file(const char *path, const char *text, size_t len, Diag *d)
{
    char tmp[4096], shown[100];
    if (path[0] == '\0') {
        diag_set(d, 0, 0, "cannot write '': an empty path");
        return -1;
    }
    int fd = datafiles_temp_beside(path, tmp, sizeof tmp);
    FILE *f = fd >= 0 ? fdopen(fd, "wb") : NULL;
    if (f == NULL) {
        int err = errno;
        if (fd >= 0) {
            close(fd);
            (void)unlink(tmp);
        }
        diag_set(d, 0, 0, "cannot write '%s': %s", shown_path(path, shown, sizeof shown), strerror(err));
        return -1;
    }
    (void)fchmod(fd, 0644);
    bool stopped = false;
    bool ok = write_all(f, text, len, &stopped);
    int err = errno;
    ok = fclose(f) == 0 && ok;
    err = ok ? 0 : (err != 0 ? err : errno);
    if (!ok || rename(tmp, path) != 0) {
        err = ok ? errno : err;
        (void)unlink(tmp);
        if (stopped) {
            diag_set(d, 0, 0, "save interrupted: '%s' is as it was", shown_path(path, shown, sizeof shown));
        } else {
            diag_set(d, 0, 0, "cannot write '%s': %s", shown_path(path, shown, sizeof shown), strerror(err));
        }
        return -1;
    }
    return 0;
}

/* The first of the names that exists in dir, read and parsed. */
static int read_idx(const char *dir, const char *const names[], int want_dims, IdxArray *a, char *used, size_t usize,
                    Diag *d)
{
    char path[2048];
    for (int k = 0; names[k] != NULL; k++) {
        for (int gz = 0; gz < 2; gz++) {
            snprintf(path, sizeof path, "%s/%s%s", dir, names[k], gz ? ".gz" : "");
            if (access(path, F_OK) != 0) {
                continue;
            }
            snprintf(used, usize, "%s", path);
            uint8_t *bytes = NULL;
            size_t len = 0;
            if (read_file(path, IDX_MAX_BYTES, &bytes, &len, d) != 0) {
                return -1;
            }
            Diag pd;
            diag_clear(&pd);
            int rc = idx_parse(bytes, len, want_dims, a, &pd);
            free(bytes);
            if (rc != 0) {
                diag_set(d, 0, 0, "%.300s: %s", path, pd.msg);
            }
            return rc;
        }
    }
    diag_set(d, 0, 0, "no %s.gz (or %s) in %.300s", names[0], names[0], dir);
    return -1;
}

static int read_set(const char *dir, bool train, Dataset *ds, Diag *d)
{
    static const char *const train_images[] = { "train-images-idx3-ubyte", "train-images.idx3-ubyte", NULL };
    static const char *const train_labels[] = { "train-labels-idx1-ubyte", "train-labels.idx1-ubyte", NULL };
    static const char *const test_images[] = { "t10k-images-idx3-ubyte", "t10k-images.idx3-ubyte", NULL };
    static const char *const test_labels[] = { "t10k-labels-idx1-ubyte", "t10k-labels.idx1-ubyte", NULL };
    IdxArray img, lab;
    char ipath[2048], lpath[2048];
    if (read_idx(dir, train ? train_images : test_images, 3, &img, ipath, sizeof ipath, d) != 0) {
        return -1;
    }
    if (read_idx(dir, train ? train_labels : test_labels, 1, &lab, lpath, sizeof lpath, d) != 0) {
        idx_release(&img);
        return -1;
    }
    const char *problem = img.dims[0] != lab.dims[0] ? "counts differ" : NULL;
    for (int k = 0; problem == NULL && k < lab.dims[0]; k++) {
        problem = lab.data[k] >= DATASET_CLASSES ? "a label is above 9" : NULL;
    }
    if (problem != NULL) {
        diag_set(d, 0, 0, "%.300s (%d images) and %.300s (%d labels): %s", ipath, img.dims[0], lpath, lab.dims[0],
                 problem);
        idx_release(&img);
        idx_release(&lab);
        return -1;
    }
    *ds = (Dataset){ img.dims[0], img.dims[1], img.dims[2], img.data, lab.data };
    return 0;
}

/* A folder named like Fashion-MNIST's gets its class names. */
static bool mentions_fashion(const char *dir)
{
    for (const char *p = dir; *p != '\0'; p++) {
        if (strncasecmp(p, "fashion", 7) == 0) {
            return true;
        }
    }
    return false;
}

static const DataPair *open_data(void *ctx, const char *spec, Diag *d)
{
    DataFiles *files = ctx;
    for (int k = 0; k < files->n; k++) {
        if (strcmp(files->cache[k].spec, spec) == 0) {
            return &files->cache[k].pair;
        }
    }
    bool fashion_name = strcmp(spec, "fashion-mnist") == 0;
    const char *env = getenv("BPSTEP_FASHION_MNIST_DIR");
    const char *dir = fashion_name ? (env != NULL && env[0] != '\0' ? env : FASHION_MNIST_DIR) : spec;
    if (fashion_name && access(dir, F_OK) != 0) {
        diag_set(d, 0, 0, "Fashion-MNIST is not installed (no %.300s): 'make data' installs it "
                 "(sudo apt-get install dataset-fashion-mnist)", dir);
        diag_mark(d, DIAG_MISSING_DATA);
        return NULL;
    }
    if (files->n == DATAFILES_MAX || strlen(spec) >= sizeof files->cache[0].spec) {
        diag_set(d, 0, 0, "at most %d datasets per session", DATAFILES_MAX);
        return NULL;
    }
    DataPair dp;
    memset(&dp, 0, sizeof dp);
    if (read_set(dir, true, &dp.train, d) != 0) {
        return NULL;
    }
    if (read_set(dir, false, &dp.test, d) != 0) {
        dataset_release(&dp.train);
        return NULL;
    }
    if (dp.train.rows != dp.test.rows || dp.train.cols != dp.test.cols) {
        diag_set(d, 0, 0, "%.300s: training images are %d x %d, test images %d x %d", dir, dp.train.rows,
                 dp.train.cols, dp.test.rows, dp.test.cols);
        datapair_release(&dp);
        return NULL;
    }
    dp.fashion = fashion_name || mentions_fashion(dir);
    snprintf(dp.name, sizeof dp.name, "%s", spec);
    diag_clean_text(dp.name, false);
    snprintf(files->cache[files->n].spec, sizeof files->cache[files->n].spec, "%s", spec);
    files->cache[files->n].pair = dp;
    return &files->cache[files->n++].pair;
}

void datafiles_host(Host *h, DataFiles *files)
{
    h->read_file = read_file;
    h->write_file = write_file;
    h->open_data = open_data;
    h->data_ctx = files;
}

void datafiles_release(DataFiles *files)
{
    for (int k = 0; k < files->n; k++) {
        datapair_release(&files->cache[k].pair);
    }
    files->n = 0;
}
