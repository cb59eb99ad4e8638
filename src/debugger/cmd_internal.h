/* cmd_internal.h: what the files of the command language share: the context
 * of one command line, small parsing and printing helpers, and the handlers
 * (cmd_motion.c moves the position, cmd_inspect.c shows and sets values).
 * Internal to src/debugger; other rings use command.h.
 * Must not: print or exit. */
#ifndef BPSTEP_CMD_INTERNAL_H
#define BPSTEP_CMD_INTERNAL_H

#include "command.h"
#include "format.h"
#include "values.h"
#include "../math/dataset.h"

typedef struct {
    Engine *e;
    const char *line; /* the whole command line, for columns */
    StrBuf *out;      /* the text block being written */
    Diag *d;
    CmdResult *r;     /* the blocks so far, the summary and the stop reason */
} Ctx;

/* How telling a summary line is: the line a UI shows of a command is the
 * last one of the highest rank (a stop at a breakpoint over a warning over
 * a position), else the output's first line. */
typedef enum { SUM_AT = 1, SUM_WARNING = 2, SUM_BREAK = 3 } SummaryRank;

/* A line of output (printf-like, without the newline) that may be the summary. */
void cmd_line(Ctx *c, SummaryRank rank, const char *fmt, ...) DIAG_PRINTF(3, 4);
/* Why the position is where it is (the last one said wins). */
void cmd_stop(Ctx *c, StopReason why);
/* Ends the text block being written (no-op when empty). */
void cmd_flush(Ctx *c);
/* The same, as a block of aligned columns (BLOCK_COLUMNS). */
void cmd_flush_columns(Ctx *c);

/* A table block: cmd_table_begin ends the text so far; each row's cells are
 * given to cmd_table_row while the handler prints the row as text as before;
 * cmd_table_end makes that text the table block's text. */
typedef struct {
    Ctx *c;
    int cols, rows, cap;
    char **cells; /* row-major, owned until cmd_table_end hands them over */
} TableBuild;
void cmd_table_begin(Ctx *c, TableBuild *t, int cols);
void cmd_table_row(TableBuild *t, const char *const *cells);
void cmd_table_end(TableBuild *t);

/* ---- cmd_table.c: the commands as data ---- */

typedef struct {
    const char *name;
    const char *aliases; /* space-separated */
    const char *usage;
    const char *help;
} CommandInfo;

int cmd_table_count(void);
const CommandInfo *cmd_table_at(int i);
/* The command named or abbreviated word (len bytes), or NULL. */
const CommandInfo *cmd_table_find(const char *word, size_t len);

/* ---- cmd_util.c ---- */

/* "usage: " and the table's usage of command name, then extra (printf-like),
 * as the error at at; returns CMD_ERROR. */
CmdStatus cmd_usage(Ctx *c, const char *at, const char *name, const char *extra, ...) DIAG_PRINTF(4, 5);

/* 1-based column of at in the command line. */
int cmd_col(const Ctx *c, const char *at);
/* Sets the diagnostic at at's column; returns CMD_ERROR. */
CmdStatus cmd_error(Ctx *c, const char *at, const char *msg);
const char *cmd_skip_ws(const char *p);
/* `delete [N]`, `undisplay [N]`: 0 for all (args empty), 1 with *id, -1
 * with the error set; *args is moved past the blanks. */
int cmd_id_or_all(Ctx *c, const char **args, int *id);
/* An optional count (def when args is empty); -1 with the error set. */
int cmd_count(Ctx *c, const char *args, int def, int *out);
/* An expression kept to be evaluated later (display, break if, watch),
 * checked now for syntax and names; "not computed yet" is fine. -1 with the
 * error set otherwise. */
int cmd_check_expr(Ctx *c, const char *expr);
/* Equation markup as ASCII text. */
void cmd_render(const char *markup, char *buf, size_t size);
/* "NAME = math  (r x c)" and the matrix in format f. */
void cmd_show_value(Ctx *c, const char *label, const ValueRef *ref, const Matrix *m, MatFormat f);
/* The same with a number of decimals for latex (-1: as the entries need). */
void cmd_show_value_digits(Ctx *c, const char *label, const ValueRef *ref, const Matrix *m, MatFormat f, int digits);

typedef CmdStatus (*CmdFn)(Ctx *c, const char *args);

/* cmd_motion.c */
CmdStatus cmd_run(Ctx *c, const char *args);
CmdStatus cmd_step(Ctx *c, const char *args);
CmdStatus cmd_back(Ctx *c, const char *args);
CmdStatus cmd_next(Ctx *c, const char *args);
CmdStatus cmd_continue(Ctx *c, const char *args);
CmdStatus cmd_rcontinue(Ctx *c, const char *args);
CmdStatus cmd_restart(Ctx *c, const char *args);
CmdStatus cmd_goto(Ctx *c, const char *args);
CmdStatus cmd_until(Ctx *c, const char *args);
CmdStatus cmd_where(Ctx *c, const char *args);
CmdStatus cmd_break(Ctx *c, const char *args);
CmdStatus cmd_delete(Ctx *c, const char *args);
CmdStatus cmd_watch(Ctx *c, const char *args);

/* cmd_inspect.c */
CmdStatus cmd_display(Ctx *c, const char *args);
CmdStatus cmd_undisplay(Ctx *c, const char *args);
CmdStatus cmd_print(Ctx *c, const char *args);
CmdStatus cmd_set(Ctx *c, const char *args);
CmdStatus cmd_info(Ctx *c, const char *args);
CmdStatus cmd_compare(Ctx *c, const char *args);

/* cmd_check.c */
CmdStatus cmd_explain(Ctx *c, const char *args);
CmdStatus cmd_gradcheck(Ctx *c, const char *args);

/* cmd_train.c, cmd_sgd.c, cmd_params.c: training (docs/training.md) */
CmdStatus cmd_data(Ctx *c, const char *args);
CmdStatus cmd_input(Ctx *c, const char *args);
CmdStatus cmd_train(Ctx *c, const char *args);
CmdStatus cmd_test(Ctx *c, const char *args);
CmdStatus cmd_instance(Ctx *c, const char *args);
CmdStatus cmd_save(Ctx *c, const char *args);
/* save's text of every parameter into sb, or -1 with d set when load could
 * not read it back, a signal came, or sb ran out of memory (sb->oom). */
int params_save_text(const Net *net, StrBuf *sb, Diag *d);
CmdStatus cmd_load(Ctx *c, const char *args);
/* params_meta.c: the settings a saved file carries (`% settings: rule 6,
 * activation relu, pool max, loss mse`); has is false for a file without. */
typedef struct {
    bool has, has_act, has_pool, has_loss;
    PoolRule rule; /* 0: not given */
    Activation act;
    PoolMode pool;
    LossKind loss;
} ParamSettings;
/* The settings line and the comment before Z1 and y, into sb. */
void params_meta_write(const Net *net, StrBuf *sb);
/* The settings line of text into ps; -1 with d (line, column, message) for
 * one that bpstep does not know. Nothing changes. */
int params_meta_settings(const char *text, ParamSettings *ps, Diag *d);
/* Applies ps (checked) to e, and says the settings now in force into said. */
void params_meta_apply(Engine *e, const ParamSettings *ps, StrBuf *said);
void info_predict(Ctx *c);
/* The last batch; with a gradient's name (dW2), its batch mean. -1 with the error set. */
int info_batch(Ctx *c, const char *arg);
/* Instance k (0-based) of ds as Z1 and y, recomputed, and named in the
 * session's input text ("test image 7: Sandal"). */
void training_use_instance(Ctx *c, const Dataset *ds, int k, const char *set_name);

#endif
