/* test_gpu_performer.c - performer/cuda against a float64 FAVOR+ computation with the
 * SAME features and the same bf16-rounded inputs (SPEC section 8: performer is checked
 * against its own float64 ref; its distance to dense attention is a figure, not a test).
 *   rel L2 <= 1e-2, and max-abs <= 2x the max-abs of the float64 result rounded to bf16
 *   (the implementation is fp32 past the bf16 inputs, so its error is the final bf16
 *   rounding plus fp32 noise far below it).
 * The features are given through performer_cuda_init_features (any w works for checking
 * the arithmetic); when the shared generator is linked, the vtable path (performer_features
 * per KV head) is also checked against the same oracle.
 * Awkward shapes: N not a multiple of the chunk, GQA 1/4/16, decode q_len 1..8, causal
 * and not, large inputs (feature logits ~ +-100).  Exits 77 without a GPU. */
#include "testutil.h"

#include "alloc.h"
#include "attn.h"
#include "device.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum attn_status performer_cuda_init_features(void **ctx, const struct attn_shape *s,
                                              const struct attn_params *p, void *ws, void *stream,
                                              const double *w);
/* The shared generator, when linked (weak: absent before performer_features.c lands). */
void performer_features(int64_t d, int64_t m, uint64_t seed, int64_t head, double *w)
    __attribute__((weak));

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
static float bf16r(double x) { return attn_bf16_to_f32(attn_f32_to_bf16((float)x)); }

static int64_t n_features(const struct attn_shape *s, const struct attn_params *p) {
    if (p->pf_features > 0)
        return p->pf_features;
    const int64_t m = (int64_t)llround((double)s->head_dim * log((double)s->head_dim));
    return m < 1 ? 1 : m;
}

/* phi(x)_l = exp(w_l . x - |x|^2 / (2 sqrt d)) in float64 (no stabilizer needed here). */
static void phi(const double *w, int64_t m, int64_t d, const double *x, double *out) {
    double n2 = 0;
    for (int64_t c = 0; c < d; c++)
        n2 += x[c] * x[c];
    n2 *= 0.5 / sqrt((double)d);
    for (int64_t l = 0; l < m; l++) {
        double u = 0;
        for (int64_t c = 0; c < d; c++)
            u += w[l * d + c] * x[c];
        out[l] = exp(u - n2);
    }
}

/* O = phi(Q) (sum_j phi(k_j) v_j^T) / (phi(Q) sum_j phi(k_j)) over visible keys. */
static void ref_performer(const struct attn_shape *s, int64_t m, const double *w, const double *q,
                          const double *k, const double *v, double *o) {
    const int64_t N = s->seq_len, Nq = s->q_len, Hq = s->heads_q, Hkv = s->heads_kv;
    const int64_t d = s->head_dim, G = Hq / Hkv;
    double *S = malloc((size_t)(m * d) * sizeof *S), *z = malloc((size_t)m * sizeof *z);
    double *pk = malloc((size_t)m * sizeof *pk), *pq = malloc((size_t)m * sizeof *pq);
    assert_true(S && z && pk && pq);
    for (int64_t b = 0; b < s->batch; b++)
        for (int64_t h = 0; h < Hq; h++) {
            const int64_t hk = h / G;
            const double *wh = w + hk * m * d;
            memset(S, 0, (size_t)(m * d) * sizeof *S);
            memset(z, 0, (size_t)m * sizeof *z);
            int64_t added = 0; /* keys 0..added-1 are in S, z */
            for (int64_t t = 0; t < Nq; t++) {
                const int64_t upto = s->causal ? attn_qpos(s, t) + 1 : N;
                for (; added < upto; added++) {
                    phi(wh, m, d, k + ((b * N + added) * Hkv + hk) * d, pk);
                    const double *vr = v + ((b * N + added) * Hkv + hk) * d;
                    for (int64_t l = 0; l < m; l++) {
                        z[l] += pk[l];
                        for (int64_t c = 0; c < d; c++)
                            S[l * d + c] += pk[l] * vr[c];
                    }
                }
                phi(wh, m, d, q + ((b * Nq + t) * Hq + h) * d, pq);
                double den = 0;
                for (int64_t l = 0; l < m; l++)
                    den += pq[l] * z[l];
                double *orow = o + ((b * Nq + t) * Hq + h) * d;
                for (int64_t c = 0; c < d; c++) {
                    double num = 0;
                    for (int64_t l = 0; l < m; l++)
                        num += pq[l] * S[l * d + c];
                    orow[c] = num / den;
                }
            }
        }
    free(S), free(z), free(pk), free(pq);
}

struct pcase {
    int64_t B, N, q_len, Hq, Hkv, d;
    bool causal;
    enum attn_mode mode;
    double sigma;
    int32_t m, chunk; /* 0 = default m */
};

static void check_case(const struct pcase *tc, uint64_t seed, bool use_generator) {
    const struct attn_impl *im = attn_registry_find("performer", "cuda", NULL);
    assert_non_null(im);
    struct attn_shape s = {tc->B,    tc->N,     tc->q_len, tc->Hq, tc->Hkv,
                           tc->d,    64,        tc->mode,  tc->causal};
    struct attn_params prm;
    attn_params_defaults(&prm);
    prm.pf_features = tc->m;
    prm.pf_chunk = tc->chunk;
    prm.seed = seed;
    const int64_t m = n_features(&s, &prm), d = s.head_dim;
    rng_state = seed * 7919;
    const size_t nq = (size_t)attn_numel_q(&s), nkv = (size_t)attn_numel_kv(&s);
    float *qf = malloc(nq * 4), *kf = malloc(nkv * 4), *vf = malloc(nkv * 4);
    double *qd = malloc(nq * 8), *kd = malloc(nkv * 8), *vd = malloc(nkv * 8);
    double *w = malloc((size_t)(s.heads_kv * m * d) * 8), *oref = malloc(nq * 8);
    float *out = malloc(nq * 4);
    assert_true(qf && kf && vf && qd && kd && vd && w && oref && out);
    for (size_t i = 0; i < nq; i++)
        qd[i] = qf[i] = bf16r(rng_normal() * tc->sigma);
    for (size_t i = 0; i < nkv; i++) {
        kd[i] = kf[i] = bf16r(rng_normal() * tc->sigma);
        vd[i] = vf[i] = bf16r(rng_normal());
    }
    if (use_generator) {
        for (int64_t hk = 0; hk < s.heads_kv; hk++)
            performer_features(d, m, prm.seed, hk, w + hk * m * d);
    } else {
        const double sc = pow((double)d, -0.25);
        for (int64_t i = 0; i < s.heads_kv * m * d; i++)
            w[i] = (float)(rng_normal() * sc);
    }
    ref_performer(&s, m, w, qd, kd, vd, oref);

    void *dq = NULL, *dk = NULL, *dv = NULL, *ctx = NULL;
    assert_int_equal(attn_dev_upload_bf16(&dq, qf, nq), ATTN_OK);
    assert_int_equal(attn_dev_upload_bf16(&dk, kf, nkv), ATTN_OK);
    assert_int_equal(attn_dev_upload_bf16(&dv, vf, nkv), ATTN_OK);
    void *dout = attn_dev_alloc(nq * 2), *ws = attn_dev_alloc(im->workspace_size(&s, &prm));
    assert_non_null(dout);
    assert_non_null(ws);
    enum attn_status st =
        use_generator ? im->init(&ctx, &s, &prm, ws, attn_device_stream())
                      : performer_cuda_init_features(&ctx, &s, &prm, ws, attn_device_stream(), w);
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
    printf("  performer%s B=%lld N=%-5lld q=%-4lld Hq=%-2lld Hkv=%-2lld d=%-3lld m=%-4lld C=%-3d %s "
           "%s sigma=%.1f: rel %.2e  max %.2e  bf16-rounding max %.2e\n",
           use_generator ? "(gen)" : "     ", (long long)s.batch, (long long)s.seq_len,
           (long long)s.q_len, (long long)s.heads_q, (long long)s.heads_kv, (long long)d,
           (long long)m, prm.pf_chunk, s.mode == ATTN_DECODE ? "decode " : "prefill",
           s.causal ? "causal" : "full  ", tc->sigma, rel, maxerr, maxround);
    if (!(rel <= 1e-2))
        fail_msg("rel L2 %.3e > 1e-2", rel);
    if (!(maxerr <= 2 * maxround))
        fail_msg("max-abs %.3e > 2 x bf16 rounding %.3e", maxerr, maxround);
    attn_dev_free(dq), attn_dev_free(dk), attn_dev_free(dv), attn_dev_free(dout), attn_dev_free(ws);
    free(qf), free(kf), free(vf), free(qd), free(kd), free(vd), free(w), free(oref), free(out);
}

static const struct pcase cases[] = {
    /* B  N    q    Hq Hkv d    causal mode          sigma m    chunk */
    {1, 300, 300, 8, 2, 128, true, ATTN_PREFILL, 1.0, 0, 64},   /* G=4, partial last chunk */
    {1, 300, 300, 8, 2, 128, true, ATTN_PREFILL, 3.0, 0, 64},   /* large feature logits */
    {1, 200, 200, 16, 1, 64, false, ATTN_PREFILL, 1.0, 0, 64},  /* G=16, non-causal */
    {2, 130, 130, 4, 4, 64, true, ATTN_PREFILL, 1.5, 100, 32},  /* G=1, m and chunk set */
    {1, 77, 77, 2, 1, 64, true, ATTN_PREFILL, 1.0, 0, 128},     /* one chunk longer than N */
    {1, 500, 1, 16, 1, 128, true, ATTN_DECODE, 1.0, 0, 64},
    {1, 500, 8, 8, 2, 64, true, ATTN_DECODE, 3.0, 0, 64},
    {2, 333, 3, 4, 4, 64, false, ATTN_DECODE, 1.0, 0, 64},
    {1, 8, 8, 4, 1, 64, true, ATTN_DECODE, 1.0, 0, 64},         /* q_len == N */
};

static void test_performer(void **st) {
    (void)st;
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++)
        check_case(&cases[i], 500 + i, false);
    for (int ql = 2; ql <= 7; ql++) { /* the other q_len values */
        struct pcase tc = {1, 200 + ql, ql, 8, 2, 64, ql % 2 == 0, ATTN_DECODE, 1.0, 0, 64};
        check_case(&tc, 600 + (uint64_t)ql, false);
    }
}

static void test_performer_generator(void **st) {
    (void)st;
    if (!performer_features) {
        printf("  (feature generator not linked: vtable init path not checked)\n");
        const struct attn_impl *im = attn_registry_find("performer", "cuda", NULL);
        struct attn_shape s = {1, 64, 64, 4, 1, 64, 64, ATTN_PREFILL, true};
        struct attn_params p;
        attn_params_defaults(&p);
        const char *why = NULL;
        assert_false(im->supports(&s, &p, &why)); /* refuses honestly */
        assert_non_null(why);
        return;
    }
    check_case(&cases[0], 42, true);
    check_case(&cases[6], 43, true);
}

int main(void) {
    if (!attn_device_available())
        return 77;
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_performer),
        cmocka_unit_test(test_performer_generator),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
