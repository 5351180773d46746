/* workspace.h - what the implementations of a method with a workspace share:
 * one workspace cut into pieces of the given sizes, each starting on a 64-byte
 * boundary (a cache line), where the same call sizes the workspace (base NULL) and
 * carves it, so the two never disagree; and the checks an init starts with. */
#ifndef MSABENCH_WORKSPACE_H
#define MSABENCH_WORKSPACE_H

#include "attn.h"

#include <stddef.h>

static inline size_t ws_align64(size_t x) {
    return (x + 63) & ~(size_t)63;
}

/* Points *dst[i] at piece i of base (when base is not NULL); returns the bytes
 * of all n pieces. */
static inline size_t ws_carve(char *base, const size_t *sz, void **const *dst, size_t n) {
    size_t off = 0;
    for (size_t i = 0; i < n; i++) {
        if (base)
            *dst[i] = base + off;
        off += ws_align64(sz[i]);
    }
    return off;
}
#define WS_CARVE(base, sz, dst) ws_carve((base), (sz), (dst), sizeof(sz) / sizeof((sz)[0]))

/* why (the method's parameter check) refuses the point, or there is no
 * workspace: the error, named for who ("moba cpu"); else ATTN_OK. */
static inline enum attn_status ws_init_check(const char *who, const char *why, const void *ws) {
    if (why) {
        attn_set_error("%s: %s", who, why);
        return ATTN_ERR_UNSUPPORTED;
    }
    if (!ws) {
        attn_set_error("%s: needs its workspace", who);
        return ATTN_ERR_INVALID;
    }
    return ATTN_OK;
}

#endif
