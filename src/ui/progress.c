/* progress.c: training progress as text lines for batch mode: one every few
 * seconds and one at the end (step, loss, accuracy, images/s, ETA). */
#include "progress.h"

#include <stdio.h>
#include <string.h>
#include <time.h>

#include "../debugger/host.h"

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}


/* "1:05" */
static void clock_text(char *buf, size_t size, double s)
{
    long t = (long)(s + 0.5);
    snprintf(buf, size, "%ld:%02ld", t / 60, t % 60);
}

void progress_rate_text(const TrainProgress *p, double elapsed, char *buf, size_t size)
{
    double rate = elapsed > 0 ? (double)p->images / elapsed : 0.0;
    char when[32];
    clock_text(when, sizeof when, p->done ? elapsed : rate > 0 ? (double)(p->total - p->images) / rate : 0.0);
    snprintf(buf, size, "%.0f images/s, %s %s", rate, p->done ? "took" : "ETA", when);
}

static void print_line(void *ctx, const TrainProgress *p)
{
    ProgressLines *st = ctx;
    double t = now();
    int which = p->what[0] == 't' && p->what[1] == 'e'; /* 1 for test */
    if (p->step == 0) { /* before the first batch */
        st->start[which] = st->last = t;
        return;
    }
    if (!p->done && t - st->last < PROGRESS_EVERY_S) {
        return;
    }
    st->last = t;
    char rate[64];
    progress_rate_text(p, t - st->start[which], rate, sizeof rate);
    if (p->done) {
        fprintf(st->out, "%s: %ld of %ld batches, mean loss %.4f, accuracy %.1f%%, %s\n", p->what, p->step, p->steps,
                p->loss, 100.0 * p->accuracy, rate);
    } else {
        fprintf(st->out, "%s: batch %ld of %ld (epoch %d), mean loss %.4f, accuracy %.1f%%, %s\n", p->what, p->step,
                p->steps, p->epoch, p->loss, 100.0 * p->accuracy, rate);
    }
    fflush(st->out);
}

void progress_lines_install(Host *h, ProgressLines *lines, FILE *out)
{
    memset(lines, 0, sizeof *lines);
    lines->out = out;
    h->progress = print_line;
    h->progress_ctx = lines;
}
