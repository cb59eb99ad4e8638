/* cmd_inspect.c: the commands that show and change values: display, print,
 * set, info and compare. Must not: print or exit. */
#include <ctype.h>
#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cmd_internal.h"
#include "subscript.h"
#include "training.h"
#include "compare.h"
#include "expr.h"
#include "matlit.h"
#include "notation.h"

CmdStatus cmd_display(Ctx *c, const char *args)
{
    Engine *e = c->e;
    args = cmd_skip_ws(args);
    if (*args == '\0') {
        command_show_displays(e, c->out);
        return CMD_OK;
    }
    if (cmd_check_expr(c, args) != 0) {
        return CMD_ERROR;
    }
    if (e->ndisplays >= ENGINE_MAX_DISPLAYS) {
        return cmd_error(c, args, "too many displays; undisplay some first");
    }
    if (strlen(args) >= ENGINE_EXPR_LEN) {
        return cmd_error(c, args, "expression too long to keep (a display holds at most 511 characters)");
    }
    Display *dsp = &e->displays[e->ndisplays++];
    dsp->id = e->next_display_id++;
    snprintf(dsp->expr, sizeof dsp->expr, "%s", args);
    sb_printf(c->out, "display %d: %s\n", dsp->id, dsp->expr);
    command_show_displays(e, c->out); /* its value at once, as gdb does */
    return CMD_OK;
}

CmdStatus cmd_undisplay(Ctx *c, const char *args)
{
    Engine *e = c->e;
    int id, which = cmd_id_or_all(c, &args, &id);
    if (which <= 0) {
        if (which == 0) {
            e->ndisplays = 0;
            sb_append(c->out, "all displays removed\n");
        }
        return which == 0 ? CMD_OK : CMD_ERROR;
    }
    if (!engine_undisplay(e, id)) {
        return cmd_error(c, args, "no display with that number");
    }
    sb_printf(c->out, "display %d removed\n", id);
    return CMD_OK;
}

CmdStatus cmd_print(Ctx *c, const char *args)
{
    args = cmd_skip_ws(args);
    MatFormat f = FMT_TEXT;
    int digits = -1;
    if (strncmp(args, "-f", 2) == 0) {
        const char *w = cmd_skip_ws(args + 2);
        if (strncmp(w, "csv", 3) == 0 && (w[3] == ' ' || w[3] == '\0')) {
            f = FMT_CSV;
            args = cmd_skip_ws(w + 3);
        } else if (strncmp(w, "latex", 5) == 0 && (w[5] == ' ' || w[5] == '\0' || w[5] == ':')) {
            f = FMT_LATEX;
            args = w + 5;
            if (*args == ':') { /* latex:N, N decimals: the slides' 0.25 rather than 0.250000 */
                char *end = NULL;
                long n = isdigit((unsigned char)args[1]) ? strtol(args + 1, &end, 10) : -1;
                if (n < 0 || n > 17 || (*end != ' ' && *end != '\0')) {
                    return cmd_error(c, args, "latex:N takes a number of decimals, 0 to 17 (print -f latex:2 W1)");
                }
                digits = (int)n;
                args = end;
            }
            args = cmd_skip_ws(args);
        } else if (strncmp(w, "text", 4) == 0 && (w[4] == ' ' || w[4] == '\0')) {
            args = cmd_skip_ws(w + 4);
        } else {
            return cmd_error(c, w, "format must be text, csv, latex or latex:N (N decimals)");
        }
    }
    if (*args == '\0') {
        return cmd_usage(c, args, "print", " (EXPR: a name or an expression)");
    }
    ExprResult r;
    if (expr_eval(c->e, args, cmd_col(c, args) - 1, &r, c->d) != 0) {
        return CMD_ERROR;
    }
    cmd_show_value_digits(c, r.is_ref ? r.ref.label : args, r.is_ref ? &r.ref : NULL, &r.m, f, digits);
    mat_release(&r.m);
    return CMD_OK;
}

/* Reshapes lit into the shape of value v (NAME or NAME[c]) or says why not. */
static int fit_shape(Ctx *c, const char *at, const NetValue *v, int channel, Matrix *lit)
{
    int rows = v->m.rows, cols = v->m.cols;
    if (channel > 0) {
        rows = v->map_a;
        cols = v->map_b;
    }
    bool vector = cols == 1 || rows == 1;
    bool same = lit->rows == rows && lit->cols == cols;
    bool as_vector = vector && (lit->rows == 1 || lit->cols == 1) && mat_count(lit) == (size_t)rows * (size_t)cols;
    bool as_image = channel == 0 && v->map_d == 1 && lit->rows == v->map_a && lit->cols == v->map_b;
    if (same || as_vector) {
        lit->rows = rows;
        lit->cols = cols;
        return 0;
    }
    if (as_image) {
        /* a one-channel a x b image: column-major storage is already vec order */
        lit->rows = rows;
        lit->cols = cols;
        return 0;
    }
    char extra[80] = "";
    if (channel == 0 && v->map_d == 1) {
        snprintf(extra, sizeof extra, " or %d x %d (as an image)", v->map_a, v->map_b);
    }
    diag_set(c->d, 0, cmd_col(c, at), "shape mismatch: %s%s is %d x %d%s, the matrix is %d x %d", v->name,
             channel > 0 ? "[c]" : "", rows, cols, extra, lit->rows, lit->cols);
    return -1;
}

/* Writes lit (as many entries as the subscript selects, in column-major
 * order, or one number for all of them, as MATLAB's A(1,:) = 0) into the
 * selected entries of v as shown: the whole matrix or one channel's image. */
static void assign_region(NetValue *v, int channel, int rows, const Subscript *sub, const Matrix *lit)
{
    size_t n = subscript_count(sub);
    for (size_t k = 0; k < n; k++) {
        size_t pos = subscript_at(sub, rows, k), i = pos % (size_t)rows, q = pos / (size_t)rows;
        size_t at = channel > 0 ? (size_t)(channel - 1) + (size_t)v->map_d * (i + (size_t)v->map_a * q) : pos;
        v->m.data[at] = lit->data[mat_count(lit) == 1 ? 0 : k];
    }
}

/* `set loss mse|ce`: 1 done, -1 refused (as set_option). */
static int set_loss(Ctx *c, const char *v)
{
    Engine *e = c->e;
    LossKind loss;
    if (loss_parse(v, &loss) != 0) {
        cmd_error(c, v, "usage: set loss mse|ce (the slides' squared loss, or softmax cross-entropy)");
        return -1;
    }
    engine_set_loss(e, loss);
    sb_printf(c->out, "loss: %s; recomputed up to %d/%d\n",
              loss == LOSS_CE ? "ce, softmax cross-entropy (first backward value softmax(z) - y)"
                              : "mse, the slides' squared loss (first backward value 2(z - y))", e->pos, e->nops);
    const Matrix *y = &e->net->values[e->net->vy].m;
    double sum = 0.0;
    for (size_t k = 0; k < mat_count(y); k++) {
        sum += y->data[k];
    }
    if (loss == LOSS_CE && fabs(sum - 1.0) > 1e-12) {
        sb_printf(c->out, "note: y sums to %g; cross-entropy takes y as probabilities (a one-hot label sums to "
                  "1), so xi = log sum_k exp(z_k) - y^T z may be negative here\n", sum);
    }
    return 1;
}

/* set rule / set verbose: 1 when done, -1 on error, 0 when args is not an option. */
static int set_option(Ctx *c, const char *args)
{
    Engine *e = c->e;
    if (strncmp(args, "rule", 4) == 0 && (args[4] == ' ' || args[4] == '\0')) {
        const char *v = cmd_skip_ws(args + 4);
        if (strcmp(v, "5") != 0 && strcmp(v, "6") != 0) {
            cmd_error(c, v, "usage: set rule 5|6 (the pooling backward, eq. (5) or eq. (6))");
            return -1;
        }
        if (engine_set_rule(e, v[0] == '5' ? RULE_EQ5 : RULE_EQ6) != 0) {
            cmd_error(c, v, "eq. (6) cannot be used with average pooling: sigma'(S) is not recoverable from Z^{m+1}");
            return -1;
        }
        sb_printf(c->out, "pooling backward now uses eq. (%c); every value up to %d/%d was recomputed with it\n", v[0],
                  e->pos, e->nops);
        return 1;
    }
    if (strncmp(args, "activation", 10) == 0 && (args[10] == ' ' || args[10] == '\0')) {
        const char *v = cmd_skip_ws(args + 10);
        Activation act;
        if (act_parse(v, &act) != 0) {
            cmd_error(c, v, "usage: set activation relu|leaky|tanh|sigmoid");
            return -1;
        }
        engine_set_model(e, act, e->net->spec.pool_mode);
        sb_printf(c->out, "activation: %s; recomputed up to %d/%d\n", act_name(act), e->pos, e->nops);
        return 1;
    }
    if (strncmp(args, "loss", 4) == 0 && (args[4] == ' ' || args[4] == '\0')) {
        return set_loss(c, cmd_skip_ws(args + 4));
    }
    if (strncmp(args, "pool", 4) == 0 && (args[4] == ' ' || args[4] == '\0')) {
        const char *v = cmd_skip_ws(args + 4);
        if (strcmp(v, "max") != 0 && strcmp(v, "avg") != 0) {
            cmd_error(c, v, "usage: set pool max|avg");
            return -1;
        }
        PoolRule before = e->net->rule;
        engine_set_pool(e, v[0] == 'm' ? POOL_MAX : POOL_AVG);
        sb_printf(c->out, "pooling: %s%s; recomputed up to %d/%d\n", v[0] == 'm' ? "max" : "average",
                  before != e->net->rule ? " (the pooling backward now uses eq. (5): eq. (6) cannot)" : "",
                  e->pos, e->nops);
        return 1;
    }
    if (strncmp(args, "verbose", 7) == 0 && (args[7] == ' ' || args[7] == '\0')) {
        const char *v = cmd_skip_ws(args + 7);
        if (strcmp(v, "on") != 0 && strcmp(v, "off") != 0) {
            cmd_error(c, v, "usage: set verbose on|off");
            return -1;
        }
        e->verbose = strcmp(v, "on") == 0;
        return 1;
    }
    return 0;
}

typedef struct {
    char name[32];
    size_t n;
    int channel;           /* 1-based, 0 = the whole value */
    const char *name_at;   /* where NAME starts */
    const char *region_at; /* "(i,j)" or NULL */
    const char *eq;        /* the '=' */
} SetTarget;

/* NAME[c](i,j) up to the '='; -1 with the error set. */
static int parse_target(Ctx *c, const char *args, SetTarget *t)
{
    memset(t, 0, sizeof *t);
    t->name_at = args;
    while ((isalnum((unsigned char)*args) || *args == '_') && t->n + 1 < sizeof t->name) {
        t->name[t->n++] = *args++;
    }
    if (t->n == 0) {
        return cmd_usage(c, t->name_at, "set", "%s", ""), -1;
    }
    if (*args == '[') {
        char *end = NULL;
        long ch = strtol(args + 1, &end, 10);
        if (end == args + 1 || *end != ']' || ch < 1) {
            return cmd_error(c, args, "expected a channel such as [1]"), -1;
        }
        if (ch > INT_MAX) {
            diag_set(c->d, 0, cmd_col(c, args), "no channel %ld: channels are counted in ints", ch);
            return -1;
        }
        t->channel = (int)ch;
        args = end + 1;
    }
    t->region_at = *args == '(' ? args : NULL;
    if (t->region_at != NULL) { /* checked once the value's shape is known */
        args += strcspn(args, ")");
        args += *args == ')';
    }
    t->eq = cmd_skip_ws(args);
    if (*t->eq != '=') {
        return cmd_error(c, t->eq, "expected '=' (set NAME = MATRIX, or NAME(i,j) = NUMBER)"), -1;
    }
    return 0;
}

/* The value t names, when `set` may change it (and its channel exists);
 * NULL with the error set. */
static NetValue *target_value(Ctx *c, const SetTarget *t)
{
    Engine *e = c->e;
    int id = net_find_value(e->net, t->name);
    if (id < 0) {
        diag_set(c->d, 0, cmd_col(c, t->name_at), "unknown name '%s' (try 'info values')", t->name);
        return NULL;
    }
    NetValue *v = &e->net->values[id];
    if (!values_settable(e, id)) {
        diag_set(c->d, 0, cmd_col(c, t->name_at), "%s is computed by the program; set the input Z1, a weight W<m>, "
                 "a bias b<m> or the target y", t->name);
        return NULL;
    }
    if (t->channel > 0 && (v->map_d == 0 || t->channel > v->map_d)) {
        diag_set(c->d, 0, cmd_col(c, t->name_at), "%s has no channel %d", t->name, t->channel);
        return NULL;
    }
    return v;
}

CmdStatus cmd_set(Ctx *c, const char *args)
{
    Engine *e = c->e;
    args = cmd_skip_ws(args);
    int option = set_option(c, args);
    if (option != 0) {
        return option > 0 ? CMD_OK : CMD_ERROR;
    }
    SetTarget t;
    NetValue *v = parse_target(c, args, &t) == 0 ? target_value(c, &t) : NULL;
    if (v == NULL) {
        return CMD_ERROR;
    }
    int rows = t.channel > 0 ? v->map_a : v->m.rows, cols = t.channel > 0 ? v->map_b : v->m.cols;
    Subscript sub = { 1, true, { { 0, 1, (long)rows * cols }, { 0, 1, 0 } } }; /* all: NAME(:) */
    const char *p = t.region_at;
    if (t.region_at != NULL && subscript_parse(c->line, &p, 0, rows, cols, t.name, &sub, c->d) != 0) {
        return CMD_ERROR;
    }
    if (t.region_at != NULL && *cmd_skip_ws(p) != '=') {
        return cmd_error(c, cmd_skip_ws(p), "expected '=' after the subscript");
    }
    const char *lit_at = cmd_skip_ws(t.eq + 1);
    Matrix lit;
    if (matlit_parse(lit_at, cmd_col(c, lit_at) - 1, &lit, c->d) != 0) {
        return CMD_ERROR;
    }
    size_t want = subscript_count(&sub); /* a range takes as many entries, or one number for all */
    if (t.region_at != NULL ? mat_count(&lit) != want && mat_count(&lit) != 1
                            : fit_shape(c, lit_at, v, t.channel, &lit) != 0) {
        if (t.region_at != NULL) {
            diag_set(c->d, 0, cmd_col(c, lit_at), "%.*s%.*s has %zu entr%s, the matrix %zu", (int)t.n, t.name,
                     (int)(p - t.region_at), t.region_at, want, want == 1 ? "y" : "ies", mat_count(&lit));
        }
        mat_release(&lit);
        return CMD_ERROR;
    }
    assign_region(v, t.channel, rows, &sub, &lit); /* nothing was written before every check passed */
    mat_release(&lit);
    if (v == &e->net->values[e->net->layer[1].Z] && e->training != NULL) {
        e->training->input[0] = '\0'; /* no longer the image its name says; y stays as it was */
    }
    engine_recompute(e);
    char shown[96];
    snprintf(shown, sizeof shown, "%.*s", (int)(t.eq - t.name_at), t.name_at);
    while (strlen(shown) > 0 && shown[strlen(shown) - 1] == ' ') {
        shown[strlen(shown) - 1] = '\0';
    }
    sb_printf(c->out, "%s set; recomputed %d op%s\n", shown, e->pos, e->pos == 1 ? "" : "s");
    return CMD_OK;
}

static void info_net(Ctx *c)
{
    const Net *net = c->e->net;
    const NetSpec *s = &net->spec;
    sb_printf(c->out, "network: L = %d layers (%d convolutional, %d fully connected), activation %s, %s pooling\n",
              s->L, s->LC, s->L - s->LC, s->per_layer ? "per layer" : act_name(s->act),
              s->pool_mode == POOL_MAX ? "max" : "average");
    for (int m = 1; m <= s->LC; m++) {
        const ConvGeom *g = &net->conv[m];
        size_t params = mat_count(&net->values[net->layer[m].W].m) + (size_t)g->dout;
        sb_printf(c->out,
                  "  layer %d conv: Z%d %dx%dx%d, pad %d, %d filters %dx%d stride %d -> S%d %dx%dx%d, pool %dx%d -> Z%d %dx%dx%d   (%zu parameters)%s%s\n",
                  m, m, g->d, g->a, g->b, g->pad, g->dout, g->h, g->h, g->stride, m, g->dout, g->ac,
                  g->bc, g->pool, g->pool, m + 1, g->dout, g->ao, g->bo, params, s->per_layer ? ", sigma = " : "",
                  s->per_layer ? act_name(net_layer_act(net, m)) : "");
    }
    for (int m = s->LC + 1; m <= s->L; m++) {
        size_t params = (size_t)net->fc_out[m] * (size_t)(net->fc_in[m] + 1);
        sb_printf(c->out, "  layer %d fc:   z%d %d -> s%d %d (%s)   (%zu parameters)\n", m, m,
                  net->fc_in[m], m, net->fc_out[m], act_name(net_layer_act(net, m)), params);
    }
    if (s->loss == LOSS_CE) {
        sb_printf(c->out, "  loss: ce, softmax cross-entropy, xi = log sum_k exp(z%d(k)) - y^T z%d; ", s->L + 1,
                  s->L + 1);
    } else {
        sb_printf(c->out, "  loss: squared, xi = ||z%d - y||^2; ", s->L + 1);
    }
    sb_printf(c->out, "%zu parameters; %d ops; pooling backward eq. (%d)\n", net_param_count(net), c->e->nops,
              (int)net->rule);
}

static void info_ops(Ctx *c)
{
    Engine *e = c->e;
    for (int k = 0; k < e->nops; k++) {
        bool bp = false;
        for (int i = 0; i < e->nbreaks; i++) {
            bp = bp || engine_break_matches(e, &e->breaks[i], k);
        }
        char eq[400];
        cmd_render(e->ops[k].equation, eq, sizeof eq);
        sb_printf(c->out, "%s%s%3d  %-15s %s\n", k == e->pos ? "=>" : "  ", bp ? "*" : " ", k + 1,
                  e->ops[k].name, eq);
    }
    if (e->pos == e->nops) {
        sb_append(c->out, "=>   (end)\n");
    }
}

static void info_memory(Ctx *c)
{
    const Net *net = c->e->net;
    size_t b5 = net_saved_bytes(net, RULE_EQ5), b6 = net_saved_bytes(net, RULE_EQ6);
    sb_append(c->out, "what the backward pass needs from the forward pass (one instance):\n");
    for (int m = 1; m <= net->spec.LC; m++) {
        size_t s = mat_count(&net->values[net->layer[m].S].m), z = mat_count(&net->values[net->layer[m + 1].Z].m);
        sb_printf(c->out, "  conv layer %d: eq. (5) keeps S%d (%zu entries) and Z%d (%zu); eq. (6) keeps only Z%d\n",
                  m, m, s, m + 1, z, m + 1);
    }
    sb_printf(c->out, "  eq. (5): %zu bytes (Z^m for every m, P_pool index lists, and S^m of conv layers)\n", b5);
    sb_printf(c->out, "  eq. (6): %zu bytes (Z^m for every m and P_pool index lists)\n", b6);
    sb_printf(c->out, "  saved by eq. (6): %zu bytes (%.1f%%); now using eq. (%d)\n", b5 - b6,
              b5 > 0 ? 100.0 * (double)(b5 - b6) / (double)b5 : 0.0, (int)net->rule);
    sb_append(c->out, "  undo memory of the debugger: 0 bytes (each value has one writer; back only hides it)\n");
    int64_t pass = config_pass_bytes(&net->spec);
    sb_printf(c->out, "what bpstep holds: %.1f MiB for every value of the pass and its gradients (limit %lld MiB),\n"
                      "  plus at most %lld MiB for one expression's intermediates and %lld MiB for a dense P matrix shown\n",
              (double)pass / 1048576.0, (long long)(NET_MAX_BYTES >> 20),
              (long long)(EXPR_MAX_ENTRIES * (int64_t)sizeof(double) >> 20),
              (long long)(VALUES_MAX_DENSE * (long)sizeof(double) >> 20));
    if (c->e->training != NULL && c->e->training->cap > 0) {
        int l = c->e->training->cap;
        int threads = c->e->training->trainer != NULL ? trainer_threads(c->e->training->trainer) : 1;
        sb_printf(c->out, "for a training batch of l = %d: eq. (5) keeps %.1f MiB, eq. (6) %.1f MiB (l times the above); "
                          "the batched pass holds %.1f MiB in all on %d thread%s\n", l, (double)b5 * l / 1048576.0,
                  (double)b6 * l / 1048576.0, (double)trainer_bytes(&net->spec, l, threads) / 1048576.0, threads,
                  threads == 1 ? "" : "s");
    }
}

static void info_values(Ctx *c)
{
    Engine *e = c->e;
    TableBuild tb;
    cmd_table_begin(c, &tb, 4);
    for (int i = 0; i < e->net->nvalues; i++) {
        const NetValue *v = &e->net->values[i];
        char math[64];
        cmd_render(v->math, math, sizeof math);
        char name[40], shape[32];
        snprintf(name, sizeof name, "%s%s%s", v->name, v->alias[0] ? "/" : "", v->alias);
        snprintf(shape, sizeof shape, "%d x %d", v->m.rows, v->m.cols);
        const char *state = engine_value_valid(e, i) ? "" : "(not computed yet)";
        sb_printf(c->out, "  %-12s %-22s %5d x %-5d %s\n", name, math, v->m.rows, v->m.cols, state);
        cmd_table_row(&tb, (const char *const[]){ name, math, shape, state });
    }
    cmd_table_end(&tb);
    sb_append(c->out, "  Ppool<m>, Pphi<m>, Ppad<m>: the 0/1 matrices of conv layer m; NAME[c]: channel c\n");
}

/* info break lists breakpoints and watchpoints (as gdb's info breakpoints),
 * info watch the watchpoints alone. */
static void info_breaks(Ctx *c, bool watch_only)
{
    Engine *e = c->e;
    int shown = 0;
    for (int i = 0; i < e->nbreaks; i++) {
        shown += !watch_only || e->breaks[i].kind == BP_WATCH;
    }
    if (shown == 0) {
        sb_append(c->out, watch_only ? "no watchpoints\n" : "no breakpoints or watchpoints\n");
        return;
    }
    TableBuild tb;
    cmd_table_begin(c, &tb, 4);
    for (int i = 0; i < e->nbreaks; i++) {
        static const char *const kinds[] = { "op", "layer", "phase", "condition", "watch" };
        const Breakpoint *b = &e->breaks[i];
        if (watch_only && b->kind != BP_WATCH) {
            continue;
        }
        sb_printf(c->out, "  %d  %-9s %s  (hit %d time%s)\n", b->id, kinds[b->kind], b->text, b->hits,
                  b->hits == 1 ? "" : "s");
        char id[16], hits[16];
        snprintf(id, sizeof id, "%d", b->id);
        snprintf(hits, sizeof hits, "%d", b->hits);
        cmd_table_row(&tb, (const char *const[]){ id, kinds[b->kind], b->text, hits });
    }
    cmd_table_end(&tb);
}

static void info_displays(Ctx *c)
{
    Engine *e = c->e;
    if (e->ndisplays == 0) {
        sb_append(c->out, "no displays\n");
        return;
    }
    TableBuild tb;
    cmd_table_begin(c, &tb, 2);
    for (int i = 0; i < e->ndisplays; i++) {
        sb_printf(c->out, "  %d  %s\n", e->displays[i].id, e->displays[i].expr);
        char id[16];
        snprintf(id, sizeof id, "%d", e->displays[i].id);
        cmd_table_row(&tb, (const char *const[]){ id, e->displays[i].expr });
    }
    cmd_table_end(&tb);
}

CmdStatus cmd_info(Ctx *c, const char *args)
{
    args = cmd_skip_ws(args);
    if (strcmp(args, "net") == 0) {
        info_net(c);
    } else if (strcmp(args, "ops") == 0 || strcmp(args, "program") == 0) {
        info_ops(c);
    } else if (strcmp(args, "memory") == 0) {
        info_memory(c);
    } else if (strcmp(args, "values") == 0) {
        info_values(c);
    } else if (strcmp(args, "predict") == 0) {
        info_predict(c);
    } else if (strncmp(args, "batch", 5) == 0 && (args[5] == '\0' || args[5] == ' ')) {
        if (info_batch(c, cmd_skip_ws(args + 5)) != 0) {
            c->d->col = cmd_col(c, cmd_skip_ws(args + 5));
            return CMD_ERROR;
        }
    } else if (strncmp(args, "break", 5) == 0 && (strcmp(args + 5, "") == 0 || strcmp(args + 5, "points") == 0)) {
        info_breaks(c, false);
    } else if (strncmp(args, "watch", 5) == 0 && (strcmp(args + 5, "") == 0 || strcmp(args + 5, "points") == 0)) {
        info_breaks(c, true);
    } else if (strcmp(args, "display") == 0) {
        info_displays(c);
    } else {
        return cmd_usage(c, args, "info", "%s", "");
    }
    return CMD_OK;
}

CmdStatus cmd_compare(Ctx *c, const char *args)
{
    Engine *e = c->e;
    args = cmd_skip_ws(args);
    if (strcmp(args, "slides") == 0) {
        cmd_flush(c);
        compare_slides_text(c->out);
        cmd_flush_columns(c);
        return CMD_OK;
    }
    int m = e->net->spec.LC;
    if (*args != '\0') {
        const char *num = strncmp(args, "conv", 4) == 0 ? args + 4 : args;
        char *end = NULL;
        long v = strtol(num, &end, 10);
        if (end == num || *cmd_skip_ws(end) != '\0') {
            return cmd_usage(c, args, "compare", ", e.g. compare 1");
        }
        m = v >= 1 && v <= NET_MAX_LAYERS ? (int)v : -1; /* no cast of an out-of-range long */
    } else if (e->pos > 0 && e->ops[e->pos - 1].layer <= e->net->spec.LC) {
        m = e->ops[e->pos - 1].layer;
    }
    if (m < 1 || m > e->net->spec.LC) {
        diag_set(c->d, 0, cmd_col(c, args), "not a conv layer: this network's are 1 to %d", e->net->spec.LC);
        return CMD_ERROR;
    }
    cmd_flush(c);
    if (compare_layer_text(e, m, c->out, c->d) != 0) {
        c->d->col = cmd_col(c, args);
        return CMD_ERROR;
    }
    cmd_flush_columns(c);
    return CMD_OK;
}
