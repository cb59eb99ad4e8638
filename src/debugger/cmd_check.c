/* cmd_check.c: `explain NAME(i,j)` and `gradcheck`, the commands that say
 * why a number is what it is and whether a gradient is right.
 * Must not: print or exit. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../base/interrupt.h"
#include "cmd_internal.h"
#include "explain_text.h"

/* One entry's explanation, or what it is when no op computes it. */
static CmdStatus explain_one(Ctx *c, const char *args, const EntryRef *ref)
{
    Explanation ex;
    int rc = engine_explain(c->e, ref, &ex, c->d);
    if (rc < 0) {
        c->d->col = cmd_col(c, args);
        return CMD_ERROR;
    }
    if (rc == 1) {
        char num[32];
        const NetValue *v = &c->e->net->values[ref->value];
        fmt_number(num, sizeof num, MAT_AT(v->m, ref->row, ref->col), -1);
        sb_printf(c->out, "%s = %s is %s: no op computes it; it is what the network started with or what 'set' "
                          "put there\n",
                  ref->label, num, v->kind == VAL_PARAM ? "a parameter" : v->kind == VAL_TARGET ? "the target" : "the input");
        return CMD_OK;
    }
    explain_write(c->e, ref, &ex, c->out);
    explain_release(&ex);
    return CMD_OK;
}

/* explain NAME(i,j), or a range of up to ENTRIES_MAX entries one by one. */
CmdStatus cmd_explain(Ctx *c, const char *args)
{
    args = cmd_skip_ws(args);
    if (*args == '\0') {
        return cmd_usage(c, args, "explain", ", e.g. explain S1(2,5) or explain Z2[1](1,2)");
    }
    EntryRef refs[ENTRIES_MAX];
    int n = 0;
    const char *end = NULL;
    if (entries_parse(c->e, args, &end, cmd_col(c, args) - 1, refs, ENTRIES_MAX, &n, c->d) != 0) {
        return CMD_ERROR;
    }
    if (*cmd_skip_ws(end) != '\0') {
        return cmd_error(c, cmd_skip_ws(end), "unexpected text after the entry");
    }
    for (int k = 0; k < n; k++) {
        if (explain_one(c, args, &refs[k]) != CMD_OK) {
            return CMD_ERROR;
        }
    }
    return CMD_OK;
}

/* ---- gradcheck ---------------------------------------------------------------- */

enum { GRADCHECK_SAMPLE = 20 };
#define GRADCHECK_TOL 1e-6

static void write_check(Ctx *c, const EntryRef *ref, const GradCheck *gc)
{
    char th[32], hp[32], lp[32], lm[32], fd[32], bp[32], re[32];
    fmt_number(th, sizeof th, gc->theta, -1);
    fmt_number(hp, sizeof hp, gc->h, -1);
    snprintf(lp, sizeof lp, "%.17g", gc->loss_plus);
    snprintf(lm, sizeof lm, "%.17g", gc->loss_minus);
    fmt_number(fd, sizeof fd, gc->fd, -1);
    fmt_number(bp, sizeof bp, gc->backprop, -1);
    snprintf(re, sizeof re, "%.2g", gc->rel_error);
    sb_printf(c->out, "gradcheck %s: theta = %s, h = %s\n", ref->label, th, hp);
    sb_printf(c->out, "  xi(theta + h) = %s\n  xi(theta - h) = %s\n", lp, lm);
    sb_printf(c->out, "  central difference (xi(theta+h) - xi(theta-h)) / 2h = %s\n", fd);
    sb_printf(c->out, "  backprop %s = %s\n", ref->label, bp);
    sb_printf(c->out, "  relative error = %s  %s\n", re,
              gc->kink ? "(theta +/- h crosses a ReLU kink or changes a pooling winner: the difference quotient "
                         "does not measure the derivative here)"
              : gc->rel_error < GRADCHECK_TOL ? "ok"
              : gc->noise_floor ? "ok: |fd - g| is below what two losses' difference resolves (a tiny gradient)"
                                : "LARGE");
    sb_append(c->out, "  the parameter is restored bit for bit; nothing else changed\n");
}

static int gcd(int a, int b)
{
    while (b != 0) {
        int t = a % b;
        a = b;
        b = t;
    }
    return a;
}

/* Every entry of a gradient, or n entries spread evenly over it. An entry
 * whose +h and -h straddle a kink (a ReLU at 0, a pooling tie) measures no
 * derivative: it is skipped and the next entry of the spread taken instead,
 * up to 10 n tries, so n entries are really checked when the gradient has
 * them. Writes one summary line; sets *unchecked when none could be checked.
 * -1 when interrupted. */
static int check_value(Ctx *c, int value, int n, double h, int *large, int *unchecked)
{
    const NetValue *v = &c->e->net->values[value];
    int count = (int)mat_count(&v->m), take = n > 0 && n < count ? n : count;
    /* stride coprime to count: s * stride mod count visits every entry once,
     * the first take of them about evenly spread */
    int stride = take == count ? 1 : count / take;
    while (gcd(stride, count) != 1) {
        stride++;
    }
    int tries = take == count ? count : (10 * take < count ? 10 * take : count);
    double worst = 0.0;
    int worst_k = 0, kinks = 0, checked = 0, real = 0, tried = 0;
    for (; tried < tries && checked < take; tried++) {
        if (interrupt_pending() != 0) {
            return -1;
        }
        int k = (int)((long long)tried * stride % count);
        EntryRef ref = { value, k % v->m.rows, k / v->m.rows, "" };
        GradCheck gc;
        Diag d;
        diag_clear(&d);
        if (gradcheck_entry(c->e, &ref, h, &gc, &d) != 0) {
            return -1;
        }
        if (gc.kink) {
            kinks++;
            continue;
        }
        checked++;
        real += gc.rel_error >= GRADCHECK_TOL && !gc.noise_floor;
        if (gc.rel_error >= worst) {
            worst = gc.rel_error;
            worst_k = k;
        }
    }
    if (checked == 0) {
        sb_printf(c->out, "%s: none of the %d entries tried could be checked: every one straddles a ReLU kink or a "
                          "pooling tie\n", v->name, tried);
        *unchecked += 1;
        return 0;
    }
    char where[48];
    if (v->m.cols == 1) {
        snprintf(where, sizeof where, "(%d)", worst_k + 1);
    } else {
        snprintf(where, sizeof where, "(%d,%d)", worst_k % v->m.rows + 1, worst_k / v->m.rows + 1);
    }
    sb_printf(c->out, "%s: max relative error = %.2g at %s  (%d of %d entries checked)%s\n", v->name, worst, where,
              checked, count,
              real > 0                ? "  LARGE"
              : worst >= GRADCHECK_TOL ? "  (a tiny gradient: |fd - g| is at the noise floor of the difference)"
                                       : "");
    if (kinks > 0) {
        sb_printf(c->out, "    %d other entr%s straddled a ReLU kink or a change of pooling winner (a tie): not counted%s\n",
                  kinks, kinks == 1 ? "y" : "ies", checked < take ? "" : ", others taken instead");
    }
    *large += real > 0;
    return 0;
}

/* gradcheck alone: every parameter, a sample of each. */
static CmdStatus check_all(Ctx *c, const char *args)
{
    Engine *e = c->e;
    int large = 0, unchecked = 0;
    for (int m = 1; m <= e->net->spec.L; m++) {
        if (check_value(c, e->net->layer[m].dW, GRADCHECK_SAMPLE, 1e-5, &large, &unchecked) != 0 ||
            check_value(c, e->net->layer[m].db, GRADCHECK_SAMPLE, 1e-5, &large, &unchecked) != 0) {
            return cmd_error(c, args, "gradcheck interrupted: every parameter and the position are as they were");
        }
    }
    const char *verdict = large > 0       ? "LARGE errors above"
                          : unchecked > 0 ? "every entry checked agrees with finite differences, but some parameters "
                                            "could not be checked (above)"
                                          : "every parameter's gradient agrees with finite differences";
    sb_printf(c->out, "%s (h = 1e-05; at most %d checked entries per parameter; relative error = |fd - g| / "
                      "max(1e-8, |fd| + |g|))\n",
              verdict, GRADCHECK_SAMPLE);
    return CMD_OK;
}

/* gradcheck NAME(i,j) [h]: one entry, every number of the check. */
static CmdStatus check_entry(Ctx *c, const char *args)
{
    EntryRef ref;
    const char *end = NULL;
    double h = 1e-5;
    if (entry_parse(c->e, args, &end, cmd_col(c, args) - 1, &ref, c->d) != 0) {
        return CMD_ERROR;
    }
    end = cmd_skip_ws(end);
    char *hend = NULL;
    if (*end != '\0' &&
        ((h = strtod(end, &hend)), hend == end || *cmd_skip_ws(hend) != '\0' || !(h > 0.0) || !isfinite(h))) {
        return cmd_error(c, end, "expected a step h > 0 after the entry, e.g. 1e-5");
    }
    GradCheck gc;
    if (gradcheck_entry(c->e, &ref, h, &gc, c->d) != 0) {
        c->d->col = cmd_col(c, args);
        return CMD_ERROR;
    }
    write_check(c, &ref, &gc);
    return CMD_OK;
}

/* gradcheck [NAME(i,j) [h] | NAME [-n N] [h]] */
CmdStatus cmd_gradcheck(Ctx *c, const char *args)
{
    Engine *e = c->e;
    args = cmd_skip_ws(args);
    double h = 1e-5;
    int n = 0, large = 0;
    if (*args == '\0') {
        return check_all(c, args);
    }
    const char *name_end = args;
    while (*name_end != '\0' && *name_end != ' ' && *name_end != '(') {
        name_end++;
    }
    if (*name_end == '(') {
        return check_entry(c, args);
    }
    char name[32];
    snprintf(name, sizeof name, "%.*s", (int)(name_end - args < 31 ? name_end - args : 31), args);
    int id = net_find_value(e->net, name);
    const char *rest = cmd_skip_ws(name_end);
    if (strncmp(rest, "-n", 2) == 0) {
        char *nend = NULL;
        long v = strtol(rest + 2, &nend, 10);
        if (nend == rest + 2 || v < 1 || v > 1000000) {
            return cmd_error(c, rest, "expected -n N with N from 1 to 1000000");
        }
        n = (int)v;
        rest = cmd_skip_ws(nend);
    }
    if (*rest != '\0') {
        char *hend = NULL;
        h = strtod(rest, &hend);
        if (hend == rest || *cmd_skip_ws(hend) != '\0' || !(h > 0.0) || !isfinite(h)) {
            return cmd_error(c, rest, "expected a step h > 0, e.g. 1e-5");
        }
    }
    if (id < 0) {
        diag_set(c->d, 0, cmd_col(c, args), "unknown name '%s' (try 'info values')", name);
        return CMD_ERROR;
    }
    EntryRef probe = { id, 0, 0, "" };
    snprintf(probe.label, sizeof probe.label, "%s", name);
    GradCheck gc;
    Diag d;
    diag_clear(&d);
    if (gradcheck_entry(e, &probe, h, &gc, c->d) != 0) { /* checks that it is a gradient of a parameter */
        c->d->col = cmd_col(c, args);
        return CMD_ERROR;
    }
    int unchecked = 0;
    if (check_value(c, id, n > 0 ? n : (mat_count(&e->net->values[id].m) <= 200 ? 0 : GRADCHECK_SAMPLE), h, &large,
                    &unchecked) != 0) {
        return cmd_error(c, args, "gradcheck interrupted: every parameter and the position are as they were");
    }
    return CMD_OK;
}
