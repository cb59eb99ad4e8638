/* tui.c: placeholder until the terminal UI lands: prints the reference run. */
#include "tui.h"

#include <stdio.h>

#include "batch.h"

int tui_run(Engine *e)
{
    static char cmd_info[] = "info net", cmd_run[] = "run", cmd_z2[] = "print Z2[1]",
                cmd_pool[] = "print Ppool1[1]", cmd_dw[] = "print dW1";
    char *cmds[] = { cmd_info, cmd_run, cmd_z2, cmd_pool, cmd_dw };
    return batch_run(e, cmds, 5, false);
}
