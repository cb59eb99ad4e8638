/* test_question.c: a lesson's question forms as a class meets them (issue
 * 25): ask with its own text, choose with options, hints, arithmetic and
 * matrix answers with their mistakes named, the score with skipped
 * questions, a lesson's own words (Traditional Chinese), and every problem
 * in a question line reported with its place at load. */
#include "helpers.h"

#include "cli.h"

#include <unistd.h>

/* the scratch folder of cli.h (cli_dir), dir for short */
#define dir cli_dir
#define put cli_put

/* The transcript of name played with answers on stdin (\\n between them,
 * as printf reads them; written to a file, so any quote may stand in one). */
static Result play(const char *name, const char *answers)
{
    char text[2048];
    size_t n = 0;
    for (const char *p = answers; *p != '\0' && n + 1 < sizeof text; p++) {
        if (p[0] == '\\' && p[1] == 'n') {
            text[n++] = '\n';
            p++;
        } else {
            text[n++] = *p;
        }
    }
    text[n] = '\0';
    put("answers.txt", text);
    char cmd[512];
    snprintf(cmd, sizeof cmd, "cd '%s' && timeout 300 $B --batch %s < answers.txt", dir, name);
    return run(cmd);
}

static void has(const Result *r, const char *fragment)
{
    if (strstr(r->out, fragment) == NULL) {
        fail_msg("missing '%s' in:\n%s", fragment, r->out);
    }
}

static const char *QUESTIONS = "title Questions\nrun\n"
                               "ask \"Which value does max pooling keep from the first window?\" Z2[1](1,1)\n"
                               "hint the largest of 3, 4, 2 and 5\n"
                               "choose \"Where does P_pool's first row have its 1?\"\n"
                               "  column 5\n  * column 6\n  column 8\n"
                               "ask vec(Z2[1])\n"
                               "ask Z2[1]\n"
                               "ask -dS1(1,6)\n";

static void test_forms_in_batch(void **state)
{
    (void)state;
    put("q.lesson", QUESTIONS);
    Result r = play("q.lesson", "Z2\\n4\\n2*(1+1.5)\\nc\\nB)\\n[5 9 4 6]\\n[5 4 9 6]\\n[5 4; 9 6]\\n\\n-1/4\\n1/4\\n");
    assert_int_equal(r.status, 0);
    has(&r, "Question 1: Which value does max pooling keep from the first window?\n");
    has(&r, "your answer: Z2\n'Z2': column 1: an answer is a number, arithmetic of numbers or a matrix literal, not a name");
    has(&r, "your answer: 4\nnot quite; one more try (an empty answer shows it)\n  hint: the largest of 3, 4, 2 and 5\n");
    has(&r, "your answer: 2*(1+1.5)\ncorrect\n");
    has(&r, "Question 2: Where does P_pool's first row have its 1?\n  a) column 5\n  b) column 6\n  c) column 8\n");
    has(&r, "your answer: B)\ncorrect\n");
    has(&r, "Question 3: what is vec(Z2[1])? (a 4 x 1 matrix");
    has(&r, "(it reads mat() row by row; vec() and mat() go column by column (column-major))");
    has(&r, "your answer: [5 4 9 6]\ncorrect\n");
    has(&r, "your answer: [5 4; 9 6]\nnot quite; one more try (an empty answer shows it)\n  (it is the transpose of the answer)\n");
    has(&r, "your answer: \nthe answer: Z2[1] = [5 9; 4 6]\n");
    has(&r, "your answer: -1/4\nnot quite; one more try (an empty answer shows it)\n  (the sign is wrong)\n");
    has(&r, "your answer: 1/4\ncorrect\n");
    has(&r, "score: 4 right, 1 wrong, 0 skipped of 5");
}

/* 25.2: a derive question: the student writes eq. (6) for channel 1 in the
 * command language; one that names the value derived (or anything written
 * at or after its op) is refused and not counted, one wrong in two entries
 * is told which, a right one is correct. */
static void test_derive(void **state)
{
    (void)state;
    put("d.lesson", "title derive\nrun\n"
                    "derive \"Eq. (6) for channel 1\" vec(dS1[1])'\n"
                    "derive \"Eq. (1) for the last layer\" dW3\n");
    Result r = play("d.lesson", "vec(dS1[1])'\nvec(dW1)'\n(vec(dZ2[1])' .* vec(I(dZ2[1]))') * Ppool1[1]\n"
                                "(vec(dZ2[1])' .* vec(I(Z2[1]))') * Ppool1[1]\nz3 * ds3'\nds3 * z3'\n");
    assert_int_equal(r.status, 0);
    has(&r, "'vec(dS1[1])'': dS1 is the value being derived: write it from what comes before; try again");
    has(&r, "'vec(dW1)'': dW1 is written by op 17 'bwd conv1', not before the value derived (op 16)");
    has(&r, "not quite; one more try (an empty answer shows it)\n  entry (1,6): yours 0, the pass's -0.25\n"
            "  entry (1,14): yours 0, the pass's -0.25\n  2 of 16 entries differ\n");
    has(&r, "your answer: (vec(dZ2[1])' .* vec(I(Z2[1]))') * Ppool1[1]\ncorrect\n");
    /* the transpose has the same entries in another shape: wrong, and said so */
    has(&r, "your answer: z3 * ds3'\nnot quite; one more try (an empty answer shows it)\n"
            "  yours is 3 x 2, the value 2 x 3: the transpose\n");
    has(&r, "your answer: ds3 * z3'\ncorrect\n");
    has(&r, "score: 2 right, 0 wrong, 0 skipped of 2");
    /* `without`: eq. (6) may not be answered with eq. (5), which uses S1 */
    put("w.lesson", "title without\nrun\n"
                    "derive \"Eq. (6) for channel 1\" vec(dS1[1])' without S1, sigS1\n");
    r = play("w.lesson", "(vec(dZ2[1])' * Ppool1[1]) .* vec(I(S1[1]))'\n(vec(dZ2[1])' * Ppool1[1]) .* vec(I(sigS1[1]))'\n"
                         "(vec(dZ2[1])' .* vec(I(Z2[1]))') * Ppool1[1]\n");
    assert_int_equal(r.status, 0);
    has(&r, "'(vec(dZ2[1])' * Ppool1[1]) .* vec(I(S1[1]))'': S1 may not be used here: this derivation is without S1, "
            "sigS1; try again\n");
    has(&r, "': sigS1 may not be used here: this derivation is without S1, sigS1; try again\n");
    has(&r, "your answer: (vec(dZ2[1])' .* vec(I(Z2[1]))') * Ppool1[1]\ncorrect\n");
    has(&r, "score: 1 right, 0 wrong, 0 skipped of 1");
    /* Chinese continuation lines join without a space */
    put("zh.lesson", "title zh\nsay \xe6\xb1\xa0\xe5\x8c\x96\xef\xbc\x8c\n  \xe9\x80\x99 P_pool\n  and more\n");
    r = play("zh.lesson", "");
    has(&r, "\xe6\xb1\xa0\xe5\x8c\x96\xef\xbc\x8c\xe9\x80\x99 P_pool and more\n");
}

static void test_own_words(void **state)
{
    (void)state;
    put("zh.lesson", "title \xe6\xb1\xa0\xe5\x8c\x96\n"
                     "phrase question \xe5\x95\x8f\xe9\xa1\x8c\n"                           /* 問題 */
                     "phrase correct \xe7\xad\x94\xe5\xb0\x8d\xe4\xba\x86\n"                 /* 答對了 */
                     "phrase answer \xe7\xad\x94\xe6\xa1\x88\n"                              /* 答案 */
                     "phrase score \xe7\xad\x94\xe5\xb0\x8d {right}\xef\xbc\x8c\xe7\x95\xa5\xe9\x81\x8e "
                     "{skipped}\xef\xbc\x8c\xe5\x85\xb1 {asked}\n"                          /* 答對 n，略過 n，共 n */
                     "run\n"
                     "ask \"Z2 \xe7\x9a\x84\xe7\xac\xac\xe4\xb8\x80\xe5\x80\x8b\xe5\x80\xbc\xef\xbc\x9f\" Z2[1](1,1)\n"
                     "ask loss\n");
    Result r = play("zh.lesson", "5\\n\\n");
    assert_int_equal(r.status, 0);
    has(&r, "\xe5\x95\x8f\xe9\xa1\x8c 1: Z2 \xe7\x9a\x84");
    has(&r, "your answer: 5\n\xe7\xad\x94\xe5\xb0\x8d\xe4\xba\x86\n");
    has(&r, "\xe7\xad\x94\xe6\xa1\x88: loss = 0.5");
    has(&r, "\xe7\xad\x94\xe5\xb0\x8d 1\xef\xbc\x8c\xe7\x95\xa5\xe9\x81\x8e 1\xef\xbc\x8c\xe5\x85\xb1 2");
}

/* Every phrase bpstep adds around a question in the lesson's words: the
 * shipped Traditional Chinese example (tests/lessons/phrases-zh.lesson). */
static void test_chinese_example(void **state)
{
    (void)state;
    put("zh-answers.txt", "x\n4\n\n(vec(dZ2[1])' .* vec(I(dZ2[1]))') * Ppool1[1]\n\n0.5\n");
    char cmd[512];
    snprintf(cmd, sizeof cmd, "timeout 300 $B --batch tests/lessons/phrases-zh.lesson < '%s/zh-answers.txt'", dir);
    Result r = run(cmd);
    assert_int_equal(r.status, 0);
    has(&r, "\xe5\x95\x8f\xe9\xa1\x8c 1: \xe5\xbd\xb1\xe5\x83\x8f B");             /* 問題 1: 影像 B */
    has(&r, "\xe4\xbd\xa0\xe7\x9a\x84\xe7\xad\x94\xe6\xa1\x88: x\n");               /* 你的答案: x */
    has(&r, "  \xe6\x8f\x90\xe7\xa4\xba: 3");                                     /* 提示: 3 */
    has(&r, "\xe5\xbc\x8f (6)\xef\xbc\x8c\xe7\xac\xac\xe4\xb8\x80\xe5\x80\x8b\xe9\x80\x9a\xe9\x81\x93 "
            "\xef\xbc\x88\xe7\x94\xa8");                                               /* 式 (6)，第一個通道 （用 */
    has(&r, "loss \xe6\x98\xaf\xe5\xa4\x9a\xe5\xb0\x91\xef\xbc\x9f");                 /* loss 是多少？ */
    has(&r, "Z2[1] \xe6\x98\xaf\xe5\xa4\x9a\xe5\xb0\x91\xef\xbc\x9f\xef\xbc\x88" "2 x 2"); /* Z2[1] 是多少？（2 x 2 */
    has(&r, "\xef\xbc\x88\xe6\xb2\x92\xe6\x9c\x89\xe4\xbd\x9c\xe7\xad\x94\xef\xbc\x89\n"); /* （沒有作答） */
    has(&r, "\xe7\xad\x94\xe5\xb0\x8d 1 \xe9\xa1\x8c");                             /* 答對 1 題 */
    assert_null(strstr(r.out, "your answer"));
    assert_null(strstr(r.out, "what is"));
    assert_null(strstr(r.out, "an expression of values"));
}

static void test_problems_at_load(void **state)
{
    (void)state;
    put("bad.lesson", "title bad\n"
                      "hint nothing before it\n"
                      "choose \"no right one\"\n  a\n  b\n"
                      "choose \"two right\"\n  * a\n  * b\n"
                      "choose \"one option\"\n  * a\n"
                      "ask \"unclosed Z2[1](1,1)\n"
                      "phrase nonsense x\n"
                      "choose no quotes\n"
                      "derive \"empty\" dS1 without\n"
                      "derive \"entry\" dS1 without S1(1)\n"
                      "run\n"
                      "derive \"unknown\" dS1 without Nope\n");
    char cmd[256];
    snprintf(cmd, sizeof cmd, "cd '%s' && timeout 300 $B --check bad.lesson", dir);
    Result r = run(cmd);
    assert_int_equal(r.status, 2);
    has(&r, "bad.lesson:3:1: no option is marked '*' as the right one");
    has(&r, "bad.lesson:8:1: a second option marked '*' (one is right)");
    has(&r, "bad.lesson:9:1: a choose needs at least 2 options");
    has(&r, "bad.lesson:2:1: a hint follows an ask or a choose");
    has(&r, "bad.lesson:11:5: this '\"' is never closed");
    has(&r, "bad.lesson:12:8: usage: phrase KEY TEXT");
    has(&r, "bad.lesson:13:8: usage: choose \"TEXT\"");
    has(&r, "bad.lesson:14:27: without needs the names the answer may not use");
    has(&r, "bad.lesson:15:30: without takes value names separated by ',' (without S1, sigS1), not '('");
    has(&r, "bad.lesson:17: derive ... without Nope: 'Nope' is no value of this network");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_forms_in_batch),
        cmocka_unit_test(test_derive),
        cmocka_unit_test(test_own_words),
        cmocka_unit_test(test_chinese_example),
        cmocka_unit_test(test_problems_at_load),
    };
    return cmocka_run_group_tests_name("question", tests, cli_make_dir, cli_remove_dir);
}
