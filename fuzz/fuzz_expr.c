/* fuzz_expr.c: expressions (print, display, break if, expect) on the
 * reference network after a whole pass, so that every name is computed. */
#include "fuzz.h"

#include "../src/debugger/expr.h"
#include "../src/math/reference.h"

static Engine *engine(void)
{
    static Engine *e;
    if (e == NULL) {
        NetSpec spec;
        reference_spec(&spec);
        Net *net = net_new(&spec);
        if (net == NULL) {
            abort();
        }
        reference_init(net);
        e = engine_new(net);
        if (e == NULL) {
            abort();
        }
        engine_goto(e, e->nops);
    }
    return e;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *text = fuzz_text(data, size);
    if (text == NULL) {
        return 0;
    }
    ExprResult r;
    Diag d;
    diag_clear(&d);
    if (expr_eval(engine(), text, 0, &r, &d) == 0) {
        mat_release(&r.m);
    }
    diag_clear(&d);
    (void)expr_truth(engine(), text, &d);
    free(text);
    return 0;
}
