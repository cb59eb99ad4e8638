/* tui.c: the terminal UI's main loop. Keys become commands of the command
 * language (step, back, break ...), so the UI, lessons and batch mode share
 * one interpreter. Resizing is handled as TK_RESIZE in the loop. */
#include "tui.h"

#include "signals.h"

#include <signal.h>
#include <stdio.h>
#include <string.h>

#include "../debugger/command.h"
#include "../debugger/explain_text.h"
#include "../debugger/training.h"
#include "../math/interrupt.h"
#include "keys.h"
#include "paint.h"
#include "progress.h"
#include "view_internal.h"
#include "record.h"
#include "term.h"

enum { CONSOLE_KEEP = 16000 };

/* The matrices pane follows the op that just ran. */
static void follow(const Engine *e, ViewState *vs)
{
    vs->cursor = e->pos > 0 ? e->pos - 1 : 0;
    vs->focus = 0;
    vs->pan_row = vs->pan_col = 0;
    vs->sel_row = vs->sel_col = 0;
    vs->nmarks = 0;
}

static void trim_console(StrBuf *console)
{
    if (console->len > CONSOLE_KEEP) {
        size_t cut = console->len - CONSOLE_KEEP / 2;
        const char *nl = strchr(console->text + cut, '\n');
        size_t from = nl != NULL ? (size_t)(nl + 1 - console->text) : cut;
        memmove(console->text, console->text + from, console->len - from + 1);
        console->len -= from;
    }
}

/* The line of a command's output that says what happened: why a motion
 * stopped (a breakpoint), a warning, where it stopped, else the first line. */
static const char *summary_line(const char *text)
{
    static const char *const first[] = { "breakpoint ", "warning: ", "at " };
    for (size_t k = 0; k < sizeof first / sizeof *first; k++) {
        const char *found = NULL;
        for (const char *p = text; *p != '\0'; p += strcspn(p, "\n") + (p[strcspn(p, "\n")] != '\0')) {
            if (strncmp(p, first[k], strlen(first[k])) == 0) {
                found = p; /* the last such line */
            }
        }
        if (found != NULL) {
            return found;
        }
    }
    return text;
}

bool tui_command(Engine *e, ViewState *vs, StrBuf *console, const char *line)
{
    StrBuf out;
    sb_init(&out);
    Diag d = { 0 };
    diag_clear(&d);
    int before = e->pos;
    CmdStatus st = command_exec(e, line, &out, &d);
    if (interrupt_pending() == SIGINT) {
        interrupt_clear(); /* the command stopped between two ops and says so; the session goes on */
    }
    sb_printf(console, "(bpstep) %s\n%s", line, sb_str(&out));
    trim_console(console);
    vs->message_error = st == CMD_ERROR;
    if (st == CMD_ERROR) {
        char msg[600];
        diag_format(&d, msg, sizeof msg);
        snprintf(vs->message, sizeof vs->message, "%.250s", msg);
        sb_printf(console, "error: %s\n", msg);
    } else {
        const char *said = summary_line(sb_str(&out));
        snprintf(vs->message, sizeof vs->message, "%.*s", (int)strcspn(said, "\n"), said);
    }
    if (e->pos != before) {
        follow(e, vs);
    }
    vs->console = sb_str(console);
    vs->console_back = 0;
    sb_release(&out);
    return st != CMD_QUIT;
}

static void toggle_break(Engine *e, ViewState *vs, StrBuf *console)
{
    char line[64];
    for (int i = 0; i < e->nbreaks; i++) {
        if (e->breaks[i].kind == BP_OP && e->breaks[i].op == vs->cursor) {
            snprintf(line, sizeof line, "delete %d", e->breaks[i].id);
            tui_command(e, vs, console, line);
            return;
        }
    }
    snprintf(line, sizeof line, "break %s", e->ops[vs->cursor].name);
    tui_command(e, vs, console, line);
}

/* The ':' line's history, newest last (gdb and shells recall with Up/C-p). */
enum { HISTORY_MAX = 64 };
static char history[HISTORY_MAX][1024];
static int history_len, history_at;

static void history_add(const char *line)
{
    if (history_len > 0 && strcmp(history[history_len - 1], line) == 0) {
        history_at = history_len;
        return;
    }
    if (history_len == HISTORY_MAX) {
        memmove(history[0], history[1], sizeof history[0] * (HISTORY_MAX - 1));
        history_len--;
    }
    snprintf(history[history_len++], sizeof history[0], "%s", line);
    history_at = history_len;
}

static void history_recall(ViewState *vs, int step)
{
    history_at = view_clamp(history_at + step, 0, history_len);
    snprintf(vs->cmdline, sizeof vs->cmdline, "%s", history_at < history_len ? history[history_at] : "");
}

/* Tab: completes a command name, then value names; lists the candidates when several match. */
static void complete(Engine *e, ViewState *vs)
{
    char done[256];
    int n = command_complete(e, vs->cmdline, done, sizeof done);
    if (n == 1) {
        snprintf(vs->cmdline, sizeof vs->cmdline, "%s", done);
    } else {
        snprintf(vs->message, sizeof vs->message, n == 0 ? "no completion" : "%d names match: type more", n);
        vs->message_error = n == 0;
    }
}

static void edit_cmdline(Engine *e, ViewState *vs, StrBuf *console, const KeyEvent *ev, bool *running)
{
    size_t len = strlen(vs->cmdline);
    switch (ev->kind) {
    case TK_ENTER:
        vs->cmd_active = false;
        if (len > 0) {
            char line[sizeof vs->cmdline];
            snprintf(line, sizeof line, "%s", vs->cmdline);
            history_add(line);
            *running = tui_command(e, vs, console, line);
        }
        vs->cmdline[0] = '\0';
        break;
    case TK_UP:
    case TK_DOWN:
        history_recall(vs, ev->kind == TK_UP ? -1 : 1);
        break;
    case TK_TAB:
        complete(e, vs);
        break;
    case TK_ESC:
        vs->cmd_active = false;
        vs->cmdline[0] = '\0';
        break;
    case TK_BACKSPACE:
        if (len > 0) {
            vs->cmdline[len - 1] = '\0';
        } else {
            vs->cmd_active = false;
        }
        break;
    case TK_CHAR:
        if (ev->ch == 16 || ev->ch == 14) { /* C-p, C-n */
            history_recall(vs, ev->ch == 16 ? -1 : 1);
        } else if (ev->ch >= 32 && ev->ch < 127 && len + 1 < sizeof vs->cmdline) {
            vs->cmdline[len] = (char)ev->ch;
            vs->cmdline[len + 1] = '\0';
        } else if (ev->ch >= 32 && ev->ch < 127) { /* said, never cut silently */
            snprintf(vs->message, sizeof vs->message, "the command line is full: it holds %zu characters",
                     sizeof vs->cmdline - 1);
            vs->message_error = true;
        }
        break;
    default:
        break;
    }
}

/* Marks the entries the explanation of entry (text, "Z2[1](1,2)") is
 * computed from, so the screen shows where its terms come from. */
static void mark_explained(const Engine *e, ViewState *vs, const char *text)
{
    EntryRef ref;
    const char *end = NULL;
    Diag d;
    Explanation ex;
    vs->nmarks = 0;
    if (entry_parse(e, text, &end, 0, &ref, &d) != 0 || engine_explain(e, &ref, &ex, &d) != 0) {
        return;
    }
    int max = (int)(sizeof vs->marks / sizeof vs->marks[0]);
    for (int k = 0; k < ex.nterms; k++) {
        const char *labels[] = { ex.terms[k].a, ex.terms[k].b };
        for (int f = 0; f < 2 && vs->nmarks < max; f++) {
            EntryRef t;
            if (labels[f][0] != '\0' && entry_parse(e, labels[f], &end, 0, &t, &d) == 0 && *end == '\0') {
                vs->marks[vs->nmarks].value = t.value;
                vs->marks[vs->nmarks].row = t.row;
                vs->marks[vs->nmarks++].col = t.col;
            }
        }
    }
    if (vs->nmarks > 0) {
        snprintf(vs->message, sizeof vs->message, "%.180s = ... from %d marked entries (details in the output)", text,
                 vs->nmarks);
    }
    explain_release(&ex);
}

/* A view action of the key table (keys.c): changes only the view state, or
 * runs a command built from it. */
static bool view_action(Engine *e, ViewState *vs, StrBuf *console, const KeyEvent *ev, ViewAction a, int nitems,
                        int width, int height)
{
    char line[128];
    switch (a) {
    case VA_NONE:
        break;
    case VA_GOTO_SELECTED:
        snprintf(line, sizeof line, "goto %d", vs->cursor);
        tui_command(e, vs, console, line);
        break;
    case VA_TOGGLE_BREAK:
        toggle_break(e, vs, console);
        break;
    case VA_SELECT_UP:
    case VA_SELECT_DOWN:
        vs->cursor = view_clamp(vs->cursor + (a == VA_SELECT_UP ? -1 : 1), 0, e->nops - 1);
        vs->focus = vs->pan_row = vs->pan_col = 0;
        vs->sel_row = vs->sel_col = 0;
        vs->nmarks = 0;
        break;
    case VA_FOCUS_NEXT:
    case VA_FOCUS_PREV:
        vs->focus = nitems > 0 ? (vs->focus + (a == VA_FOCUS_NEXT ? 1 : nitems - 1)) % nitems : 0;
        vs->pan_row = vs->pan_col = 0;
        vs->sel_row = vs->sel_col = 0;
        vs->nmarks = 0;
        break;
    case VA_OUTPUT_BACK: {
        /* never further back than the output goes, so '>' always comes back (issue 17.6) */
        int lines = 0;
        for (const char *q = console->text != NULL ? console->text : ""; *q != '\0'; q++) {
            lines += *q == '\n';
        }
        vs->console_back = view_clamp(vs->console_back + 5, 0, lines);
        break;
    }
    case VA_OUTPUT_FORWARD:
        vs->console_back = view_clamp(vs->console_back - 5, 0, 1 << 20);
        break;
    case VA_COMPARE:
        vs->compare = !vs->compare;
        vs->grid = false;
        vs->pan_col = 0;
        break;
    case VA_HEATMAP: /* numbers -> heatmap -> image (256 colours) -> numbers */
        if (vs->heatmap && vs->images) {
            vs->heatmap = false;
            vs->image = true;
        } else if (vs->heatmap || vs->image) {
            vs->heatmap = vs->image = false;
        } else {
            vs->heatmap = true;
        }
        snprintf(vs->message, sizeof vs->message, "%s (h: %s)",
                 vs->image ? "image view: half blocks, two rows a line" : vs->heatmap ? "heatmap" : "numbers",
                 vs->image || !vs->images ? "numbers next" : vs->heatmap ? "the image view next" : "heatmap next");
        vs->message_error = false;
        break;
    case VA_MORE_DECIMALS:
        vs->decimals = view_clamp(vs->decimals < 0 ? 2 : vs->decimals + 1, 0, 6);
        break;
    case VA_FEWER_DECIMALS:
        vs->decimals = view_clamp(vs->decimals < 0 ? 1 : vs->decimals - 1, 0, 6);
        break;
    case VA_PAN_LEFT:
        if (vs->grid) { /* the previous channel or filter */
            vs->channel = view_clamp((vs->channel > 0 ? vs->channel : 1) - 1, 1, view_grid_count(e, vs) > 0 ? view_grid_count(e, vs) : 1);
            break;
        }
        vs->pan_col = view_clamp(vs->pan_col - 4, 0, 1 << 20);
        break;
    case VA_PAN_RIGHT:
        if (vs->grid) {
            vs->channel = view_clamp((vs->channel > 0 ? vs->channel : 1) + 1, 1, view_grid_count(e, vs) > 0 ? view_grid_count(e, vs) : 1);
            break;
        }
        vs->pan_col += 4;
        break;
    case VA_PAN_UP:
    case VA_PAGE_UP:
        vs->pan_row = view_clamp(vs->pan_row - (a == VA_PAN_UP ? 2 : 10), 0, 1 << 20);
        break;
    case VA_PAN_DOWN:
    case VA_PAGE_DOWN:
        vs->pan_row += a == VA_PAN_DOWN ? 2 : 10;
        break;
    case VA_CHANNEL:
        vs->channel = (int)(ev->ch - '0');
        vs->pan_row = vs->pan_col = 0;
        break;
    case VA_CLICK: {
        int index, row, col;
        HitKind hit = view_hit(e, vs, width, height, ev->x, ev->y, &index);
        if (hit == HIT_OP) {
            vs->cursor = index;
            vs->focus = vs->pan_row = vs->pan_col = 0;
            vs->sel_row = vs->sel_col = 0;
            vs->nmarks = 0;
        } else if (hit == HIT_ITEM) {
            bool same = index == vs->focus;
            bool entry = view_hit_entry(e, vs, width, height, ev->x, ev->y, index, &row, &col);
            if (!same) {
                vs->focus = index;
                vs->pan_row = vs->pan_col = 0;
                entry = entry && view_hit_entry(e, vs, width, height, ev->x, ev->y, index, &row, &col);
            }
            vs->sel_row = entry ? row : 0;
            vs->sel_col = entry ? col : 0;
            if (entry) {
                char label[48];
                view_focused_label(e, vs, label, sizeof label);
                snprintf(vs->message, sizeof vs->message, "%s(%d,%d) selected: x explains it, G checks its gradient",
                         label, row, col);
                vs->message_error = false;
            }
        }
        break;
    }
    case VA_EXPLAIN:
    case VA_GRADCHECK: {
        char label[48];
        view_focused_label(e, vs, label, sizeof label);
        const char *verb = a == VA_EXPLAIN ? "explain" : "gradcheck";
        if (vs->sel_row > 0 && label[0] != '\0') {
            snprintf(line, sizeof line, "%s %s(%d,%d)", verb, label, vs->sel_row, vs->sel_col);
            tui_command(e, vs, console, line);
            if (a == VA_EXPLAIN) {
                mark_explained(e, vs, line + strlen(verb) + 1);
            }
        } else { /* no entry selected: the command line, ready for the indexes */
            vs->cmd_active = true;
            snprintf(vs->cmdline, sizeof vs->cmdline, "%s %s(", verb, label);
        }
        break;
    }
    case VA_COMMAND_LINE:
        vs->cmd_active = true;
        vs->cmdline[0] = '\0';
        history_at = history_len;
        break;
    case VA_HELP:
        vs->help = true;
        break;
    case VA_GRID:
        vs->grid = !vs->grid;
        vs->compare = false;
        break;
    case VA_PAINT:
        (void)paint_start(e, vs);
        break;
    case VA_TRAINING:
        vs->training = true;
        if (!training_progress(e, &(TrainProgress){ 0 })) {
            vs->training = false;
            snprintf(vs->message, sizeof vs->message, "no training yet: ':data fashion-mnist', then ':train 1 epochs'");
        }
        break;
    case VA_QUIT:
        return false;
    }
    return true;
}

bool tui_handle_key(Engine *e, ViewState *vs, StrBuf *console, const KeyEvent *ev, int width, int height)
{
    bool running = true;
    if (vs->cmd_active) {
        edit_cmdline(e, vs, console, ev, &running);
        return running;
    }
    if ((vs->help || vs->training) && ev->kind != TK_NONE && ev->kind != TK_RESIZE) {
        vs->help = vs->training = false;
        vs->train_progress = NULL;
        vs->train_rate = NULL;
        return true;
    }
    if (vs->paint && paint_key(e, vs, console, ev, width, height)) {
        return true;
    }
    const KeyBinding *kb = keys_find(ev);
    if (kb == NULL) {
        return true;
    }
    if (kb->command != NULL) {
        return tui_command(e, vs, console, kb->command);
    }
    OpItem items[VIEW_MAX_ITEMS];
    int nitems = view_items(e, view_clamp(vs->cursor, 0, e->nops - 1), items, VIEW_MAX_ITEMS);
    return view_action(e, vs, console, ev, kb->action, nitems, width, height);
}

/* Shows the player's state: narration, chapter, highlight. */
static void lesson_view(LessonPlayer *p, ViewState *vs)
{
    static char title[256];
    const char *chapter = player_chapter(p);
    int parts = lesson_pause_count(p->lesson) + 1;
    int shown = p->next >= p->lesson->nsteps ? parts : player_pause_index(p);
    snprintf(title, sizeof title, "%s%s%s  [%d/%d]", p->lesson->title, chapter[0] ? " - " : "", chapter, shown,
             parts);
    vs->title = title;
    vs->narration = sb_str(&p->narration);
    vs->narration_scroll = 0;
    vs->highlight = p->highlight;
    vs->hl_row = p->hl_row;
    vs->hl_col = p->hl_col;
    if (p->view[VIEW_HEATMAP] >= 0) {
        vs->heatmap = p->view[VIEW_HEATMAP] != 0;
        vs->image = false;
    }
    if (p->view[VIEW_CHANNEL] >= 0) {
        vs->channel = p->view[VIEW_CHANNEL];
    }
    if (p->view[VIEW_IMAGE] >= 0) { /* without 256 colours the heatmap stands in */
        vs->image = p->view[VIEW_IMAGE] != 0 && vs->images;
        vs->heatmap = p->view[VIEW_IMAGE] != 0 ? !vs->images : vs->heatmap;
    }
    if (p->view[VIEW_COMPARE] >= 0) {
        vs->compare = p->view[VIEW_COMPARE] != 0;
    }
    follow(p->engine, vs);
}

/* A question waits: the command line becomes its answer line. */
static void start_question(LessonPlayer *p, ViewState *vs)
{
    static char prompt[96];
    if (p->question == NULL) {
        return;
    }
    snprintf(prompt, sizeof prompt, "answer: %.60s = ", p->question->text);
    vs->prompt = prompt;
    vs->cmd_active = true;
    vs->cmdline[0] = '\0';
    snprintf(vs->message, sizeof vs->message, "type a number (or [1 2; 3 4]) and Enter; Enter alone shows the answer");
    vs->message_error = false;
}

static void end_question(ViewState *vs)
{
    vs->prompt = NULL;
    vs->cmd_active = false;
    vs->cmdline[0] = '\0';
}

/* Enter on the answer line: the verdict goes to the output and the message. */
static void answer_key(LessonPlayer *p, ViewState *vs, StrBuf *console, const KeyEvent *ev)
{
    size_t len = strlen(vs->cmdline);
    if (ev->kind == TK_CHAR && ev->ch >= 32 && ev->ch < 127 && len + 1 < sizeof vs->cmdline) {
        vs->cmdline[len] = (char)ev->ch;
        vs->cmdline[len + 1] = '\0';
        return;
    }
    if (ev->kind == TK_BACKSPACE && len > 0) {
        vs->cmdline[len - 1] = '\0';
        return;
    }
    if (ev->kind != TK_ENTER && ev->kind != TK_ESC) {
        return;
    }
    StrBuf out;
    sb_init(&out);
    sb_printf(console, "(answer) %s\n", vs->cmdline);
    AnswerVerdict v = player_answer(p, ev->kind == TK_ESC ? NULL : vs->cmdline, 2, &out);
    sb_append(console, sb_str(&out));
    vs->console = sb_str(console);
    vs->console_back = 0;
    snprintf(vs->message, sizeof vs->message, "%.*s", (int)strcspn(sb_str(&out), "\n"), sb_str(&out));
    vs->message_error = v != ANSWER_RIGHT;
    vs->cmdline[0] = '\0';
    if (p->question != NULL) { /* the line stays: say why on it */
        static char again[160];
        snprintf(again, sizeof again, "%s answer: %.60s = ",
                 v == ANSWER_UNREADABLE ? "not a number;" : "not quite, one more try;", p->question->text);
        vs->prompt = again;
    } else {
        end_question(vs);
        strncat(vs->message, "   (Enter: on with the lesson)", sizeof vs->message - strlen(vs->message) - 1);
    }
    sb_release(&out);
}

void tui_lesson_advance(LessonPlayer *p, ViewState *vs, StrBuf *console)
{
    /* whatever the reader explored, the lesson goes on from where it was;
     * replaying from the start only when something was explored keeps a
     * long lesson linear, not quadratic */
    if (player_explored(p)) {
        player_goto_pause(p, player_pause_index(p));
    }
    StrBuf errors;
    sb_init(&errors);
    bool more = player_advance(p, console, &errors);
    if (interrupt_pending() == SIGINT) {
        interrupt_clear(); /* the lesson stopped (the message says where); the session goes on */
    }
    int right = 0, asked = 0;
    trim_console(console);
    vs->console = sb_str(console);
    vs->console_back = 0; /* new output comes into view */
    if (errors.len > 0) {
        snprintf(vs->message, sizeof vs->message, "%.*s", (int)strcspn(sb_str(&errors), "\n"), sb_str(&errors));
        vs->message_error = true;
    } else {
        if (more) {
            snprintf(vs->message, sizeof vs->message, "Enter: on with the lesson   ,: back   ]/[: chapters   R: resume after exploring");
        } else if (player_score(p, &right, &asked), asked > 0) {
            snprintf(vs->message, sizeof vs->message, "the end of the lesson: %d of %d questions right (, goes back; q quits)",
                     right, asked);
        } else {
            snprintf(vs->message, sizeof vs->message, "the end of the lesson (, goes back; q quits)");
        }
        vs->message_error = false;
    }
    sb_release(&errors);
    lesson_view(p, vs);
    start_question(p, vs);
}

void tui_lesson_goto(LessonPlayer *p, ViewState *vs, StrBuf *console, int n)
{
    int count = lesson_pause_count(p->lesson);
    n = view_clamp(n, 0, count);
    player_goto_pause(p, n);
    sb_printf(console, "(lesson) at pause %d of %d\n", player_pause_index(p), count);
    vs->console = sb_str(console);
    snprintf(vs->message, sizeof vs->message, "lesson: pause %d of %d", player_pause_index(p), count);
    vs->message_error = false;
    lesson_view(p, vs);
    p->question = NULL; /* questions are asked when the lesson reaches them, not on the way back */
    end_question(vs);
}

bool tui_lesson_key(LessonPlayer *p, ViewState *vs, StrBuf *console, const KeyEvent *ev)
{
    if ((ev->kind == TK_PGDN || ev->kind == TK_PGUP) && !vs->help && !vs->training) {
        /* in a lesson they scroll the narration, a question waiting or not */
        int most = vs->narration != NULL ? view_wrap(vs->narration, 20)->n : 0; /* an upper bound of its lines */
        vs->narration_scroll = view_clamp(vs->narration_scroll + (ev->kind == TK_PGDN ? 3 : -3), 0, most);
        return true;
    }
    if (p->question != NULL && vs->prompt != NULL) {
        answer_key(p, vs, console, ev);
        return true;
    }
    if (vs->cmd_active || vs->help || vs->training) {
        return false;
    }
    unsigned ch = ev->kind == TK_CHAR ? ev->ch : 0;
    int at = player_stretch(p); /* the stretch of narration on screen, 1-based */
    if (ev->kind == TK_ENTER || ch == '.') {
        tui_lesson_advance(p, vs, console);
    } else if (ch == ',') {
        tui_lesson_goto(p, vs, console, at - 1);
    } else if (ch == 'R') {
        tui_lesson_goto(p, vs, console, at);
    } else if (ch == ']' || ch == '[') {
        /* chapter c's first stretch is the one after its pause count */
        int chapters = lesson_chapter_count(p->lesson), current = -1;
        for (int c = 0; c < chapters; c++) {
            if (lesson_chapter_pause(p->lesson, c) < at) {
                current = c;
            }
        }
        int target = ch == ']' ? current + 1 : current;
        if (ch == '[' && target >= 0 && lesson_chapter_pause(p->lesson, target) + 1 == at) {
            target--; /* at a chapter's start, [ goes to the one before */
        }
        if (target < 0) {
            tui_lesson_goto(p, vs, console, 0);
            tui_lesson_advance(p, vs, console);
        } else if (target < chapters) {
            tui_lesson_goto(p, vs, console, lesson_chapter_pause(p->lesson, target));
            tui_lesson_advance(p, vs, console);
        }
    } else {
        return false;
    }
    return true;
}

typedef struct {
    Engine *engine;
    LessonPlayer *player;
    ViewState vs;
    StrBuf console;
    Recorder rec;
    bool recording;
    int last_chapter;
    bool autoplay_paused;
    double next_autoplay;
    double pace; /* autoplay's seconds per pause, times this (f and s change it) */
} Session;

static Engine *session_engine(const Session *s)
{
    return s->player != NULL ? s->player->engine : s->engine;
}

static void present(Session *s, Canvas *canvas)
{
    view_draw(canvas, session_engine(s), &s->vs);
    term_present(canvas);
    if (s->recording) {
        if (s->player != NULL && s->player->chapter != s->last_chapter && s->player->chapter >= 0) {
            s->last_chapter = s->player->chapter;
            record_marker(&s->rec, player_chapter(s->player));
        }
        record_frame(&s->rec, canvas);
    }
}

static bool autoplay_tick(Session *s, const TuiOptions *opt)
{
    if (s->player == NULL || opt->autoplay <= 0.0 || s->autoplay_paused) {
        return false;
    }
    double now = record_elapsed(&s->rec);
    if (now < s->next_autoplay) {
        return false;
    }
    s->next_autoplay = now + opt->autoplay * s->pace;
    if (s->player->question != NULL) { /* the class had its time to think: the answer */
        KeyEvent enter = { TK_ESC, 0, 0, 0 };
        answer_key(s->player, &s->vs, &s->console, &enter);
        return true;
    }
    if (player_pause_index(s->player) >= lesson_pause_count(s->player->lesson) &&
        s->player->next >= s->player->lesson->nsteps) {
        return false;
    }
    tui_lesson_advance(s->player, &s->vs, &s->console);
    s->next_autoplay = now + player_pace(s->player, opt->autoplay * s->pace); /* a longer narration waits longer */
    return true;
}

/* Opens the terminal and the recording (a clock on /dev/null without one);
 * -1 after saying why not. */
static int session_open(Session *s, const TuiOptions *opt, int *width, int *height)
{
    if (!term_open()) {
        fprintf(stderr, "bpstep: cannot start the terminal UI (is TERM set?); use 'bpstep --batch'\n");
        return -1;
    }
    term_size(width, height);
    if (opt->record != NULL) {
        if (record_open(&s->rec, opt->record, *width, *height, opt->title) != 0) {
            term_close();
            fprintf(stderr, "bpstep: --record: %s\n", s->rec.error);
            return -1;
        }
        s->recording = true;
    } else {
        record_open(&s->rec, NULL, *width, *height, NULL);
    }
    view_state_init(&s->vs);
    s->vs.unicode = term_unicode();
    s->vs.colour = term_colour();
    s->vs.images = term_images() && s->vs.unicode;
    s->vs.title = opt->title;
    snprintf(s->vs.message, sizeof s->vs.message, "space or s steps one op, n runs to the end of the layer, p steps back, ? every key");
    const Net *net = s->engine != NULL ? s->engine->net : NULL;
    if (net != NULL && net->spec.LC > 0 && net->conv[1].a * net->conv[1].b <= 64) {
        /* small maps (the slides' image B): shown as images, channel 1 first */
        s->vs.channel = 1;
        snprintf(s->vs.message, sizeof s->vs.message, "channel 1 shown as images (0: all channels, 2: the next); "
                 "space steps, ? keys");
    }
    if (s->player != NULL) {
        s->player->quiet_narration = true;
        tui_lesson_advance(s->player, &s->vs, &s->console);
        s->next_autoplay = opt->autoplay;
    }
    return 0;
}

/* A canvas of the terminal's size, replaced when the size changed. */
static Canvas *fit_canvas(Canvas *canvas, int *width, int *height)
{
    term_size(width, height);
    if (canvas->width == *width && canvas->height == *height) {
        return canvas;
    }
    Canvas *next = canvas_new(*width > 0 ? *width : 1, *height > 0 ? *height : 1);
    if (next == NULL) {
        return canvas;
    }
    canvas_free(canvas);
    return next;
}

/* One key: the lesson's keys first, then the debugger's; false to quit. */
static bool session_key(Session *s, const TuiOptions *opt, const KeyEvent *ev, int width, int height)
{
    if (width < VIEW_MIN_WIDTH || height < VIEW_MIN_HEIGHT) {
        return !(ev->kind == TK_CHAR && ev->ch == 'q');
    }
    if (s->player != NULL && opt->autoplay > 0.0 && ev->kind == TK_CHAR && (ev->ch == 'F' || ev->ch == 'S')) {
        /* faster or slower, as a teacher reads the room */
        s->pace = view_clamp((int)(s->pace * (ev->ch == 'F' ? 0.67 : 1.5) * 100 + 0.5), 10, 1000) / 100.0;
        snprintf(s->vs.message, sizeof s->vs.message, "autoplay: %.2g s per pause of 20 words (F faster, S slower)",
                 opt->autoplay * s->pace);
        s->vs.message_error = false;
        s->next_autoplay = record_elapsed(&s->rec) + player_pace(s->player, opt->autoplay * s->pace);
        return true;
    }
    if (s->player != NULL && opt->autoplay > 0.0 && ev->kind == TK_CHAR && ev->ch == ' ') {
        s->autoplay_paused = !s->autoplay_paused;
        snprintf(s->vs.message, sizeof s->vs.message, "autoplay %s (space)", s->autoplay_paused ? "paused" : "on");
        s->next_autoplay = record_elapsed(&s->rec) + player_pace(s->player, opt->autoplay * s->pace);
        return true;
    }
    if (s->player != NULL && tui_lesson_key(s->player, &s->vs, &s->console, ev)) {
        s->next_autoplay = record_elapsed(&s->rec) + player_pace(s->player, opt->autoplay * s->pace);
        return true;
    }
    return tui_handle_key(session_engine(s), &s->vs, &s->console, ev, width, height);
}

/* Training from the ':' line: the pane is redrawn at most 10 times a second
 * while `train` or `test` runs; any key asks it to stop at the next batch. */
typedef struct {
    Session *s;
    Canvas **canvas;
    int *width, *height;
    double start[2], last; /* train's and test's start (test runs inside train N epochs) */
    TrainProgress shown; /* the counters of the last report */
    char rate[64];
} LiveTrain;

static void live_progress(void *ctx, const TrainProgress *p)
{
    LiveTrain *lt = ctx;
    double now = record_elapsed(&lt->s->rec);
    int which = strcmp(p->what, "test") == 0;
    if (p->step == 0) { /* before the first batch */
        lt->start[which] = now;
        lt->last = -1.0;
    }
    if (!p->done && now - lt->last < 0.1) {
        return;
    }
    lt->last = now;
    progress_rate_text(p, now - lt->start[which], lt->rate, sizeof lt->rate);
    lt->shown = *p;
    Session *s = lt->s;
    s->vs.training = true;
    s->vs.train_rate = lt->rate;
    s->vs.train_progress = &lt->shown;
    *lt->canvas = fit_canvas(*lt->canvas, lt->width, lt->height);
    present(s, *lt->canvas);
    KeyEvent ev = term_read(0);
    if (ev.kind != TK_NONE && ev.kind != TK_RESIZE && !p->done) {
        interrupt_request(SIGINT);
    }
    if (p->done && strcmp(p->what, "test") == 0) { /* test's result is one line: no pane to close */
        s->vs.training = false;
        s->vs.train_progress = NULL;
    }
}

int tui_run(Engine *e, LessonPlayer *player, const TuiOptions *opt)
{
    Session s;
    memset(&s, 0, sizeof s);
    s.engine = e;
    s.player = player;
    s.last_chapter = -1;
    s.pace = 1.0;
    sb_init(&s.console);
    int width = 80, height = 24;
    if (session_open(&s, opt, &width, &height) != 0) {
        sb_release(&s.console);
        return 2;
    }
    Canvas *canvas = canvas_new(width, height);
    bool running = canvas != NULL;
    LiveTrain live = { &s, &canvas, &width, &height, { 0.0, 0.0 }, 0.0, { 0 }, "" };
    host_set_progress(live_progress, &live);
    while (running) {
        present(&s, canvas);
        KeyEvent ev = term_read(100);
        if (ev.kind == TK_SIGNAL) {
            break;
        }
        if (ev.kind == TK_RESIZE || ev.kind == TK_NONE) {
            canvas = fit_canvas(canvas, &width, &height);
            autoplay_tick(&s, opt);
            continue;
        }
        running = session_key(&s, opt, &ev, width, height);
    }
    host_set_progress(NULL, NULL);
    term_close();
    canvas_free(canvas);
    sb_release(&s.console);
    int status = 0;
    if (record_close(&s.rec) != 0 && s.recording) {
        fprintf(stderr, "bpstep: --record: %s\n", s.rec.error);
        status = 2;
    }
    int sig = signals_exit_status();
    return sig != 0 ? sig : status;
}
