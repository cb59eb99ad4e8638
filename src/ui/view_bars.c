/* view_bars.c: the screen's first row (the title bar: position, next op,
 * loss, what is debugged) and its last two (the message or the typed line,
 * and the status line with the active key tables' hints).
 * Must not: include curses.h, do I/O, or change the engine. */
#include "views.h"

#include <stdio.h>
#include <string.h>

#include "../debugger/engine_query.h"
#include "../debugger/format.h"
#include "view_internal.h"

/* A lesson's title bar when the long form does not fit: the chapter and
 * the lesson's title first (cut with an ellipsis, in display columns),
 * the position and the loss at the right. */
static void lesson_title(Canvas *c, const Engine *e, const ViewState *vs, const char *loss)
{
    char right[96], left[520];
    snprintf(right, sizeof right, "  %d/%d  loss %s ", e->pos, e->nops, loss);
    snprintf(left, sizeof left, " %s%s%s", vs->chapter, vs->chapter[0] != '\0' ? "  -  " : "", vs->title);
    int rw = canvas_text_width(right);
    rw = rw < c->width / 2 ? rw : 0; /* never at the chapter's cost */
    canvas_text_cut(c, 0, 0, left, STYLE_TITLE, c->width - rw, vs->unicode);
    canvas_set_style(c, 0, 0, c->width - rw, STYLE_TITLE); /* the ellipsis too */
    if (rw > 0) {
        canvas_text(c, c->width - rw, 0, right, STYLE_TITLE, rw);
    }
}

void view_draw_title(Canvas *c, const Engine *e, const ViewState *vs)
{
    char buf[800], loss[64] = "--", title[520];
    int k = engine_next_op(e);
    double x;
    if (engine_loss(e, &x)) {
        fmt_number(loss, sizeof loss, x, -1);
    }
    snprintf(title, sizeof title, "%s%s%s", vs->chapter, vs->chapter[0] != '\0' ? "  -  " : "", vs->title);
    snprintf(buf, sizeof buf, " bpstep   %d/%d   next: %-15s loss %-8s  %s", e->pos, e->nops,
             k >= 0 ? e->ops[k].name : "(end)", loss, title);
    canvas_fill(c, 0, 0, c->width, 1, ' ', STYLE_TITLE);
    if (canvas_text_width(buf) > c->width && vs->chapter[0] != '\0') {
        lesson_title(c, e, vs, loss);
        return;
    }
    if (canvas_text_width(buf) > c->width) { /* narrow: the title first, the position compact */
        snprintf(buf, sizeof buf, " %d/%d %s | loss %s | %s", e->pos, e->nops, k >= 0 ? e->ops[k].name : "(end)",
                 loss, title);
    }
    canvas_text_cut(c, 0, 0, buf, STYLE_TITLE, c->width, vs->unicode); /* still too long: an ellipsis says it is cut */
    canvas_set_style(c, 0, 0, c->width, STYLE_TITLE);
}

void view_draw_bottom(Canvas *c, const Engine *e, const ViewState *vs)
{
    int y = c->height - 2;
    if (view_typing(vs)) {
        char line[1400];
        int plen = snprintf(line, sizeof line, "%.300s", vs->mode == MODE_QUESTION ? vs->prompt : ":");
        snprintf(line + plen, sizeof line - (size_t)plen, "%s", vs->cmdline);
        size_t len = strlen(line), room = c->width > 2 ? (size_t)c->width - 2 : 1;
        size_t back = vs->cmd_back < strlen(vs->cmdline) ? vs->cmd_back : strlen(vs->cmdline), cur = len - back;
        const char *shown = line;
        if (cur + 1 > room) { /* a long line shows the cursor's end of it, where the typing is, after a '<' */
            shown = line + cur + 1 - room + 1;
            while ((*shown & 0xC0) == 0x80) { /* never half of a character of the prompt */
                shown++;
            }
            canvas_text(c, 0, y, "<", STYLE_DIM, 1);
        }
        int x0 = shown != line;
        canvas_text(c, x0, y, shown, STYLE_NORMAL, c->width - x0);
        char under[2] = { line[cur] != '\0' ? line[cur] : ' ', '\0' };
        char before[1400];
        snprintf(before, sizeof before, "%.*s", (int)(line + cur - shown), shown);
        canvas_text(c, x0 + canvas_text_width(before), y, under, STYLE_SELECTED, 1); /* the cursor */
    } else if (vs->message[0] != '\0') {
        canvas_text_cut(c, 0, y, vs->message, vs->message_error ? STYLE_ERROR : STYLE_NORMAL, c->width, vs->unicode);
    }
    char status[400];
    if (vs->autoplay[0] != '\0') { /* a lesson playing by itself: when it moves on (the title bar has the position) */
        snprintf(status, sizeof status, " %s", vs->autoplay);
    } else {
        snprintf(status, sizeof status, " %d/%d ", e->pos, e->nops);
    }
    view_add_hints(status, sizeof status, e, vs, c->width);
    canvas_fill(c, 0, c->height - 1, c->width, 1, ' ', STYLE_STATUS);
    canvas_text(c, 0, c->height - 1, status, STYLE_STATUS, c->width);
}

