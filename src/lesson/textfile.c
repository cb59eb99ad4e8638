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

int textfile_read(const char *path, char **text, Diag *d)
{
    diag_clear(d);
    snprintf(d->file, sizeof d->file, "%s", path);
    diag_clean_text(d->file, false);
    FILE *f = textfile_open(path, d);
    if (f == NULL) {
        return -1;
    }
    char *buf = malloc((size_t)TEXTFILE_MAX_BYTES + 1);
    if (buf == NULL) {
        fclose(f);
        diag_set(d, 0, 0, "out of memory");
        return -1;
    }
    size_t n = fread(buf, 1, (size_t)TEXTFILE_MAX_BYTES + 1, f);
    bool failed = ferror(f) != 0;
    fclose(f);
    if (failed) {
        free(buf);
        diag_set(d, 0, 0, "read error");
        return -1;
    }
    if (n > (size_t)TEXTFILE_MAX_BYTES) {
        free(buf);
        diag_set(d, 0, 0, "file too large (over %d bytes)", TEXTFILE_MAX_BYTES);
        return -1;
    }
    if (memchr(buf, '\0', n) != NULL) {
        free(buf);
        diag_set(d, 0, 0, "not a text file (it contains a NUL byte)");
        return -1;
    }
    buf[n] = '\0';
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
    size_t want = (size_t)st.st_size; /* it may still grow: read one byte more to see */
    uint8_t *buf = malloc(want + 1);
    size_t n = buf != NULL ? fread(buf, 1, want + 1, f) : 0;
    bool failed = ferror(f) != 0;
    fclose(f);
    if (buf == NULL || failed || n > max || n > want) {
        free(buf);
        diag_set(d, 0, 0, "cannot read '%.300s': %s", path,
                 buf == NULL ? "out of memory" : failed ? "read error" : "it changed while being read");
        return -1;
    }
    *bytes = buf;
    *len = n;
    return 0;
}
