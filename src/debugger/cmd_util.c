/* cmd_util.c: what every command handler uses: columns and errors, counts,
 * expressions checked for later, a value shown as a block, and the
 * CmdResult the handlers fill (its blocks, summary line and stop reason).
 * Must not: print or exit, or call a handler (the arrows point here from
 * command.c and the cmd_*.c files only). */
#include "cmd_internal.h"

#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "expr.h"
#include "notation.h"

/* Largest matrix a BLOCK_MATRIX keeps a copy of (entries). */
enum { BLOCK_MAX_COPY = 1 << 20 };

void cmd_result_init(CmdResult *r)
{
    memset(r, 0, sizeof *r);
    diag_clear(&r->diag);
}

void cmd_result_release(CmdResult *r)
{
    for (int k = 0; k < r->nblocks; k++) {
        CmdBlock *b = &r->blocks[k];
        free(b->text);
        mat_release(&b->m);
        for (int i = 0; b->cells != NULL && i < b->rows * b->cols; i++) {
            free(b->cells[i]);
        }
        free(b->cells);
    }
    free(r->blocks);
    r->blocks = NULL;
    r->nblocks = r->cap = 0;
}

void cmd_result_text(const CmdResult *r, StrBuf *out)
{
    for (int k = 0; k < r->nblocks; k++) {
        sb_append(out, r->blocks[k].text);
    }
}

/* A new block holding text (taken whole, or NULL when out of memory: the
 * text is then dropped). */
static CmdBlock *add_block(CmdResult *r, CmdBlockKind kind, const char *text)
{
    if (r->nblocks == r->cap) {
        int cap = r->cap > 0 ? 2 * r->cap : 8;
        CmdBlock *grown = realloc(r->blocks, (size_t)cap * sizeof *grown);
        if (grown == NULL) {
            return NULL;
        }
        r->blocks = grown;
        r->cap = cap;
    }
    char *copy = strdup(text);
    if (copy == NULL) {
        return NULL;
    }
    CmdBlock *b = &r->blocks[r->nblocks++];
    memset(b, 0, sizeof *b);
    b->kind = kind;
    b->text = copy;
    return b;
}

bool cmd_result_add_text(CmdResult *r, CmdBlockKind kind, const char *text)
{
    return add_block(r, kind, text) != NULL;
}

bool cmd_result_take(CmdResult *dst, CmdResult *src)
{
    if (src->nblocks == 0) {
        return true;
    }
    if (dst->nblocks > INT_MAX - src->nblocks) {
        return false;
    }
    int need = dst->nblocks + src->nblocks;
    if (need > dst->cap) {
        CmdBlock *grown = realloc(dst->blocks, (size_t)need * sizeof *grown);
        if (grown == NULL) {
            return false;
        }
        dst->blocks = grown;
        dst->cap = need;
    }
    memcpy(dst->blocks + dst->nblocks, src->blocks, (size_t)src->nblocks * sizeof *src->blocks);
    dst->nblocks = need;
    free(src->blocks);
    src->blocks = NULL;
    src->nblocks = src->cap = 0;
    return true;
}

bool cmd_result_append_headed(CmdResult *dst, const char *line, CmdResult *src)
{
    char heading[300];
    snprintf(heading, sizeof heading, "%.290s\n", line);
    CmdResult headed;
    cmd_result_init(&headed);
    bool ok = cmd_result_add_text(&headed, BLOCK_HEADING, heading) && cmd_result_take(&headed, src) &&
              cmd_result_take(dst, &headed);
    cmd_result_release(&headed); /* empty unless out of memory */
    return ok;
}

int cmd_result_lines(const CmdResult *r)
{
    int n = 0;
    for (int k = 0; k < r->nblocks; k++) {
        for (const char *p = r->blocks[k].text; *p != '\0'; p++) {
            n += *p == '\n' || p[1] == '\0'; /* a last line without its newline counts too */
        }
    }
    return n;
}

/* What the handler wrote so far (c->out) as a block of this kind. */
static void flush_as(Ctx *c, CmdBlockKind kind)
{
    if (c->out->len == 0 || c->r == NULL) {
        return;
    }
    (void)add_block(c->r, kind, sb_str(c->out));
    sb_clear(c->out);
}

void cmd_flush(Ctx *c)
{
    flush_as(c, BLOCK_TEXT);
}

void cmd_flush_columns(Ctx *c)
{
    flush_as(c, BLOCK_COLUMNS);
}

/* What cmd_show_value wrote (in c->out) as a matrix block named label. */
static void add_matrix_block(Ctx *c, const char *label, const Matrix *m)
{
    if (c->r == NULL) {
        return;
    }
    CmdBlock *b = add_block(c->r, BLOCK_MATRIX, sb_str(c->out));
    sb_clear(c->out);
    if (b == NULL) {
        return;
    }
    snprintf(b->name, sizeof b->name, "%s", label);
    if ((size_t)m->rows * (size_t)m->cols <= BLOCK_MAX_COPY) {
        b->m = mat_alloc(m->rows, m->cols);
        if (b->m.data != NULL) {
            mat_copy(&b->m, m);
        }
    }
}

void cmd_table_begin(Ctx *c, TableBuild *t, int cols)
{
    cmd_flush(c);
    memset(t, 0, sizeof *t);
    t->c = c;
    t->cols = cols;
}

void cmd_table_row(TableBuild *t, const char *const *cells)
{
    if (t->rows == t->cap) {
        int cap = t->cap > 0 ? 2 * t->cap : 16;
        char **grown = realloc(t->cells, (size_t)cap * (size_t)t->cols * sizeof *grown);
        if (grown == NULL) {
            return; /* the text has the row; the table goes without it */
        }
        t->cells = grown;
        t->cap = cap;
    }
    for (int k = 0; k < t->cols; k++) {
        t->cells[t->rows * t->cols + k] = strdup(cells[k]); /* NULL when out of memory: an empty cell */
    }
    t->rows++;
}

void cmd_table_end(TableBuild *t)
{
    Ctx *c = t->c;
    CmdBlock *b = c->r != NULL && c->out->len > 0 ? add_block(c->r, BLOCK_TABLE, sb_str(c->out)) : NULL;
    if (b != NULL) {
        sb_clear(c->out);
        b->rows = t->rows;
        b->cols = t->cols;
        b->cells = t->cells;
        return;
    }
    for (int k = 0; k < t->rows * t->cols; k++) {
        free(t->cells[k]);
    }
    free(t->cells);
}

void cmd_line(Ctx *c, SummaryRank rank, const char *fmt, ...)
{
    va_list ap, aq;
    va_start(ap, fmt);
    va_copy(aq, ap);
    int n = vsnprintf(NULL, 0, fmt, ap);
    va_end(ap);
    char *line = n >= 0 ? malloc((size_t)n + 1) : NULL;
    if (line != NULL) {
        vsnprintf(line, (size_t)n + 1, fmt, aq);
        sb_append(c->out, line);
        sb_append(c->out, "\n");
        if (c->r != NULL && (int)rank >= c->r->summary_rank) {
            snprintf(c->r->summary, sizeof c->r->summary, "%s", line);
            c->r->summary_rank = (int)rank;
        }
        free(line);
    }
    va_end(aq);
}

CmdStatus cmd_usage(Ctx *c, const char *at, const char *name, const char *extra, ...)
{
    const CommandInfo *ci = cmd_table_find(name, strlen(name));
    char more[200];
    va_list ap;
    va_start(ap, extra);
    vsnprintf(more, sizeof more, extra, ap);
    va_end(ap);
    diag_set(c->d, 0, cmd_col(c, at), "usage: %s%s", ci != NULL ? ci->usage : name, more);
    return CMD_ERROR;
}

void cmd_stop(Ctx *c, StopReason why)
{
    if (c->r != NULL) {
        c->r->stop = why;
    }
}

int cmd_col(const Ctx *c, const char *at)
{
    return (int)(at - c->line) + 1;
}

CmdStatus cmd_error(Ctx *c, const char *at, const char *msg)
{
    diag_set(c->d, 0, cmd_col(c, at), "%s", msg);
    return CMD_ERROR;
}

const char *cmd_skip_ws(const char *p)
{
    while (*p == ' ' || *p == '\t') {
        p++;
    }
    return p;
}

/* Optional count argument: returns def when args is empty. */
int cmd_count(Ctx *c, const char *args, int def, int *out)
{
    args = cmd_skip_ws(args);
    if (*args == '\0') {
        *out = def;
        return 0;
    }
    char *end = NULL;
    long v = strtol(args, &end, 10);
    if (end == args || *cmd_skip_ws(end) != '\0' || v < 0 || v > 100000000) {
        cmd_error(c, args, "expected a count such as 3");
        return -1;
    }
    *out = (int)v;
    return 0;
}

int cmd_id_or_all(Ctx *c, const char **args, int *id)
{
    *args = cmd_skip_ws(*args);
    if (**args == '\0') {
        return 0;
    }
    return cmd_count(c, *args, 0, id) == 0 ? 1 : -1;
}

int cmd_check_expr(Ctx *c, const char *expr)
{
    ExprResult r;
    Diag tmp = { 0 };
    if (expr_eval(c->e, expr, cmd_col(c, expr) - 1, &r, &tmp) == 0) {
        mat_release(&r.m);
        return 0;
    }
    if (tmp.kind == DIAG_NOT_COMPUTED) {
        return 0;
    }
    *c->d = tmp;
    return -1;
}

void cmd_render(const char *markup, char *buf, size_t size)
{
    notation_render(markup, NOTE_ASCII, buf, size);
}

/* "NAME = math  (r x c)" followed by the matrix, as a block of its own. */
void cmd_show_value(Ctx *c, const char *label, const ValueRef *ref, const Matrix *m, MatFormat f)
{
    cmd_show_value_digits(c, label, ref, m, f, -1);
}

void cmd_show_value_digits(Ctx *c, const char *label, const ValueRef *ref, const Matrix *m, MatFormat f, int digits)
{
    cmd_flush(c);
    if (f == FMT_TEXT) {
        char math[128] = "";
        if (ref != NULL && ref->math[0] != '\0') {
            cmd_render(ref->math, math, sizeof math);
        }
        if (ref != NULL && ref->channel > 0 && ref->value >= 0) {
            sb_printf(c->out, "%s = channel %d of %s as an image  (%d x %d)\n", label, ref->channel,
                      math, m->rows, m->cols);
        } else if (math[0] != '\0' && strcmp(math, label) != 0) {
            char note[80] = "";
            if (ref->value == c->e->net->vy) { /* which class the target is */
                values_target_class(c->e, note, sizeof note);
            }
            sb_printf(c->out, "%s = %s  (%d x %d)%s%s\n", label, math, m->rows, m->cols, note[0] != '\0' ? "; " : "",
                      note);
        } else {
            sb_printf(c->out, "%s  (%d x %d)\n", label, m->rows, m->cols);
        }
    }
    fmt_matrix_digits(c->out, m, f, digits);
    add_matrix_block(c, label, m);
}

