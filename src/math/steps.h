/* steps.h: one description per kind of step (StepKind): its name, phase, the
 * slides' equation with its number, and the function that executes it. The
 * engine names and describes its ops from here and net_step_exec runs them,
 * so a step's name, equation and arithmetic cannot drift apart.
 * Must not: do I/O, print, or exit. */
#ifndef BPSTEP_STEPS_H
#define BPSTEP_STEPS_H

#include <stddef.h>

#include "explain.h"
#include "net.h"

typedef struct {
    /* "fwd pad": the layer number is appended when numbered; '@' stands for
     * the activation's name ("fwd @" -> "fwd relu1") */
    const char *name;
    bool numbered;
    Phase phase;
    /* the slides' equation number ("(1)-(3)"), or "" */
    const char *eqno;
    /* the equation in the slides' markup (\xi, \sigma, \odot, ^{m,i}) */
    void (*equation)(const Net *net, const NetStep *st, char *buf, size_t size);
    /* writes the step's outputs from its inputs */
    void (*exec)(Net *net, const NetStep *st);
    /* why one entry of an output has its value (explain.c) */
    ExplainFn explain;
} StepInfo;

const StepInfo *step_info(StepKind kind);

/* "fwd pool1", "bwd relu2", "bwd pool1 (6)": stable and readable. */
void step_name(const Net *net, const NetStep *st, char *buf, size_t size);
/* The equation (markup) and its number; the pooling backward's depend on
 * the rule, the activations' on the activation. */
void step_equation(const Net *net, const NetStep *st, char *eq, size_t eq_size, char *eqno, size_t eqno_size);

#endif
