/* datafiles.h: the host (debugger/host.h) of the real program: files read
 * and written for `input`, `save` and `load`, and the datasets of `data`
 * (Debian's Fashion-MNIST, or a folder of IDX files), loaded once and kept
 * for the life of the process. */
#ifndef BPSTEP_DATAFILES_H
#define BPSTEP_DATAFILES_H

/* Where Debian's dataset-fashion-mnist puts the files; the environment
 * variable BPSTEP_FASHION_MNIST_DIR overrides it. */
#define FASHION_MNIST_DIR "/usr/share/datasets/fashion-mnist"

/* Sets the process's host to these files. */
void datafiles_install(void);
/* Frees the datasets kept (at exit, for leak checkers). */
void datafiles_release(void);

#endif
