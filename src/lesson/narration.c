/* narration.c: what a lesson says: live values in its text (${EXPR},
 * ${EXPR:%.4g}) and how long a class needs to read it.
 * Must not: talk to the terminal. */
#include <ctype.h>
#include <stdio.h>
#include <string.h>

#include "../base/textwidth.h"
#include "../debugger/expr.h"
#include "../debugger/format.h"
#include "lesson_internal.h"

/* A number format: %[width][.precision](g|f|e), width and precision at most
 * two digits each; the conversion is never handed to printf as given. */
typedef struct {
    int width, precision;
    char conv;
} NumberFormat;

static bool number_format(const char *f, NumberFormat *nf)
{
    nf->width = 0;
    nf->precision = -1;
    if (f[0] != '%') {
        return false;
    }
    f++;
    for (int d = 0; d < 2 && isdigit((unsigned char)*f); d++) {
        nf->width = nf->width * 10 + (*f++ - '0');
    }
    if (*f == '.') {
        f++;
        if (!isdigit((unsigned char)*f)) {
            return false;
        }
        nf->precision = 0;
        for (int d = 0; d < 2 && isdigit((unsigned char)*f); d++) {
            nf->precision = nf->precision * 10 + (*f++ - '0');
        }
    }
    nf->conv = *f;
    return (nf->conv == 'g' || nf->conv == 'f' || nf->conv == 'e') && f[1] == '\0';
}

static void format_number(char *buf, size_t size, const NumberFormat *nf, double x)
{
    int prec = nf->precision >= 0 ? nf->precision : 6;
    if (nf->conv == 'f') {
        snprintf(buf, size, "%*.*f", nf->width, prec, x);
    } else if (nf->conv == 'e') {
        snprintf(buf, size, "%*.*e", nf->width, prec, x);
    } else {
        snprintf(buf, size, "%*.*g", nf->width, prec, x);
    }
}

/* The value as narration shows it: a number, or a MATLAB literal (rows
 * separated by ';', at most 16 entries, then its size). */
static void write_value(StrBuf *out, const Matrix *m, const NumberFormat *nf)
{
    char num[2048]; /* %99.99f of the largest double fits */
    if (nf == NULL) {
        if (m->rows == 1 && m->cols == 1) {
            fmt_number(num, sizeof num, m->data[0], -1);
            sb_append(out, num);
        } else {
            fmt_compact(out, m, 16);
        }
        return;
    }
    bool one = m->rows == 1 && m->cols == 1;
    sb_append(out, one ? "" : "[");
    for (int i = 0; i < m->rows; i++) {
        for (int j = 0; j < m->cols; j++) {
            if (i * m->cols + j == 16) {
                sb_printf(out, " ... (%d x %d)]", m->rows, m->cols);
                return;
            }
            format_number(num, sizeof num, nf, MAT_AT(*m, i, j));
            sb_printf(out, "%s%s", j > 0 ? " " : i > 0 ? "; " : "", num);
        }
    }
    sb_append(out, one ? "" : "]");
}

/* The value of ${EXPR[:FMT]} (EXPR from start to close) written to out: 0;
 * -1 with d's message when it cannot be shown. expr gets EXPR. */
static int expand_one(const Engine *e, const char *start, const char *close, StrBuf *out, char *expr, size_t esize,
                      Diag *d)
{
    snprintf(expr, esize, "%.*s", (int)(close - start), start);
    char *colon = strrchr(expr, ':');
    const char *fmt = NULL;
    NumberFormat nf = { 0, -1, 'g' };
    if (colon != NULL && colon[1] == '%') {
        *colon = '\0';
        fmt = colon + 1;
    }
    ExprResult r;
    diag_clear(d);
    if (fmt != NULL && !number_format(fmt, &nf)) {
        snprintf(d->msg, sizeof d->msg, "'%.40s' is not a number format (%%.4g, %%8.3f, %%.2e)", fmt);
    } else if (e != NULL && expr_eval(e, expr, 0, &r, d) == 0) {
        write_value(out, &r.m, fmt != NULL ? &nf : NULL);
        mat_release(&r.m);
        return 0;
    } else if (e == NULL) {
        snprintf(d->msg, sizeof d->msg, "no network yet");
    }
    return -1;
}

int narration_expand(const Engine *e, const char *text, StrBuf *out, char *why, size_t size, int *col)
{
    int rc = 0;
    for (const char *p = text; *p != '\0';) {
        if (p[0] != '$' || p[1] != '{') {
            bool escaped = p[0] == '$' && p[1] == '$' && p[2] == '{'; /* $${ writes ${ */
            sb_appendn(out, escaped ? "${" : p, escaped ? 2 : 1);
            p += escaped ? 3 : 1;
            continue;
        }
        const char *start = p + 2, *close = strchr(start, '}');
        if (close == NULL || close - start > 480) {
            if (rc == 0) {
                snprintf(why, size, "this '${' is never closed with '}' (a live value is ${EXPR} or ${EXPR:%%.4g})");
                *col = (int)(p - text) + 1;
            }
            sb_append(out, p);
            return -1;
        }
        char expr[512];
        Diag d;
        if (expand_one(e, start, close, out, expr, sizeof expr, &d) == 0) {
            p = close + 1;
            continue;
        }
        if (rc == 0) {
            snprintf(why, size, "${%.100s}: %s", expr, d.msg);
            *col = (int)(start - text) + 1;
            rc = -1;
        }
        sb_appendn(out, p, (size_t)(close + 1 - p)); /* shown as written, and reported */
        p = close + 1;
    }
    return rc;
}

double player_pace(const LessonPlayer *p, double base)
{
    /* words, where a wide (CJK) character counts as half a word: Chinese has
     * no spaces, and a reader takes in about two characters in a word's time */
    double words = 0.0;
    bool in_word = false;
    for (const char *c = sb_str(&p->narration); *c != '\0';) {
        uint32_t cp = text_next_cp(&c);
        if (text_cp_width(cp) == 2) {
            words += 0.5;
            in_word = false;
            continue;
        }
        bool letter = cp != ' ' && cp != '\n' && cp != '\t';
        words += letter && !in_word ? 1.0 : 0.0;
        in_word = letter;
    }
    double t = base * words / 20.0;
    return t > base ? t : base;
}
