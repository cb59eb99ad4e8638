/* lesson_index.c: where a lesson stops and where its chapters start, read
 * from its steps alone (the player and the UI's chapter keys ask).
 * Must not: play anything, or call the player. */
#include "lesson.h"

int lesson_pause_count(const Lesson *l)
{
    int n = 0;
    for (int i = 0; i < l->nsteps; i++) {
        n += lesson_step_stops(l->steps[i].kind);
    }
    return n;
}

int lesson_chapter_count(const Lesson *l)
{
    int n = 0;
    for (int i = 0; i < l->nsteps; i++) {
        n += l->steps[i].kind == LS_CHAPTER;
    }
    return n;
}

int lesson_chapter_pause(const Lesson *l, int c)
{
    int seen = -1, pauses = 0;
    for (int i = 0; i < l->nsteps; i++) {
        if (l->steps[i].kind == LS_CHAPTER && ++seen == c) {
            return pauses;
        }
        pauses += lesson_step_stops(l->steps[i].kind);
    }
    return pauses;
}

bool lesson_step_stops(LessonStepKind kind)
{
    return kind == LS_PAUSE || kind == LS_ASK || kind == LS_CHOOSE || kind == LS_DERIVE;
}
