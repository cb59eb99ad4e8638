/* command.h: the one command language of bpstep. The terminal UI's ':' line,
 * lesson files and `bpstep --batch -x CMD` all feed command_exec, so there is
 * one parser and one set of error messages.
 * Must not: print or exit: output goes into a StrBuf, errors into a Diag. */
#ifndef BPSTEP_COMMAND_H
#define BPSTEP_COMMAND_H

#include "engine.h"
#include "engine_query.h"
#include "../base/strbuf.h"

typedef enum { CMD_OK, CMD_ERROR, CMD_QUIT } CmdStatus;

/* Why a command left the position where it is. */
typedef enum {
    STOP_NONE,       /* it did not move, or moved as asked (step 3, goto 7) */
    STOP_BREAKPOINT, /* a breakpoint (location or condition) */
    STOP_WATCH,      /* a watched value changed */
    STOP_END,        /* the end (or the start, going back) of the program */
    STOP_INTERRUPT,  /* Ctrl-C */
    STOP_ERROR       /* the command failed: diag says why */
} StopReason;

/* The output as blocks a UI can lay out; their texts, in order, are the
 * output batch mode prints, byte for byte. */
typedef enum {
    BLOCK_TEXT,   /* lines of text */
    BLOCK_MATRIX, /* one value: its name, the matrix and its highlight */
    BLOCK_TABLE,  /* rows x cols cells: info values, info break, info display */
    BLOCK_COLUMNS, /* text laid out in aligned columns (compare's rows): a screen cuts and pans it, never re-wraps it */
    BLOCK_HEADING  /* which command wrote the blocks after it (a lesson's stretch gathers several) */
} CmdBlockKind;

typedef struct {
    CmdBlockKind kind;
    char *text;          /* the block as text, owned */
    char name[48];       /* BLOCK_MATRIX: the label ("Z2[1]", "W1(2,5)") */
    Matrix m;            /* BLOCK_MATRIX: a copy, owned (empty when too large to copy) */
    int hl_row, hl_col;  /* BLOCK_MATRIX: an entry to highlight, 1-based; 0 = none (no command sets one yet) */
    int rows, cols;      /* BLOCK_TABLE */
    char **cells;        /* BLOCK_TABLE: row-major, owned */
} CmdBlock;

enum { CMD_SUMMARY_LEN = 256 };

typedef struct {
    StopReason stop;
    /* one line saying what happened: where a motion stopped and why, a
     * warning, else the output's first line */
    char summary[CMD_SUMMARY_LEN];
    int summary_rank;    /* internal: how telling the summary is */
    CmdBlock *blocks;    /* owned */
    int nblocks, cap;
    Diag diag;           /* on CMD_ERROR: a one-line message with the column */
} CmdResult;

void cmd_result_init(CmdResult *r);
void cmd_result_release(CmdResult *r);
/* The blocks' texts, in order, appended to out. */
void cmd_result_text(const CmdResult *r, StrBuf *out);
/* A block of the given kind holding a copy of text, appended to r; false
 * when out of memory (r is then unchanged). */
bool cmd_result_add_text(CmdResult *r, CmdBlockKind kind, const char *text);
/* Moves every block of src to the end of dst (src is left empty); false
 * when out of memory (both are then unchanged). */
bool cmd_result_take(CmdResult *dst, CmdResult *src);
/* A BLOCK_HEADING naming the command (its line), then every block of src
 * (taken), at the end of dst; false when out of memory (dst unchanged). */
bool cmd_result_append_headed(CmdResult *dst, const char *line, CmdResult *src);
/* Lines of the blocks' texts (a last line without a newline counts). */
int cmd_result_lines(const CmdResult *r);

/* Runs one command line against e; the result into r (initialised by the
 * caller, released with cmd_result_release). On CMD_ERROR r->diag says why
 * and nothing was changed. */
CmdStatus command_run(Engine *e, const char *line, CmdResult *r);

/* command_run with the result as text: the output appended to out, and on
 * CMD_ERROR d holds the message. Batch mode and lessons use this. */
CmdStatus command_exec(Engine *e, const char *line, StrBuf *out, Diag *d);

/* One line of `info predict`: "1. z(3) = 0.8123    Sandal  <- the label (y)". */
void command_prediction_line(const Engine *e, const RankedOutput *o, int rank, char *buf, size_t size);

/* Whether word (len bytes) names a command or an abbreviation of one. */
bool command_known(const char *word, size_t len);

/* Help text: the command list, or one command's help (-1 if unknown). */
int command_help(const char *topic, StrBuf *out);

/* The values shown by `display`, as after each step. */
void command_show_displays(Engine *e, StrBuf *out);

/* What `load FILE` does with the text of a parameter file named name (a
 * lesson's `load` reads its file at load time and runs this): the
 * parameters, the input, its label and the settings it holds, all checked
 * before anything changes; what was restored into out. -1 with d set
 * ("name:line:col: why") and nothing changed. */
int params_load_text(Engine *e, const char *name, const char *text, StrBuf *out, Diag *d);

/* Tab completion of the last word of line: a command name first, a value
 * name after it. With one match writes the completed line to out and
 * returns 1; else returns how many words match (0, or several). */
int command_complete(const Engine *e, const char *line, char *out, size_t size);

#endif
