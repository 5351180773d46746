/* test_kernels_col.c - the results column `kernels` of the MSA CUDA variants
 * (kernel_info_for, kernels/msa/msa_cuda.cu), checked without a GPU: per shape the
 * index kernel (decode's CUDA-core kernel for at most 8 index rows, mma.sync for
 * other short chunks, wgmma only where it is available and a chunk has 128+ rows,
 * fp8 for decode_fp8 and decode_fp8_pdl, the latter with ";pdl" in decode where
 * it launches so) and the Top-k version (the setting; v2 for k outside
 * 2..17), by the launchers' own rules; the process-wide kernel_info for meta.json.
 * A build without CUDA has no such variants: skipped. */
#include "testutil.h"

#include "attn.h"

#include <stdio.h>
#include <string.h>

#ifdef MSABENCH_HAVE_CUDA
#include "msa/msa_cuda.h"

static struct attn_shape shape(enum attn_mode mode, int64_t n, int64_t q_len) {
    return (struct attn_shape){.batch = 1,
                               .seq_len = n,
                               .q_len = mode == ATTN_DECODE ? q_len : n,
                               .heads_q = 64,
                               .heads_kv = 4,
                               .head_dim = 128,
                               .index_dim = 128,
                               .mode = mode,
                               .causal = true};
}

static void expect(const char *variant, const struct attn_shape *s, int32_t topk,
                   const char *want) {
    const struct attn_impl *im = attn_registry_find("msa", "cuda", variant);
    assert_non_null(im);
    assert_non_null(im->kernel_info_for);
    struct attn_params p;
    attn_params_defaults(&p);
    p.block_size = 128;
    p.topk = topk;
    char got[96];
    attn_impl_kernels(im, s, &p, got, sizeof got);
    if (strcmp(got, want) != 0)
        fail_msg("msa/cuda/%s %s N=%lld q_len=%lld k=%d: '%s', want '%s'", variant,
                 s->mode == ATTN_DECODE ? "decode" : "prefill", (long long)s->seq_len,
                 (long long)s->q_len, topk, got, want);
}

static void test_msa_cuda(void **state) {
    (void)state;
    const char *wide = msa_cuda_index_wgmma_available() ? "wgmma" : "mma";
    char want[96], fp8[96];
    const struct attn_shape pre = shape(ATTN_PREFILL, 4096, 0);
    const struct attn_shape dec1 = shape(ATTN_DECODE, 32768, 1); /* 4 index rows */
    const struct attn_shape dec4 = shape(ATTN_DECODE, 32768, 4); /* 16 index rows */
    snprintf(want, sizeof want, "index=%s;topk=v3", wide);
    expect("q_outer", &pre, 16, want);
    expect("kv_outer", &pre, 16, want);
    expect("q_outer", &dec1, 16, "index=decode;topk=v3");
    expect("kv_outer", &dec1, 16, "index=decode;topk=v3");
    expect("q_outer", &dec4, 16, "index=mma;topk=v3");
    expect("q_outer", &dec1, 32, "index=decode;topk=v2"); /* k - 1 above 16 */
    expect("q_outer", &dec1, 1, "index=decode;topk=v2");
    snprintf(fp8, sizeof fp8, "index=fp8_v%d;topk=v3", msa_cuda_fp8_version());
    expect("decode_fp8", &dec1, 16, fp8);
    /* decode_fp8_pdl: the same kernels, ";pdl" where its decode launches are
     * programmatic (this build and device); its prefill runs as decode_fp8 */
    char fp8p[112];
    snprintf(fp8p, sizeof fp8p, "%s%s", fp8, msa_cuda_pdl_available() ? ";pdl" : "");
    expect("decode_fp8_pdl", &dec1, 16, fp8p);
    expect("decode_fp8_pdl", &pre, 16, fp8);
    /* the settings: Top-k v5, the mma.sync index everywhere */
    assert_int_equal(msa_cuda_set_topk_version(5), ATTN_OK);
    msa_cuda_set_index_version(MSA_INDEX_MMA);
    expect("q_outer", &pre, 16, "index=mma;topk=v5");
    expect("q_outer", &pre, 32, "index=mma;topk=v2");
    expect("q_outer", &dec1, 16, "index=decode;topk=v5");
    /* meta.json: the process-wide setting, the shape aside */
    char info[96];
    attn_impl_kernels(attn_registry_find("msa", "cuda", "q_outer"), NULL, NULL, info, sizeof info);
    assert_string_equal(info, "index=mma;topk=v5");
    assert_int_equal(msa_cuda_set_topk_version(3), ATTN_OK);
    msa_cuda_set_index_version(MSA_INDEX_DEFAULT);
}
#else
static void test_msa_cuda(void **state) {
    (void)state;
    skip();
}
#endif

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_msa_cuda),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
