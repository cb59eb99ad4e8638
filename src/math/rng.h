/* rng.h: the project's own small RNG (splitmix64 + Box-Muller), so that
 * `--seed N` gives the same weights on every machine and libc.
 * Must not: do I/O or use global state. */
#ifndef BPSTEP_RNG_H
#define BPSTEP_RNG_H

#include <stdbool.h>
#include <stdint.h>

typedef struct {
    uint64_t state;
    bool has_spare;
    double spare;
} Rng;

void rng_init(Rng *r, uint64_t seed);
uint64_t rng_next(Rng *r);
double rng_uniform(Rng *r); /* in (0, 1) */
double rng_normal(Rng *r);  /* standard normal */

#endif
