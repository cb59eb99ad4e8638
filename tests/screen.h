/* screen.h: shared by the UI tests: whether a screen drawn from (engine,
 * view state) at w x h shows a text (the screen is printed when not). */
#ifndef BPSTEP_TEST_SCREEN_H
#define BPSTEP_TEST_SCREEN_H

#include <stdio.h>
#include <string.h>

#include "../src/ui/canvas.h"
#include "../src/ui/views.h"

static inline bool screen_has(const Engine *e, const ViewState *vs, int w, int h, const char *text)
{
    Canvas *c = canvas_new(w, h);
    if (c == NULL) {
        return false;
    }
    view_draw(c, e, vs);
    StrBuf sb;
    sb_init(&sb);
    canvas_dump(c, &sb, false);
    bool found = strstr(sb_str(&sb), text) != NULL;
    if (!found) {
        fprintf(stderr, "screen:\n%s", sb_str(&sb));
    }
    sb_release(&sb);
    canvas_free(c);
    return found;
}

#endif
