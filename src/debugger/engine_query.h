/* engine_query.h: what the screen asks the engine, so that no file of the
 * UI reads the network's internals (Net, its values, its layers) or calls
 * the math ring: the input's map geometry and pixels, the conv geometry of a
 * layer, the pooling window, the top outputs with their class names, the
 * bytes the backward pass keeps, and the extra values eq. (6) shows at an op.
 * Must not: print, exit, or change the engine. */
#ifndef BPSTEP_ENGINE_QUERY_H
#define BPSTEP_ENGINE_QUERY_H

#include "engine.h"

/* Z^1 as an image: its channel size (rows x columns) and channels; false
 * when the input is not a map (a network without conv layers). */
bool engine_input_map(const Engine *e, int *rows, int *cols, int *channels);
/* Pixel (r, c) of Z^1's channel 1, 0-based. */
double engine_input_pixel(const Engine *e, int r, int c);

/* The geometry of conv layer m (1..LC) into g; false for another layer. */
bool engine_conv_geom(const Engine *e, int m, ConvGeom *g);
/* The pooling window of conv layer m, 0 for another layer. */
int engine_pool_window(const Engine *e, int m);

/* A value as a grid of maps: channels a x b (d of them), or conv layer m's
 * filters W^m / dW^m as h x h tiles (dout * d of them). False otherwise. */
typedef struct {
    const Matrix *m;  /* the whole value */
    int a, b;         /* one map's size */
    int count;        /* how many maps */
    bool filters;     /* W^m's tiles (h x h, d of them per output channel) */
    int h, d;         /* filters: the tile size and the input channels */
} ValueMaps;
bool engine_value_maps(const Engine *e, int value, ValueMaps *out);

/* The network's outputs z^{L+1}, largest first. */
typedef struct {
    int index;        /* 0-based output */
    double value;
    const char *name; /* the class name for 10 outputs ("Sandal", "3"), else "" */
} RankedOutput;
/* The n largest (at most max, at most 64) outputs as they are now; returns n. */
int engine_top_outputs(const Engine *e, RankedOutput out[], int max);
/* Whether the outputs are computed at the position. */
bool engine_outputs_valid(const Engine *e);

/* What the backward pass keeps from the forward pass under rule, in bytes. */
size_t engine_saved_bytes(const Engine *e, PoolRule rule);

/* The values a view shows at op k beyond the op's own (engine_op_items):
 * at a pooling backward by eq. (6) with ReLU, the intermediates the
 * equation names, I[Z^{m+1}] and v (.) I[Z^{m+1}], as expressions (value
 * ENGINE_ITEM_EXPR, the expression in name) of channel ch (0 = all).
 * Appends to items (n of max used); returns the new count. */
enum { ENGINE_ITEM_EXPR = -2 };
int engine_op_extras(const Engine *e, int k, int ch, OpItem items[], int n, int max);

#endif
