/* explain_text.h: `explain NAME(i,j)` and `gradcheck`: one entry of a value
 * named as the user types it, why it has its number (the step table's
 * explainer, as text), and its gradient against central finite differences.
 * Must not: print or exit. */
#ifndef BPSTEP_EXPLAIN_TEXT_H
#define BPSTEP_EXPLAIN_TEXT_H

#include "../base/diag.h"
#include "../base/strbuf.h"
#include "../math/explain.h"
#include "engine.h"

/* One entry of a value: NAME(i,j), NAME(k) (column-major, as MATLAB) or
 * NAME[c](i,j) (pixel (i,j) of channel c of a feature map). */
typedef struct {
    int value;
    int row, col; /* 0-based, in the value's matrix */
    char label[48];
} EntryRef;

/* Parses an entry at text; *end is set past it. col_off is added to the
 * columns of errors (unknown name, an index out of range). The subscript is
 * MATLAB's (subscript.h: end, ranges, ':') but must select one entry; a
 * 1 x 1 value needs none (loss). */
int entry_parse(const Engine *e, const char *text, const char **end, int col_off, EntryRef *ref, Diag *d);

/* The same for a subscript selecting up to max (<= ENTRIES_MAX) entries,
 * each labelled NAME(i,j) (or NAME(k) in a vector): *n of them in refs. */
enum { ENTRIES_MAX = 16 };
int entries_parse(const Engine *e, const char *text, const char **end, int col_off, EntryRef *refs, int max,
                  int *n, Diag *d);

/* The explanation of a computed entry: 0, or 1 for an input or parameter
 * (nothing computes it; ex is then not filled), -1 with d set. The caller
 * releases ex with explain_release. */
int engine_explain(const Engine *e, const EntryRef *ref, Explanation *ex, Diag *d);

/* Frees what engine_explain filled. */
void engine_explain_release(Explanation *ex);

/* explain as text: the definition, the terms with their values (the largest
 * ones when there are many, and what the rest add up to), the result. */
void explain_write(const Engine *e, const EntryRef *ref, const Explanation *ex, StrBuf *out);

/* Central finite differences for one entry of dW, db or dZ1. */
typedef struct {
    double theta, h, loss_plus, loss_minus, fd, backprop, rel_error;
    bool kink; /* a ReLU's sign or a pooling winner differs between theta - h and theta + h */
    /* |fd - backprop| is below what a difference of two losses can resolve
     * (rounding: about 1e-16 |xi| / h), so a large relative error of a tiny
     * gradient says nothing */
    bool noise_floor;
} GradCheck;

/* Checks ref (a gradient of a parameter or of the input) and restores the
 * parameter bit for bit and every value up to the position. */
int gradcheck_entry(Engine *e, const EntryRef *ref, double h, GradCheck *gc, Diag *d);

#endif
