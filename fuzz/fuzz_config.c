/* fuzz_config.c: the simpleNN config reader (--net, a lesson's net). A spec
 * it accepts must also build (net_new) within the documented limits. */
#include "fuzz.h"

#include "../src/math/config.h"
#include "../src/math/net.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *text = fuzz_text(data, size);
    if (text == NULL) {
        return 0;
    }
    NetSpec spec;
    Diag d;
    diag_clear(&d);
    if (config_parse(&spec, text, &d) == 0 && config_pass_bytes(&spec) <= (INT64_C(64) << 20)) {
        Net *net = net_new(&spec); /* small accepted networks are built and run too */
        if (net != NULL) {
            net_init_random(net, 1);
            net_run(net);
        }
        net_free(net);
    }
    free(text);
    return 0;
}
