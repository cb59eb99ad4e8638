/* textfile.c: whole-file reads with diagnostics. Only regular files are
 * opened, and without blocking: a FIFO or a device given as a network or a
 * lesson is refused at once instead of hanging in open(). */
#include "textfile.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

FILE *textfile_open(const char *path, Diag *d)
{
    if (path[0] == '\0') {
        diag_set(d, 0, 0, "cannot read '': an empty path");
        return NULL;
    }
    int fd = open(path, O_RDONLY | O_NONBLOCK | O_NOCTTY | O_CLOEXEC);
    if (fd < 0) {
        diag_set(d, 0, 0, "cannot read: %s", strerror(errno));
        return NULL;
    }
    struct stat st;
    if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
        diag_set(d, 0, 0, S_ISDIR(st.st_mode) ? "is a directory, not a file"
                                              : "not a regular file (a FIFO, device or socket is not read)");
        close(fd);
        return NULL;
    }
    int flags = fcntl(fd, F_GETFL);
    if (flags >= 0) {
        (void)fcntl(fd, F_SETFL, flags & ~O_NONBLOCK);
    }
    FILE *f = fdopen(fd, "rb");
    if (f == NULL) {
        diag_set(d, 0, 0, "cannot read: %s", strerror(errno));
        close(fd);
    }
    return f;
}

SlurpResult textfile_slurp(FILE *f, size_t max, char **bytes, size_t *len)
{
    size_t cap = 1 << 16, n = 0;
    char *buf = malloc(cap + 1);
    while (buf != NULL) {
        n += fread(buf + n, 1, cap - n, f);
        if (n < cap || ferror(f) != 0 || n > max) {
            break;
        }
        char *grown = realloc(buf, cap * 2 + 1);
        if (grown == NULL) {
            free(buf);
            buf = NULL;
            break;
        }
        buf = grown;
        cap *= 2;
    }
    SlurpResult r = buf == NULL ? SLURP_NO_MEMORY : ferror(f) != 0 ? SLURP_READ_ERROR : n > max ? SLURP_TOO_LARGE
                                                                                             : SLURP_OK;
    if (r != SLURP_OK) {
        free(buf);
        return r;
    }
    buf[n] = '\0';
    *bytes = buf;
    *len = n;
    return SLURP_OK;
}

int textfile_read(const char *path, char **text, Diag *d)
{
    diag_clear(d);
    snprintf(d->file, sizeof d->file, "%s", path);
    diag_clean_text(d->file, false);
    FILE *f = textfile_open(path, d);
    if (f == NULL) {
        return -1;
    }
    char *buf = NULL;
    size_t n = 0;
    SlurpResult r = textfile_slurp(f, (size_t)TEXTFILE_MAX_BYTES, &buf, &n);
    fclose(f);
    if (r != SLURP_OK) {
        diag_set(d, 0, 0, r == SLURP_NO_MEMORY ? "out of memory" : r == SLURP_READ_ERROR ? "read error"
                                               : "file too large (over %d bytes)", TEXTFILE_MAX_BYTES);
        return -1;
    }
    if (memchr(buf, '\0', n) != NULL) {
        free(buf);
        diag_set(d, 0, 0, "not a text file (it contains a NUL byte)");
        return -1;
    }
    *text = buf;
    return 0;
}

int textfile_read_bytes(const char *path, size_t max, uint8_t **bytes, size_t *len, Diag *d)
{
    FILE *f = textfile_open(path, d);
    struct stat st;
    if (f == NULL || fstat(fileno(f), &st) != 0 || (uint64_t)st.st_size > (uint64_t)max) {
        char why[256];
        const char *open_why = strncmp(d->msg, "cannot read: ", 13) == 0 ? d->msg + 13 : d->msg; /* said once */
        snprintf(why, sizeof why, "%s", f == NULL ? open_why : "larger than the limit");
        if (f != NULL) {
            snprintf(why, sizeof why, "%lld bytes, over the limit of %zu", (long long)st.st_size, max);
            fclose(f);
        }
        diag_set(d, 0, 0, "cannot read '%.300s': %s", path, why);
        return -1;
    }
    char *buf = NULL;
    size_t n = 0;
    SlurpResult r = textfile_slurp(f, max, &buf, &n); /* bounded by max even if the file grows */
    fclose(f);
    if (r != SLURP_OK) {
        diag_set(d, 0, 0, "cannot read '%.300s': %s", path,
                 r == SLURP_NO_MEMORY ? "out of memory" : r == SLURP_READ_ERROR ? "read error" : "larger than the limit");
        return -1;
    }
    *bytes = (uint8_t *)buf;
    *len = n;
    return 0;
}
