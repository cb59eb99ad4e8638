/* reference.c: the numbers of the reference network, chosen by hand so that
 * every value can be checked with pencil and paper (docs/reference-network.md).
 * Must not: do I/O, print, or exit. */
#include "reference.h"

#include <string.h>

void reference_spec(NetSpec *spec)
{
    memset(spec, 0, sizeof *spec);
    spec->L = 3;
    spec->LC = 1;
    spec->ht_input = 4;
    spec->wd_input = 4;
    spec->ch[0] = 1;
    spec->ch[1] = 2;
    spec->pad[0] = 1;
    spec->filter[0] = 3;
    spec->stride[0] = 1;
    spec->pool[0] = 2;
    spec->full[0] = 3;
    spec->full[1] = 2;
    spec->act = ACT_RELU;
    spec->pool_mode = POOL_MAX;
}

static void fill(Matrix *m, const double *values)
{
    /* values are given row by row, as a reader writes a matrix */
    for (int i = 0; i < m->rows; i++) {
        for (int j = 0; j < m->cols; j++) {
            MAT_AT(*m, i, j) = values[i * m->cols + j];
        }
    }
}

void reference_init(Net *net)
{
    /* the slides' image B */
    static const double image_b[] = { 3, 2, 3, 6, 4, 5, 4, 9, 2, 1, 2, 6, 3, 4, 3, 2 };
    Matrix z1 = { 4, 4, net->values[net->layer[1].Z].m.data };
    fill(&z1, image_b);
    /* W1 rows are filters in phi's row order t = p + 3q (p row offset, q column
     * offset). Filter 1: the centre tap (t = 4), so S1 channel 1 is image B.
     * Filter 2: centre minus right neighbour (t = 4 and t = 7), a difference
     * filter with negative outputs and tied windows. */
    static const double w1[] = {
        0, 0, 0, 0, 1, 0, 0, 0, 0,
        0, 0, 0, 0, 1, 0, 0, -1, 0,
    };
    static const double b1[] = { 0, 0 };
    /* z2 = vec(Z2) = (5, 1, 4, 1, 9, 9, 6, 6): channels alternate */
    static const double w2[] = {
        0.5, 0, -0.5, 0, 0.5, 0, -0.5, 0,
        0, 1, 0, 1, 0, -0.5, 0, 0.5,
        -1, 0, 0, 0, 0.5, 0, 0, 0,
    };
    static const double b2[] = { 0, 1, 0 };
    static const double w3[] = { 1, -1, 0.5, 0.5, 1, -1 };
    static const double b3[] = { 0, 0 };
    static const double y[] = { 1, 2 };
    fill(&net->values[net->layer[1].W].m, w1);
    fill(&net->values[net->layer[1].b].m, b1);
    fill(&net->values[net->layer[2].W].m, w2);
    fill(&net->values[net->layer[2].b].m, b2);
    fill(&net->values[net->layer[3].W].m, w3);
    fill(&net->values[net->layer[3].b].m, b3);
    fill(&net->values[net->vy].m, y);
}
