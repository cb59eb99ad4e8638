/* lesson_paths.c: what the lesson parser reports and where it may read:
 * located problems, and the files a lesson names, which must stay in or
 * below its own folder.
 * Must not: talk to the terminal, or open a file. */
/* realpath() is X/Open, not plain POSIX.1-2008 */
#define _XOPEN_SOURCE 700

#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lesson_internal.h"

void parser_problem(Parser *ps, int line, int col, const char *fmt, ...)
{
    char msg[400];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    lesson_printable(msg);
    if (ps->count < LESSON_MAX_PROBLEMS) {
        sb_printf(ps->problems, "%s:%d:%d: %s\n", ps->l->path, line, col, msg);
    } else if (ps->count == LESSON_MAX_PROBLEMS) {
        sb_printf(ps->problems, "%s:%d:%d: too many problems (%d); the rest of the file is not checked\n",
                  ps->l->path, line, col, LESSON_MAX_PROBLEMS);
    }
    ps->count++;
}

/* Whether path has a ".." component. */
static bool has_dotdot(const char *path)
{
    for (const char *p = path; (p = strstr(p, "..")) != NULL; p += 2) {
        if ((p == path || p[-1] == '/') && (p[2] == '\0' || p[2] == '/')) {
            return true;
        }
    }
    return false;
}

/* Resolves a path given in the lesson; it must stay in or below the lesson's
 * folder (after following links). Returns the resolved path or -1. A path
 * that leaves the folder is refused before the file system is asked, so the
 * message does not tell whether something exists out there. */
int parser_safe_path(Parser *ps, const char *rel, int line, int col, char *out)
{
    if (rel[0] == '/') {
        parser_problem(ps, line, col, "'%s': a lesson reads only files in or below its own folder (no absolute paths)", rel);
        return -1;
    }
    if (has_dotdot(rel)) {
        parser_problem(ps, line, col, "'%s' is outside the lesson's folder; a lesson reads only files in or below it", rel);
        return -1;
    }
    char joined[PATH_MAX * 2];
    snprintf(joined, sizeof joined, "%s/%s", ps->dir, rel);
    char resolved[PATH_MAX];
    if (realpath(joined, resolved) == NULL) {
        parser_problem(ps, line, col, "'%s': no such file beside the lesson", rel);
        return -1;
    }
    size_t n = strlen(ps->dir);
    bool root = strcmp(ps->dir, "/") == 0; /* a lesson stored in / itself */
    if (strcmp(resolved, ps->dir) == 0) {
        parser_problem(ps, line, col, "'%s' is the lesson's folder, not a file", rel);
        return -1;
    }
    if (!root && (strncmp(resolved, ps->dir, n) != 0 || resolved[n] != '/')) {
        parser_problem(ps, line, col, "'%s' is outside the lesson's folder; a lesson reads only files in or below it", rel);
        return -1;
    }
    snprintf(out, PATH_MAX, "%s", resolved);
    return 0;
}
