/* netfile.c: reading a network file (a config or an .onnx model) through
 * textfile.c, which opens only regular files and checks the size first.
 * Must not: print or exit. */
#include "netfile.h"

#include "textfile.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int read_onnx(const char *path, NetFile *nf, Diag *d)
{
    uint8_t *bytes = NULL;
    size_t len = 0;
    if (textfile_read_bytes(path, ONNX_MAX_BYTES, &bytes, &len, d) != 0) {
        return -1;
    }
    nf->onnx = calloc(1, sizeof *nf->onnx);
    int rc = nf->onnx != NULL ? onnx_read(bytes, len, nf->onnx, d) : -1;
    free(bytes);
    if (nf->onnx == NULL) {
        diag_set(d, 0, 0, "out of memory");
    }
    if (rc != 0) {
        free(nf->onnx);
        nf->onnx = NULL;
        return -1;
    }
    nf->spec = nf->onnx->spec;
    return 0;
}

int netfile_read(const char *path, NetFile *nf, Diag *d)
{
    memset(nf, 0, sizeof *nf);
    diag_clear(d);
    int rc;
    if (onnx_is_path(path)) {
        rc = read_onnx(path, nf, d);
    } else {
        char *text = NULL;
        rc = textfile_read(path, &text, d);
        if (rc == 0) {
            rc = config_parse(&nf->spec, text, d);
            free(text);
        }
    }
    if (rc != 0 && strncmp(d->msg, "cannot read '", 13) != 0) {
        snprintf(d->file, sizeof d->file, "%s", path);
        diag_clean_text(d->file, false);
    } else if (rc != 0) {
        d->file[0] = '\0'; /* the message names the file already */
    }
    return rc;
}

void netfile_release(NetFile *nf)
{
    if (nf->onnx != NULL) {
        onnx_release(nf->onnx);
        free(nf->onnx);
        nf->onnx = NULL;
    }
}

Engine *netfile_engine(const NetFile *nf, uint64_t seed)
{
    Engine *e = engine_from_spec(&nf->spec, seed);
    if (e != NULL && nf->onnx != NULL) {
        onnx_apply(nf->onnx, e->net);
        engine_recompute(e);
    }
    return e;
}
