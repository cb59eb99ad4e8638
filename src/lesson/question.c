/* question.c: a lesson's questions as they are played: `ask` (a value, with
 * an optional text of its own) and `choose` (one of several options), their
 * hints, the answers (answer.c reads them), the mistake a wrong matrix
 * answer is named by, the outcome of each question and the score, in the
 * lesson's words (`phrase`). Must not: talk to the terminal. */
#include <ctype.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../debugger/explain_text.h"
#include "../debugger/expr.h"
#include "../debugger/format.h"
#include "answer.h"
#include "derive.h"
#include "lesson_internal.h"

static const char *const DEFAULT_PHRASE[PHRASE_COUNT] = {
    [PHRASE_QUESTION] = "Question",
    [PHRASE_CORRECT] = "correct",
    [PHRASE_AGAIN] = "not quite; one more try (an empty answer shows it)",
    [PHRASE_WRONG] = "not quite.",
    [PHRASE_ANSWER] = "the answer",
    [PHRASE_HINT] = "hint",
    [PHRASE_SCORE] = "score: {right} right, {wrong} wrong, {skipped} skipped of {asked}",
    [PHRASE_ENTER] = "Enter: on with the lesson",
    [PHRASE_YOURS] = "your answer",
    [PHRASE_NONE] = "(no answer)",
    [PHRASE_TYPED] = "(answer)",
    [PHRASE_PROMPT] = "answer:",
    [PHRASE_RETRY] = "not quite, one more try;",
    [PHRASE_UNREADABLE] = "not an answer;",
    [PHRASE_GIVE_UP] = "show the answer? (y/n)",
    [PHRASE_DIFFER] = "{n} of {count} entries differ (marked)",
    [PHRASE_TYPE_NUMBER] = "type a number (or [1 2; 3 4], or arithmetic: -1/4) and Enter; Enter alone shows the answer",
    [PHRASE_TYPE_OPTION] = "type the option's letter or number and Enter; Enter alone shows the answer",
    [PHRASE_TYPE_EXPRESSION] = "type an expression (names, ', .*, *, vec(), I()) and Enter; Enter alone shows the answer",
    [PHRASE_END] = "the end of the lesson",
    [PHRASE_END_KEYS] = "(, goes back; q quits)",
    [PHRASE_WHAT] = "what is {expr}? (a number)",
    [PHRASE_WHAT_MATRIX] = "what is {expr}? (a {rows} x {cols} matrix, rows separated by ';': [1 2; 3 4])",
    [PHRASE_DERIVE_NOTE] = "(an expression of values computed before it: their names, + - * ' .* vec() I())",
};

const char *lesson_phrase(const Lesson *l, LessonPhrase key)
{
    return l != NULL && l->phrase[key] != NULL ? l->phrase[key] : DEFAULT_PHRASE[key];
}

void lesson_phrase_fill(const Lesson *l, LessonPhrase key, const char *const names[], const char *const values[],
                        int n, char *buf, size_t size)
{
    size_t len = 0;
    buf[0] = '\0';
    for (const char *t = lesson_phrase(l, key); *t != '\0' && len + 1 < size;) {
        int k = 0;
        while (k < n && strncmp(t, names[k], strlen(names[k])) != 0) {
            k++;
        }
        if (k < n) {
            int w = snprintf(buf + len, size - len, "%s", values[k]);
            len = w < 0 || (size_t)w >= size - len ? size - 1 : len + (size_t)w;
            t += strlen(names[k]);
        } else {
            buf[len++] = *t++;
            buf[len] = '\0';
        }
    }
}

static const char *say(const LessonPlayer *p, LessonPhrase key)
{
    return lesson_phrase(p->lesson, key);
}

/* The value a question asks for: now, or, when it is not computed yet, as
 * the pass will compute it (the engine runs ahead and comes back; single
 * assignment makes the way back exact). Predicting comes before seeing. */
static int eval_ahead(LessonPlayer *p, const char *text, ExprResult *r, Diag *d)
{
    if (expr_eval(p->engine, text, 0, r, d) == 0) {
        return 0;
    }
    int pos = p->engine->pos;
    unsigned long generation = p->engine->generation;
    engine_goto(p->engine, p->engine->nops);
    diag_clear(d);
    int rc = expr_eval(p->engine, text, 0, r, d);
    engine_goto(p->engine, pos);
    p->engine->generation = generation; /* back where it was, exactly: nothing was explored */
    return rc;
}

void player_question(const LessonPlayer *p, char *buf, size_t size)
{
    const LessonStep *q = p->question;
    if (q == NULL) {
        snprintf(buf, size, "%s", "");
    } else if (q->kind == LS_CHOOSE) {
        int n = snprintf(buf, size, "%s", q->prompt);
        for (int k = 0; k < q->noptions && n >= 0 && (size_t)n < size; k++) {
            n += snprintf(buf + n, size - (size_t)n, "\n  %c) %s", 'a' + k, q->options[k]);
        }
    } else if (q->kind == LS_DERIVE) {
        snprintf(buf, size, "%s %s", q->prompt, say(p, PHRASE_DERIVE_NOTE));
    } else if (q->prompt != NULL) {
        snprintf(buf, size, "%s", q->prompt);
    } else {
        static const char *const names[3] = { "{expr}", "{rows}", "{cols}" };
        char rows[16], cols[16];
        snprintf(rows, sizeof rows, "%d", p->q_rows);
        snprintf(cols, sizeof cols, "%d", p->q_cols);
        const char *const values[3] = { q->text, rows, cols };
        bool one = p->q_rows == 1 && p->q_cols == 1;
        lesson_phrase_fill(p->lesson, one ? PHRASE_WHAT : PHRASE_WHAT_MATRIX, names, values, 3, buf, size);
    }
}

const char *player_answer_label(const LessonPlayer *p)
{
    const LessonStep *q = p->question;
    return q != NULL && q->kind == LS_ASK && q->prompt == NULL ? q->text : "";
}

/* `ask` and `choose`: checks that the question can be answered, then stops
 * the lesson until player_answer (a silent replay or --check goes on). */
bool question_ask(LessonPlayer *p, const LessonStep *st, StrBuf *out, StrBuf *errors)
{
    if (st->kind == LS_ASK || st->kind == LS_DERIVE) {
        ExprResult r;
        Diag d = { 0 };
        if (eval_ahead(p, st->text, &r, &d) != 0) {
            char msg[400];
            snprintf(msg, sizeof msg, "ask %s: %s", st->text, d.msg);
            player_report(p, errors, st, 0, msg);
            return false;
        }
        p->q_rows = r.m.rows;
        p->q_cols = r.m.cols;
        mat_release(&r.m);
        char name[64];
        if (st->without != NULL && derive_unknown(p->engine, st->without, name, sizeof name) != 0) {
            char msg[200];
            snprintf(msg, sizeof msg, "derive ... without %s: '%s' is no value of this network", st->without, name);
            player_report(p, errors, st, 0, msg);
            return false;
        }
    } else if (st->broken) {
        return false;
    }
    p->question = st;
    p->tries = 0;
    p->asked++;
    player_forget_wrong(p);
    char q[2048];
    player_question(p, q, sizeof q);
    if (out != NULL) {
        sb_printf(out, "%s %d: %s\n", say(p, PHRASE_QUESTION), p->asked, q);
    }
    sb_printf(&p->narration, "%s%s %d: %s", p->narration.len > 0 ? "\n\n" : "", say(p, PHRASE_QUESTION), p->asked, q);
    return true;
}

/* The right value, and the explanation when the question is one entry. */
static void show_answer(LessonPlayer *p, const Matrix *value, StrBuf *out)
{
    const LessonStep *q = p->question;
    if (q->kind == LS_CHOOSE) {
        sb_printf(out, "%s: %c) %s\n", say(p, PHRASE_ANSWER), 'a' + q->right_option, q->options[q->right_option]);
        return;
    }
    StrBuf v;
    sb_init(&v);
    if (mat_count(value) == 1) {
        char num[32];
        fmt_number(num, sizeof num, value->data[0], -1);
        sb_append(&v, num);
    } else {
        fmt_compact(&v, value, 16);
    }
    sb_printf(out, "%s: %s = %s\n", say(p, PHRASE_ANSWER), q->text, sb_str(&v));
    sb_release(&v);
    EntryRef ref;
    const char *end = NULL;
    Diag d = { 0 };
    Explanation ex;
    int pos = p->engine->pos;
    unsigned long generation = p->engine->generation;
    if (entry_parse(p->engine, q->text, &end, 0, &ref, &d) == 0 && *end == '\0') {
        if (!engine_value_valid(p->engine, ref.value)) {
            engine_goto(p->engine, p->engine->nops); /* explained as the pass will compute it */
        }
        if (engine_explain(p->engine, &ref, &ex, &d) == 0) {
            explain_write(p->engine, &ref, &ex, out);
            explain_release(&ex);
        }
        engine_goto(p->engine, pos);
        p->engine->generation = generation;
    }
}

static bool answer_matches(const Matrix *answer, const Matrix *value, double tol)
{
    if (mat_count(answer) != mat_count(value) ||
        !(answer->rows == value->rows || answer->rows == 1 || answer->cols == 1)) {
        return false;
    }
    for (size_t k = 0; k < mat_count(value); k++) {
        double want = value->data[k];
        if (!(fabs(answer->data[k] - want) <= tol * fmax(1.0, fabs(want)))) {
            return false;
        }
    }
    return true;
}

/* A choose's answer: a letter (a, b, ...) or a number (1, 2, ...), with a
 * ')' or '.' after it allowed; the option (0-based), or -1. */
static int option_of(const LessonStep *q, const char *answer)
{
    const char *a = answer + strspn(answer, " \t");
    size_t n = strcspn(a, " \t).");
    if (a[n] == ')' || a[n] == '.') {
        if (a[n + 1 + strspn(a + n + 1, " \t")] != '\0') {
            return -1;
        }
    } else if (a[n + strspn(a + n, " \t")] != '\0') {
        return -1;
    }
    if (n == 1 && isalpha((unsigned char)a[0])) {
        int k = tolower((unsigned char)a[0]) - 'a';
        return k < q->noptions ? k : -1;
    }
    int k = 0;
    for (size_t i = 0; i < n; i++) {
        if (!isdigit((unsigned char)a[i]) || k > 100) {
            return -1;
        }
        k = 10 * k + (a[i] - '0');
    }
    return n > 0 && k >= 1 && k <= q->noptions ? k - 1 : -1;
}

/* A derive question's answer: an expression that may name only what is
 * computed before the value derived, evaluated as the pass will compute it. */
static int judge_derived(LessonPlayer *p, const char *answer, const Matrix *value, Matrix *given, StrBuf *out)
{
    char why[300];
    if (derive_refuse(p->engine, p->question->text, p->question->without, answer, why, sizeof why) != 0) {
        sb_printf(out, "'%.60s': %s; try again\n", answer, why);
        return -1;
    }
    ExprResult r;
    Diag d = { 0 };
    if (eval_ahead(p, answer, &r, &d) != 0) {
        sb_printf(out, "'%.60s': column %d: %s; try again\n", answer, d.col, d.msg);
        return -1;
    }
    *given = r.m;
    /* a derivation has the value's own shape: a column for a row is the
     * transpose the slides' equations are about, never the same answer */
    return given->rows == value->rows && given->cols == value->cols && answer_matches(given, value, p->question->tol);
}

/* The answer read and judged: -1 unreadable (out says why), 1 right, 0 wrong
 * (given keeps the matrix for naming its mistake). */
static int judge(LessonPlayer *p, const char *answer, const Matrix *value, Matrix *given, StrBuf *out)
{
    const LessonStep *q = p->question;
    Diag d;
    if (q->kind == LS_CHOOSE) {
        int k = option_of(q, answer);
        if (k < 0) {
            sb_printf(out, "'%.40s' is not one of the options (a letter a-%c or a number 1-%d); try again\n", answer,
                      'a' + q->noptions - 1, q->noptions);
            return -1;
        }
        return k == q->right_option;
    }
    if (q->kind == LS_DERIVE) {
        return judge_derived(p, answer, value, given, out);
    }
    if (answer_parse(answer, given, &d) != 0) {
        sb_printf(out, "'%.40s': column %d: %s; try again\n", answer, d.col, d.msg);
        return -1;
    }
    return answer_matches(given, value, q->tol);
}

void player_forget_wrong(LessonPlayer *p)
{
    mat_release(&p->wrong);
    p->wrong = (Matrix){ 0 };
    free(p->wrong_differs);
    p->wrong_differs = NULL;
    p->wrong_count = 0;
}

/* A wrong derive answer of the value's shape is kept for the values pane,
 * its differing entries marked. */
static void keep_wrong(LessonPlayer *p, Matrix *given, const Matrix *value)
{
    player_forget_wrong(p);
    int n = derive_mark(given, value, p->question->tol, &p->wrong_differs);
    if (n > 0) {
        p->wrong = *given;
        p->wrong_count = n;
        *given = (Matrix){ 0 };
    }
}

/* After a wrong answer that may be tried again: the mistake it looks like,
 * and the question's hint. */
static void help_retry(LessonPlayer *p, const Matrix *given, const Matrix *value, StrBuf *out)
{
    const LessonStep *q = p->question;
    if (q->kind == LS_DERIVE) {
        derive_differences(given, value, q->tol, out);
    }
    const char *mistake = q->kind == LS_ASK ? answer_mistake(given, value, q->tol) : NULL;
    if (mistake != NULL) {
        sb_printf(out, "  (%s)\n", mistake);
    }
    if (q->hint != NULL) {
        sb_printf(out, "  %s: %s\n", say(p, PHRASE_HINT), q->hint);
    }
}

AnswerVerdict player_answer(LessonPlayer *p, const char *answer, int max_tries, StrBuf *out)
{
    const LessonStep *q = p->question;
    if (q == NULL) {
        return ANSWER_SHOWN;
    }
    ExprResult r = { 0 };
    Diag d = { 0 };
    if (q->kind != LS_CHOOSE && eval_ahead(p, q->text, &r, &d) != 0) { /* the reader changed the network */
        sb_printf(out, "the question cannot be answered now: %s\n", d.msg);
        p->question = NULL;
        return ANSWER_SHOWN;
    }
    unsigned char *outcome = &p->right_at[q - p->lesson->steps];
    AnswerVerdict verdict = ANSWER_SHOWN;
    Matrix given = { 0 };
    int ok = answer == NULL || answer[strspn(answer, " \t\r\n")] == '\0' ? -2 : judge(p, answer, &r.m, &given, out);
    if (ok == -2) { /* shown on request: skipped, unless it was already answered wrong */
        show_answer(p, &r.m, out);
        *outcome = p->tries > 0 ? OUTCOME_WRONG : OUTCOME_SHOWN;
    } else if (ok == -1) {
        verdict = ANSWER_UNREADABLE; /* not a try: the same question again */
    } else if (ok == 1) {
        sb_printf(out, "%s\n", say(p, PHRASE_CORRECT));
        *outcome = OUTCOME_RIGHT;
        verdict = ANSWER_RIGHT;
    } else if (++p->tries < max_tries) {
        sb_printf(out, "%s\n", say(p, PHRASE_AGAIN));
        help_retry(p, &given, &r.m, out);
        verdict = ANSWER_AGAIN;
    } else {
        sb_printf(out, "%s\n", say(p, PHRASE_WRONG));
        if (q->kind == LS_DERIVE) {
            derive_differences(&given, &r.m, q->tol, out);
        }
        show_answer(p, &r.m, out);
        *outcome = OUTCOME_WRONG;
    }
    if (ok == 0 && q->kind == LS_DERIVE) {
        keep_wrong(p, &given, &r.m);
    } else if (ok == 1) {
        player_forget_wrong(p);
    }
    mat_release(&given);
    mat_release(&r.m);
    if (verdict == ANSWER_RIGHT || verdict == ANSWER_SHOWN) {
        p->question = NULL;
    }
    return verdict;
}

/* right, wrong, skipped (passed without an answer, or shown on request), asked */
static void tally(const LessonPlayer *p, int n[4])
{
    n[0] = n[1] = n[2] = n[3] = 0;
    for (int i = 0; i < p->next; i++) {
        if (lesson_step_stops(p->lesson->steps[i].kind) && p->lesson->steps[i].kind != LS_PAUSE) {
            n[3]++;
            n[0] += p->right_at[i] == OUTCOME_RIGHT;
            n[1] += p->right_at[i] == OUTCOME_WRONG;
        }
    }
    n[2] = n[3] - n[0] - n[1];
}

void player_score(const LessonPlayer *p, int *right, int *asked)
{
    int n[4];
    tally(p, n);
    *right = n[0];
    *asked = n[3];
}

void player_score_text(const LessonPlayer *p, char *buf, size_t size)
{
    static const char *const names[4] = { "{right}", "{wrong}", "{skipped}", "{asked}" };
    int n[4];
    tally(p, n);
    char num[4][16];
    const char *values[4];
    for (int k = 0; k < 4; k++) {
        snprintf(num[k], sizeof num[k], "%d", n[k]);
        values[k] = num[k];
    }
    buf[0] = '\0';
    if (n[3] > 0) {
        lesson_phrase_fill(p->lesson, PHRASE_SCORE, names, values, 4, buf, size);
    }
}
