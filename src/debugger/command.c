/* command.c: the one command language: the table of commands with their
 * abbreviations and help, and the dispatch of a command line. The handlers
 * live in cmd_motion.c, cmd_inspect.c and cmd_check.c.
 * Must not: print or exit; everything goes into the StrBuf and the Diag. */
#include "command.h"

#include <ctype.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../math/interrupt.h"
#include "cmd_internal.h"
#include "expr.h"
#include "format.h"
#include "notation.h"

typedef CmdStatus (*CmdFn)(Ctx *c, const char *args);

typedef struct {
    const char *name;
    const char *aliases; /* space-separated */
    CmdFn fn;
    const char *usage;
    const char *help;
} Command;

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

int cmd_check_expr(Ctx *c, const char *expr)
{
    ExprResult r;
    Diag tmp = { 0 };
    if (expr_eval(c->e, expr, cmd_col(c, expr) - 1, &r, &tmp) == 0) {
        mat_release(&r.m);
        return 0;
    }
    if (strstr(tmp.msg, "not computed yet") != NULL) {
        return 0;
    }
    *c->d = tmp;
    return -1;
}

void cmd_render(const char *markup, char *buf, size_t size)
{
    notation_render(markup, NOTE_ASCII, buf, size);
}

/* "NAME = math  (r x c)" followed by the matrix. */
void cmd_show_value(Ctx *c, const char *label, const ValueRef *ref, const Matrix *m, MatFormat f)
{
    if (f == FMT_TEXT) {
        char math[128] = "";
        if (ref != NULL && ref->math[0] != '\0') {
            cmd_render(ref->math, math, sizeof math);
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
    { "watch", "wa", cmd_watch, "watch EXPR",
      "A watchpoint: 'continue' and 'reverse-continue' stop after the op that changes EXPR's value (going\n"
      "back too, as rr does), and say from what to what. E.g. watch Z2(1,3), watch max(abs(dS1))." },
    { "delete", "d", cmd_delete, "delete [N]", "Deletes breakpoint N, or all of them." },
    { "display", "disp", cmd_display, "display EXPR", "Shows EXPR at once and after every step ('display loss', 'display Z2[1]')." },
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
    { "explain", "x", cmd_explain, "explain NAME(i,j)",
      "Why one entry has its value: the defining equation of that entry in the slides' notation, each term\n"
      "with its value (the largest ones when there are many), and the result, which 'print' gives too.\n"
      "NAME[c](i,j) is pixel (i,j) of channel c. E.g. explain Z2(1,3), explain S1(2,5), explain dS1(1,6)." },
    { "gradcheck", "gc", cmd_gradcheck, "gradcheck [NAME(i,j) [h] | NAME [-n N] [h]]",
      "Checks backprop against central finite differences: sets the parameter entry to theta+h and theta-h,\n"
      "runs the pass for each, and compares (xi(theta+h) - xi(theta-h)) / 2h with the gradient; the entry is\n"
      "restored bit for bit. NAME is dW<m>, db<m> or dZ1; alone, every parameter (20 sampled entries each).\n"
      "An entry whose theta +/- h crosses a ReLU kink or changes a pooling winner is marked, not counted." },
    { "data", "", cmd_data, "data fashion-mnist | data DIR",
      "Chooses the images to train and test on: Debian's Fashion-MNIST ('make data' installs it) or a folder of "
      "IDX files (MNIST's train-images-idx3-ubyte[.gz] and the like)." },
    { "input", "", cmd_input, "input data N | input train N | input wrong N | input FILE.pgm",
      "Sets the input Z1 (and the target y) to test image N, training image N, the N-th test image the network "
      "gets wrong, or a PGM image (P2/P5, 8 or 16 bit; y unchanged)." },
    { "train", "", cmd_train,
      "train N steps|epochs [lr=0.0003] [batch=2] [momentum=0.9] [wd=0] [seed=1] [shuffle=on|off] [threads=N]",
      "Mini-batch SGD on the batch mean of xi_i = ||z^{L+1,i} - y^i||^2, momentum as PyTorch's, on threads=N "
      "worker threads (default $BPSTEP_THREADS or every core; the numbers are the same on any number). Ctrl-C "
      "stops at a batch boundary and keeps what was learned. Afterwards instance 1 of the last batch is on screen." },
    { "test", "", cmd_test, "test [N]", "Test accuracy and mean loss on the (first N) test images." },
    { "instance", "inst", cmd_instance, "instance [I]",
      "Shows instance I of the last training batch: its Z^{m,i}, S^{m,i} and dxi_i/d... are what the steps compute." },
    { "save", "", cmd_save, "save FILE", "Writes W1, b1, ... as MATLAB lines (17 digits: exact, Octave reads them)." },
    { "load", "", cmd_load, "load FILE", "Reads parameters written by 'save' (or MATLAB lines 'W1 = [...];'): all or nothing." },
    { "info", "i", cmd_info, "info net|ops|memory|values|break|display|predict|batch [dW<m>]", "Describes the network, the program, memory, names, breakpoints, displays, the current prediction or the last batch." },
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
    for (int i = 0; i < NCOMMANDS; i++) {
        int d = distance(word, len, COMMANDS[i].name);
        if (d < best_d && (size_t)d < len) {
            best = COMMANDS[i].name;
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
    for (int i = 0; first && i < NCOMMANDS; i++) {
        if (strncmp(COMMANDS[i].name, word, len) == 0) {
            match = COMMANDS[i].name;
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

/* Says once where the first NaN or infinity of the pass appeared. */
static void tell_nonfinite(Engine *e, StrBuf *out)
{
    if (e->nonfinite_op < 0 || e->nonfinite_told || e->nonfinite_op >= e->pos) {
        return;
    }
    const NetValue *v = &e->net->values[e->nonfinite_value];
    size_t k = e->nonfinite_entry, rows = (size_t)(v->m.rows > 0 ? v->m.rows : 1);
    char num[32];
    fmt_number(num, sizeof num, v->m.data[k], -1);
    sb_printf(out, "warning: op %d '%s' wrote the first non-finite value: %s(%zu,%zu) = %s; "
                   "what is computed from it may be NaN\n",
              e->nonfinite_op + 1, e->ops[e->nonfinite_op].name, v->name, k % rows + 1, k / rows + 1, num);
    e->nonfinite_told = true;
}

CmdStatus command_exec(Engine *e, const char *line, StrBuf *out, Diag *d)
{
    Ctx c = { e, line, out, d };
    const char *p = cmd_skip_ws(line);
    if (*p == '\0' || *p == '#') {
        return CMD_OK;
    }
    const char *word = p;
    while (*p != '\0' && *p != ' ' && *p != '\t') {
        p++;
    }
    const Command *cmd = find_command(word, (size_t)(p - word));
    if (cmd == NULL) {
        const char *guess = closest_command(word, (size_t)(p - word));
        if (guess != NULL) {
            diag_set(d, 0, cmd_col(&c, word), "unknown command '%.*s'; did you mean '%s'? (type 'help')", (int)(p - word),
                     word, guess);
        } else {
            diag_set(d, 0, cmd_col(&c, word), "unknown command '%.*s' (type 'help')", (int)(p - word), word);
        }
        return CMD_ERROR;
    }
    CmdStatus st = cmd->fn(&c, p);
    tell_nonfinite(e, out);
    if (interrupt_pending() == SIGINT) {
        /* Ctrl-C ends the command between two ops; what ran stays valid */
        interrupt_clear();
        diag_set(d, 0, cmd_col(&c, word), "interrupted (Ctrl-C) at position %d/%d", e->pos, e->nops);
        return CMD_ERROR;
    }
    return st;
}
