/* paint.h: the paint mode of the terminal UI (draw an input, see what the
 * network says); its keys are the KEYS_PAINT table (keys.c). */
#ifndef BPSTEP_PAINT_H
#define BPSTEP_PAINT_H

#include "tui.h"

/* Enters paint mode on Z1 (false, with a message, when Z1 is not an image). */
bool paint_start(Tui *t);

#endif
