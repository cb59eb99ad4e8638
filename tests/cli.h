/* cli.h: running the bpstep program from a test, as a user would: a shell
 * command line with $B naming the binary, stdout and stderr together. */
#ifndef BPSTEP_TEST_CLI_H
#define BPSTEP_TEST_CLI_H

#include <stdio.h>
#include <stdlib.h>
#include <sys/wait.h>

typedef struct {
    int status;
    char out[65536];
} Result;

/* Runs a shell command line with ${BPSTEP} set; stdout and stderr together. */
static inline Result run(const char *cmdline)
{
    Result r;
    memset(&r, 0, sizeof r);
    const char *bin = getenv("BPSTEP");
    char full[4096];
    /* BPSTEP_THREADS from the caller must not change what a test sees */
    snprintf(full, sizeof full, "unset BPSTEP_THREADS; B=$(realpath '%s'); %s 2>&1", bin != NULL ? bin : "./bpstep", cmdline);
    FILE *p = popen(full, "r");
    assert_non_null(p);
    size_t n = fread(r.out, 1, sizeof r.out - 1, p);
    r.out[n] = '\0';
    int st = pclose(p);
    r.status = WIFEXITED(st) ? WEXITSTATUS(st) : -1;
    return r;
}

static inline void expect(const char *cmdline, int status, const char *fragment)
{
    Result r = run(cmdline);
    if (r.status != status || strstr(r.out, fragment) == NULL) {
        fail_msg("%s: status %d (wanted %d), output:\n%s\n(wanted '%s')", cmdline, r.status, status,
                 r.out, fragment);
    }
}

/* A scratch folder for a test program: a cmocka group setup and teardown,
 * and files written into it. */
static char cli_dir[64];

static inline int cli_make_dir(void **state)
{
    (void)state;
    snprintf(cli_dir, sizeof cli_dir, "/tmp/bpstep-test-XXXXXX");
    return mkdtemp(cli_dir) != NULL ? 0 : -1;
}

static inline int cli_remove_dir(void **state)
{
    (void)state;
    char cmd[128];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", cli_dir);
    return system(cmd) == 0 ? 0 : -1;
}

static inline void cli_put(const char *name, const char *text)
{
    char path[256];
    snprintf(path, sizeof path, "%s/%s", cli_dir, name);
    FILE *f = fopen(path, "w");
    assert_non_null(f);
    fputs(text, f);
    fclose(f);
}

#endif
