/* record.h: asciicast v2 recordings (--record FILE.cast) of a terminal
 * session or a lesson, with one marker per chapter, to replay with asciinema.
 * The frames are the same canvases the terminal shows, as ANSI text. */
#ifndef BPSTEP_RECORD_H
#define BPSTEP_RECORD_H

#include <stdbool.h>
#include <stdio.h>

#include "canvas.h"

typedef struct {
    FILE *f;
    double start;   /* seconds, monotonic */
    StrBuf last;    /* the last frame written, to skip repeats */
    bool failed;    /* a write failed */
    double clock;   /* >= 0: a paced transcript's own clock (record_wait), not the wall's */
    char path[4096], tmp[4096]; /* the recording, and the new file it is written to until record_close */
    char error[300];            /* why record_open or record_close failed */
    int width, height;          /* the size of the frames recorded last (the header's at first) */
} Recorder;

/* From now on the events of r are timed by record_wait, not by the wall
 * clock: a batch transcript plays back at reading pace. */
void record_paced(Recorder *r);
void record_wait(Recorder *r, double seconds);

/* Starts a recording for path, written to a new file beside it (path itself
 * is left alone until record_close renames the complete recording over it;
 * a link or anything but a regular file at path is refused). A NULL path
 * records nothing. -1 with r->error set when it cannot be written. */
int record_open(Recorder *r, const char *path, int width, int height, const char *title);
/* Output at the current time (text is raw terminal output). */
void record_output(Recorder *r, const char *text);
/* Text as a terminal of the recording's width shows it: lines longer than
 * the width broken between words (display columns), CRLF line ends. */
void record_transcript(Recorder *r, const char *text);
/* A whole frame, when it differs from the last one; a frame of another size
 * than the last is preceded by an asciicast v2 resize event [t, "r", "WxH"]. */
void record_frame(Recorder *r, const Canvas *c);
void record_marker(Recorder *r, const char *label);
/* Closes the file and renames it over path; -1 with r->error set when
 * anything could not be written (path is then as it was, the new file gone). */
int record_close(Recorder *r);
/* Seconds since the recording started. */
double record_elapsed(const Recorder *r);

/* The canvas as ANSI text: cursor home, then every row with SGR colours. */
void canvas_ansi(const Canvas *c, StrBuf *out);

#endif
