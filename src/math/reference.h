/* reference.h: the built-in reference network (docs/reference-network.md):
 * the slides' image B through one 3x3 conv layer with two filters and 2x2
 * max pooling, then FC 8 -> 3 (ReLU) -> 2 (identity), squared loss.
 * Must not: do I/O, print, or exit. */
#ifndef BPSTEP_REFERENCE_H
#define BPSTEP_REFERENCE_H

#include "net.h"

void reference_spec(NetSpec *spec);
/* Sets the reference weights, biases, input (image B) and target. */
void reference_init(Net *net);

#endif
