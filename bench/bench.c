/* bench.c: `make bench`: speed and memory, measured, never asserted in tests.
 *
 * - forward + backward of one instance on simpleNN's MNIST network and on
 *   larger inputs and channel counts (median of many runs, ms and GFLOP/s);
 * - the same networks in PyTorch (bench/torch_net.py), interleaved with
 *   bpstep's runs in this one process run, when python3 with torch exists;
 * - stepping the program op by op and back, a full 160x50 frame of the UI and
 *   a key press (one step) followed by its frame;
 * - memory: the whole pass (what bpstep allocates), and what the backward pass
 *   keeps from the forward pass under eq. (5) and eq. (6), per instance and
 *   for a batch of 128.
 * - training: one SGD step (forward, backward, update) on a batch of l random
 *   images for l = 2 (the default), 64 and 128, on one thread and on every
 *   core, against PyTorch's SGD step in float64 on one thread and on every
 *   core and in float32 on every core (what a PyTorch user gets by default).
 * The last lines compare with PyTorch: "vs PyTorch: bpstep X ms, torch Y ms,
 * ratio R", and the very last one is "training, all cores (N threads): X
 * images/s = Y x one thread" (batch 64). Absolute times drift between
 * machines; the ratios are the goal. */
#define _POSIX_C_SOURCE 200809L
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "../src/debugger/engine.h"
#include "../src/math/config.h"
#include "../src/math/net.h"
#include "../src/math/parallel.h"
#include "../src/math/train.h"
#include "../src/ui/canvas.h"
#include "../src/ui/views.h"

enum { RUNS = 41, ROUNDS = 3 };

typedef struct {
    const char *name;
    int input;        /* wd_input = ht_input */
    const char *ch;   /* ch_input */
} Variant;

/* simpleNN's MNIST net, then larger inputs and other channel counts. */
static const Variant VARIANTS[] = {
    { "MNIST net, 28x28", 28, "[1,32,64,64]" },
    { "input 56x56", 56, "[1,32,64,64]" },
    { "input 112x112", 112, "[1,32,64,64]" },
    { "channels halved", 28, "[1,16,32,32]" },
    { "channels doubled", 28, "[1,64,128,128]" },
};

static void config_text(const Variant *v, char *buf, size_t size)
{
    snprintf(buf, size,
             "L = 4; LC = 3; LF = 1; wd_input = [%d]; ht_input = [%d]; ch_input = %s;"
             "wd_pad_added = [2,1,1]; wd_filter = [5,3,3]; strides = [1,1,1];"
             "wd_subimage_pool = [2,2,2]; full_neurons = [10];",
             v->input, v->input, v->ch);
}

static double now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

static double median(double *v, int n)
{
    qsort(v, (size_t)n, sizeof *v, cmp_double);
    return v[n / 2];
}

static Net *build(const char *text)
{
    NetSpec spec;
    Diag d;
    diag_clear(&d);
    if (config_parse(&spec, text, &d) != 0) {
        fprintf(stderr, "bench: %s\n", d.msg);
        exit(1);
    }
    Net *net = net_new(&spec);
    if (net == NULL) {
        fprintf(stderr, "bench: out of memory\n");
        exit(1);
    }
    net_init_random(net, 1);
    return net;
}

/* Median ms of one forward + backward. */
static double time_pass(Net *net)
{
    double times[RUNS];
    net_run(net); /* warm up */
    for (int r = 0; r < RUNS; r++) {
        double t0 = now_ms();
        net_run(net);
        times[r] = now_ms() - t0;
    }
    return median(times, RUNS);
}

/* The python that has torch: $BPSTEP_PYTHON, python3 or Debian's /usr/bin/python3. */
static const char *torch_python(void)
{
    static const char *found;
    static bool looked;
    if (looked) {
        return found;
    }
    looked = true;
    const char *env = getenv("BPSTEP_PYTHON");
    const char *candidates[] = { env != NULL ? env : "python3", "python3", "/usr/bin/python3" };
    for (size_t k = 0; k < sizeof candidates / sizeof *candidates; k++) {
        char cmd[512];
        snprintf(cmd, sizeof cmd, "%s -c 'import torch' >/dev/null 2>&1", candidates[k]);
        if (system(cmd) == 0) {
            found = candidates[k];
            return found;
        }
    }
    return NULL;
}

/* Median ms of PyTorch's pass on the same config (batch 0 = one instance), on
 * threads threads in dtype ("float64", "float32"), or -1. */
static double time_torch(const char *config, int batch, int threads, const char *dtype)
{
    const char *py = torch_python();
    if (py == NULL) {
        return -1.0;
    }
    char cmd[2048];
    snprintf(cmd, sizeof cmd, "OMP_NUM_THREADS=%d OPENBLAS_NUM_THREADS=%d %s bench/torch_net.py '%s' %d %d %d %s",
             threads, threads, py, config, batch > 64 ? RUNS / 2 : RUNS, batch, threads, dtype);
    FILE *p = popen(cmd, "r");
    double ms = -1.0;
    if (p == NULL || fscanf(p, "%lf", &ms) != 1) {
        ms = -1.0;
    }
    if (p != NULL) {
        pclose(p);
    }
    return ms;
}

/* Multiply-adds x 2 of the GEMMs of one forward + backward pass. */
static double flops(const Net *net)
{
    return (double)config_pass_flops(&net->spec);
}

/* Median ms of drawing one full frame. */
static double time_frame(Canvas *canvas, const Engine *e, const ViewState *vs)
{
    double times[RUNS];
    for (int r = 0; r < RUNS; r++) {
        double t0 = now_ms();
        view_draw(canvas, e, vs);
        times[r] = now_ms() - t0;
    }
    return median(times, RUNS);
}

static void frames(Net *net, double torch_ms)
{
    Engine *e = engine_new(net);
    if (e == NULL) {
        exit(1);
    }
    double times[RUNS];
    double plain = time_pass(e->net);
    for (int r = 0; r < RUNS; r++) {
        double t0 = now_ms();
        while (engine_step(e)) {
        }
        while (engine_back(e)) {
        }
        times[r] = now_ms() - t0;
    }
    double stepped = median(times, RUNS);
    printf("stepping the whole program (%d ops) op by op and back: %.3f ms = %.2f x one plain pass\n", e->nops,
           stepped, stepped / plain);
    /* a full frame at the pooling op of layer 1, 160x50, numbers then heatmap */
    engine_goto(e, 5);
    ViewState vs;
    view_state_init(&vs);
    vs.cursor = 4;
    vs.title = "bench";
    Canvas *canvas = canvas_new(160, 50);
    double frame = time_frame(canvas, e, &vs);
    vs.heatmap = true;
    double heat = time_frame(canvas, e, &vs);
    vs.heatmap = false;
    /* a key press: one step forward or back, then its frame */
    for (int r = 0; r < RUNS; r++) {
        double t0 = now_ms();
        if (r % 2 == 0) {
            engine_step(e);
        } else {
            engine_back(e);
        }
        vs.cursor = e->pos;
        view_draw(canvas, e, &vs);
        times[r] = now_ms() - t0;
    }
    double key = median(times, RUNS);
    printf("a full 160x50 frame (MNIST, fwd pool1): %.3f ms numbers, %.3f ms heatmap; key press to frame %.3f ms\n",
           frame, heat, key);
    if (torch_ms > 0.0) {
        double worst = frame > heat ? frame : heat;
        worst = worst > key ? worst : key;
        printf("vs PyTorch: frame %.3f ms (slowest of the three), torch pass %.3f ms, ratio %.2f\n", worst, torch_ms,
               worst / torch_ms);
    }
    canvas_free(canvas);
    engine_free(e);
}

static void memory(const Net *net)
{
    size_t b5 = net_saved_bytes(net, RULE_EQ5), b6 = net_saved_bytes(net, RULE_EQ6);
    printf("memory (MNIST net): the whole pass %.2f MiB at batch 1 (every value and gradient, as allocated);\n",
           (double)config_pass_bytes(&net->spec) / 1048576.0);
    printf("  the backward pass keeps from the forward pass: eq. (5) %.1f KiB, eq. (6) %.1f KiB per instance;\n",
           (double)b5 / 1024.0, (double)b6 / 1024.0);
    printf("  at batch 128: eq. (5) %.1f MiB, eq. (6) %.1f MiB (eq. (6) saves %.0f%%: S^m is not kept)\n",
           128.0 * (double)b5 / 1048576.0, 128.0 * (double)b6 / 1048576.0, 100.0 * (double)(b5 - b6) / (double)b5);
}

/* Median ms of one SGD step of a batch of l random 28 x 28 images on threads workers. */
static double time_train_step(Net *net, int l, int threads, int runs)
{
    Dataset ds = { l, 28, 28, malloc((size_t)l * 784), malloc((size_t)l) };
    Trainer *t = trainer_new(net, l);
    int *idx = malloc((size_t)l * sizeof *idx);
    double times[RUNS], ms = -1.0;
    if (ds.pixels != NULL && ds.labels != NULL && t != NULL && idx != NULL && trainer_set_threads(t, threads) == 0) {
        for (int k = 0; k < l * 784; k++) {
            ds.pixels[k] = (uint8_t)(k * 37 % 251);
        }
        for (int k = 0; k < l; k++) {
            ds.labels[k] = (uint8_t)(k % 10);
            idx[k] = k;
        }
        TrainParams p = train_defaults();
        int correct;
        for (int r = -1; r < runs; r++) { /* the first warms up */
            double t0 = now_ms();
            (void)trainer_batch(t, &ds, idx, l, &correct);
            trainer_sgd(t, &p);
            if (r >= 0) {
                times[r] = now_ms() - t0;
            }
        }
        ms = median(times, runs);
    }
    free(idx);
    trainer_free(t);
    dataset_release(&ds);
    return ms;
}

/* Images/s of one SGD step: bpstep on 1 and on all threads, PyTorch f64 on
 * 1 and all threads, PyTorch f32 on all threads (-1: not measured). */
enum { T_ONE, T_ALL, PT64_ONE, PT64_ALL, PT32_ALL, NCOLS };

static double images_per_s(int l, double ms)
{
    return ms > 0.0 ? l * 1000.0 / ms : -1.0;
}

/* One round of the five, interleaved so that a noisy moment hits them all. */
static void train_round(const char *config, int l, int cores, int runs, double *ips)
{
    Net *net = build(config);
    ips[T_ONE] = images_per_s(l, time_train_step(net, l, 1, runs));
    net_free(net);
    net = build(config);
    ips[T_ALL] = images_per_s(l, time_train_step(net, l, cores, runs));
    net_free(net);
    ips[PT64_ONE] = images_per_s(l, time_torch(config, l, 1, "float64"));
    ips[PT64_ALL] = images_per_s(l, time_torch(config, l, cores, "float64"));
    ips[PT32_ALL] = images_per_s(l, time_torch(config, l, cores, "float32"));
}

static void cell(double v)
{
    if (v > 0.0) {
        printf(" %11.0f", v);
    } else {
        printf(" %11s", "-");
    }
}

/* The table; *one and *all get bpstep's images/s at batch 64. */
static void training(const char *config, int cores, double *one, double *all)
{
    printf("training, one SGD step (forward, backward, momentum update) of a batch of l random images, MNIST net,\n"
           "images/s (medians of %d steps; batch 64: the median of %d interleaved rounds):\n", RUNS, ROUNDS);
    printf("  %-5s %11s %11s %8s %11s %11s %11s\n", "", "bpstep", "bpstep", "", "PyTorch f64", "PyTorch f64",
           "PyTorch f32");
    char all_threads[32];
    snprintf(all_threads, sizeof all_threads, "%d threads", cores);
    printf("  %-5s %11s %11s %8s %11s %11s %11s\n", "l", "1 thread", all_threads, "speedup", "1 thread", all_threads,
           all_threads);
    static const int batches[] = { 2, 64, 128 };
    for (int b = 0; b < 3; b++) {
        int l = batches[b], rounds = l == 64 ? ROUNDS : 1;
        double r[ROUNDS][NCOLS], med[NCOLS];
        for (int k = 0; k < rounds; k++) {
            train_round(config, l, cores, l == 128 ? RUNS / 2 : RUNS, r[k]);
        }
        for (int c = 0; c < NCOLS; c++) {
            double v[ROUNDS];
            for (int k = 0; k < rounds; k++) {
                v[k] = r[k][c];
            }
            med[c] = median(v, rounds);
        }
        printf("  %-5d", l);
        cell(med[T_ONE]);
        cell(med[T_ALL]);
        printf(" %7.2fx", med[T_ALL] / med[T_ONE]);
        cell(med[PT64_ONE]);
        cell(med[PT64_ALL]);
        cell(med[PT32_ALL]);
        printf("\n");
        if (l == 64) {
            *one = med[T_ONE];
            *all = med[T_ALL];
            if (med[PT64_ALL] > 0.0) {
                printf("  at batch 64 on %d threads: bpstep %.0f images/s = %.2f x PyTorch f64, %.2f x PyTorch f32\n",
                       cores, med[T_ALL], med[T_ALL] / med[PT64_ALL], med[T_ALL] / med[PT32_ALL]);
            }
        }
    }
}

int main(void)
{
    enum { NV = sizeof VARIANTS / sizeof VARIANTS[0] };
    bool torch = torch_python() != NULL;
    if (!torch) {
        printf("(no python3 with torch: bpstep's figures alone; 'make bench-torch' installs Debian's python3-torch)\n");
    }
    printf("forward + backward of one instance, double, one core (median of %d runs%s):\n", RUNS,
           torch ? ", interleaved with PyTorch's" : "");
    printf("  %-18s %9s %9s %9s %10s %9s\n", "network", "MFLOP", "bpstep", "GFLOP/s", "PyTorch", "ratio");
    double mnist_ours = 0.0, mnist_torch = -1.0;
    Net *mnist = NULL;
    for (int v = 0; v < NV; v++) {
        char config[1024];
        config_text(&VARIANTS[v], config, sizeof config);
        Net *net = build(config);
        int rounds = v == 0 ? ROUNDS : 1;
        double ours[ROUNDS], theirs[ROUNDS];
        for (int r = 0; r < rounds; r++) {
            ours[r] = time_pass(net);
            theirs[r] = time_torch(config, 0, 1, "float64");
        }
        double t = median(ours, rounds), tt = median(theirs, rounds);
        char tbuf[32] = "-", rbuf[32] = "-";
        if (tt > 0.0) {
            snprintf(tbuf, sizeof tbuf, "%.3f ms", tt);
            snprintf(rbuf, sizeof rbuf, "%.2f", t / tt);
        }
        printf("  %-18s %9.1f %6.3f ms %9.2f %10s %9s\n", VARIANTS[v].name, flops(net) / 1e6, t,
               flops(net) / (t * 1e6), tbuf, rbuf);
        if (v == 0) {
            mnist_ours = t;
            mnist_torch = tt;
            mnist = net;
        } else {
            net_free(net);
        }
    }
    memory(mnist);
    frames(mnist, mnist_torch); /* frees mnist */
    char mnist_config[1024];
    config_text(&VARIANTS[0], mnist_config, sizeof mnist_config);
    int cores = parallel_cores();
    cores = cores < TRAIN_MAX_THREADS ? cores : TRAIN_MAX_THREADS;
    double one = 0.0, all = 0.0;
    training(mnist_config, cores, &one, &all);
    if (mnist_torch > 0.0) {
        printf("vs PyTorch: bpstep %.3f ms, torch %.3f ms, ratio %.2f (MNIST net, one instance, fwd + bwd)\n",
               mnist_ours, mnist_torch, mnist_ours / mnist_torch);
    }
    printf("training, all cores (%d threads): %.0f images/s = %.2f x one thread\n", cores, all, all / one);
    return 0;
}
