/* test_kernels_col.c - the results column `kernels` of the MSA CUDA variants
 * (kernel_info_for, kernels/msa/msa_cuda.cu), checked without a GPU: per shape the
 * index kernel (decode's CUDA-core kernel for at most 8 index rows, mma.sync for
 * other short chunks, wgmma only where it is available and a chunk has 128+ rows,
 * fp8 for decode_fp8 and decode_fp8_pdl, the latter with ";pdl" in decode where
 * it launches so) and the Top-k version (the setting; v2 for k outside
 * 2..17), by the launchers' own rules; the process-wide kernel_info for meta.json; the
 * KV-outer partials' workspace (fp32, bf16) and kv_outer_wgmma's shape rules.
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
    char want[96], fp8[96];
    const struct attn_shape pre = shape(ATTN_PREFILL, 4096, 0);
    const struct attn_shape dec1 = shape(ATTN_DECODE, 32768, 1); /* 4 index rows */
    const struct attn_shape dec4 = shape(ATTN_DECODE, 32768, 4); /* 16 index rows */
    /* prefill chunks of 128+ rows: the process-wide index kernel where tensor cores run
     * it (its name, e.g. ws_uni), else mma.sync */
    if (msa_cuda_index_wgmma_available())
        attn_impl_kernels(attn_registry_find("msa", "cuda", "q_outer"), NULL, NULL, want,
                          sizeof want);
    else
        snprintf(want, sizeof want, "index=mma;topk=v3");
    expect("q_outer", &pre, 16, want);
    expect("kv_outer", &pre, 16, want);
    expect("kv_outer_bf16", &pre, 16, want);
    /* kv_outer_wgmma's forms wg2 (the default), wg and wgp, named where they run: prefill with
     * at most 64 heads per group; the CTA form (form 0, or more heads per group) unnamed */
    assert_int_equal(msa_cuda_kv_wgmma_form(), MSA_KV_WGMMA_FORM_DEFAULT);
    assert_int_equal(MSA_KV_WGMMA_FORM_DEFAULT, 3);
    char wantw[112], wantp[112], want2[112];
    snprintf(wantw, sizeof wantw, "%s;attn=wg", want);
    snprintf(wantp, sizeof wantp, "%s;attn=wgp", want);
    snprintf(want2, sizeof want2, "%s;attn=wg2", want);
    expect("kv_outer_wgmma", &pre, 16, want2);
    expect("kv_outer_wgmma", &dec1, 16, "index=decode;topk=v3");
    expect("kv_outer", &pre, 16, want);
    struct attn_shape g128 = pre;
    g128.heads_q = 128, g128.heads_kv = 1;
    expect("kv_outer_wgmma", &g128, 16, want);
    g128.heads_q = 64; /* 64 heads per group: still wg2 */
    expect("kv_outer_wgmma", &g128, 16, want2);
    msa_cuda_set_kv_wgmma_form(1); /* wg: the same rule, its own name */
    expect("kv_outer_wgmma", &pre, 16, wantw);
    expect("kv_outer_wgmma", &g128, 16, wantw);
    msa_cuda_set_kv_wgmma_form(2); /* wgp: the same rule, its own name */
    expect("kv_outer_wgmma", &pre, 16, wantp);
    expect("kv_outer_wgmma", &g128, 16, wantp);
    g128.heads_q = 128;
    expect("kv_outer_wgmma", &g128, 16, want);
    msa_cuda_set_kv_wgmma_form(3);
    assert_int_equal(msa_cuda_kv_wgmma_form(), 3);
    msa_cuda_set_kv_wgmma_form(0);
    expect("kv_outer_wgmma", &pre, 16, want);
    /* kv_outer_fp8idx: its one index kernel (ws8, whatever the process's index version) and
     * the process's attention form */
    expect("kv_outer_fp8idx", &pre, 16, "index=ws8;topk=v3");
    msa_cuda_set_kv_wgmma_form(3);
    expect("kv_outer_fp8idx", &pre, 16, "index=ws8;topk=v3;attn=wg2");
    msa_cuda_set_kv_wgmma_form(0);
    /* kv_outer_wgp: form wgp whatever the process's form; decode unnamed as kv_outer's */
    expect("kv_outer_wgp", &pre, 16, wantp);
    expect("kv_outer_wgp", &dec1, 16, "index=decode;topk=v3");
    msa_cuda_set_kv_wgmma_form(7); /* no such form: the CTA form */
    assert_int_equal(msa_cuda_kv_wgmma_form(), 0);
    msa_cuda_set_kv_wgmma_form(MSA_KV_WGMMA_FORM_DEFAULT);
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

static size_t ws_of(const char *variant, const struct attn_shape *s, int64_t d) {
    const struct attn_impl *im = attn_registry_find("msa", "cuda", variant);
    assert_non_null(im);
    struct attn_shape t = *s;
    t.head_dim = d;
    struct attn_params p;
    attn_params_defaults(&p);
    p.block_size = 128;
    p.topk = 16;
    return im->workspace_size(&t, &p);
}

/* The KV-outer partials' workspace: bf16 in kv_outer_bf16 and kv_outer_wgmma, half of
 * kv_outer's fp32 (1024 queries fit one chunk either way); decode's split partials fp32 in
 * all three.  kv_outer_wgmma's shapes: prefill only at d 128 / Bk 128 on sm_90a. */
static void test_msa_cuda_partials(void **state) {
    (void)state;
    const struct attn_shape pre = shape(ATTN_PREFILL, 1024, 0);
    const struct attn_shape dec = shape(ATTN_DECODE, 32768, 4);
    const size_t half = (size_t)1024 * 64 * 16 * 128 * 2; /* Nq * Hq * k * d * 2 bytes */
    assert_true(ws_of("kv_outer", &pre, 128) == ws_of("kv_outer_bf16", &pre, 128) + half);
    assert_true(ws_of("kv_outer_wgmma", &pre, 128) == ws_of("kv_outer_bf16", &pre, 128));
    assert_true(ws_of("kv_outer", &pre, 64) == ws_of("kv_outer_bf16", &pre, 64) + half / 2);
    assert_true(ws_of("kv_outer", &dec, 128) == ws_of("kv_outer_bf16", &dec, 128));
    assert_true(ws_of("kv_outer", &dec, 128) == ws_of("kv_outer_wgmma", &dec, 128));

    const struct attn_impl *w = attn_registry_find("msa", "cuda", "kv_outer_wgmma");
    struct attn_params p;
    attn_params_defaults(&p);
    p.block_size = 128;
    p.topk = 16;
    const char *why = NULL;
    struct attn_shape d64 = pre;
    d64.head_dim = 64;
    assert_false(w->supports(&d64, &p, &why));
    assert_non_null(strstr(why, "head_dim 128 and block_size 128"));
    why = NULL;
    assert_int_equal(w->supports(&pre, &p, &why), msa_cuda_kv_wgmma_available());
    if (!msa_cuda_kv_wgmma_available())
        assert_non_null(strstr(why, "sm_90"));
    assert_true(w->supports(&dec, &p, NULL));
    p.block_size = 64;
    why = NULL;
    assert_false(w->supports(&pre, &p, &why));
    assert_non_null(why);

    /* kv_outer_wgp: kv_outer_wgmma's workspace; more than 64 heads a group skipped with the
     * reason (not handed to the CTA form), decode as kv_outer */
    const struct attn_impl *wp = attn_registry_find("msa", "cuda", "kv_outer_wgp");
    assert_non_null(wp);
    assert_true(ws_of("kv_outer_wgp", &pre, 128) == ws_of("kv_outer_wgmma", &pre, 128));
    assert_true(ws_of("kv_outer_wgp", &dec, 128) == ws_of("kv_outer_wgmma", &dec, 128));
    p.block_size = 128;
    struct attn_shape g128 = pre;
    g128.heads_q = 128, g128.heads_kv = 1;
    why = NULL;
    assert_false(wp->supports(&g128, &p, &why));
    assert_non_null(strstr(why, "kv_outer_wgp: prefill needs at most 64 query heads"));
    assert_true(w->supports(&g128, &p, NULL) == msa_cuda_kv_wgmma_available());
    g128.heads_q = 64;
    why = NULL;
    assert_int_equal(wp->supports(&g128, &p, &why), msa_cuda_kv_wgmma_available());
    if (!msa_cuda_kv_wgmma_available())
        assert_non_null(strstr(why, "kv_outer_wgp: needs an sm_90"));
    assert_true(wp->supports(&dec, &p, NULL));
}
#else
static void test_msa_cuda(void **state) {
    (void)state;
    skip();
}
static void test_msa_cuda_partials(void **state) {
    (void)state;
    skip();
}
#endif

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_msa_cuda),
        cmocka_unit_test(test_msa_cuda_partials),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
