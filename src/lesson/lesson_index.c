/* lesson_index.c: where a lesson stops and where its chapters start, read
 * from its steps alone (the player and the UI's chapter keys ask).
 * Must not: play anything, or call the player. */
#include "lesson.h"

#include <stdio.h>
#include <string.h>
#include <strings.h>

int lesson_pause_count(const Lesson *l)
{
    int n = 0;
    for (int i = 0; i < l->nsteps; i++) {
        n += lesson_step_stops(l->steps[i].kind);
    }
    return n;
}

int lesson_chapter_count(const Lesson *l)
{
    int n = 0;
    for (int i = 0; i < l->nsteps; i++) {
        n += l->steps[i].kind == LS_CHAPTER;
    }
    return n;
}

int lesson_chapter_pause(const Lesson *l, int c)
{
    int seen = -1, pauses = 0;
    for (int i = 0; i < l->nsteps; i++) {
        if (l->steps[i].kind == LS_CHAPTER && ++seen == c) {
            return pauses;
        }
        pauses += lesson_step_stops(l->steps[i].kind);
    }
    return pauses;
}

bool lesson_step_stops(LessonStepKind kind)
{
    return kind == LS_PAUSE || kind == LS_ASK || kind == LS_CHOOSE || kind == LS_DERIVE;
}

int lesson_chapter_number(const Lesson *l, int step)
{
    int n = 0;
    for (int i = 0; i <= step && i < l->nsteps; i++) {
        n += l->steps[i].kind == LS_CHAPTER;
    }
    return n;
}

const char *lesson_chapter_title(const Lesson *l, int c)
{
    int seen = -1;
    for (int i = 0; i < l->nsteps; i++) {
        if (l->steps[i].kind == LS_CHAPTER && ++seen == c) {
            return l->steps[i].text;
        }
    }
    return "";
}

/* A whole number 1..count, or -1 (a title, or out of range: -2). */
static int chapter_by_number(const char *spec, int count)
{
    long n = 0;
    for (const char *c = spec; *c != '\0'; c++) {
        if (*c < '0' || *c > '9') {
            return -1;
        }
        n = n * 10 + (*c - '0');
        if (n > count) {
            return -2;
        }
    }
    return n >= 1 ? (int)n - 1 : -2;
}

int lesson_chapter_find(const Lesson *l, const char *spec, char *why, size_t size)
{
    int count = lesson_chapter_count(l);
    const char *name = l->path;
    if (count == 0) {
        snprintf(why, size, "%.200s has no chapters", name);
        return -1;
    }
    int c = spec[0] != '\0' ? chapter_by_number(spec, count) : -2;
    if (c >= 0) {
        return c;
    }
    size_t len = strlen(spec);
    for (int k = 0; c == -1 && k < count; k++) {
        if (strncasecmp(lesson_chapter_title(l, k), spec, len) == 0) {
            return k;
        }
    }
    char shown[64];
    snprintf(shown, sizeof shown, "%.60s", spec);
    snprintf(why, size, "%.200s has no chapter '%s' (chapters 1 to %d, or the start of a chapter's title: '%.60s' to '%.60s')",
             name, shown, count, lesson_chapter_title(l, 0), lesson_chapter_title(l, count - 1));
    return -1;
}
