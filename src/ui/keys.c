/* keys.c: the key table. The order is the help's order; the status line
 * shows the hints by rank, as many as fit ("->" and "<-" become arrows). */
#include "keys.h"

#include <stddef.h>

#define CH(c) { TK_CHAR, (c), (c) }
#define KEY(k) { (k), 0, 0 }

static const KeyBinding KEYS[] = {
    { { CH('s'), CH(' '), KEY(TK_RIGHT) }, "step", VA_NONE, "s  space  right", "step one op forward (gdb's s)", "s/-> step", 1 },
    { { CH('p'), KEY(TK_BACKSPACE), KEY(TK_LEFT) }, "back", VA_NONE, "p  bksp   left", "step one op back", "p/<- back", 2 },
    { { CH('n'), CH('l') }, "next", VA_NONE, "n  l", "next: to the end of this layer (gdb's n)", "n layer", 3 },
    { { CH('c') }, "continue", VA_NONE, "c / C", "continue / reverse-continue to a breakpoint", "c continue", 4 },
    { { CH('C') }, "reverse-continue", VA_NONE, NULL, NULL, NULL, 0 },
    { { CH('r') }, "restart", VA_NONE, "r", "restart (edits are kept)", NULL, 0 },
    { { KEY(TK_UP), CH('k') }, NULL, VA_SELECT_UP, "up/down  j/k", "select an op (its values are shown)", NULL, 0 },
    { { KEY(TK_DOWN), CH('j') }, NULL, VA_SELECT_DOWN, NULL, NULL, NULL, 0 },
    { { CH('g') }, NULL, VA_GOTO_SELECTED, "g", "go to the selected op", NULL, 0 },
    { { CH('b') }, NULL, VA_TOGGLE_BREAK, "b", "toggle a breakpoint on the selected op", "b break", 5 },
    { { KEY(TK_TAB) }, NULL, VA_FOCUS_NEXT, "tab / shift-tab", "focus the next / previous value", "tab value", 6 },
    { { KEY(TK_BTAB) }, NULL, VA_FOCUS_PREV, NULL, NULL, NULL, 0 },
    { { CH('h') }, NULL, VA_HEATMAP, "h", "numbers / heatmap (blue +, red -) / image (half blocks)", "h heatmap", 9 },
    { { CH('+'), CH('=') }, NULL, VA_MORE_DECIMALS, "+ / -", "more / fewer decimals (heatmap: cell width)", NULL, 0 },
    { { CH('-') }, NULL, VA_FEWER_DECIMALS, NULL, NULL, NULL, 0 },
    { { CH('H') }, NULL, VA_PAN_LEFT, "H J K L  PgUp/Dn", "pan the focused value", NULL, 0 },
    { { CH('L') }, NULL, VA_PAN_RIGHT, NULL, NULL, NULL, 0 },
    { { CH('K') }, NULL, VA_PAN_UP, NULL, NULL, NULL, 0 },
    { { CH('J') }, NULL, VA_PAN_DOWN, NULL, NULL, NULL, 0 },
    { { KEY(TK_PGUP) }, NULL, VA_PAGE_UP, NULL, NULL, NULL, 0 },
    { { KEY(TK_PGDN) }, NULL, VA_PAGE_DOWN, NULL, NULL, NULL, 0 },
    { { { TK_CHAR, '0', '9' } }, NULL, VA_CHANNEL, "1-9 / 0", "one channel as an image / all channels", "0-9 channel", 10 },
    { { CH('a') }, NULL, VA_GRID, "a", "all channels (or filters) of the value as thumbnails", NULL, 0 },
    { { CH('e') }, NULL, VA_COMPARE, "e", "compare eq. (5) and eq. (6) for this layer", "e compare", 8 },
    { { CH('<') }, NULL, VA_OUTPUT_BACK, "< / >", "scroll the output back / forward", NULL, 0 },
    { { CH('>') }, NULL, VA_OUTPUT_FORWARD, NULL, NULL, NULL, 0 },
    { { KEY(TK_MOUSE) }, NULL, VA_CLICK, "click", "select an op, a value or one of its entries", NULL, 0 },
    { { CH('x') }, NULL, VA_EXPLAIN, "x / G", "explain / gradcheck the selected entry", NULL, 0 },
    { { CH('G') }, NULL, VA_GRADCHECK, NULL, NULL, NULL, 0 },
    { { CH(':') }, NULL, VA_COMMAND_LINE, ":", "a command (print, set, break, display, ...)", ": command", 7 },
    { { CH('P') }, NULL, VA_PAINT, "P", "paint the input; Enter: what the network sees", NULL, 0 },
    { { CH('T') }, NULL, VA_TRAINING, "T", "the training pane: loss curve of 'train'", NULL, 0 },
    { { CH('?') }, NULL, VA_HELP, "?", "this help;   q  quit", "? help", 11 },
    { { CH('q') }, NULL, VA_QUIT, NULL, NULL, "q quit", 12 },
};

static bool matches(const KeySpec *k, const KeyEvent *ev)
{
    if (k->kind == TK_NONE || k->kind != ev->kind) {
        return false;
    }
    return k->kind != TK_CHAR || (ev->ch >= k->ch && ev->ch <= k->ch_last);
}

const KeyBinding *keys_find(const KeyEvent *ev)
{
    for (size_t b = 0; b < sizeof KEYS / sizeof *KEYS; b++) {
        for (int k = 0; k < KEYS_PER_BINDING; k++) {
            if (matches(&KEYS[b].keys[k], ev)) {
                return &KEYS[b];
            }
        }
    }
    return NULL;
}

const KeyBinding *keys_table(int *count)
{
    *count = (int)(sizeof KEYS / sizeof *KEYS);
    return KEYS;
}
