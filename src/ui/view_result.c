/* view_result.c: the result view: the blocks of the last command (or of
 * the commands of a lesson's stretch) laid out in a box of the main area,
 * as the CmdResult gives them: text wrapped at the box's width with a
 * hanging indent, matrices, tables and compare's aligned rows (BLOCK_COLUMNS)
 * kept as laid out (cut at the box's edge with a mark, panned with H/L),
 * a heading above each command's blocks when a stretch ran several.
 * Must not: include curses.h, do I/O, or change the engine. */
#include <stdio.h>
#include <string.h>

#include "../base/textwidth.h"
#include "view_internal.h"

/* One row of the view: a piece of a block's text (not NUL-terminated). */
typedef struct {
    const char *text;
    int len;
    int indent;      /* columns before it (a wrapped line's continuation) */
    CmdBlockKind kind;
} ResultRow;

/* Calls row() for every row of r as laid out width columns wide at a fit
 * (view_internal.h); returns the number of rows. The heading is dropped
 * when there is only one (the box's title names that command). */
typedef void (*RowFn)(void *ctx, int index, const ResultRow *row);

static int headings(const CmdResult *r)
{
    int n = 0;
    for (int k = 0; k < r->nblocks; k++) {
        n += r->blocks[k].kind == BLOCK_HEADING;
    }
    return n;
}

/* The display columns of bytes [p, p + len). */
static int span_width(const char *p, int len)
{
    int w = 0;
    for (const char *q = p; q < p + len;) {
        w += text_cp_width(text_next_cp(&q));
    }
    return w;
}

static int layout_text_line(const char *p, const char *end, CmdBlockKind kind, ResultFit fit, int width, int n,
                            RowFn fn, void *ctx)
{
    int indent = 0;
    while (p + indent < end && p[indent] == ' ') {
        indent++;
    }
    (void)fit;
    if (kind != BLOCK_TEXT || span_width(p, (int)(end - p)) <= width || indent + 12 > width) {
        ResultRow row = { p, (int)(end - p), 0, kind };
        fn(ctx, n, &row);
        return n + 1;
    }
    /* prose: wrapped, its continuation lines two columns further in */
    ResultRow first = { p, 0, 0, kind };
    const char *q = view_wrap_point(p, end, width);
    first.len = (int)(q - p);
    fn(ctx, n++, &first);
    while (q < end) {
        while (q < end && *q == ' ') {
            q++;
        }
        if (q == end) {
            break;
        }
        const char *e = view_wrap_point(q, end, width - indent - 2);
        ResultRow row = { q, (int)(e - q), indent + 2, kind };
        fn(ctx, n++, &row);
        q = e;
    }
    return n;
}

static int layout_rows(const CmdResult *r, int width, ResultFit fit, RowFn fn, void *ctx)
{
    bool one_command = headings(r) <= 1;
    int n = 0;
    for (int k = 0; k < r->nblocks; k++) {
        const CmdBlock *b = &r->blocks[k];
        if (b->kind == BLOCK_HEADING && one_command) {
            continue;
        }
        for (const char *p = b->text; p != NULL && *p != '\0';) { /* a block's text is never NULL; said to the analyzer */
            const char *end = strchr(p, '\n');
            end = end != NULL ? end : p + strlen(p);
            bool blank = true;
            for (const char *q = p; q < end && blank; q++) {
                blank = *q == ' ';
            }
            if (!(blank && fit == FIT_SQUEEZED)) {
                n = layout_text_line(p, end, b->kind, fit, width, n, fn, ctx);
            }
            p = *end == '\n' ? end + 1 : end;
        }
    }
    return n;
}

static void count_row(void *ctx, int index, const ResultRow *row)
{
    (void)ctx;
    (void)index;
    (void)row;
}

int view_result_rows(const CmdResult *r, int width, ResultFit fit)
{
    return r != NULL ? layout_rows(r, width, fit, count_row, NULL) : 0;
}

ResultFit view_result_fit(const CmdResult *r, int width, int rows)
{
    ResultFit fit = FIT_WHOLE;
    while (fit < FIT_SQUEEZED && view_result_rows(r, width, fit) > rows) {
        fit++;
    }
    return fit;
}

int view_result_widest(const CmdResult *r)
{
    int widest = 0;
    for (int k = 0; r != NULL && k < r->nblocks; k++) {
        if (r->blocks[k].kind == BLOCK_TEXT || r->blocks[k].kind == BLOCK_HEADING) {
            continue; /* prose wraps */
        }
        for (const char *p = r->blocks[k].text; p != NULL && *p != '\0';) {
            const char *end = strchr(p, '\n');
            end = end != NULL ? end : p + strlen(p);
            int w = span_width(p, (int)(end - p));
            widest = w > widest ? w : widest;
            p = *end == '\n' ? end + 1 : end;
        }
    }
    return widest;
}

const char *view_result_title(const CmdResult *r)
{
    if (r == NULL || headings(r) != 1) {
        return NULL;
    }
    for (int k = 0; k < r->nblocks; k++) {
        if (r->blocks[k].kind == BLOCK_HEADING) {
            return r->blocks[k].text;
        }
    }
    return NULL;
}

typedef struct {
    Canvas *c;
    const ViewState *vs;
    Rect in;   /* the box's inside */
    int first; /* the first row shown */
} DrawCtx;

/* Bytes of the first `cols` display columns of p (at most len). */
static int skip_columns(const char *p, int len, int cols)
{
    const char *q = p;
    for (int used = 0; q < p + len && used < cols;) {
        used += text_cp_width(text_next_cp(&q));
    }
    return (int)(q - p);
}

static void draw_row(void *ctx, int index, const ResultRow *row)
{
    DrawCtx *d = ctx;
    int y = d->in.y + index - d->first;
    if (index < d->first || y >= d->in.y + d->in.h) {
        return;
    }
    char line[WRAP_LINE_BYTES];
    if (row->kind == BLOCK_HEADING) {
        snprintf(line, sizeof line, "%s %.*s", d->vs->unicode ? "\u25b8" : ">", row->len, row->text);
        canvas_text_cut(d->c, d->in.x, y, line, STYLE_DIM, d->in.w, d->vs->unicode);
        return;
    }
    bool rigid = row->kind != BLOCK_TEXT && row->indent == 0;
    int from = rigid ? skip_columns(row->text, row->len, d->vs->result_pan) : 0;
    int len = row->len - from < (int)sizeof line - 1 ? row->len - from : (int)sizeof line - 1;
    snprintf(line, sizeof line, "%.*s", len, row->text + from);
    int room = d->in.w - row->indent;
    if (span_width(line, (int)strlen(line)) > room) { /* cut: the mark says there is more (L pans) */
        canvas_text(d->c, d->in.x + row->indent, y, line, STYLE_NORMAL, room - 1);
        canvas_text(d->c, d->in.x + d->in.w - 1, y, d->vs->unicode ? "\u203a" : ">", STYLE_DIM, 1);
    } else {
        canvas_text(d->c, d->in.x + row->indent, y, line, STYLE_NORMAL, room);
    }
}

void view_draw_result(Canvas *c, const ViewState *vs, Rect r)
{
    if (vs->result == NULL || r.w < 8 || r.h < 3) {
        return;
    }
    Rect in = { r.x + 2, r.y + 1, r.w - 4, r.h - 2 };
    ResultFit fit = view_result_fit(vs->result, in.w, in.h);
    int n = view_result_rows(vs->result, in.w, fit);
    int first = view_clamp(vs->result_scroll, 0, n > in.h ? n - in.h : 0);
    char title[200], what[120] = "";
    const char *named = view_result_title(vs->result);
    if (named != NULL) {
        snprintf(what, sizeof what, " of '%.*s'", (int)strcspn(named, "\n"), named);
    }
    if (n > in.h) {
        snprintf(title, sizeof title, "result%s %d-%d/%d %s", what, first + 1, first + in.h, n,
                 first + in.h < n ? "> more" : "< back");
    } else {
        snprintf(title, sizeof title, "result%s", what);
    }
    canvas_box(c, r.x, r.y, r.w, r.h, title, first + in.h < n ? STYLE_CURRENT : STYLE_DIM, vs->unicode);
    DrawCtx d = { c, vs, in, first };
    (void)layout_rows(vs->result, in.w, fit, draw_row, &d);
}
