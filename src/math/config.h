/* config.h: simpleNN's network description (`key = value;`, `%` comments,
 * MATLAB vectors) read into a validated NetSpec.
 * Must not: open files, print, or exit; the caller passes the text. */
#ifndef BPSTEP_CONFIG_H
#define BPSTEP_CONFIG_H

#include "diag.h"
#include "layers.h"

enum { NET_MAX_LAYERS = 32 };

typedef struct {
    int L;                          /* layers, LC conv + (L - LC) fully connected */
    int LC;
    int ht_input, wd_input;         /* a^1, b^1 */
    int ch[NET_MAX_LAYERS + 2];     /* ch[m-1] = d^m, m = 1..LC+1 */
    int pad[NET_MAX_LAYERS + 1];    /* per conv layer, index m-1 */
    int filter[NET_MAX_LAYERS + 1];
    int stride[NET_MAX_LAYERS + 1];
    int pool[NET_MAX_LAYERS + 1];
    int full[NET_MAX_LAYERS + 1];   /* widths of the FC layers, index m-LC-1 */
    Activation act;
    PoolMode pool_mode;
} NetSpec;

/* Parses and validates text; on error returns -1 with d set to the line
 * (d->file is left as the caller set it). */
int config_parse(NetSpec *spec, const char *text, Diag *d);

/* Checks the sizes of a spec (also used for the built-in network and
 * networks edited by `set`). key_lines (or NULL) gives the line of each key
 * in K_* order, so an error names the line at fault. */
enum { K_INPUT, K_CH, K_PAD, K_FILTER, K_STRIDE, K_POOL, K_FULL, CONFIG_NKEY_LINES };
int config_validate(const NetSpec *spec, const int *key_lines, Diag *d);

/* Upper bound on doubles any one matrix of the network may hold. */
#define NET_MAX_ENTRIES (1L << 27)
/* Upper bound on doubles of all the values of one pass (2 GiB). */
#define NET_MAX_TOTAL (1L << 28)

#endif
