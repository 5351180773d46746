/* bigbird_ws.cu - variant "ws": BigBird's pattern through flash ws_v1's Hopper kernel.
 *
 * With Bk = 128 every query row of a 128-row query tile has the same pattern (window +
 * global + random blocks of its query block and KV group, baselines/bigbird/bigbird_pattern.c),
 * so the tile's attention is dense flash over that list of key blocks: flash_ws.cu's kernel
 * (TMA producer warpgroup, mbarrier rings, two consumer warpgroups on wgmma) with tile j's
 * keys taken from the list instead of j * 128 (flash/flash_ws.h).  init() builds the list
 * [tiles, Hkv, width] and the per-row selection on the host once (the pattern does not depend
 * on the data); run() is one launch, plus a device copy of the rows to io->sel when asked.
 * Shapes: ws_v1's (prefill, d 128, sm_90a), Bk 128, N - q_len a multiple of 128; the rest is
 * refused with the reason (q_outer runs it).
 * Predicted (H100, 128K, Hq 64 / Hkv 4, window 3 + global 2 + random 11, causal): ~550 useful
 * TFLOP/s (ws_v1's dense 630-670 less the pipeline fill of 16-tile CTAs), ~15.5 ms.
 * Measured (run18 call 2, H100 80GB HBM3, same call): 15.68 ms, 543 useful TFLOP/s; q_outer
 * 69.94 ms (4.46x); FlexAttention on the identical selection 24.09 ms (1.54x).  memcheck 0
 * errors; test_gpu_msa bbw 5/5 (run18 call 1). */
#include "alloc.h"
extern "C" { /* a plain C header without its own guards */
#include "bigbird/bigbird_pattern.h"
}
#include "bigbird/bigbird_cuda.h"
#include "common/cuda_check.h"
#include "flash/flash_ws.h"

#include <stdlib.h>
#include <string.h>

namespace {

const int64_t WS_BK = 128; /* flash ws_v1's tile */

struct ws_ctx {
    struct attn_shape s;
    int32_t *sel, *list; /* device, in the workspace: rows [B, Hkv, q_len, w], tiles [T, Hkv, w] */
    size_t sel_bytes;
    int32_t width;
    cudaStream_t stream;
};

int64_t tiles(const struct attn_shape *s) {
    return (s->q_len + WS_BK - 1) / WS_BK;
}

size_t list_bytes(const struct attn_shape *s, const struct attn_params *p) {
    const size_t b = (size_t)tiles(s) * (size_t)s->heads_kv * (size_t)bigbird_sel_width(s, p) * 4;
    return (b + 255) & ~(size_t)255;
}

const char *why_not(const struct attn_shape *s, const struct attn_params *p) {
    const char *w = bigbird_params_check(s, p);
    if (w)
        return w;
    if (s->mode != ATTN_PREFILL)
        return "bigbird ws: prefill only (q_outer runs decode)";
    if (p->block_size != WS_BK)
        return "bigbird ws: block_size must be 128 (flash ws_v1's key tile; q_outer runs others)";
    w = flash_ws_list_check(s, p);
    if (w)
        return w;
    if (bigbird_sel_width(s, p) > INT32_MAX / 2 ||
        bigbird_cuda_sel_bytes(s, p) > BIGBIRD_CUDA_SEL_MAX)
        return "bigbird ws: the block pattern would exceed 4 GiB";
    return NULL;
}

bool ws_supports(const struct attn_shape *s, const struct attn_params *p, const char **why) {
    const char *w = why_not(s, p);
    if (w && why)
        *why = w;
    return w == NULL;
}

size_t ws_workspace(const struct attn_shape *s, const struct attn_params *p) {
    return list_bytes(s, p) + bigbird_cuda_sel_bytes(s, p);
}

/* The host list of every query tile and group; false when a row is empty (the kernel would
 * wait for a tile that never comes). */
bool fill_list(const struct attn_shape *s, const struct attn_params *p, int32_t *list,
               int32_t width) {
    const int64_t q_off = s->seq_len - s->q_len;
    for (int64_t m = 0; m < tiles(s); m++)
        for (int64_t r = 0; r < s->heads_kv; r++) {
            int32_t *row = list + (m * s->heads_kv + r) * width;
            if (bigbird_pattern_row(s, p, (q_off + m * WS_BK) / WS_BK, r, row, width) < 1)
                return false;
        }
    return true;
}

enum attn_status ws_init(void **ctx, const struct attn_shape *s, const struct attn_params *p,
                         void *ws, void *stream) {
    enum attn_status st = ATTN_OK;
    ws_ctx *c = NULL;
    int32_t *host = NULL;
    const char *w = why_not(s, p);
    *ctx = NULL;
    if (w) {
        attn_set_error("%s", w);
        return ATTN_ERR_UNSUPPORTED;
    }
    if (!ws) {
        attn_set_error("bigbird ws: needs its workspace");
        return ATTN_ERR_INVALID;
    }
    c = (ws_ctx *)calloc(1, sizeof *c);
    if (!c)
        return ATTN_ERR_NOMEM;
    c->s = *s;
    c->width = bigbird_sel_width(s, p);
    c->list = (int32_t *)ws;
    c->sel = (int32_t *)((char *)ws + list_bytes(s, p));
    c->sel_bytes = bigbird_cuda_sel_bytes(s, p);
    c->stream = (cudaStream_t)stream;
    ATTN_CHECK(flash_ws_list_prepare());
    host = (int32_t *)attn_host_alloc(list_bytes(s, p));
    if (!host) {
        attn_set_error("bigbird ws: no host memory for the lists (%zu bytes)", list_bytes(s, p));
        st = ATTN_ERR_NOMEM;
        goto cleanup;
    }
    if (!fill_list(s, p, host, c->width)) {
        attn_set_error("bigbird ws: a query tile has no block to attend over");
        st = ATTN_ERR_INVALID;
        goto cleanup;
    }
    CUDA_CHECK(cudaMemcpyAsync(c->list, host, (size_t)tiles(s) * s->heads_kv * c->width * 4,
                               cudaMemcpyHostToDevice, c->stream));
    CUDA_CHECK(cudaStreamSynchronize(c->stream)); /* host goes at cleanup */
    ATTN_CHECK(bigbird_cuda_upload_rows(s, p, c->sel, c->stream));
    *ctx = c;
    c = NULL;
cleanup:
    attn_host_free(host);
    free(c);
    return st;
}

enum attn_status ws_run(void *ctx, const struct attn_io *io) {
    enum attn_status st = ATTN_OK;
    ws_ctx *c = (ws_ctx *)ctx;
    if (!c || !io || !io->q || !io->k || !io->v || !io->o) {
        attn_set_error("bigbird ws: q, k, v and o are all needed");
        return ATTN_ERR_INVALID;
    }
    if (io->sel)
        CUDA_CHECK(
            cudaMemcpyAsync(io->sel, c->sel, c->sel_bytes, cudaMemcpyDeviceToDevice, c->stream));
    st = flash_ws_list_launch(&c->s, io, c->list, c->width, c->stream);
cleanup:
    return st;
}

void ws_free(void *ctx) {
    free(ctx);
}

} /* namespace */

extern "C" {
extern const struct attn_impl attn_bigbird_cuda_ws;
}

const struct attn_impl attn_bigbird_cuda_ws = {
    ATTN_API_VERSION,
    "bigbird",
    "cuda",
    "ws",
    "BigBird window+global+random blocks as flash ws_v1 tiles over each query block's list "
    "(sm_90a, Bk 128, d 128 prefill; other shapes skipped, q_outer runs them)",
    ATTN_F_DEVICE | ATTN_F_SELECT,
    ws_supports,
    ws_workspace,
    ws_init,
    ws_run,
    ws_free,
    0,
    NULL,
    NULL,
    bigbird_sel_width,
};
