/* test_gpu_performer.c - performer/cuda against performer's float64 ref (the registry's
 * oracle: same seeded features from performer_features, same bf16-rounded inputs; SPEC
 * section 8: performer is checked against its own ref, its distance to dense attention is
 * a figure, not a test):
 *   rel L2 <= 1e-2, and max-abs <= 2x the max-abs of the ref's result rounded to bf16
 *   (the implementation is fp32 past the bf16 inputs, so its error is the final bf16
 *   rounding plus fp32 noise far below it: that is its naive same-precision computation).
 * Awkward shapes: N not a multiple of the chunk, a chunk longer than N, GQA 1/4/16,
 * decode q_len 1..8, causal and not, large inputs (feature logits ~ +-100).  Output
 * poisoned with NaN.  performer_cuda_init_features given the generator's features must
 * give the same bits as the vtable init.  Exits 77 without a GPU. */
#include "testutil.h"

#include "alloc.h"
#include "attn.h"
#include "device.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#ifdef MSABENCH_HAVE_CUDA
#include "performer/performer_features.h"

enum attn_status performer_cuda_init_features(void **ctx, const struct attn_shape *s,
                                              const struct attn_params *p, void *ws, void *stream,
                                              const double *w);

static uint64_t rng_state;
static double rng_u(void) {
    uint64_t z = (rng_state += 0x9e3779b97f4a7c15ull);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
    z ^= z >> 31;
    return ((double)(z >> 11) + 0.5) / 9007199254740992.0;
}
static double rng_normal(void) {
    return sqrt(-2.0 * log(rng_u())) * cos(6.283185307179586 * rng_u());
}
static float bf16r(double x) {
    return attn_bf16_to_f32(attn_f32_to_bf16((float)x));
}

struct pcase {
    int64_t B, N, q_len, Hq, Hkv, d;
    bool causal;
    enum attn_mode mode;
    double sigma;
    int32_t m, chunk; /* 0 = default m */
};

/* Runs the device impl; given_w: init through performer_cuda_init_features. */
static void run_dev(const struct attn_impl *im, const struct attn_shape *s,
                    const struct attn_params *p, const float *qf, const float *kf, const float *vf,
                    const double *given_w, float *out) {
    const size_t nq = (size_t)attn_numel_q(s), nkv = (size_t)attn_numel_kv(s);
    void *dq = NULL, *dk = NULL, *dv = NULL, *ctx = NULL;
    assert_int_equal(attn_dev_upload_bf16(&dq, qf, nq), ATTN_OK);
    assert_int_equal(attn_dev_upload_bf16(&dk, kf, nkv), ATTN_OK);
    assert_int_equal(attn_dev_upload_bf16(&dv, vf, nkv), ATTN_OK);
    void *dout = attn_dev_alloc(nq * 2), *ws = attn_dev_alloc(im->workspace_size(s, p));
    assert_non_null(dout);
    assert_non_null(ws);
    enum attn_status st =
        given_w ? performer_cuda_init_features(&ctx, s, p, ws, attn_device_stream(), given_w)
                : im->init(&ctx, s, p, ws, attn_device_stream());
    if (st != ATTN_OK)
        fail_msg("init: %s: %s", attn_status_str(st), attn_last_error());
    assert_int_equal(attn_dev_memset(dout, 0xff, nq * 2), ATTN_OK); /* NaN poison */
    struct attn_io io = {dq, dk, dv, NULL, NULL, dout, NULL, NULL, 0};
    st = im->run(ctx, &io);
    if (st == ATTN_OK)
        st = attn_dev_sync();
    if (st != ATTN_OK)
        fail_msg("run: %s: %s", attn_status_str(st), attn_last_error());
    im->free(ctx);
    assert_int_equal(attn_dev_download_bf16(out, dout, nq), ATTN_OK);
    attn_dev_free(dq), attn_dev_free(dk), attn_dev_free(dv), attn_dev_free(dout), attn_dev_free(ws);
}

static void check_case(const struct pcase *tc, uint64_t seed, bool also_given) {
    const struct attn_impl *im = attn_registry_find("performer", "cuda", NULL);
    const struct attn_impl *ref = attn_registry_ref("performer");
    assert_non_null(im);
    assert_non_null(ref);
    struct attn_shape s = {tc->B, tc->N, tc->q_len, tc->Hq,    tc->Hkv,
                           tc->d, 64,    tc->mode,  tc->causal};
    struct attn_params prm;
    attn_params_defaults(&prm);
    prm.pf_features = tc->m;
    prm.pf_chunk = tc->chunk;
    prm.seed = seed;
    const char *why = NULL;
    if (!im->supports(&s, &prm, &why))
        fail_msg("performer/cuda does not support the case: %s", why);
    rng_state = seed * 7919;
    const size_t nq = (size_t)attn_numel_q(&s), nkv = (size_t)attn_numel_kv(&s);
    float *qf = malloc(nq * 4), *kf = malloc(nkv * 4), *vf = malloc(nkv * 4);
    double *qd = malloc(nq * 8), *kd = malloc(nkv * 8), *vd = malloc(nkv * 8),
           *oref = malloc(nq * 8);
    float *out = malloc(nq * 4);
    assert_true(qf && kf && vf && qd && kd && vd && oref && out);
    for (size_t i = 0; i < nq; i++)
        qd[i] = qf[i] = bf16r(rng_normal() * tc->sigma);
    for (size_t i = 0; i < nkv; i++) {
        kd[i] = kf[i] = bf16r(rng_normal() * tc->sigma);
        vd[i] = vf[i] = bf16r(rng_normal());
    }
    /* the float64 oracle, all rows */
    void *rctx = NULL;
    void *rws = malloc(ref->workspace_size(&s, &prm) + 1);
    assert_int_equal(ref->init(&rctx, &s, &prm, rws, NULL), ATTN_OK);
    struct attn_io rio = {qd, kd, vd, NULL, NULL, oref, NULL, NULL, 0};
    assert_int_equal(ref->run(rctx, &rio), ATTN_OK);
    ref->free(rctx);
    free(rws);

    run_dev(im, &s, &prm, qf, kf, vf, NULL, out);
    double num = 0, den = 0, maxerr = 0, maxround = 0;
    for (size_t i = 0; i < nq; i++) {
        if (!isfinite(out[i]))
            fail_msg("non-finite output at %zu", i);
        num += (out[i] - oref[i]) * (out[i] - oref[i]);
        den += oref[i] * oref[i];
        maxerr = fmax(maxerr, fabs(out[i] - oref[i]));
        maxround = fmax(maxround, fabs(bf16r(oref[i]) - oref[i]));
    }
    const double rel = sqrt(num / den);
    printf("  performer B=%lld N=%-5lld q=%-4lld Hq=%-2lld Hkv=%-2lld d=%-3lld m=%-4lld C=%-3d %s "
           "%s sigma=%.1f: rel %.2e  max %.2e  bf16-rounding max %.2e\n",
           (long long)s.batch, (long long)s.seq_len, (long long)s.q_len, (long long)s.heads_q,
           (long long)s.heads_kv, (long long)s.head_dim,
           (long long)performer_num_features(&s, &prm), prm.pf_chunk,
           s.mode == ATTN_DECODE ? "decode " : "prefill", s.causal ? "causal" : "full  ", tc->sigma,
           rel, maxerr, maxround);
    if (!(rel <= 1e-2))
        fail_msg("rel L2 %.3e > 1e-2", rel);
    if (!(maxerr <= 2 * maxround))
        fail_msg("max-abs %.3e > 2 x bf16 rounding %.3e", maxerr, maxround);

    if (also_given) { /* the features-given entry computes the same function */
        const int64_t m = performer_num_features(&s, &prm), d = s.head_dim;
        double *w = malloc((size_t)(s.heads_kv * m * d) * sizeof *w);
        float *out2 = malloc(nq * 4);
        assert_true(w && out2);
        for (int64_t hk = 0; hk < s.heads_kv; hk++)
            performer_features(d, m, prm.seed, hk, w + hk * m * d);
        run_dev(im, &s, &prm, qf, kf, vf, w, out2);
        if (memcmp(out, out2, nq * 4) != 0)
            fail_msg("performer_cuda_init_features differs from init with the same features");
        free(w), free(out2);
    }
    free(qf), free(kf), free(vf), free(qd), free(kd), free(vd), free(oref), free(out);
}

static const struct pcase cases[] = {
    /* B  N    q    Hq Hkv d    causal mode          sigma m    chunk */
    {1, 300, 300, 8, 2, 128, true, ATTN_PREFILL, 1.0, 0, 64},  /* G=4, partial last chunk */
    {1, 300, 300, 8, 2, 128, true, ATTN_PREFILL, 3.0, 0, 64},  /* large feature logits */
    {1, 200, 200, 16, 1, 64, false, ATTN_PREFILL, 1.0, 0, 64}, /* G=16, non-causal */
    {2, 130, 130, 4, 4, 64, true, ATTN_PREFILL, 1.5, 100, 32}, /* G=1, m and chunk set */
    {1, 77, 77, 2, 1, 64, true, ATTN_PREFILL, 1.0, 0, 128},    /* one chunk longer than N */
    {1, 500, 1, 16, 1, 128, true, ATTN_DECODE, 1.0, 0, 64},
    {1, 500, 8, 8, 2, 64, true, ATTN_DECODE, 3.0, 0, 64},
    {2, 333, 3, 4, 4, 64, false, ATTN_DECODE, 1.0, 0, 64},
    {1, 8, 8, 4, 1, 64, true, ATTN_DECODE, 1.0, 0, 64}, /* q_len == N */
};

static void test_performer(void **st) {
    (void)st;
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++)
        check_case(&cases[i], 500 + i, i == 0 || i == 6);
    for (int ql = 2; ql <= 7; ql++) { /* the other q_len values */
        struct pcase tc = {1, 200 + ql, ql, 8, 2, 64, ql % 2 == 0, ATTN_DECODE, 1.0, 0, 64};
        check_case(&tc, 600 + (uint64_t)ql, false);
    }
}

/* `test_gpu_performer small`: two small cases, for compute-sanitizer. */
static void test_small(void **st) {
    (void)st;
    check_case(&cases[0], 1, false);
    check_case(&cases[6], 2, false);
}

int main(int argc, char **argv) {
    if (!attn_device_available())
        return 77;
    if (argc > 1 && strcmp(argv[1], "small") == 0) {
        const struct CMUnitTest small[] = {cmocka_unit_test(test_small)};
        return cmocka_run_group_tests(small, NULL, NULL);
    }
    const struct CMUnitTest tests[] = {cmocka_unit_test(test_performer)};
    return cmocka_run_group_tests(tests, NULL, NULL);
}
#else
int main(void) {
    return 77;
} /* built without CUDA */
#endif
