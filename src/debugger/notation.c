/* notation.c: rendering of the equation markup. Must not: print or exit. */
#include "notation.h"

#include <stdbool.h>
#include <string.h>

typedef struct {
    const char *macro;
    const char *ascii;
    const char *unicode;
} Symbol;

static const Symbol SYMBOLS[] = {
    { "\\partial", "d", "\u2202" }, { "\\xi", "xi", "\u03be" },     { "\\sigma", "sigma", "\u03c3" },
    { "\\phi", "phi", "\u03c6" },   { "\\odot", "(.)", "\u2299" },   { "\\sum", "sum", "\u03a3" },
    { "\\to", "->", "\u2192" },
};

static const char *superscript(char c)
{
    static const char *const digits[] = { "\u2070", "\u00b9", "\u00b2", "\u00b3", "\u2074",
                                          "\u2075", "\u2076", "\u2077", "\u2078", "\u2079" };
    if (c >= '0' && c <= '9') {
        return digits[c - '0'];
    }
    switch (c) {
    case 'i':
        return "\u2071";
    case 'T':
        return "\u1d40";
    case 'm':
        return "\u1d50";
    case '+':
        return "\u207a";
    case '-':
        return "\u207b";
    case ',':
        return ",";
    default:
        return NULL;
    }
}

typedef struct {
    char *out;
    size_t size;
    size_t len;
} Out;

static void put(Out *o, const char *s, size_t n)
{
    if (o->len + n + 1 > o->size) {
        n = o->size > o->len + 1 ? o->size - o->len - 1 : 0;
    }
    memcpy(o->out + o->len, s, n);
    o->len += n;
    o->out[o->len] = '\0';
}

/* ^{...} or ^x in Unicode: superscript characters when every one has one. */
static const char *render_sup(Out *o, const char *p)
{
    const char *start = p + 1, *end;
    if (*start == '{') {
        start++;
        end = strchr(start, '}');
        if (end == NULL) {
            put(o, p, 1);
            return p + 1;
        }
    } else {
        end = start + (*start != '\0');
    }
    bool all = end > start;
    for (const char *q = start; q < end; q++) {
        all = all && superscript(*q) != NULL;
    }
    if (!all) {
        put(o, p, 1);
        return p + 1;
    }
    for (const char *q = start; q < end; q++) {
        const char *s = superscript(*q);
        put(o, s, strlen(s));
    }
    return *end == '}' ? end + 1 : end;
}

void notation_render(const char *src, NoteStyle style, char *out, size_t size)
{
    Out o = { out, size, 0 };
    if (size == 0) {
        return;
    }
    out[0] = '\0';
    const char *p = src;
    while (*p != '\0') {
        bool done = false;
        if (*p == '\\') {
            for (size_t k = 0; k < sizeof SYMBOLS / sizeof *SYMBOLS; k++) {
                size_t n = strlen(SYMBOLS[k].macro);
                if (strncmp(p, SYMBOLS[k].macro, n) == 0) {
                    const char *s = style == NOTE_UNICODE ? SYMBOLS[k].unicode : SYMBOLS[k].ascii;
                    put(&o, s, strlen(s));
                    p += n;
                    done = true;
                    break;
                }
            }
        } else if (*p == '^' && style == NOTE_UNICODE) {
            p = render_sup(&o, p);
            done = true;
        }
        if (!done) {
            put(&o, p, 1);
            p++;
        }
    }
}
