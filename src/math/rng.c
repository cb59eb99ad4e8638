/* rng.c: splitmix64 (Steele, Lea, Flood 2014) and the Box-Muller transform.
 * Must not: do I/O or use global state. */
#include "rng.h"

#include <math.h>

void rng_init(Rng *r, uint64_t seed)
{
    r->state = seed;
    r->has_spare = false;
    r->spare = 0.0;
}

uint64_t rng_next(Rng *r)
{
    uint64_t z = (r->state += 0x9E3779B97F4A7C15ULL);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
    return z ^ (z >> 31);
}

double rng_uniform(Rng *r)
{
    /* 53 random bits, shifted half a step away from 0 */
    return ((double)(rng_next(r) >> 11) + 0.5) * (1.0 / 9007199254740992.0);
}

double rng_normal(Rng *r)
{
    if (r->has_spare) {
        r->has_spare = false;
        return r->spare;
    }
    const double two_pi = 6.283185307179586476925286766559;
    double u1 = rng_uniform(r);
    double u2 = rng_uniform(r);
    double radius = sqrt(-2.0 * log(u1));
    r->spare = radius * sin(two_pi * u2);
    r->has_spare = true;
    return radius * cos(two_pi * u2);
}
