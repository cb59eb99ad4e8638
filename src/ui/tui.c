/* tui.c: the terminal UI's main loop and its key dispatch. A key is looked
 * up in the active key tables (keys.h, the current mode's first); its
 * binding runs a command of the command language (so the UI, lessons and
 * batch mode share one interpreter) or an action from the action tables of
 * tui_actions.c, tui_lesson.c, tui_autoplay.c, paint.c and tui_cmdline.c.
 * Resizing is handled as TK_RESIZE in the loop; while training, the
 * progress callback (tui_train.c) redraws through redraw().
 * Must not: include curses.h (term.c does), or read the network. */
#include "tui_internal.h"

#include "signals.h"

#include <stdio.h>
#include <string.h>

#include "../debugger/engine_query.h"
#include "term.h"

static const ActionEntry *const ACTION_TABLES[] = {
    TUI_FREE_ACTIONS, TUI_LESSON_ACTIONS, TUI_AUTOPLAY_ACTIONS, TUI_PAINT_ACTIONS, TUI_LINE_ACTIONS, TUI_TRAIN_ACTIONS,
    TUI_RESULT_ACTIONS,
    NULL,
};

ActionFn tui_action(Action a)
{
    for (size_t t = 0; ACTION_TABLES[t] != NULL; t++) {
        for (const ActionEntry *e = ACTION_TABLES[t]; e->action != A_NONE; e++) {
            if (e->action == a) {
                return e->fn;
            }
        }
    }
    return NULL;
}

/* A key over the help or the training pane: PgDn / PgUp turn the help's
 * pages, any other key closes it. */
static void overlay_key(Tui *t, const KeyEvent *ev)
{
    if (t->vs.overlay == OVERLAY_HELP && (ev->kind == TK_PGDN || ev->kind == TK_PGUP)) {
        int pages = view_help_pages(&t->vs, t->width, t->height);
        t->vs.help_page = view_clamp(t->vs.help_page + (ev->kind == TK_PGDN ? 1 : -1), 0, pages - 1);
        return;
    }
    t->vs.overlay = OVERLAY_NONE;
    t->vs.help_page = 0;
    t->vs.train_progress = NULL;
    t->vs.train_rate = NULL;
}

bool tui_handle_key(Tui *t, const KeyEvent *ev)
{
    if (t->width < VIEW_MIN_WIDTH || t->height < VIEW_MIN_HEIGHT) {
        return !(ev->kind == TK_CHAR && ev->ch == 'q');
    }
    if (ev->kind == TK_NONE || ev->kind == TK_RESIZE) {
        return true;
    }
    tui_keys_update(t);
    const char *held = tui_autoplay_hold(t);
    if (t->vs.keys.modes[0] == KEYS_OVERLAY) {
        overlay_key(t, ev);
        tui_autoplay_after_key(t, KEYS_OVERLAY, held);
        tui_question_reopen(t);
        tui_keys_update(t);
        return true;
    }
    if (t->confirm_quit) { /* "quit the lesson?": q or y quits, any other key stays (and does nothing else) */
        t->confirm_quit = false;
        if (ev->kind == TK_CHAR && (ev->ch == 'q' || ev->ch == 'y' || ev->ch == 'Y')) {
            return false;
        }
        tui_say(t, false, "still in the lesson");
        tui_autoplay_after_key(t, KEYS_LESSON, held);
        return true;
    }
    KeyMode from = KEYS_FREE;
    const KeyBinding *kb = keys_lookup(&t->vs.keys, ev, &from);
    if (kb == NULL && ev->kind == TK_ALT) { /* only the ':' line binds Alt: elsewhere ESC then x is Escape, then x */
        KeyEvent esc = { TK_ESC, 0, 0, 0 }, key = { TK_CHAR, ev->ch, 0, 0 };
        return tui_handle_key(t, &esc) && tui_handle_key(t, &key);
    }
    bool running = true;
    if (kb != NULL && kb->command != NULL) {
        running = tui_command(t, kb->command);
    } else if (kb != NULL) {
        ActionFn fn = tui_action(kb->action);
        running = fn == NULL || fn(t, ev);
    }
    if (running) {
        tui_autoplay_after_key(t, from, held);
    }
    tui_question_reopen(t);
    tui_keys_update(t);
    return running;
}

static void present(Tui *t, Canvas *canvas)
{
    tui_keys_update(t);
    tui_autoplay_status(t);
    view_draw(canvas, tui_engine(t), &t->vs);
    term_present(canvas);
    if (t->recording) {
        if (t->player != NULL && t->player->chapter != t->last_chapter && t->player->chapter >= 0) {
            t->last_chapter = t->player->chapter;
            record_marker(&t->rec, player_chapter(t->player));
        }
        record_frame(&t->rec, canvas);
    }
}

/* The first screen's message: small maps (the slides' image B) are shown
 * as images, channel 1 first. */
static void first_message(Tui *t)
{
    tui_say(t, false, "space or s steps one op, n runs to the end of the layer, p steps back, ? every key");
    ConvGeom g;
    if (t->engine != NULL && engine_conv_geom(t->engine, 1, &g) && g.a * g.b <= 64) {
        t->vs.channel = 1;
        tui_say(t, false, "channel 1 shown as images (0: all channels, 2: the next); space steps, ? keys");
    }
}

/* Opens the terminal and the recording (a clock on /dev/null without one);
 * -1 after saying why not. */
static int tui_open(Tui *t)
{
    if (!term_open()) {
        fprintf(stderr, "bpstep: cannot start the terminal UI (is TERM set?); use 'bpstep --batch'\n");
        return -1;
    }
    term_size(&t->width, &t->height);
    if (t->opt.record != NULL) {
        if (record_open(&t->rec, t->opt.record, t->width, t->height, t->opt.title) != 0) {
            term_close();
            fprintf(stderr, "bpstep: --record: %s\n", t->rec.error);
            return -1;
        }
        t->recording = true;
    } else {
        record_open(&t->rec, NULL, t->width, t->height, NULL);
    }
    t->vs.unicode = term_unicode();
    t->vs.colour = term_colour();
    t->vs.images = term_images() && t->vs.unicode;
    first_message(t);
    if (t->player != NULL) {
        t->player->quiet_narration = true;
        tui_lesson_start(t);
        tui_autoplay_rewind(t); /* autoplay's clock starts with the first stop on screen */
    }
    return 0;
}

/* A canvas of the terminal's size, replaced when the size changed. */
static Canvas *fit_canvas(Tui *t, Canvas *canvas)
{
    term_size(&t->width, &t->height);
    if (canvas->width == t->width && canvas->height == t->height) {
        return canvas;
    }
    Canvas *next = canvas_new(t->width > 0 ? t->width : 1, t->height > 0 ? t->height : 1);
    if (next == NULL) {
        return canvas;
    }
    canvas_free(canvas);
    return next;
}

/* The live training pane's redraw: the canvas fitted and the screen shown. */
typedef struct {
    Tui *t;
    Canvas **canvas;
} Redraw;

static void redraw(void *ctx)
{
    Redraw *r = ctx;
    *r->canvas = fit_canvas(r->t, *r->canvas);
    present(r->t, *r->canvas);
}

int tui_run(Session *s, Engine *e, LessonPlayer *player, const TuiOptions *opt)
{
    Tui t;
    tui_init(&t, s, e, player, opt);
    if (tui_open(&t) != 0) {
        tui_release(&t);
        return 2;
    }
    Canvas *canvas = canvas_new(t.width, t.height);
    bool running = canvas != NULL;
    Redraw r = { &t, &canvas };
    LiveTrain live;
    tui_train_live(&t, &live, redraw, &r);
    Host keep = s->host;
    s->host.progress = tui_train_progress;
    s->host.progress_ctx = &live;
    while (running) {
        present(&t, canvas);
        KeyEvent ev = term_read(100);
        if (ev.kind == TK_SIGNAL) {
            break;
        }
        if (ev.kind == TK_RESIZE || ev.kind == TK_NONE) {
            if (ev.kind == TK_RESIZE) {
                term_repaint();
            }
            canvas = fit_canvas(&t, canvas);
            tui_autoplay_tick(&t);
            continue;
        }
        running = tui_handle_key(&t, &ev);
    }
    s->host = keep;
    term_close();
    canvas_free(canvas);
    int status = 0;
    if (record_close(&t.rec) != 0 && t.recording) {
        fprintf(stderr, "bpstep: --record: %s\n", t.rec.error);
        status = 2;
    }
    tui_release(&t);
    int sig = signals_exit_status();
    return sig != 0 ? sig : status;
}
