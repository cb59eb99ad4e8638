/* notation.h: the slides' notation. Equations are kept in a small LaTeX-like
 * markup (\xi, \sigma, \phi, \odot, \partial, ^{1,i}) and rendered as ASCII
 * (batch output, terminals without UTF-8), Unicode, or LaTeX.
 * Must not: print or exit. */
#ifndef BPSTEP_NOTATION_H
#define BPSTEP_NOTATION_H

#include <stddef.h>

typedef enum { NOTE_ASCII, NOTE_UNICODE } NoteStyle;

/* Renders src into out (always NUL-terminated). */
void notation_render(const char *src, NoteStyle style, char *out, size_t size);

#endif
