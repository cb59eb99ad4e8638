/* test_parallel.c: parallel_run runs every worker once, on threads that
 * block every signal (so Ctrl-C reaches the caller's thread and its flag),
 * and joins them before it returns. */
#include "helpers.h"

#include "../src/math/parallel.h"

#include <pthread.h>
#include <signal.h>
#include <stdatomic.h>

typedef struct {
    atomic_int ran[PARALLEL_MAX];
    atomic_int blocked[PARALLEL_MAX];
    pthread_t caller;
    atomic_int on_caller;
} Seen;

static void note(void *ctx, int worker)
{
    Seen *s = ctx;
    sigset_t now;
    pthread_sigmask(SIG_BLOCK, NULL, &now);
    atomic_fetch_add(&s->ran[worker], 1);
    atomic_store(&s->blocked[worker], sigismember(&now, SIGINT) == 1 && sigismember(&now, SIGTERM) == 1);
    if (pthread_equal(pthread_self(), s->caller)) {
        atomic_fetch_add(&s->on_caller, 1);
        assert_int_equal(worker, 0);
    }
}

static void test_every_worker_once(void **state)
{
    (void)state;
    static const int counts[] = { 1, 2, 8 };
    for (int c = 0; c < 3; c++) {
        Seen s;
        memset(&s, 0, sizeof s);
        s.caller = pthread_self();
        int n = counts[c];
        assert_int_equal(parallel_run(n, note, &s), n);
        assert_int_equal(atomic_load(&s.on_caller), 1);
        for (int k = 0; k < PARALLEL_MAX; k++) {
            assert_int_equal(atomic_load(&s.ran[k]), k < n ? 1 : 0);
            if (k > 0 && k < n && atomic_load(&s.blocked[k]) != 1) {
                fail_msg("worker %d of %d runs with SIGINT or SIGTERM unblocked", k, n);
            }
        }
    }
    sigset_t now;
    pthread_sigmask(SIG_BLOCK, NULL, &now);
    assert_int_equal(sigismember(&now, SIGINT), 0); /* the caller's mask is as it was */
}

static void test_clamped(void **state)
{
    (void)state;
    Seen s;
    memset(&s, 0, sizeof s);
    s.caller = pthread_self();
    assert_int_equal(parallel_run(0, note, &s), 1);
    assert_int_equal(atomic_load(&s.ran[0]), 1);
    assert_true(parallel_cores() >= 1 && parallel_cores() <= PARALLEL_MAX);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_every_worker_once),
        cmocka_unit_test(test_clamped),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
