/* keys.h: the terminal UI's keys as data, one table per mode (tmux's key
 * tables are the model): each binding names its keys, the command of the
 * command language it runs or the action it takes, its help line and its
 * status-line hint. The handler (tui.c), the `?` overlay (the current
 * mode's tables first, then the rest) and the status line's hints
 * (views.c) read these tables, so they cannot disagree.
 * Must not: include curses.h, or know what an action does (tui.c's action
 * table says that). */
#ifndef BPSTEP_KEYS_H
#define BPSTEP_KEYS_H

#include "term.h"

/* The key tables. The handler looks a key up in the active tables in order
 * (KeyStack): e.g. a lesson with autoplay is autoplay, lesson, free. */
typedef enum {
    KEYS_FREE,     /* stepping, selecting, the values pane */
    KEYS_LESSON,   /* a lesson's navigation */
    KEYS_AUTOPLAY, /* a lesson playing by itself (--autoplay) */
    KEYS_PAINT,    /* painting the input */
    KEYS_COMMAND,  /* typing a ':' command */
    KEYS_QUESTION, /* typing the answer to a lesson's question */
    KEYS_OVERLAY,  /* the help or the training pane over the screen */
    KEYS_RESULT,   /* the last result over the screen (O) */
    KEYS_COMPARE,  /* the compare view of a channel too large to draw: the selected entry */
    KEYS_TABLES
} KeyMode;

typedef enum {
    A_NONE,            /* the binding runs its command */
    /* free */
    A_GOTO_SELECTED, A_TOGGLE_BREAK, A_SELECT_UP, A_SELECT_DOWN, A_FOCUS_NEXT, A_FOCUS_PREV,
    A_OUTPUT_BACK, A_OUTPUT_FORWARD, A_COMPARE, A_HEATMAP, A_MORE_DECIMALS, A_FEWER_DECIMALS,
    A_PAN_LEFT, A_PAN_RIGHT, A_PAN_UP, A_PAN_DOWN, A_PAGE_UP, A_PAGE_DOWN,
    A_CHANNEL,         /* the digit is the channel (0 = all) */
    A_CLICK,           /* select the op, the value or the entry under the mouse */
    A_EXPLAIN, A_GRADCHECK, A_COMMAND_LINE, A_TRAINING, A_PAINT, A_GRID, A_HELP, A_QUIT,
    /* lesson */
    A_LESSON_ON, A_LESSON_BACK, A_LESSON_RESUME, A_CHAPTER_NEXT, A_CHAPTER_PREV,
    A_NARRATION_DOWN, A_NARRATION_UP, A_LESSON_QUIT,
    /* autoplay */
    A_AUTOPLAY_PAUSE, A_AUTOPLAY_FASTER, A_AUTOPLAY_SLOWER,
    /* paint */
    A_PAINT_UP, A_PAINT_DOWN, A_PAINT_LEFT, A_PAINT_RIGHT, A_PAINT_SET, A_PAINT_ERASE, A_PAINT_CLEAR,
    A_PAINT_LOOK, A_PAINT_CLICK, A_PAINT_LEAVE,
    /* the command line */
    A_LINE_INSERT, A_LINE_DELETE, A_LINE_RUN, A_LINE_CANCEL, A_LINE_OLDER, A_LINE_NEWER, A_LINE_COMPLETE,
    A_LINE_EDIT,       /* readline's editing keys: the cursor and what to delete (lineedit.h) */
    /* a question's answer line */
    A_ANSWER_INSERT, A_ANSWER_DELETE, A_ANSWER_GIVE, A_ANSWER_GIVE_UP, A_ANSWER_COMMAND,
    A_ANSWER_EDIT,     /* readline's editing keys on the answer line (lineedit.h) */
    A_ANSWER_COMPLETE, /* Tab: completes a value's name being typed, else looks at the next value */
    A_ANSWER_OUTPUT,   /* < and >: scroll the output, unless the character can be part of the answer */
    /* an overlay */
    A_OVERLAY_CLOSE,
    /* the result view (tui_result.c) */
    A_RESULT_TOGGLE, A_RESULT_FULL, A_RESULT_UP, A_RESULT_DOWN, A_RESULT_PAGE_UP, A_RESULT_PAGE_DOWN,
    A_RESULT_LEFT, A_RESULT_RIGHT,
    /* the compare view of a large channel */
    A_COMPARE_MOVE,    /* an arrow moves the selected output entry */
    A_COUNT
} Action;

enum { KEYS_PER_BINDING = 4 };

typedef struct {
    KeyKind kind;  /* TK_CHAR or TK_ALT (with ch .. ch_last) or a special key */
    unsigned ch, ch_last;
} KeySpec;

typedef struct {
    KeySpec keys[KEYS_PER_BINDING]; /* unused entries have kind TK_NONE */
    const char *command;            /* a command of the language, or NULL */
    Action action;
    const char *label;              /* the keys as the help shows them, or NULL: */
    const char *help;               /*   the line is folded into the one above */
    const char *hint;               /* the status line's short hint, or NULL */
    int hint_rank;                  /* its place on the status line, 1 first; a table
                                     * earlier in the stack takes the rank's place */
} KeyBinding;

typedef struct {
    const char *name;           /* the help's heading: "lesson", "paint" */
    const KeyBinding *bindings; /* in the help's order */
    int count;
    bool swallows;              /* a key it does not bind goes no further */
} KeyTable;

/* The active tables, the first one asked first. */
typedef struct {
    KeyMode modes[KEYS_TABLES];
    int n;
} KeyStack;

const KeyTable *keys_table(KeyMode m);
/* The binding of a key in table m, or NULL. */
const KeyBinding *keys_find(KeyMode m, const KeyEvent *ev);
/* The binding of a key in the stack (the table it was found in into *from),
 * or NULL when no table binds it or a swallowing table stopped it. */
const KeyBinding *keys_lookup(const KeyStack *s, const KeyEvent *ev, KeyMode *from);

#endif
