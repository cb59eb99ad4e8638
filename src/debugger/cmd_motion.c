/* cmd_motion.c: the commands that move the position: run, step, back, next,
 * continue, reverse-continue, restart, goto, until, where; and breakpoints.
 * Must not: print or exit. */
#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cmd_internal.h"
#include "../base/interrupt.h"
#include "expr.h"
#include "notation.h"

static void show_op_result(Ctx *c, int k)
{
    Engine *e = c->e;
    const Op *op = &e->ops[k];
    const NetStep *st = &e->net->steps[op->step];
    char eq[400];
    cmd_render(op->equation, eq, sizeof eq);
    sb_printf(c->out, "[%d/%d] %-15s %s%s%s\n", k + 1, e->nops, op->name, eq,
              op->eqno[0] ? "   " : "", op->eqno);
    for (int w = 0; w < st->nwrites; w++) {
        const NetValue *v = &e->net->values[st->writes[w]];
        if (e->verbose) {
            ValueRef ref = { .value = st->writes[w] };
            snprintf(ref.math, sizeof ref.math, "%s", v->math);
            cmd_show_value(c, v->name, &ref, &v->m, FMT_TEXT);
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

/* What a condition or a watchpoint looks at, now: a condition's truth, or a
 * watched value as its bytes and shape ("not computed" is a state of its own),
 * with a short text of it for the report. */
typedef struct {
    unsigned long long print; /* fingerprint */
    char text[64];
} Watched;

static void look(Engine *e, const Breakpoint *b, Watched *w)
{
    Diag d = { 0 };
    w->print = 0;
    snprintf(w->text, sizeof w->text, "not computed");
    if (b->kind == BP_COND) {
        w->print = expr_truth(e, b->text, &d) == 1;
        return;
    }
    ExprResult r;
    if (b->kind != BP_WATCH || expr_eval(e, b->text, 0, &r, &d) != 0) {
        return;
    }
    unsigned long long h = 1469598103934665603ULL ^ ((unsigned long long)r.m.rows << 32 | (unsigned)r.m.cols);
    const unsigned char *bytes = (const unsigned char *)r.m.data;
    for (size_t k = 0; k < mat_count(&r.m) * sizeof(double); k++) {
        h = (h ^ bytes[k]) * 1099511628211ULL;
    }
    w->print = h | 1ULL; /* never the "not computed" 0 */
    StrBuf sb;
    sb_init(&sb);
    if (mat_count(&r.m) == 1) {
        char num[32];
        fmt_number(num, sizeof num, r.m.data[0], -1);
        sb_append(&sb, num);
    } else {
        fmt_compact(&sb, &r.m, 6);
    }
    snprintf(w->text, sizeof w->text, "%s", sb_str(&sb));
    sb_release(&sb);
    mat_release(&r.m);
}

/* The first condition that became true or watched value that changed; the
 * state is updated for all of them. A report line goes to out. */
static int cond_true_now(Ctx *c, Watched *state)
{
    Engine *e = c->e;
    int fired = -1;
    for (int i = 0; i < e->nbreaks; i++) {
        Breakpoint *b = &e->breaks[i];
        if (b->kind != BP_COND && b->kind != BP_WATCH) {
            continue;
        }
        Watched now;
        look(e, b, &now);
        bool hit = b->kind == BP_COND ? now.print && !state[i].print : now.print != state[i].print;
        if (hit && fired < 0) {
            fired = i;
            if (b->kind == BP_WATCH) {
                sb_printf(c->out, "watchpoint %d: %s changed: %s -> %s\n", b->id, b->text, state[i].text, now.text);
                cmd_stop(c, STOP_WATCH);
            }
        }
        state[i] = now;
    }
    return fired;
}

static void cond_snapshot(Engine *e, Watched *state)
{
    for (int i = 0; i < e->nbreaks; i++) {
        look(e, &e->breaks[i], &state[i]);
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
        cmd_line(c, SUM_AT, "at the end (%d/%d): loss and every gradient computed", e->pos, e->nops);
    } else {
        cmd_line(c, SUM_AT, "at %d/%d, next: %s", e->pos, e->nops, e->ops[k].name);
    }
}

static void report_break(Ctx *c, int i)
{
    Breakpoint *b = &c->e->breaks[i];
    b->hits++;
    if (b->kind != BP_WATCH) { /* a watchpoint said what changed already */
        cmd_line(c, SUM_BREAK, "breakpoint %d: %s", b->id, b->text);
        cmd_stop(c, STOP_BREAKPOINT);
    }
}

/* What a new breakpoint or watchpoint needs: text, room, and a text short
 * enough to keep whole (stored cut, a condition could silently never fire). */
static int can_add_break(Ctx *c, const char *args, const char *command, const char *example, const char *what)
{
    if (*args == '\0') {
        cmd_usage(c, args, command, "%s", example);
        return -1;
    }
    if (c->e->nbreaks >= ENGINE_MAX_BREAKS) {
        cmd_error(c, args, "too many breakpoints; delete some first");
        return -1;
    }
    if (strlen(args) >= ENGINE_EXPR_LEN) {
        diag_set(c->d, 0, cmd_col(c, args), "%s too long to keep (at most %d characters)", what, ENGINE_EXPR_LEN - 1);
        return -1;
    }
    return 0;
}

/* watch EXPR: run, continue and reverse-continue stop when its value changes. */
CmdStatus cmd_watch(Ctx *c, const char *args)
{
    Engine *e = c->e;
    args = cmd_skip_ws(args);
    if (can_add_break(c, args, "watch", ", e.g. watch Z2(1,3) or watch max(abs(dS1))", "watch expression") != 0) {
        return CMD_ERROR;
    }
    if (cmd_check_expr(c, args) != 0) {
        return CMD_ERROR;
    }
    Breakpoint b;
    memset(&b, 0, sizeof b);
    b.kind = BP_WATCH;
    snprintf(b.text, sizeof b.text, "%s", args);
    b.id = e->next_break_id++;
    e->breaks[e->nbreaks++] = b;
    sb_printf(c->out, "watchpoint %d: %s (run, continue and reverse-continue stop when it changes)\n", b.id, args);
    return CMD_OK;
}

enum { TRAVEL_BREAKS = 1, TRAVEL_QUIET = 2 };

/* "ran 33 ops: ...; loss = ...": what run says at the end. */
static void ran_to_end(Ctx *c)
{
    char num[64];
    fmt_number(num, sizeof num, c->e->net->values[c->e->net->vloss].m.data[0], -1);
    sb_printf(c->out, "ran %d ops: forward, loss and backward; loss = %s\n", c->e->nops, num);
}

/* Steps forwards (dir 1) or back (dir -1) until a breakpoint, the limit, or
 * an end; with TRAVEL_BREAKS the first step ignores a breakpoint at the
 * start; TRAVEL_QUIET (run) prints no op, and at the end only the loss. */
static void travel(Ctx *c, int dir, int limit, int flags)
{
    Engine *e = c->e;
    Watched state[ENGINE_MAX_BREAKS];
    cond_snapshot(e, state);
    int hit = -1;
    for (int n = 0; n < limit && interrupt_pending() == 0; n++) {
        if (dir > 0) {
            int k = e->pos;
            if (!engine_step(e)) {
                break;
            }
            if ((flags & TRAVEL_QUIET) == 0) {
                show_op_result(c, k);
            }
        } else {
            if (!engine_back(e)) {
                break;
            }
            sb_printf(c->out, "[%d/%d] undid %s\n", e->pos + 1, e->nops, e->ops[e->pos].name);
        }
        if ((flags & TRAVEL_BREAKS) == 0) {
            continue;
        }
        hit = cond_true_now(c, state);
        if (hit < 0) {
            hit = location_hit(e, engine_next_op(e));
        }
        if (hit >= 0) {
            report_break(c, hit);
            break;
        }
    }
    if (c->r != NULL && c->r->stop == STOP_NONE && (e->pos == e->nops || (dir < 0 && e->pos == 0))) {
        cmd_stop(c, STOP_END);
    }
    if ((flags & TRAVEL_QUIET) != 0 && hit < 0 && e->pos == e->nops) {
        ran_to_end(c);
    } else if ((flags & TRAVEL_QUIET) == 0 || e->pos < e->nops || hit >= 0) {
        where(c);
    }
    command_show_displays(e, c->out);
}

CmdStatus cmd_step(Ctx *c, const char *args)
{
    int n;
    if (cmd_count(c, args, 1, &n) != 0) {
        return CMD_ERROR;
    }
    if (c->e->pos >= c->e->nops) {
        sb_append(c->out, "already at the end (use 'back' or 'restart')\n");
        return CMD_OK;
    }
    travel(c, 1, n, 0);
    return CMD_OK;
}

CmdStatus cmd_back(Ctx *c, const char *args)
{
    int n;
    if (cmd_count(c, args, 1, &n) != 0) {
        return CMD_ERROR;
    }
    if (c->e->pos == 0) {
        sb_append(c->out, "already at the start\n");
        return CMD_OK;
    }
    travel(c, -1, n, 0);
    return CMD_OK;
}

CmdStatus cmd_next(Ctx *c, const char *args)
{
    Engine *e = c->e;
    if (*cmd_skip_ws(args) != '\0') {
        return cmd_error(c, cmd_skip_ws(args), "'next' takes no argument");
    }
    int k = engine_next_op(e);
    if (k < 0) {
        sb_append(c->out, "already at the end (use 'back' or 'restart')\n");
        return CMD_OK;
    }
    travel(c, 1, engine_group_end(e, k) - k, 0);
    return CMD_OK;
}

CmdStatus cmd_continue(Ctx *c, const char *args)
{
    if (*cmd_skip_ws(args) != '\0') {
        return cmd_error(c, cmd_skip_ws(args), "'continue' takes no argument");
    }
    if (c->e->pos >= c->e->nops) {
        sb_append(c->out, "already at the end (use 'back' or 'restart')\n");
        return CMD_OK;
    }
    travel(c, 1, c->e->nops, TRAVEL_BREAKS);
    return CMD_OK;
}

CmdStatus cmd_rcontinue(Ctx *c, const char *args)
{
    if (*cmd_skip_ws(args) != '\0') {
        return cmd_error(c, cmd_skip_ws(args), "'reverse-continue' takes no argument");
    }
    if (c->e->pos == 0) {
        sb_append(c->out, "already at the start\n");
        return CMD_OK;
    }
    travel(c, -1, c->e->nops, TRAVEL_BREAKS);
    return CMD_OK;
}

/* run: as gdb's, from the start to the first breakpoint or watchpoint (a
 * breakpoint at the first op stops before it, as gdb's at main); `run end`
 * to the end whatever the breakpoints say. */
CmdStatus cmd_run(Ctx *c, const char *args)
{
    Engine *e = c->e;
    args = cmd_skip_ws(args);
    bool to_end = strcmp(args, "end") == 0;
    if (*args != '\0' && !to_end) {
        return cmd_usage(c, args, "run", " (from the start to the first breakpoint; 'run end' ignores them)");
    }
    engine_goto(e, to_end || e->nbreaks == 0 ? e->nops : 0);
    if (to_end || e->nbreaks == 0) {
        if (e->pos < e->nops) {
            return CMD_OK; /* interrupted between two ops: command_exec says where it stopped */
        }
        ran_to_end(c);
        command_show_displays(e, c->out);
        return CMD_OK;
    }
    int first = e->pos == 0 ? location_hit(e, engine_next_op(e)) : -1;
    if (first >= 0) {
        report_break(c, first);
        where(c);
        command_show_displays(e, c->out);
        return CMD_OK;
    }
    travel(c, 1, e->nops, TRAVEL_BREAKS | TRAVEL_QUIET);
    return CMD_OK;
}

CmdStatus cmd_restart(Ctx *c, const char *args)
{
    if (*cmd_skip_ws(args) != '\0') {
        return cmd_error(c, cmd_skip_ws(args), "'restart' takes no argument");
    }
    engine_goto(c->e, 0);
    where(c);
    return CMD_OK;
}

CmdStatus cmd_goto(Ctx *c, const char *args)
{
    int n;
    args = cmd_skip_ws(args);
    if (*args == '\0') {
        return cmd_usage(c, args, "goto", " (0 = the start)");
    }
    if (cmd_count(c, args, 0, &n) != 0) {
        return CMD_ERROR;
    }
    if (n > c->e->nops) {
        diag_set(c->d, 0, cmd_col(c, args), "position %d is past the end (%d ops)", n, c->e->nops);
        return CMD_ERROR;
    }
    engine_goto(c->e, n);
    where(c);
    command_show_displays(c->e, c->out);
    return CMD_OK;
}

CmdStatus cmd_until(Ctx *c, const char *args)
{
    args = cmd_skip_ws(args);
    int k = engine_find_op(c->e, args);
    if (k < 0) {
        return cmd_error(c, args, "unknown op name (see 'info ops'), e.g. until fwd pool1");
    }
    if (k < c->e->pos) {
        sb_printf(c->out, "%s already ran; going back to it\n", c->e->ops[k].name);
        engine_goto(c->e, k);
        where(c);
        return CMD_OK;
    }
    travel(c, 1, k - c->e->pos, 0);
    return CMD_OK;
}

CmdStatus cmd_where(Ctx *c, const char *args)
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

CmdStatus cmd_break(Ctx *c, const char *args)
{
    Engine *e = c->e;
    args = cmd_skip_ws(args);
    if (can_add_break(c, args, "break", " (see 'help break')", "breakpoint") != 0) {
        return CMD_ERROR;
    }
    Breakpoint b;
    memset(&b, 0, sizeof b);
    snprintf(b.text, sizeof b.text, "%s", args);
    if (strncmp(args, "if", 2) == 0 && (args[2] == ' ' || args[2] == '(')) {
        const char *cond = cmd_skip_ws(args + 2);
        if (cmd_check_expr(c, cond) != 0) {
            return CMD_ERROR;
        }
        b.kind = BP_COND;
        snprintf(b.text, sizeof b.text, "%s", cond);
    } else if (strcmp(args, "fwd") == 0 || strcmp(args, "bwd") == 0) {
        b.kind = BP_PHASE;
        b.phase = args[0] == 'f' ? PHASE_FWD : PHASE_BWD;
    } else if ((b.op = engine_find_op(e, args)) >= 0) {
        b.kind = BP_OP;
    } else if (isdigit((unsigned char)args[0])) {
        char *end = NULL;
        errno = 0;
        long op = strtol(args, &end, 10);
        if (*cmd_skip_ws(end) != '\0' || errno == ERANGE || op < 1 || op > e->nops) {
            diag_set(c->d, 0, cmd_col(c, args), "no op %.20s: the program's ops are 1 to %d", args, e->nops);
            return CMD_ERROR;
        }
        b.kind = BP_OP;
        b.op = (int)op - 1;
    } else if (parse_layer_word(e, args, &b) != 0) {
        return cmd_error(c, args, "not an op, layer (conv1, fc2), phase (fwd, bwd) or 'if CONDITION'");
    }
    b.id = e->next_break_id++;
    e->breaks[e->nbreaks++] = b;
    cmd_line(c, SUM_BREAK, "breakpoint %d: %s", b.id, b.kind == BP_COND ? args : b.text);
    return CMD_OK;
}

CmdStatus cmd_delete(Ctx *c, const char *args)
{
    Engine *e = c->e;
    int id, which = cmd_id_or_all(c, &args, &id);
    if (which <= 0) {
        if (which == 0) {
            sb_printf(c->out, "deleted %d breakpoint%s\n", e->nbreaks, e->nbreaks == 1 ? "" : "s");
            e->nbreaks = 0;
        }
        return which == 0 ? CMD_OK : CMD_ERROR;
    }
    if (!engine_delete_break(e, id)) {
        return cmd_error(c, args, "no breakpoint with that number (see 'info break')");
    }
    sb_printf(c->out, "deleted breakpoint %d\n", id);
    return CMD_OK;
}
