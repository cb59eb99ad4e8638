/* engine.h: the program (forward pass, loss and backward pass as one list of
 * named operations) and a position in it. Stepping executes one op; going
 * back undoes one. Every value is written by exactly one op, so undoing an
 * op only marks what it wrote as not computed: nothing is copied, going back
 * is exact, and the undo memory is zero.
 * Must not: do I/O, print, or exit. */
#ifndef BPSTEP_ENGINE_H
#define BPSTEP_ENGINE_H

#include <stdbool.h>

#include "host.h"
#include "../math/net.h"

typedef struct {
    char name[32];      /* stable and readable: "fwd conv1", "bwd pool1 (6)" */
    char equation[320]; /* the slides' notation, LaTeX-like: \xi, \sigma, \odot */
    char eqno[12];      /* the slides' number: "(1)-(3)", "(6)", or "" */
    Phase phase;
    int layer;
    int step; /* index into net->steps */
} Op;

typedef enum { BP_OP, BP_LAYER, BP_PHASE, BP_COND, BP_WATCH } BreakKind;

enum { ENGINE_MAX_BREAKS = 64, ENGINE_MAX_DISPLAYS = 32, ENGINE_EXPR_LEN = 512 };

typedef struct {
    int id; /* shown to the user, never reused */
    BreakKind kind;
    int op;           /* BP_OP */
    int layer;        /* BP_LAYER */
    bool conv;        /* BP_LAYER: conv (true) or fc */
    Phase phase;      /* BP_PHASE */
    char text[ENGINE_EXPR_LEN]; /* as typed */
    int hits;
} Breakpoint;

typedef struct {
    int id;
    char expr[ENGINE_EXPR_LEN];
} Display;

typedef struct {
    Net *net;   /* owned */
    Op *ops;
    int nops;
    int pos;    /* ops executed: 0 (nothing computed) .. nops (all) */
    int *writer; /* per value: the op writing it, -1 for inputs and parameters */
    Breakpoint breaks[ENGINE_MAX_BREAKS];
    int nbreaks, next_break_id;
    Display displays[ENGINE_MAX_DISPLAYS];
    int ndisplays, next_display_id;
    bool verbose;
    unsigned long generation; /* changes whenever the position or any value does */
    struct Training *training; /* data, trainer and loss curve (training.h), made on first use; owned */
    const Host *host; /* files, datasets, progress: borrowed from the session (host_none() at first) */
    /* The first op (before pos) that wrote a NaN or an infinity, -1 if none:
     * its value and entry (0-based, column-major), and whether it was told. */
    int nonfinite_op, nonfinite_value;
    size_t nonfinite_entry;
    bool nonfinite_told;
} Engine;

/* Takes ownership of net. NULL when out of memory (net is then freed). */
Engine *engine_new(Net *net);
/* A network for spec (validated) with its engine: the built-in reference
 * network's numbers when spec is NULL, else simpleNN's random weights from
 * seed. NULL when out of memory. */
Engine *engine_from_spec(const NetSpec *spec, uint64_t seed);
void engine_free(Engine *e);

/* Rebuilds names, equations and the writer table (after net_set_rule). */
void engine_rebuild(Engine *e);

bool engine_value_valid(const Engine *e, int value);
/* The position at which value becomes valid (its writer + 1), 0 for inputs. */
int engine_value_ready_at(const Engine *e, int value);

/* One op forwards / backwards; false when at the end / start. */
bool engine_step(Engine *e);
bool engine_back(Engine *e);
/* Moves to position pos (0..nops), executing or undoing ops. */
void engine_goto(Engine *e, int pos);
/* Recomputes ops 0..pos-1 after an edit of an input, weight or target. */
void engine_recompute(Engine *e);
/* The same after a read-only command (gradcheck, explain) changed values
 * behind the position and put the parameters back: to the same position,
 * even with a Ctrl-C pending (one pass at most). */
void engine_restore(Engine *e);
/* -1 (nothing changed) for eq. (6) with average pooling. */
int engine_set_rule(Engine *e, PoolRule rule);
/* Activation and pooling of the network; recomputes. */
void engine_set_model(Engine *e, Activation act, PoolMode pool);
/* The pooling only (`set pool`): per-layer activations stay. */
void engine_set_pool(Engine *e, PoolMode pool);
/* The loss (`set loss mse|ce`): swaps the two loss ops, then recomputes. */
void engine_set_loss(Engine *e, LossKind loss);

/* The op that would run next (pos), or -1 at the end. */
int engine_next_op(const Engine *e);
/* The op index whose name matches (exactly, or without the " (5)"/" (6)"
 * suffix), or -1. */
int engine_find_op(const Engine *e, const char *name);
/* Index one past the last op of the layer/phase group containing op k. */
int engine_group_end(const Engine *e, int k);

/* Whether breakpoint b fires for op k being next (location kinds). */
bool engine_break_matches(const Engine *e, const Breakpoint *b, int k);

const char *engine_phase_name(Phase p);

/* The loss xi_i once computed (false before); the number of conv layers;
 * the activation of the hidden layers. */
bool engine_loss(const Engine *e, double *loss);
int engine_conv_layers(const Engine *e);
Activation engine_activation(const Engine *e);
/* Layer m's (an ONNX model may have one per layer). */
Activation engine_layer_activation(const Engine *e, int m);

/* A matrix op k reads or writes, as the screen lists it: a value of the
 * network by id, or (value = ENGINE_ITEM_PPOOL) the P_pool^layer of a pooling
 * op, shown though the program keeps it as an index list. */
enum { ENGINE_ITEM_PPOOL = -1 };
typedef struct {
    int value;
    int layer;
    bool written;
    char name[24]; /* as shown: "dZ4" for the loss's gradient, "Ppool1" */
} OpItem;
/* Op k's reads, its P_pool (pooling ops), then its writes; returns how many. */
int engine_op_items(const Engine *e, int k, OpItem items[], int max);

/* At a pooling op (forward or backward) of conv layer m: the role of an
 * item in the colour links between windows, P_pool's rows and outputs. */
typedef enum { POOL_ROLE_NONE, POOL_ROLE_INPUT, POOL_ROLE_OUTPUT, POOL_ROLE_MATRIX } PoolRole;
PoolRole engine_pool_role(const Engine *e, int k, const OpItem *it);
/* Max pooling at conv layer m, once the forward pooling ran: the number of
 * outputs (0 otherwise) and the channels; the winner of output k (vec order)
 * as a position in vec(sigma(S^m)). */
int engine_pool_outputs(const Engine *e, int m, int *channels);
int engine_pool_winner(const Engine *e, int m, int k);

/* Remove breakpoint / display number id; false when there is none. */
bool engine_delete_break(Engine *e, int id);
bool engine_undisplay(Engine *e, int id);

#endif
