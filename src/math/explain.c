/* explain.c: one explainer per step kind (listed in steps.c's table). Each
 * writes the defining equation of one entry in the slides' notation and its
 * terms with their values, named as bpstep prints them (W1(2,5), phi1(5,7)),
 * 1-based like MATLAB. Index conventions: docs/math.md ("vec", "phi").
 * Must not: do I/O, print, or exit. */
#include "explain.h"

#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "steps.h"

#define VAL(id) (&net->values[id].m)

/* ---- building an explanation ---------------------------------------------- */

static void start(Explanation *ex, const Net *net, const NetStep *st, int value, int row, int col, ExplainForm form)
{
    const Matrix *m = VAL(value);
    if (m->cols == 1) {
        snprintf(ex->entry, sizeof ex->entry, "%s(%d)", net->values[value].name, row + 1);
    } else {
        snprintf(ex->entry, sizeof ex->entry, "%s(%d,%d)", net->values[value].name, row + 1, col + 1);
    }
    ex->form = form;
    ex->result = MAT_AT(*m, row, col);
    ex->op = (int)(st - net->steps);
}

static void define(Explanation *ex, const char *fmt, ...) DIAG_PRINTF(2, 3);

static void define(Explanation *ex, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(ex->definition, sizeof ex->definition, fmt, ap);
    va_end(ap);
}

static void note(Explanation *ex, const char *fmt, ...) DIAG_PRINTF(2, 3);

static void note(Explanation *ex, const char *fmt, ...)
{
    if (ex->nnotes >= EXPLAIN_NOTES) {
        return;
    }
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(ex->notes[ex->nnotes++], sizeof ex->notes[0], fmt, ap);
    va_end(ap);
}

/* "name(i,j)" or "name(i)" of a value's 0-based entry. */
static void entry_name(char *buf, size_t size, const Net *net, int value, int row, int col)
{
    const NetValue *v = &net->values[value];
    if (v->m.cols == 1) {
        snprintf(buf, size, "%s(%d)", v->name, row + 1);
    } else {
        snprintf(buf, size, "%s(%d,%d)", v->name, row + 1, col + 1);
    }
}

/* A term: value a's entry (ra, ca) times value b's (rb, cb); b < 0 = none. */
static ExplainTerm *term(Explanation *ex)
{
    if (ex->nterms == ex->cap) {
        int cap = ex->cap * 2 + 16;
        ExplainTerm *grown = realloc(ex->terms, (size_t)cap * sizeof *grown);
        if (grown == NULL) {
            return NULL;
        }
        ex->terms = grown;
        ex->cap = cap;
    }
    ExplainTerm *t = &ex->terms[ex->nterms++];
    memset(t, 0, sizeof *t);
    t->vb = 1.0;
    return t;
}

static int term_of(Explanation *ex, const Net *net, int a, int ra, int ca, int b, int rb, int cb)
{
    ExplainTerm *t = term(ex);
    if (t == NULL) {
        return -1;
    }
    entry_name(t->a, sizeof t->a, net, a, ra, ca);
    t->va = MAT_AT(*VAL(a), ra, ca);
    if (b >= 0) {
        entry_name(t->b, sizeof t->b, net, b, rb, cb);
        t->vb = MAT_AT(*VAL(b), rb, cb);
    }
    return 0;
}

/* A term with factors given by label and value (a derivative, a constant). */
static int term_raw(Explanation *ex, const char *a, double va, const char *b, double vb)
{
    ExplainTerm *t = term(ex);
    if (t == NULL) {
        return -1;
    }
    snprintf(t->a, sizeof t->a, "%s", a);
    t->va = va;
    snprintf(t->b, sizeof t->b, "%s", b != NULL ? b : "");
    t->vb = b != NULL ? vb : 1.0;
    return 0;
}

double explain_evaluate(const Explanation *ex)
{
    if (ex->form == EX_FUNCTION) {
        return ex->nterms > 0 ? act_value((Activation)ex->act, ex->terms[0].va) : 0.0;
    }
    if (ex->form == EX_MAX) {
        double best = 0.0;
        for (int k = 0; k < ex->nterms; k++) {
            if (k == 0 || ex->terms[k].va > best) {
                best = ex->terms[k].va;
            }
        }
        return best;
    }
    double sum = 0.0;
    for (int k = 0; k < ex->nterms; k++) {
        sum += ex->terms[k].va * ex->terms[k].vb;
    }
    return sum;
}

void explain_release(Explanation *ex)
{
    free(ex->terms);
    ex->terms = NULL;
    ex->nterms = ex->cap = 0;
}

/* ---- conv geometry ----------------------------------------------------------- */

/* Row t of phi: offset (p, q) inside the window, channel c; column j: the
 * output position (i, jj). docs/math.md, "Forward pass" 2. */
typedef struct {
    int p, q, c, i, jj, prow, pcol; /* prow, pcol: the padded input's row and column */
} PhiPlace;

static PhiPlace phi_place(const ConvGeom *g, int t, int j)
{
    PhiPlace w;
    w.p = t % g->h;
    w.q = (t / g->h) % g->h;
    w.c = t / (g->h * g->h);
    w.i = j % g->ac;
    w.jj = j / g->ac;
    w.prow = w.i * g->stride + w.p;
    w.pcol = w.jj * g->stride + w.q;
    return w;
}

static void window_note(Explanation *ex, const ConvGeom *g, int m, int j)
{
    int i = j % g->ac, jj = j / g->ac;
    note(ex, "column %d of phi%d is the %dx%d window of pad(Z^%d) at rows %d-%d, columns %d-%d (every channel),"
             " output position (%d,%d)",
         j + 1, m, g->h, g->h, m, i * g->stride + 1, i * g->stride + g->h, jj * g->stride + 1,
         jj * g->stride + g->h, i + 1, jj + 1);
}

/* ---- forward ---------------------------------------------------------------- */

int explain_pad(const Net *net, const NetStep *st, int value, int row, int col, Explanation *ex)
{
    const ConvGeom *g = &net->conv[st->layer];
    int m = st->layer, r = col % g->ap, q = col / g->ap, zr = r - g->pad, zq = q - g->pad;
    start(ex, net, st, value, row, col, EX_SUM);
    define(ex, "pad(Z^{%d,i}) at channel %d, row %d, column %d", m, row + 1, r + 1, q + 1);
    if (zr < 0 || zr >= g->a || zq < 0 || zq >= g->b) {
        note(ex, "row %d, column %d lies in the %d-wide border of zeros that pad adds", r + 1, q + 1, g->pad);
        return 0; /* no term: the sum is 0 */
    }
    note(ex, "the pixel (%d,%d) of channel %d of Z^%d, moved %d down and %d right", zr + 1, zq + 1, row + 1, m, g->pad,
         g->pad);
    return term_of(ex, net, st->reads[0], row, zr + g->a * zq, -1, 0, 0);
}

int explain_phi(const Net *net, const NetStep *st, int value, int row, int col, Explanation *ex)
{
    const ConvGeom *g = &net->conv[st->layer];
    PhiPlace w = phi_place(g, row, col);
    start(ex, net, st, value, row, col, EX_SUM);
    define(ex, "\\phi(pad(Z^{%d,i}))(%d,%d) = pad(Z^{%d,i}) at channel %d, row %d, column %d", st->layer, row + 1,
           col + 1, st->layer, w.c + 1, w.prow + 1, w.pcol + 1);
    note(ex, "row t = %d is offset (%d,%d) of channel %d in the window (t = p + h q + h h c, 0-based)", row + 1,
         w.p + 1, w.q + 1, w.c + 1);
    window_note(ex, g, st->layer, col);
    return term_of(ex, net, st->reads[0], w.c, w.prow + g->ap * w.pcol, -1, 0, 0);
}

/* S = W phi + b 1^T (conv) and s = W z + b (FC): reads W, the input, b. */
int explain_affine(const Net *net, const NetStep *st, int value, int row, int col, Explanation *ex)
{
    int m = st->layer, w = st->reads[0], in = st->reads[1], b = st->reads[2];
    bool conv = st->kind == STEP_CONV;
    start(ex, net, st, value, row, col, EX_SUM);
    if (conv) {
        define(ex, "S^{%d,i}(%d,%d) = \\sum_t W^%d(%d,t) \\phi(pad(Z^{%d,i}))(t,%d) + b^%d(%d)", m, row + 1, col + 1, m,
               row + 1, m, col + 1, m, row + 1);
        window_note(ex, &net->conv[m], m, col);
    } else {
        define(ex, "s^{%d,i}(%d) = \\sum_t W^%d(%d,t) z^{%d,i}(t) + b^%d(%d)", m, row + 1, m, row + 1, m, m, row + 1);
    }
    for (int t = 0; t < VAL(w)->cols; t++) {
        if (term_of(ex, net, w, row, t, in, t, col) != 0) {
            return -1;
        }
    }
    return term_of(ex, net, b, row, 0, -1, 0, 0);
}

int explain_act(const Net *net, const NetStep *st, int value, int row, int col, Explanation *ex)
{
    start(ex, net, st, value, row, col, EX_FUNCTION);
    ex->act = net_layer_act(net, st->layer);
    char x[48];
    entry_name(x, sizeof x, net, st->reads[0], row, col);
    define(ex, "\\sigma(%s), \\sigma = %s", x, act_name(net_layer_act(net, st->layer)));
    return term_of(ex, net, st->reads[0], row, col, -1, 0, 0);
}

int explain_pool(const Net *net, const NetStep *st, int value, int row, int col, Explanation *ex)
{
    const ConvGeom *g = &net->conv[st->layer];
    int m = st->layer, sig = st->reads[0], i = col % g->ao, jj = col / g->ao;
    size_t k = (size_t)row + (size_t)g->dout * (size_t)col; /* position in vec(Z^{m+1}) */
    bool max = net->spec.pool_mode == POOL_MAX;
    start(ex, net, st, value, row, col, max ? EX_MAX : EX_SUM);
    define(ex, "Z^{%d,i}(%d,%d) = %s of the %dx%d window of \\sigma(S^{%d,i}), channel %d, rows %d-%d, columns %d-%d",
           m + 1, row + 1, col + 1, max ? "the max" : "the mean", g->pool, g->pool, m, row + 1, i * g->pool + 1,
           i * g->pool + g->pool, jj * g->pool + 1, jj * g->pool + g->pool);
    int winner = net->pool_idx[m][k], ties = 0;
    double scale = 1.0 / ((double)g->pool * (double)g->pool);
    for (int q = 0; q < g->pool; q++) {
        for (int p = 0; p < g->pool; p++) { /* column-major: the tie rule's order */
            int scol = (i * g->pool + p) + g->ac * (jj * g->pool + q);
            size_t pos = (size_t)row + (size_t)g->dout * (size_t)scol;
            if (term_of(ex, net, sig, row, scol, -1, 0, 0) != 0) {
                return -1;
            }
            ExplainTerm *t = &ex->terms[ex->nterms - 1];
            if (max) {
                t->chosen = (int)pos == winner;
                ties += t->va == ex->result;
            } else {
                snprintf(t->b, sizeof t->b, "1/%d", g->pool * g->pool);
                t->vb = scale;
            }
        }
    }
    if (max) { /* per channel, as the slides number P_pool; the interleaved place in brackets */
        char inter[64] = "";
        if (g->dout > 1) {
            snprintf(inter, sizeof inter, " [interleaved: row %zu, column %d]", k + 1, winner + 1);
        }
        note(ex, "row %d of P_pool^%d[%d] has its 1 at column %d%s: the winner's place in vec(sigma(S^%d))", col + 1, m,
             row + 1, winner / g->dout + 1, inter, m);
        if (ties > 1) {
            note(ex, "%d candidates tie; the candidates are visited column-major and the first one visited wins", ties);
        }
    }
    return 0;
}

int explain_copy(const Net *net, const NetStep *st, int value, int row, int col, Explanation *ex)
{
    start(ex, net, st, value, row, col, EX_SUM);
    size_t k = (size_t)row + (size_t)VAL(value)->rows * (size_t)col;
    const Matrix *src = VAL(st->reads[0]);
    define(ex, "the same number: vec() and mat() only reshape (entry %zu of vec)", k + 1);
    return term_of(ex, net, st->reads[0], (int)(k % (size_t)src->rows), (int)(k / (size_t)src->rows), -1, 0, 0);
}

int explain_loss(const Net *net, const NetStep *st, int value, int row, int col, Explanation *ex)
{
    const Matrix *z = VAL(st->reads[0]), *y = VAL(st->reads[1]);
    start(ex, net, st, value, row, col, EX_SUM);
    define(ex, "\\xi_i = \\sum_k (z^{%d,i}(k) - y^i(k))^2", net->spec.L + 1);
    for (int k = 0; k < z->rows; k++) {
        char lab[48];
        double r = z->data[k] - y->data[k];
        snprintf(lab, sizeof lab, "(%s(%d) - y(%d))", net->values[st->reads[0]].name, k + 1, k + 1);
        if (term_raw(ex, lab, r, lab, r) != 0) {
            return -1;
        }
    }
    return 0;
}

int explain_bwd_loss(const Net *net, const NetStep *st, int value, int row, int col, Explanation *ex)
{
    const Matrix *z = VAL(st->reads[0]), *y = VAL(st->reads[1]);
    start(ex, net, st, value, row, col, EX_SUM);
    define(ex, "\\partial\\xi_i/\\partial z^{%d,i}(%d) = 2 (z^{%d,i}(%d) - y^i(%d))", net->spec.L + 1, row + 1,
           net->spec.L + 1, row + 1, row + 1);
    char lab[48];
    snprintf(lab, sizeof lab, "(%s(%d) - y(%d))", net->values[st->reads[0]].name, row + 1, row + 1);
    return term_raw(ex, "2", 2.0, lab, z->data[row] - y->data[row]);
}

/* log sum_k exp(z_k) of the output, with the largest taken out first */
static double explain_lse(const Matrix *z)
{
    double top = z->data[0], sum = 0.0;
    for (int k = 1; k < z->rows; k++) {
        top = z->data[k] > top ? z->data[k] : top;
    }
    for (int k = 0; k < z->rows; k++) {
        sum += exp(z->data[k] - top);
    }
    return top + log(sum);
}

int explain_loss_ce(const Net *net, const NetStep *st, int value, int row, int col, Explanation *ex)
{
    const Matrix *z = VAL(st->reads[0]), *y = VAL(st->reads[1]);
    const char *zn = net->values[st->reads[0]].name;
    start(ex, net, st, value, row, col, EX_SUM);
    define(ex, "\\xi_i = log \\sum_k exp(z^{%d,i}(k)) - \\sum_k y^i(k) z^{%d,i}(k)", net->spec.L + 1, net->spec.L + 1);
    char lab[64];
    snprintf(lab, sizeof lab, "log sum_k exp(%s(k))", zn);
    if (term_raw(ex, lab, explain_lse(z), NULL, 0.0) != 0) {
        return -1;
    }
    for (int k = 0; k < z->rows; k++) {
        char a[32], b[32];
        snprintf(a, sizeof a, "-y(%d)", k + 1);
        snprintf(b, sizeof b, "%s(%d)", zn, k + 1);
        if (term_raw(ex, a, -y->data[k], b, z->data[k]) != 0) {
            return -1;
        }
    }
    note(ex, "for a one-hot y with its 1 at c this is -log softmax(%s)(c), PyTorch's cross_entropy", zn);
    return 0;
}

int explain_bwd_loss_ce(const Net *net, const NetStep *st, int value, int row, int col, Explanation *ex)
{
    const Matrix *z = VAL(st->reads[0]), *y = VAL(st->reads[1]);
    const char *zn = net->values[st->reads[0]].name;
    start(ex, net, st, value, row, col, EX_SUM);
    define(ex, "\\partial\\xi_i/\\partial z^{%d,i}(%d) = softmax(z^{%d,i})(%d) - y^i(%d)", net->spec.L + 1, row + 1,
           net->spec.L + 1, row + 1, row + 1);
    char a[48], b[16];
    snprintf(a, sizeof a, "softmax(%s)(%d)", zn, row + 1);
    snprintf(b, sizeof b, "-y(%d)", row + 1);
    double p = exp(z->data[row] - explain_lse(z));
    note(ex, "softmax(%s)(%d) = exp(%s(%d)) / sum_k exp(%s(k)) = %.6g", zn, row + 1, zn, row + 1, zn, p);
    return term_raw(ex, a, p, NULL, 0.0) != 0 ? -1 : term_raw(ex, b, -y->data[row], NULL, 0.0);
}

/* eqs. (1)-(3): reads dS, W, z; writes dW, db, dz. */
int explain_bwd_fc(const Net *net, const NetStep *st, int value, int row, int col, Explanation *ex)
{
    int m = st->layer, ds = st->reads[0], w = st->reads[1], in = st->reads[2];
    start(ex, net, st, value, row, col, EX_SUM);
    if (value == st->writes[0]) {
        define(ex, "eq. (1): \\partial\\xi_i/\\partial W^%d(%d,%d) = \\partial\\xi_i/\\partial s^{%d,i}(%d) z^{%d,i}(%d)",
               m, row + 1, col + 1, m, row + 1, m, col + 1);
        return term_of(ex, net, ds, row, 0, in, col, 0);
    }
    if (value == st->writes[1]) {
        define(ex, "eq. (2): \\partial\\xi_i/\\partial b^%d(%d) = \\partial\\xi_i/\\partial s^{%d,i}(%d)", m, row + 1, m,
               row + 1);
        return term_of(ex, net, ds, row, 0, -1, 0, 0);
    }
    define(ex, "eq. (3): \\partial\\xi_i/\\partial z^{%d,i}(%d) = \\sum_r W^%d(r,%d) \\partial\\xi_i/\\partial s^{%d,i}(r)",
           m, row + 1, m, row + 1, m);
    for (int r = 0; r < VAL(w)->rows; r++) {
        if (term_of(ex, net, w, r, row, ds, r, 0) != 0) {
            return -1;
        }
    }
    return 0;
}

/* sigma'(x) as a factor: its label ("I[S2(3)]") and value. */
static int deriv_term(Explanation *ex, const Net *net, int a, int ra, int ca, int x, int rx, int cx, bool from_output)
{
    char arg[48], lab[80];
    entry_name(arg, sizeof arg, net, x, rx, cx);
    double xv = MAT_AT(*VAL(x), rx, cx);
    Activation act = net_layer_act(net, net->values[x].layer); /* S^m, s^m and Z^{m+1} belong to layer m */
    double dv = from_output ? act_deriv_from_output(act, xv) : act_deriv(act, xv);
    if (act == ACT_RELU) {
        snprintf(lab, sizeof lab, "I[%s]", arg);
    } else {
        snprintf(lab, sizeof lab, "%s'(%s%s)", act_name(act), from_output ? "from " : "", arg);
    }
    if (act == ACT_RELU && xv == 0.0) {
        note(ex, "%s = 0 sits on ReLU's kink; bpstep takes the derivative there as 0", arg);
    }
    if (term_of(ex, net, a, ra, ca, -1, 0, 0) != 0) {
        return -1;
    }
    snprintf(ex->terms[ex->nterms - 1].b, sizeof ex->terms[0].b, "%s", lab);
    ex->terms[ex->nterms - 1].vb = dv;
    return 0;
}

/* eq. (4): reads dz^{m+1}, s^m; writes ds^m. */
int explain_bwd_fc_act(const Net *net, const NetStep *st, int value, int row, int col, Explanation *ex)
{
    int m = st->layer;
    start(ex, net, st, value, row, col, EX_SUM);
    define(ex, "eq. (4): \\partial\\xi_i/\\partial s^{%d,i}(%d) = \\partial\\xi_i/\\partial z^{%d,i}(%d) \\sigma'(s^{%d,i}(%d))",
           m, row + 1, m + 1, row + 1, m, row + 1);
    return deriv_term(ex, net, st->reads[0], row, col, st->reads[1], row, col, false);
}

/* eq. (5) or (6) for one entry of dS^m: the output whose window chose it. */
int explain_bwd_pool(const Net *net, const NetStep *st, int value, int row, int col, Explanation *ex)
{
    const ConvGeom *g = &net->conv[st->layer];
    int m = st->layer, dz = st->reads[0], other = st->reads[1];
    size_t q = (size_t)row + (size_t)g->dout * (size_t)col, n = (size_t)g->dout * (size_t)(g->ao * g->bo);
    bool eq5 = net->rule == RULE_EQ5;
    start(ex, net, st, value, row, col, EX_SUM);
    char inter[48] = ""; /* P_pool per channel as the slides number it; the interleaved column in brackets */
    if (g->dout > 1) {
        snprintf(inter, sizeof inter, " [interleaved column %zu]", q + 1);
    }
    if (eq5) {
        define(ex, "eq. (5): (v^T P_pool^%d[%d])(%d)%s \\sigma'(S^{%d,i})(%d,%d), v = \\partial\\xi_i/\\partial vec(Z^{%d,i}[%d])",
               m, row + 1, col + 1, inter, m, row + 1, col + 1, m + 1, row + 1);
    } else {
        define(ex, "eq. (6): \\sum_k v(k) I[Z^{%d,i}[%d]](k) P_pool^%d[%d](k,%d)%s, v = \\partial\\xi_i/\\partial vec(Z^{%d,i}[%d])",
               m + 1, row + 1, m, row + 1, col + 1, inter, m + 1, row + 1);
    }
    if (net->spec.pool_mode == POOL_AVG) {
        int i = (col % g->ac) / g->pool, jj = (col / g->ac) / g->pool;
        if (i >= g->ao || jj >= g->bo) {
            note(ex, "this entry lies in the rows or columns pooling drops: nothing flows back");
            return 0;
        }
        size_t k = (size_t)row + (size_t)g->dout * ((size_t)i + (size_t)g->ao * (size_t)jj);
        char both[64] = "";
        if (g->dout > 1) {
            snprintf(both, sizeof both, " [interleaved P_pool^%d(%zu,%zu)]", m, k + 1, q + 1);
        }
        note(ex, "average pooling: P_pool^%d[%d](%d,%d) = 1/%d%s", m, row + 1, i + g->ao * jj + 1, col + 1,
             g->pool * g->pool, both);
        if (deriv_term(ex, net, dz, (int)(k % (size_t)g->dout), (int)(k / (size_t)g->dout), other, row, col, false) != 0) {
            return -1;
        }
        ex->terms[ex->nterms - 1].va /= (double)(g->pool * g->pool);
        strncat(ex->terms[ex->nterms - 1].a, "/h^2", sizeof ex->terms[0].a - strlen(ex->terms[0].a) - 1);
        return 0;
    }
    for (size_t k = 0; k < n; k++) {
        if ((size_t)net->pool_idx[m][k] != q) {
            continue;
        }
        int zr = (int)(k % (size_t)g->dout), zc = (int)(k / (size_t)g->dout);
        char both[64] = "";
        if (g->dout > 1) {
            snprintf(both, sizeof both, " [interleaved P_pool^%d(%zu,%zu)]", m, k + 1, q + 1);
        }
        note(ex, "P_pool^%d[%d](%d,%d) = 1%s: this entry won the window of output %d, so v(%d) flows back to it", m,
             row + 1, zc + 1, col + 1, both, zc + 1, zc + 1);
        return eq5 ? deriv_term(ex, net, dz, zr, zc, other, row, col, false)
                   : deriv_term(ex, net, dz, zr, zc, other, zr, zc, true);
    }
    note(ex, "column %d of P_pool^%d[%d]%s is all zero: no window's max is at this position, so nothing flows back",
         col + 1, m, row + 1, inter);
    return 0;
}

/* reads dS, phi; writes dW = dS phi^T and db = dS 1. */
int explain_bwd_conv(const Net *net, const NetStep *st, int value, int row, int col, Explanation *ex)
{
    int m = st->layer, ds = st->reads[0], phi = st->reads[1];
    bool dw = value == st->writes[0];
    start(ex, net, st, value, row, col, EX_SUM);
    if (dw) {
        define(ex, "\\partial\\xi_i/\\partial W^%d(%d,%d) = \\sum_j \\partial\\xi_i/\\partial S^{%d,i}(%d,j) \\phi(pad(Z^{%d,i}))(%d,j)",
               m, row + 1, col + 1, m, row + 1, m, col + 1);
    } else {
        define(ex, "\\partial\\xi_i/\\partial b^%d(%d) = \\sum_j \\partial\\xi_i/\\partial S^{%d,i}(%d,j)", m, row + 1, m,
               row + 1);
    }
    for (int j = 0; j < VAL(ds)->cols; j++) {
        if (term_of(ex, net, ds, row, j, dw ? phi : -1, col, j) != 0) {
            return -1;
        }
    }
    return 0;
}

/* reads W, dS; writes dphi = W^T dS, then dpad = the scatter-add of dphi. */
int explain_bwd_phi(const Net *net, const NetStep *st, int value, int row, int col, Explanation *ex)
{
    const ConvGeom *g = &net->conv[st->layer];
    int m = st->layer, w = st->reads[0], ds = st->reads[1], dphi = st->writes[0];
    start(ex, net, st, value, row, col, EX_SUM);
    if (value == dphi) {
        define(ex, "\\partial\\xi_i/\\partial \\phi(%d,%d) = \\sum_r W^%d(r,%d) \\partial\\xi_i/\\partial S^{%d,i}(r,%d)",
               row + 1, col + 1, m, row + 1, m, col + 1);
        for (int r = 0; r < VAL(w)->rows; r++) {
            if (term_of(ex, net, w, r, row, ds, r, col) != 0) {
                return -1;
            }
        }
        return 0;
    }
    int pr = col % g->ap, pc = col / g->ap;
    define(ex, "\\partial\\xi_i/\\partial pad(Z^{%d,i}) at channel %d, row %d, column %d = the sum of the entries of"
               " \\partial\\xi_i/\\partial \\phi that copied it (P_\\phi^T)",
           m, row + 1, pr + 1, pc + 1);
    int rows = g->h * g->h * g->d;
    for (int j = 0; j < g->ac * g->bc; j++) {
        for (int t = 0; t < rows; t++) {
            PhiPlace pl = phi_place(g, t, j);
            if (pl.c == row && pl.prow == pr && pl.pcol == pc && term_of(ex, net, dphi, t, j, -1, 0, 0) != 0) {
                return -1;
            }
        }
    }
    note(ex, "%d window%s of phi%d contain%s this position", ex->nterms, ex->nterms == 1 ? "" : "s", m,
         ex->nterms == 1 ? "s" : "");
    return 0;
}

int explain_bwd_pad(const Net *net, const NetStep *st, int value, int row, int col, Explanation *ex)
{
    const ConvGeom *g = &net->conv[st->layer];
    int r = col % g->a, q = col / g->a;
    start(ex, net, st, value, row, col, EX_SUM);
    define(ex, "\\partial\\xi_i/\\partial Z^{%d,i} at channel %d, pixel (%d,%d) = the padded gradient at (%d,%d): P_pad^T"
               " drops the border",
           st->layer, row + 1, r + 1, q + 1, r + g->pad + 1, q + g->pad + 1);
    return term_of(ex, net, st->reads[0], row, (r + g->pad) + g->ap * (q + g->pad), -1, 0, 0);
}
