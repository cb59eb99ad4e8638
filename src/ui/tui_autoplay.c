/* tui_autoplay.c: a lesson playing by itself (--autoplay): the clock that
 * moves it on, and its keys (the KEYS_AUTOPLAY table: pause, faster, slower).
 * Must not: include curses.h. */
#include "tui_internal.h"

#include "view_internal.h"

/* The autoplay clock starts again from now (after a key of the lesson). */
void tui_autoplay_rewind(Tui *t)
{
    if (t->player != NULL) {
        t->next_autoplay = record_elapsed(&t->rec) + player_pace(t->player, t->opt.autoplay * t->pace);
    }
}

bool tui_autoplay_tick(Tui *t)
{
    LessonPlayer *p = t->player;
    if (p == NULL || t->opt.autoplay <= 0.0 || t->autoplay_paused) {
        return false;
    }
    double now = record_elapsed(&t->rec);
    if (now < t->next_autoplay) {
        return false;
    }
    t->next_autoplay = now + t->opt.autoplay * t->pace;
    if (p->question != NULL) { /* the class had its time to think: the answer */
        tui_answer(t, NULL);
        return true;
    }
    if (player_pause_index(p) >= lesson_pause_count(p->lesson) && p->next >= p->lesson->nsteps) {
        return false;
    }
    tui_lesson_advance(t);
    t->next_autoplay = now + player_pace(p, t->opt.autoplay * t->pace); /* a longer narration waits longer */
    return true;
}

static bool autoplay_pause(Tui *t, const KeyEvent *ev)
{
    (void)ev;
    t->autoplay_paused = !t->autoplay_paused;
    tui_say(t, t->vs.message_error, "autoplay %s (space)", t->autoplay_paused ? "paused" : "on");
    tui_autoplay_rewind(t);
    return true;
}

/* faster or slower, as a teacher reads the room */
static bool autoplay_pace(Tui *t, const KeyEvent *ev)
{
    t->pace = view_clamp((int)(t->pace * (ev->ch == 'F' ? 0.67 : 1.5) * 100 + 0.5), 10, 1000) / 100.0;
    tui_say(t, false, "autoplay: %.2g s per pause of 20 words (F faster, S slower)", t->opt.autoplay * t->pace);
    tui_autoplay_rewind(t);
    return true;
}

const ActionEntry TUI_AUTOPLAY_ACTIONS[] = {
    { A_AUTOPLAY_PAUSE, autoplay_pause },
    { A_AUTOPLAY_FASTER, autoplay_pace },
    { A_AUTOPLAY_SLOWER, autoplay_pace },
    { A_NONE, NULL },
};
