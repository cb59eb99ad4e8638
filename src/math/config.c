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
    int line, col; /* 1-based; line 0 = not known */
} Pos;

typedef struct {
    const char *name;
    int line;         /* where it was set; 0 = not set */
    Pos key;          /* where its name stands */
    int n;            /* how many numbers */
    long v[MAX_VALUES];
    Pos at[MAX_VALUES]; /* where each number stands */
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
            /* the range test comes first: casting inf, nan or 1e19 to long is undefined */
            if (!(v >= -1e9 && v <= 1e9) || v != (double)(long)v) {
                diag_set(d, c->line, col_of(c), "expected a whole number of reasonable size, got '%.*s'",
                         (int)(end - start > 40 ? 40 : end - start), start);
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

/* A quoted string value ('...' or "..."), kept cut to e->str's size. */
static int parse_string(Cursor *c, Entry *e, Diag *d)
{
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

static int parse_value(Cursor *c, Entry *e, Diag *d)
{
    e->n = 0;
    e->is_string = false;
    if (*c->p == '\'' || *c->p == '"') {
        return parse_string(c, e, d);
    }
    if (*c->p != '[') {
        e->n = 1;
        e->at[0] = (Pos){ c->line, col_of(c) };
        return parse_int(c, &e->v[0], d);
    }
    Pos open = { c->line, col_of(c) };
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
        if (*c->p == '\0') {
            /* point at the bracket that was never closed, not at the end of the file */
            diag_set(d, open.line, open.col, "this '[' is never closed (missing ']')");
            return -1;
        }
        if (e->n >= MAX_VALUES) {
            diag_set(d, c->line, col_of(c), "too many values (at most %d layers)", NET_MAX_LAYERS);
            return -1;
        }
        e->at[e->n] = (Pos){ c->line, col_of(c) };
        if (parse_int(c, &e->v[e->n], d) != 0) {
            if (c->line > open.line && !isdigit((unsigned char)*c->p) && *c->p != '+' && *c->p != '-') {
                /* the vector ran into the next line's key: the ']' is what is missing */
                diag_set(d, open.line, open.col, "this '[' is never closed (missing ']')");
            }
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
        e->key = (Pos){ line, col };
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
        diag_set(d, e->key.line, e->key.col, "'%s' must be a number or a vector, not a string", e->name);
        return -1;
    }
    if (want >= 0 && e->n != want) {
        diag_set(d, e->key.line, e->key.col, "'%s' has %d value%s but the network needs %d", e->name, e->n,
                 e->n == 1 ? "" : "s", want);
        return -1;
    }
    for (int i = 0; i < e->n; i++) {
        out[i] = (int)e->v[i]; /* parse_int keeps every value within +/-1e9 */
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
    diag_set(d, e->key.line, e->key.col, "'%s' must be one of '%s' ... '%s'", e->name, names[0],
             names[count - 1]);
    return -1;
}

/* L, LC and the optional LF. */
static int take_depth(const Entry *entries, NetSpec *s, int last, Diag *d)
{
    int one[1];
    if (take(&entries[0], 1, one, last, d) != 0) {
        return -1;
    }
    s->L = one[0];
    if (take(&entries[1], 1, one, last, d) != 0) {
        return -1;
    }
    s->LC = one[0];
    if (s->L < 1 || s->L > NET_MAX_LAYERS || s->LC < 0 || s->LC >= s->L) {
        diag_set(d, entries[0].key.line, entries[0].key.col,
                 "need 0 <= LC < L <= %d (at least one fully-connected layer), got L = %d, LC = %d", NET_MAX_LAYERS,
                 s->L, s->LC);
        return -1;
    }
    if (entries[2].line != 0) {
        if (take(&entries[2], 1, one, last, d) != 0) {
            return -1;
        }
        if (one[0] != s->L - s->LC) {
            diag_set(d, entries[2].key.line, entries[2].key.col, "LF = %d but L - LC = %d", one[0], s->L - s->LC);
            return -1;
        }
    }
    return 0;
}

/* The input size, the per-layer vectors, the activation and the pooling. */
static int take_sizes(const Entry *entries, NetSpec *s, int last, Diag *d)
{
    int a[MAX_VALUES] = { 0 };
    /* wd_input / ht_input: simpleNN writes a scalar or a vector whose first value counts */
    for (int k = 3; k <= 4; k++) {
        if (take(&entries[k], -1, a, last, d) != 0) {
            return -1;
        }
        if (entries[k].n < 1) {
            diag_set(d, entries[k].key.line, entries[k].key.col, "the input size is empty");
            return -1;
        }
        *(k == 3 ? &s->wd_input : &s->ht_input) = a[0];
    }
    if (take(&entries[5], s->LC + 1, s->ch, last, d) != 0 || take(&entries[6], s->LC, s->pad, last, d) != 0 ||
        take(&entries[7], s->LC, s->filter, last, d) != 0 || take(&entries[8], s->LC, s->stride, last, d) != 0 ||
        take(&entries[9], s->LC, s->pool, last, d) != 0 || take(&entries[10], s->L - s->LC, s->full, last, d) != 0) {
        return -1;
    }
    static const char *const pools[] = { "max", "avg" };
    int pool = POOL_MAX;
    s->act = ACT_RELU;
    const Entry *act = &entries[11];
    if (act->line != 0 && (!act->is_string || act_parse(act->str, &s->act) != 0)) {
        diag_set(d, act->key.line, act->key.col, "'activation' must be one of 'relu', 'leaky', 'tanh', 'sigmoid'");
        return -1;
    }
    if (take_string(&entries[12], pools, 2, &pool, d) != 0) {
        return -1;
    }
    s->pool_mode = (PoolMode)pool;
    return 0;
}

/* Where each size key and value stands, so a size problem names its place. */
static void positions(const Entry *entries, ConfigPos where[CONFIG_NKEYS])
{
    static const int key_of[CONFIG_NKEYS] = { 3, 5, 6, 7, 8, 9, 10 };
    for (int k = 0; k < CONFIG_NKEYS; k++) {
        const Entry *e = &entries[key_of[k]];
        where[k].line = e->key.line;
        where[k].col = e->key.col;
        for (int i = 0; i < MAX_VALUES; i++) {
            where[k].value[i] = i < e->n ? (ConfigValuePos){ e->at[i].line, e->at[i].col }
                                         : (ConfigValuePos){ e->key.line, e->key.col };
        }
    }
}

int config_parse(NetSpec *spec, const char *text, Diag *d)
{
    Entry entries[NKEYS];
    memset(entries, 0, sizeof entries);
    for (int i = 0; i < NKEYS; i++) {
        entries[i].name = KEYS[i];
    }
    int last = 1;
    NetSpec s;
    memset(&s, 0, sizeof s);
    if (lex_entries(entries, text, &last, d) != 0 || take_depth(entries, &s, last, d) != 0 ||
        take_sizes(entries, &s, last, d) != 0) {
        return -1;
    }
    ConfigPos where[CONFIG_NKEYS];
    positions(entries, where);
    if (config_validate(&s, where, d) != 0) {
        return -1;
    }
    *spec = s;
    return 0;
}

/* Saturating arithmetic on sizes: a product that would overflow becomes
 * INT64_MAX, which every limit below then refuses. */
static int64_t mul(int64_t a, int64_t b)
{
    int64_t r;
    return __builtin_mul_overflow(a, b, &r) ? INT64_MAX : r;
}

static int64_t add(int64_t a, int64_t b)
{
    int64_t r;
    return __builtin_add_overflow(a, b, &r) ? INT64_MAX : r;
}

static int64_t mul3(int64_t a, int64_t b, int64_t c)
{
    return mul(mul(a, b), c);
}

static int fail(Diag *d, const ConfigPos *where, int key, int index, const char *fmt, ...) DIAG_PRINTF(5, 6);

/* Reports at value `index` of key (or at the key when index < 0). */
static int fail(Diag *d, const ConfigPos *where, int key, int index, const char *fmt, ...)
{
    char msg[200];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    int line = 0, col = 0;
    if (where != NULL) {
        line = index >= 0 ? where[key].value[index].line : where[key].line;
        col = index >= 0 ? where[key].value[index].col : where[key].col;
    }
    diag_set(d, line, col, "%s", msg);
    return -1;
}

/* Sizes of conv layer i (0-based) entering with an a x b map; false when a
 * derived size is not positive. */
static void conv_sizes(const NetSpec *s, int i, int64_t a, int64_t b, ConvGeom64 *g)
{
    g->d = s->ch[i];
    g->dout = s->ch[i + 1];
    g->a = a;
    g->b = b;
    g->ap = a + 2 * (int64_t)s->pad[i];
    g->bp = b + 2 * (int64_t)s->pad[i];
    g->hhd = mul3(s->filter[i], s->filter[i], s->ch[i]);
    g->ac = g->ap >= s->filter[i] ? (g->ap - s->filter[i]) / s->stride[i] + 1 : 0;
    g->bc = g->bp >= s->filter[i] ? (g->bp - s->filter[i]) / s->stride[i] + 1 : 0;
    g->ao = g->ac / s->pool[i];
    g->bo = g->bc / s->pool[i];
}

/* Every matrix net_new allocates, in doubles, with the same shapes (net.c
 * add_all_values); test_net checks that the two agree exactly. */
static int64_t pass_doubles(const NetSpec *s, int64_t *flops, int64_t *largest)
{
    int64_t total = 0, a = s->ht_input, b = s->wd_input, fl = 0, big = 0;
#define COUNT(x) do { int64_t x_ = (x); total = add(total, x_); big = x_ > big ? x_ : big; } while (0)
    COUNT(mul3(s->ch[0], a, b));     /* Z1 */
    COUNT(mul3(s->ch[0], a, b));     /* dZ1 */
    for (int i = 0; i < s->LC; i++) {
        ConvGeom64 g;
        conv_sizes(s, i, a, b, &g);
        int64_t maps_in = mul3(g.d, g.ap, g.bp), phi = mul3(g.hhd, g.ac, g.bc);
        int64_t maps_out = mul3(g.dout, g.ac, g.bc), pooled = mul3(g.dout, g.ao, g.bo);
        COUNT(maps_in);                      /* pad(Z), dpad */
        COUNT(maps_in);
        COUNT(phi);                          /* phi, dphi */
        COUNT(phi);
        COUNT(mul(g.dout, g.hhd));           /* W, dW */
        COUNT(mul(g.dout, g.hhd));
        COUNT(2 * (int64_t)g.dout);          /* b, db */
        COUNT(maps_out);                     /* S, sigma(S), dS */
        COUNT(maps_out);
        COUNT(maps_out);
        COUNT(pooled);                       /* Z^{m+1}, dZ^{m+1} */
        COUNT(pooled);
        /* S = W phi forward, dW = dS phi^T and dphi = W^T dS backward */
        fl = add(fl, mul(6, mul(g.dout, phi)));
        a = g.ao;
        b = g.bo;
    }
    int64_t n = mul3(s->ch[s->LC], a, b);
    COUNT(n); /* z^{LC+1} = vec(Z^{LC+1}) and its gradient */
    COUNT(n);
    for (int m = s->LC + 1; m <= s->L; m++) {
        int64_t out = s->full[m - s->LC - 1];
        COUNT(mul(n, out));       /* W, dW */
        COUNT(mul(n, out));
        COUNT(4 * out);           /* b, db, s, ds */
        if (m < s->L) {
            COUNT(2 * out);       /* z^{m+1}, dz^{m+1} */
        }
        fl = add(fl, mul(6, mul(n, out)));
        n = out;
    }
    COUNT(n + 1); /* y and the loss */
#undef COUNT
    *flops = fl;
    *largest = big;
    return total;
}

int64_t config_dwt_entries(const NetSpec *s)
{
    int64_t most = 0, a = s->ht_input, b = s->wd_input;
    for (int i = 0; i < s->LC; i++) {
        ConvGeom64 g;
        conv_sizes(s, i, a, b, &g);
        int64_t dw = mul(g.dout, g.hhd);
        if (conv_dw_transposed(g.dout, g.hhd, mul(g.ac, g.bc)) && dw > most) {
            most = dw;
        }
        a = g.ao;
        b = g.bo;
    }
    return most;
}

int64_t config_pass_bytes(const NetSpec *s)
{
    int64_t flops, largest, ints = 0, a = s->ht_input, b = s->wd_input;
    for (int i = 0; i < s->LC; i++) {
        ConvGeom64 g;
        conv_sizes(s, i, a, b, &g);
        ints = add(ints, add(mul3(g.dout, g.ao, g.bo), 1)); /* P_pool as an index list */
        a = g.ao;
        b = g.bo;
    }
    int64_t doubles = add(pass_doubles(s, &flops, &largest), config_dwt_entries(s));
    return add(mul(doubles, (int64_t)sizeof(double)), mul(ints, (int64_t)sizeof(int)));
}

int64_t config_pass_flops(const NetSpec *s)
{
    int64_t flops, largest;
    pass_doubles(s, &flops, &largest);
    return flops;
}

static bool too_big(int64_t entries)
{
    return entries > NET_MAX_ENTRIES;
}

/* Conv layer m = i+1, entering with an a x b map; *a, *b become its output's. */
static int check_conv_layer(const NetSpec *s, int i, int64_t *a, int64_t *b, const ConfigPos *where, Diag *d)
{
    int m = i + 1;
    if (s->pad[i] < 0) {
        return fail(d, where, K_PAD, i, "wd_pad_added must not be negative (layer %d)", m);
    }
    if (s->filter[i] <= 0) {
        return fail(d, where, K_FILTER, i, "wd_filter must be positive (layer %d)", m);
    }
    if (s->stride[i] <= 0) {
        return fail(d, where, K_STRIDE, i, "strides must be positive (layer %d)", m);
    }
    if (s->pool[i] <= 0) {
        return fail(d, where, K_POOL, i, "wd_subimage_pool must be positive (layer %d)", m);
    }
    ConvGeom64 g;
    conv_sizes(s, i, *a, *b, &g);
    if (s->filter[i] > g.ap || s->filter[i] > g.bp) {
        return fail(d, where, K_FILTER, i, "the filter of layer %d (%d) is larger than its padded input (%lld x %lld)",
                    m, s->filter[i], (long long)g.ap, (long long)g.bp);
    }
    if (s->pool[i] > g.ac || s->pool[i] > g.bc) {
        return fail(d, where, K_POOL, i, "the pooling window of layer %d (%d) is larger than its feature map (%lld x %lld)",
                    m, s->pool[i], (long long)g.ac, (long long)g.bc);
    }
    if (too_big(mul3(g.hhd, g.ac, g.bc)) || too_big(mul3(g.d, g.ap, g.bp)) || too_big(mul3(g.dout, g.ac, g.bc)) ||
        too_big(mul(g.hhd, g.dout)) || too_big(mul3(g.d, g.a, g.b))) {
        return fail(d, where, m == 1 ? K_INPUT : K_CH, m == 1 ? 0 : i,
                    "layer %d is too large (a matrix would exceed 2^27 entries)", m);
    }
    *a = g.ao;
    *b = g.bo;
    return 0;
}

int config_validate(const NetSpec *s, const ConfigPos *where, Diag *d)
{
    int64_t a = s->ht_input, b = s->wd_input;
    if (a <= 0 || b <= 0) {
        return fail(d, where, K_INPUT, 0, "the input size must be positive");
    }
    for (int m = 1; m <= s->LC + 1; m++) {
        if (s->ch[m - 1] <= 0) {
            return fail(d, where, K_CH, m - 1, "ch_input must be positive (entry %d)", m);
        }
    }
    for (int i = 0; i < s->LC; i++) {
        if (check_conv_layer(s, i, &a, &b, where, d) != 0) {
            return -1;
        }
    }
    int64_t n = mul3(s->ch[s->LC], a, b);
    if (too_big(n)) {
        return fail(d, where, K_INPUT, 0, "the input of layer %d is too large (over 2^27 entries)", s->LC + 1);
    }
    for (int m = s->LC + 1; m <= s->L; m++) {
        int64_t out = s->full[m - s->LC - 1];
        if (out <= 0) {
            return fail(d, where, K_FULL, m - s->LC - 1, "full_neurons must be positive (layer %d)", m);
        }
        if (too_big(mul(n, out))) {
            return fail(d, where, K_FULL, m - s->LC - 1,
                        "layer %d is too large (its weight matrix would exceed 2^27 entries)", m);
        }
        n = out;
    }
    int64_t bytes = config_pass_bytes(s);
    if (bytes > NET_MAX_BYTES) {
        return fail(d, where, K_INPUT, 0, "the network would need %lld MiB for one pass; bpstep allows %lld MiB",
                    (long long)(bytes >> 20), (long long)(NET_MAX_BYTES >> 20));
    }
    int64_t flops = config_pass_flops(s);
    if (flops > NET_MAX_FLOPS) {
        return fail(d, where, K_INPUT, 0,
                    "one pass of this network would take %.1f GFLOP; bpstep allows %.1f (docs/limits.md)",
                    (double)flops / 1e9, (double)NET_MAX_FLOPS / 1e9);
    }
    return 0;
}
