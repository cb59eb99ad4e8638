/* netfile.h: a network file for --net and a lesson's `net FILE`: simpleNN's
 * config text, or a PyTorch model exported to ONNX (a name ending in .onnx)
 * with its weights. */
#ifndef BPSTEP_NETFILE_H
#define BPSTEP_NETFILE_H

#include <stdint.h>

#include "../base/diag.h"
#include "../data/onnx.h"
#include "../debugger/engine.h"
#include "../math/config.h"

typedef struct {
    NetSpec spec;
    OnnxModel *onnx; /* the model's weights for an .onnx file, else NULL; owned */
} NetFile;

/* Reads and checks path; -1 with d (file set to path; a config's line and
 * column) on any problem. The caller releases nf with netfile_release. */
int netfile_read(const char *path, NetFile *nf, Diag *d);
void netfile_release(NetFile *nf);

/* The engine of a network file: simpleNN's random weights from seed, then
 * an ONNX model's own weights. NULL when out of memory. */
Engine *netfile_engine(const NetFile *nf, uint64_t seed);

#endif
