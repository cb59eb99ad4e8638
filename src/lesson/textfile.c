/* textfile.c: whole-file reads with diagnostics. */
#include "textfile.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

int textfile_read(const char *path, char **text, Diag *d)
{
    diag_clear(d);
    snprintf(d->file, sizeof d->file, "%s", path);
    struct stat st;
    if (stat(path, &st) != 0) {
        diag_set(d, 0, 0, "cannot read: %s", strerror(errno));
        return -1;
    }
    if (S_ISDIR(st.st_mode)) {
        diag_set(d, 0, 0, "is a directory, not a file");
        return -1;
    }
    FILE *f = fopen(path, "rb");
    if (f == NULL) {
        diag_set(d, 0, 0, "cannot read: %s", strerror(errno));
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
