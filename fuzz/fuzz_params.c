/* fuzz_params.c: a parameter file (`load FILE`) and a PGM input (`input
 * FILE.pgm`) as the commands read them, on the reference network: the host
 * hands the fuzz input over as the file's bytes. */
#include "fuzz.h"

#include "../src/debugger/command.h"
#include "../src/debugger/host.h"

static const uint8_t *fuzz_data;
static size_t fuzz_size;

static int read_fuzz(const char *path, size_t max, uint8_t **bytes, size_t *len, Diag *d)
{
    (void)path;
    if (fuzz_size > max) {
        diag_set(d, 0, 0, "too large");
        return -1;
    }
    *bytes = malloc(fuzz_size + 1);
    if (*bytes == NULL) {
        return -1;
    }
    memcpy(*bytes, fuzz_data, fuzz_size);
    *len = fuzz_size;
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    Host h = *host_none();
    h.read_file = read_fuzz;
    fuzz_data = data;
    fuzz_size = size;
    Engine *e = engine_from_spec(NULL, 1);
    if (e == NULL) {
        return 0;
    }
    e->host = &h;
    StrBuf out;
    sb_init(&out);
    Diag d;
    diag_clear(&d);
    (void)command_exec(e, "load fuzz.m", &out, &d);
    (void)command_exec(e, "input fuzz.pgm", &out, &d);
    (void)command_exec(e, "run", &out, &d);
    sb_release(&out);
    engine_free(e);
    return 0;
}
