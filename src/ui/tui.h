/* tui.h: the terminal UI: keys and clicks become commands of the one command
 * language or actions of the key tables (keys.h); the screen is drawn by
 * views.c from the engine and the Tui's ViewState.
 * The top ring's files: tui.c the main loop and the key dispatch,
 * tui_state.c the Tui's life cycle and small shared steps, tui_cmdline.c
 * the ':' line, tui_actions.c the free mode's view actions, tui_lesson.c a
 * lesson's keys and questions, tui_autoplay.c autoplay, tui_train.c the
 * training pane, paint.c painting. */
#ifndef BPSTEP_TUI_H
#define BPSTEP_TUI_H

#include "../debugger/engine.h"
#include "../debugger/session.h"
#include "../lesson/lesson.h"
#include "record.h"
#include "views.h"

typedef struct {
    const char *title;     /* what is being debugged */
    double autoplay;       /* seconds between lesson pauses; 0 = the reader advances */
    const char *record;    /* an asciicast file to write, or NULL */
    int chapter;           /* a lesson starts at this chapter (1-based); 0 = at its start */
} TuiOptions;

/* One terminal UI. Ownership: the session, the engine, the player and the
 * options are borrowed (they outlive it); the console and the recorder are
 * its own (tui_release). */
typedef struct Tui {
    Session *session;      /* the host's progress and the ':' history */
    Engine *engine;        /* free mode's engine, or NULL in a lesson */
    LessonPlayer *player;  /* a lesson, or NULL */
    TuiOptions opt;
    ViewState vs;
    StrBuf console;        /* every command and its output (the output pane) */
    CmdResult result;      /* the last ':' command's (or answer's) result, when it is the one shown */
    int width, height;     /* the terminal's size as last seen */
    Recorder rec;
    bool recording;
    int last_chapter;
    bool autoplay_paused;
    bool confirm_give_up;  /* Esc on the answer line asked "show the answer? (y/n)" */
    bool confirm_quit;     /* q in a lesson asked "quit the lesson?" */
    double next_autoplay;  /* when autoplay moves on, on autoplay's clock */
    double pace; /* autoplay's seconds per pause, times this (F and S change it) */
    /* autoplay's clock in seconds; NULL: the recording's (the wall's). The
     * tests give a fake one, so that no test depends on timing. */
    double (*clock)(void *ctx);
    void *clock_ctx;
} Tui;

/* A Tui on e, or (player not NULL) on the lesson's engine; opt may be NULL. */
void tui_init(Tui *t, Session *s, Engine *e, LessonPlayer *player, const TuiOptions *opt);
void tui_release(Tui *t);
/* The engine on screen: the lesson's, or the free one. */
Engine *tui_engine(const Tui *t);

/* Runs the UI until the user quits; returns the exit status (0; 2 when the
 * terminal or the recording cannot be used; 128 + signal after SIGINT/SIGTERM). */
int tui_run(Session *s, Engine *e, LessonPlayer *player, const TuiOptions *opt);

/* What a key does, without a terminal (the tests drive the UI through
 * this), in a t->width x t->height screen. Returns false when the key quits. */
bool tui_handle_key(Tui *t, const KeyEvent *ev);

/* A question that waits gets its answer line back once nothing else is
 * typed (after a command, the help); a no-op otherwise. */
void tui_question_reopen(Tui *t);
/* The lesson's first stretch, or the chapter opt.chapter's; autoplay's clock from now. */
void tui_lesson_start(Tui *t);
/* Moves the lesson to the next pause, or to pause n (replaying from the start). */
void tui_lesson_advance(Tui *t);
void tui_lesson_goto(Tui *t, int n);

/* Runs one command line as the ':' prompt does (output to the console, the
 * result or error into vs.message). Returns false on quit. */
bool tui_command(Tui *t, const char *line);

#endif
