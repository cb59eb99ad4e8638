/* command.h: the one command language of bpstep. The terminal UI's ':' line,
 * lesson files and `bpstep --batch -x CMD` all feed command_exec, so there is
 * one parser and one set of error messages.
 * Must not: print or exit: output goes into a StrBuf, errors into a Diag. */
#ifndef BPSTEP_COMMAND_H
#define BPSTEP_COMMAND_H

#include "engine.h"
#include "../base/strbuf.h"

typedef enum { CMD_OK, CMD_ERROR, CMD_QUIT } CmdStatus;

/* Runs one command line against e. Output (transcripts, printed values)
 * is appended to out; on CMD_ERROR d holds a one-line message with the
 * column, and nothing was changed. */
CmdStatus command_exec(Engine *e, const char *line, StrBuf *out, Diag *d);

/* Whether word (len bytes) names a command or an abbreviation of one. */
bool command_known(const char *word, size_t len);

/* Help text: the command list, or one command's help (-1 if unknown). */
int command_help(const char *topic, StrBuf *out);

/* The values shown by `display`, as after each step. */
void command_show_displays(Engine *e, StrBuf *out);

/* Tab completion of the last word of line: a command name first, a value
 * name after it. With one match writes the completed line to out and
 * returns 1; else returns how many words match (0, or several). */
int command_complete(const Engine *e, const char *line, char *out, size_t size);

#endif
