/* fuzz_onnx.c: the ONNX reader (protobuf-c on untrusted bytes, then the
 * graph walk and the weight permutations); a model it accepts is built into
 * a network, given its weights and, when small, run once. */
#include "fuzz.h"

#include "../src/data/onnx.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    OnnxModel model;
    Diag d;
    diag_clear(&d);
    if (onnx_read(data, size, &model, &d) != 0) {
        return 0;
    }
    if (config_pass_bytes(&model.spec) < (INT64_C(64) << 20)) {
        Net *net = net_new(&model.spec);
        if (net != NULL) {
            onnx_apply(&model, net);
            if (config_pass_flops(&model.spec) < INT64_C(20000000)) {
                (void)net_run(net);
            }
            net_free(net);
        }
    }
    onnx_release(&model);
    return 0;
}
