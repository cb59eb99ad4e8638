/* explain_text.c: entries by name, explanations as text, gradient checks.
 * Must not: print or exit. */
#include "explain_text.h"

#include <ctype.h>
#include <errno.h>
#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../math/steps.h"
#include "format.h"
#include "notation.h"

/* ---- entries ----------------------------------------------------------------- */

static int read_index(const char **p, long *v)
{
    char *end = NULL;
    errno = 0;
    *v = strtol(*p, &end, 10);
    if (end == *p || errno == ERANGE || *v < INT_MIN || *v > INT_MAX) {
        return -1;
    }
    *p = end;
    while (**p == ' ') {
        (*p)++;
    }
    return 0;
}

/* "[c]" at *p, a channel of the feature map v (named name); -1 with d set. */
static int read_channel(const NetValue *v, const char *name, const char *text, const char **p, int col, int col_off,
                        long *channel, Diag *d)
{
    (*p)++;
    if (read_index(p, channel) != 0 || **p != ']' || *channel < 1) {
        diag_set(d, 0, (int)(*p - text) + 1 + col_off, "expected a channel such as [1]");
        return -1;
    }
    (*p)++;
    if (v->map_d == 0 || *channel > v->map_d) {
        diag_set(d, 0, col, v->map_d == 0 ? "%s is not a feature map" : "%s has %d channels", name, v->map_d);
        return -1;
    }
    return 0;
}

/* Entry (i,j), or (i) in vec order, of v (or of its channel) as a row and
 * column of the whole value into ref; -1 when it is outside. */
static int place_entry(const NetValue *v, int channel, bool two, long i, long j, EntryRef *ref)
{
    int rows = channel > 0 ? v->map_a : v->m.rows, cols = channel > 0 ? v->map_b : v->m.cols;
    long k = i - 1;
    bool ok = two ? (i >= 1 && i <= rows && j >= 1 && j <= cols) : (i >= 1 && k < (long)rows * cols);
    if (!ok) {
        return -1;
    }
    int r = two ? (int)i - 1 : (int)(k % rows), c = two ? (int)j - 1 : (int)(k / rows);
    if (channel > 0) { /* pixel (r, c) of channel `channel`: docs/math.md, "vec" */
        ref->row = channel - 1;
        ref->col = r + v->map_a * c;
    } else {
        ref->row = r;
        ref->col = c;
    }
    return 0;
}

int entry_parse(const Engine *e, const char *text, const char **end, int col_off, EntryRef *ref, Diag *d)
{
    const char *p = text;
    while (*p == ' ') {
        p++;
    }
    const char *start = p;
    char name[32];
    size_t n = 0;
    while ((isalnum((unsigned char)*p) || *p == '_') && n + 1 < sizeof name) {
        name[n++] = *p++;
    }
    name[n] = '\0';
    int col = (int)(start - text) + 1 + col_off;
    int id = net_find_value(e->net, name);
    if (n == 0 || id < 0) {
        diag_set(d, 0, col, n == 0 ? "expected an entry such as S1(2,5)" : "unknown name '%s' (try 'info values')",
                 name);
        return -1;
    }
    const NetValue *v = &e->net->values[id];
    long channel = 0, i = 0, j = 0;
    bool two = false;
    if (*p == '[' && read_channel(v, name, text, &p, col, col_off, &channel, d) != 0) {
        return -1;
    }
    if (*p != '(') {
        diag_set(d, 0, (int)(p - text) + 1 + col_off, "expected (i,j) after the name, e.g. %s(1,2)", name);
        return -1;
    }
    p++;
    if (read_index(&p, &i) != 0 || (*p == ',' && (p++, two = true, read_index(&p, &j) != 0)) || *p != ')') {
        diag_set(d, 0, (int)(p - text) + 1 + col_off, "expected (i,j) or (k) with whole numbers");
        return -1;
    }
    p++;
    if (place_entry(v, (int)channel, two, i, j, ref) != 0) {
        char at[48];
        if (two) {
            snprintf(at, sizeof at, "(%ld,%ld)", i, j);
        } else {
            snprintf(at, sizeof at, "(%ld)", i);
        }
        int rows = channel > 0 ? v->map_a : v->m.rows, cols = channel > 0 ? v->map_b : v->m.cols;
        diag_set(d, 0, col, "%s is outside %s%s, which is %d x %d", at, name, channel > 0 ? " (one channel)" : "",
                 rows, cols);
        return -1;
    }
    ref->value = id;
    snprintf(ref->label, sizeof ref->label, "%.*s", (int)(p - start), start);
    *end = p;
    return 0;
}

int engine_explain(const Engine *e, const EntryRef *ref, Explanation *ex, Diag *d)
{
    memset(ex, 0, sizeof *ex);
    if (!engine_value_valid(e, ref->value)) {
        int op = e->writer[ref->value];
        diag_set(d, 0, 0, "%s is not computed yet at position %d/%d (op %d '%s' writes it)", ref->label, e->pos,
                 e->nops, op + 1, e->ops[op].name);
        return -1;
    }
    int op = e->writer[ref->value];
    if (op < 0) {
        return 1;
    }
    const NetStep *st = &e->net->steps[e->ops[op].step];
    if (step_info(st->kind)->explain(e->net, st, ref->value, ref->row, ref->col, ex) != 0) {
        explain_release(ex);
        diag_set(d, 0, 0, "out of memory");
        return -1;
    }
    ex->op = op;
    return 0;
}

/* ---- as text ------------------------------------------------------------------ */

enum { EXPLAIN_SHOWN = 8 };

static double product(const ExplainTerm *t)
{
    return t->va * t->vb;
}

static int by_size(const void *a, const void *b)
{
    double x = fabs(product(*(const ExplainTerm *const *)a)), y = fabs(product(*(const ExplainTerm *const *)b));
    return (x < y) - (x > y);
}

static int by_place(const void *a, const void *b)
{
    const ExplainTerm *x = *(const ExplainTerm *const *)a, *y = *(const ExplainTerm *const *)b;
    return (x > y) - (x < y);
}

static void write_term(StrBuf *out, const ExplainTerm *t, ExplainForm form, const char *fn)
{
    char va[32], vb[40], pr[32], left[200], num[32];
    fmt_number(va, sizeof va, t->va, -1);
    fmt_number(num, sizeof num, t->vb, -1);
    snprintf(vb, sizeof vb, num[0] == '-' ? "(%s)" : "%s", num); /* 2 * (-0.5), not 2 * -0.5 */
    fmt_number(pr, sizeof pr, product(t), -1);
    if (form == EX_FUNCTION) {
        sb_printf(out, "    %s(%s) = %s(%s)\n", fn, t->a, fn, va);
        return;
    }
    if (t->b[0] == '\0') {
        sb_printf(out, "    %-34s = %s%s\n", t->a, va, t->chosen ? "   <- the max" : "");
        return;
    }
    snprintf(left, sizeof left, "%s * %s", t->a, t->b);
    sb_printf(out, "    %-34s = %s * %s = %s\n", left, va, vb, pr);
}

/* The terms, or the largest of them and what the others add up to. */
static void write_terms(StrBuf *out, const Explanation *ex)
{
    const ExplainTerm **order = malloc((size_t)(ex->nterms > 0 ? ex->nterms : 1) * sizeof(const ExplainTerm *));
    if (order == NULL) {
        sb_append(out, "    (out of memory listing the terms)\n");
        return;
    }
    for (int k = 0; k < ex->nterms; k++) {
        order[k] = &ex->terms[k];
    }
    int shown = ex->nterms;
    if (ex->form == EX_SUM && ex->nterms > EXPLAIN_SHOWN + 2) {
        qsort(order, (size_t)ex->nterms, sizeof(const ExplainTerm *), by_size);
        shown = EXPLAIN_SHOWN;
        qsort(order, (size_t)shown, sizeof(const ExplainTerm *), by_place); /* the largest, in their order */
    }
    const char *fn = act_name((Activation)ex->act);
    for (int k = 0; k < shown; k++) {
        write_term(out, order[k], ex->form, fn);
    }
    if (shown < ex->nterms) {
        double rest = 0.0;
        for (int k = 0; k < ex->nterms; k++) {
            rest += product(&ex->terms[k]);
        }
        for (int k = 0; k < shown; k++) {
            rest -= product(order[k]);
        }
        char num[32];
        fmt_number(num, sizeof num, rest, -1);
        sb_printf(out, "    ... %d more terms, together %s (the %d largest are shown)\n", ex->nterms - shown, num,
                  shown);
    }
    if (ex->nterms == 0) {
        sb_append(out, "    (no term: the sum is 0)\n");
    }
    free(order);
}

void explain_write(const Engine *e, const EntryRef *ref, const Explanation *ex, StrBuf *out)
{
    char num[32], def[400], eq[400];
    fmt_number(num, sizeof num, ex->result, -1);
    notation_render(ex->definition, NOTE_ASCII, def, sizeof def);
    notation_render(e->ops[ex->op].equation, NOTE_ASCII, eq, sizeof eq);
    sb_printf(out, "%s = %s, written by op %d '%s':  %s\n", ref->label, num, ex->op + 1, e->ops[ex->op].name, eq);
    sb_printf(out, "  %s\n", def);
    static const char *const how[] = { "the sum of", "the largest of", "" };
    if (ex->form != EX_FUNCTION) {
        sb_printf(out, "  = %s %d term%s:\n", how[ex->form], ex->nterms, ex->nterms == 1 ? "" : "s");
    }
    write_terms(out, ex);
    char again[32];
    fmt_number(again, sizeof again, explain_evaluate(ex), -1);
    sb_printf(out, "  = %s   (print %s gives %s)\n", again, ref->label, num);
    for (int k = 0; k < ex->nnotes; k++) {
        sb_printf(out, "  %s\n", ex->notes[k]);
    }
}

/* ---- gradient checks ---------------------------------------------------------------- */

/* A fingerprint of every ReLU's sign and every pooling winner of the forward
 * pass: if it differs between theta - h and theta + h, the difference quotient
 * straddles a kink. */
static unsigned long long kink_signature(const Net *net)
{
    unsigned long long hsh = 1469598103934665603ULL;
    for (int m = 1; m < net->spec.L; m++) { /* layer L is the identity: no kink */
        const Matrix *s = &net->values[net->layer[m].S].m;
        for (size_t k = 0; k < mat_count(s); k++) {
            hsh = (hsh ^ (s->data[k] > 0.0)) * 1099511628211ULL;
        }
        if (m <= net->spec.LC) {
            const ConvGeom *g = &net->conv[m];
            for (int k = 0; k < g->dout * g->ao * g->bo; k++) {
                hsh = (hsh ^ (unsigned long long)net->pool_idx[m][k]) * 1099511628211ULL;
            }
        }
    }
    return hsh;
}

/* The parameter (or input) whose gradient ref is: dW1 -> W1, db2 -> b2, dZ1 -> Z1. */
static int param_of(const Engine *e, const EntryRef *ref, Diag *d)
{
    const NetValue *g = &e->net->values[ref->value];
    int id = g->kind == VAL_GRAD && g->name[0] == 'd' ? net_find_value(e->net, g->name + 1) : -1;
    ValueKind k = id >= 0 ? e->net->values[id].kind : VAL_FWD;
    if (id < 0 || (k != VAL_PARAM && k != VAL_INPUT)) {
        diag_set(d, 0, 0, "%s is not the gradient of a weight, a bias or the input (dW<m>, db<m>, dZ1)", ref->label);
        return -1;
    }
    return id;
}

int gradcheck_entry(Engine *e, const EntryRef *ref, double h, GradCheck *gc, Diag *d)
{
    int pid = param_of(e, ref, d);
    if (pid < 0) {
        return -1;
    }
    Net *net = e->net;
    double *theta = &MAT_AT(net->values[pid].m, ref->row, ref->col);
    double saved = *theta;
    memset(gc, 0, sizeof *gc);
    gc->theta = saved;
    gc->h = h;
    net_run(net);
    gc->backprop = MAT_AT(net->values[ref->value].m, ref->row, ref->col);
    *theta = saved + h;
    gc->loss_plus = net_forward(net);
    unsigned long long plus = kink_signature(net);
    *theta = saved - h;
    gc->loss_minus = net_forward(net);
    gc->kink = kink_signature(net) != plus;
    *theta = saved; /* bit for bit */
    gc->fd = (gc->loss_plus - gc->loss_minus) / (2.0 * h);
    double scale = fabs(gc->fd) + fabs(gc->backprop);
    gc->rel_error = fabs(gc->fd - gc->backprop) / (scale > 1e-8 ? scale : 1e-8);
    double xi = fabs(gc->loss_plus) > 1.0 ? fabs(gc->loss_plus) : 1.0;
    gc->noise_floor = fabs(gc->fd - gc->backprop) < 2e-15 * xi / h; /* about 10x the rounding of xi+ - xi- */
    engine_restore(e); /* every value up to the position, as it was, even after a Ctrl-C */
    return 0;
}

void engine_explain_release(Explanation *ex)
{
    explain_release(ex);
}
