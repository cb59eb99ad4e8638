/* keys.h: the terminal UI's keys as data (tmux's key table is the model):
 * each binding is a key, the command of the command language it runs or a
 * view action, and its help. One table drives the key handler (tui.c), the
 * `?` overlay and the status line's hints (views.c), so they cannot disagree.
 * Must not: include curses.h. */
#ifndef BPSTEP_KEYS_H
#define BPSTEP_KEYS_H

#include "term.h"

typedef enum {
    VA_NONE,           /* the binding runs its command */
    VA_GOTO_SELECTED,  /* goto the op under the cursor */
    VA_TOGGLE_BREAK,   /* break / delete on the op under the cursor */
    VA_SELECT_UP, VA_SELECT_DOWN,
    VA_FOCUS_NEXT, VA_FOCUS_PREV,
    VA_OUTPUT_BACK, VA_OUTPUT_FORWARD,
    VA_COMPARE, VA_HEATMAP,
    VA_MORE_DECIMALS, VA_FEWER_DECIMALS,
    VA_PAN_LEFT, VA_PAN_RIGHT, VA_PAN_UP, VA_PAN_DOWN, VA_PAGE_UP, VA_PAGE_DOWN,
    VA_CHANNEL,        /* the digit is the channel (0 = all) */
    VA_CLICK,          /* select the op, the value or the entry under the mouse */
    VA_EXPLAIN,        /* explain the selected entry */
    VA_GRADCHECK,      /* gradcheck the selected entry */
    VA_COMMAND_LINE, VA_TRAINING, VA_PAINT, VA_GRID, VA_HELP, VA_QUIT
} ViewAction;

enum { KEYS_PER_BINDING = 4 };

typedef struct {
    KeyKind kind;  /* TK_CHAR (with ch .. ch_last) or a special key */
    unsigned ch, ch_last;
} KeySpec;

typedef struct {
    KeySpec keys[KEYS_PER_BINDING]; /* unused entries have kind TK_NONE */
    const char *command;            /* a command of the language, or NULL */
    ViewAction action;
    const char *label;              /* the keys as the help shows them, or NULL: */
    const char *help;               /*   the line is folded into the one above */
    const char *hint;               /* the status line's short hint, or NULL */
    int hint_rank;                  /* its place on the status line, 1 first */
} KeyBinding;

/* The binding of a key, or NULL. */
const KeyBinding *keys_find(const KeyEvent *ev);
/* All bindings, in the help's order. */
const KeyBinding *keys_table(int *count);

#endif
