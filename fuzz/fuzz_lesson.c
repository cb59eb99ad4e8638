/* fuzz_lesson.c: lesson files, parsed and checked (the silent dry run plays
 * every command), reading `net FILE` / `input FILE` from fuzz/files. */
#include "fuzz.h"

#include "../src/lesson/lesson.h"

#ifndef FUZZ_FILES_DIR
#define FUZZ_FILES_DIR "fuzz/files"
#endif

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *text = fuzz_text(data, size);
    if (text == NULL) {
        return 0;
    }
    StrBuf problems;
    sb_init(&problems);
    lesson_free(lesson_load_text("fuzz.lesson", FUZZ_FILES_DIR, text, NULL, &problems));
    sb_release(&problems);
    free(text);
    return 0;
}
