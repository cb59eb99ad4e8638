/* lesson_report.c: how a lesson's problems are written: one printable line
 * each, shared by the parser, the steps (lesson_player.c) and the questions
 * (question.c).
 * Must not: talk to the terminal. */
#include <stdio.h>

#include "lesson_internal.h"

/* One printable line, whatever the file holds (lesson_internal.h). */
void lesson_printable(char *s)
{
    diag_clean_text(s, false);
}

void player_report(LessonPlayer *p, StrBuf *errors, const LessonStep *st, int col, const char *text)
{
    char msg[800];
    snprintf(msg, sizeof msg, "%s", text);
    lesson_printable(msg);
    if (errors != NULL) {
        if (col > 0) {
            sb_printf(errors, "%s:%d:%d: %s\n", p->lesson->path, st->line, col, msg);
        } else {
            sb_printf(errors, "%s:%d: %s\n", p->lesson->path, st->line, msg);
        }
    }
}
