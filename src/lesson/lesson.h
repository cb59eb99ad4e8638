/* lesson.h: lesson files: a script of commands of the command language plus
 * title, chapter, say (narration), pause, highlight, expect, net and input.
 * A lesson is safe from a stranger: it cannot run programs or write files,
 * and reads only files in or below its own folder. Every problem is found
 * before anything runs and reported as file:line:col: message.
 * Must not: talk to the terminal. */
#ifndef BPSTEP_LESSON_H
#define BPSTEP_LESSON_H

#include "../debugger/command.h"
#include "../debugger/engine.h"
#include "../base/strbuf.h"
#include "../data/onnx.h"
#include "../math/config.h"

typedef enum {
    LS_TITLE, LS_CHAPTER, LS_SAY, LS_PAUSE, LS_HIGHLIGHT, LS_EXPECT, LS_NET, LS_INPUT, LS_VIEW, LS_COMMAND,
    LS_ASK, LS_CHOOSE, LS_DERIVE, LS_LOAD
} LessonStepKind;

/* The words bpstep adds to a lesson's questions, which a lesson may give in
 * its own language with `phrase KEY TEXT` (docs/lessons.md). */
typedef enum {
    PHRASE_QUESTION, /* "Question" (then its number and text) */
    PHRASE_CORRECT,  /* "correct" */
    PHRASE_AGAIN,    /* "not quite; one more try (an empty answer shows it)" */
    PHRASE_WRONG,    /* "not quite." */
    PHRASE_ANSWER,   /* "the answer" */
    PHRASE_HINT,     /* "hint" */
    PHRASE_SCORE,    /* "score: {right} right, {wrong} wrong, {skipped} skipped of {asked}" */
    PHRASE_ENTER,    /* "Enter: on with the lesson" */
    PHRASE_YOURS,    /* "your answer" (the transcript's "your answer: ...", the values pane's wrong derive) */
    PHRASE_NONE,     /* "(no answer)" (the transcript, at a blank line) */
    PHRASE_TYPED,    /* "(answer)" (the terminal's output, before what was typed) */
    PHRASE_PROMPT,   /* "answer:" (the answer line) */
    PHRASE_RETRY,    /* "not quite, one more try;" (the answer line after a wrong try) */
    PHRASE_UNREADABLE, /* "not an answer;" (the answer line after a line that is none) */
    PHRASE_GIVE_UP,  /* "show the answer? (y/n)" (Escape on the answer line; y answers yes) */
    PHRASE_DIFFER,   /* "{n} of {count} entries differ (marked)" (under a wrong derive answer) */
    PHRASE_TYPE_NUMBER, /* how to answer an ask, on the message line */
    PHRASE_TYPE_OPTION, /* how to answer a choose */
    PHRASE_TYPE_EXPRESSION, /* how to answer a derive */
    PHRASE_END,      /* "the end of the lesson" */
    PHRASE_END_KEYS, /* "(, goes back; q quits)" */
    PHRASE_WHAT,     /* "what is {expr}? (a number)": an ask without a text of its own */
    PHRASE_WHAT_MATRIX, /* the same for a {rows} x {cols} value */
    PHRASE_DERIVE_NOTE, /* "(an expression of values computed before it: ...)" after a derive's text */
    PHRASE_COUNT
} LessonPhrase;

/* What `view` sets in the terminal UI: the heatmap, a channel, compare mode, the image view. */
typedef enum { VIEW_HEATMAP, VIEW_CHANNEL, VIEW_COMPARE, VIEW_IMAGE, VIEW_KINDS } LessonView;

typedef struct {
    LessonStepKind kind;
    int line, col;     /* where it starts in the file */
    char *text;        /* narration, chapter or title, the command, or the highlight/expect name */
    NetSpec spec;      /* LS_NET */
    OnnxModel *onnx;   /* LS_NET of an .onnx file: the model's weights (owned), else NULL */
    Matrix matrix;     /* LS_EXPECT: the expected value; LS_INPUT: the input (owned) */
    bool approx;       /* LS_EXPECT: '~' (a scalar, relative tolerance) rather than '==' */
    double tol;        /* LS_EXPECT; LS_ASK: relative tolerance of an answer (absolute near 0) */
    int hl_row, hl_col; /* LS_HIGHLIGHT: 1-based entry, 0 = the whole value */
    bool broken;       /* it had a problem; the silent check run skips it */
    LessonView view;   /* LS_VIEW: which setting */
    int view_value;    /* LS_VIEW: on/off (1/0) or the channel */
    int first_len;     /* LS_SAY: bytes of its first line (col is where that text starts) */
    char *prompt;      /* LS_ASK, LS_CHOOSE, LS_DERIVE: the question as the class reads it (NULL: "what is EXPR?") */
    char *hint;        /* LS_ASK, LS_CHOOSE: shown after the first wrong answer, or NULL */
    char *without;     /* LS_DERIVE: the names the answer may not use ("S1, sigS1"), or NULL */
    char *file;        /* LS_LOAD: the parameter file's text, read at load (owned) */
    char **options;    /* LS_CHOOSE: the options as written, noptions of them */
    int noptions, right_option; /* LS_CHOOSE: how many, and the right one (0-based, marked '*') */
    bool labelled;     /* LS_INPUT: the file's first line is "% label N": y = e_{N+1} */
    int label;         /* LS_INPUT: that N */
} LessonStep;

typedef struct {
    char path[512];
    char title[160];
    char missing[256]; /* a dataset the lesson needs and this machine lacks ("" = none): say, don't play */
    LessonStep *steps;
    int nsteps;
    char *phrase[PHRASE_COUNT]; /* `phrase KEY TEXT`: the lesson's own words, NULL for bpstep's */
} Lesson;

/* Parses the lesson file at path (reading net/input files beside it).
 * On problems returns NULL and appends every one to problems, one
 * "file:line:col: message" per line. The caller frees it with lesson_free. */
Lesson *lesson_load(const char *path, const Host *host, StrBuf *problems);
/* The same for text already in memory, named name, reading files in dir.
 * host (NULL: host_none) serves the check run's `data` and files. */
Lesson *lesson_load_text(const char *name, const char *dir, const char *text, const Host *host, StrBuf *problems);
void lesson_free(Lesson *l);

/* ---- playing ------------------------------------------------------------ */

typedef struct {
    const Lesson *lesson;
    const Host *host;    /* borrowed; every engine the player makes uses it */
    Engine *engine;      /* owned; replaced by `net` steps */
    int next;            /* the next step to run */
    int chapter;         /* index of the current chapter step, -1 before any */
    StrBuf narration;    /* what was said since the last pause (or chapter) */
    CmdResult shown;     /* the blocks of the stretch's commands that did not move the engine
                          * (compare, explain, print, info), each after a BLOCK_HEADING: the screen's result view */
    bool points_at_values; /* the stretch ran a `view` (not compare) or a `highlight`: the values come first */
    char highlight[40];  /* a value to show, or "" */
    int hl_row, hl_col;
    int failures;        /* expect lines that failed */
    bool quiet_narration; /* narration stays out of the transcript (the UI shows it apart) */
    bool check_run;      /* the silent run at load: `train` takes one step */
    int64_t work;        /* operations the lesson's own steps cost so far (interrupt.h) */
    bool stopped;        /* Ctrl-C or a spent work budget ended the playing; nothing more runs */
    int view[VIEW_KINDS]; /* per LessonView: the value a `view` line asked for, or -1 */
    const LessonStep *question;  /* an `ask` waiting for its answer, or NULL */
    int tries;                   /* wrong answers to the question so far */
    int q_rows, q_cols;          /* the shape of the asked value */
    int asked;                   /* questions asked since the start (their number) */
    /* a derive question's last wrong answer of the value's shape (owned, or
     * empty), and per entry 1 where it differs from the pass's value: the
     * values pane shows it with those entries marked until the next stretch */
    Matrix wrong;
    unsigned char *wrong_differs;
    int wrong_count;             /* how many entries of it differ */
    unsigned char *right_at;     /* per step: how its question ended, an AnswerOutcome (kept when going back) */
    Diag last_error;             /* the last command that failed: why (its kind too) */
    const Engine *left_engine;   /* the engine and its generation when the last */
    unsigned long left_generation; /* stretch ended: unchanged = not explored */
} LessonPlayer;

/* A player at the start of the lesson (reference network until a `net`),
 * its engines on host (NULL: host_none; it must outlive the player).
 * NULL when out of memory. */
LessonPlayer *player_new(const Lesson *l, const Host *host);
void player_free(LessonPlayer *p);

/* How long a class needs for the stretch just played: base seconds per 20
 * words of its narration, at least base (so autoplay and paced recordings
 * wait longer after a long paragraph). */
double player_pace(const LessonPlayer *p, double base);

/* Whether the lesson stops at a step of this kind: a pause, an `ask` or a `choose`. */
bool lesson_step_stops(LessonStepKind kind);

/* Runs steps until the next pause (past it) or the end; the transcript
 * (chapters, narration, command output) goes to out, problems and failed
 * expects to errors as "file:line: message". Returns false at the end. */
bool player_advance(LessonPlayer *p, StrBuf *out, StrBuf *errors);
/* Whether the reader changed the engine since the lesson last advanced. */
bool player_explored(const LessonPlayer *p);
/* The answer to the pending question (a number or a small matrix literal);
 * NULL or "" gives up. Writes the verdict, and after a wrong answer the
 * right one with its explanation. Returns ANSWER_AGAIN while a retry is
 * allowed (max_tries answers in all), else clears the question. */
typedef enum { ANSWER_RIGHT, ANSWER_AGAIN, ANSWER_SHOWN, ANSWER_UNREADABLE } AnswerVerdict;
AnswerVerdict player_answer(LessonPlayer *p, const char *answer, int max_tries, StrBuf *out);
/* How a question ended: not yet (or skipped with ] or by going on), right,
 * wrong (after its tries), or shown on request without a wrong try. */
typedef enum { OUTCOME_NONE, OUTCOME_RIGHT, OUTCOME_WRONG, OUTCOME_SHOWN } AnswerOutcome;
/* Questions passed so far, and how many of them were answered right. */
void player_score(const LessonPlayer *p, int *right, int *asked);
/* The score line, in the lesson's words: "score: 3 right, 1 wrong, 1
 * skipped of 5" ("" when nothing was asked). */
void player_score_text(const LessonPlayer *p, char *buf, size_t size);
/* The lesson's word for key (its `phrase` line, or bpstep's). */
const char *lesson_phrase(const Lesson *l, LessonPhrase key);
/* The phrase key into buf with each {names[k]} in it replaced by values[k]
 * (n of them; "{right}" and so on, braces included). */
void lesson_phrase_fill(const Lesson *l, LessonPhrase key, const char *const names[], const char *const values[],
                        int n, char *buf, size_t size);
/* What the answer line names: the asked expression, or "" for a question
 * with its own text or options. */
const char *player_answer_label(const LessonPlayer *p);
/* Forgets the derive answer kept in p->wrong (a new stretch, a new question). */
void player_forget_wrong(LessonPlayer *p);
/* The question's text as asked ("what is dS1(1,6)? ...") into buf, or ""
 * with none. */
void player_question(const LessonPlayer *p, char *buf, size_t size);

/* The work one playing of a lesson may cost, its check run at load included:
 * LESSON_MAX_WORK (interrupt.h, docs/limits.md) unless a test sets less;
 * 0 restores the default. */
void lesson_set_work_budget(int64_t flops);

/* Runs the whole lesson. */
void player_run_all(LessonPlayer *p, StrBuf *out, StrBuf *errors);
/* Starts again and runs n stretches, to just after pause number n (0 = the
 * start, nothing run). */
void player_goto_pause(LessonPlayer *p, int n);
/* Pause number the player is at (pauses passed), and how many there are. */
/* The stretch of narration on screen, 1-based: the pauses passed, plus one
 * at the end when the lesson does not end in a pause; 0 before the start. */
int player_stretch(const LessonPlayer *p);
int player_pause_index(const LessonPlayer *p);
int lesson_pause_count(const Lesson *l);
/* The pause index at which chapter c (0-based) starts, and chapters count. */
int lesson_chapter_count(const Lesson *l);
int lesson_chapter_pause(const Lesson *l, int c);
/* The number (1-based) of the chapter that step `step` belongs to: the
 * chapter lines at or before it; 0 before the first (or with none). */
int lesson_chapter_number(const Lesson *l, int step);
/* Chapter c's title (0-based), or "". */
const char *lesson_chapter_title(const Lesson *l, int c);
/* The chapter (0-based) that spec names: its number (1-based) or the start
 * of its title, any case (the first such chapter). -1 with a one-line why,
 * naming the lesson and its chapters' range, when there is none. */
int lesson_chapter_find(const Lesson *l, const char *spec, char *why, size_t size);
/* The current chapter's name, or "". */
const char *player_chapter(const LessonPlayer *p);

#endif
