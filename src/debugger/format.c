/* format.c: matrix printers. Must not: print or exit. */
#include "format.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

int fmt_decimals(const Matrix *m, int max_decimals)
{
    int need = 0;
    for (size_t k = 0; k < mat_count(m); k++) {
        double x = m->data[k];
        if (!isfinite(x)) {
            continue;
        }
        if (fabs(x) >= 1e9 || (x != 0.0 && fabs(x) < 1e-4)) {
            return -1;
        }
        int d = 0;
        double scale = 1.0;
        while (d <= max_decimals && fabs(x * scale - nearbyint(x * scale)) > 1e-9 * fmax(1.0, fabs(x * scale))) {
            d++;
            scale *= 10.0;
        }
        if (d > max_decimals) {
            return -1;
        }
        if (d > need) {
            need = d;
        }
    }
    return need;
}

void fmt_number(char *buf, size_t size, double x, int decimals)
{
    if (!isfinite(x)) {
        /* one spelling whatever the C library prints ("-nan", "inf") */
        snprintf(buf, size, "%s", isnan(x) ? "NaN" : x > 0 ? "Inf" : "-Inf");
        return;
    }
    if (x == 0.0) {
        x = 0.0; /* -0 prints as 0 */
    }
    if (decimals < 0) {
        snprintf(buf, size, "%.6g", x);
        return;
    }
    /* a nonzero value never prints as 0: more decimals until a digit shows */
    for (int d = decimals; d <= 12; d++) {
        snprintf(buf, size, "%.*f", d, x);
        if (x == 0.0 || strspn(buf + (buf[0] == '-'), "0.") != strlen(buf + (buf[0] == '-'))) {
            break;
        }
    }
    if (buf[0] == '-' && strspn(buf + 1, "0.") == strlen(buf + 1)) {
        memmove(buf, buf + 1, strlen(buf)); /* no "-0" on screen */
    }
}

static void fmt_text(StrBuf *sb, const Matrix *m)
{
    int decimals = fmt_decimals(m, 4);
    int width = 1;
    char num[64];
    for (size_t k = 0; k < mat_count(m); k++) {
        fmt_number(num, sizeof num, m->data[k], decimals);
        int len = (int)strlen(num);
        if (len > width) {
            width = len;
        }
    }
    for (int i = 0; i < m->rows; i++) {
        for (int j = 0; j < m->cols; j++) {
            fmt_number(num, sizeof num, MAT_AT(*m, i, j), decimals);
            sb_printf(sb, "  %*s", width, num);
        }
        sb_append(sb, "\n");
    }
}

void fmt_matrix(StrBuf *sb, const Matrix *m, MatFormat format)
{
    fmt_matrix_digits(sb, m, format, -1);
}

void fmt_matrix_digits(StrBuf *sb, const Matrix *m, MatFormat format, int digits)
{
    switch (format) {
    case FMT_TEXT:
        fmt_text(sb, m);
        break;
    case FMT_CSV:
        for (int i = 0; i < m->rows; i++) {
            for (int j = 0; j < m->cols; j++) {
                sb_printf(sb, "%s%.17g", j == 0 ? "" : ",", MAT_AT(*m, i, j));
            }
            sb_append(sb, "\n");
        }
        break;
    case FMT_LATEX: {
        int decimals = digits >= 0 ? digits : fmt_decimals(m, 6);
        char num[64];
        sb_append(sb, "\\begin{bmatrix}\n");
        for (int i = 0; i < m->rows; i++) {
            for (int j = 0; j < m->cols; j++) {
                fmt_number(num, sizeof num, MAT_AT(*m, i, j), decimals);
                sb_printf(sb, "%s%s", j == 0 ? "  " : " & ", num);
            }
            sb_append(sb, i + 1 < m->rows ? " \\\\\n" : "\n");
        }
        sb_append(sb, "\\end{bmatrix}\n");
        break;
    }
    }
}

void fmt_compact(StrBuf *sb, const Matrix *m, int max_entries)
{
    /* a MATLAB literal, rows separated by ';', as the slides write matrices */
    int decimals = fmt_decimals(m, 4), shown = 0;
    char num[64];
    sb_append(sb, "[");
    for (int i = 0; i < m->rows; i++) {
        for (int j = 0; j < m->cols; j++) {
            if (shown == max_entries) {
                sb_printf(sb, " ... (%d x %d)]", m->rows, m->cols);
                return;
            }
            fmt_number(num, sizeof num, MAT_AT(*m, i, j), decimals);
            sb_printf(sb, "%s%s", j > 0 ? " " : i > 0 ? "; " : "", num);
            shown++;
        }
    }
    sb_append(sb, "]");
}
