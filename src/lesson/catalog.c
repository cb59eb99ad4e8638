/* catalog.c: where shipped lessons are and what they are called. */
#include "catalog.h"

#include "textfile.h"

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#ifndef BPSTEP_LESSON_DIR
#define BPSTEP_LESSON_DIR "/usr/local/share/bpstep/lessons"
#endif

static bool is_file(const char *path)
{
    struct stat st;
    return stat(path, &st) == 0 && S_ISREG(st.st_mode);
}

static bool is_dir(const char *path)
{
    struct stat st;
    return stat(path, &st) == 0 && S_ISDIR(st.st_mode);
}

/* The folders to search, in order; returns how many. */
static int lesson_dirs(char dirs[][1024], int max)
{
    int n = 0;
    const char *env = getenv("BPSTEP_LESSONS");
    if (env != NULL && env[0] != '\0' && n < max) {
        snprintf(dirs[n++], 1024, "%s", env);
    }
    char exe[1024];
    ssize_t len = readlink("/proc/self/exe", exe, sizeof exe - 1);
    if (len > 0) {
        exe[len] = '\0';
        char *slash = strrchr(exe, '/');
        if (slash != NULL) {
            *slash = '\0';
            /* ./bpstep in the source tree, or build/release/bpstep */
            const char *rel[] = { "lessons", "../../lessons", "../share/bpstep/lessons" };
            for (int i = 0; i < 3 && n < max; i++) {
                snprintf(dirs[n], 1024, "%.990s/%s", exe, rel[i]);
                n += is_dir(dirs[n]);
            }
        }
    }
    if (n < max) {
        snprintf(dirs[n++], 1024, "%s", BPSTEP_LESSON_DIR);
    }
    return n;
}

/* "04-pooling.lesson" matches "04-pooling", "pooling", "04-pooling.lesson". */
static bool name_matches(const char *file, const char *name)
{
    size_t flen = strlen(file);
    if (flen < 8 || strcmp(file + flen - 7, ".lesson") != 0) {
        return false;
    }
    size_t stem = flen - 7;
    if (strcmp(file, name) == 0 || (strlen(name) == stem && strncmp(file, name, stem) == 0)) {
        return true;
    }
    const char *dash = strchr(file, '-');
    if (dash != NULL && dash < file + stem) {
        size_t rest = stem - (size_t)(dash + 1 - file);
        return strlen(name) == rest && strncmp(dash + 1, name, rest) == 0;
    }
    return false;
}

static int compare_names(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

enum { CATALOG_MAX = 256 };

/* The *.lesson files of dir, sorted, into names (the caller frees each);
 * returns how many, or -1 when dir cannot be read. */
static int lesson_files(const char *dir, char *names[CATALOG_MAX])
{
    DIR *d = opendir(dir);
    if (d == NULL) {
        return -1;
    }
    int count = 0;
    struct dirent *ent;
    while ((ent = readdir(d)) != NULL && count < CATALOG_MAX) {
        size_t len = strlen(ent->d_name);
        if (len > 7 && strcmp(ent->d_name + len - 7, ".lesson") == 0) {
            names[count] = strdup(ent->d_name);
            count += names[count] != NULL;
        }
    }
    closedir(d);
    qsort(names, (size_t)count, sizeof *names, compare_names);
    return count;
}

static void free_names(char *names[], int count)
{
    for (int k = 0; k < count; k++) {
        free(names[k]);
    }
}

int catalog_find(const char *name, char *path, size_t size)
{
    if (is_file(name)) {
        snprintf(path, size, "%s", name);
        return 0;
    }
    if (strchr(name, '/') != NULL) {
        return -1;
    }
    char dirs[6][1024];
    int n = lesson_dirs(dirs, 6);
    for (int i = 0; i < n; i++) {
        char *names[CATALOG_MAX];
        int count = lesson_files(dirs[i], names);
        int found = -1;
        for (int k = 0; k < count && found < 0; k++) {
            found = name_matches(names[k], name) ? k : -1;
        }
        if (found >= 0) {
            snprintf(path, size, "%.1023s/%.255s", dirs[i], names[found]);
        }
        free_names(names, count);
        if (found >= 0) {
            return 0;
        }
    }
    return -1;
}

/* The text after "title " on the lesson's title line. */
static void read_title(const char *path, char *title, size_t size)
{
    title[0] = '\0';
    Diag d;
    diag_clear(&d);
    FILE *f = textfile_open(path, &d);
    if (f == NULL) {
        return;
    }
    char line[512];
    while (fgets(line, sizeof line, f) != NULL) {
        if (strncmp(line, "title ", 6) == 0) {
            line[strcspn(line, "\r\n")] = '\0';
            snprintf(title, size, "%.250s", line + 6);
            diag_clean_text(title, false);
            break;
        }
    }
    fclose(f);
}

int catalog_list(StrBuf *out)
{
    char dirs[6][1024];
    int n = lesson_dirs(dirs, 6);
    for (int i = 0; i < n; i++) {
        char *names[CATALOG_MAX];
        int count = lesson_files(dirs[i], names);
        if (count <= 0) {
            continue;
        }
        char shown[1024];
        snprintf(shown, sizeof shown, "%.1000s", dirs[i]);
        diag_clean_text(shown, false); /* names are text from strangers too: no escapes reach the terminal */
        sb_printf(out, "lessons in %s:\n", shown);
        for (int k = 0; k < count; k++) {
            char path[2400], title[256];
            snprintf(path, sizeof path, "%.1023s/%.255s", dirs[i], names[k]);
            read_title(path, title, sizeof title);
            snprintf(shown, sizeof shown, "%.*s", (int)(strlen(names[k]) - 7), names[k]);
            diag_clean_text(shown, false);
            sb_printf(out, "  %-24s %s\n", shown, title);
        }
        free_names(names, count);
        return 0;
    }
    return -1;
}

int catalog_find_data(const char *rel, char *path, size_t size)
{
    char dirs[6][1024];
    int n = lesson_dirs(dirs, 6);
    for (int i = 0; i < n; i++) {
        struct stat st;
        snprintf(path, size, "%.1023s/%s", dirs[i], rel);
        if (stat(path, &st) == 0 && S_ISREG(st.st_mode)) {
            return 0;
        }
    }
    return -1;
}
