/* paint.h: the paint mode of the terminal UI (draw an input, see what the
 * network says). */
#ifndef BPSTEP_PAINT_H
#define BPSTEP_PAINT_H

#include "tui.h"

/* Enters paint mode on Z1 (false, with a message, when Z1 is not an image). */
bool paint_start(Engine *e, ViewState *vs);
/* A key in paint mode; false when paint mode leaves it to the normal keys. */
bool paint_key(Engine *e, ViewState *vs, StrBuf *console, const KeyEvent *ev, int width, int height);

#endif
