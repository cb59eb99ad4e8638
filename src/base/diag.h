/* diag.h: a caller-supplied diagnostic for recoverable errors (bad file, bad
 * command, bad shape): where it happened and a one-line message.
 * Must not: print or exit; the outer ring decides how to show it. */
#ifndef BPSTEP_DIAG_H
#define BPSTEP_DIAG_H

#include <stdbool.h>

/* What kind of problem, for code that must tell some apart without reading
 * the message: a value not computed yet at the position (fine for an
 * expression kept for later), a dataset this machine lacks. */
typedef enum { DIAG_PLAIN, DIAG_NOT_COMPUTED, DIAG_MISSING_DATA } DiagKind;

typedef struct {
    char file[256]; /* "" when the input is not a file */
    int line;       /* 1-based, 0 = unknown */
    int col;        /* 1-based, 0 = unknown */
    char msg[256];
    DiagKind kind;  /* DIAG_PLAIN unless diag_mark said otherwise */
} Diag;

#if defined(__GNUC__)
#define DIAG_PRINTF(a, b) __attribute__((format(printf, a, b)))
#else
#define DIAG_PRINTF(a, b)
#endif

void diag_clear(Diag *d);
/* Fills d (when not NULL) with the position and a printf-style message. */
void diag_set(Diag *d, int line, int col, const char *fmt, ...) DIAG_PRINTF(4, 5);
/* Says what kind of problem d is (after diag_set, which makes it plain). */
void diag_mark(Diag *d, DiagKind kind);
/* "file:line:col: msg" (parts that are unknown are left out) into buf. */
/* Length (1-4) of the valid UTF-8 character at text, with its code point in
 * *cp; 0 for an invalid, overlong or surrogate sequence. */
int diag_utf8_char(const char *text, unsigned *cp);

/* Makes text safe to show on a terminal, in place: invalid UTF-8, control
 * characters (C0, C1, DEL, ESC) and bidi overrides each become '?', a tab a
 * space; newlines stay when keep_newlines. */
void diag_clean_text(char *s, bool keep_newlines);

void diag_format(const Diag *d, char *buf, int size);

#endif
