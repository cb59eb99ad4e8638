/* check_run.c: the shortcuts of a lesson's check run at load (a `train` or
 * `test` runs one step there), and what the full command costs, so that the
 * work budget still counts it whole. Must not: talk to the terminal. */
#include <stdlib.h>
#include <string.h>
#include <stdio.h>

#include "../debugger/training.h"
#include "lesson_internal.h"

/* In the check run at load, `train N steps|epochs ...` trains one step and
 * `test [N]` tests one image: the run is there to find commands that cannot
 * run, and a lesson opens at once rather than after its training (--check
 * and playing run them in full). */
bool lesson_quick_train(const char *text, char *buf, size_t size)
{
    const char *p = NULL;
    bool test = strncmp(text, "test", 4) == 0, train = strncmp(text, "train ", 6) == 0;
    if (!test && !train) {
        return false;
    }
    p = text + (test ? 4 : 6);
    while (*p == ' ') {
        p++;
    }
    char *end = NULL;
    long n = *p == '\0' && test ? 1 : strtol(p, &end, 10);
    if (test) { /* `test` or `test N`: one image */
        bool whole = *p == '\0' || (end != p && n >= 1 && *end == '\0');
        return whole && (size_t)snprintf(buf, size, "test 1") < size;
    }
    if (end == p || n < 1 || *end != ' ') {
        return false;
    }
    const char *unit = end + 1;
    size_t ulen = strcspn(unit, " ");
    bool known = (ulen == 5 && strncmp(unit, "steps", 5) == 0) || (ulen == 4 && strncmp(unit, "step", 4) == 0) ||
                 (ulen == 6 && strncmp(unit, "epochs", 6) == 0) || (ulen == 5 && strncmp(unit, "epoch", 5) == 0);
    return known && (size_t)snprintf(buf, size, "train 1 steps%s", unit + ulen) < size;
}

/* How many times the quick form's work the full `train` or `test` costs:
 * N steps; N epochs of the training set in batches of the size it used;
 * N test images, or the whole test set. 1 when it cannot tell. */
int64_t lesson_quick_factor(const LessonPlayer *p, const char *text)
{
    const Training *t = p->engine != NULL ? p->engine->training : NULL;
    const char *q = text + strcspn(text, " ");
    char *end = NULL;
    long n = strtol(q, &end, 10);
    if (strncmp(text, "test", 4) == 0) {
        return end != q && n > 0 ? n : (t != NULL && t->data != NULL ? t->data->test.n : 1);
    }
    if (end == q || n < 1) {
        return 1;
    }
    while (*end == ' ') {
        end++;
    }
    if (strncmp(end, "epoch", 5) == 0 && t != NULL && t->data != NULL && t->params.batch > 0) {
        return n * ((t->data->train.n + t->params.batch - 1) / t->params.batch);
    }
    return n;
}
