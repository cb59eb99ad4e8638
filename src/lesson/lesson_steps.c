/* lesson_steps.c: making a lesson's steps, shared by the line parser
 * (lesson_parse.c) and the question lines (question_parse.c).
 * Must not: talk to the terminal. */
#include <stdlib.h>
#include <string.h>

#include "lesson_internal.h"

LessonStep *parser_add_step(Parser *ps, LessonStepKind kind, int line, int col, const char *text)
{
    Lesson *l = ps->l;
    if (l->nsteps == ps->cap) {
        if (l->nsteps >= LESSON_MAX_STEPS) {
            parser_problem(ps, line, col, "too many steps in one lesson (at most %d)", LESSON_MAX_STEPS);
            ps->count = LESSON_MAX_PROBLEMS + 1; /* one message, then stop */
            return NULL;
        }
        int cap = ps->cap * 2 + 32;
        cap = cap > LESSON_MAX_STEPS ? LESSON_MAX_STEPS : cap;
        LessonStep *grown = realloc(l->steps, (size_t)cap * sizeof *grown);
        if (grown == NULL) {
            parser_problem(ps, line, col, "out of memory");
            return NULL;
        }
        l->steps = grown;
        ps->cap = cap;
    }
    LessonStep *st = &l->steps[l->nsteps++];
    memset(st, 0, sizeof *st);
    st->kind = kind;
    st->line = line;
    st->col = col;
    st->text = strdup(text != NULL ? text : "");
    if (st->text == NULL) {
        l->nsteps--;
        parser_problem(ps, line, col, "out of memory");
        return NULL;
    }
    return st;
}

/* st->text = the first n bytes of s; -1 (a problem reported) when out of memory. */
int parser_set_text(Parser *ps, LessonStep *st, const char *s, size_t n)
{
    char *copy = strndup(s, n);
    if (copy == NULL) {
        parser_problem(ps, st->line, st->col, "out of memory");
        return -1;
    }
    free(st->text);
    st->text = copy;
    return 0;
}
