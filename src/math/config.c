/* config.c: reader for simpleNN's config syntax, with file:line diagnostics.
 * Must not: open files, print, or exit. */
#include "config.h"

#include <ctype.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

enum { MAX_VALUES = NET_MAX_LAYERS + 2 };

typedef struct {
    const char *name;
    int line;         /* where it was set; 0 = not set */
    int n;            /* how many numbers */
    long v[MAX_VALUES];
    char str[16];     /* for string values */
    bool is_string;
} Entry;

typedef struct {
    const char *p;
    int line;
    const char *line_start;
} Cursor;

static const char *const KEYS[] = {
    "L", "LC", "LF", "wd_input", "ht_input", "ch_input", "wd_pad_added",
    "wd_filter", "strides", "wd_subimage_pool", "full_neurons", "activation", "pool",
};
enum { NKEYS = sizeof KEYS / sizeof KEYS[0] };

static int col_of(const Cursor *c)
{
    return (int)(c->p - c->line_start) + 1;
}

/* Skips blanks, newlines and % comments. */
static void skip_space(Cursor *c)
{
    for (;;) {
        if (*c->p == '%') {
            while (*c->p != '\0' && *c->p != '\n') {
                c->p++;
            }
        } else if (*c->p == '\n') {
            c->p++;
            c->line++;
            c->line_start = c->p;
        } else if (isspace((unsigned char)*c->p)) {
            c->p++;
        } else {
            return;
        }
    }
}

static int parse_int(Cursor *c, long *out, Diag *d)
{
    const char *start = c->p;
    char *end = NULL;
    if (*c->p == '+' || *c->p == '-' || isdigit((unsigned char)*c->p)) {
        double v = strtod(c->p, &end);
        if (end != start) {
            if (v != (double)(long)v || v > 1e9 || v < -1e9) {
                diag_set(d, c->line, col_of(c), "expected a whole number of reasonable size, got '%.*s'",
                         (int)(end - start), start);
                return -1;
            }
            *out = (long)v;
            c->p = end;
            return 0;
        }
    }
    diag_set(d, c->line, col_of(c), "expected a number");
    return -1;
}

static int parse_value(Cursor *c, Entry *e, Diag *d)
{
    e->n = 0;
    e->is_string = false;
    if (*c->p == '\'' || *c->p == '"') {
        char quote = *c->p++;
        const char *start = c->p;
        while (*c->p != '\0' && *c->p != quote && *c->p != '\n') {
            c->p++;
        }
        if (*c->p != quote) {
            diag_set(d, c->line, col_of(c), "unterminated string");
            return -1;
        }
        size_t len = (size_t)(c->p - start);
        if (len >= sizeof e->str) {
            len = sizeof e->str - 1;
        }
        memcpy(e->str, start, len);
        e->str[len] = '\0';
        e->is_string = true;
        c->p++;
        return 0;
    }
    if (*c->p != '[') {
        e->n = 1;
        return parse_int(c, &e->v[0], d);
    }
    c->p++;
    for (;;) {
        skip_space(c);
        if (*c->p == ']') {
            c->p++;
            return 0;
        }
        if (e->n > 0 && (*c->p == ',' || *c->p == ';')) {
            c->p++;
            skip_space(c);
        }
        if (e->n >= MAX_VALUES) {
            diag_set(d, c->line, col_of(c), "too many values (at most %d layers)", NET_MAX_LAYERS);
            return -1;
        }
        if (*c->p == '\0') {
            diag_set(d, c->line, col_of(c), "missing ']'");
            return -1;
        }
        if (parse_int(c, &e->v[e->n], d) != 0) {
            return -1;
        }
        e->n++;
    }
}

static Entry *find_entry(Entry *entries, const char *name, size_t len)
{
    for (int i = 0; i < NKEYS; i++) {
        if (strlen(KEYS[i]) == len && strncmp(KEYS[i], name, len) == 0) {
            return &entries[i];
        }
    }
    return NULL;
}

static int lex_entries(Entry *entries, const char *text, int *last_line, Diag *d)
{
    Cursor c = { text, 1, text };
    for (;;) {
        skip_space(&c);
        if (*c.p == '\0') {
            break;
        }
        const char *name = c.p;
        int line = c.line, col = col_of(&c);
        while (isalnum((unsigned char)*c.p) || *c.p == '_') {
            c.p++;
        }
        size_t len = (size_t)(c.p - name);
        if (len == 0) {
            diag_set(d, c.line, col_of(&c), "expected a key such as 'wd_filter', got '%c'", *c.p);
            return -1;
        }
        Entry *e = find_entry(entries, name, len);
        if (e == NULL) {
            diag_set(d, line, col, "unknown key '%.*s'", (int)len, name);
            return -1;
        }
        if (e->line != 0) {
            diag_set(d, line, col, "'%s' is set twice (first on line %d)", e->name, e->line);
            return -1;
        }
        skip_space(&c);
        if (*c.p != '=') {
            diag_set(d, c.line, col_of(&c), "expected '=' after '%s'", e->name);
            return -1;
        }
        c.p++;
        skip_space(&c);
        if (parse_value(&c, e, d) != 0) {
            return -1;
        }
        e->line = line;
        skip_space(&c);
        if (*c.p != ';') {
            diag_set(d, c.line, col_of(&c), "expected ';' after the value of '%s'", e->name);
            return -1;
        }
        c.p++;
    }
    *last_line = c.line;
    return 0;
}

/* Copies a numeric entry of exactly want values into out. */
static int take(const Entry *e, int want, int *out, int fallback_line, Diag *d)
{
    if (e->line == 0) {
        diag_set(d, fallback_line, 0, "missing key '%s'", e->name);
        return -1;
    }
    if (e->is_string) {
        diag_set(d, e->line, 0, "'%s' must be a number or a vector, not a string", e->name);
        return -1;
    }
    if (want >= 0 && e->n != want) {
        diag_set(d, e->line, 0, "'%s' has %d value%s but the network needs %d", e->name, e->n,
                 e->n == 1 ? "" : "s", want);
        return -1;
    }
    for (int i = 0; i < e->n; i++) {
        out[i] = (int)e->v[i];
    }
    return 0;
}

static int take_string(const Entry *e, const char *const *names, int count, int *out, Diag *d)
{
    if (e->line == 0) {
        return 0; /* keep the default */
    }
    if (e->is_string) {
        for (int i = 0; i < count; i++) {
            if (strcmp(e->str, names[i]) == 0) {
                *out = i;
                return 0;
            }
        }
    }
    diag_set(d, e->line, 0, "'%s' must be one of '%s' ... '%s'", e->name, names[0], names[count - 1]);
    return -1;
}

int config_parse(NetSpec *spec, const char *text, Diag *d)
{
    Entry entries[NKEYS];
    memset(entries, 0, sizeof entries);
    for (int i = 0; i < NKEYS; i++) {
        entries[i].name = KEYS[i];
    }
    int last = 1;
    if (lex_entries(entries, text, &last, d) != 0) {
        return -1;
    }
    NetSpec s;
    memset(&s, 0, sizeof s);
    int lf = -1, one[1];
    if (take(&entries[0], 1, one, last, d) != 0) {
        return -1;
    }
    s.L = one[0];
    if (take(&entries[1], 1, one, last, d) != 0) {
        return -1;
    }
    s.LC = one[0];
    if (s.L < 1 || s.L > NET_MAX_LAYERS || s.LC < 0 || s.LC >= s.L) {
        diag_set(d, entries[0].line, 0, "need 0 <= LC < L <= %d (at least one fully-connected layer), got L = %d, LC = %d",
                 NET_MAX_LAYERS, s.L, s.LC);
        return -1;
    }
    if (entries[2].line != 0) {
        if (take(&entries[2], 1, one, last, d) != 0) {
            return -1;
        }
        lf = one[0];
        if (lf != s.L - s.LC) {
            diag_set(d, entries[2].line, 0, "LF = %d but L - LC = %d", lf, s.L - s.LC);
            return -1;
        }
    }
    int a[MAX_VALUES];
    /* wd_input / ht_input: simpleNN writes a scalar or a vector whose first value counts */
    if (take(&entries[3], -1, a, last, d) != 0) {
        return -1;
    }
    s.wd_input = a[0];
    if (take(&entries[4], -1, a, last, d) != 0) {
        return -1;
    }
    s.ht_input = a[0];
    if (entries[3].n < 1 || entries[4].n < 1) {
        diag_set(d, entries[entries[3].n < 1 ? 3 : 4].line, 0, "the input size is empty");
        return -1;
    }
    if (take(&entries[5], s.LC + 1, s.ch, last, d) != 0 ||
        take(&entries[6], s.LC, s.pad, last, d) != 0 ||
        take(&entries[7], s.LC, s.filter, last, d) != 0 ||
        take(&entries[8], s.LC, s.stride, last, d) != 0 ||
        take(&entries[9], s.LC, s.pool, last, d) != 0 ||
        take(&entries[10], s.L - s.LC, s.full, last, d) != 0) {
        return -1;
    }
    static const char *const acts[] = { "relu", "leaky", "tanh", "sigmoid" };
    static const char *const pools[] = { "max", "avg" };
    int act = ACT_RELU, pool = POOL_MAX;
    if (take_string(&entries[11], acts, 4, &act, d) != 0 ||
        take_string(&entries[12], pools, 2, &pool, d) != 0) {
        return -1;
    }
    s.act = (Activation)act;
    s.pool_mode = (PoolMode)pool;
    /* Size problems are reported at the line of the key most likely at fault. */
    int lines[CONFIG_NKEY_LINES] = { entries[3].line, entries[5].line, entries[6].line,
                                     entries[7].line, entries[8].line, entries[9].line,
                                     entries[10].line };
    if (config_validate(&s, lines, d) != 0) {
        return -1;
    }
    *spec = s;
    return 0;
}

static int fail(Diag *d, const int *key_lines, int key, const char *fmt, ...) DIAG_PRINTF(4, 5);

static int fail(Diag *d, const int *key_lines, int key, const char *fmt, ...)
{
    char msg[200];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    diag_set(d, key_lines != NULL ? key_lines[key] : 0, 0, "%s", msg);
    return -1;
}

int config_validate(const NetSpec *s, const int *key_lines, Diag *d)
{
    const int *line = key_lines;
    int64_t a = s->ht_input, b = s->wd_input, total = 0;
    if (a <= 0 || b <= 0) {
        return fail(d, line, K_INPUT, "the input size must be positive (layer %d)", 1);
    }
    for (int m = 1; m <= s->LC + 1; m++) {
        if (s->ch[m - 1] <= 0) {
            return fail(d, line, K_CH, "ch_input must be positive (entry %d)", m);
        }
    }
    for (int m = 1; m <= s->LC; m++) {
        int i = m - 1;
        if (s->pad[i] < 0) {
            return fail(d, line, K_PAD, "wd_pad_added must not be negative (layer %d)", m);
        }
        if (s->filter[i] <= 0) {
            return fail(d, line, K_FILTER, "wd_filter must be positive (layer %d)", m);
        }
        if (s->stride[i] <= 0) {
            return fail(d, line, K_STRIDE, "strides must be positive (layer %d)", m);
        }
        if (s->pool[i] <= 0) {
            return fail(d, line, K_POOL, "wd_subimage_pool must be positive (layer %d)", m);
        }
        int64_t ap = a + 2 * (int64_t)s->pad[i], bp = b + 2 * (int64_t)s->pad[i];
        if (s->filter[i] > ap || s->filter[i] > bp) {
            return fail(d, line, K_FILTER, "the filter of layer %d is larger than its padded input", m);
        }
        int64_t ac = (ap - s->filter[i]) / s->stride[i] + 1;
        int64_t bc = (bp - s->filter[i]) / s->stride[i] + 1;
        if (s->pool[i] > ac || s->pool[i] > bc) {
            return fail(d, line, K_POOL, "the pooling window of layer %d is larger than its feature map", m);
        }
        int64_t hhd = (int64_t)s->filter[i] * s->filter[i] * s->ch[i];
        /* every value of the pass is kept: Z, pad(Z), phi, S, sigma(S) and their gradients */
        total += 2 * ((int64_t)s->ch[i] * (a * b + ap * bp) + hhd * ac * bc + hhd * s->ch[m]) +
                 3 * (int64_t)s->ch[m] * ac * bc;
        if (hhd * ac * bc > NET_MAX_ENTRIES || (int64_t)s->ch[i] * ap * bp > NET_MAX_ENTRIES ||
            (int64_t)s->ch[m] * ac * bc > NET_MAX_ENTRIES || hhd * s->ch[m] > NET_MAX_ENTRIES) {
            return fail(d, line, K_INPUT, "layer %d is too large (a matrix would exceed 2^27 entries)", m);
        }
        a = ac / s->pool[i];
        b = bc / s->pool[i];
    }
    int64_t n = (int64_t)s->ch[s->LC] * a * b;
    for (int m = s->LC + 1; m <= s->L; m++) {
        int64_t out = s->full[m - s->LC - 1];
        if (out <= 0) {
            return fail(d, line, K_FULL, "full_neurons must be positive (layer %d)", m);
        }
        if (n * out > NET_MAX_ENTRIES) {
            return fail(d, line, K_FULL, "layer %d is too large (its weight matrix would exceed 2^27 entries)", m);
        }
        total += 2 * (n * out + n + out);
        n = out;
    }
    if (total > NET_MAX_TOTAL) {
        return fail(d, line, K_INPUT, "the network would need about %d MiB for one pass; bpstep allows 2048 MiB",
                    (int)(total / (1024 * 1024 / 8)));
    }
    return 0;
}
