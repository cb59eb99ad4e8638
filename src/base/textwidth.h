/* textwidth.h: how many terminal columns text takes, for every width
 * computation (wrapping, cutting with an ellipsis, padding, the status line,
 * recordings): East Asian wide and fullwidth characters take 2, combining
 * marks and zero-width characters 0, everything else 1. Its own table (the
 * Unicode 15 East Asian Width W/F ranges and the usual zero-width set),
 * not wcwidth(3), so the answer does not depend on the locale or the C
 * library. Must not: do I/O. */
#ifndef BPSTEP_TEXTWIDTH_H
#define BPSTEP_TEXTWIDTH_H

#include <stdbool.h>
#include <stdint.h>

/* 0, 1 or 2 columns for code point cp (controls count 1: they are shown
 * as '?' after diag_clean_text). */
int text_cp_width(uint32_t cp);
/* Decodes the UTF-8 sequence at *p, advancing *p; U+FFFD for bad bytes. */
uint32_t text_next_cp(const char **p);
/* Columns of a UTF-8 string. */
int text_width(const char *utf8);
/* Whether a line may break after cp without a space (after a wide
 * character: CJK text has no spaces between words). */
bool text_breaks_after(uint32_t cp);
/* Whether cp may begin a line: closing punctuation (，。、；：？！ and closing
 * brackets, full- or half-width) stays with the character before it. */
bool text_may_start_line(uint32_t cp);

#endif
