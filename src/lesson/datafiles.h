/* datafiles.h: the host (debugger/host.h) of the real program: files read
 * and written for `input`, `save` and `load`, and the datasets of `data`
 * (Debian's Fashion-MNIST, or a folder of IDX files), loaded once and kept
 * for the life of the process. */
#ifndef BPSTEP_DATAFILES_H
#define BPSTEP_DATAFILES_H

#include <stddef.h>

/* Where Debian's dataset-fashion-mnist puts the files; the environment
 * variable BPSTEP_FASHION_MNIST_DIR overrides it. */
#define FASHION_MNIST_DIR "/usr/share/datasets/fashion-mnist"

/* Sets the process's host to these files. */
void datafiles_install(void);
/* A new file beside path, DIR/.bpstep-XXXXXX (mkstemp: created, never an
 * existing file or a link), its name in tmp: short whatever path's name is,
 * since a 255-byte name has no room for a suffix. The descriptor, or -1 with
 * errno set. The caller renames it over path when it is complete. */
int datafiles_temp_beside(const char *path, char *tmp, size_t size);
/* Frees the datasets kept (at exit, for leak checkers). */
void datafiles_release(void);

#endif
