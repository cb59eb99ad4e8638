/* fuzz_idx.c: the IDX reader (plain and gzip'd; the first byte picks images
 * or labels) and the PGM reader, on the same bytes. */
#include "fuzz.h"

#include "../src/data/idx.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size == 0) {
        return 0;
    }
    IdxArray a;
    Diag d;
    diag_clear(&d);
    if (idx_parse(data + 1, size - 1, (data[0] & 1) != 0 ? 3 : 1, &a, &d) == 0) {
        idx_release(&a);
    }
    double *px = NULL;
    int rows, cols;
    if (pgm_parse(data + 1, size - 1, &px, &rows, &cols, &d) == 0) {
        free(px);
    }
    return 0;
}
