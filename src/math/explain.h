/* explain.h: why one entry of a value has its number, as data: the terms of
 * its defining equation (in the slides' notation) with their values, so the
 * debugger can print them and the tests can recompute the entry from them.
 * Each step kind's explainer lives in explain.c and is listed in the step
 * table (steps.c). Must not: do I/O, print, or exit. */
#ifndef BPSTEP_EXPLAIN_H
#define BPSTEP_EXPLAIN_H

#include <stdbool.h>
#include <stddef.h>

#include "net.h"

typedef enum {
    EX_SUM,      /* the sum of the terms' products a * b (a constant is a term with no b) */
    EX_MAX,      /* the largest a; the first one visited wins a tie */
    EX_FUNCTION, /* act(a) for the single term */
} ExplainForm;

typedef struct {
    char a[80], b[80]; /* the factors, as names bpstep can print ("W1(2,5)"); b "" = none */
    double va, vb;     /* their values (vb = 1 when there is no b) */
    bool chosen;       /* EX_MAX: the winner */
} ExplainTerm;

enum { EXPLAIN_NOTES = 4 };

typedef struct {
    char entry[48];        /* "S1(2,5)" */
    char definition[200];  /* markup: "\sum_t W^1(2,t) \phi(pad(Z^1))(t,5) + b^1(2)" */
    ExplainForm form;
    int act;               /* EX_FUNCTION: the Activation */
    ExplainTerm *terms;    /* owned */
    int nterms, cap;
    double result;         /* the entry as stored */
    char notes[EXPLAIN_NOTES][200]; /* window positions, the tie rule, P_pool's 1 ... */
    int nnotes;
    int op;                /* the step that wrote the entry (index into net->steps) */
} Explanation;

/* The explainer of one step kind: entry (row, col), 0-based, of value, one of
 * the step's writes. -1 when out of memory. */
typedef int (*ExplainFn)(const Net *net, const NetStep *st, int value, int row, int col, Explanation *ex);

/* The explainers of the step kinds; steps.c lists each with its kind. */
int explain_pad(const Net *net, const NetStep *st, int value, int row, int col, Explanation *ex);
int explain_phi(const Net *net, const NetStep *st, int value, int row, int col, Explanation *ex);
int explain_affine(const Net *net, const NetStep *st, int value, int row, int col, Explanation *ex);
int explain_act(const Net *net, const NetStep *st, int value, int row, int col, Explanation *ex);
int explain_pool(const Net *net, const NetStep *st, int value, int row, int col, Explanation *ex);
int explain_copy(const Net *net, const NetStep *st, int value, int row, int col, Explanation *ex);
int explain_loss(const Net *net, const NetStep *st, int value, int row, int col, Explanation *ex);
int explain_bwd_loss(const Net *net, const NetStep *st, int value, int row, int col, Explanation *ex);
int explain_loss_ce(const Net *net, const NetStep *st, int value, int row, int col, Explanation *ex);
int explain_bwd_loss_ce(const Net *net, const NetStep *st, int value, int row, int col, Explanation *ex);
int explain_bwd_fc(const Net *net, const NetStep *st, int value, int row, int col, Explanation *ex);
int explain_bwd_fc_act(const Net *net, const NetStep *st, int value, int row, int col, Explanation *ex);
int explain_bwd_pool(const Net *net, const NetStep *st, int value, int row, int col, Explanation *ex);
int explain_bwd_conv(const Net *net, const NetStep *st, int value, int row, int col, Explanation *ex);
int explain_bwd_phi(const Net *net, const NetStep *st, int value, int row, int col, Explanation *ex);
int explain_bwd_pad(const Net *net, const NetStep *st, int value, int row, int col, Explanation *ex);

/* Recomputes the entry from the terms, in the form's way. */
double explain_evaluate(const Explanation *ex);
void explain_release(Explanation *ex);

#endif
