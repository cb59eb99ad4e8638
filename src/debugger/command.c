/* command.c: the one command language: the dispatch of a command line to
 * its handler, help, completion and the CmdResult. The commands' names,
 * abbreviations, usage and help are cmd_table.c's; the handlers live in
 * cmd_motion.c (moving), cmd_inspect.c (showing and setting), cmd_check.c
 * (explain, gradcheck), cmd_train.c, cmd_sgd.c and cmd_params.c (training).
 * Must not: print or exit; everything goes into the StrBuf and the Diag. */
#include "command.h"

#include <ctype.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../base/interrupt.h"
#include "cmd_internal.h"
#include "expr.h"
#include "format.h"
#include "notation.h"


static CmdStatus cmd_help(Ctx *c, const char *args)
{
    args = cmd_skip_ws(args);
    if (command_help(args, c->out) != 0) {
        return cmd_error(c, args, "no such command (type 'help' for the list)");
    }
    return CMD_OK;
}

static CmdStatus cmd_quit(Ctx *c, const char *args)
{
    (void)c;
    (void)args;
    return CMD_QUIT;
}

static const struct {
    const char *name;
    CmdFn fn;
} HANDLERS[] = {
    { "run", cmd_run },
    { "step", cmd_step },
    { "back", cmd_back },
    { "next", cmd_next },
    { "continue", cmd_continue },
    { "reverse-continue", cmd_rcontinue },
    { "restart", cmd_restart },
    { "goto", cmd_goto },
    { "until", cmd_until },
    { "where", cmd_where },
    { "break", cmd_break },
    { "watch", cmd_watch },
    { "delete", cmd_delete },
    { "display", cmd_display },
    { "undisplay", cmd_undisplay },
    { "print", cmd_print },
    { "set", cmd_set },
    { "compare", cmd_compare },
    { "explain", cmd_explain },
    { "gradcheck", cmd_gradcheck },
    { "data", cmd_data },
    { "input", cmd_input },
    { "train", cmd_train },
    { "test", cmd_test },
    { "instance", cmd_instance },
    { "save", cmd_save },
    { "load", cmd_load },
    { "info", cmd_info },
    { "help", cmd_help },
    { "quit", cmd_quit },
};
enum { NHANDLERS = sizeof HANDLERS / sizeof HANDLERS[0] };


/* The handler of the command named (not aliased) name. */
static CmdFn handler_of(const char *name)
{
    for (int i = 0; i < NHANDLERS; i++) {
        if (strcmp(HANDLERS[i].name, name) == 0) {
            return HANDLERS[i].fn;
        }
    }
    return NULL;
}

/* Edit distance (insertions, deletions, substitutions) of two short words. */
static int distance(const char *a, size_t la, const char *b)
{
    size_t lb = strlen(b);
    if (la > 31 || lb > 31) {
        return 99;
    }
    int row[32];
    for (size_t j = 0; j <= lb; j++) {
        row[j] = (int)j;
    }
    for (size_t i = 1; i <= la; i++) {
        int diag = row[0];
        row[0] = (int)i;
        for (size_t j = 1; j <= lb; j++) {
            int up = row[j];
            int best = diag + (a[i - 1] != b[j - 1]);
            best = up + 1 < best ? up + 1 : best;
            best = row[j - 1] + 1 < best ? row[j - 1] + 1 : best;
            row[j] = best;
            diag = up;
        }
    }
    return row[lb];
}

/* The command a mistyped word is closest to (2 edits at most), or NULL. */
static const char *closest_command(const char *word, size_t len)
{
    const char *best = NULL;
    int best_d = 3;
    for (int i = 0; i < cmd_table_count(); i++) {
        int d = distance(word, len, cmd_table_at(i)->name);
        if (d < best_d && (size_t)d < len) {
            best = cmd_table_at(i)->name;
            best_d = d;
        }
    }
    return best;
}

int command_complete(const Engine *e, const char *line, char *out, size_t size)
{
    const char *word = line + strlen(line);
    while (word > line && (isalnum((unsigned char)word[-1]) || word[-1] == '_' || word[-1] == '-')) {
        word--;
    }
    size_t len = strlen(word);
    bool first = strspn(line, " ") == (size_t)(word - line);
    const char *match = NULL;
    int matches = 0;
    for (int i = 0; first && i < cmd_table_count(); i++) {
        if (strncmp(cmd_table_at(i)->name, word, len) == 0) {
            match = cmd_table_at(i)->name;
            matches++;
        }
    }
    for (int v = 0; !first && v < e->net->nvalues; v++) {
        if (strncmp(e->net->values[v].name, word, len) == 0) {
            match = e->net->values[v].name;
            matches++;
        }
    }
    if (matches != 1) {
        return matches;
    }
    snprintf(out, size, "%.*s%s%s", (int)(word - line), line, match, first ? " " : "");
    return 1;
}

bool command_known(const char *word, size_t len)
{
    return cmd_table_find(word, len) != NULL;
}

int command_help(const char *topic, StrBuf *out)
{
    if (topic[0] == '\0') {
        sb_append(out, "commands (abbreviations in brackets):\n");
        for (int i = 0; i < cmd_table_count(); i++) {
            const CommandInfo *ci = cmd_table_at(i);
            char names[64];
            snprintf(names, sizeof names, "%s%s%s%s", ci->name, ci->aliases[0] ? " [" : "", ci->aliases,
                     ci->aliases[0] ? "]" : "");
            sb_printf(out, "  %-28s %s\n", names, ci->usage);
        }
        sb_append(out, "'help COMMAND' explains one.\n");
        return 0;
    }
    const CommandInfo *cmd = cmd_table_find(topic, strlen(topic));
    if (cmd == NULL) {
        return -1;
    }
    sb_printf(out, "%s\n%s\n", cmd->usage, cmd->help);
    if (cmd->aliases[0] != '\0') {
        sb_printf(out, "also: %s\n", cmd->aliases);
    }
    return 0;
}

/* Says once where the first NaN or infinity of the pass appeared. */
static void tell_nonfinite(Ctx *c)
{
    Engine *e = c->e;
    if (e->nonfinite_op < 0 || e->nonfinite_told || e->nonfinite_op >= e->pos) {
        return;
    }
    const NetValue *v = &e->net->values[e->nonfinite_value];
    size_t k = e->nonfinite_entry, rows = (size_t)(v->m.rows > 0 ? v->m.rows : 1);
    char num[32];
    fmt_number(num, sizeof num, v->m.data[k], -1);
    cmd_line(c, SUM_WARNING, "warning: op %d '%s' wrote the first non-finite value: %s(%zu,%zu) = %s; "
             "what is computed from it may be NaN",
             e->nonfinite_op + 1, e->ops[e->nonfinite_op].name, v->name, k % rows + 1, k / rows + 1, num);
    e->nonfinite_told = true;
}

/* The command named at word, or NULL with the error set. */
static const CommandInfo *find_or_guess(Ctx *c, const char *word, size_t len)
{
    const CommandInfo *cmd = cmd_table_find(word, len);
    if (cmd == NULL) {
        const char *guess = closest_command(word, len);
        if (guess != NULL) {
            diag_set(c->d, 0, cmd_col(c, word), "unknown command '%.*s'; did you mean '%s'? (type 'help')", (int)len,
                     word, guess);
        } else {
            diag_set(c->d, 0, cmd_col(c, word), "unknown command '%.*s' (type 'help')", (int)len, word);
        }
    }
    return cmd;
}

/* The summary when no line asked to be it: the output's first line. */
static void first_line_summary(CmdResult *r)
{
    if (r->summary_rank > 0 || r->nblocks == 0) {
        return;
    }
    const char *t = r->blocks[0].text;
    snprintf(r->summary, sizeof r->summary, "%.*s", (int)strcspn(t, "\n"), t);
}

static CmdStatus run(Ctx *c)
{
    const char *p = cmd_skip_ws(c->line);
    if (*p == '\0' || *p == '#') {
        return CMD_OK;
    }
    const char *word = p;
    while (*p != '\0' && *p != ' ' && *p != '\t') {
        p++;
    }
    const CommandInfo *cmd = find_or_guess(c, word, (size_t)(p - word));
    CmdFn fn = cmd != NULL ? handler_of(cmd->name) : NULL;
    if (fn == NULL) {
        return CMD_ERROR;
    }
    CmdStatus st = fn(c, p);
    tell_nonfinite(c);
    int why = st == CMD_ERROR ? 0 : interrupt_pending(); /* a command's own error says more */
    if (why == SIGINT) {
        /* Ctrl-C ends the command between two ops; what ran stays valid. The
         * caller clears it (the TUI goes on, a script or a lesson stops). */
        diag_set(c->d, 0, cmd_col(c, word), "interrupted (Ctrl-C) at position %d/%d", c->e->pos, c->e->nops);
        cmd_stop(c, STOP_INTERRUPT);
        return CMD_ERROR;
    }
    if (why == INTERRUPT_WORK) {
        diag_set(c->d, 0, cmd_col(c, word), "stopped at position %d/%d: the lesson's work budget (%.0f GFLOP) is spent",
                 c->e->pos, c->e->nops, (double)LESSON_MAX_WORK / 1e9);
        cmd_stop(c, STOP_INTERRUPT);
        return CMD_ERROR;
    }
    return st;
}

CmdStatus command_run(Engine *e, const char *line, CmdResult *r)
{
    StrBuf out;
    sb_init(&out);
    Ctx c = { e, line, &out, &r->diag, r };
    CmdStatus st = run(&c);
    cmd_flush(&c);
    sb_release(&out);
    first_line_summary(r);
    if (st == CMD_ERROR && r->stop != STOP_INTERRUPT) {
        r->stop = STOP_ERROR;
    }
    return st;
}

CmdStatus command_exec(Engine *e, const char *line, StrBuf *out, Diag *d)
{
    CmdResult r;
    cmd_result_init(&r);
    r.diag = *d;
    CmdStatus st = command_run(e, line, &r);
    cmd_result_text(&r, out);
    *d = r.diag;
    cmd_result_release(&r);
    return st;
}
