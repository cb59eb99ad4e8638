/* fuzz.h: shared by the libFuzzer targets (one per reader of untrusted
 * input). Each target defines LLVMFuzzerTestOneInput; clang links it with
 * libFuzzer for `make fuzz`, and replay.c links it with a plain main that
 * replays the stored corpus and crash reproducers in `make test`. */
#ifndef BPSTEP_FUZZ_H
#define BPSTEP_FUZZ_H

#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* The input as a NUL-terminated string (cut at its first NUL, as the
 * readers see text), or NULL when out of memory. The caller frees it. */
static inline char *fuzz_text(const uint8_t *data, size_t size)
{
    char *text = malloc(size + 1);
    if (text != NULL) {
        memcpy(text, data, size);
        text[size] = '\0';
    }
    return text;
}

#endif
