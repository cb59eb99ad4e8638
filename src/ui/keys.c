/* keys.c: the key tables, one per mode. The order of a table is the help's
 * order; the status line shows the hints of the active tables by rank, as
 * many as fit ("->" and "<-" become arrows).
 * Must not: know what an action does (tui.c), or draw (views.c). */
#include "keys.h"

#include <stddef.h>

#define CH(c) { TK_CHAR, (c), (c) }
#define KEY(k) { (k), 0, 0 }
#define PRINTABLE { TK_CHAR, 32, 126 }
#define ALT(c) { TK_ALT, (c), (c) }
#define CTRL(c) CH((c) - 'a' + 1)

static const KeyBinding FREE[] = {
    { { CH('s'), CH(' '), KEY(TK_RIGHT) }, "step", A_NONE, "s  space  right", "step one op forward (gdb's s)", "s/-> step", 1 },
    { { CH('p'), KEY(TK_BACKSPACE), KEY(TK_LEFT) }, "back", A_NONE, "p  bksp   left", "step one op back", "p/<- back", 2 },
    { { CH('n'), CH('l') }, "next", A_NONE, "n  l", "next: to the end of this layer (gdb's n)", "n layer", 6 },
    { { CH('c') }, "continue", A_NONE, "c / C", "continue / reverse-continue to a breakpoint", "c continue", 7 },
    { { CH('C') }, "reverse-continue", A_NONE, NULL, NULL, NULL, 0 },
    { { CH('r') }, "restart", A_NONE, "r", "restart (edits are kept)", NULL, 0 },
    { { KEY(TK_UP), CH('k') }, NULL, A_SELECT_UP, "up/down  j/k", "select an op (its values are shown)", NULL, 0 },
    { { KEY(TK_DOWN), CH('j') }, NULL, A_SELECT_DOWN, NULL, NULL, NULL, 0 },
    { { CH('g') }, NULL, A_GOTO_SELECTED, "g", "go to the selected op", NULL, 0 },
    { { CH('b') }, NULL, A_TOGGLE_BREAK, "b", "toggle a breakpoint on the selected op", "b break", 8 },
    { { KEY(TK_TAB) }, NULL, A_FOCUS_NEXT, "tab / shift-tab", "focus the next / previous value", "tab value", 4 },
    { { KEY(TK_BTAB) }, NULL, A_FOCUS_PREV, NULL, NULL, NULL, 0 },
    { { CH('h') }, NULL, A_HEATMAP, "h", "numbers / heatmap (blue +, red -) / image (half blocks)", "h heatmap", 10 },
    { { CH('+'), CH('=') }, NULL, A_MORE_DECIMALS, "+ / -", "more / fewer decimals (heatmap: cell width)", NULL, 0 },
    { { CH('-') }, NULL, A_FEWER_DECIMALS, NULL, NULL, NULL, 0 },
    { { CH('H') }, NULL, A_PAN_LEFT, "H J K L  PgUp/Dn", "pan the focused value", NULL, 0 },
    { { CH('L') }, NULL, A_PAN_RIGHT, NULL, NULL, NULL, 0 },
    { { CH('K') }, NULL, A_PAN_UP, NULL, NULL, NULL, 0 },
    { { CH('J') }, NULL, A_PAN_DOWN, NULL, NULL, NULL, 0 },
    { { KEY(TK_PGUP) }, NULL, A_PAGE_UP, NULL, NULL, NULL, 0 },
    { { KEY(TK_PGDN) }, NULL, A_PAGE_DOWN, NULL, NULL, NULL, 0 },
    { { { TK_CHAR, '0', '9' } }, NULL, A_CHANNEL, "1-9 / 0", "one channel as an image / all channels", "0-9 channel", 11 },
    { { CH('a') }, NULL, A_GRID, "a", "all channels (or filters) of the value as thumbnails", NULL, 0 },
    { { CH('e') }, NULL, A_COMPARE, "e", "compare eq. (5) and eq. (6) for this layer", "e compare", 5 },
    { { CH('o') }, NULL, A_RESULT_TOGGLE, "o / O", "the last result / the values here; O: it full-screen", "o result", 9 },
    { { CH('O') }, NULL, A_RESULT_FULL, NULL, NULL, NULL, 0 },
    { { CH('<') }, NULL, A_OUTPUT_BACK, "< / >", "scroll the result (or the output) back / forward", NULL, 0 },
    { { CH('>') }, NULL, A_OUTPUT_FORWARD, NULL, NULL, NULL, 0 },
    { { KEY(TK_MOUSE) }, NULL, A_CLICK, "click", "select an op, a value or one of its entries", NULL, 0 },
    { { CH('x') }, NULL, A_EXPLAIN, "x / G", "explain / gradcheck the selected entry", NULL, 0 },
    { { CH('G') }, NULL, A_GRADCHECK, NULL, NULL, NULL, 0 },
    { { CH(':') }, NULL, A_COMMAND_LINE, ":", "a command (print, set, break, display, ...)", ": command", 3 },
    { { CH('P') }, NULL, A_PAINT, "P", "paint the input; Enter: what the network sees", NULL, 0 },
    { { CH('T') }, NULL, A_TRAINING, "T", "the training pane: loss curve of 'train'", NULL, 0 },
    { { CH('?') }, NULL, A_HELP, "?", "this help (PgDn: its next page)", "? help", 12 },
    { { CH('q') }, NULL, A_QUIT, "q", "quit", "q quit", 13 },
};

/* Its hints take the places of the free table's step (1), back (2) and
 * layer (6): in a lesson Enter moves on. */
static const KeyBinding LESSON[] = {
    { { KEY(TK_ENTER), CH('.') }, NULL, A_LESSON_ON, "Enter  .", "on with the lesson, to the next pause", "Enter on", 1 },
    { { CH(',') }, NULL, A_LESSON_BACK, ",", "back to the previous pause", ", back", 2 },
    { { CH('R') }, NULL, A_LESSON_RESUME, "R", "resume the lesson where it was, after exploring", NULL, 0 },
    { { CH(']') }, NULL, A_CHAPTER_NEXT, "] / [", "the next chapter / back to a chapter's start", "] chapter", 6 },
    { { CH('[') }, NULL, A_CHAPTER_PREV, NULL, NULL, NULL, 0 },
    { { KEY(TK_PGDN) }, NULL, A_NARRATION_DOWN, "PgDn / PgUp", "scroll the narration", NULL, 0 },
    { { KEY(TK_PGUP) }, NULL, A_NARRATION_UP, NULL, NULL, NULL, 0 },
    { { CH('q') }, NULL, A_LESSON_QUIT, "q", "quit the lesson (asks once: q or y quits)", "q quit", 13 },
};

/* Any other key pauses the autoplay; the ':' line, an answer being typed
 * and this help hold its clock while they are open. */
static const KeyBinding AUTOPLAY[] = {
    { { CH(' ') }, NULL, A_AUTOPLAY_PAUSE, "space", "pause / go on (any other key pauses too)", NULL, 0 },
    { { CH('F') }, NULL, A_AUTOPLAY_FASTER, "F / S", "autoplay faster / slower", NULL, 0 },
    { { CH('S') }, NULL, A_AUTOPLAY_SLOWER, NULL, NULL, NULL, 0 },
};

/* The paint pane lists these too (view_paint.c): labels of 7 columns at most. */
static const KeyBinding PAINT[] = {
    { { KEY(TK_UP) }, NULL, A_PAINT_UP, "arrows", "move the cursor", NULL, 0 },
    { { KEY(TK_DOWN) }, NULL, A_PAINT_DOWN, NULL, NULL, NULL, 0 },
    { { KEY(TK_LEFT) }, NULL, A_PAINT_LEFT, NULL, NULL, NULL, 0 },
    { { KEY(TK_RIGHT) }, NULL, A_PAINT_RIGHT, NULL, NULL, NULL, 0 },
    { { CH(' ') }, NULL, A_PAINT_SET, "space", "paint (1)", NULL, 0 },
    { { CH('x'), KEY(TK_BACKSPACE) }, NULL, A_PAINT_ERASE, "x bksp", "erase (0)", NULL, 0 },
    { { CH('c') }, NULL, A_PAINT_CLEAR, "c", "clear all", NULL, 0 },
    { { KEY(TK_MOUSE) }, NULL, A_PAINT_CLICK, "click", "paint there", NULL, 0 },
    { { KEY(TK_ENTER) }, NULL, A_PAINT_LOOK, "Enter", "what it sees", NULL, 0 },
    { { CH('q'), CH('P'), KEY(TK_ESC) }, NULL, A_PAINT_LEAVE, "P q Esc", "leave", "q leave", 13 },
    { { CH(':') }, NULL, A_COMMAND_LINE, ":", "a command", ": command", 3 },
    { { CH('?') }, NULL, A_HELP, "?", "this help", "? help", 12 },
};

static const KeyBinding COMMAND[] = {
    { { KEY(TK_ENTER) }, NULL, A_LINE_RUN, "Enter", "run the command", "Enter runs", 1 },
    { { KEY(TK_UP), CH(16) }, NULL, A_LINE_OLDER, "up/down  C-p/C-n", "the command history", "up history", 3 },
    { { KEY(TK_DOWN), CH(14) }, NULL, A_LINE_NEWER, NULL, NULL, NULL, 0 },
    { { KEY(TK_TAB) }, NULL, A_LINE_COMPLETE, "tab", "complete a command or a value's name", "tab completes", 4 },
    { { KEY(TK_BACKSPACE) }, NULL, A_LINE_DELETE, "bksp", "delete a character (on an empty line: leave it)", NULL, 0 },
    { { KEY(TK_ESC) }, NULL, A_LINE_CANCEL, "Esc", "leave the line", "Esc leaves", 2 },
    { { KEY(TK_PGDN) }, NULL, A_NARRATION_DOWN, "PgDn / PgUp", "scroll a lesson's narration", NULL, 0 },
    { { KEY(TK_PGUP) }, NULL, A_NARRATION_UP, NULL, NULL, NULL, 0 },
    /* readline's keys (lineedit.h) */
    { { KEY(TK_LEFT), KEY(TK_RIGHT), CTRL('b'), CTRL('f') }, NULL, A_LINE_EDIT, "left/right  C-b/C-f", "a character back / forward", NULL, 0 },
    { { ALT('b'), ALT('f') }, NULL, A_LINE_EDIT, "M-b / M-f", "a word back / forward", NULL, 0 },
    { { CTRL('a'), CTRL('e'), KEY(TK_HOME), KEY(TK_END) }, NULL, A_LINE_EDIT, "C-a / C-e  home/end", "to the start / the end of the line", NULL, 0 },
    { { CTRL('u'), CTRL('k') }, NULL, A_LINE_EDIT, "C-u / C-k", "delete before / from the cursor", NULL, 0 },
    { { CTRL('w'), ALT('d') }, NULL, A_LINE_EDIT, "C-w / M-d", "delete the word before / after the cursor", NULL, 0 },
    { { CTRL('d'), KEY(TK_DELETE) }, NULL, A_LINE_EDIT, "C-d  del", "delete the character under the cursor", NULL, 0 },
    { { PRINTABLE }, NULL, A_LINE_INSERT, NULL, NULL, NULL, 0 },
};

/* While a question waits the student may look around: the values, the
 * narration, the output, a command (the answer line comes back after it).
 * Editing keys are those of the ':' line; viewing keys are those that can
 * never be part of an answer where they are pressed (docs/lessons.md). */
static const KeyBinding QUESTION[] = {
    { { KEY(TK_ENTER) }, NULL, A_ANSWER_GIVE, "Enter", "answer (alone: show the answer)", "Enter answers", 1 },
    { { KEY(TK_ESC) }, NULL, A_ANSWER_GIVE_UP, "Esc", "show the answer (asks first: y)", "Esc shows it", 2 },
    { { KEY(TK_BACKSPACE) }, NULL, A_ANSWER_DELETE, "bksp", "delete a character", NULL, 0 },
    { { KEY(TK_TAB) }, NULL, A_ANSWER_COMPLETE, "tab / shift-tab", "complete a value's name; else look at the next / previous value", "tab value", 4 },
    { { KEY(TK_BTAB) }, NULL, A_FOCUS_PREV, NULL, NULL, NULL, 0 },
    { { KEY(TK_UP), KEY(TK_DOWN) }, NULL, A_ANSWER_OUTPUT, "up/down  < / >", "scroll the output back / forward (< > where no answer has them)", "< > output", 7 },
    { { CH('<'), CH('>') }, NULL, A_ANSWER_OUTPUT, NULL, NULL, NULL, 0 },
    { { KEY(TK_PGDN) }, NULL, A_NARRATION_DOWN, "PgDn / PgUp", "scroll the narration", "PgDn narration", 6 },
    { { KEY(TK_PGUP) }, NULL, A_NARRATION_UP, NULL, NULL, NULL, 0 },
    { { CH(':') }, NULL, A_ANSWER_COMMAND, ":", "on an empty answer: a command, then the answer line again", ": command", 3 },
    /* readline's keys, as on the ':' line (lineedit.h) */
    { { KEY(TK_LEFT), KEY(TK_RIGHT), CTRL('b'), CTRL('f') }, NULL, A_ANSWER_EDIT, "left/right  C-b/C-f", "a character back / forward", NULL, 0 },
    { { ALT('b'), ALT('f') }, NULL, A_ANSWER_EDIT, "M-b / M-f", "a word back / forward", NULL, 0 },
    { { CTRL('a'), CTRL('e'), KEY(TK_HOME), KEY(TK_END) }, NULL, A_ANSWER_EDIT, "C-a / C-e  home/end", "to the start / the end of the answer", NULL, 0 },
    { { CTRL('u'), CTRL('k') }, NULL, A_ANSWER_EDIT, "C-u / C-k", "delete before / from the cursor", NULL, 0 },
    { { CTRL('w'), ALT('d') }, NULL, A_ANSWER_EDIT, "C-w / M-d", "delete the word before / after the cursor", NULL, 0 },
    { { CTRL('d'), KEY(TK_DELETE) }, NULL, A_ANSWER_EDIT, "C-d  del", "delete the character under the cursor", NULL, 0 },
    { { PRINTABLE }, NULL, A_ANSWER_INSERT, NULL, NULL, NULL, 0 },
};

/* The last result over the screen (O): it scrolls and pans; anything else closes it. */
static const KeyBinding RESULT[] = {
    { { KEY(TK_DOWN), CH('j') }, NULL, A_RESULT_DOWN, "up/down  j/k", "a row up / down", NULL, 0 },
    { { KEY(TK_UP), CH('k') }, NULL, A_RESULT_UP, NULL, NULL, NULL, 0 },
    { { KEY(TK_PGDN), CH(' '), CH('>') }, NULL, A_RESULT_PAGE_DOWN, "PgDn / PgUp  > <", "a page down / up", NULL, 0 },
    { { KEY(TK_PGUP), CH('<') }, NULL, A_RESULT_PAGE_UP, NULL, NULL, NULL, 0 },
    { { KEY(TK_LEFT), CH('H') }, NULL, A_RESULT_LEFT, "left/right  H L", "pan matrices and tables", NULL, 0 },
    { { KEY(TK_RIGHT), CH('L') }, NULL, A_RESULT_RIGHT, NULL, NULL, NULL, 0 },
    { { CH('O'), CH('o'), CH('q'), KEY(TK_ESC) }, NULL, A_OVERLAY_CLOSE, "O o q Esc", "back", NULL, 0 },
};

/* The compare view of a channel too large to draw whole (MNIST's): the
 * arrows move the selected output entry, whose pooling window is shown. */
static const KeyBinding COMPARE[] = {
    { { KEY(TK_UP), KEY(TK_DOWN), KEY(TK_LEFT), KEY(TK_RIGHT) }, NULL, A_COMPARE_MOVE, "arrows  H J K L",
      "move the selected output entry (its window through (5) and (6))", NULL, 0 },
};

#define TABLE(name, t, swallows) { (name), (t), (int)(sizeof(t) / sizeof((t)[0])), (swallows) }

static const KeyTable TABLES[KEYS_TABLES] = {
    [KEYS_FREE] = TABLE("keys", FREE, false),
    [KEYS_LESSON] = TABLE("lesson", LESSON, false),
    [KEYS_AUTOPLAY] = TABLE("autoplay", AUTOPLAY, false),
    [KEYS_PAINT] = TABLE("paint", PAINT, true),
    [KEYS_COMMAND] = TABLE("command line", COMMAND, true),
    [KEYS_QUESTION] = TABLE("answer line", QUESTION, true),
    [KEYS_OVERLAY] = { "over the screen", NULL, 0, true },
    [KEYS_RESULT] = TABLE("result", RESULT, true),
    [KEYS_COMPARE] = TABLE("compare", COMPARE, false),
};

static bool matches(const KeySpec *k, const KeyEvent *ev)
{
    if (k->kind == TK_NONE || k->kind != ev->kind) {
        return false;
    }
    return (k->kind != TK_CHAR && k->kind != TK_ALT) || (ev->ch >= k->ch && ev->ch <= k->ch_last);
}

const KeyTable *keys_table(KeyMode m)
{
    return &TABLES[m];
}

const KeyBinding *keys_find(KeyMode m, const KeyEvent *ev)
{
    const KeyTable *t = &TABLES[m];
    for (int b = 0; b < t->count; b++) {
        for (int k = 0; k < KEYS_PER_BINDING; k++) {
            if (matches(&t->bindings[b].keys[k], ev)) {
                return &t->bindings[b];
            }
        }
    }
    return NULL;
}

const KeyBinding *keys_lookup(const KeyStack *s, const KeyEvent *ev, KeyMode *from)
{
    for (int i = 0; i < s->n; i++) {
        const KeyBinding *kb = keys_find(s->modes[i], ev);
        if (kb != NULL) {
            *from = s->modes[i];
            return kb;
        }
        if (TABLES[s->modes[i]].swallows) {
            *from = s->modes[i];
            return NULL;
        }
    }
    return NULL;
}
