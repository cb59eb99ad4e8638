/* derive.c: what a derive question checks in the student's expression: it
 * may name only values computed before the one it derives (never that value
 * itself, nor anything written at or after its op), and where its value
 * differs, entry by entry. Must not: talk to the terminal. */
#include <ctype.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../debugger/values.h"
#include "derive.h"
#include "lesson_internal.h"

static const char *const FUNCTIONS[] = { "abs", "max", "min", "sum", "mean", "norm", "vec", "I" };

static bool is_function(const char *name, size_t n)
{
    for (size_t k = 0; k < sizeof FUNCTIONS / sizeof *FUNCTIONS; k++) {
        if (strlen(FUNCTIONS[k]) == n && strncmp(FUNCTIONS[k], name, n) == 0) {
            return true;
        }
    }
    return false;
}

/* Calls f for every value text names (functions and numbers skipped); stops
 * when f returns false. */
static void each_value(const Engine *e, const char *text, bool (*f)(void *ctx, int id, const char *name), void *ctx)
{
    for (const char *p = text; *p != '\0';) {
        bool start = (isalpha((unsigned char)*p) || *p == '_') && (p == text || !isalnum((unsigned char)p[-1]));
        if (!start) {
            p++;
            continue;
        }
        size_t n = 0;
        while (isalnum((unsigned char)p[n]) || p[n] == '_') {
            n++;
        }
        char name[64];
        snprintf(name, sizeof name, "%.*s", (int)n, p);
        const char *after = p + n + strspn(p + n, " \t");
        int layer = 0, id = *after == '(' && is_function(p, n) ? -2 : values_find(e, name, &layer);
        if (id >= 0 && !f(ctx, id, name)) {
            return;
        }
        p += n;
    }
}

typedef struct {
    const Engine *e;
    int ready;                 /* the latest position at which a value of the target is ready */
    int target[16], ntarget;   /* the values the target names */
    int left_out[16], nleft;   /* the values the question's `without` names */
    const char *without;
    char *why;                 /* the refusal, when there is one */
    size_t size;
} Check;

static bool note_target(void *ctx, int id, const char *name)
{
    (void)name;
    Check *c = ctx;
    int ready = engine_value_ready_at(c->e, id);
    c->ready = ready > c->ready ? ready : c->ready;
    if (c->ntarget < 16) {
        c->target[c->ntarget++] = id;
    }
    return true;
}

static bool note_left_out(void *ctx, int id, const char *name)
{
    (void)name;
    Check *c = ctx;
    if (c->nleft < 16) {
        c->left_out[c->nleft++] = id;
    }
    return true;
}

static bool allowed(void *ctx, int id, const char *name)
{
    Check *c = ctx;
    for (int k = 0; k < c->nleft; k++) {
        if (c->left_out[k] == id) {
            snprintf(c->why, c->size, "%s may not be used here: this derivation is without %s", name, c->without);
            return false;
        }
    }
    for (int k = 0; k < c->ntarget; k++) {
        if (c->target[k] == id) {
            snprintf(c->why, c->size, "%s is the value being derived: write it from what comes before", name);
            return false;
        }
    }
    int ready = engine_value_ready_at(c->e, id);
    if (ready >= c->ready && ready > 0) {
        snprintf(c->why, c->size, "%s is written by op %d '%s', not before the value derived (op %d): write it from "
                                  "what comes before", name, ready, c->e->ops[ready - 1].name, c->ready);
        return false;
    }
    return true;
}

int derive_refuse(const Engine *e, const char *target, const char *without, const char *answer, char *why,
                  size_t size)
{
    Check c = { e, 0, { 0 }, 0, { 0 }, 0, without, why, size };
    why[0] = '\0';
    each_value(e, target, note_target, &c);
    if (without != NULL) {
        each_value(e, without, note_left_out, &c);
    }
    each_value(e, answer, allowed, &c);
    return why[0] != '\0' ? -1 : 0;
}

int derive_unknown(const Engine *e, const char *without, char *name, size_t size)
{
    for (const char *p = without; *p != '\0';) {
        p += strspn(p, " \t,");
        size_t n = strcspn(p, " \t,");
        if (n == 0) {
            break;
        }
        snprintf(name, size, "%.*s", (int)n, p);
        int layer = 0;
        if (values_find(e, name, &layer) < 0) {
            return -1;
        }
        p += n;
    }
    return 0;
}

int derive_mark(const Matrix *given, const Matrix *want, double tol, unsigned char **differs)
{
    *differs = NULL;
    size_t n = mat_count(want);
    if (given->rows != want->rows || given->cols != want->cols || n == 0 || (*differs = calloc(n, 1)) == NULL) {
        return -1;
    }
    int count = 0;
    for (size_t k = 0; k < n; k++) {
        double a = given->data[k], b = want->data[k];
        (*differs)[k] = !(fabs(a - b) <= tol * fmax(1.0, fabs(b)));
        count += (*differs)[k];
    }
    return count;
}

void derive_differences(const Matrix *given, const Matrix *want, double tol, StrBuf *out)
{
    if (given->rows != want->rows || given->cols != want->cols) {
        bool transposed = given->rows == want->cols && given->cols == want->rows;
        sb_printf(out, "  yours is %d x %d, the value %d x %d%s\n", given->rows, given->cols, want->rows, want->cols,
                  transposed ? ": the transpose" : "");
        return;
    }
    int shown = 0, differ = 0;
    for (size_t k = 0; k < mat_count(want); k++) {
        double a = given->data[k], b = want->data[k];
        if (fabs(a - b) <= tol * fmax(1.0, fabs(b))) {
            continue;
        }
        differ++;
        if (shown < 8) {
            int i = (int)(k % (size_t)want->rows) + 1, j = (int)(k / (size_t)want->rows) + 1;
            sb_printf(out, "  entry (%d,%d): yours %.6g, the pass's %.6g\n", i, j, a + 0.0, b + 0.0); /* -0 as 0 */
            shown++;
        }
    }
    if (differ > shown) {
        sb_printf(out, "  ... %d more entries differ\n", differ - shown);
    }
    sb_printf(out, "  %d of %zu entries differ\n", differ, mat_count(want));
}
