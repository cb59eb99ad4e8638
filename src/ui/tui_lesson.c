/* tui_lesson.c: a lesson in the terminal UI: its keys (the KEYS_LESSON and
 * KEYS_QUESTION tables), what the player's state puts on screen (narration,
 * chapter, highlight, view settings), and questions on the answer line.
 * Must not: include curses.h, or read the network. */
#include "tui_internal.h"

#include <ctype.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>

#include "../base/interrupt.h"
#include "../debugger/command.h"
#include "lineedit.h"
#include "view_internal.h"

static const char *say(const Tui *t, LessonPhrase key)
{
    return lesson_phrase(t->player->lesson, key);
}

/* A derive question's wrong answer in the values pane, its differing
 * entries marked ("2 of 16 entries differ (marked)" under it). */
static void show_wrong(Tui *t)
{
    const LessonPlayer *p = t->player;
    ViewState *vs = &t->vs;
    vs->answer = p->wrong_count > 0 ? &p->wrong : NULL;
    vs->answer_differs = p->wrong_differs;
    snprintf(vs->answer_label, sizeof vs->answer_label, "%s", say(t, PHRASE_YOURS));
    static const char *const names[2] = { "{n}", "{count}" };
    char n[24], count[24];
    snprintf(n, sizeof n, "%d", p->wrong_count);
    snprintf(count, sizeof count, "%zu", (size_t)p->wrong.rows * (size_t)p->wrong.cols);
    const char *const values[2] = { n, count };
    lesson_phrase_fill(p->lesson, PHRASE_DIFFER, names, values, 2, vs->answer_note, sizeof vs->answer_note);
}

/* "chapter 2/3: Its title" (the one counting of a lesson's position), or
 * "" before the first chapter or in a lesson without chapters. */
static void chapter_text(const LessonPlayer *p, char *buf, size_t size)
{
    int k = p->chapter >= 0 ? lesson_chapter_number(p->lesson, p->chapter) : 0;
    if (k == 0) {
        snprintf(buf, size, "%s", "");
        return;
    }
    snprintf(buf, size, "chapter %d/%d: %.200s", k, lesson_chapter_count(p->lesson), player_chapter(p));
}

/* Shows the player's state: narration, chapter, highlight, view settings. */
static void lesson_view(Tui *t)
{
    LessonPlayer *p = t->player;
    ViewState *vs = &t->vs;
    snprintf(vs->title, sizeof vs->title, "%s", p->lesson->title);
    chapter_text(p, vs->chapter, sizeof vs->chapter);
    vs->narration = sb_str(&p->narration);
    vs->narration_scroll = 0;
    snprintf(vs->highlight, sizeof vs->highlight, "%s", p->highlight);
    vs->hl_row = p->hl_row;
    vs->hl_col = p->hl_col;
    if (p->view[VIEW_HEATMAP] >= 0) {
        vs->look = p->view[VIEW_HEATMAP] != 0 ? LOOK_HEATMAP : LOOK_NUMBERS;
    }
    if (p->view[VIEW_CHANNEL] >= 0) {
        vs->channel = p->view[VIEW_CHANNEL];
    }
    if (p->view[VIEW_IMAGE] > 0) { /* without 256 colours the heatmap stands in */
        vs->look = vs->images ? LOOK_IMAGE : LOOK_HEATMAP;
    } else if (p->view[VIEW_IMAGE] == 0 && vs->look == LOOK_IMAGE) {
        vs->look = LOOK_NUMBERS;
    }
    if (p->view[VIEW_COMPARE] >= 0) {
        vs->pane = p->view[VIEW_COMPARE] != 0 ? PANE_COMPARE : vs->pane == PANE_COMPARE ? PANE_VALUES : vs->pane;
    }
    tui_follow(p->engine, vs);
    show_wrong(t);
    /* what the stretch's commands showed is the lesson's point here: the main area */
    vs->result = &p->shown;
    vs->result_shown = p->shown.nblocks > 0; /* a lesson has no output pane: even a line shows here */
    /* the values first when the lesson points at them or the result is a line or two */
    vs->result_yields = p->points_at_values || !tui_result_worth_showing(&p->shown);
    vs->result_scroll = vs->result_pan = 0;
}

/* The answer line's prompt: "answer: EXPR = " for a value, "answer: " for a
 * question with its own text or options; why, before it, after a try. */
static void answer_prompt(Tui *t, const char *why)
{
    const char *label = player_answer_label(t->player);
    snprintf(t->vs.prompt, sizeof t->vs.prompt, "%s%s%s %.60s%s", why, why[0] != '\0' ? " " : "",
             say(t, PHRASE_PROMPT), label, label[0] != '\0' ? " = " : "");
}

/* A question waits: the answer line opens over the current mode, but
 * never over a command line being typed (it waits until that closes). */
static void start_question(Tui *t)
{
    if (t->player->question == NULL || t->vs.mode == MODE_COMMAND) {
        return;
    }
    t->confirm_give_up = false;
    tui_line_open(t, MODE_QUESTION, "");
    /* the question ends the narration: its last paragraphs show */
    t->vs.narration_scroll = view_narration_end_scroll(tui_engine(t), &t->vs, t->width, t->height);
    answer_prompt(t, "");
    LessonStepKind kind = t->player->question->kind;
    tui_say(t, false, "%s",
            say(t, kind == LS_CHOOSE   ? PHRASE_TYPE_OPTION
                   : kind == LS_DERIVE ? PHRASE_TYPE_EXPRESSION
                                       : PHRASE_TYPE_NUMBER));
}

void tui_answer(Tui *t, const char *answer)
{
    LessonPlayer *p = t->player;
    ViewState *vs = &t->vs;
    StrBuf out;
    sb_init(&out);
    sb_printf(&t->console, "%s %s\n", say(t, PHRASE_TYPED), vs->cmdline);
    AnswerVerdict v = player_answer(p, answer, 2, &out);
    sb_append(&t->console, sb_str(&out));
    bool several = strchr(sb_str(&out), '\n') != NULL && strchr(sb_str(&out), '\n')[1] != '\0';
    if (several || v == ANSWER_UNREADABLE) {
        /* more than the message line holds (the mistakes named, the entries
         * that differ), or why the answer was refused: the answer line
         * covers the message line while the question waits */
        CmdResult r;
        cmd_result_init(&r);
        char heading[1100];
        snprintf(heading, sizeof heading, "%s%s%.1000s", say(t, vs->cmdline[0] != '\0' ? PHRASE_YOURS : PHRASE_ANSWER),
                 vs->cmdline[0] != '\0' ? ": " : "", vs->cmdline);
        /* a wrong derivation of the value's shape: the values pane, its
         * entries that differ marked, takes the main area (o: this text) */
        if (cmd_result_add_text(&r, BLOCK_TEXT, sb_str(&out))) {
            tui_result_keep(t, heading, &r, v == ANSWER_UNREADABLE || p->wrong_count == 0);
        }
        cmd_result_release(&r);
    }
    t->vs.console = sb_str(&t->console);
    t->vs.console_back = 0;
    tui_say(t, v != ANSWER_RIGHT, "%.*s", (int)strcspn(sb_str(&out), "\n"), sb_str(&out));
    vs->cmdline[0] = '\0';
    if (p->question != NULL) { /* the line stays: say why on it */
        answer_prompt(t, say(t, v == ANSWER_UNREADABLE ? PHRASE_UNREADABLE : PHRASE_RETRY));
    } else {
        tui_line_close(t);
        size_t n = strlen(vs->message);
        snprintf(vs->message + n, sizeof vs->message - n, "   (%s)", lesson_phrase(p->lesson, PHRASE_ENTER));
    }
    show_wrong(t);
    sb_release(&out);
}

void tui_lesson_advance(Tui *t)
{
    LessonPlayer *p = t->player;
    /* whatever the reader explored, the lesson goes on from where it was;
     * replaying from the start only when something was explored keeps a
     * long lesson linear, not quadratic */
    if (player_explored(p)) {
        player_goto_pause(p, player_pause_index(p));
    }
    StrBuf errors;
    sb_init(&errors);
    bool more = player_advance(p, &t->console, &errors);
    if (interrupt_pending() == SIGINT) {
        interrupt_clear(); /* the lesson stopped (the message says where); the session goes on */
    }
    char score[300];
    player_score_text(p, score, sizeof score);
    tui_console_shown(t);
    if (errors.len > 0) {
        tui_say(t, true, "%.*s", (int)strcspn(sb_str(&errors), "\n"), sb_str(&errors));
    } else if (more) {
        tui_say(t, false, "Enter: on with the lesson   ,: back   ]/[: chapters   R: resume after exploring");
    } else if (score[0] != '\0') {
        tui_say(t, false, "%s: %s %s", say(t, PHRASE_END), score, say(t, PHRASE_END_KEYS));
    } else {
        tui_say(t, false, "%s %s", say(t, PHRASE_END), say(t, PHRASE_END_KEYS));
    }
    sb_release(&errors);
    lesson_view(t);
    start_question(t);
}

void tui_lesson_goto(Tui *t, int n)
{
    LessonPlayer *p = t->player;
    int count = lesson_pause_count(p->lesson);
    n = view_clamp(n, 0, count);
    player_goto_pause(p, n);
    char where[sizeof t->vs.chapter];
    chapter_text(p, where, sizeof where);
    sb_printf(&t->console, "(lesson) at %s\n", where[0] != '\0' ? where : "the start");
    t->vs.console = sb_str(&t->console);
    tui_say(t, false, "lesson: %s", where[0] != '\0' ? where : "the start");
    lesson_view(t);
    p->question = NULL; /* questions are asked when the lesson reaches them, not on the way back */
    tui_line_close(t);
}

static bool lesson_on(Tui *t, const KeyEvent *ev)
{
    (void)ev;
    tui_lesson_advance(t);
    return true;
}

static bool lesson_back(Tui *t, const KeyEvent *ev)
{
    (void)ev;
    tui_lesson_goto(t, player_stretch(t->player) - 1); /* the stretch on screen is 1-based */
    return true;
}

static bool lesson_resume(Tui *t, const KeyEvent *ev)
{
    (void)ev;
    tui_lesson_goto(t, player_stretch(t->player));
    return true;
}

/* ] and [: chapter c's first stretch is the one after its pause count. */
static bool chapter(Tui *t, const KeyEvent *ev)
{
    const Lesson *l = t->player->lesson;
    int at = player_stretch(t->player), chapters = lesson_chapter_count(l), current = -1;
    for (int c = 0; c < chapters; c++) {
        if (lesson_chapter_pause(l, c) < at) {
            current = c;
        }
    }
    bool next = ev->ch == ']';
    int target = next ? current + 1 : current;
    if (!next && target >= 0 && lesson_chapter_pause(l, target) + 1 == at) {
        target--; /* at a chapter's start, [ goes to the one before */
    }
    if (target < 0) {
        tui_lesson_goto(t, 0);
        tui_lesson_advance(t);
    } else if (target < chapters) {
        tui_lesson_goto(t, lesson_chapter_pause(l, target));
        tui_lesson_advance(t);
    }
    return true;
}

/* PgDn / PgUp scroll the narration, a question waiting or not, up to its last page. */
static bool narration(Tui *t, const KeyEvent *ev)
{
    ViewState *vs = &t->vs;
    int lines = 0, rows = 0;
    (void)view_narration_size(tui_engine(t), vs, t->width, t->height, &lines, &rows);
    int most = lines > rows ? lines - rows : 0;
    vs->narration_scroll = view_clamp(vs->narration_scroll + (ev->kind == TK_PGDN ? 3 : -3), 0, most);
    return true;
}

/* q in a lesson asks once (q again or y quits); at its end it quits. */
static bool lesson_quit(Tui *t, const KeyEvent *ev)
{
    (void)ev;
    LessonPlayer *p = t->player;
    if (p->question == NULL && player_pause_index(p) >= lesson_pause_count(p->lesson) && p->next >= p->lesson->nsteps) {
        return false;
    }
    t->confirm_quit = true;
    tui_say(t, false, "quit the lesson? q or y quits, any other key stays");
    return true;
}

void tui_lesson_start(Tui *t)
{
    const Lesson *l = t->player->lesson;
    int c = t->opt.chapter;
    if (c > 0 && c <= lesson_chapter_count(l)) {
        tui_lesson_goto(t, lesson_chapter_pause(l, c - 1));
    }
    tui_lesson_advance(t);
}

void tui_question_reopen(Tui *t)
{
    if (t->player != NULL && t->player->question != NULL && !view_typing(&t->vs) && t->vs.overlay == OVERLAY_NONE) {
        start_question(t);
    }
}

/* After Esc asked "show the answer? (y/n)": y shows it, any other key goes
 * back to the answer (and is not typed). True when the key was that answer. */
static bool confirming(Tui *t, const KeyEvent *ev)
{
    if (!t->confirm_give_up) {
        return false;
    }
    t->confirm_give_up = false;
    if (ev->kind == TK_CHAR && (ev->ch == 'y' || ev->ch == 'Y')) {
        tui_answer(t, NULL);
    } else {
        answer_prompt(t, ""); /* the question waits, the answer typed so far kept */
    }
    return true;
}

static bool answer_insert(Tui *t, const KeyEvent *ev)
{
    if (!confirming(t, ev)) {
        tui_line_type(t, ev->ch);
    }
    return true;
}

/* ':' on an empty answer line: a command line over the question; the
 * answer line comes back when it closes (tui_question_reopen). */
static bool answer_command(Tui *t, const KeyEvent *ev)
{
    if (confirming(t, ev)) {
        return true;
    }
    if (t->vs.cmdline[0] != '\0') {
        tui_line_type(t, ev->ch);
        return true;
    }
    tui_line_close(t);
    tui_line_open(t, MODE_COMMAND, "");
    tui_say(t, false, "a command; Enter runs it, then the question again");
    return true;
}

static bool answer_delete(Tui *t, const KeyEvent *ev)
{
    (void)ev;
    (void)tui_line_erase(t); /* an empty answer line stays open */
    return true;
}

static bool answer_give(Tui *t, const KeyEvent *ev)
{
    if (ev->kind == TK_ESC && !t->confirm_give_up) { /* never lose a question to a stray Escape */
        t->confirm_give_up = true;
        snprintf(t->vs.prompt, sizeof t->vs.prompt, "%s ", say(t, PHRASE_GIVE_UP));
        return true;
    }
    if (ev->kind == TK_ESC) { /* Esc twice: yes */
        t->confirm_give_up = false;
        tui_answer(t, NULL);
        return true;
    }
    if (confirming(t, ev)) {
        return true;
    }
    tui_answer(t, t->vs.cmdline);
    return true;
}

/* readline's keys on the answer line, as on the ':' line. */
static bool answer_edit(Tui *t, const KeyEvent *ev)
{
    if (!confirming(t, ev)) {
        LineEdit le = lineedit_at(t->vs.cmdline, sizeof t->vs.cmdline, t->vs.cmd_back);
        (void)lineedit_key(&le, ev);
        t->vs.cmd_back = lineedit_back(&le);
    }
    return true;
}

/* The name being typed before the cursor completed, the rest of the line
 * kept (the ':' line's completion of value names). */
static void complete_name(Tui *t, size_t word, size_t cursor)
{
    char line[sizeof t->vs.cmdline + 8], done[sizeof line];
    snprintf(line, sizeof line, "print %.*s", (int)cursor, t->vs.cmdline);
    int n = command_complete(tui_engine(t), line, done, sizeof done);
    if (n == 0) {
        tui_say(t, true, "no value's name starts with '%.*s'", (int)(cursor - word), t->vs.cmdline + word);
        return;
    }
    if (n > 1) {
        tui_say(t, false, "%d names match: type more", n);
        return;
    }
    char whole[sizeof t->vs.cmdline];
    int len = snprintf(whole, sizeof whole, "%s%s", done + 6, t->vs.cmdline + cursor);
    if (len < 0 || (size_t)len >= sizeof whole) {
        tui_say(t, true, "the answer line is full");
        return;
    }
    size_t back = strlen(t->vs.cmdline + cursor);
    snprintf(t->vs.cmdline, sizeof t->vs.cmdline, "%s", whole);
    t->vs.cmd_back = back;
}

/* Tab: on a derive answer, after part of a name, completes it; anywhere
 * else (a number, an option, no name begun) it looks at the next value. */
static bool answer_complete(Tui *t, const KeyEvent *ev)
{
    if (confirming(t, ev)) {
        return true;
    }
    const char *line = t->vs.cmdline;
    size_t cursor = strlen(line) - (t->vs.cmd_back < strlen(line) ? t->vs.cmd_back : strlen(line)), word = cursor;
    while (word > 0 && (isalnum((unsigned char)line[word - 1]) || line[word - 1] == '_')) {
        word--;
    }
    bool name = word < cursor && (isalpha((unsigned char)line[word]) || line[word] == '_');
    if (name && t->player->question != NULL && t->player->question->kind == LS_DERIVE) {
        complete_name(t, word, cursor);
        return true;
    }
    return tui_free_action(A_FOCUS_NEXT, t, ev);
}

/* < and > (and up / down) scroll the output; on a derive answer already
 * begun, < and > are typed (comparisons are part of the language). */
static bool answer_output(Tui *t, const KeyEvent *ev)
{
    if (confirming(t, ev)) {
        return true;
    }
    bool derive = t->player->question != NULL && t->player->question->kind == LS_DERIVE;
    if (ev->kind == TK_CHAR && derive && t->vs.cmdline[0] != '\0') {
        tui_line_type(t, ev->ch);
        return true;
    }
    bool back = ev->kind == TK_UP || (ev->kind == TK_CHAR && ev->ch == '<');
    return tui_free_action(back ? A_OUTPUT_BACK : A_OUTPUT_FORWARD, t, ev);
}

const ActionEntry TUI_LESSON_ACTIONS[] = {
    { A_LESSON_ON, lesson_on }, { A_LESSON_BACK, lesson_back }, { A_LESSON_RESUME, lesson_resume },
    { A_CHAPTER_NEXT, chapter }, { A_CHAPTER_PREV, chapter },
    { A_NARRATION_DOWN, narration }, { A_NARRATION_UP, narration },
    { A_LESSON_QUIT, lesson_quit },
    { A_ANSWER_INSERT, answer_insert }, { A_ANSWER_DELETE, answer_delete },
    { A_ANSWER_GIVE, answer_give }, { A_ANSWER_GIVE_UP, answer_give }, { A_ANSWER_COMMAND, answer_command },
    { A_ANSWER_EDIT, answer_edit }, { A_ANSWER_COMPLETE, answer_complete }, { A_ANSWER_OUTPUT, answer_output },
    { A_NONE, NULL },
};
