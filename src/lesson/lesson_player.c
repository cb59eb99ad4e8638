/* lesson_player.c: playing a lesson: its steps through the command
 * language, narration, highlights, expects, pauses and chapters.
 * Must not: talk to the terminal. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../debugger/command.h"
#include "../debugger/expr.h"
#include "../debugger/explain_text.h"
#include "../debugger/format.h"
#include "../debugger/matlit.h"
#include "../debugger/training.h"
#include "../debugger/values.h"
#include "../base/textwidth.h"
#include "../base/interrupt.h"
#include "../math/reference.h"
#include "lesson_internal.h"
#include "netfile.h"


static void remember_left(LessonPlayer *p)
{
    p->left_engine = p->engine;
    p->left_generation = p->engine != NULL ? p->engine->generation : 0;
}

static void player_reset(LessonPlayer *p)
{
    engine_free(p->engine);
    p->engine = engine_from_spec(NULL, 0);
    if (p->engine != NULL) {
        p->engine->host = p->host;
    }
    p->next = 0;
    p->chapter = -1;
    sb_clear(&p->narration);
    cmd_result_release(&p->shown);
    p->highlight[0] = '\0';
    p->hl_row = p->hl_col = 0;
    p->failures = 0;
    p->question = NULL;
    player_forget_wrong(p);
    p->tries = p->asked = 0;
    p->work = 0;
    p->stopped = false;
    for (int v = 0; v < VIEW_KINDS; v++) {
        p->view[v] = -1;
    }
    remember_left(p);
}

LessonPlayer *player_new(const Lesson *l, const Host *host)
{
    LessonPlayer *p = calloc(1, sizeof *p);
    if (p == NULL) {
        return NULL;
    }
    p->lesson = l;
    p->host = host != NULL ? host : host_none();
    sb_init(&p->narration);
    cmd_result_init(&p->shown);
    p->right_at = calloc((size_t)l->nsteps + 1, 1);
    player_reset(p);
    if (p->engine == NULL || p->right_at == NULL) {
        player_free(p);
        return NULL;
    }
    return p;
}

void player_free(LessonPlayer *p)
{
    if (p == NULL) {
        return;
    }
    engine_free(p->engine);
    sb_release(&p->narration);
    player_forget_wrong(p);
    cmd_result_release(&p->shown);
    free(p->right_at);
    free(p);
}


static void run_command(LessonPlayer *p, const LessonStep *st, const char *line, StrBuf *out, StrBuf *errors)
{
    CmdResult r;
    cmd_result_init(&r);
    Engine *e = p->engine;
    int before = e->pos;
    CmdStatus status = command_run(e, line, &r);
    Diag d = r.diag;
    if (out != NULL) {
        cmd_result_text(&r, out);
    }
    if (e == p->engine && e->pos == before && r.nblocks > 0) { /* it showed something (it did not move) */
        (void)cmd_result_append_headed(&p->shown, line, &r); /* out of memory: the transcript still has it */
    }
    cmd_result_release(&r);
    if (status == CMD_ERROR) {
        p->last_error = d;
        char msg[400];
        snprintf(msg, sizeof msg, "%s", d.msg);
        player_report(p, errors, st, st->kind == LS_COMMAND && d.col > 0 ? st->col + d.col - 1 : 0, msg);
    }
}

/* `load FILE`: the file read at load, applied as the command would. */
static void run_load(LessonPlayer *p, const LessonStep *st, StrBuf *out, StrBuf *errors)
{
    if (st->broken) {
        return;
    }
    if (out != NULL) {
        sb_printf(out, "(bpstep) load %s\n", st->text);
    }
    StrBuf tmp;
    sb_init(&tmp);
    Diag d;
    diag_clear(&d);
    if (params_load_text(p->engine, st->text, st->file, &tmp, &d) != 0) {
        p->last_error = d;
        player_report(p, errors, st, 0, d.msg);
    } else if (out != NULL) {
        sb_append(out, sb_str(&tmp));
    }
    sb_release(&tmp);
}

/* An expect: 1 passed, 0 failed (errors says how), -1 not evaluable. */
static int check_expect(LessonPlayer *p, const LessonStep *st, StrBuf *out, StrBuf *errors)
{
    ExprResult r;
    Diag d = { 0 };
    diag_clear(&d);
    if (expr_eval(p->engine, st->text, 0, &r, &d) != 0) {
        char msg[400];
        snprintf(msg, sizeof msg, "expect %s: %s", st->text, d.msg);
        player_report(p, errors, st, 0, msg);
        return -1;
    }
    bool ok = mat_count(&r.m) == mat_count(&st->matrix) &&
              (r.m.rows == st->matrix.rows || r.m.rows == 1 || r.m.cols == 1);
    for (size_t k = 0; ok && k < mat_count(&r.m); k++) {
        double got = r.m.data[k], want = st->matrix.data[k];
        double slack = st->approx ? st->tol * fmax(1.0, fabs(want)) : st->tol;
        ok = fabs(got - want) <= slack;
    }
    StrBuf got;
    sb_init(&got);
    fmt_compact(&got, &r.m, 16);
    if (out != NULL) {
        sb_printf(out, "expect %s %s: %s\n", st->text, ok ? "holds" : "FAILS", sb_str(&got));
    }
    if (!ok) {
        StrBuf want;
        sb_init(&want);
        fmt_compact(&want, &st->matrix, 16);
        char msg[600];
        snprintf(msg, sizeof msg, "expect failed: %s is %.200s (%d x %d), expected %.200s", st->text, sb_str(&got),
                 r.m.rows, r.m.cols, sb_str(&want));
        player_report(p, errors, st, 0, msg);
        sb_release(&want);
        p->failures++;
    }
    sb_release(&got);
    mat_release(&r.m);
    return ok ? 1 : 0;
}

static void run_net(LessonPlayer *p, const LessonStep *st, StrBuf *errors)
{
    NetFile nf = { st->spec, st->onnx }; /* an .onnx file's weights, else simpleNN's random ones */
    Engine *e = netfile_engine(&nf, 1);
    if (e == NULL) {
        player_report(p, errors, st, 0, "out of memory building the network");
        return;
    }
    e->host = p->host;
    engine_free(p->engine);
    p->engine = e;
}

/* `highlight NAME` or `highlight NAME(i,j)`: what the screen puts first,
 * until the next chapter or `highlight off`. */
static void run_highlight(LessonPlayer *p, const LessonStep *st, StrBuf *out, StrBuf *errors)
{
    if (strcmp(st->text, "off") == 0) {
        p->highlight[0] = '\0';
        p->hl_row = p->hl_col = 0;
        return;
    }
    p->points_at_values = true;
    snprintf(p->highlight, sizeof p->highlight, "%s", st->text);
    p->hl_row = st->hl_row;
    p->hl_col = st->hl_col;
    ExprResult r;
    Diag d = { 0 };
    char msg[400];
    if (expr_eval(p->engine, st->text, 0, &r, &d) != 0) {
        snprintf(msg, sizeof msg, "highlight %s: %s", st->text, d.msg);
        player_report(p, errors, st, 0, msg);
        return;
    }
    if (st->hl_row > r.m.rows || st->hl_col > r.m.cols) {
        snprintf(msg, sizeof msg, "highlight: %s(%d,%d) is outside the matrix, which is %d x %d", st->text,
                 st->hl_row, st->hl_col, r.m.rows, r.m.cols);
        player_report(p, errors, st, 0, msg);
    } else if (out != NULL && st->hl_row > 0) {
        char num[64];
        fmt_number(num, sizeof num, MAT_AT(r.m, st->hl_row - 1, st->hl_col - 1), -1);
        sb_printf(out, "[highlight %s(%d,%d) = %s]\n", st->text, st->hl_row, st->hl_col, num);
    } else if (out != NULL) {
        sb_printf(out, "[highlight %s]\n", st->text);
    }
    mat_release(&r.m);
}

/* `input`: through the command language, so shapes are checked the same way. */
static void run_input(LessonPlayer *p, const LessonStep *st, StrBuf *out, StrBuf *errors)
{
    StrBuf cmd;
    sb_init(&cmd);
    sb_append(&cmd, "set Z1 = [");
    const Matrix *m = &st->matrix;
    for (int r = 0; r < m->rows; r++) {
        for (int c = 0; c < m->cols; c++) {
            sb_printf(&cmd, "%s%.17g", c == 0 ? (r == 0 ? "" : "; ") : " ", MAT_AT(*m, r, c));
        }
    }
    sb_append(&cmd, "]");
    run_command(p, st, sb_str(&cmd), out, errors);
    sb_release(&cmd);
    Diag d = { 0 };
    diag_clear(&d);
    if (st->labelled && training_set_label(p->engine, st->label, st->text, &d) != 0) {
        player_report(p, errors, st, 0, d.msg);
    } else if (st->labelled && out != NULL) {
        char note[80];
        values_target_class(p->engine, note, sizeof note);
        sb_printf(out, "input: %s, its label gives %s\n", st->text, note);
    }
}

/* The most channels any feature map of the network has. */
static int max_channels(const Engine *e)
{
    int most = 0;
    for (int v = 0; v < e->net->nvalues; v++) {
        most = e->net->values[v].map_d > most ? e->net->values[v].map_d : most;
    }
    return most;
}



static bool run_step_kind(LessonPlayer *p, const LessonStep *st, StrBuf *out, StrBuf *errors);

static int64_t work_budget = LESSON_MAX_WORK;

void lesson_set_work_budget(int64_t flops)
{
    work_budget = flops > 0 ? flops : LESSON_MAX_WORK;
}

/* `view ...`: what the screen shows next (a channel the network has). */
static void run_view(LessonPlayer *p, const LessonStep *st, StrBuf *out, StrBuf *errors)
{
    if (st->view == VIEW_CHANNEL && st->view_value > max_channels(p->engine)) {
        char msg[160];
        snprintf(msg, sizeof msg, "view channel %d: this network's feature maps have at most %d channels",
                 st->view_value, max_channels(p->engine));
        player_report(p, errors, st, 0, msg);
        return;
    }
    p->view[st->view] = st->view_value;
    p->points_at_values = p->points_at_values || st->view != VIEW_COMPARE;
    if (out != NULL && !p->quiet_narration) {
        sb_printf(out, "[view %s]\n", st->text);
    }
}

/* Runs step i; true when it was a pause. Every step is metered against the
 * lesson's work budget (LESSON_MAX_WORK, docs/limits.md), and a Ctrl-C or a
 * spent budget stops the playing: nothing after it runs. */
bool player_run_step(LessonPlayer *p, int i, StrBuf *out, StrBuf *errors)
{
    const LessonStep *st = &p->lesson->steps[i];
    if (p->stopped) {
        return false;
    }
    int64_t left = work_budget - p->work;
    interrupt_set_budget(left > 0 ? left : 1);
    bool pause = run_step_kind(p, st, out, errors);
    p->work += interrupt_work();
    interrupt_set_budget(0);
    if (p->work > work_budget) {
        char msg[200];
        snprintf(msg, sizeof msg, "the lesson's steps up to here cost more than %.0f GFLOP, the limit for one lesson "
                                  "(docs/limits.md); nothing after this runs", (double)work_budget / 1e9);
        player_report(p, errors, st, 0, msg);
        p->stopped = true;
    } else if (interrupt_pending() != 0) {
        player_report(p, errors, st, 0, "interrupted: the lesson stops here");
        p->stopped = true;
    }
    return pause && !p->stopped;
}

/* `say`: ${EXPR} in the text is the value at this point of the lesson (narration.c). */
static void run_say(LessonPlayer *p, const LessonStep *st, StrBuf *out, StrBuf *errors)
{
    StrBuf said;
    sb_init(&said);
    char why[300];
    int col = 0;
    if (narration_expand(p->engine, st->text, &said, why, sizeof why, &col) != 0) {
        /* a column only on the first line: continuation lines are joined */
        player_report(p, errors, st, col > 0 && col <= st->first_len ? st->col + col - 1 : 0, why);
    }
    sb_printf(&p->narration, "%s%s", p->narration.len > 0 ? "\n" : "", sb_str(&said));
    if (out != NULL && !p->quiet_narration) {
        sb_printf(out, "%s\n", sb_str(&said));
    }
    sb_release(&said);
}

/* A chapter starts: its narration, and no highlight (one lasts its chapter). */
static void run_chapter(LessonPlayer *p, const LessonStep *st, StrBuf *out)
{
    p->chapter = (int)(st - p->lesson->steps);
    sb_clear(&p->narration);
    p->highlight[0] = '\0';
    p->hl_row = p->hl_col = 0;
    if (out != NULL) {
        sb_printf(out, "\n-- %s --\n", st->text);
    }
}

/* A command line of the lesson; the check run takes one step of a `train`,
 * but the work budget counts the whole command. */
static void run_command_step(LessonPlayer *p, const LessonStep *st, StrBuf *out, StrBuf *errors)
{
    if (out != NULL) {
        sb_printf(out, "(bpstep) %s\n", st->text);
    }
    char quick[512];
    if (p->check_run && lesson_quick_train(st->text, quick, sizeof quick)) {
        run_command(p, st, quick, out, errors);
        int64_t once = interrupt_work(), factor = lesson_quick_factor(p, st->text);
        interrupt_charge(factor > 1 && once < INT64_MAX / factor ? once * (factor - 1) : (factor > 1 ? INT64_MAX / 2 : 0));
    } else {
        run_command(p, st, st->text, out, errors);
    }
}

static bool run_step_kind(LessonPlayer *p, const LessonStep *st, StrBuf *out, StrBuf *errors)
{
    switch (st->kind) {
    case LS_TITLE:
        if (out != NULL) {
            sb_printf(out, "== %s ==\n", st->text);
        }
        break;
    case LS_CHAPTER:
        run_chapter(p, st, out);
        break;
    case LS_SAY:
        run_say(p, st, out, errors);
        break;
    case LS_PAUSE:
        return true;
    case LS_HIGHLIGHT:
        run_highlight(p, st, out, errors);
        break;
    case LS_EXPECT:
        check_expect(p, st, out, errors);
        break;
    case LS_VIEW:
        run_view(p, st, out, errors);
        break;
    case LS_NET:
        run_net(p, st, errors);
        break;
    case LS_INPUT:
        run_input(p, st, out, errors);
        break;
    case LS_ASK:
    case LS_CHOOSE:
    case LS_DERIVE:
        return question_ask(p, st, out, errors);
    case LS_LOAD:
        run_load(p, st, out, errors);
        break;
    case LS_COMMAND:
        run_command_step(p, st, out, errors);
        break;
    }
    return false;
}

bool player_explored(const LessonPlayer *p)
{
    return p->engine != p->left_engine || (p->engine != NULL && p->engine->generation != p->left_generation);
}

bool player_advance(LessonPlayer *p, StrBuf *out, StrBuf *errors)
{
    if (p->next >= p->lesson->nsteps) {
        return false; /* at the end: the last stretch stays on screen */
    }
    sb_clear(&p->narration);
    cmd_result_release(&p->shown);
    p->points_at_values = false;
    p->question = NULL; /* a new stretch: an unanswered question is dropped */
    player_forget_wrong(p);
    bool more = false;
    while (p->next < p->lesson->nsteps && !p->stopped) {
        int i = p->next++;
        if (player_run_step(p, i, out, errors)) {
            more = p->next < p->lesson->nsteps;
            break;
        }
    }
    remember_left(p);
    return more;
}

void player_run_all(LessonPlayer *p, StrBuf *out, StrBuf *errors)
{
    while (p->next < p->lesson->nsteps && !p->stopped) {
        player_run_step(p, p->next++, out, errors);
    }
}

int player_stretch(const LessonPlayer *p)
{
    bool past_pause = p->next > 0 && lesson_step_stops(p->lesson->steps[p->next - 1].kind);
    /* at the end of a lesson that does not end in a pause, the last stretch
     * is on screen: one more than the pauses passed */
    return player_pause_index(p) + (p->next > 0 && !past_pause ? 1 : 0);
}

int player_pause_index(const LessonPlayer *p)
{
    int n = 0;
    for (int i = 0; i < p->next; i++) {
        n += lesson_step_stops(p->lesson->steps[i].kind);
    }
    return n;
}

void player_goto_pause(LessonPlayer *p, int n)
{
    player_reset(p);
    if (p->engine == NULL) {
        return;
    }
    /* replay silently; the narration kept is that of the last stretch */
    for (int k = 0; k < n; k++) {
        if (!player_advance(p, NULL, NULL)) {
            break;
        }
    }
}

const char *player_chapter(const LessonPlayer *p)
{
    return p->chapter >= 0 ? p->lesson->steps[p->chapter].text : "";
}


