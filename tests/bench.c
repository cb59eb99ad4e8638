/* bench.c: `make bench`: forward + backward per instance on simpleNN's MNIST
 * network (median of many runs, ms and GFLOP/s), the cost of stepping the
 * whole program op by op and back, and the debugger's undo memory.
 * Speed goals are measured here, never asserted in tests. */
#define _POSIX_C_SOURCE 200809L
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "../src/debugger/engine.h"
#include "../src/math/config.h"
#include "../src/math/net.h"
#include "../src/ui/canvas.h"
#include "../src/ui/views.h"

static const char MNIST[] =
    "L = 4; LC = 3; LF = 1; wd_input = [28]; ht_input = [28]; ch_input = [1,32,64,64];"
    "wd_pad_added = [2,1,1]; wd_filter = [5,3,3]; strides = [1,1,1];"
    "wd_subimage_pool = [2,2,2]; full_neurons = [10];";

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

/* Multiply-adds x 2 of the GEMMs of one forward + backward pass. */
static double flops(const Net *net)
{
    double f = 0.0;
    for (int m = 1; m <= net->spec.LC; m++) {
        const ConvGeom *g = &net->conv[m];
        double gemm = 2.0 * g->dout * (double)(g->h * g->h * g->d) * (double)(g->ac * g->bc);
        f += 3.0 * gemm; /* S = W phi, dW = dS phi^T, dphi = W^T dS */
    }
    for (int m = net->spec.LC + 1; m <= net->spec.L; m++) {
        f += 3.0 * 2.0 * net->fc_in[m] * (double)net->fc_out[m];
    }
    return f;
}

int main(void)
{
    enum { RUNS = 41 };
    NetSpec spec;
    Diag d = { 0 };
    if (config_parse(&spec, MNIST, &d) != 0) {
        fprintf(stderr, "bench: %s\n", d.msg);
        return 1;
    }
    Net *net = net_new(&spec);
    if (net == NULL) {
        return 1;
    }
    net_init_random(net, 1);
    double times[RUNS];
    net_run(net); /* warm up */
    for (int r = 0; r < RUNS; r++) {
        double t0 = now_ms();
        net_run(net);
        times[r] = now_ms() - t0;
    }
    double plain = median(times, RUNS);
    printf("MNIST net, forward + backward, one instance, double, one core:\n");
    printf("  median of %d runs: %.3f ms, %.2f GFLOP/s (%.1f MFLOP per pass, GEMMs only)\n", RUNS, plain,
           flops(net) / (plain * 1e6), flops(net) / 1e6);

    Engine *e = engine_new(net);
    if (e == NULL) {
        return 1;
    }
    for (int r = 0; r < RUNS; r++) {
        double t0 = now_ms();
        while (engine_step(e)) {
        }
        while (engine_back(e)) {
        }
        times[r] = now_ms() - t0;
    }
    double stepped = median(times, RUNS);
    printf("stepping the whole program (%d ops) op by op and back to the start:\n", e->nops);
    printf("  median %.3f ms = %.3f x one plain forward + backward\n", stepped, stepped / plain);
    size_t values = 0;
    for (int v = 0; v < e->net->nvalues; v++) {
        values += mat_count(&e->net->values[v].m) * sizeof(double);
    }
    printf("  undo memory: 0 bytes (every value has one writer; 'back' only hides it);\n"
           "  all values of the pass: %.2f MiB\n", (double)values / (1024.0 * 1024.0));
    printf("  backward needs from forward: eq. (5) %zu bytes, eq. (6) %zu bytes\n",
           net_saved_bytes(e->net, RULE_EQ5), net_saved_bytes(e->net, RULE_EQ6));
    /* a full frame of the terminal UI at the pooling op of layer 1, 160x50 */
    engine_goto(e, 5);
    ViewState vs;
    view_state_init(&vs);
    vs.cursor = 4;
    vs.title = "bench";
    Canvas *canvas = canvas_new(160, 50);
    for (int r = 0; r < RUNS; r++) {
        double t0 = now_ms();
        view_draw(canvas, e, &vs);
        times[r] = now_ms() - t0;
    }
    double frame = median(times, RUNS);
    vs.heatmap = true;
    for (int r = 0; r < RUNS; r++) {
        double t0 = now_ms();
        view_draw(canvas, e, &vs);
        times[r] = now_ms() - t0;
    }
    printf("rendering a full 160x50 frame (MNIST, fwd pool1): median %.3f ms numbers, %.3f ms heatmap\n",
           frame, median(times, RUNS));
    canvas_free(canvas);
    engine_free(e);
    return 0;
}
