/* test_engine.c: stepping forwards and back is exact, breakpoints of each
 * kind stop where they should, set mid-pass recomputes, both pooling rules. */
#include "helpers.h"

#include <stdio.h>
#include <stdlib.h>

#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include "../src/debugger/command.h"
#include "../src/lesson/datafiles.h"
#include "../src/base/interrupt.h"
#include "../src/debugger/engine.h"
#include "../src/debugger/values.h"

typedef struct {
    double *data;
    size_t n;
} Snapshot;

/* The bits of every value valid at the engine's position (invalid ones as NaN markers). */
static Snapshot snapshot(const Engine *e)
{
    Snapshot s = { NULL, 0 };
    for (int v = 0; v < e->net->nvalues; v++) {
        s.n += mat_count(&e->net->values[v].m) + 1;
    }
    s.data = malloc(s.n * sizeof *s.data);
    size_t at = 0;
    for (int v = 0; v < e->net->nvalues; v++) {
        const Matrix *m = &e->net->values[v].m;
        bool valid = engine_value_valid(e, v);
        s.data[at++] = valid ? 1.0 : 0.0;
        for (size_t k = 0; k < mat_count(m); k++) {
            s.data[at++] = valid ? m->data[k] : 0.0;
        }
    }
    return s;
}

static Engine *engine_for(const char *config, uint64_t seed)
{
    Net *net = config != NULL ? helper_net(config, seed) : helper_reference();
    Engine *e = engine_new(net);
    assert_non_null(e);
    return e;
}

/* Issue 14.1 / 13.7: every op shows the equation of the active activation;
 * the step table is the one source of names, equations and arithmetic. */
static void test_equations_follow_the_activation(void **state)
{
    (void)state;
    static const struct {
        Activation act;
        const char *fc4, *eq5, *eq6;
    } want[] = {
        { ACT_RELU, "\\odot I[s^{2,i}]", "\\odot vec(I[S^{1,i}])^T", "\\odot vec(I[Z^{2,i}])^T" },
        { ACT_LEAKY, "(I[s^{2,i}] + 0.01 (1 - I[s^{2,i}]))", "vec(I[S^{1,i}] + 0.01", "vec(I[Z^{2,i}] + 0.01" },
        { ACT_TANH, "(1 - tanh^2(s^{2,i}))", "vec(1 - tanh^2(S^{1,i}))^T", "(1 - vec(Z^{2,i})^T \\odot vec(Z^{2,i})^T)" },
        { ACT_SIGMOID, "(\\sigma(s^{2,i}) (1 - \\sigma(s^{2,i})))", "vec(\\sigma(S^{1,i}) (1 - \\sigma(S^{1,i})))^T",
          "vec(Z^{2,i} \\odot (1 - Z^{2,i}))^T" },
    };
    for (size_t k = 0; k < sizeof want / sizeof *want; k++) {
        Engine *e = engine_new(helper_reference());
        assert_non_null(e);
        engine_set_model(e, want[k].act, POOL_MAX);
        char name[32];
        snprintf(name, sizeof name, "bwd %s2", act_name(want[k].act));
        int fc = engine_find_op(e, name), pool = engine_find_op(e, "bwd pool1");
        assert_true(fc >= 0 && pool >= 0);
        if (strstr(e->ops[fc].equation, want[k].fc4) == NULL || strcmp(e->ops[fc].eqno, "(4)") != 0) {
            fail_msg("%s: '%s' lacks '%s'", name, e->ops[fc].equation, want[k].fc4);
        }
        if (strstr(e->ops[pool].equation, want[k].eq6) == NULL || strcmp(e->ops[pool].eqno, "(6)") != 0) {
            fail_msg("eq. (6) under %s: '%s'", act_name(want[k].act), e->ops[pool].equation);
        }
        assert_int_equal(engine_set_rule(e, RULE_EQ5), 0);
        if (strstr(e->ops[pool].equation, want[k].eq5) == NULL || strcmp(e->ops[pool].name, "bwd pool1 (5)") != 0) {
            fail_msg("eq. (5) under %s: '%s'", act_name(want[k].act), e->ops[pool].equation);
        }
        engine_free(e);
    }
}

static void test_step_to_end_and_back_is_exact(void **state)
{
    (void)state;
    for (int i = -1; i < HELPER_NNETS; i++) {
        Engine *e = engine_for(i < 0 ? NULL : HELPER_NETS[i], 3);
        Snapshot *snaps = calloc((size_t)e->nops + 1, sizeof *snaps);
        for (int k = 0; k <= e->nops; k++) {
            snaps[k] = snapshot(e);
            assert_int_equal(e->pos, k);
            if (k < e->nops) {
                assert_true(engine_step(e));
            }
        }
        assert_false(engine_step(e));
        /* the end equals a straight run of the same network */
        Net *straight = i < 0 ? helper_reference() : helper_net(HELPER_NETS[i], 3);
        net_run(straight);
        for (int v = 0; v < e->net->nvalues; v++) {
            assert_true(mat_equal_bits(&e->net->values[v].m, &straight->values[v].m));
        }
        net_free(straight);
        for (int k = e->nops; k >= 0; k--) {
            Snapshot now = snapshot(e);
            assert_int_equal(now.n, snaps[k].n);
            if (memcmp(now.data, snaps[k].data, now.n * sizeof *now.data) != 0) {
                fail_msg("network %d: values at position %d differ after going back", i, k);
            }
            free(now.data);
            if (k > 0) {
                assert_true(engine_back(e));
            }
        }
        assert_false(engine_back(e));
        for (int k = 0; k <= e->nops; k++) {
            free(snaps[k].data);
        }
        free(snaps);
        engine_free(e);
    }
}

static void test_not_computed_is_never_stale(void **state)
{
    (void)state;
    Engine *e = engine_for(NULL, 0);
    Matrix m;
    ValueRef ref;
    Diag d = { 0 };
    engine_goto(e, e->nops);
    engine_goto(e, 2); /* S1 is written by op 3 */
    assert_int_equal(values_get(e, "S1", 0, 1, &m, &ref, &d), -1);
    assert_non_null(strstr(d.msg, "not computed yet"));
    assert_int_equal(values_get(e, "Ppool1", 0, 1, &m, &ref, &d), -1);
    assert_int_equal(values_get(e, "phi1", 0, 1, &m, &ref, &d), 0);
    mat_release(&m);
    assert_int_equal(values_get(e, "Pphi1", 0, 1, &m, &ref, &d), 0); /* constant */
    assert_int_equal(m.rows, 9 * 16);
    assert_int_equal(m.cols, 36);
    mat_release(&m);
    engine_free(e);
}

/* Runs a command that must succeed; returns its output (static buffer). */
static const char *run_ok(Engine *e, const char *line)
{
    static StrBuf out;
    Diag d = { 0 };
    diag_clear(&d);
    sb_clear(&out);
    CmdStatus st = command_exec(e, line, &out, &d);
    if (st != CMD_OK) {
        fail_msg("'%s' failed: %s", line, d.msg);
    }
    return sb_str(&out);
}

static void test_breakpoints(void **state)
{
    (void)state;
    Engine *e = engine_for(NULL, 0);
    int pool = engine_find_op(e, "fwd pool1");
    assert_true(pool > 0);
    run_ok(e, "break fwd pool1");
    run_ok(e, "continue");
    assert_int_equal(e->pos, pool); /* stopped before it */
    run_ok(e, "delete");
    /* a phase */
    run_ok(e, "restart");
    run_ok(e, "b bwd");
    run_ok(e, "c");
    assert_int_equal(e->ops[e->pos].phase, PHASE_BWD);
    assert_int_equal(e->ops[e->pos - 1].phase, PHASE_LOSS);
    /* a layer: on entering it in each phase */
    run_ok(e, "delete");
    run_ok(e, "restart");
    run_ok(e, "break fc3");
    run_ok(e, "continue");
    assert_string_equal(e->ops[e->pos].name, "fwd fc3");
    run_ok(e, "continue");
    assert_string_equal(e->ops[e->pos].name, "bwd fc3");
    run_ok(e, "continue");
    assert_int_equal(e->pos, e->nops);
    /* reverse-continue goes back to the previous hit */
    run_ok(e, "reverse-continue");
    assert_string_equal(e->ops[e->pos].name, "bwd fc3");
    /* a condition on a value: stops right after the op that makes it true */
    run_ok(e, "delete");
    run_ok(e, "restart");
    run_ok(e, "break if max(abs(dS1)) > 1");
    run_ok(e, "continue");
    assert_string_equal(e->ops[e->pos - 1].name, "bwd pool1 (6)");
    run_ok(e, "delete");
    run_ok(e, "restart");
    run_ok(e, "break if loss < 0.6");
    const char *out = run_ok(e, "continue");
    assert_string_equal(e->ops[e->pos - 1].name, "loss");
    assert_non_null(strstr(out, "breakpoint"));
    out = run_ok(e, "info break");
    assert_non_null(strstr(out, "hit 1 time"));
    /* an op by number */
    run_ok(e, "delete");
    run_ok(e, "restart");
    run_ok(e, "break 4");
    run_ok(e, "continue");
    assert_int_equal(e->pos, 3);
    engine_free(e);
}

static void test_motion_commands(void **state)
{
    (void)state;
    Engine *e = engine_for(NULL, 0);
    run_ok(e, "step 3");
    assert_int_equal(e->pos, 3);
    run_ok(e, "back");
    assert_int_equal(e->pos, 2);
    run_ok(e, "rs 2");
    assert_int_equal(e->pos, 0);
    run_ok(e, "next"); /* the whole of conv layer 1 forward */
    assert_string_equal(e->ops[e->pos].name, "fwd flatten");
    run_ok(e, "until bwd pool1");
    assert_string_equal(e->ops[e->pos].name, "bwd pool1 (6)");
    run_ok(e, "goto 2");
    assert_int_equal(e->pos, 2);
    run_ok(e, "run");
    assert_int_equal(e->pos, e->nops);
    const char *out = run_ok(e, "step");
    assert_non_null(strstr(out, "already at the end"));
    run_ok(e, "restart");
    assert_int_equal(e->pos, 0);
    out = run_ok(e, "step");
    assert_non_null(strstr(out, "fwd pad1"));
    assert_non_null(strstr(out, "padZ1 (1 x 36)"));
    engine_free(e);
}

static void test_set_mid_pass_recomputes_and_survives_restart(void **state)
{
    (void)state;
    Engine *e = engine_for(NULL, 0);
    run_ok(e, "goto 10");
    run_ok(e, "set W3 = [1 1 1; 0 0 0]");
    /* equal to a fresh engine with the same edit stepped to 10 */
    Engine *f = engine_for(NULL, 0);
    run_ok(f, "set W3 = [1 1 1; 0 0 0]");
    run_ok(f, "goto 10");
    Snapshot a = snapshot(e), b = snapshot(f);
    assert_memory_equal(a.data, b.data, a.n * sizeof *a.data);
    free(a.data);
    free(b.data);
    run_ok(e, "restart");
    run_ok(e, "run");
    run_ok(f, "run");
    assert_true(e->net->values[e->net->vloss].m.data[0] == f->net->values[f->net->vloss].m.data[0]);
    /* a one-channel map as an image, and a vector as a row */
    run_ok(e, "set Z1 = [1 2 3 4; 5 6 7 8; 9 10 11 12; 13 14 15 16]");
    assert_true(e->net->values[e->net->layer[1].Z].m.data[1] == 5.0); /* column-major */
    run_ok(e, "set y = [3 4]");
    assert_true(e->net->values[e->net->vy].m.data[1] == 4.0);
    engine_free(e);
    engine_free(f);
}

static void test_rules_give_identical_values(void **state)
{
    (void)state;
    Engine *e = engine_for(HELPER_NETS[2], 4);
    run_ok(e, "run");
    Snapshot six = snapshot(e);
    const char *out = run_ok(e, "set rule 5");
    assert_non_null(strstr(out, "eq. (5)"));
    assert_int_equal(engine_find_op(e, "bwd pool1 (5)") >= 0, 1);
    Snapshot five = snapshot(e);
    assert_memory_equal(six.data, five.data, six.n * sizeof *six.data);
    free(six.data);
    free(five.data);
    out = run_ok(e, "info memory");
    assert_non_null(strstr(out, "eq. (6)"));
    engine_free(e);
}

/* Bad commands: one message with a column, nothing changed. */
static void test_errors_change_nothing(void **state)
{
    (void)state;
    static const struct {
        const char *line;
        int col;
        const char *fragment;
    } cases[] = {
        { "frobnicate", 1, "unknown command" },
        { "print Q7", 7, "unknown name 'Q7'" },
        { "print Z2[3]", 7, "has 2 channels" },
        { "set W1 = [1 2]", 10, "shape mismatch" },
        { "set W3 = [1 2 3; 4 5]", 21, "row 2 has 2 entries" },
        { "set W3 = [1 2 3; 4 5 x]", 22, "expected a number" },
        { "set S1 = [1]", 5, "computed by the program" },
        { "set rule 7", 10, "set rule 5|6" },
        { "step x", 6, "expected a count" },
        { "break nowhere", 7, "not an op" },
        { "print -f xml Z1", 10, "format must be" },
        { "print max(Z1", 13, "expected ')'" },
        { "print Z1 +", 11, "expected a name" },
        { "print W1 * W1", 10, "matrix product of 2 x 9 and 2 x 9" },
        { "print W1(3,1)", 10, "index out of range" }, /* at the index at fault */
        { "delete 99", 8, "no breakpoint" },
        { "goto 999", 6, "past the end" },
        { "info bogus", 6, "usage: info" },
        { "help nonsense", 6, "no such command" },
    };
    Engine *e = engine_for(NULL, 0);
    run_ok(e, "goto 7");
    Snapshot before = snapshot(e);
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        StrBuf out;
        sb_init(&out);
        Diag d = { 0 };
        diag_clear(&d);
        if (command_exec(e, cases[i].line, &out, &d) != CMD_ERROR) {
            fail_msg("'%s' did not fail", cases[i].line);
        }
        if (d.col != cases[i].col || strstr(d.msg, cases[i].fragment) == NULL) {
            fail_msg("'%s': column %d '%s', wanted column %d with '%s'", cases[i].line, d.col, d.msg,
                     cases[i].col, cases[i].fragment);
        }
        sb_release(&out);
        assert_int_equal(e->pos, 7);
        Snapshot after = snapshot(e);
        assert_memory_equal(before.data, after.data, before.n * sizeof *before.data);
        free(after.data);
    }
    free(before.data);
    engine_free(e);
}

static void test_print_formats(void **state)
{
    (void)state;
    Engine *e = engine_for(NULL, 0);
    run_ok(e, "run");
    const char *out = run_ok(e, "print Z2[1]");
    assert_string_equal(out, "Z2[1] = channel 1 of Z^{2,i} as an image  (2 x 2)\n  5  9\n  4  6\n");
    out = run_ok(e, "print -f csv s2");
    assert_string_equal(out, "2\n1.5\n-0.5\n");
    out = run_ok(e, "p -f latex Z2[1]");
    assert_string_equal(out, "\\begin{bmatrix}\n  5 & 9 \\\\\n  4 & 6\n\\end{bmatrix}\n");
    out = run_ok(e, "print Ppool1[1]");
    assert_non_null(strstr(out, "(4 x 16)"));
    out = run_ok(e, "print -f csv W2(1,1) / 3");
    assert_string_equal(out, "0.16666666666666666\n");
    out = run_ok(e, "print W2 * z2 + b2");
    assert_non_null(strstr(out, "(3 x 1)"));
    out = run_ok(e, "help");
    assert_non_null(strstr(out, "reverse-continue"));
    out = run_ok(e, "info net");
    assert_non_null(strstr(out, "55 parameters"));
    out = run_ok(e, "info ops");
    assert_non_null(strstr(out, "=>   (end)"));
    assert_int_equal(command_exec(e, "quit", &(StrBuf){ 0 }, &(Diag){ 0 }), CMD_QUIT);
    engine_free(e);
}

/* 21.4: a terminating signal after a Ctrl-C is kept when the Ctrl-C is
 * cleared (in a child: a TERM stays pending for good). */
static void test_a_second_signal_is_kept(void **state)
{
    (void)state;
    pid_t pid = fork();
    assert_true(pid >= 0);
    if (pid == 0) {
        interrupt_request(SIGINT);
        interrupt_request(SIGTERM);
        interrupt_request(SIGHUP); /* the first terminating signal wins */
        interrupt_clear();
        _exit(interrupt_pending() == SIGTERM && interrupt_terminating() == SIGTERM ? 0 : 1);
    }
    int st = 0;
    assert_int_equal(waitpid(pid, &st, 0), pid);
    assert_true(WIFEXITED(st) && WEXITSTATUS(st) == 0);
    /* 21.4: a save stops at a signal and writes nothing, no temporary file either */
    pid = fork();
    assert_true(pid >= 0);
    if (pid == 0) {
        static DataFiles files;
        Host host = *host_none();
        datafiles_host(&host, &files);
        Engine *e = engine_for(NULL, 0);
        e->host = &host;
        StrBuf out;
        sb_init(&out);
        Diag d;
        diag_clear(&d);
        char dir[] = "/tmp/bpstep-sig-XXXXXX", cmd[200];
        if (mkdtemp(dir) == NULL) {
            _exit(2);
        }
        interrupt_request(SIGTERM);
        snprintf(cmd, sizeof cmd, "save %s/p.m", dir);
        CmdStatus cs = command_exec(e, cmd, &out, &d);
        snprintf(cmd, sizeof cmd, "rmdir %s", dir); /* fails unless the folder is empty */
        _exit(cs == CMD_ERROR && strstr(d.msg, "interrupted") != NULL && system(cmd) == 0 ? 0 : 1);
    }
    assert_int_equal(waitpid(pid, &st, 0), pid);
    assert_true(WIFEXITED(st) && WEXITSTATUS(st) == 0);
    interrupt_request(SIGINT);
    interrupt_clear();
    assert_int_equal(interrupt_pending(), 0);
}

/* 21.5: an interrupted command says where it stopped and never claims
 * success; a read-only one (gradcheck, explain) leaves the position and every
 * value as they were; an interrupted load changes nothing. */
static void test_interrupted_commands(void **state)
{
    (void)state;
    static DataFiles files;
    Host host = *host_none();
    datafiles_host(&host, &files);
    Engine *e = engine_for(NULL, 0);
    e->host = &host;
    StrBuf out;
    sb_init(&out);
    Diag d;
    assert_int_equal(command_exec(e, "run", &out, &d), CMD_OK);
    char save[96], load[96];
    snprintf(save, sizeof save, "save /tmp/bpstep-test-engine-%d.params", (int)getpid());
    snprintf(load, sizeof load, "load /tmp/bpstep-test-engine-%d.params", (int)getpid());
    assert_int_equal(command_exec(e, save, &out, &d), CMD_OK);
    assert_int_equal(command_exec(e, "set W1(1,1) = 7", &out, &d), CMD_OK);
    Snapshot before = snapshot(e);
    const char *read_only[] = { "gradcheck", "gradcheck dW1", "gradcheck dW1(1,2)", "explain dS1(1,6)",
                                load };
    for (size_t k = 0; k < sizeof read_only / sizeof *read_only; k++) {
        sb_clear(&out);
        diag_clear(&d);
        interrupt_request(SIGINT);
        CmdStatus st = command_exec(e, read_only[k], &out, &d);
        interrupt_clear();
        assert_int_equal(e->pos, e->nops);
        Snapshot after = snapshot(e);
        assert_int_equal(after.n, before.n);
        assert_memory_equal(after.data, before.data, before.n * sizeof *before.data);
        free(after.data);
        assert_null(strstr(sb_str(&out), "agrees"));
        if (st == CMD_ERROR) {
            if (strstr(d.msg, "interrupted") == NULL) {
                fail_msg("%s: %s", read_only[k], d.msg);
            }
        }
    }
    /* run from the start with a Ctrl-C pending: stopped at 0, no success line */
    assert_int_equal(command_exec(e, "restart", &out, &d), CMD_OK);
    sb_clear(&out);
    interrupt_request(SIGINT);
    assert_int_equal(command_exec(e, "run", &out, &d), CMD_ERROR);
    interrupt_clear();
    assert_null(strstr(sb_str(&out), "ran 19 ops"));
    assert_non_null(strstr(d.msg, "interrupted (Ctrl-C) at position 0/19"));
    free(before.data);
    sb_release(&out);
    engine_free(e);
    remove(save + 5);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_equations_follow_the_activation),
        cmocka_unit_test(test_step_to_end_and_back_is_exact),
        cmocka_unit_test(test_not_computed_is_never_stale),
        cmocka_unit_test(test_breakpoints),
        cmocka_unit_test(test_motion_commands),
        cmocka_unit_test(test_set_mid_pass_recomputes_and_survives_restart),
        cmocka_unit_test(test_rules_give_identical_values),
        cmocka_unit_test(test_errors_change_nothing),
        cmocka_unit_test(test_print_formats),
        cmocka_unit_test(test_a_second_signal_is_kept),
        cmocka_unit_test(test_interrupted_commands),
    };
    return cmocka_run_group_tests_name("engine", tests, NULL, NULL);
}
