/* datafiles.h: the host (debugger/host.h) of the real program: files read
 * and written for `input`, `save` and `load`, and the datasets of `data`
 * (Debian's Fashion-MNIST, or a folder of IDX files), loaded once and kept
 * until datafiles_release (the engines a lesson rebuilds share them). */
#ifndef BPSTEP_DATAFILES_H
#define BPSTEP_DATAFILES_H

#include <stddef.h>

/* Where Debian's dataset-fashion-mnist puts the files; the environment
 * variable BPSTEP_FASHION_MNIST_DIR overrides it. */
#define FASHION_MNIST_DIR "/usr/share/datasets/fashion-mnist"

#include "../debugger/host.h"

enum { DATAFILES_MAX = 4 };

/* The datasets opened so far, each loaded once (the engines a lesson
 * rebuilds share them). Ownership: the caller's (main's), until
 * datafiles_release; zero it before first use. */
typedef struct {
    struct {
        char spec[1024];
        DataPair pair;
    } cache[DATAFILES_MAX];
    int n;
} DataFiles;

/* Points h's files and datasets at these, the datasets kept in files (h's
 * progress is left as it is). */
void datafiles_host(Host *h, DataFiles *files);
/* A new file beside path, DIR/.bpstep-XXXXXX (mkstemp: created, never an
 * existing file or a link), its name in tmp: short whatever path's name is,
 * since a 255-byte name has no room for a suffix. The descriptor, or -1 with
 * errno set. The caller renames it over path when it is complete. */
int datafiles_temp_beside(const char *path, char *tmp, size_t size);
/* Frees the datasets kept (at exit, for leak checkers). */
void datafiles_release(DataFiles *files);

#endif
