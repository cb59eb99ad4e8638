/* datafiles.h: the host (debugger/host.h) of the real program: files read
 * and written for `input`, `save` and `load`, and the datasets of `data`
 * (Debian's Fashion-MNIST, or a folder of IDX files), loaded once and kept
 * until datafiles_release (the engines a lesson rebuilds share them). */
#ifndef BPSTEP_DATAFILES_H
#define BPSTEP_DATAFILES_H

/* Where Debian's dataset-fashion-mnist puts the files; the environment
 * variable BPSTEP_FASHION_MNIST_DIR overrides it. */
#define FASHION_MNIST_DIR "/usr/share/datasets/fashion-mnist"

#include "../debugger/host.h"

/* Points h's files and datasets at these (its progress is left as it is). */
void datafiles_host(Host *h);
/* Frees the datasets kept (at exit, for leak checkers). */
void datafiles_release(void);

#endif
