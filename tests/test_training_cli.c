/* test_training_cli.c: data, train, test, input, save and load as a user runs
 * them, on small IDX files this test writes (plain and gzip'd): no dataset
 * needed. Also what a machine without Fashion-MNIST says. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdbool.h>
#include <string.h>
#include <unistd.h>
#include <zlib.h>

#include "cli.h"

static char dir[] = "/tmp/bpstep-train-XXXXXX";
static char folder[600]; /* where put_bytes writes */

static const char *NET = "L = 3; LC = 1; wd_input = [8]; ht_input = [8]; ch_input = [1,4];\n"
                         "wd_pad_added = [1]; wd_filter = [3]; strides = [1]; wd_subimage_pool = [2];\n"
                         "full_neurons = [12,10];\n";

static void put_bytes(const char *name, const uint8_t *b, size_t n, bool gz)
{
    char path[1024];
    snprintf(path, sizeof path, "%s/%s%s", folder, name, gz ? ".gz" : "");
    if (gz) {
        gzFile f = gzopen(path, "wb");
        assert_non_null(f);
        assert_int_equal(gzwrite(f, b, (unsigned)n), (int)n);
        gzclose(f);
    } else {
        FILE *f = fopen(path, "wb");
        assert_non_null(f);
        assert_int_equal(fwrite(b, 1, n, f), n);
        fclose(f);
    }
}

/* n images of 8 x 8 whose class c lights row c % 8 (and a corner for c >= 8). */
static void put_set(const char *images, const char *labels, int n, bool gz)
{
    size_t isz = 16 + (size_t)n * 64;
    uint8_t *img = calloc(1, isz), *lab = calloc(1, 8 + (size_t)n);
    assert_non_null(img);
    assert_non_null(lab);
    uint8_t ih[16] = { 0, 0, 8, 3, 0, 0, (uint8_t)(n >> 8), (uint8_t)n, 0, 0, 0, 8, 0, 0, 0, 8 };
    uint8_t lh[8] = { 0, 0, 8, 1, 0, 0, (uint8_t)(n >> 8), (uint8_t)n };
    memcpy(img, ih, 16);
    memcpy(lab, lh, 8);
    for (int k = 0; k < n; k++) {
        int c = (k * 7 + 3) % 10;
        lab[8 + k] = (uint8_t)c;
        for (int q = 0; q < 8; q++) {
            img[16 + (size_t)k * 64 + (size_t)(c % 8) * 8 + q] = 200;
        }
        img[16 + (size_t)k * 64] = c >= 8 ? (uint8_t)(100 * (c - 7)) : 0;
    }
    put_bytes(images, img, isz, gz);
    put_bytes(labels, lab, 8 + (size_t)n, gz);
    free(img);
    free(lab);
}

static int setup(void **state)
{
    (void)state;
    if (mkdtemp(dir) == NULL) {
        return -1;
    }
    char cmd[1024];
    snprintf(cmd, sizeof cmd, "mkdir -p %s/data %s/bad && printf '%%s' '%s' > %s/small.net", dir, dir, NET, dir);
    if (system(cmd) != 0) {
        return -1;
    }
    snprintf(folder, sizeof folder, "%s/data", dir);
    put_set("train-images-idx3-ubyte", "train-labels-idx1-ubyte", 200, true);
    put_set("t10k-images-idx3-ubyte", "t10k-labels-idx1-ubyte", 40, false);
    snprintf(folder, sizeof folder, "%s/bad", dir);
    put_set("t10k-images-idx3-ubyte", "t10k-labels-idx1-ubyte", 40, false);
    uint8_t junk[64] = { 0x1f, 0x8b, 8, 0, 1, 2, 3 };
    put_bytes("train-images-idx3-ubyte", junk, sizeof junk, false); /* gzip magic, then garbage */
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    char cmd[600];
    snprintf(cmd, sizeof cmd, "rm -rf %s", dir);
    return system(cmd);
}

#define CMD(buf, ...) (snprintf((buf), sizeof(buf), __VA_ARGS__), (buf))

static void test_train_and_test(void **state)
{
    (void)state;
    char c[2048];
    expect(CMD(c, "$B --batch --net %s/small.net --data %s/data -x 'test' -x 'train 30 steps batch=10 lr=0.02' -x test"
                  " -x 'info predict' -x 'instance 3' -x 'info batch'", dir, dir),
           0, "trained 30 steps (300 images, epoch 2, batch 10");
    Result r = run(CMD(c, "$B --batch --net %s/small.net --data %s/data -x 'test' -x 'train 40 steps batch=10 lr=0.02' "
                          "-x test", dir, dir));
    assert_int_equal(r.status, 0);
    /* before: a guess; after 40 steps on this easy set: better */
    const char *first = strstr(r.out, "test accuracy = "), *second = first ? strstr(first + 1, "test accuracy = ") : NULL;
    assert_non_null(second);
    double before = atof(first + 16), after = atof(second + 16);
    if (!(after > before + 20.0)) {
        fail_msg("accuracy %.1f -> %.1f:\n%s", before, after, r.out);
    }
    expect(CMD(c, "$B --batch --net %s/small.net --data %s/data -x 'train 2 epochs batch=50'", dir, dir), 0,
           "test accuracy after epoch 2: ");
    expect(CMD(c, "$B --batch --net %s/small.net --data %s/data -x 'train 3 steps batch=10' -x 'info batch db3'", dir,
               dir), 0, "(1/l) sum_i dxi_i/db^3 over the last batch (l = 10)  (10 x 1)");
    expect(CMD(c, "$B --batch --net %s/small.net --data %s/data -x 'train 3 steps batch=10' -x 'info batch W1'", dir,
               dir), 1, "info batch takes a parameter gradient");
    /* 25.7: after momentum-0 steps the velocity starts again from the next
     * gradient, as torch.optim.SGD's buffer does: one more step with
     * momentum 0.9 moves the weights as one with momentum 0 */
    expect(CMD(c, "cd %s && $B --batch --net small.net --data data -x 'train 2 steps batch=10 momentum=0' "
                  "-x 'train 1 steps momentum=0.9' -x 'save m9.m' >/dev/null && $B --batch --net small.net --data data "
                  "-x 'train 2 steps batch=10 momentum=0' -x 'train 1 steps momentum=0' -x 'save m0.m' >/dev/null && "
                  "cmp m0.m m9.m && echo same-step", dir), 0, "same-step");
    /* 25.7: -f csv, full precision: the CSV's numbers are the aligned ones to 17 digits, one line per row */
    Result csv = run(CMD(c, "$B --batch --net %s/small.net --data %s/data -x 'train 3 steps batch=10' "
                            "-x 'info batch db3 -f csv' | tail -n 10", dir, dir));
    assert_int_equal(csv.status, 0);
    if (strchr(csv.out, ',') != NULL || strlen(csv.out) < 10 * 15) {
        fail_msg("db3 (10 x 1) as CSV: 10 lines of 17-digit numbers, no commas:\n%s", csv.out);
    }
    expect(CMD(c, "$B --batch --net %s/small.net --data %s/data -x 'train 3 steps batch=10' -x 'info batch dW1 -f csv'"
                  " | tail -n 1 | tr ',' '\\n' | wc -l", dir, dir), 0, "9");
    expect(CMD(c, "$B --batch --net %s/small.net --data %s/data -x 'train 3 steps batch=10' -x 'info batch dW1 -f tex'",
               dir, dir), 1, "usage: info batch dW<m> [-f text|csv]");
    expect(CMD(c, "$B --batch --net %s/small.net --data %s/data -x 'input data 3' -x 'info predict'", dir, dir), 0,
           "input: test image 3: 7 (label 7, y(8) = 1)");
    expect(CMD(c, "$B --batch --net %s/small.net --data %s/data --input 'train 2' -x 'print y'", dir, dir), 0,
           "input: training image 2: 0 (label 0, y(1) = 1)");
    expect(CMD(c, "$B --batch --net %s/small.net --data %s/data -x 'input wrong 1' -x 'info predict'", dir, dir), 0,
           "prediction: ");
}

/* BPSTEP_THREADS chooses the workers; the trained weights, saved with 17
 * digits, are the same file on 1 and on 3 threads. A bad value stops at once. */
static void test_threads_env(void **state)
{
    (void)state;
    char c[2048];
    for (int n = 1; n <= 3; n += 2) {
        expect(CMD(c, "BPSTEP_THREADS=%d $B --batch --net %s/small.net --data %s/data -x 'train 7 steps batch=30 lr=0.02'"
                      " -x 'save %s/w%d.m'", n, dir, dir, dir, n),
               0, n == 1 ? "wd 0, 1 thread)" : "wd 0, 3 threads)");
    }
    expect(CMD(c, "cmp %s/w1.m %s/w3.m && echo same", dir, dir), 0, "same");
    expect("BPSTEP_THREADS=lots $B --batch -x 'info'", 2,
           "bpstep: BPSTEP_THREADS: 'lots' is not a number of threads (1 to 64)");
    expect("BPSTEP_THREADS=0 $B --batch -x 'info'", 2, "BPSTEP_THREADS: '0' is not a number");
}

static void test_train_errors(void **state)
{
    (void)state;
    char c[2048];
    expect(CMD(c, "$B --batch --net %s/small.net -x 'train 3 steps'", dir), 1, "no data chosen");
    expect(CMD(c, "$B --batch --net %s/small.net --data %s/data -x 'train 3 stpes'", dir, dir), 1, "usage: train N");
    expect(CMD(c, "$B --batch --net %s/small.net --data %s/data -x 'train 3 steps lr=-1'", dir, dir), 1,
           "bad option 'lr=-1'");
    /* 21.7: a seed is below 2^53, as documented (2^53 + 1 reads as 2^53) */
    expect(CMD(c, "$B --batch --net %s/small.net --data %s/data -x 'train 1 steps seed=9007199254740993'", dir, dir), 1,
           "seed a whole number below 2^53");
    expect(CMD(c, "$B --batch --net %s/small.net --data %s/data -x 'train 1 steps seed=9007199254740991' && echo ok",
               dir, dir), 0, "ok");
    expect(CMD(c, "$B --batch --net %s/small.net --data %s/data -x 'instance 2'", dir, dir), 1, "no batch yet");
    expect(CMD(c, "$B --batch --net %s/small.net --data %s/data -x 'input data 41'", dir, dir), 1,
           "expected a number 1 to 40");
    expect(CMD(c, "$B --batch --data %s/data", dir), 2, "the network's input is 4 x 4 x 1");
    expect(CMD(c, "$B --batch --net %s/small.net --data %s/nowhere", dir, dir), 2, "no train-images-idx3-ubyte.gz");
    expect(CMD(c, "$B --batch --net %s/small.net --data %s/bad", dir, dir), 2, "corrupt or truncated gzip");
    expect(CMD(c, "BPSTEP_FASHION_MNIST_DIR=%s/none $B --batch --net %s/small.net --data fashion-mnist", dir, dir), 2,
           "'make data' installs it");
}

static void test_pgm_input(void **state)
{
    (void)state;
    char c[2048];
    expect(CMD(c, "printf 'P2 8 8 255 %s' > %s/in.pgm && $B --batch --net %s/small.net --input %s/in.pgm -x 'print Z1(1,1)'",
               "255 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 "
               "0 0 0 0 0 0 0 0 0 0 0 0", dir, dir, dir),
           0, "(1 x 1)\n  1\n");
    expect(CMD(c, "printf 'P5 3 2 255\\n123456' > %s/small.pgm && $B --batch --net %s/small.net -x 'input %s/small.pgm'",
               dir, dir, dir), 1, "is 2 x 3 pixels (rows x columns); the network's input Z1 is 8 x 8");
    expect(CMD(c, "$B --batch --net %s/small.net -x 'input %s/missing.pgm'", dir, dir), 1, "cannot read");
}

static void test_save_load(void **state)
{
    (void)state;
    char c[2048];
    /* save, load, save: the same bytes; another process loads them bit for bit */
    expect(CMD(c, "cd %s && $B --batch --net small.net --data data -x 'train 5 steps batch=20' -x 'save p1.m' "
                  "-x 'load p1.m' -x 'save p2.m' && cmp p1.m p2.m && $B --batch --net small.net --load p1.m "
                  "-x 'save p3.m' && cmp p1.m p3.m && echo same", dir), 0, "same");
    expect(CMD(c, "grep -c '^W1 = \\[' %s/p1.m", dir), 0, "1");
    /* a wrong shape is refused with its place, and nothing changes */
    expect(CMD(c, "cd %s && printf 'W1 = [1 2 3];\\n' > bad.m && $B --batch --net small.net -x 'load bad.m'", dir), 1,
           "bad.m:1:6: W1 is 1 x 3 in the file; the network's W1 is 4 x 9");
    expect(CMD(c, "cd %s && printf 'W1 = [1 2 3];\\n' > bad.m && $B --batch --net small.net --load p1.m -x 'load bad.m' "
                  "-x 'save p4.m' >/dev/null 2>&1; cmp p1.m p4.m && echo unchanged", dir), 0, "unchanged");
    expect(CMD(c, "cd %s && printf 'b1 = [0;0;0;0];\\nQ = 1;\\n' > q.m && $B --batch --net small.net -x 'load q.m'", dir),
           1, "q.m:2:1: 'Q' is not a parameter");
    expect(CMD(c, "$B --batch --net %s/small.net -x 'save %s/nodir/x.m'", dir, dir), 1, "cannot write");
    /* 21.7: a 252-byte name saves (the temporary file has a short name of its
     * own); an error names the path's end and keeps its whole reason */
    char name[253];
    memset(name, 'n', 252);
    name[252] = '\0';
    expect(CMD(c, "cd %s && $B --batch --net small.net -x 'save %s' && test -s %s && echo written", dir, name, name), 0,
           "written");
    expect(CMD(c, "cd %s && $B --batch --net small.net -x 'save nodir/%s%s'", dir, name, name), 1,
           "': No such file or directory");
    /* 21.3: what load could not read back (over 256 MiB of text) is never written */
    expect(CMD(c, "cd %s && printf 'L = 2; LC = 1; wd_input = 60; ht_input = 60; ch_input = [1,1];\nwd_pad_added = [0]; wd_filter = [1]; "
                  "strides = [1]; wd_subimage_pool = [1]; full_neurons = [3000];\n' > wide.net && "
                  "$B --batch --net wide.net -x 'save wide.m' 2>&1; test -e wide.m || echo nothing-written",
               dir),
           0, "'load' reads at most 256 MiB (docs/limits.md): nothing was written");
    expect(CMD(c, "cd %s && ls -a | grep -c '^.bpstep-' || true", dir), 0, "0");
}

/* 25.7: save writes the input, its label and the settings with the
 * parameters, and load restores them, saying so: a file saved under --seed
 * 7 gives seed 7's loss when loaded under seed 1. An older file (without
 * them) loads the parameters and says the rest is kept; a setting bpstep
 * does not know is refused with its place. */
static void test_save_restores_input(void **state)
{
    (void)state;
    char c[2048];
    expect(CMD(c, "cd %s && $B --batch --net small.net --seed 7 -x 'set rule 5' -x 'set activation tanh' -x run "
                  "-x 'save s7.m' | grep -o 'loss = [0-9.]*' > s7.loss && grep -c '^%% settings: rule 5, activation tanh, "
                  "pool max, loss mse$' s7.m && grep -c '^Z1 = \\[' s7.m && grep -c '^y = \\[' s7.m", dir), 0, "1\n1\n1");
    expect(CMD(c, "cd %s && $B --batch --net small.net --seed 1 -x 'load s7.m' -x run -x 'info net' "
                  "| grep -o 'loss = [0-9.]*' | cmp - s7.loss && echo same-loss", dir), 0, "same-loss");
    expect(CMD(c, "cd %s && $B --batch --net small.net --seed 1 -x 'load s7.m'", dir), 0,
           "the input Z1 and its label y (y = e_");
    expect(CMD(c, "cd %s && $B --batch --net small.net --seed 1 -x 'load s7.m' -x 'info net'", dir), 0,
           "the settings: rule 5, activation tanh, max pooling, loss mse");
    expect(CMD(c, "cd %s && grep -v '^Z1\\|^y\\|settings' s7.m > old.m && $B --batch --net small.net -x 'load old.m'", dir),
           0, "no input, label or settings in the file (an older bpstep's, or written by hand): the current ones are kept");
    expect(CMD(c, "cd %s && sed 's/pool max/pool maxi/' s7.m > bad7.m && $B --batch --net small.net -x 'load bad7.m'",
               dir), 1, "settings: 'pool maxi' is not a setting bpstep knows");
}

static void test_lesson_without_dataset(void **state)
{
    (void)state;
    char c[1024];
    expect(CMD(c, "BPSTEP_FASHION_MNIST_DIR=%s/none $B --check 10-train-then-step", dir), 0, "skipped: Fashion-MNIST");
    expect(CMD(c, "BPSTEP_FASHION_MNIST_DIR=%s/none $B --batch 10-train-then-step", dir), 2, "make data");
    expect(CMD(c, "cd %s && printf 'save x.m\\n' > w.lesson && $B --check w.lesson", dir), 2, "cannot write files");
    /* 25.7: a lesson loads parameters from its own folder (the shipped example), never from outside it */
    expect(CMD(c, "$B --check tests/lessons/load-trained.lesson"), 0, "load-trained.lesson: ok (2 expects)");
    expect(CMD(c, "$B --batch tests/lessons/load-trained.lesson"), 0,
           "loaded 6 of 6 parameter matrices from trained.m; the input Z1 and its label y; the settings: rule 6");
    expect(CMD(c, "mkdir -p %s/l && cp tests/lessons/trained.m %s && printf 'title t\\nload ../trained.m\\n' > "
                  "%s/l/w.lesson && $B --check %s/l/w.lesson", dir, dir, dir, dir), 2,
           "w.lesson:2:6: '../trained.m' is outside the lesson's folder");
    expect(CMD(c, "cd %s && printf 'title t\\nload nope.m\\nload x.onnx\\n' > w.lesson && $B --check w.lesson", dir), 2,
           "w.lesson:2:6: 'nope.m': no such file beside the lesson");
    expect(CMD(c, "cd %s && printf 'title t\\nload x.onnx\\n' > w.lesson && $B --check w.lesson", dir), 2,
           "w.lesson:2:1: a lesson's model.onnx is 'net FILE.onnx'");
    expect(CMD(c, "cd %s && printf 'W1 = [1];\\n' > one.m && printf 'title t\\nload one.m\\n' > w.lesson && "
                  "$B --check w.lesson", dir), 2, "w.lesson:2: one.m:1:6: W1 is 1 x 1 in the file");
    expect(CMD(c, "cd %s && printf 'data /tmp\\n' > w.lesson && $B --check w.lesson", dir), 2,
           "a lesson's data is 'data fashion-mnist'");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_train_and_test),
        cmocka_unit_test(test_threads_env),
        cmocka_unit_test(test_train_errors),
        cmocka_unit_test(test_pgm_input),
        cmocka_unit_test(test_save_load),
        cmocka_unit_test(test_save_restores_input),
        cmocka_unit_test(test_lesson_without_dataset),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
