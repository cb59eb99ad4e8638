/* lesson_tui.h: a lesson in the terminal UI without a terminal, for the
 * tests: loaded from a file (or from text), its player quiet, a Tui on it
 * of w x h, played to its first stop. Keep the LessonTui where it is
 * opened: the Tui points at its session. */
#ifndef BPSTEP_TESTS_LESSON_TUI_H
#define BPSTEP_TESTS_LESSON_TUI_H

#include "helpers.h"

#include "../src/debugger/session.h"
#include "../src/lesson/lesson.h"
#include "../src/ui/tui.h"

typedef struct {
    StrBuf problems;
    Lesson *l;
    LessonPlayer *p;
    Session s;
    Tui t;
} LessonTui;

/* text NULL: the lesson file at path; else text, named path. */
static inline void lesson_tui_open(LessonTui *lt, const char *path, const char *text, int w, int h)
{
    sb_init(&lt->problems);
    lt->l = text != NULL ? lesson_load_text(path, ".", text, NULL, &lt->problems)
                         : lesson_load(path, NULL, &lt->problems);
    if (lt->l == NULL) {
        fail_msg("%s: %s", path, sb_str(&lt->problems));
    }
    lt->p = player_new(lt->l, NULL);
    assert_non_null(lt->p);
    lt->p->quiet_narration = true;
    session_init(&lt->s);
    TuiOptions opt = { lt->l->title, 0.0, NULL, 0 };
    tui_init(&lt->t, &lt->s, NULL, lt->p, &opt);
    lt->t.width = w;
    lt->t.height = h;
    tui_lesson_advance(&lt->t);
}

static inline void lesson_tui_close(LessonTui *lt)
{
    tui_release(&lt->t);
    player_free(lt->p);
    lesson_free(lt->l);
    sb_release(&lt->problems);
}

#endif
