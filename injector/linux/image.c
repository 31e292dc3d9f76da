/*
 * The program image one hook connection reports from. An exec replaces the
 * image without ending the process: the hook announces it (EXEC_BEGIN) and
 * sends the close-on-exec descriptors it will close (EXEC_CLOSE), and only
 * when its connection ends with the process still alive is the exec known to
 * have happened. Until then the closes are held here; then they are emitted,
 * with an unload of every module of the old image.
 */
#include <stdlib.h>
#include <string.h>

#include "injector.h"

int image_private_frame(struct hs_image *im, uint16_t kind, const unsigned char *payload, uint32_t size) {
    switch (kind) {
    case HS_PRIV_EXEC_CLOSE:
        if (size < sizeof(hs_close)) return 1;
        if (im->exec_count == im->exec_cap) {
            im->exec_cap = im->exec_cap ? im->exec_cap * 2 : 64;
            im->exec_closes = realloc(im->exec_closes, im->exec_cap * sizeof *im->exec_closes);
            if (!im->exec_closes) abort();
        }
        memcpy(&im->exec_closes[im->exec_count++], payload, sizeof(hs_close));
        return 1;
    case HS_PRIV_EXEC_BEGIN:
        im->exec_pending = 1;
        return 1;
    case HS_PRIV_EXEC_FAILED:
        im->exec_count = 0;
        im->exec_pending = 0;
        return 1;
    case HS_PRIV_AGENT_BYE:
        im->bye = 1;
        return 1;
    default:
        return 0;
    }
}

void image_connected(struct hs_image *im, struct hs_out *o, pid_t pid) {
    im->exec_count = 0;
    im->exec_pending = 0;
    im->bye = 0;
    im->module_count = 0;
    emit_modules(o, pid, im->modules, &im->module_count, HS_IMAGE_MODULES);
}

void image_replaced(struct hs_image *im, struct hs_out *o) {
    for (size_t i = 0; i < im->exec_count; i++)
        out_frame(o, HS_FRAME_CLOSE, &im->exec_closes[i], sizeof im->exec_closes[i], NULL, 0);
    for (size_t i = 0; i < im->module_count; i++) {
        hs_module_unload u = {hs_monotonic_ns(), im->modules[i]};
        out_frame(o, HS_FRAME_MODULE_UNLOAD, &u, sizeof u, NULL, 0);
    }
    im->module_count = 0;
}

void image_connection_ended(struct hs_image *im) {
    im->exec_count = 0;
    im->exec_pending = 0;
}

void image_free(struct hs_image *im) {
    free(im->exec_closes);
    im->exec_closes = NULL;
    im->exec_count = im->exec_cap = 0;
}
