/* cmd_table.c: the commands of the language as data: name, abbreviations,
 * usage and help. help, completion, the dispatch (command.c) and the usage
 * in error messages (cmd_usage) all read this one table.
 * Must not: print or exit, or know the handlers (command.c maps names to
 * them, so the table is used by all and uses nothing). */
#include "cmd_internal.h"

#include <string.h>

static const CommandInfo COMMANDS[] = {
    { "run", "r", "run [end]", "As gdb's run: from the start (position 0, edits kept), the forward pass, loss and "
      "backward pass, stopping at the first breakpoint or watchpoint (as 'continue' from the start; a breakpoint at the "
      "first op stops before it). 'run end' runs to the end regardless of breakpoints and watchpoints." },
    { "step", "s", "step [N]", "Executes the next N ops (default 1), printing each op's equation and what it wrote." },
    { "back", "rs reverse-step", "back [N]", "Undoes the last N ops (default 1); what they wrote is shown as not computed again." },
    { "next", "n", "next", "Runs to the end of the current layer (in the current phase)." },
    { "continue", "c", "continue", "Runs to the next breakpoint or the end." },
    { "reverse-continue", "rc", "reverse-continue", "Goes back to the previous breakpoint or the start." },
    { "restart", "", "restart", "Back to position 0. Edits made with 'set' are kept." },
    { "goto", "", "goto N", "Moves to position N (N ops executed; 0 = the start)." },
    { "until", "u", "until OP", "Runs until OP (e.g. 'fwd pool1') is the next op." },
    { "where", "", "where", "Shows the position and the next op." },
    { "break", "b", "break OP | LAYER | PHASE | if CONDITION",
      "Stops 'continue' before an op ('break fwd pool1', 'break 12'), on entering a layer ('conv1', 'fc2'),\n"
      "at the start of a phase ('fwd', 'bwd'), or when a condition becomes true\n"
      "('break if max(abs(dS1)) > 1', 'break if loss < 0.1')." },
    { "watch", "wa", "watch EXPR",
      "A watchpoint: 'continue' and 'reverse-continue' stop after the op that changes EXPR's value (going\n"
      "back too, as rr does), and say from what to what. E.g. watch Z2(1,3), watch max(abs(dS1))." },
    { "delete", "d", "delete [N]", "Deletes breakpoint N, or all of them." },
    { "display", "disp", "display EXPR", "Shows EXPR at once and after every step ('display loss', 'display Z2[1]')." },
    { "undisplay", "", "undisplay [N]", "Removes display N, or all of them." },
    { "print", "p", "print [-f text|csv|latex|latex:N] EXPR",
      "Prints a value: a name (Z2, S1, dW1, Ppool1), a channel (Z2[1], Ppool1[1]), an element (W1(2,5)),\n"
      "or an expression (max(abs(dS1)), W2 * z2 + b2). csv has 17 significant digits; latex is a bmatrix\n"
      "(latex:N with N decimals: print -f latex:2 W1)." },
    { "set", "", "set NAME = MATRIX | set rule 5|6 | set activation A | set pool max|avg | set loss mse|ce | set verbose on|off",
      "Sets the input Z1, a weight W<m>, a bias b<m> or the target y to a MATLAB literal such as\n"
      "[3 2 3 6; 4 5 4 9; 2 1 2 6; 3 4 3 2] and recomputes up to the current position. A vector may be\n"
      "given as a row or a column; a one-channel map as an a x b image; Z1[c] sets one channel.\n"
      "'set rule 5' makes the pooling backward use eq. (5) instead of eq. (6).\n"
      "'set activation relu|leaky|tanh|sigmoid' and 'set pool max|avg' change the network's activation\n"
      "and pooling (then compare shows when eq. (6) as on the slide would be wrong).\n"
      "'set loss ce' uses softmax cross-entropy (PyTorch's; first backward value softmax(z) - y) instead of\n"
      "the slides' squared loss ('set loss mse', the default; 2(z - y)): the loss ops, explain, gradcheck, train." },
    { "compare", "cmp", "compare [LAYER | slides]",
      "Eq. (5) and eq. (6) side by side for conv layer LAYER at the current position (needs the backward\n"
      "pass past 'bwd pool<LAYER>'): each factor, both results, their difference, what each must keep from\n"
      "the forward pass, and why they agree (ReLU + max pooling) or part (other activations, average\n"
      "pooling). 'compare slides' is the slides' example with v = (v1, v2, v3, v4) symbolic." },
    { "explain", "x", "explain NAME(i,j)",
      "Why one entry has its value: the defining equation of that entry in the slides' notation, each term\n"
      "with its value (the largest ones when there are many), and the result, which 'print' gives too.\n"
      "NAME[c](i,j) is pixel (i,j) of channel c. E.g. explain Z2(1,3), explain S1(2,5), explain dS1(1,6)." },
    { "gradcheck", "gc", "gradcheck [NAME(i,j) [h] | NAME [-n N] [h]]",
      "Checks backprop against central finite differences: sets the parameter entry to theta+h and theta-h,\n"
      "runs the pass for each, and compares (xi(theta+h) - xi(theta-h)) / 2h with the gradient; the entry is\n"
      "restored bit for bit. NAME is dW<m>, db<m> or dZ1; alone, every parameter (20 sampled entries each).\n"
      "An entry whose theta +/- h crosses a ReLU kink or changes a pooling winner is marked, not counted." },
    { "data", "", "data fashion-mnist | data DIR",
      "Chooses the images to train and test on: Debian's Fashion-MNIST ('make data' installs it) or a folder of "
      "IDX files (MNIST's train-images-idx3-ubyte[.gz] and the like)." },
    { "input", "", "input data N | input train N | input wrong N | input FILE.pgm",
      "Sets the input Z1 (and the target y) to test image N, training image N, the N-th test image the network "
      "gets wrong, or a PGM image (P2/P5, 8 or 16 bit; y unchanged)." },
    { "train", "",
      "train N steps|epochs [lr=0.0003] [batch=2] [momentum=0.9] [wd=0] [seed=1] [shuffle=on|off] [threads=N]",
      "Mini-batch SGD on the batch mean of the loss xi_i (||z^{L+1,i} - y^i||^2, or cross-entropy after 'set loss "
      "ce'), momentum as PyTorch's, on threads=N worker threads (default $BPSTEP_THREADS or every core; the "
      "numbers are the same on any number). Ctrl-C stops at a batch boundary and keeps what was learned. "
      "Afterwards instance 1 of the last batch is on screen." },
    { "test", "", "test [N]", "Test accuracy and mean loss on the (first N) test images." },
    { "instance", "inst", "instance [I]",
      "Shows instance I of the last training batch: its Z^{m,i}, S^{m,i} and dxi_i/d... are what the steps compute." },
    { "save", "", "save FILE", "Writes W1, b1, ... as MATLAB lines (17 digits: exact, Octave reads them)." },
    { "load", "", "load FILE | load MODEL.onnx",
      "Reads parameters written by 'save' (or MATLAB lines 'W1 = [...];'), or every W^m and b^m of a PyTorch model "
      "exported to ONNX whose layers match the network's (docs/onnx.md): all or nothing." },
    { "info", "i", "info net|ops|memory|values|break|watch|display|predict|batch [dW<m> [-f csv]]", "Describes the network, the program, memory, names, breakpoints and watchpoints (info break, or info breakpoints, lists both as gdb's does; info watch, or info watchpoints, the watchpoints alone), displays, the current prediction or the last batch (info batch dW1 -f csv: its batch mean with 17 significant digits)." },
    { "help", "h ?", "help [COMMAND]", "Lists the commands, or explains one." },
    { "quit", "q exit", "quit", "Leaves bpstep." },
};
enum { NCOMMANDS = sizeof COMMANDS / sizeof COMMANDS[0] };

int cmd_table_count(void)
{
    return NCOMMANDS;
}

const CommandInfo *cmd_table_at(int i)
{
    return &COMMANDS[i];
}

const CommandInfo *cmd_table_find(const char *word, size_t len)
{
    for (int i = 0; i < NCOMMANDS; i++) {
        const CommandInfo *cmd = &COMMANDS[i];
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
