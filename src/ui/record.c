/* record.c: asciicast v2 writer (a JSON header line, then one JSON array per
 * event: [seconds, "o", text] for output, [seconds, "m", label] for markers). */
#include "record.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "../base/textwidth.h"
#include "../lesson/datafiles.h"

static double now_seconds(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* A JSON string literal. Valid UTF-8 passes through; control characters
 * are escaped; a byte that is not valid UTF-8 becomes U+FFFD, so the file
 * stays valid JSON whatever the lesson held. */
static void json_string(StrBuf *out, const char *s)
{
    sb_append(out, "\"");
    const unsigned char *p = (const unsigned char *)s;
    while (*p != '\0') {
        unsigned cp = 0;
        int n = diag_utf8_char((const char *)p, &cp);
        if (n == 0) {
            sb_append(out, "\xef\xbf\xbd");
            p++;
        } else if (n > 1) {
            sb_printf(out, "%.*s", n, (const char *)p);
            p += n;
        } else {
            if (*p == '"' || *p == '\\') {
                sb_printf(out, "\\%c", *p);
            } else if (*p == '\n') {
                sb_append(out, "\\n");
            } else if (*p == '\r') {
                sb_append(out, "\\r");
            } else if (*p < 0x20 || *p == 0x7f) {
                sb_printf(out, "\\u%04x", *p);
            } else {
                sb_printf(out, "%c", *p);
            }
            p++;
        }
    }
    sb_append(out, "\"");
}

/* Writes one whole line and flushes it: a signal or a crash afterwards
 * cannot leave half an event in the file. */
static void write_line(Recorder *r, StrBuf *line)
{
    sb_append(line, "\n");
    if (fwrite(sb_str(line), 1, line->len, r->f) != line->len || fflush(r->f) != 0) {
        r->failed = true;
    }
}

int record_open(Recorder *r, const char *path, int width, int height, const char *title)
{
    memset(r, 0, sizeof *r);
    sb_init(&r->last);
    r->clock = -1.0;
    r->start = now_seconds();
    if (path == NULL) {
        return 0;
    }
    struct stat st;
    if (lstat(path, &st) == 0 && !S_ISREG(st.st_mode)) {
        snprintf(r->error, sizeof r->error, "'%.200s' is %s; record to a regular file", path,
                 S_ISLNK(st.st_mode) ? "a symbolic link" : "not a regular file");
        return -1;
    }
    int fd = strlen(path) < sizeof r->path ? datafiles_temp_beside(path, r->tmp, sizeof r->tmp) : -1;
    r->f = fd >= 0 ? fdopen(fd, "w") : NULL;
    if (r->f == NULL) {
        snprintf(r->error, sizeof r->error, "cannot write '%.200s': %s", path, strerror(errno));
        if (fd >= 0) {
            close(fd);
            (void)unlink(r->tmp);
        }
        return -1;
    }
    (void)fchmod(fd, 0644);
    snprintf(r->path, sizeof r->path, "%s", path);
    r->width = width;
    r->height = height;
    StrBuf line;
    sb_init(&line);
    sb_printf(&line, "{\"version\": 2, \"width\": %d, \"height\": %d, \"timestamp\": %lld, \"title\": ", width,
              height, (long long)time(NULL));
    json_string(&line, title != NULL ? title : "bpstep");
    sb_append(&line, ", \"env\": {\"TERM\": \"xterm-256color\"}}");
    write_line(r, &line);
    sb_release(&line);
    return 0;
}

double record_elapsed(const Recorder *r)
{
    return r->clock >= 0.0 ? r->clock : now_seconds() - r->start;
}

void record_paced(Recorder *r)
{
    r->clock = 0.0;
}

void record_wait(Recorder *r, double seconds)
{
    if (r->clock >= 0.0) {
        r->clock += seconds;
    }
}

static void event(Recorder *r, const char *code, const char *text)
{
    if (r->f == NULL) {
        return;
    }
    StrBuf line;
    sb_init(&line);
    sb_printf(&line, "[%.6f, \"%s\", ", record_elapsed(r), code);
    json_string(&line, text);
    sb_append(&line, "]");
    write_line(r, &line);
    sb_release(&line);
}

void record_output(Recorder *r, const char *text)
{
    event(r, "o", text);
}

void record_marker(Recorder *r, const char *label)
{
    event(r, "m", label);
}

void record_transcript(Recorder *r, const char *text)
{
    StrBuf out;
    sb_init(&out);
    int width = r->width > 0 ? r->width : 80;
    while (*text != '\0') {
        const char *end = text + strcspn(text, "\n"), *p = text, *brk = NULL;
        int cols = 0;
        while (p < end) { /* the longest head of the line that fits, broken at a space */
            const char *at = p;
            int w = text_cp_width(text_next_cp(&p));
            if (cols + w > width) {
                p = at;
                break;
            }
            cols += w;
            brk = *at == ' ' ? at : brk;
        }
        const char *cut = p < end && brk != NULL && brk > text ? brk : (p > text ? p : end);
        sb_appendn(&out, text, (size_t)(cut - text));
        sb_append(&out, "\r\n");
        text = cut;
        while (*text == ' ' && cut < end) {
            text++;
        }
        if (text == end && *text == '\n') {
            text++;
        }
    }
    record_output(r, sb_str(&out));
    sb_release(&out);
}

void record_frame(Recorder *r, const Canvas *c)
{
    if (r->f == NULL) {
        return;
    }
    if (c->width != r->width || c->height != r->height) { /* the terminal was resized */
        char size[32];
        snprintf(size, sizeof size, "%dx%d", c->width, c->height);
        event(r, "r", size);
        r->width = c->width;
        r->height = c->height;
        sb_clear(&r->last); /* the next frame is drawn whole at the new size */
    }
    StrBuf frame;
    sb_init(&frame);
    canvas_ansi(c, &frame);
    if (strcmp(sb_str(&frame), sb_str(&r->last)) != 0) {
        record_output(r, sb_str(&frame));
        sb_clear(&r->last);
        sb_append(&r->last, sb_str(&frame));
    }
    sb_release(&frame);
}

int record_close(Recorder *r)
{
    int rc = 0;
    if (r->f != NULL) {
        int err = 0;
        if (fclose(r->f) != 0 || r->failed) {
            err = errno != 0 ? errno : EIO;
        } else if (rename(r->tmp, r->path) != 0) {
            err = errno;
        }
        r->f = NULL;
        if (err != 0) { /* the old recording (or none) stays; the cut one goes */
            (void)unlink(r->tmp);
            snprintf(r->error, sizeof r->error, "writing '%.200s' failed (%s); it is as it was", r->path, strerror(err));
            rc = -1;
        }
    }
    sb_release(&r->last);
    return rc;
}

/* SGR parameters per style; the same meaning as term.c's table. */
static const char *const SGR[STYLE_IMAGE] = {
    [STYLE_NORMAL] = "0",          [STYLE_DIM] = "0;2",          [STYLE_TITLE] = "0;1;30;46",
    [STYLE_HEADER] = "0;1;36",     [STYLE_SELECTED] = "0;30;47", [STYLE_CURRENT] = "0;1;33",
    [STYLE_BREAK] = "0;1;31",      [STYLE_WRITTEN] = "0;1;32",   [STYLE_GRAD_POS] = "0;1;34",
    [STYLE_GRAD_NEG] = "0;31",     [STYLE_EQUATION] = "0;1",     [STYLE_STATUS] = "0;30;47",
    [STYLE_ERROR] = "0;1;31",      [STYLE_NARRATION] = "0;32",   [STYLE_POOL_1] = "0;30;43",
    [STYLE_POOL_2] = "0;30;45",    [STYLE_POOL_3] = "0;30;46",   [STYLE_POOL_4] = "0;30;42",
    [STYLE_POOL_5] = "0;37;44",    [STYLE_POOL_6] = "0;37;41",
    [STYLE_HEAT_NEG_4] = "0;1;31", [STYLE_HEAT_NEG_3] = "0;1;31", [STYLE_HEAT_NEG_2] = "0;31",
    [STYLE_HEAT_NEG_1] = "0;2;31", [STYLE_HEAT_POS_1] = "0;2;34",  [STYLE_HEAT_POS_2] = "0;34",
    [STYLE_HEAT_POS_3] = "0;1;34", [STYLE_HEAT_POS_4] = "0;1;34",
};

void canvas_ansi(const Canvas *c, StrBuf *out)
{
    sb_append(out, "\x1b[H");
    int current = -1;
    for (int y = 0; y < c->height; y++) {
        sb_printf(out, "\x1b[%d;1H", y + 1);
        for (int x = 0; x < c->width; x++) {
            const Cell *cell = &c->cells[y * c->width + x];
            if (cell->style != current) {
                current = cell->style;
                if (current >= STYLE_IMAGE && current < STYLE_COUNT) { /* the image view's two tones */
                    int t = current - STYLE_IMAGE;
                    sb_printf(out, "\x1b[0;38;5;%d;48;5;%dm", canvas_image_tones[t / STYLE_TONES],
                              canvas_image_tones[t % STYLE_TONES]);
                } else {
                    sb_printf(out, "\x1b[%sm", SGR[current < STYLE_IMAGE ? current : 0]);
                }
            }
            if (cell->ch != CANVAS_WIDE_TAIL) { /* a wide character took two columns */
                canvas_put_utf8(out, cell->ch);
            }
        }
    }
    sb_append(out, "\x1b[0m");
}
