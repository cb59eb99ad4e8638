/* compare.h: compare mode: eq. (5) and eq. (6) of the slides side by side for
 * one conv layer at the current position, what each needs from the forward
 * pass, and when they part (other activations, average pooling); and the
 * slides' own example with v kept symbolic.
 * Must not: print or exit; the text goes into a StrBuf. */
#ifndef BPSTEP_COMPARE_H
#define BPSTEP_COMPARE_H

#include "../base/diag.h"
#include "engine.h"
#include "../base/strbuf.h"

/* The numbers of one comparison (owned; release with compare_release). */
typedef struct Comparison {
    int layer;
    Matrix v;        /* dxi/dvec(Z^{m+1}) */
    Matrix vtp;      /* v^T P_pool */
    Matrix dsig;     /* sigma'(S^m) (I[S^m] for ReLU) */
    Matrix eq5;      /* (v^T P_pool) (.) sigma'(S)^T: the correct gradient */
    Matrix ind_z;    /* I[Z^{m+1}] */
    Matrix v_ind;    /* v (.) I[Z^{m+1}] */
    Matrix eq6;      /* (v (.) I[Z^{m+1}]) P_pool: the slide's (6), literally */
    Matrix s;        /* S^m, the pre-activation (the windows the view shows) */
    Matrix dsig_z;   /* sigma'(S) written through Z^{m+1}: I[Z] for ReLU, 1 - Z (.) Z for tanh */
    Matrix v_dsig_z; /* v (.) dsig_z */
    Matrix eq6_prog; /* (v (.) dsig_z) P_pool: eq. (6) as bpstep's program runs it */
    Activation act;  /* the layer's activation */
    PoolMode pool;   /* the network's pooling */
    double max_diff; /* NaN when either side has a NaN */
    int ndiff;       /* entries where eq5 and eq6 differ (NaN always does) */
    int nzero_sign;  /* entries equal as numbers whose bits differ: -0 and +0 */
} Comparison;

/* Whether two entries of (5) and (6) differ: a NaN on either side always
 * does; -0 and +0 do not (they are the same number). */
bool compare_entry_differs(double a, double b);

/* Computes the comparison for conv layer m; -1 with d set when m is not a
 * conv layer or dxi/dZ^{m+1} is not computed yet. */
int compare_compute(const Engine *e, int m, Comparison *cmp, Diag *d);
void compare_release(Comparison *cmp);

/* Row k (0-based, vec order of Z^{m+1}) of P_pool^m restricted to its
 * channel: the 0-based per-channel columns (pixels of S^m's channel, as the
 * slides number them) holding its nonzero entries, into cols (at most max),
 * and their value (1, or 1/h^2 for average pooling) into *weight; returns
 * how many (0 when k is out of range or the forward pooling has not run).
 * The interleaved column of per-channel column q is ch + dout * q. */
int compare_pool_columns(const Engine *e, int m, int k, int cols[], int max, double *weight);

/* The whole comparison as text (batch mode, the ':compare' command). */
int compare_layer_text(const Engine *e, int m, StrBuf *out, Diag *d);
/* Why eq. (5) and eq. (6) agree or part for this network's activation and
 * pooling, and what eq. (6) would need instead. */
void compare_explain(StrBuf *out, const Net *net, int m);
/* compare_explain for the engine's network (the UI's way to it). */
void compare_explain_engine(StrBuf *out, const Engine *e, int m);
/* The factor eq. (6) multiplies v by as the program runs it, sigma'(S^m)
 * written through Z^{m+1} as a row in the slides' markup (the equation
 * box's): "vec(I[Z^{2,i}])^T" for ReLU, "(1 - vec(Z^{2,i})^T \odot ...)". */
void compare_factor_markup(Activation act, int m, char *buf, size_t size);
/* The same factor as a matrix, short: "1 - Z^2 \odot Z^2" for tanh. */
void compare_factor_short(Activation act, int m, char *buf, size_t size);
/* The slides' example, image B with v = (v1, v2, v3, v4) symbolic. */
void compare_slides_text(StrBuf *out);

#endif
