/* fuzz_command.c: the command language (the TUI's ':' line, lessons,
 * --batch): every line of the input is one command on a fresh reference
 * engine, as a batch session would run them. */
#include "fuzz.h"

#include "../src/debugger/command.h"
#include "../src/math/reference.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *text = fuzz_text(data, size);
    if (text == NULL) {
        return 0;
    }
    NetSpec spec;
    reference_spec(&spec);
    Net *net = net_new(&spec);
    if (net != NULL) {
        reference_init(net);
    }
    Engine *e = net != NULL ? engine_new(net) : NULL;
    StrBuf out;
    sb_init(&out);
    char *save = NULL;
    for (char *line = strtok_r(text, "\n", &save); line != NULL && e != NULL; line = strtok_r(NULL, "\n", &save)) {
        Diag d;
        diag_clear(&d);
        sb_clear(&out);
        if (command_exec(e, line, &out, &d) == CMD_QUIT) {
            break;
        }
    }
    sb_release(&out);
    engine_free(e);
    free(text);
    return 0;
}
