/* values.h: what a name in a command refers to. Plain values (Z2, dW1), a
 * channel of a feature map as an a x b image (Z2[1]), and the 0/1 matrices
 * P_pool, P_phi, P_pad made dense on demand (Ppool1, Ppool1[1] for one channel).
 * Must not: print or exit. */
#ifndef BPSTEP_VALUES_H
#define BPSTEP_VALUES_H

#include "../base/diag.h"
#include "engine.h"

typedef struct {
    char label[40]; /* "Z2[1]" */
    char math[64];  /* markup: "Z^{2,i}" */
    int value;      /* net value id, or -1 for P matrices */
    int channel;    /* 1-based, 0 = the whole value */
    int layer;
} ValueRef;

/* Largest dense P matrix values_get will build. */
#define VALUES_MAX_DENSE (1L << 22)

/* A new copy of what name[channel] refers to, in *out (the caller releases it
 * with mat_release). col is reported in errors: unknown name, a channel out
 * of range, a value not computed yet at the current position. */
int values_get(const Engine *e, const char *name, int channel, int col, Matrix *out,
               ValueRef *ref, Diag *d);

/* The same by value id, and P_pool^m (dense, for display) by layer: the
 * screen's way, with no names to look up. */
int values_get_id(const Engine *e, int id, int channel, int col, Matrix *out, ValueRef *ref, Diag *d);
int values_get_ppool(const Engine *e, int m, int channel, int col, Matrix *out, ValueRef *ref, Diag *d);

/* What a name refers to, for the screen: a value id, ENGINE_ITEM_PPOOL with
 * *layer set (Ppool<m>), or -2 for anything else (an expression). */
int values_find(const Engine *e, const char *name, int *layer);

/* Channels of a feature map (0 for other values); its shape whole or as one
 * channel's image; whether it is a gradient. */
int values_channels(const Engine *e, int id);
void values_shape(const Engine *e, int id, int channel, int *rows, int *cols);
bool values_is_gradient(const Engine *e, int id);
/* The shape of P_pool^m (or its channel's rows and columns), computed or not. */
void values_ppool_shape(const Engine *e, int m, int channel, int *rows, int *cols);

/* Frees a copy made by values_get / values_get_id / expr_eval (the other
 * rings release through this, not through the math ring). */
void value_release(Matrix *m);
/* A copy of m into *out, released by value_release; -1 when out of memory
 * (the screen copies a lesson's matrices so, not through the math ring). */
int value_copy(const Matrix *m, Matrix *out);

/* Whether name is a value that `set` may change (Z1, W<m>, b<m>, y). */
bool values_settable(const Engine *e, int value);

/* Which class the target y is: k (0-based) when y = e_{k+1} is one-hot,
 * with note "y = e_8: class 7" (the class's name with Fashion-MNIST; no
 * class with other than 10 outputs); -1 and "" otherwise. */
int values_target_class(const Engine *e, char *note, size_t size);
/* Whether value id is the target y (its class is said under it). */
bool values_is_target(const Engine *e, int id);

#endif
