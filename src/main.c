/* main.c: options, wiring and exit codes. The only place that exits.
 * Exit status: 0 success, 1 a batch command failed, 2 bad usage or input. */
#define _POSIX_C_SOURCE 200809L
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "debugger/engine.h"
#include "lesson/textfile.h"
#include "math/config.h"
#include "math/reference.h"
#include "ui/batch.h"
#include "ui/tui.h"

#ifndef BPSTEP_VERSION
#define BPSTEP_VERSION "0.1.0"
#endif

static void usage(FILE *f)
{
    fputs("usage: bpstep [--net FILE] [--seed N]                 step through backpropagation in the terminal\n"
          "       bpstep --batch [--net FILE] [--seed N] [-x CMD]...   run commands, print text\n"
          "       bpstep --help | --version\n"
          "\n"
          "  --net FILE   a network in simpleNN's config syntax (default: the built-in reference\n"
          "               network: the slides' image B, one 3x3 conv layer, 2x2 max pooling, FC 8-3-2)\n"
          "  --seed N     seed for the random weights and input of a --net network (default 1)\n"
          "  --batch      no terminal UI: run the -x commands, then commands from stdin if it is\n"
          "               not a terminal; exit 1 if any command failed\n"
          "  -x CMD       a command (repeatable), e.g. -x run -x 'print dW1'; 'help' lists them\n",
          f);
}

static int load_engine(const char *net_path, unsigned long long seed, Engine **out)
{
    NetSpec spec;
    Diag d;
    diag_clear(&d);
    char msg[600];
    if (net_path == NULL) {
        reference_spec(&spec);
    } else {
        char *text = NULL;
        if (textfile_read(net_path, &text, &d) != 0) {
            diag_format(&d, msg, sizeof msg);
            fprintf(stderr, "bpstep: %s\n", msg);
            return -1;
        }
        int rc = config_parse(&spec, text, &d);
        free(text);
        if (rc != 0) {
            snprintf(d.file, sizeof d.file, "%s", net_path);
            d.col = 0;
            diag_format(&d, msg, sizeof msg);
            fprintf(stderr, "%s\n", msg);
            return -1;
        }
    }
    Net *net = net_new(&spec);
    if (net == NULL) {
        fprintf(stderr, "bpstep: out of memory building the network\n");
        return -1;
    }
    if (net_path == NULL) {
        reference_init(net);
    } else {
        net_init_random(net, seed);
    }
    *out = engine_new(net);
    if (*out == NULL) {
        fprintf(stderr, "bpstep: out of memory\n");
        return -1;
    }
    return 0;
}

int main(int argc, char **argv)
{
    static const struct option longopts[] = {
        { "batch", no_argument, NULL, 'b' }, { "net", required_argument, NULL, 'n' },
        { "seed", required_argument, NULL, 's' }, { "help", no_argument, NULL, 'h' },
        { "version", no_argument, NULL, 'V' }, { NULL, 0, NULL, 0 },
    };
    bool batch = false;
    const char *net_path = NULL;
    unsigned long long seed = 1;
    char **commands = calloc((size_t)argc + 1, sizeof *commands);
    int ncommands = 0;
    if (commands == NULL) {
        fprintf(stderr, "bpstep: out of memory\n");
        return 2;
    }
    int opt;
    while ((opt = getopt_long(argc, argv, "x:h", longopts, NULL)) != -1) {
        switch (opt) {
        case 'b':
            batch = true;
            break;
        case 'n':
            net_path = optarg;
            break;
        case 's': {
            char *end = NULL;
            errno = 0;
            seed = strtoull(optarg, &end, 10);
            if (end == optarg || *end != '\0' || errno != 0 || optarg[0] == '-') {
                fprintf(stderr, "bpstep: --seed: '%s' is not a non-negative whole number\n", optarg);
                free(commands);
                return 2;
            }
            break;
        }
        case 'x':
            commands[ncommands++] = optarg;
            break;
        case 'h':
            usage(stdout);
            free(commands);
            return 0;
        case 'V':
            printf("bpstep %s\n", BPSTEP_VERSION);
            free(commands);
            return 0;
        default:
            fprintf(stderr, "bpstep: try 'bpstep --help'\n");
            free(commands);
            return 2;
        }
    }
    if (optind < argc) {
        fprintf(stderr, "bpstep: unexpected argument '%s' (try 'bpstep --help')\n", argv[optind]);
        free(commands);
        return 2;
    }
    if (!batch && ncommands > 0) {
        fprintf(stderr, "bpstep: -x needs --batch\n");
        free(commands);
        return 2;
    }
    if (!batch && (!isatty(STDIN_FILENO) || !isatty(STDOUT_FILENO))) {
        fprintf(stderr, "bpstep: not a terminal; use 'bpstep --batch' for text output\n");
        free(commands);
        return 2;
    }
    Engine *engine = NULL;
    if (load_engine(net_path, seed, &engine) != 0) {
        free(commands);
        return 2;
    }
    int status = batch ? batch_run(engine, commands, ncommands, !isatty(STDIN_FILENO))
                       : tui_run(engine, net_path != NULL ? net_path : "reference network (the slides' image B)");
    engine_free(engine);
    free(commands);
    return status;
}
