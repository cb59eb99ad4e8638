/* lesson_parse.c: parsing lesson files, line by line, into steps
 * (lesson.c loads and checks them, lesson_player.c plays them).
 * Must not: talk to the terminal, or run anything. */
/* realpath() is X/Open, not plain POSIX.1-2008 */
#define _XOPEN_SOURCE 700

#include "lesson.h"

#include <ctype.h>
#include <limits.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../debugger/command.h"
#include "../debugger/expr.h"
#include "../debugger/format.h"
#include "../debugger/matlit.h"
#include "../math/reference.h"
#include "../base/textwidth.h"
#include "lesson_internal.h"
#include "netfile.h"
#include "textfile.h"




static void parse_net_text(Parser *ps, LessonStep *st, const char *text, const char *where, int base_line)
{
    Diag d = { 0 };
    diag_clear(&d);
    if (config_parse(&st->spec, text, &d) != 0) {
        if (where != NULL) {
            parser_problem(ps, st->line, st->col, "%s:%d:%d: %s", where, d.line, d.col, d.msg);
        } else {
            parser_problem(ps, base_line + d.line, d.col > 0 ? d.col : 1, "%s", d.msg);
        }
    }
}

static void parse_net_file(Parser *ps, LessonStep *st, const char *rel)
{
    char path[PATH_MAX];
    if (parser_safe_path(ps, rel, st->line, st->col + 4, path) != 0) {
        return;
    }
    char *text = NULL;
    Diag d = { 0 };
    if (onnx_is_path(path)) { /* a PyTorch model, with its weights */
        NetFile nf;
        if (netfile_read(path, &nf, &d) != 0) {
            parser_problem(ps, st->line, st->col + 4, "%s: %s", rel, d.msg);
            return;
        }
        st->spec = nf.spec;
        st->onnx = nf.onnx;
        return;
    }
    if (textfile_read(path, &text, &d) != 0) {
        parser_problem(ps, st->line, st->col + 4, "%s: %s", rel, d.msg);
        return;
    }
    parse_net_text(ps, st, text, rel, 0);
    free(text);
}

static void parse_input(Parser *ps, LessonStep *st, const char *arg, int col)
{
    Diag d = { 0 };
    diag_clear(&d);
    const char *text = arg;
    char *file = NULL;
    if (arg[0] != '[' && !isdigit((unsigned char)arg[0]) && arg[0] != '-') {
        char path[PATH_MAX];
        if (parser_safe_path(ps, arg, st->line, col, path) != 0) {
            return;
        }
        if (textfile_read(path, &file, &d) != 0) {
            parser_problem(ps, st->line, col, "%s: %s", arg, d.msg);
            return;
        }
        text = file;
        st->label = matlit_label(file); /* "% label 7": y = e_8 comes with the input */
        st->labelled = st->label >= 0;
    }
    if (matlit_parse(text, 0, &st->matrix, &d) != 0) {
        if (file != NULL) {
            parser_problem(ps, st->line, col, "%s: column %d: %s", arg, d.col, d.msg);
        } else {
            parser_problem(ps, st->line, col + d.col - 1, "%s", d.msg);
        }
    }
    free(file);
}

/* expect NAME == MATRIX [tol] | expect NAME ~ VALUE [tol] */
/* An expect's optional tolerance at text (column col); the default
 * otherwise: 1e-6 relative for '~', exact for '=='. */
static void parse_tolerance(Parser *ps, LessonStep *st, const char *text, int col)
{
    st->tol = st->approx ? 1e-6 : 0.0;
    while (*text == ' ' || *text == '\t') {
        text++, col++;
    }
    if (*text == '\0') {
        return;
    }
    char *tend = NULL;
    double tol = strtod(text, &tend);
    while (*tend == ' ' || *tend == '\t') {
        tend++;
    }
    if (tend == text || *tend != '\0' || !(tol >= 0.0) || !isfinite(tol)) {
        parser_problem(ps, st->line, col, "expected a tolerance (a number >= 0) after the value");
        return;
    }
    st->tol = tol;
}

static void parse_expect(Parser *ps, LessonStep *st, const char *args, int col)
{
    const char *eq = strstr(args, "==");
    const char *approx = strchr(args, '~');
    const char *op = eq != NULL ? eq : approx;
    if (op == NULL) {
        parser_problem(ps, st->line, col, "usage: expect NAME == MATRIX [tol] or expect NAME ~ VALUE [tol]");
        return;
    }
    st->approx = eq == NULL;
    size_t nlen = (size_t)(op - args);
    while (nlen > 0 && isspace((unsigned char)args[nlen - 1])) {
        nlen--;
    }
    if (nlen == 0) {
        parser_problem(ps, st->line, col, "expect needs a name before '%s'", st->approx ? "~" : "==");
        return;
    }
    if (parser_set_text(ps, st, args, nlen) != 0) {
        return;
    }
    const char *rhs = op + (st->approx ? 1 : 2);
    while (*rhs == ' ' || *rhs == '\t') {
        rhs++;
    }
    int rcol = col + (int)(rhs - args);
    /* the literal ends at its ']' (or the number); a tolerance may follow */
    const char *end = rhs;
    if (*rhs == '[') {
        end = strchr(rhs, ']');
        end = end != NULL ? end + 1 : rhs + strlen(rhs);
    } else {
        while (*end != '\0' && !isspace((unsigned char)*end)) {
            end++;
        }
    }
    char *lit = strndup(rhs, (size_t)(end - rhs));
    if (lit == NULL) {
        parser_problem(ps, st->line, rcol, "out of memory");
        return;
    }
    Diag d = { 0 };
    diag_clear(&d);
    if (matlit_parse(lit, 0, &st->matrix, &d) != 0) {
        parser_problem(ps, st->line, rcol + d.col - 1, "%s", d.msg);
        free(lit);
        return;
    }
    free(lit);
    if (st->approx && mat_count(&st->matrix) != 1) {
        parser_problem(ps, st->line, rcol, "'~' compares a single number; use '==' for a matrix");
    }
    parse_tolerance(ps, st, end, col + (int)(end - args));
}

static void parse_highlight(Parser *ps, LessonStep *st, const char *args, int col)
{
    const char *p = args;
    while (isalnum((unsigned char)*p) || *p == '_' || *p == '[' || *p == ']') {
        p++;
    }
    if (p == args) {
        parser_problem(ps, st->line, col, "usage: highlight NAME or highlight NAME(i,j)");
        return;
    }
    if (parser_set_text(ps, st, args, (size_t)(p - args)) != 0) {
        return;
    }
    if (*p == '(') {
        char *end = NULL;
        long i = strtol(p + 1, &end, 10);
        bool ok = end != p + 1 && *end == ',';
        const char *q = end + 1;
        long j = ok ? strtol(q, &end, 10) : 0;
        ok = ok && end != q && *end == ')' && i >= 1 && j >= 1 && i <= INT_MAX && j <= INT_MAX;
        if (!ok) {
            parser_problem(ps, st->line, col + (int)(p - args), "expected (i,j) with 1-based indexes");
            return;
        }
        st->hl_row = (int)i;
        st->hl_col = (int)j;
        p = end + 1;
    }
    while (*p == ' ' || *p == '\t') {
        p++;
    }
    if (*p != '\0') {
        parser_problem(ps, st->line, col + (int)(p - args), "unexpected text after the name");
    }
}

/* view heatmap on|off | view channel N | view compare on|off */
static void parse_view(Parser *ps, LessonStep *st, const char *args, int col)
{
    char what[16] = "", value[16] = "", extra[4] = "";
    int n = sscanf(args, "%15s %15s %3s", what, value, extra);
    char *end = NULL;
    long channel = strtol(value, &end, 10);
    if (n == 2 && strcmp(what, "channel") == 0 && end != value && *end == '\0' && channel >= 0 && channel <= 9) {
        st->view = VIEW_CHANNEL;
        st->view_value = (int)channel;
        return;
    }
    bool on = strcmp(value, "on") == 0, off = strcmp(value, "off") == 0;
    if (n == 2 && (on || off) &&
        (strcmp(what, "heatmap") == 0 || strcmp(what, "compare") == 0 || strcmp(what, "image") == 0)) {
        st->view = what[0] == 'h' ? VIEW_HEATMAP : what[0] == 'c' ? VIEW_COMPARE : VIEW_IMAGE;
        st->view_value = on;
        return;
    }
    parser_problem(ps, st->line, col, "usage: view heatmap on|off, view image on|off, view channel N (0-9, 0 = all), view compare on|off");
}

static char *line_at(char **cursor)
{
    char *line = *cursor;
    if (*line == '\0') {
        return NULL;
    }
    char *nl = strchr(line, '\n');
    if (nl != NULL) {
        *nl = '\0';
        *cursor = nl + 1;
    } else {
        *cursor = line + strlen(line);
    }
    size_t len = strlen(line);
    if (len > 0 && line[len - 1] == '\r') {
        line[len - 1] = '\0';
    }
    return line;
}

/* Appends a continuation line to a say; *len and *cap track st->text so
 * that a long paragraph costs linear time, not a strlen and realloc a line. */
/* Whether the first n bytes of text end in a wide (CJK) character. */
static bool ends_wide(const char *text, size_t n)
{
    size_t k = n;
    while (k > 0 && ((unsigned char)text[k - 1] & 0xC0) == 0x80) {
        k--;
    }
    if (k == 0) {
        return false;
    }
    const char *p = text + k - 1;
    return text_cp_width(text_next_cp(&p)) == 2;
}

static void append_text(LessonStep *st, const char *more, size_t *len, size_t *cap)
{
    size_t a = *len, b = strlen(more);
    if (a + b + 2 > *cap) {
        size_t want = (a + b + 2) * 2;
        char *grown = realloc(st->text, want);
        if (grown == NULL) {
            return;
        }
        st->text = grown;
        *cap = want;
    }
    if (a > 0 && !(ends_wide(st->text, a) && text_cp_width(text_next_cp(&(const char *){ more })) == 2)) {
        st->text[a++] = ' '; /* continuation lines flow into one paragraph (CJK lines join without a space) */
    }
    memcpy(st->text + a, more, b + 1);
    *len = a + b;
}

/* One line of a lesson, split at its first word. */

static void kw_title(Parser *ps, const Line *ln, Pending *pend)
{
    (void)pend;
    if (ps->l->title[0] != '\0') {
        parser_problem(ps, ln->lineno, ln->col, "a second title (one per lesson)");
    }
    snprintf(ps->l->title, sizeof ps->l->title, "%s", ln->args);
    parser_add_step(ps, LS_TITLE, ln->lineno, ln->col, ln->args);
}

static void kw_chapter(Parser *ps, const Line *ln, Pending *pend)
{
    (void)pend;
    if (*ln->args == '\0') {
        parser_problem(ps, ln->lineno, ln->col, "chapter needs a name");
    }
    parser_add_step(ps, LS_CHAPTER, ln->lineno, ln->col, ln->args);
}

static void kw_say(Parser *ps, const Line *ln, Pending *pend)
{
    pend->say = parser_add_step(ps, LS_SAY, ln->lineno, ln->col, ln->args);
    if (pend->say != NULL) { /* a live value's problem points into the text */
        pend->say->col = ln->acol;
        pend->say->first_len = (int)strlen(ln->args);
    }
}

static void kw_pause(Parser *ps, const Line *ln, Pending *pend)
{
    (void)pend;
    if (*ln->args != '\0') {
        parser_problem(ps, ln->lineno, ln->acol, "pause takes nothing after it");
    }
    parser_add_step(ps, LS_PAUSE, ln->lineno, ln->col, "");
}

static void kw_highlight(Parser *ps, const Line *ln, Pending *pend)
{
    (void)pend;
    LessonStep *st = parser_add_step(ps, LS_HIGHLIGHT, ln->lineno, ln->col, "");
    if (st != NULL) {
        parse_highlight(ps, st, ln->args, ln->acol);
    }
}

static void kw_expect(Parser *ps, const Line *ln, Pending *pend)
{
    (void)pend;
    LessonStep *st = parser_add_step(ps, LS_EXPECT, ln->lineno, ln->col, "");
    if (st != NULL) {
        parse_expect(ps, st, ln->args, ln->acol);
    }
}

/* `net FILE`, or `net` followed by indented config lines */
static void kw_net(Parser *ps, const Line *ln, Pending *pend)
{
    LessonStep *st = parser_add_step(ps, LS_NET, ln->lineno, ln->col, ln->args);
    if (st != NULL && *ln->args != '\0') {
        parse_net_file(ps, st, ln->args);
    } else if (st != NULL) {
        pend->net = st;
        pend->net_line = ln->lineno;
    }
}

static void kw_view(Parser *ps, const Line *ln, Pending *pend)
{
    (void)pend;
    LessonStep *st = parser_add_step(ps, LS_VIEW, ln->lineno, ln->col, ln->args);
    if (st != NULL) {
        parse_view(ps, st, ln->args, ln->acol);
    }
}

/* `input data N`, `input train N`, `input wrong N`: the command of that name. */
static bool input_is_command(const char *args)
{
    static const char *const words[] = { "data ", "test ", "train ", "wrong " };
    for (size_t k = 0; k < sizeof words / sizeof words[0]; k++) {
        if (strncmp(args, words[k], strlen(words[k])) == 0) {
            return true;
        }
    }
    return false;
}

static void kw_input(Parser *ps, const Line *ln, Pending *pend)
{
    (void)pend;
    if (input_is_command(ln->args)) {
        parser_add_step(ps, LS_COMMAND, ln->lineno, ln->col, ln->p);
        return;
    }
    LessonStep *st = parser_add_step(ps, LS_INPUT, ln->lineno, ln->col, ln->args);
    if (st != NULL && *ln->args == '\0') {
        parser_problem(ps, ln->lineno, ln->col, "usage: input MATRIX or input FILE");
    } else if (st != NULL) {
        parse_input(ps, st, ln->args, ln->acol);
    }
}

/* `load FILE`: parameters written by `save` (and the input, its label and
 * the settings saved with them) from a file in or below the lesson's
 * folder, read now, so an instructor can ship trained weights. */
static void kw_load(Parser *ps, const Line *ln, Pending *pend)
{
    (void)pend;
    if (*ln->args == '\0' || onnx_is_path(ln->args)) {
        parser_problem(ps, ln->lineno, ln->col, *ln->args == '\0' ? "usage: load FILE (parameters written by 'save')"
                                                                  : "a lesson's model.onnx is 'net FILE.onnx'");
        return;
    }
    LessonStep *st = parser_add_step(ps, LS_LOAD, ln->lineno, ln->col, ln->args);
    char path[PATH_MAX];
    if (st == NULL) {
        return;
    }
    st->broken = true;
    if (parser_safe_path(ps, ln->args, ln->lineno, ln->acol, path) != 0) {
        return;
    }
    Diag d;
    diag_clear(&d);
    if (textfile_read(path, &st->file, &d) != 0) {
        parser_problem(ps, ln->lineno, ln->acol, "%s", d.msg);
        return;
    }
    st->broken = false;
}

/* The lesson's own words; any other first word must be a command. */
static const struct {
    const char *word;
    void (*parse)(Parser *ps, const Line *ln, Pending *pend);
} KEYWORDS[] = {
    { "title", kw_title },   { "chapter", kw_chapter }, { "say", kw_say },   { "pause", kw_pause },
    { "highlight", kw_highlight }, { "expect", kw_expect }, { "net", kw_net }, { "view", kw_view },
    { "input", kw_input },   { "ask", kw_ask },     { "choose", kw_choose }, { "hint", kw_hint },
    { "phrase", kw_phrase }, { "derive", kw_derive }, { "load", kw_load },
};

/* A lesson is safe from a stranger: it writes no files and reads none
 * outside its folder, so `save` and `data DIR` are not lesson lines (`load`
 * reads a file of its folder, at load). */
static const char *refused_in_lessons(const Line *ln)
{
    if (ln->wlen == 4 && strncmp(ln->p, "save", 4) == 0) {
        return "a lesson cannot write files ('save' is for the command line)";
    }
    if (ln->wlen == 4 && strncmp(ln->p, "data", 4) == 0 && strcmp(ln->args, "fashion-mnist") != 0) {
        return "a lesson's data is 'data fashion-mnist' (a folder would be read outside the lesson's own)";
    }
    return NULL;
}

static void parse_line(Parser *ps, const Line *ln, Pending *pend)
{
    int problems_before = ps->count, steps_before = ps->l->nsteps;
    bool known = false;
    for (size_t k = 0; k < sizeof KEYWORDS / sizeof *KEYWORDS && !known; k++) {
        if (strlen(KEYWORDS[k].word) == ln->wlen && strncmp(ln->p, KEYWORDS[k].word, ln->wlen) == 0) {
            KEYWORDS[k].parse(ps, ln, pend);
            known = true;
        }
    }
    const char *refused = known ? NULL : refused_in_lessons(ln);
    if (refused != NULL) {
        parser_problem(ps, ln->lineno, ln->col, "%s", refused);
    } else if (!known && command_known(ln->p, ln->wlen)) {
        parser_add_step(ps, LS_COMMAND, ln->lineno, ln->col, ln->p);
    } else if (!known) {
        parser_problem(ps, ln->lineno, ln->col, "unknown command '%.*s' (see 'bpstep --batch -x help' and docs/lessons.md)",
                (int)(ln->wlen < 31 ? ln->wlen : 31), ln->p);
    }
    if (ps->count > problems_before && ps->l->nsteps > steps_before) {
        ps->l->steps[ps->l->nsteps - 1].broken = true;
    }
}

/* An inline net ends at the first line that is not indented. */
static void finish_net(Parser *ps, Pending *pend)
{
    if (pend->net != NULL) {
        int before = ps->count;
        parse_net_text(ps, pend->net, sb_str(&pend->net_text), NULL, pend->net_line);
        pend->net->broken = ps->count > before;
        sb_clear(&pend->net_text);
        pend->net = NULL;
    }
}

/* Indented lines continue a say (one paragraph) or an inline net. */
static bool continue_pending(Parser *ps, Pending *pend, bool indented, const char *p, int lineno)
{
    if (indented && *p != '\0' && *p != '#' && pend->choose != NULL) {
        choose_option(ps, pend->choose, p, lineno);
        return true;
    }
    if (indented && *p != '\0' && pend->net != NULL) {
        sb_printf(&pend->net_text, "%s\n", p);
        return true;
    }
    if (indented && *p != '\0' && *p != '#' && pend->say != NULL) {
        if (pend->say_cap == 0) {
            pend->say_len = strlen(pend->say->text);
            pend->say_cap = pend->say_len + 1;
        }
        append_text(pend->say, p, &pend->say_len, &pend->say_cap);
        return true;
    }
    return false;
}

void parser_lines(Parser *ps, char *text)
{
    char *cursor = text, *line;
    int lineno = 0;
    Pending pend = { NULL, 0, 0, NULL, { NULL, 0, 0, false }, 0, NULL };
    sb_init(&pend.net_text);
    while ((line = line_at(&cursor)) != NULL && ps->count <= LESSON_MAX_PROBLEMS) {
        lineno++;
        bool indented = line[0] == ' ' || line[0] == '\t';
        const char *p = line + strspn(line, " \t");
        if (continue_pending(ps, &pend, indented, p, lineno)) {
            continue;
        }
        finish_net(ps, &pend);
        choose_finish(ps, pend.choose);
        pend.say = NULL;
        pend.say_cap = 0;
        pend.choose = NULL;
        if (*p == '\0' || *p == '#') {
            continue;
        }
        Line ln = { lineno, (int)(p - line) + 1, 0, p, strcspn(p, " \t"), NULL };
        ln.args = p + ln.wlen + strspn(p + ln.wlen, " \t");
        ln.acol = ln.col + (int)(ln.args - p);
        parse_line(ps, &ln, &pend);
    }
    finish_net(ps, &pend);
    choose_finish(ps, pend.choose);
    sb_release(&pend.net_text);
}
