/* runner_guard.c - guarded buffers: canary bytes on both sides of every output
 * and workspace, checked after the first call and after timing. */
#include "runner_int.h"

#include "alloc.h"
#include "device.h"

#include <string.h>

#define CANARY_BYTES 64
#define CANARY_BYTE 0xA5
enum attn_status runner_gbuf_alloc(struct gbuf *g, size_t bytes, bool dev) {
    memset(g, 0, sizeof *g);
    g->bytes = bytes;
    g->dev = dev;
    size_t total = bytes + 2 * CANARY_BYTES;
    g->base = dev ? attn_dev_alloc(total) : attn_host_alloc(total);
    if (!g->base) {
        attn_set_error("cannot allocate %zu bytes of %s memory", total, dev ? "device" : "host");
        return ATTN_ERR_NOMEM;
    }
    g->p = g->base + CANARY_BYTES;
    if (dev)
        return attn_dev_memset(g->base, CANARY_BYTE, total);
    memset(g->base, CANARY_BYTE, total);
    return ATTN_OK;
}

void runner_gbuf_free(struct gbuf *g) {
    if (g->dev)
        attn_dev_free(g->base);
    else
        attn_host_free(g->base);
    memset(g, 0, sizeof *g);
}

static bool canary_intact(const unsigned char *c) {
    for (int i = 0; i < CANARY_BYTES; i++)
        if (c[i] != CANARY_BYTE)
            return false;
    return true;
}

/* True when both canaries of g are whole. */
bool runner_gbuf_check(const struct gbuf *g) {
    if (!g->base)
        return true;
    if (!g->dev)
        return canary_intact(g->base) && canary_intact(g->base + CANARY_BYTES + g->bytes);
    unsigned char c[2][CANARY_BYTES];
    /* device: fetch the two bands as raw bytes (int32 download of 16 words each) */
    if (attn_dev_download_i32((int32_t *)c[0], (const int32_t *)g->base, CANARY_BYTES / 4) ||
        attn_dev_download_i32((int32_t *)c[1], (const int32_t *)(g->base + CANARY_BYTES + g->bytes),
                              CANARY_BYTES / 4))
        return false;
    return canary_intact(c[0]) && canary_intact(c[1]);
}
