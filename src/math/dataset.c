/* dataset.c: instances as inputs and targets; class names.
 * Must not: do I/O, print, or exit. */
#include "dataset.h"

#include <stdlib.h>

void dataset_release(Dataset *ds)
{
    free(ds->pixels);
    free(ds->labels);
    ds->pixels = NULL;
    ds->labels = NULL;
    ds->n = 0;
}

void datapair_release(DataPair *dp)
{
    dataset_release(&dp->train);
    dataset_release(&dp->test);
}

void dataset_input(const Dataset *ds, int k, Matrix *z)
{
    const uint8_t *img = ds->pixels + (size_t)k * (size_t)ds->rows * (size_t)ds->cols;
    /* z's column-major entry (r, q) is the image's row-major pixel (r, q) */
    for (int q = 0; q < ds->cols; q++) {
        for (int r = 0; r < ds->rows; r++) {
            z->data[r + (size_t)ds->rows * q] = img[(size_t)r * ds->cols + q] / 255.0;
        }
    }
}

void dataset_target(const Dataset *ds, int k, Matrix *y)
{
    mat_zero(y);
    int c = ds->labels[k];
    if (c < y->rows * y->cols) {
        y->data[c] = 1.0;
    }
}

const char *dataset_class_name(bool fashion, int c)
{
    static const char *const garments[DATASET_CLASSES] = {
        "T-shirt/top", "Trouser", "Pullover", "Dress", "Coat",
        "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot",
    };
    static const char *const digits[DATASET_CLASSES] = { "0", "1", "2", "3", "4", "5", "6", "7", "8", "9" };
    if (c < 0 || c >= DATASET_CLASSES) {
        return "?";
    }
    return fashion ? garments[c] : digits[c];
}
