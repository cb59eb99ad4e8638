/* command.c: parsing and running commands (gdb-like verbs and abbreviations).
 * Must not: print or exit; everything goes into the StrBuf and the Diag. */
#include "command.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "compare.h"
#include "expr.h"
#include "format.h"
#include "matlit.h"
#include "notation.h"

typedef struct {
    Engine *e;
    const char *line; /* the whole command line, for columns */
    StrBuf *out;
    Diag *d;
} Ctx;

typedef CmdStatus (*CmdFn)(Ctx *c, const char *args);

typedef struct {
    const char *name;
    const char *aliases; /* space-separated */
    CmdFn fn;
    const char *usage;
    const char *help;
} Command;

static int col_of(const Ctx *c, const char *at)
{
    return (int)(at - c->line) + 1;
}

static CmdStatus error_at(Ctx *c, const char *at, const char *msg)
{
    diag_set(c->d, 0, col_of(c, at), "%s", msg);
    return CMD_ERROR;
}

static const char *skip_ws(const char *p)
{
    while (*p == ' ' || *p == '\t') {
        p++;
    }
    return p;
}

/* Optional count argument: returns def when args is empty. */
static int parse_count(Ctx *c, const char *args, int def, int *out)
{
    args = skip_ws(args);
    if (*args == '\0') {
        *out = def;
        return 0;
    }
    char *end = NULL;
    long v = strtol(args, &end, 10);
    if (end == args || *skip_ws(end) != '\0' || v < 0 || v > 100000000) {
        error_at(c, args, "expected a count such as 3");
        return -1;
    }
    *out = (int)v;
    return 0;
}

static void render(const char *markup, char *buf, size_t size)
{
    notation_render(markup, NOTE_ASCII, buf, size);
}

/* "NAME = math  (r x c)" followed by the matrix. */
static void show_value(Ctx *c, const char *label, const ValueRef *ref, const Matrix *m, MatFormat f)
{
    if (f == FMT_TEXT) {
        char math[128] = "";
        if (ref != NULL && ref->math[0] != '\0') {
            render(ref->math, math, sizeof math);
        }
        if (ref != NULL && ref->channel > 0 && ref->value >= 0) {
            sb_printf(c->out, "%s = channel %d of %s as an image  (%d x %d)\n", label, ref->channel,
                      math, m->rows, m->cols);
        } else if (math[0] != '\0' && strcmp(math, label) != 0) {
            sb_printf(c->out, "%s = %s  (%d x %d)\n", label, math, m->rows, m->cols);
        } else {
            sb_printf(c->out, "%s  (%d x %d)\n", label, m->rows, m->cols);
        }
    }
    fmt_matrix(c->out, m, f);
}

static void show_op_result(Ctx *c, int k)
{
    Engine *e = c->e;
    const Op *op = &e->ops[k];
    const NetStep *st = &e->net->steps[op->step];
    char eq[400];
    render(op->equation, eq, sizeof eq);
    sb_printf(c->out, "[%d/%d] %-15s %s%s%s\n", k + 1, e->nops, op->name, eq,
              op->eqno[0] ? "   " : "", op->eqno);
    for (int w = 0; w < st->nwrites; w++) {
        const NetValue *v = &e->net->values[st->writes[w]];
        if (e->verbose) {
            ValueRef ref = { .value = st->writes[w] };
            snprintf(ref.math, sizeof ref.math, "%s", v->math);
            show_value(c, v->name, &ref, &v->m, FMT_TEXT);
        } else {
            sb_printf(c->out, "      %s (%d x %d) = ", v->name, v->m.rows, v->m.cols);
            fmt_compact(c->out, &v->m, 10);
            sb_append(c->out, "\n");
        }
    }
}

void command_show_displays(Engine *e, StrBuf *out)
{
    for (int i = 0; i < e->ndisplays; i++) {
        ExprResult r;
        Diag d = { 0 };
        diag_clear(&d);
        sb_printf(out, "%d: %s = ", e->displays[i].id, e->displays[i].expr);
        if (expr_eval(e, e->displays[i].expr, 0, &r, &d) != 0) {
            sb_printf(out, "<%s>\n", d.msg);
            continue;
        }
        if (mat_count(&r.m) <= 12) {
            fmt_compact(out, &r.m, 12);
            sb_append(out, "\n");
        } else {
            sb_printf(out, "(%d x %d)\n", r.m.rows, r.m.cols);
            fmt_matrix(out, &r.m, FMT_TEXT);
        }
        mat_release(&r.m);
    }
}

/* Condition breakpoints: which (if any) holds now. */
static int cond_true_now(Engine *e, bool *state)
{
    int fired = -1;
    for (int i = 0; i < e->nbreaks; i++) {
        Breakpoint *b = &e->breaks[i];
        if (b->kind != BP_COND) {
            continue;
        }
        Diag d = { 0 };
        bool now = expr_truth(e, b->text, &d) == 1;
        if (now && !state[i] && fired < 0) {
            fired = i;
        }
        state[i] = now;
    }
    return fired;
}

static void cond_snapshot(Engine *e, bool *state)
{
    for (int i = 0; i < e->nbreaks; i++) {
        Diag d = { 0 };
        state[i] = e->breaks[i].kind == BP_COND && expr_truth(e, e->breaks[i].text, &d) == 1;
    }
}

static int location_hit(Engine *e, int k)
{
    for (int i = 0; i < e->nbreaks; i++) {
        if (engine_break_matches(e, &e->breaks[i], k)) {
            return i;
        }
    }
    return -1;
}

static void where(Ctx *c)
{
    Engine *e = c->e;
    int k = engine_next_op(e);
    if (k < 0) {
        sb_printf(c->out, "at the end (%d/%d): loss and every gradient computed\n", e->pos, e->nops);
    } else {
        sb_printf(c->out, "at %d/%d, next: %s\n", e->pos, e->nops, e->ops[k].name);
    }
}

static void report_break(Ctx *c, int i)
{
    Breakpoint *b = &c->e->breaks[i];
    b->hits++;
    sb_printf(c->out, "breakpoint %d: %s\n", b->id, b->text);
}

/* Steps forwards (dir 1) or back (dir -1) until a breakpoint, the limit, or
 * an end; with stop_at_breaks the first step ignores a breakpoint at the start. */
static void travel(Ctx *c, int dir, int limit, bool stop_at_breaks)
{
    Engine *e = c->e;
    bool state[ENGINE_MAX_BREAKS];
    cond_snapshot(e, state);
    for (int n = 0; n < limit; n++) {
        if (dir > 0) {
            int k = e->pos;
            if (!engine_step(e)) {
                break;
            }
            show_op_result(c, k);
        } else {
            if (!engine_back(e)) {
                break;
            }
            sb_printf(c->out, "[%d/%d] undid %s\n", e->pos + 1, e->nops, e->ops[e->pos].name);
        }
        if (!stop_at_breaks) {
            continue;
        }
        int hit = cond_true_now(e, state);
        if (hit < 0) {
            hit = location_hit(e, engine_next_op(e));
        }
        if (hit >= 0) {
            report_break(c, hit);
            break;
        }
    }
    where(c);
    command_show_displays(e, c->out);
}

static CmdStatus cmd_step(Ctx *c, const char *args)
{
    int n;
    if (parse_count(c, args, 1, &n) != 0) {
        return CMD_ERROR;
    }
    if (c->e->pos >= c->e->nops) {
        sb_append(c->out, "already at the end (use 'back' or 'restart')\n");
        return CMD_OK;
    }
    travel(c, 1, n, false);
    return CMD_OK;
}

static CmdStatus cmd_back(Ctx *c, const char *args)
{
    int n;
    if (parse_count(c, args, 1, &n) != 0) {
        return CMD_ERROR;
    }
    if (c->e->pos == 0) {
        sb_append(c->out, "already at the start\n");
        return CMD_OK;
    }
    travel(c, -1, n, false);
    return CMD_OK;
}

static CmdStatus cmd_next(Ctx *c, const char *args)
{
    Engine *e = c->e;
    if (*skip_ws(args) != '\0') {
        return error_at(c, skip_ws(args), "'next' takes no argument");
    }
    int k = engine_next_op(e);
    if (k < 0) {
        sb_append(c->out, "already at the end (use 'back' or 'restart')\n");
        return CMD_OK;
    }
    travel(c, 1, engine_group_end(e, k) - k, false);
    return CMD_OK;
}

static CmdStatus cmd_continue(Ctx *c, const char *args)
{
    if (*skip_ws(args) != '\0') {
        return error_at(c, skip_ws(args), "'continue' takes no argument");
    }
    if (c->e->pos >= c->e->nops) {
        sb_append(c->out, "already at the end (use 'back' or 'restart')\n");
        return CMD_OK;
    }
    travel(c, 1, c->e->nops, true);
    return CMD_OK;
}

static CmdStatus cmd_rcontinue(Ctx *c, const char *args)
{
    if (*skip_ws(args) != '\0') {
        return error_at(c, skip_ws(args), "'reverse-continue' takes no argument");
    }
    if (c->e->pos == 0) {
        sb_append(c->out, "already at the start\n");
        return CMD_OK;
    }
    travel(c, -1, c->e->nops, true);
    return CMD_OK;
}

static CmdStatus cmd_run(Ctx *c, const char *args)
{
    Engine *e = c->e;
    if (*skip_ws(args) != '\0') {
        return error_at(c, skip_ws(args), "'run' takes no argument");
    }
    engine_goto(e, e->nops);
    char num[64];
    fmt_number(num, sizeof num, e->net->values[e->net->vloss].m.data[0], -1);
    sb_printf(c->out, "ran %d ops: forward, loss and backward; loss = %s\n", e->nops, num);
    command_show_displays(e, c->out);
    return CMD_OK;
}

static CmdStatus cmd_restart(Ctx *c, const char *args)
{
    if (*skip_ws(args) != '\0') {
        return error_at(c, skip_ws(args), "'restart' takes no argument");
    }
    engine_goto(c->e, 0);
    where(c);
    return CMD_OK;
}

static CmdStatus cmd_goto(Ctx *c, const char *args)
{
    int n;
    args = skip_ws(args);
    if (*args == '\0') {
        return error_at(c, args, "usage: goto N (0 = the start)");
    }
    if (parse_count(c, args, 0, &n) != 0) {
        return CMD_ERROR;
    }
    if (n > c->e->nops) {
        diag_set(c->d, 0, col_of(c, args), "position %d is past the end (%d ops)", n, c->e->nops);
        return CMD_ERROR;
    }
    engine_goto(c->e, n);
    where(c);
    command_show_displays(c->e, c->out);
    return CMD_OK;
}

static CmdStatus cmd_until(Ctx *c, const char *args)
{
    args = skip_ws(args);
    int k = engine_find_op(c->e, args);
    if (k < 0) {
        return error_at(c, args, "unknown op name (see 'info ops'), e.g. until fwd pool1");
    }
    if (k < c->e->pos) {
        sb_printf(c->out, "%s already ran; going back to it\n", c->e->ops[k].name);
        engine_goto(c->e, k);
        where(c);
        return CMD_OK;
    }
    travel(c, 1, k - c->e->pos, false);
    return CMD_OK;
}

static CmdStatus cmd_where(Ctx *c, const char *args)
{
    (void)args;
    where(c);
    return CMD_OK;
}

static int parse_layer_word(const Engine *e, const char *w, Breakpoint *b)
{
    const char *prefixes[] = { "conv", "fc", "layer" };
    for (int i = 0; i < 3; i++) {
        size_t n = strlen(prefixes[i]);
        if (strncmp(w, prefixes[i], n) == 0 && isdigit((unsigned char)w[n])) {
            char *end = NULL;
            long m = strtol(w + n, &end, 10);
            if (*end != '\0' || m < 1 || m > e->net->spec.L) {
                return -1;
            }
            bool conv = m <= e->net->spec.LC;
            if ((i == 0 && !conv) || (i == 1 && conv)) {
                return -1;
            }
            b->kind = BP_LAYER;
            b->layer = (int)m;
            b->conv = conv;
            return 0;
        }
    }
    return -1;
}

static CmdStatus cmd_break(Ctx *c, const char *args)
{
    Engine *e = c->e;
    args = skip_ws(args);
    if (*args == '\0') {
        return error_at(c, args, "usage: break OP | LAYER | PHASE | if CONDITION (see 'help break')");
    }
    if (e->nbreaks >= ENGINE_MAX_BREAKS) {
        return error_at(c, args, "too many breakpoints; delete some first");
    }
    Breakpoint b;
    memset(&b, 0, sizeof b);
    snprintf(b.text, sizeof b.text, "%s", args);
    if (strncmp(args, "if", 2) == 0 && (args[2] == ' ' || args[2] == '(')) {
        const char *cond = skip_ws(args + 2);
        ExprResult r;
        Diag tmp = { 0 };
        /* Checked now for syntax and names; "not computed yet" is fine. */
        if (expr_eval(e, cond, col_of(c, cond) - 1, &r, &tmp) == 0) {
            mat_release(&r.m);
        } else if (strstr(tmp.msg, "not computed yet") == NULL) {
            *c->d = tmp;
            return CMD_ERROR;
        }
        b.kind = BP_COND;
        snprintf(b.text, sizeof b.text, "%s", cond);
    } else if (strcmp(args, "fwd") == 0 || strcmp(args, "bwd") == 0) {
        b.kind = BP_PHASE;
        b.phase = args[0] == 'f' ? PHASE_FWD : PHASE_BWD;
    } else if ((b.op = engine_find_op(e, args)) >= 0) {
        b.kind = BP_OP;
    } else if (isdigit((unsigned char)args[0]) && atoi(args) >= 1 && atoi(args) <= e->nops) {
        b.kind = BP_OP;
        b.op = atoi(args) - 1;
    } else if (parse_layer_word(e, args, &b) != 0) {
        return error_at(c, args, "not an op, layer (conv1, fc2), phase (fwd, bwd) or 'if CONDITION'");
    }
    b.id = e->next_break_id++;
    e->breaks[e->nbreaks++] = b;
    sb_printf(c->out, "breakpoint %d: %s\n", b.id, b.kind == BP_COND ? args : b.text);
    return CMD_OK;
}

static CmdStatus cmd_delete(Ctx *c, const char *args)
{
    Engine *e = c->e;
    args = skip_ws(args);
    if (*args == '\0') {
        sb_printf(c->out, "deleted %d breakpoint%s\n", e->nbreaks, e->nbreaks == 1 ? "" : "s");
        e->nbreaks = 0;
        return CMD_OK;
    }
    int id;
    if (parse_count(c, args, 0, &id) != 0) {
        return CMD_ERROR;
    }
    for (int i = 0; i < e->nbreaks; i++) {
        if (e->breaks[i].id == id) {
            memmove(&e->breaks[i], &e->breaks[i + 1], (size_t)(e->nbreaks - i - 1) * sizeof *e->breaks);
            e->nbreaks--;
            sb_printf(c->out, "deleted breakpoint %d\n", id);
            return CMD_OK;
        }
    }
    return error_at(c, args, "no breakpoint with that number (see 'info break')");
}

static CmdStatus cmd_display(Ctx *c, const char *args)
{
    Engine *e = c->e;
    args = skip_ws(args);
    if (*args == '\0') {
        command_show_displays(e, c->out);
        return CMD_OK;
    }
    ExprResult r;
    Diag tmp = { 0 };
    if (expr_eval(e, args, col_of(c, args) - 1, &r, &tmp) == 0) {
        mat_release(&r.m);
    } else if (strstr(tmp.msg, "not computed yet") == NULL) {
        *c->d = tmp;
        return CMD_ERROR;
    }
    if (e->ndisplays >= ENGINE_MAX_DISPLAYS) {
        return error_at(c, args, "too many displays; undisplay some first");
    }
    Display *dsp = &e->displays[e->ndisplays++];
    dsp->id = e->next_display_id++;
    snprintf(dsp->expr, sizeof dsp->expr, "%s", args);
    sb_printf(c->out, "display %d: %s\n", dsp->id, dsp->expr);
    return CMD_OK;
}

static CmdStatus cmd_undisplay(Ctx *c, const char *args)
{
    Engine *e = c->e;
    args = skip_ws(args);
    if (*args == '\0') {
        e->ndisplays = 0;
        sb_append(c->out, "all displays removed\n");
        return CMD_OK;
    }
    int id;
    if (parse_count(c, args, 0, &id) != 0) {
        return CMD_ERROR;
    }
    for (int i = 0; i < e->ndisplays; i++) {
        if (e->displays[i].id == id) {
            memmove(&e->displays[i], &e->displays[i + 1], (size_t)(e->ndisplays - i - 1) * sizeof *e->displays);
            e->ndisplays--;
            return CMD_OK;
        }
    }
    return error_at(c, args, "no display with that number");
}

static CmdStatus cmd_print(Ctx *c, const char *args)
{
    args = skip_ws(args);
    MatFormat f = FMT_TEXT;
    if (strncmp(args, "-f", 2) == 0) {
        const char *w = skip_ws(args + 2);
        if (strncmp(w, "csv", 3) == 0 && (w[3] == ' ' || w[3] == '\0')) {
            f = FMT_CSV;
            args = skip_ws(w + 3);
        } else if (strncmp(w, "latex", 5) == 0 && (w[5] == ' ' || w[5] == '\0')) {
            f = FMT_LATEX;
            args = skip_ws(w + 5);
        } else if (strncmp(w, "text", 4) == 0 && (w[4] == ' ' || w[4] == '\0')) {
            args = skip_ws(w + 4);
        } else {
            return error_at(c, w, "format must be text, csv or latex");
        }
    }
    if (*args == '\0') {
        return error_at(c, args, "usage: print [-f text|csv|latex] NAME or EXPRESSION");
    }
    ExprResult r;
    if (expr_eval(c->e, args, col_of(c, args) - 1, &r, c->d) != 0) {
        return CMD_ERROR;
    }
    show_value(c, r.is_ref ? r.ref.label : args, r.is_ref ? &r.ref : NULL, &r.m, f);
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
    diag_set(c->d, 0, col_of(c, at), "shape mismatch: %s%s is %d x %d%s, the matrix is %d x %d", v->name,
             channel > 0 ? "[c]" : "", rows, cols, extra, lit->rows, lit->cols);
    return -1;
}

/* set rule / set verbose: 1 when done, -1 on error, 0 when args is not an option. */
static int set_option(Ctx *c, const char *args)
{
    Engine *e = c->e;
    if (strncmp(args, "rule", 4) == 0 && (args[4] == ' ' || args[4] == '\0')) {
        const char *v = skip_ws(args + 4);
        if (strcmp(v, "5") != 0 && strcmp(v, "6") != 0) {
            error_at(c, v, "usage: set rule 5|6 (the pooling backward, eq. (5) or eq. (6))");
            return -1;
        }
        if (engine_set_rule(e, v[0] == '5' ? RULE_EQ5 : RULE_EQ6) != 0) {
            error_at(c, v, "eq. (6) cannot be used with average pooling: sigma'(S) is not recoverable from Z^{m+1}");
            return -1;
        }
        sb_printf(c->out, "pooling backward now uses eq. (%c)\n", v[0]);
        return 1;
    }
    if (strncmp(args, "activation", 10) == 0 && (args[10] == ' ' || args[10] == '\0')) {
        const char *v = skip_ws(args + 10);
        static const char *const names[] = { "relu", "leaky", "tanh", "sigmoid" };
        for (int a = 0; a < 4; a++) {
            if (strcmp(v, names[a]) == 0) {
                engine_set_model(e, (Activation)a, e->net->spec.pool_mode);
                sb_printf(c->out, "activation: %s; recomputed up to %d/%d\n", names[a], e->pos, e->nops);
                return 1;
            }
        }
        error_at(c, v, "usage: set activation relu|leaky|tanh|sigmoid");
        return -1;
    }
    if (strncmp(args, "pool", 4) == 0 && (args[4] == ' ' || args[4] == '\0')) {
        const char *v = skip_ws(args + 4);
        if (strcmp(v, "max") != 0 && strcmp(v, "avg") != 0) {
            error_at(c, v, "usage: set pool max|avg");
            return -1;
        }
        PoolRule before = e->net->rule;
        engine_set_model(e, e->net->spec.act, v[0] == 'm' ? POOL_MAX : POOL_AVG);
        sb_printf(c->out, "pooling: %s%s; recomputed up to %d/%d\n", v[0] == 'm' ? "max" : "average",
                  before != e->net->rule ? " (the pooling backward now uses eq. (5): eq. (6) cannot)" : "",
                  e->pos, e->nops);
        return 1;
    }
    if (strncmp(args, "verbose", 7) == 0 && (args[7] == ' ' || args[7] == '\0')) {
        const char *v = skip_ws(args + 7);
        if (strcmp(v, "on") != 0 && strcmp(v, "off") != 0) {
            error_at(c, v, "usage: set verbose on|off");
            return -1;
        }
        e->verbose = strcmp(v, "on") == 0;
        return 1;
    }
    return 0;
}

static CmdStatus cmd_set(Ctx *c, const char *args)
{
    Engine *e = c->e;
    args = skip_ws(args);
    int option = set_option(c, args);
    if (option != 0) {
        return option > 0 ? CMD_OK : CMD_ERROR;
    }
    const char *name_at = args;
    char name[32];
    size_t n = 0;
    while ((isalnum((unsigned char)*args) || *args == '_') && n + 1 < sizeof name) {
        name[n++] = *args++;
    }
    name[n] = '\0';
    if (n == 0) {
        return error_at(c, name_at, "usage: set NAME = MATRIX, set rule 5|6, set verbose on|off");
    }
    int channel = 0;
    if (*args == '[') {
        char *end = NULL;
        long ch = strtol(args + 1, &end, 10);
        if (end == args + 1 || *end != ']' || ch < 1) {
            return error_at(c, args, "expected a channel such as [1]");
        }
        channel = (int)ch;
        args = end + 1;
    }
    args = skip_ws(args);
    if (*args != '=') {
        return error_at(c, args, "expected '=' (set NAME = MATRIX)");
    }
    int id = net_find_value(e->net, name);
    if (id < 0) {
        diag_set(c->d, 0, col_of(c, name_at), "unknown name '%s' (try 'info values')", name);
        return CMD_ERROR;
    }
    NetValue *v = &e->net->values[id];
    if (!values_settable(e, id)) {
        diag_set(c->d, 0, col_of(c, name_at), "%s is computed by the program; set the input Z1, a weight W<m>, a bias b<m> or the target y", name);
        return CMD_ERROR;
    }
    if (channel > 0 && (v->map_d == 0 || channel > v->map_d)) {
        diag_set(c->d, 0, col_of(c, name_at), "%s has no channel %d", name, channel);
        return CMD_ERROR;
    }
    const char *lit_at = skip_ws(args + 1);
    Matrix lit;
    if (matlit_parse(lit_at, col_of(c, lit_at) - 1, &lit, c->d) != 0) {
        return CMD_ERROR;
    }
    if (fit_shape(c, lit_at, v, channel, &lit) != 0) {
        mat_release(&lit);
        return CMD_ERROR;
    }
    if (channel > 0) {
        for (size_t k = 0; k < mat_count(&lit); k++) {
            v->m.data[(size_t)(channel - 1) + (size_t)v->map_d * k] = lit.data[k];
        }
    } else {
        mat_copy(&v->m, &lit);
    }
    mat_release(&lit);
    engine_recompute(e);
    sb_printf(c->out, "%s%s set; recomputed %d op%s\n", name, channel > 0 ? "[c]" : "", e->pos,
              e->pos == 1 ? "" : "s");
    return CMD_OK;
}

static void info_net(Ctx *c)
{
    const Net *net = c->e->net;
    const NetSpec *s = &net->spec;
    static const char *const acts[] = { "relu", "leaky", "tanh", "sigmoid", "identity" };
    sb_printf(c->out, "network: L = %d layers (%d convolutional, %d fully connected), activation %s, %s pooling\n",
              s->L, s->LC, s->L - s->LC, acts[s->act], s->pool_mode == POOL_MAX ? "max" : "average");
    for (int m = 1; m <= s->LC; m++) {
        const ConvGeom *g = &net->conv[m];
        size_t params = mat_count(&net->values[net->vW[m]].m) + (size_t)g->dout;
        sb_printf(c->out,
                  "  layer %d conv: Z%d %dx%dx%d, pad %d, %d filters %dx%d stride %d -> S%d %dx%dx%d, pool %dx%d -> Z%d %dx%dx%d   (%zu parameters)\n",
                  m, m, g->d, g->a, g->b, g->pad, g->dout, g->h, g->h, g->stride, m, g->dout, g->ac,
                  g->bc, g->pool, g->pool, m + 1, g->dout, g->ao, g->bo, params);
    }
    for (int m = s->LC + 1; m <= s->L; m++) {
        size_t params = (size_t)net->fc_out[m] * (size_t)(net->fc_in[m] + 1);
        sb_printf(c->out, "  layer %d fc:   z%d %d -> s%d %d (%s)   (%zu parameters)\n", m, m,
                  net->fc_in[m], m, net->fc_out[m], m == s->L ? "identity" : acts[s->act], params);
    }
    sb_printf(c->out, "  loss: squared, xi = ||z%d - y||^2; %zu parameters; %d ops; pooling backward eq. (%d)\n",
              s->L + 1, net_param_count(net), c->e->nops, (int)net->rule);
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
        render(e->ops[k].equation, eq, sizeof eq);
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
        size_t s = mat_count(&net->values[net->vS[m]].m), z = mat_count(&net->values[net->vZ[m + 1]].m);
        sb_printf(c->out, "  conv layer %d: eq. (5) keeps S%d (%zu entries) and Z%d (%zu); eq. (6) keeps only Z%d\n",
                  m, m, s, m + 1, z, m + 1);
    }
    sb_printf(c->out, "  eq. (5): %zu bytes (Z^m for every m, P_pool index lists, and S^m of conv layers)\n", b5);
    sb_printf(c->out, "  eq. (6): %zu bytes (Z^m for every m and P_pool index lists)\n", b6);
    sb_printf(c->out, "  saved by eq. (6): %zu bytes (%.1f%%); now using eq. (%d)\n", b5 - b6,
              b5 > 0 ? 100.0 * (double)(b5 - b6) / (double)b5 : 0.0, (int)net->rule);
    sb_append(c->out, "  undo memory of the debugger: 0 bytes (each value has one writer; back only hides it)\n");
}

static void info_values(Ctx *c)
{
    Engine *e = c->e;
    for (int i = 0; i < e->net->nvalues; i++) {
        const NetValue *v = &e->net->values[i];
        char math[64];
        render(v->math, math, sizeof math);
        char name[40];
        snprintf(name, sizeof name, "%s%s%s", v->name, v->alias[0] ? "/" : "", v->alias);
        sb_printf(c->out, "  %-12s %-22s %5d x %-5d %s\n", name, math, v->m.rows, v->m.cols,
                  engine_value_valid(e, i) ? "" : "(not computed yet)");
    }
    sb_append(c->out, "  Ppool<m>, Pphi<m>, Ppad<m>: the 0/1 matrices of conv layer m; NAME[c]: channel c\n");
}

static CmdStatus cmd_info(Ctx *c, const char *args)
{
    Engine *e = c->e;
    args = skip_ws(args);
    if (strcmp(args, "net") == 0) {
        info_net(c);
    } else if (strcmp(args, "ops") == 0 || strcmp(args, "program") == 0) {
        info_ops(c);
    } else if (strcmp(args, "memory") == 0) {
        info_memory(c);
    } else if (strcmp(args, "values") == 0) {
        info_values(c);
    } else if (strncmp(args, "break", 5) == 0 && (strcmp(args + 5, "") == 0 || strcmp(args + 5, "points") == 0)) {
        if (e->nbreaks == 0) {
            sb_append(c->out, "no breakpoints\n");
        }
        for (int i = 0; i < e->nbreaks; i++) {
            static const char *const kinds[] = { "op", "layer", "phase", "condition" };
            sb_printf(c->out, "  %d  %-9s %s  (hit %d time%s)\n", e->breaks[i].id,
                      kinds[e->breaks[i].kind], e->breaks[i].text, e->breaks[i].hits,
                      e->breaks[i].hits == 1 ? "" : "s");
        }
    } else if (strcmp(args, "display") == 0) {
        for (int i = 0; i < e->ndisplays; i++) {
            sb_printf(c->out, "  %d  %s\n", e->displays[i].id, e->displays[i].expr);
        }
        if (e->ndisplays == 0) {
            sb_append(c->out, "no displays\n");
        }
    } else {
        return error_at(c, args, "usage: info net|ops|memory|values|break|display");
    }
    return CMD_OK;
}

static CmdStatus cmd_compare(Ctx *c, const char *args)
{
    Engine *e = c->e;
    args = skip_ws(args);
    if (strcmp(args, "slides") == 0) {
        compare_slides_text(c->out);
        return CMD_OK;
    }
    int m = e->net->spec.LC;
    if (*args != '\0') {
        const char *num = strncmp(args, "conv", 4) == 0 ? args + 4 : args;
        char *end = NULL;
        long v = strtol(num, &end, 10);
        if (end == num || *skip_ws(end) != '\0') {
            return error_at(c, args, "usage: compare [LAYER | slides], e.g. compare 1");
        }
        m = (int)v;
    } else if (e->pos > 0 && e->ops[e->pos - 1].layer <= e->net->spec.LC) {
        m = e->ops[e->pos - 1].layer;
    }
    if (m < 1 || m > e->net->spec.LC) {
        diag_set(c->d, 0, col_of(c, args), "not a conv layer: this network's are 1 to %d", e->net->spec.LC);
        return CMD_ERROR;
    }
    if (compare_layer_text(e, m, c->out, c->d) != 0) {
        c->d->col = col_of(c, args);
        return CMD_ERROR;
    }
    return CMD_OK;
}

static CmdStatus cmd_help(Ctx *c, const char *args)
{
    args = skip_ws(args);
    if (command_help(args, c->out) != 0) {
        return error_at(c, args, "no such command (type 'help' for the list)");
    }
    return CMD_OK;
}

static CmdStatus cmd_quit(Ctx *c, const char *args)
{
    (void)c;
    (void)args;
    return CMD_QUIT;
}

static const Command COMMANDS[] = {
    { "run", "r", cmd_run, "run", "Forward pass, loss and backward pass to the end." },
    { "step", "s", cmd_step, "step [N]", "Executes the next N ops (default 1), printing each op's equation and what it wrote." },
    { "back", "rs reverse-step", cmd_back, "back [N]", "Undoes the last N ops (default 1); what they wrote is shown as not computed again." },
    { "next", "n", cmd_next, "next", "Runs to the end of the current layer (in the current phase)." },
    { "continue", "c", cmd_continue, "continue", "Runs to the next breakpoint or the end." },
    { "reverse-continue", "rc", cmd_rcontinue, "reverse-continue", "Goes back to the previous breakpoint or the start." },
    { "restart", "", cmd_restart, "restart", "Back to position 0. Edits made with 'set' are kept." },
    { "goto", "", cmd_goto, "goto N", "Moves to position N (N ops executed; 0 = the start)." },
    { "until", "u", cmd_until, "until OP", "Runs until OP (e.g. 'fwd pool1') is the next op." },
    { "where", "", cmd_where, "where", "Shows the position and the next op." },
    { "break", "b", cmd_break, "break OP | LAYER | PHASE | if CONDITION",
      "Stops 'continue' before an op ('break fwd pool1', 'break 12'), on entering a layer ('conv1', 'fc2'),\n"
      "at the start of a phase ('fwd', 'bwd'), or when a condition becomes true\n"
      "('break if max(abs(dS1)) > 1', 'break if loss < 0.1')." },
    { "delete", "d", cmd_delete, "delete [N]", "Deletes breakpoint N, or all of them." },
    { "display", "disp", cmd_display, "display EXPR", "Shows EXPR after every step ('display loss', 'display Z2[1]')." },
    { "undisplay", "", cmd_undisplay, "undisplay [N]", "Removes display N, or all of them." },
    { "print", "p", cmd_print, "print [-f text|csv|latex] EXPR",
      "Prints a value: a name (Z2, S1, dW1, Ppool1), a channel (Z2[1], Ppool1[1]), an element (W1(2,5)),\n"
      "or an expression (max(abs(dS1)), W2 * z2 + b2). csv has 17 significant digits; latex is a bmatrix." },
    { "set", "", cmd_set, "set NAME = MATRIX | set rule 5|6 | set activation A | set pool max|avg | set verbose on|off",
      "Sets the input Z1, a weight W<m>, a bias b<m> or the target y to a MATLAB literal such as\n"
      "[3 2 3 6; 4 5 4 9; 2 1 2 6; 3 4 3 2] and recomputes up to the current position. A vector may be\n"
      "given as a row or a column; a one-channel map as an a x b image; Z1[c] sets one channel.\n"
      "'set rule 5' makes the pooling backward use eq. (5) instead of eq. (6).\n"
      "'set activation relu|leaky|tanh|sigmoid' and 'set pool max|avg' change the network's activation\n"
      "and pooling (then compare shows when eq. (6) as on the slide would be wrong)." },
    { "compare", "cmp", cmd_compare, "compare [LAYER | slides]",
      "Eq. (5) and eq. (6) side by side for conv layer LAYER at the current position (needs the backward\n"
      "pass past 'bwd pool<LAYER>'): each factor, both results, their difference, what each must keep from\n"
      "the forward pass, and why they agree (ReLU + max pooling) or part (other activations, average\n"
      "pooling). 'compare slides' is the slides' example with v = (v1, v2, v3, v4) symbolic." },
    { "info", "i", cmd_info, "info net|ops|memory|values|break|display", "Describes the network, the program, memory, names, breakpoints or displays." },
    { "help", "h ?", cmd_help, "help [COMMAND]", "Lists the commands, or explains one." },
    { "quit", "q exit", cmd_quit, "quit", "Leaves bpstep." },
};
enum { NCOMMANDS = sizeof COMMANDS / sizeof COMMANDS[0] };

static const Command *find_command(const char *word, size_t len)
{
    for (int i = 0; i < NCOMMANDS; i++) {
        const Command *cmd = &COMMANDS[i];
        if (strlen(cmd->name) == len && strncmp(cmd->name, word, len) == 0) {
            return cmd;
        }
        const char *a = cmd->aliases;
        while (*a != '\0') {
            size_t alen = strcspn(a, " ");
            if (alen == len && strncmp(a, word, len) == 0) {
                return cmd;
            }
            a += alen;
            a += *a == ' ';
        }
    }
    return NULL;
}

bool command_known(const char *word, size_t len)
{
    return find_command(word, len) != NULL;
}

int command_help(const char *topic, StrBuf *out)
{
    if (topic[0] == '\0') {
        sb_append(out, "commands (abbreviations in brackets):\n");
        for (int i = 0; i < NCOMMANDS; i++) {
            char names[64];
            snprintf(names, sizeof names, "%s%s%s%s", COMMANDS[i].name, COMMANDS[i].aliases[0] ? " [" : "",
                     COMMANDS[i].aliases, COMMANDS[i].aliases[0] ? "]" : "");
            sb_printf(out, "  %-28s %s\n", names, COMMANDS[i].usage);
        }
        sb_append(out, "'help COMMAND' explains one.\n");
        return 0;
    }
    const Command *cmd = find_command(topic, strlen(topic));
    if (cmd == NULL) {
        return -1;
    }
    sb_printf(out, "%s\n%s\n", cmd->usage, cmd->help);
    if (cmd->aliases[0] != '\0') {
        sb_printf(out, "also: %s\n", cmd->aliases);
    }
    return 0;
}

CmdStatus command_exec(Engine *e, const char *line, StrBuf *out, Diag *d)
{
    Ctx c = { e, line, out, d };
    const char *p = skip_ws(line);
    if (*p == '\0' || *p == '#') {
        return CMD_OK;
    }
    const char *word = p;
    while (*p != '\0' && *p != ' ' && *p != '\t') {
        p++;
    }
    const Command *cmd = find_command(word, (size_t)(p - word));
    if (cmd == NULL) {
        diag_set(d, 0, col_of(&c, word), "unknown command '%.*s' (type 'help')", (int)(p - word), word);
        return CMD_ERROR;
    }
    return cmd->fn(&c, p);
}
