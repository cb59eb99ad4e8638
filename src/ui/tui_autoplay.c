/* tui_autoplay.c: a lesson playing by itself (--autoplay): the clock that
 * moves it on (a narration longer than its box page by page first), what
 * holds it (the ':' line, an answer being typed, the help, the quit
 * question) and what pauses it (any key but its own), the status line's
 * countdown, and its keys (the KEYS_AUTOPLAY table: pause, faster, slower).
 * Must not: include curses.h, or read the wall clock itself (tui_now). */
#include "tui_internal.h"

#include <stdio.h>

#include "view_internal.h"

static bool autoplay_on(const Tui *t)
{
    return t->player != NULL && t->opt.autoplay > 0.0;
}

double tui_now(const Tui *t)
{
    return t->clock != NULL ? t->clock(t->clock_ctx) : record_elapsed(&t->rec);
}

const char *tui_autoplay_hold(const Tui *t)
{
    if (!autoplay_on(t)) {
        return NULL;
    }
    if (t->vs.overlay != OVERLAY_NONE) {
        return "the help is open";
    }
    if (t->confirm_quit) {
        return "quit?";
    }
    if (t->vs.mode == MODE_COMMAND) {
        return "the : line is open";
    }
    if (t->vs.mode == MODE_QUESTION && (t->vs.cmdline[0] != '\0' || t->confirm_give_up)) {
        return "an answer is typed"; /* untouched, a question gets its time to think, then its answer */
    }
    return NULL;
}

/* The narration's box at the screen's size: true when a page of it is
 * still below the box; *next: where the next page starts (its last page
 * ends with the narration). */
static bool more_narration(const Tui *t, int *pages, int *next)
{
    int lines = 0, rows = 0;
    *pages = 1;
    *next = 0;
    if (!view_narration_size(tui_engine(t), &t->vs, t->width, t->height, &lines, &rows) || rows <= 0) {
        return false;
    }
    *pages = (lines + rows - 1) / rows;
    *pages = *pages > 0 ? *pages : 1;
    *next = view_clamp(t->vs.narration_scroll + rows, 0, lines > rows ? lines - rows : 0);
    return t->vs.narration_scroll + rows < lines;
}

/* How long what is on screen stays: a question's time to think, or the
 * narration's reading time (player_pace) shared by its pages. */
static double autoplay_wait(const Tui *t)
{
    double base = t->opt.autoplay * t->pace;
    int pages, next;
    bool more = more_narration(t, &pages, &next);
    if (t->player->question != NULL && !more) { /* its last page shows the question */
        return base;
    }
    return player_pace(t->player, base) / pages;
}

void tui_autoplay_rewind(Tui *t)
{
    if (autoplay_on(t)) {
        t->next_autoplay = tui_now(t) + autoplay_wait(t);
    }
}

bool tui_autoplay_tick(Tui *t)
{
    LessonPlayer *p = t->player;
    if (!autoplay_on(t) || t->autoplay_paused) {
        return false;
    }
    if (tui_autoplay_hold(t) != NULL) { /* the clock stands: the full wait again once the hold ends */
        tui_autoplay_rewind(t);
        return false;
    }
    if (tui_now(t) < t->next_autoplay) {
        return false;
    }
    int pages, next;
    if (more_narration(t, &pages, &next)) {
        t->vs.narration_scroll = next; /* the next page, before the lesson moves on (or its question is answered) */
    } else if (p->question != NULL) { /* the class had its time to think: the answer */
        tui_answer(t, NULL);
    } else if (player_pause_index(p) >= lesson_pause_count(p->lesson) && p->next >= p->lesson->nsteps) {
        return false;
    } else {
        tui_lesson_advance(t);
    }
    tui_autoplay_rewind(t);
    return true;
}

void tui_autoplay_after_key(Tui *t, KeyMode from, const char *held_before)
{
    if (!autoplay_on(t) || from == KEYS_AUTOPLAY) {
        return;
    }
    if (tui_autoplay_hold(t) != NULL) {
        return; /* a hold began or goes on: the clock stands */
    }
    if (held_before != NULL) {
        tui_autoplay_rewind(t); /* the hold ended: the full wait, from now */
        return;
    }
    if (!t->autoplay_paused) { /* the presenter took over */
        char was[sizeof t->vs.message];
        snprintf(was, sizeof was, "%s", t->vs.message);
        t->autoplay_paused = true;
        tui_say(t, t->vs.message_error, "autoplay paused: space resumes%s%s%.200s",
                t->vs.mode == MODE_QUESTION ? " once the question is answered" : "", was[0] != '\0' ? "; " : "", was);
    }
}

void tui_autoplay_status(Tui *t)
{
    ViewState *vs = &t->vs;
    vs->autoplay[0] = '\0';
    if (!autoplay_on(t)) {
        return;
    }
    const char *hold = tui_autoplay_hold(t);
    if (t->autoplay_paused) {
        snprintf(vs->autoplay, sizeof vs->autoplay, "paused");
    } else if (hold != NULL) {
        snprintf(vs->autoplay, sizeof vs->autoplay, "held");
    } else {
        LessonPlayer *p = t->player;
        int pages, next;
        bool more = more_narration(t, &pages, &next);
        bool end = !more && p->question == NULL && player_pause_index(p) >= lesson_pause_count(p->lesson) &&
                   p->next >= p->lesson->nsteps;
        double left = t->next_autoplay - tui_now(t);
        int s = left > 0.0 ? (int)left + (left > (int)left ? 1 : 0) : 0; /* whole seconds, rounded up */
        snprintf(vs->autoplay, sizeof vs->autoplay, end                            ? "the end"
                                                    : p->question != NULL && !more ? "answer in %d s"
                                                                                   : "next in %d s",
                 s);
    }
}

static bool autoplay_pause(Tui *t, const KeyEvent *ev)
{
    (void)ev;
    t->autoplay_paused = !t->autoplay_paused;
    tui_say(t, false, t->autoplay_paused ? "autoplay paused: space resumes" : "autoplay on: space pauses");
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
