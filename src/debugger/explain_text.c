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
#include "subscript.h"

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

/* "e.g. z4(2)": an index that is valid for a rows x cols value. */
static void suggest_index(char *buf, size_t size, const char *name, long channel, int rows, int cols)
{
    char ch[24] = "";
    if (channel > 0) {
        snprintf(ch, sizeof ch, "[%ld]", channel);
    }
    if (rows == 1 || cols == 1) {
        snprintf(buf, size, "e.g. %s%s(%d)", name, ch, rows * cols >= 2 ? 2 : 1);
    } else {
        snprintf(buf, size, "e.g. %s%s(1,2)", name, ch);
    }
}

/* The entries the subscript after NAME or NAME[c] selects (MATLAB's, with
 * ranges and end; none for a 1 x 1 value), as 0-based (row, column) pairs
 * of the value as shown; -1 with d set. */
static int entry_index(const char *text, const char **pp, int col_off, const char *label, int rows, int cols,
                       int at_most, int *rc, int *n, Diag *d)
{
    if (**pp != '(') {
        if (rows == 1 && cols == 1) { /* a 1 x 1 value is its own entry, as loss */
            rc[0] = rc[1] = 0;
            *n = 1;
            return 0;
        }
        char eg[80];
        suggest_index(eg, sizeof eg, label, 0, rows, cols);
        diag_set(d, 0, (int)(*pp - text) + 1 + col_off, "expected (i,j) or (k) after the name, %s", eg);
        return -1;
    }
    const char *open = *pp;
    Subscript sub;
    if (subscript_parse(text, pp, col_off, rows, cols, label, &sub, d) != 0) {
        return -1;
    }
    size_t count = subscript_count(&sub);
    if (count > (size_t)at_most) {
        diag_set(d, 0, (int)(open - text) + 1 + col_off, "%s%.*s is %zu entries; %s", label, (int)(*pp - open), open,
                 count, at_most == 1 ? "this takes one" : "explain takes at most 16 at once");
        return -1;
    }
    for (size_t k = 0; k < count; k++) {
        size_t at = subscript_at(&sub, rows, k);
        rc[2 * k] = (int)(at % (size_t)rows);
        rc[2 * k + 1] = (int)(at / (size_t)rows);
    }
    *n = (int)count;
    return 0;
}

int entries_parse(const Engine *e, const char *text, const char **end, int col_off, EntryRef *refs, int max,
                  int *n, Diag *d)
{
    const char *p = text;
    while (*p == ' ') {
        p++;
    }
    const char *start = p;
    char name[32];
    size_t len = 0;
    while ((isalnum((unsigned char)*p) || *p == '_') && len + 1 < sizeof name) {
        name[len++] = *p++;
    }
    name[len] = '\0';
    int col = (int)(start - text) + 1 + col_off;
    int id = net_find_value(e->net, name);
    if (len == 0 || id < 0) {
        diag_set(d, 0, col, len == 0 ? "expected an entry such as S1(2,5)" : "unknown name '%s' (try 'info values')",
                 name);
        return -1;
    }
    const NetValue *v = &e->net->values[id];
    long channel = 0;
    if (*p == '[') {
        p++;
        if (read_index(&p, &channel) != 0 || *p != ']' || channel < 1) {
            diag_set(d, 0, (int)(p - text) + 1 + col_off, "expected a channel such as [1]");
            return -1;
        }
        p++;
        if (v->map_d == 0 || channel > v->map_d) {
            diag_set(d, 0, col, v->map_d == 0 ? "%s is not a feature map" : "%s has %d channels", name, v->map_d);
            return -1;
        }
    }
    int rows = channel > 0 ? v->map_a : v->m.rows, cols = channel > 0 ? v->map_b : v->m.cols;
    int rc[2 * ENTRIES_MAX];
    char label[48];
    snprintf(label, sizeof label, "%.*s", (int)(p - start), start); /* NAME or NAME[c] */
    if (entry_index(text, &p, col_off, label, rows, cols, max < ENTRIES_MAX ? max : ENTRIES_MAX, rc, n, d) != 0) {
        return -1;
    }
    for (int k = 0; k < *n; k++) {
        int r = rc[2 * (size_t)k], c = rc[2 * (size_t)k + 1];
        EntryRef *ref = &refs[k];
        ref->value = id;
        ref->row = channel > 0 ? (int)channel - 1 : r; /* pixel (r, c) of a channel: docs/math.md, "vec" */
        ref->col = channel > 0 ? r + v->map_a * c : c;
        if (*n == 1) { /* as typed: W1(end,2), loss */
            snprintf(ref->label, sizeof ref->label, "%.*s", (int)(p - start), start);
        } else if (rows == 1 || cols == 1) { /* (a value has under 2^22 entries: the % only bounds the width) */
            snprintf(ref->label, sizeof ref->label, "%.24s(%d)", label, (r + c + 1) % 100000000);
        } else {
            snprintf(ref->label, sizeof ref->label, "%.24s(%d,%d)", label, (r + 1) % 100000000, (c + 1) % 100000000);
        }
    }
    *end = p;
    return 0;
}

int entry_parse(const Engine *e, const char *text, const char **end, int col_off, EntryRef *ref, Diag *d)
{
    int n = 0;
    return entries_parse(e, text, end, col_off, ref, 1, &n, d);
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
