/* steps.c: the table of step kinds: for each, its name, phase, equation (in
 * the slides' notation and numbering, docs/math.md) and executor; the
 * operators themselves are in layers.c.
 * Must not: do I/O, print, or exit. */
#include "steps.h"

#include <stdio.h>
#include <string.h>

#define VAL(id) (&net->values[id].m)
#define D "\\partial\\xi_i/\\partial " /* the slides' dxi_i/d */

/* ---- equations (markup) -------------------------------------------------- */

static void eq_pad(const Net *net, const NetStep *st, char *b, size_t n)
{
    (void)net;
    snprintf(b, n, "vec(pad(Z^{%d,i})) = P_pad^%d vec(Z^{%d,i})", st->layer, st->layer, st->layer);
}

static void eq_phi(const Net *net, const NetStep *st, char *b, size_t n)
{
    (void)net;
    int m = st->layer;
    snprintf(b, n, "vec(\\phi(pad(Z^{%d,i}))) = P_\\phi^%d vec(pad(Z^{%d,i}))", m, m, m);
}

static void eq_conv(const Net *net, const NetStep *st, char *b, size_t n)
{
    (void)net;
    int m = st->layer;
    snprintf(b, n, "S^{%d,i} = W^%d \\phi(pad(Z^{%d,i})) + b^%d 1^T", m, m, m, m);
}

static void eq_act(const Net *net, const NetStep *st, char *b, size_t n)
{
    snprintf(b, n, "\\sigma(S^{%d,i})  (\\sigma = %s)", st->layer, act_name(net_layer_act(net, st->layer)));
}

static void eq_pool(const Net *net, const NetStep *st, char *b, size_t n)
{
    int m = st->layer;
    snprintf(b, n, "Z^{%d,i} = mat(P_pool^{%d,i} vec(\\sigma(S^{%d,i})))%s", m + 1, m, m,
             net->spec.pool_mode == POOL_AVG ? "  (average: P_pool holds 1/h^2)" : "");
}

static void eq_flatten(const Net *net, const NetStep *st, char *b, size_t n)
{
    (void)net;
    snprintf(b, n, "z^{%d,i} = vec(Z^{%d,i})", st->layer, st->layer);
}

static void eq_fc(const Net *net, const NetStep *st, char *b, size_t n)
{
    (void)net;
    int m = st->layer;
    snprintf(b, n, "s^{%d,i} = W^%d z^{%d,i} + b^%d", m, m, m, m);
}

static void eq_fc_act(const Net *net, const NetStep *st, char *b, size_t n)
{
    int m = st->layer;
    snprintf(b, n, "z^{%d,i} = \\sigma(s^{%d,i})  (\\sigma = %s)", m + 1, m, act_name(net_layer_act(net, st->layer)));
}

static void eq_loss(const Net *net, const NetStep *st, char *b, size_t n)
{
    (void)st;
    int L = net->spec.L;
    snprintf(b, n, "\\xi_i = ||z^{%d,i} - y^i||^2,  z^{%d,i} = s^{%d,i}", L + 1, L + 1, L);
}

static void eq_bwd_loss(const Net *net, const NetStep *st, char *b, size_t n)
{
    (void)st;
    int L = net->spec.L;
    snprintf(b, n, D "s^{%d,i} = " D "z^{%d,i} = 2(z^{%d,i} - y^i)", L, L + 1, L + 1);
}

/* softmax cross-entropy, PyTorch's cross_entropy on the logits z^{L+1} */
static void eq_loss_ce(const Net *net, const NetStep *st, char *b, size_t n)
{
    (void)st;
    int L = net->spec.L;
    snprintf(b, n, "\\xi_i = log \\sum_k exp(z^{%d,i}_k) - (y^i)^T z^{%d,i} = -\\sum_k y^i_k log softmax(z^{%d,i})_k,  "
             "z^{%d,i} = s^{%d,i}", L + 1, L + 1, L + 1, L + 1, L);
}

/* the slides' "Fully-connected IV" start, for cross-entropy instead of 2(z - y) */
static void eq_bwd_loss_ce(const Net *net, const NetStep *st, char *b, size_t n)
{
    (void)st;
    int L = net->spec.L;
    snprintf(b, n, D "s^{%d,i} = " D "z^{%d,i} = softmax(z^{%d,i}) - y^i,  softmax(z)_k = exp(z_k) / \\sum_j exp(z_j)",
             L, L + 1, L + 1);
}

static void eq_bwd_fc(const Net *net, const NetStep *st, char *b, size_t n)
{
    (void)net;
    int m = st->layer;
    snprintf(b, n, D "W^%d = (" D "s^{%d,i}) (z^{%d,i})^T;  " D "b^%d = " D "s^{%d,i};  " D "z^{%d,i} = (W^%d)^T " D
                   "s^{%d,i}",
             m, m, m, m, m, m, m, m);
}

/* eq. (4) with the derivative of the active activation (I[s] only for ReLU). */
static void eq_bwd_fc_act(const Net *net, const NetStep *st, char *b, size_t n)
{
    int m = st->layer;
    char s[32], factor[96];
    snprintf(s, sizeof s, "s^{%d,i}", m);
    act_deriv_markup(net_layer_act(net, st->layer), s, factor, sizeof factor);
    bool bare = net_layer_act(net, st->layer) == ACT_RELU;
    snprintf(b, n, D "s^{%d,i} = " D "z^{%d,i} \\odot %s%s%s", m, m + 1, bare ? "" : "(", factor, bare ? "" : ")");
}

static void eq_bwd_flatten(const Net *net, const NetStep *st, char *b, size_t n)
{
    (void)net;
    snprintf(b, n, D "Z^{%d,i} = mat(" D "z^{%d,i})", st->layer, st->layer);
}

static void eq_bwd_pool(const Net *net, const NetStep *st, char *b, size_t n)
{
    int m = st->layer;
    char x[48], factor[128];
    if (net->rule == RULE_EQ5) {
        snprintf(x, sizeof x, "S^{%d,i}", m);
        act_deriv_markup(net_layer_act(net, st->layer), x, factor, sizeof factor);
        snprintf(b, n, D "vec(S^{%d,i})^T = (" D "vec(Z^{%d,i})^T P_pool^{%d,i}) \\odot vec(%s)^T", m, m + 1, m,
                 factor);
    } else {
        snprintf(x, sizeof x, "Z^{%d,i}", m + 1);
        act_deriv_from_output_markup(net_layer_act(net, st->layer), x, factor, sizeof factor);
        snprintf(b, n, D "vec(S^{%d,i})^T = (" D "vec(Z^{%d,i})^T \\odot %s) P_pool^{%d,i}", m, m + 1, factor, m);
    }
}

static void eq_bwd_conv(const Net *net, const NetStep *st, char *b, size_t n)
{
    (void)net;
    int m = st->layer;
    snprintf(b, n, D "W^%d = (" D "S^{%d,i}) \\phi(pad(Z^{%d,i}))^T;  " D "b^%d = (" D "S^{%d,i}) 1", m, m, m, m, m);
}

static void eq_bwd_phi(const Net *net, const NetStep *st, char *b, size_t n)
{
    (void)net;
    int m = st->layer;
    snprintf(b, n, D "vec(pad(Z^{%d,i}))^T = vec((W^%d)^T " D "S^{%d,i})^T P_\\phi^%d", m, m, m, m);
}

static void eq_bwd_pad(const Net *net, const NetStep *st, char *b, size_t n)
{
    (void)net;
    int m = st->layer;
    snprintf(b, n, D "vec(Z^{%d,i})^T = " D "vec(pad(Z^{%d,i}))^T P_pad^%d", m, m, m);
}

/* ---- executors ------------------------------------------------------------ */

static const ConvGeom *geom(const Net *net, const NetStep *st)
{
    return &net->conv[st->layer];
}

static void ex_pad(Net *net, const NetStep *st)
{
    pad_forward(VAL(st->writes[0]), VAL(st->reads[0]), geom(net, st));
}

static void ex_phi(Net *net, const NetStep *st)
{
    phi_forward(VAL(st->writes[0]), VAL(st->reads[0]), geom(net, st));
}

/* S = W phi + b 1^T (conv) and s = W z + b (FC): reads W, the input, b */
static void ex_conv(Net *net, const NetStep *st)
{
    conv_forward(VAL(st->writes[0]), VAL(st->reads[0]), VAL(st->reads[1]), VAL(st->reads[2]));
}

static void ex_fc(Net *net, const NetStep *st)
{
    fc_forward(VAL(st->writes[0]), VAL(st->reads[0]), VAL(st->reads[1]), VAL(st->reads[2]));
}

static void ex_act(Net *net, const NetStep *st)
{
    act_forward(VAL(st->writes[0]), VAL(st->reads[0]), net_layer_act(net, st->layer));
}

static void ex_pool(Net *net, const NetStep *st)
{
    pool_forward(VAL(st->writes[0]), net->pool_idx[st->layer], VAL(st->reads[0]), geom(net, st),
                 net->spec.pool_mode);
}

/* z = vec(Z) and back: the same numbers, column-major */
static void ex_copy(Net *net, const NetStep *st)
{
    mat_copy(VAL(st->writes[0]), VAL(st->reads[0]));
}

static void ex_loss(Net *net, const NetStep *st)
{
    VAL(st->writes[0])->data[0] = loss_forward(VAL(st->reads[0]), VAL(st->reads[1]));
}

static void ex_bwd_loss(Net *net, const NetStep *st)
{
    loss_backward(VAL(st->writes[0]), VAL(st->reads[0]), VAL(st->reads[1]));
}

static void ex_loss_ce(Net *net, const NetStep *st)
{
    VAL(st->writes[0])->data[0] = loss_ce_forward(VAL(st->reads[0]), VAL(st->reads[1]));
}

static void ex_bwd_loss_ce(Net *net, const NetStep *st)
{
    loss_ce_backward(VAL(st->writes[0]), VAL(st->reads[0]), VAL(st->reads[1]));
}

/* eqs. (1)-(3): reads dS, W, z; writes dW, db, dz */
static void ex_bwd_fc(Net *net, const NetStep *st)
{
    fc_backward(VAL(st->writes[0]), VAL(st->writes[1]), VAL(st->writes[2]), VAL(st->reads[0]), VAL(st->reads[1]),
                VAL(st->reads[2]));
}

/* eq. (4): reads dz^{m+1}, s^m; writes ds^m */
static void ex_bwd_fc_act(Net *net, const NetStep *st)
{
    act_backward(VAL(st->writes[0]), VAL(st->reads[0]), VAL(st->reads[1]), net_layer_act(net, st->layer));
}

/* eq. (5) reads dZ^{m+1} and S^m; eq. (6) dZ^{m+1} and Z^{m+1} (net_set_rule) */
static void ex_bwd_pool(Net *net, const NetStep *st)
{
    int m = st->layer;
    if (net->rule == RULE_EQ5) {
        pool_backward_eq5(VAL(st->writes[0]), VAL(st->reads[0]), net->pool_idx[m], VAL(st->reads[1]), geom(net, st),
                          net->spec.pool_mode, net_layer_act(net, st->layer));
    } else {
        pool_backward_eq6(VAL(st->writes[0]), VAL(st->reads[0]), net->pool_idx[m], VAL(st->reads[1]), geom(net, st),
                          net->spec.pool_mode, net_layer_act(net, st->layer));
    }
}

/* reads dS, phi; writes dW, db */
static void ex_bwd_conv(Net *net, const NetStep *st)
{
    conv_backward_params(VAL(st->writes[0]), VAL(st->writes[1]), VAL(st->reads[0]), VAL(st->reads[1]), net->dwt);
}

/* reads W, dS; writes dphi = W^T dS, then dpad = P_phi^T vec(dphi) */
static void ex_bwd_phi(Net *net, const NetStep *st)
{
    conv_backward_input(VAL(st->writes[0]), VAL(st->reads[0]), VAL(st->reads[1]));
    phi_backward(VAL(st->writes[1]), VAL(st->writes[0]), geom(net, st));
}

static void ex_bwd_pad(Net *net, const NetStep *st)
{
    pad_backward(VAL(st->writes[0]), VAL(st->reads[0]), geom(net, st));
}

/* ---- the table ------------------------------------------------------------ */

static const StepInfo STEPS[] = {
    [STEP_PAD] = { "fwd pad", true, PHASE_FWD, "", eq_pad, ex_pad, explain_pad },
    [STEP_PHI] = { "fwd phi", true, PHASE_FWD, "", eq_phi, ex_phi, explain_phi },
    [STEP_CONV] = { "fwd conv", true, PHASE_FWD, "", eq_conv, ex_conv, explain_affine },
    [STEP_ACT] = { "fwd @", true, PHASE_FWD, "", eq_act, ex_act, explain_act },
    [STEP_POOL] = { "fwd pool", true, PHASE_FWD, "", eq_pool, ex_pool, explain_pool },
    [STEP_FLATTEN] = { "fwd flatten", false, PHASE_FWD, "", eq_flatten, ex_copy, explain_copy },
    [STEP_FC] = { "fwd fc", true, PHASE_FWD, "", eq_fc, ex_fc, explain_affine },
    [STEP_FC_ACT] = { "fwd @", true, PHASE_FWD, "", eq_fc_act, ex_act, explain_act },
    [STEP_LOSS] = { "loss", false, PHASE_LOSS, "", eq_loss, ex_loss, explain_loss },
    [STEP_BWD_LOSS] = { "bwd loss", false, PHASE_BWD, "", eq_bwd_loss, ex_bwd_loss, explain_bwd_loss },
    [STEP_BWD_FC] = { "bwd fc", true, PHASE_BWD, "(1)-(3)", eq_bwd_fc, ex_bwd_fc, explain_bwd_fc },
    [STEP_BWD_FC_ACT] = { "bwd @", true, PHASE_BWD, "(4)", eq_bwd_fc_act, ex_bwd_fc_act, explain_bwd_fc_act },
    [STEP_BWD_FLATTEN] = { "bwd flatten", false, PHASE_BWD, "", eq_bwd_flatten, ex_copy, explain_copy },
    [STEP_BWD_POOL] = { "bwd pool", true, PHASE_BWD, "", eq_bwd_pool, ex_bwd_pool, explain_bwd_pool }, /* (5) or (6): the rule */
    [STEP_BWD_CONV] = { "bwd conv", true, PHASE_BWD, "", eq_bwd_conv, ex_bwd_conv, explain_bwd_conv },
    [STEP_BWD_PHI] = { "bwd phi", true, PHASE_BWD, "", eq_bwd_phi, ex_bwd_phi, explain_bwd_phi },
    [STEP_BWD_PAD] = { "bwd pad", true, PHASE_BWD, "", eq_bwd_pad, ex_bwd_pad, explain_bwd_pad },
    /* the same names as the squared loss's steps, so breakpoints and lessons need not change */
    [STEP_LOSS_CE] = { "loss", false, PHASE_LOSS, "", eq_loss_ce, ex_loss_ce, explain_loss_ce },
    [STEP_BWD_LOSS_CE] = { "bwd loss", false, PHASE_BWD, "", eq_bwd_loss_ce, ex_bwd_loss_ce, explain_bwd_loss_ce },
};

const StepInfo *step_info(StepKind kind)
{
    return &STEPS[kind];
}

void step_name(const Net *net, const NetStep *st, char *buf, size_t size)
{
    const StepInfo *info = &STEPS[st->kind];
    const char *at = strchr(info->name, '@');
    int len = at != NULL ? snprintf(buf, size, "%.*s%s", (int)(at - info->name), info->name, act_name(net_layer_act(net, st->layer)))
                         : snprintf(buf, size, "%s", info->name);
    if (len < 0 || (size_t)len >= size) {
        return;
    }
    if (info->numbered) {
        len += snprintf(buf + len, size - (size_t)len, "%d", st->layer);
    }
    if (st->kind == STEP_BWD_POOL && (size_t)len < size) {
        snprintf(buf + len, size - (size_t)len, " (%d)", (int)net->rule);
    }
}

void step_equation(const Net *net, const NetStep *st, char *eq, size_t eq_size, char *eqno, size_t eqno_size)
{
    const StepInfo *info = &STEPS[st->kind];
    info->equation(net, st, eq, eq_size);
    if (st->kind == STEP_BWD_POOL) {
        snprintf(eqno, eqno_size, "(%d)", (int)net->rule);
    } else {
        snprintf(eqno, eqno_size, "%s", info->eqno);
    }
}
