/* batch.c: the text face of the command language. */
#include "batch.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../debugger/command.h"
#include "../math/interrupt.h"

/* Runs one line; prints its output and, on error, "bpstep: WHERE: msg". */
static CmdStatus run_line(Engine *e, const char *line, const char *where, StrBuf *out, bool *failed)
{
    Diag d = { 0 };
    diag_clear(&d);
    sb_clear(out);
    CmdStatus st = command_exec(e, line, out, &d);
    fputs(sb_str(out), stdout);
    if (st == CMD_ERROR) {
        char msg[600];
        diag_format(&d, msg, sizeof msg);
        fflush(stdout);
        fprintf(stderr, "bpstep: %s: %s\n", where, msg);
        *failed = true;
    }
    return st;
}

int batch_run(Engine *e, char **commands, int ncommands, bool read_stdin)
{
    StrBuf out;
    sb_init(&out);
    bool failed = false;
    char where[64];
    for (int i = 0; i < ncommands; i++) {
        snprintf(where, sizeof where, "-x %d", i + 1);
        if (run_line(e, commands[i], where, &out, &failed) == CMD_QUIT || interrupt_pending() != 0) {
            sb_release(&out);
            return failed ? 1 : 0;
        }
    }
    if (read_stdin) {
        char *line = NULL;
        size_t cap = 0;
        ssize_t len;
        int lineno = 0;
        while ((len = getline(&line, &cap, stdin)) >= 0) {
            lineno++;
            while (len > 0 && (line[len - 1] == '\n' || line[len - 1] == '\r')) {
                line[--len] = '\0';
            }
            snprintf(where, sizeof where, "stdin:%d", lineno);
            size_t nul = strlen(line);
            if (nul < (size_t)len) {
                /* the rest of the line would be dropped without a word */
                fprintf(stderr, "bpstep: %s: column %zu: a NUL byte in a command line\n", where, nul + 1);
                failed = true;
                continue;
            }
            if (run_line(e, line, where, &out, &failed) == CMD_QUIT || interrupt_pending() != 0) {
                break;
            }
        }
        free(line);
    }
    sb_release(&out);
    fflush(stdout);
    return failed ? 1 : 0;
}
