/* fuzz_subscript.c: MATLAB subscripts ((i,j), (k), end, a:s:b, ':') against a
 * few shapes; every entry they select must lie inside the value. */
#include "fuzz.h"

#include "../src/debugger/subscript.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *text = fuzz_text(data, size);
    if (text == NULL) {
        return 0;
    }
    static const int shapes[][2] = { { 1, 1 }, { 2, 9 }, { 10, 1 }, { 1, 7 }, { 32, 784 } };
    for (size_t s = 0; s < sizeof shapes / sizeof shapes[0]; s++) {
        int rows = shapes[s][0], cols = shapes[s][1];
        const char *p = text;
        Subscript sub;
        Diag d;
        diag_clear(&d);
        if (*p != '(' || subscript_parse(text, &p, 0, rows, cols, "A", &sub, &d) != 0) {
            continue;
        }
        int r = 0, c = 0;
        subscript_shape(&sub, rows, cols, &r, &c);
        size_t n = subscript_count(&sub);
        if (n == 0 || (size_t)r * (size_t)c != n || p < text || p > text + strlen(text)) {
            abort();
        }
        for (size_t k = 0; k < n; k += 1 + n / 64) {
            if (subscript_at(&sub, rows, k) >= (size_t)rows * (size_t)cols) {
                abort();
            }
        }
        if (subscript_at(&sub, rows, n - 1) >= (size_t)rows * (size_t)cols) {
            abort();
        }
    }
    free(text);
    return 0;
}
