/* fuzz_matlit.c: MATLAB matrix literals (set NAME = [...], expect, input). */
#include "fuzz.h"

#include "../src/debugger/matlit.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *text = fuzz_text(data, size);
    if (text == NULL) {
        return 0;
    }
    Matrix m;
    Diag d;
    diag_clear(&d);
    (void)matlit_label(text);
    if (matlit_parse(text, 0, &m, &d) == 0) {
        mat_release(&m);
    }
    free(text);
    return 0;
}
