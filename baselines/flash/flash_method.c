/* flash_method.c - the declaration of "flash": exact attention fused with an
 * online softmax (Dao et al. 2022, FlashAttention-2/3).  It reads no knob. */
#include "method.h"

extern const struct attn_impl attn_flash_ref, attn_flash_cpu;
#ifdef MSABENCH_HAVE_CUDA
extern const struct attn_impl attn_flash_cuda_wgmma, attn_flash_cuda_ws, attn_flash_cuda;
#endif

/* Fused: only a running max and sum per (query, head) besides the inputs. */
static enum attn_status flash_cost(const struct attn_shape *s, const struct attn_params *p,
                                   size_t elem, struct attn_cost *out) {
    struct model_terms t;
    (void)p;
    model_begin(s, elem, out, &t);
    out->flops = out->flops_main = out->flops_dense;
    out->bytes_model = t.qo + t.kv;
    out->mem_model = t.qo + t.kv + 2 * t.B * t.Hq * t.L * 4;
    return ATTN_OK;
}

static const struct attn_impl *const flash_impls[] = {
    &attn_flash_ref,
    &attn_flash_cpu,
#ifdef MSABENCH_HAVE_CUDA
    /* ws_v1 first: a lookup without a variant gets it (run10, H100: 1.43-1.50x wgmma_v1,
     * 1.01-1.10x cuDNN at prefill d=128); it and wgmma_v1 skip the shapes they do not run,
     * with the reason (mma_v1 runs those) */
    &attn_flash_cuda_ws,
    &attn_flash_cuda_wgmma,
    &attn_flash_cuda,
#endif
};

const struct attn_method attn_method_flash = {
    .api_version = ATTN_METHOD_API_VERSION,
    .name = "flash",
    .doc = "exact attention fused with an online softmax (Dao et al. 2022, FlashAttention)",
    .cost = flash_cost,
    .tol_f32 = 1e-5,
    .tol_bf16 = 1e-2,
    .plot_style = "lc rgb '#1f77b4' pt 5",
    .flags = ATTN_F_DENSE_REF,
    .impls = flash_impls,
    .n_impls = (int)(sizeof flash_impls / sizeof flash_impls[0]),
};
