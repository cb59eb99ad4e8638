/* question_parse.c: a lesson's question lines: `ask ["TEXT"] EXPR [tol]`,
 * `derive "TEXT" EXPR [without NAMES]`, `choose "TEXT"` and its indented options, `hint TEXT`, and `phrase KEY
 * TEXT` (the lesson's words for what bpstep adds to questions).
 * Must not: talk to the terminal. */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lesson_internal.h"

enum { CHOOSE_MAX_OPTIONS = 26 };

/* A quoted text at *p ("...", with \" and \\ inside) into a new string;
 * *p moves past it. NULL after a problem (an unclosed quote). */
static char *quoted(Parser *ps, const Line *ln, const char **p)
{
    const char *q = *p + 1;
    char *text = malloc(strlen(q) + 1);
    size_t n = 0;
    if (text == NULL) {
        parser_problem(ps, ln->lineno, ln->acol, "out of memory");
        return NULL;
    }
    while (*q != '\0' && *q != '"') {
        if (*q == '\\' && (q[1] == '"' || q[1] == '\\')) {
            q++;
        }
        text[n++] = *q++;
    }
    text[n] = '\0';
    if (*q != '"') {
        parser_problem(ps, ln->lineno, (int)(*p - ln->p) + ln->col, "this '\"' is never closed");
        free(text);
        return NULL;
    }
    *p = q + 1;
    return text;
}

/* A tolerance is a small number after a space, after a complete expression
 * (not "1 + 0.5"); it is cut off args (its length in *len). */
static double trailing_tolerance(const char *args, size_t *len)
{
    const char *last = NULL;
    for (size_t k = 0; k < *len; k++) {
        last = args[k] == ' ' ? args + k : last;
    }
    if (last == NULL) {
        return 1e-6;
    }
    char *end = NULL;
    double tol = strtod(last + 1, &end);
    size_t before = (size_t)(last - args);
    while (before > 0 && isspace((unsigned char)args[before - 1])) {
        before--;
    }
    bool after_operator = before == 0 || strchr("+-*/<>=&|,(!.", args[before - 1]) != NULL;
    if (end != last + 1 && end == args + *len && tol >= 0.0 && tol < 1.0 && !after_operator) {
        *len = (size_t)(last - args);
        return tol;
    }
    return 1e-6;
}

/* A question step of kind with its optional "TEXT" read into prompt; *args
 * is left at the expression after it. NULL after a problem. */
static LessonStep *question_step(Parser *ps, const Line *ln, LessonStepKind kind, const char **args)
{
    LessonStep *st = parser_add_step(ps, kind, ln->lineno, ln->col, "");
    if (st == NULL) {
        return NULL;
    }
    *args = ln->args;
    if (**args == '"') {
        st->prompt = quoted(ps, ln, args);
        if (st->prompt == NULL) {
            st->broken = true;
            return NULL;
        }
    }
    *args += strspn(*args, " \t");
    return st;
}

/* The expression's length in args, blanks at its end left out. */
static size_t trimmed(const char *args, size_t len)
{
    while (len > 0 && isspace((unsigned char)args[len - 1])) {
        len--;
    }
    return len;
}

/* `ask ["TEXT"] EXPR [tol]`: the player stops and asks the student for the
 * value of EXPR; TEXT, when given, is what the class reads instead of
 * "what is EXPR?" (so a derived question need not give its formula away). */
void kw_ask(Parser *ps, const Line *ln, Pending *pend)
{
    (void)pend;
    const char *args = NULL;
    LessonStep *st = question_step(ps, ln, LS_ASK, &args);
    if (st == NULL) {
        return;
    }
    size_t len = strlen(args);
    st->tol = trailing_tolerance(args, &len);
    len = trimmed(args, len);
    if (len == 0) {
        parser_problem(ps, ln->lineno, ln->col,
                       "usage: ask [\"TEXT\"] EXPR [tol], e.g. ask dS1(1,6) or ask \"Which entry?\" Z2[1](2,1) 0.01");
        return;
    }
    parser_set_text(ps, st, args, len);
}

/* A derive's `without NAME, ...` at the end of args: the names go to
 * st->without and *len stops before the clause. -1 after a problem. */
static int without_clause(Parser *ps, const Line *ln, LessonStep *st, const char *args, size_t *len)
{
    const char *w = NULL;
    for (const char *p = strstr(args, "without"); p != NULL; p = strstr(p + 1, "without")) {
        if (p > args && isspace((unsigned char)p[-1]) && (p[7] == '\0' || isspace((unsigned char)p[7]))) {
            w = p;
        }
    }
    if (w == NULL) {
        return 0;
    }
    const char *names = w + 7 + strspn(w + 7, " \t");
    int col = (int)(names - ln->p) + ln->col;
    for (const char *q = names; *q != '\0'; q++) {
        if (!isalnum((unsigned char)*q) && *q != '_' && *q != ',' && *q != ' ' && *q != '\t') {
            parser_problem(ps, ln->lineno, (int)(q - ln->p) + ln->col,
                           "without takes value names separated by ',' (without S1, sigS1), not '%c'", *q);
            return -1;
        }
    }
    if (names[strspn(names, " \t,")] == '\0') {
        parser_problem(ps, ln->lineno, col, "without needs the names the answer may not use: without S1");
        return -1;
    }
    st->without = strdup(names);
    if (st->without == NULL) {
        parser_problem(ps, ln->lineno, col, "out of memory");
        return -1;
    }
    *len = (size_t)(w - args);
    return 0;
}

/* `derive "TEXT" EXPR [without NAME, ...]`: the student answers with an expression of the
 * command language for EXPR's value, from what was computed before it. */
void kw_derive(Parser *ps, const Line *ln, Pending *pend)
{
    (void)pend;
    const char *args = NULL;
    LessonStep *st = question_step(ps, ln, LS_DERIVE, &args);
    if (st == NULL) {
        return;
    }
    st->tol = 1e-9;
    size_t len = strlen(args);
    if (st->prompt != NULL && without_clause(ps, ln, st, args, &len) != 0) {
        st->broken = true;
        return;
    }
    len = trimmed(args, len);
    if (st->prompt == NULL || len == 0) {
        parser_problem(ps, ln->lineno, ln->col,
                       "usage: derive \"TEXT\" EXPR [without NAME, ...], e.g. derive \"Eq. (6) for channel 1\" "
                       "vec(dS1[1])' without S1");
        st->broken = true;
        return;
    }
    parser_set_text(ps, st, args, len);
}

/* `choose "TEXT"`, then one indented line per option, the right one
 * starting with '*'. */
void kw_choose(Parser *ps, const Line *ln, Pending *pend)
{
    LessonStep *st = parser_add_step(ps, LS_CHOOSE, ln->lineno, ln->col, "");
    if (st == NULL) {
        return;
    }
    const char *args = ln->args;
    st->right_option = -1;
    if (*args != '"' || (st->prompt = quoted(ps, ln, &args)) == NULL || args[strspn(args, " \t")] != '\0') {
        if (*args != '"' || st->prompt != NULL) {
            parser_problem(ps, ln->lineno, ln->acol, "usage: choose \"TEXT\", then the options on indented lines, "
                                                      "the right one marked '*'");
        }
        st->broken = true;
        return;
    }
    pend->choose = st;
}

void choose_option(Parser *ps, LessonStep *st, const char *line, int lineno)
{
    bool right = *line == '*';
    line += right ? 1 + strspn(line + 1, " \t") : 0;
    if (st->noptions == CHOOSE_MAX_OPTIONS) {
        parser_problem(ps, lineno, 1, "a choose has at most %d options", CHOOSE_MAX_OPTIONS);
        st->broken = true;
        return;
    }
    char **grown = realloc(st->options, (size_t)(st->noptions + 1) * sizeof *grown);
    if (grown != NULL) {
        st->options = grown; /* the old block is gone either way */
    }
    char *copy = grown != NULL ? strdup(line) : NULL;
    if (copy == NULL) {
        parser_problem(ps, lineno, 1, "out of memory");
        st->broken = true;
        return;
    }
    st->options[st->noptions] = copy;
    if (right && st->right_option >= 0) {
        parser_problem(ps, lineno, 1, "a second option marked '*' (one is right)");
        st->broken = true;
    }
    st->right_option = right && st->right_option < 0 ? st->noptions : st->right_option;
    st->noptions++;
}

void choose_finish(Parser *ps, LessonStep *st)
{
    if (st == NULL || st->broken) {
        return;
    }
    if (st->noptions < 2 || st->right_option < 0) {
        parser_problem(ps, st->line, st->col, st->noptions < 2 ? "a choose needs at least 2 options (indented lines)"
                                                               : "no option is marked '*' as the right one");
        st->broken = true;
    }
}

/* `hint TEXT` right after an ask or a choose (and its options). */
void kw_hint(Parser *ps, const Line *ln, Pending *pend)
{
    (void)pend;
    Lesson *l = ps->l;
    LessonStep *q = l->nsteps > 0 ? &l->steps[l->nsteps - 1] : NULL;
    if (q == NULL || (q->kind != LS_ASK && q->kind != LS_CHOOSE && q->kind != LS_DERIVE) || q->hint != NULL ||
        *ln->args == '\0') {
        parser_problem(ps, ln->lineno, ln->col,
                       *ln->args == '\0' ? "usage: hint TEXT" : "a hint follows an ask or a choose (one hint each)");
        return;
    }
    q->hint = strdup(ln->args);
    if (q->hint == NULL) {
        parser_problem(ps, ln->lineno, ln->col, "out of memory");
    }
}

static const char *const PHRASE_KEYS[PHRASE_COUNT] = {
    [PHRASE_QUESTION] = "question",
    [PHRASE_CORRECT] = "correct",
    [PHRASE_AGAIN] = "again",
    [PHRASE_WRONG] = "wrong",
    [PHRASE_ANSWER] = "answer",
    [PHRASE_HINT] = "hint",
    [PHRASE_SCORE] = "score",
    [PHRASE_ENTER] = "enter",
    [PHRASE_YOURS] = "yours",
    [PHRASE_NONE] = "none",
    [PHRASE_TYPED] = "typed",
    [PHRASE_PROMPT] = "prompt",
    [PHRASE_RETRY] = "retry",
    [PHRASE_UNREADABLE] = "unreadable",
    [PHRASE_GIVE_UP] = "give-up",
    [PHRASE_DIFFER] = "differ",
    [PHRASE_TYPE_NUMBER] = "type-number",
    [PHRASE_TYPE_OPTION] = "type-option",
    [PHRASE_TYPE_EXPRESSION] = "type-expression",
    [PHRASE_END] = "end",
    [PHRASE_END_KEYS] = "end-keys",
    [PHRASE_WHAT] = "what",
    [PHRASE_WHAT_MATRIX] = "what-matrix",
    [PHRASE_DERIVE_NOTE] = "derive-note",
};

/* `phrase KEY TEXT`: the lesson's words for one of bpstep's. */
void kw_phrase(Parser *ps, const Line *ln, Pending *pend)
{
    (void)pend;
    size_t klen = strcspn(ln->args, " \t");
    const char *text = ln->args + klen + strspn(ln->args + klen, " \t");
    int key = -1;
    for (int k = 0; k < PHRASE_COUNT; k++) {
        if (strlen(PHRASE_KEYS[k]) == klen && strncmp(ln->args, PHRASE_KEYS[k], klen) == 0) {
            key = k;
        }
    }
    if (key < 0 || *text == '\0') {
        char keys[600];
        size_t n = 0;
        for (int k = 0; k < PHRASE_COUNT && n < sizeof keys; k++) {
            n += (size_t)snprintf(keys + n, sizeof keys - n, "%s%s", k > 0 ? ", " : "", PHRASE_KEYS[k]);
        }
        parser_problem(ps, ln->lineno, ln->acol, "usage: phrase KEY TEXT, KEY one of %s", keys);
        return;
    }
    free(ps->l->phrase[key]);
    ps->l->phrase[key] = strdup(text);
}
