/* fuzz_answer.c: a student's answer to a lesson's question (arithmetic of
 * numbers or a matrix literal), and the mistake it is named by. */
#include "fuzz.h"

#include "../src/lesson/answer.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *text = fuzz_text(data, size);
    if (text == NULL) {
        return 0;
    }
    Matrix m;
    Diag d;
    if (answer_parse(text, &m, &d) == 0) {
        (void)answer_mistake(&m, &m, 1e-6);
        mat_release(&m);
    }
    free(text);
    return 0;
}
