/* bigbird_cuda.cu - BigBird on the CUDA block-sparse core.
 *
 * The pattern (window + global + seeded random blocks per (query block, KV
 * group), baselines/bigbird/bigbird_pattern.c) does not depend on the data:
 * init() builds every selection row on the host once and uploads it into the
 * workspace; run() is then the query-outer block-sparse kernel of
 * kernels/common/blocksparse_cuda.cu (the one msa's q_outer uses) over those
 * rows, plus a device copy of the rows to io->sel when asked.
 * Measured: correctness only so far (tests/gpu/test_gpu_msa.c on an H100); its
 * kernel's speed is msa q_outer's (kernels/common/blocksparse_cuda.cu). */
#include "alloc.h"
extern "C" { /* a plain C header without its own guards */
#include "bigbird/bigbird_pattern.h"
}
#include "bigbird/bigbird_cuda.h"
#include "common/blocksparse_cuda.h"
#include "common/cuda_check.h"

#include <stdlib.h>
#include <string.h>

namespace {

struct bb_ctx {
    bs_attn_args a;
    int32_t *sel; /* device, in the workspace */
    size_t sel_bytes;
    cudaStream_t stream;
};

void fill_args(bs_attn_args *a, const struct attn_shape *s, const struct attn_params *p) {
    memset(a, 0, sizeof *a);
    a->B = s->batch;
    a->N = s->seq_len;
    a->q_len = s->q_len;
    a->Hq = s->heads_q;
    a->Hkv = s->heads_kv;
    a->d = s->head_dim;
    a->bk = p->block_size;
    a->q_off = s->seq_len - s->q_len;
    a->width = bigbird_sel_width(s, p);
    a->causal = s->causal;
}

const char *why_not(const struct attn_shape *s, const struct attn_params *p) {
    const char *w = attn_shape_check(s, p);
    if (w)
        return w;
    bs_attn_args a;
    fill_args(&a, s, p);
    w = bs_attn_check(&a);
    if (w)
        return w;
    if (bigbird_cuda_sel_bytes(s, p) > BIGBIRD_CUDA_SEL_MAX)
        return "bigbird cuda: the block pattern would exceed 4 GiB";
    return NULL;
}

bool bb_supports(const struct attn_shape *s, const struct attn_params *p, const char **why) {
    const char *w = why_not(s, p);
    if (w && why)
        *why = w;
    return w == NULL;
}

size_t bb_workspace(const struct attn_shape *s, const struct attn_params *p) {
    return bigbird_cuda_sel_bytes(s, p);
}

enum attn_status bb_init(void **ctx, const struct attn_shape *s, const struct attn_params *p,
                         void *ws, void *stream) {
    enum attn_status st = ATTN_OK;
    bb_ctx *c = NULL;
    const char *w = why_not(s, p);
    *ctx = NULL;
    if (w) {
        attn_set_error("%s", w);
        return ATTN_ERR_UNSUPPORTED;
    }
    if (!ws) {
        attn_set_error("bigbird cuda: needs its workspace");
        return ATTN_ERR_INVALID;
    }
    c = (bb_ctx *)calloc(1, sizeof *c);
    if (!c)
        return ATTN_ERR_NOMEM;
    fill_args(&c->a, s, p);
    c->sel = (int32_t *)ws;
    c->sel_bytes = bigbird_cuda_sel_bytes(s, p);
    c->stream = (cudaStream_t)stream;
    c->a.sel = c->sel;
    ATTN_CHECK(bigbird_cuda_upload_rows(s, p, c->sel, c->stream));
    *ctx = c;
    c = NULL;
cleanup:
    free(c);
    return st;
}

enum attn_status bb_run(void *ctx, const struct attn_io *io) {
    enum attn_status st = ATTN_OK;
    bb_ctx *c = (bb_ctx *)ctx;
    bs_attn_args a;
    if (!c || !io || !io->q || !io->k || !io->v || !io->o) {
        attn_set_error("bigbird cuda: q, k, v and o are all needed");
        return ATTN_ERR_INVALID;
    }
    a = c->a;
    a.q = io->q;
    a.k = io->k;
    a.v = io->v;
    a.o = io->o;
    if (io->sel)
        CUDA_CHECK(
            cudaMemcpyAsync(io->sel, c->sel, c->sel_bytes, cudaMemcpyDeviceToDevice, c->stream));
    st = bs_attn_launch(&a, c->stream);
cleanup:
    return st;
}

void bb_free(void *ctx) {
    free(ctx);
}

} /* namespace */

size_t bigbird_cuda_sel_bytes(const struct attn_shape *s, const struct attn_params *p) {
    return (size_t)s->batch * (size_t)s->heads_kv * (size_t)s->q_len *
           (size_t)bigbird_sel_width(s, p) * sizeof(int32_t);
}

enum attn_status bigbird_cuda_upload_rows(const struct attn_shape *s, const struct attn_params *p,
                                          int32_t *dev, cudaStream_t stream) {
    enum attn_status st = ATTN_OK;
    const size_t bytes = bigbird_cuda_sel_bytes(s, p);
    int32_t *host = (int32_t *)attn_host_alloc(bytes);
    if (!host) {
        attn_set_error("bigbird cuda: no host memory for the pattern (%zu bytes)", bytes);
        return ATTN_ERR_NOMEM;
    }
    bigbird_fill_sel(s, p, host, NULL, 0);
    CUDA_CHECK(cudaMemcpyAsync(dev, host, bytes, cudaMemcpyHostToDevice, stream));
    CUDA_CHECK(cudaStreamSynchronize(stream)); /* host buffer goes next */
cleanup:
    attn_host_free(host);
    return st;
}

extern "C" {
extern const struct attn_impl attn_bigbird_cuda;
}

const struct attn_impl attn_bigbird_cuda = {
    ATTN_API_VERSION,
    "bigbird",
    "cuda",
    "q_outer",
    "BigBird window+global+random blocks, precomputed pattern, query-outer tensor-core kernel",
    ATTN_F_DEVICE | ATTN_F_SELECT,
    bb_supports,
    bb_workspace,
    bb_init,
    bb_run,
    bb_free,
    0,
    NULL,
    NULL,
    bigbird_sel_width,
};
