/* dataset.h: labelled grey images in memory (the IDX files' content), and
 * how one instance becomes the network's input Z^{1,i} and target y^i.
 * Must not: do I/O, print, or exit (src/data/ reads the files). */
#ifndef BPSTEP_DATASET_H
#define BPSTEP_DATASET_H

#include <stdbool.h>
#include <stdint.h>

#include "matrix.h"

enum { DATASET_CLASSES = 10 };

typedef struct {
    int n, rows, cols; /* n images of rows x cols pixels */
    uint8_t *pixels;   /* image k, row r, column q at k*rows*cols + r*cols + q (IDX order) */
    uint8_t *labels;   /* n labels 0..9 */
} Dataset;

/* A training set and a test set of the same image size, and what they are. */
typedef struct {
    Dataset train, test;
    char name[64];  /* "fashion-mnist", or the folder as given */
    bool fashion;   /* Fashion-MNIST: labels have garment names */
} DataPair;

void dataset_release(Dataset *ds);
void datapair_release(DataPair *dp);

/* Instance k (0-based) as the input: z (rows x cols, one channel) gets
 * pixel/255 with image row r, column q at z(r, q), so heatmaps show it
 * upright; y (10 x 1) the one-hot target, y(label + 1) = 1 (slides' 1-based).
 * Any z with rows*cols entries is filled in that column-major order. */
void dataset_input(const Dataset *ds, int k, Matrix *z);
void dataset_target(const Dataset *ds, int k, Matrix *y);

/* The name of class c (0..9): Fashion-MNIST's garments, or the digit. */
const char *dataset_class_name(bool fashion, int c);

#endif
