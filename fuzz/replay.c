/* replay.c: a main for the fuzz targets without libFuzzer: feeds every file
 * named (or found in a folder named) to LLVMFuzzerTestOneInput, so that
 * `make test` replays the stored corpus and the crash reproducers under the
 * sanitizers with gcc. Prints "replayed N inputs". */
#include <dirent.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "../src/lesson/textfile.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static int replay_file(const char *path)
{
    FILE *f = fopen(path, "rb");
    if (f == NULL) {
        fprintf(stderr, "replay: cannot read %s\n", path);
        return -1;
    }
    char *buf = NULL;
    size_t n = 0;
    SlurpResult r = textfile_slurp(f, (size_t)1 << 30, &buf, &n);
    fclose(f);
    if (r != SLURP_OK) {
        fprintf(stderr, "replay: cannot read %s\n", path);
        return -1;
    }
    LLVMFuzzerTestOneInput((const uint8_t *)buf, n);
    free(buf);
    return 0;
}

int main(int argc, char **argv)
{
    int count = 0, status = 0;
    for (int i = 1; i < argc; i++) {
        struct stat st;
        if (stat(argv[i], &st) != 0) {
            continue; /* an empty crash folder is fine */
        }
        if (!S_ISDIR(st.st_mode)) {
            status |= replay_file(argv[i]) != 0;
            count++;
            continue;
        }
        DIR *d = opendir(argv[i]);
        struct dirent *ent;
        while (d != NULL && (ent = readdir(d)) != NULL) {
            if (ent->d_name[0] == '.') {
                continue;
            }
            char path[4096];
            snprintf(path, sizeof path, "%s/%s", argv[i], ent->d_name);
            status |= replay_file(path) != 0;
            count++;
        }
        if (d != NULL) {
            closedir(d);
        }
    }
    printf("replayed %d inputs\n", count);
    return status;
}
