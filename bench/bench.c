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

#ifdef BPSTEP_CBLAS
#include <cblas.h>
#endif

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
    /* PyTorch's own threads; OpenBLAS under it on one (with its threads too,
     * 2 x 2 threads fight over 2 cores: docs/performance.md) */
    snprintf(cmd, sizeof cmd, "OMP_NUM_THREADS=%d OPENBLAS_NUM_THREADS=1 %s bench/torch_net.py '%s' %d %d %d %s",
             threads, py, config, batch > 64 ? RUNS / 2 : RUNS, batch, threads, dtype);
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
    snprintf(vs.title, sizeof vs.title, "%s", "bench");
    Canvas *canvas = canvas_new(160, 50);
    double frame = time_frame(canvas, e, &vs);
    vs.look = LOOK_HEATMAP;
    double heat = time_frame(canvas, e, &vs);
    vs.look = LOOK_NUMBERS;
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

#ifdef BPSTEP_CBLAS
/* Median ms of one GEMM C = op(A) op(B) of m x n x k, in double or float. */
static double time_gemm(bool f32, bool ta, bool tb, int m, int n, int k, int runs)
{
    size_t na = (size_t)m * k, nb = (size_t)k * n, nc = (size_t)m * n, all = na + nb + nc;
    double *d = f32 ? NULL : malloc(all * sizeof *d), times[RUNS];
    float *f = f32 ? malloc(all * sizeof *f) : NULL;
    if (d == NULL && f == NULL) {
        return -1.0;
    }
    for (size_t e = 0; e < all; e++) {
        if (f32) {
            f[e] = (float)(e % 17) * 0.01f - 0.08f;
        } else {
            d[e] = (double)(e % 17) * 0.01 - 0.08;
        }
    }
    CBLAS_TRANSPOSE oa = ta ? CblasTrans : CblasNoTrans, ob = tb ? CblasTrans : CblasNoTrans;
    int lda = ta ? k : m, ldb = tb ? n : k;
    for (int r = -1; r < runs; r++) {
        double t0 = now_ms();
        if (f32) {
            cblas_sgemm(CblasColMajor, oa, ob, m, n, k, 1.0f, f, lda, f + na, ldb, 0.0f, f + na + nb, m);
        } else {
            cblas_dgemm(CblasColMajor, oa, ob, m, n, k, 1.0, d, lda, d + na, ldb, 0.0, d + na + nb, m);
        }
        if (r >= 0) {
            times[r] = now_ms() - t0;
        }
    }
    free(d);
    free(f);
    return median(times, runs);
}

/* The GEMMs of one training chunk (S = W phi, dW = dS phi^T, dphi = W^T dS
 * per conv layer) in double and in float: what f32 would buy the GEMMs. */
static void f32_gemms(const Net *net, int batch)
{
    int k = train_chunk_size(&net->spec, batch);
    double t64 = 0.0, t32 = 0.0;
    for (int m = 1; m <= net->spec.LC; m++) {
        const ConvGeom *g = &net->conv[m];
        int hhd = g->h * g->h * g->d, cols = g->ac * g->bc * k;
        for (int f = 0; f < 2; f++) {
            bool single = f == 1;
            double t = time_gemm(single, false, false, g->dout, cols, hhd, RUNS) +
                       time_gemm(single, false, true, g->dout, hhd, cols, RUNS);
            t += m > 1 ? time_gemm(single, true, false, hhd, cols, g->dout, RUNS) : 0.0;
            *(single ? &t32 : &t64) += t;
        }
    }
    printf("  the conv GEMMs of one chunk of %d images (batch %d), one core: f64 %.3f ms, f32 %.3f ms: f32 takes %.2f "
           "of f64's time\n", k, batch, t64, t32, t32 / t64);
}

/* GFLOP/s of one large dgemm on one core: the f64 limit of this machine. */
static double dgemm_peak(void)
{
    double ms = time_gemm(false, false, false, 1024, 1024, 1024, 7);
    return ms > 0.0 ? 2.0 * 1024.0 * 1024.0 * 1024.0 / (ms * 1e6) : -1.0;
}
#else
static void f32_gemms(const Net *net, int batch)
{
    (void)net;
    (void)batch;
    printf("  (f32 GEMMs: built with BLAS=none, no sgemm to compare)\n");
}

static double dgemm_peak(void)
{
    return -1.0;
}
#endif

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
            Net *net = build(config);
            double peak = dgemm_peak(), per_image = flops(net);
            if (peak > 0.0) {
                double limit = peak * 1e9 * cores / per_image;
                printf("  the f64 limit at dgemm's peak on %d cores (%.1f GFLOP/s each, %.1f MFLOP an image): %.0f images/s; "
                       "bpstep reaches %.0f%% of it, a 60000-image epoch %.0f s (limit %.0f s)\n", cores, peak,
                       per_image / 1e6, limit, 100.0 * med[T_ALL] / limit, 60000.0 / med[T_ALL], 60000.0 / limit);
            }
            f32_gemms(net, l);
            net_free(net);
            if (med[PT64_ALL] > 0.0) {
                printf("  at batch 64 on %d threads: bpstep %.0f images/s = %.2f x PyTorch f64, %.2f x PyTorch f32\n",
                       cores, med[T_ALL], med[T_ALL] / med[PT64_ALL], med[T_ALL] / med[PT32_ALL]);
            }
        }
    }
}

/* The per-instance table; *mnist_ours and *mnist_torch get the MNIST row. */
static Net *passes(bool torch, double *mnist_ours, double *mnist_torch)
{
    enum { NV = sizeof VARIANTS / sizeof VARIANTS[0] };
    printf("forward + backward of one instance, double, one core (median of %d runs%s):\n", RUNS,
           torch ? "; ratio: the median over 3 rounds of bpstep's time / PyTorch's just after it" : "");
    double peak = dgemm_peak();
    printf("  %-18s %9s %9s %9s %7s %10s %9s\n", "network", "MFLOP", "bpstep", "GFLOP/s", "of peak", "PyTorch",
           "ratio");
    Net *mnist = NULL;
    for (int v = 0; v < NV; v++) {
        char config[1024];
        config_text(&VARIANTS[v], config, sizeof config);
        Net *net = build(config);
        double ours[ROUNDS], theirs[ROUNDS], ratio[ROUNDS];
        for (int r = 0; r < ROUNDS; r++) {
            ours[r] = time_pass(net);
            theirs[r] = time_torch(config, 0, 1, "float64");
            ratio[r] = ours[r] / theirs[r];
        }
        double t = median(ours, ROUNDS), tt = median(theirs, ROUNDS), rr = median(ratio, ROUNDS);
        char tbuf[32] = "-", rbuf[32] = "-";
        if (tt > 0.0) {
            snprintf(tbuf, sizeof tbuf, "%.3f ms", tt);
            snprintf(rbuf, sizeof rbuf, "%.2f", rr);
        }
        char pbuf[16] = "-";
        if (peak > 0.0) {
            snprintf(pbuf, sizeof pbuf, "%.0f%%", 100.0 * flops(net) / (t * 1e6) / peak);
        }
        printf("  %-18s %9.1f %6.3f ms %9.2f %7s %10s %9s\n", VARIANTS[v].name, flops(net) / 1e6, t,
               flops(net) / (t * 1e6), pbuf, tbuf, rbuf);
        if (v == 0) {
            *mnist_ours = t;
            *mnist_torch = tt;
            mnist = net;
        } else {
            net_free(net);
        }
    }
    if (peak > 0.0) {
        printf("  of peak: of OpenBLAS's dgemm on one core, 1024 x 1024 x 1024: %.1f GFLOP/s, the f64 limit\n", peak);
    }
    return mnist;
}

/* `bench` measures everything; `bench pass` or `bench train` one part. */
int main(int argc, char **argv)
{
    const char *only = argc > 1 ? argv[1] : "";
    bool torch = torch_python() != NULL;
    if (!torch) {
        printf("(no python3 with torch: bpstep's figures alone; 'make bench-torch' installs Debian's python3-torch)\n");
    }
    double mnist_ours = 0.0, mnist_torch = -1.0;
    if (strcmp(only, "train") != 0) {
        Net *mnist = passes(torch, &mnist_ours, &mnist_torch);
        if (strcmp(only, "pass") == 0) {
            net_free(mnist);
            return 0;
        }
        memory(mnist);
        frames(mnist, mnist_torch); /* frees mnist */
    }
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
