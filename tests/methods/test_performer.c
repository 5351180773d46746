/* test_performer.c - performer cpu (float32) against its float64 ref with the
 * same features, the ref's convergence to dense softmax attention as the
 * feature count grows, chunking invariance, and the features themselves. */
#include "testutil.h"

#include "alloc.h"
#include "common/dense_ref.h"
#include "data.h"
#include "performer/performer_features.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

extern const struct attn_impl attn_performer_ref, attn_performer_cpu;

struct inputs {
    struct attn_inputs in;
    double *q, *k, *v;
};

/* N(0,1) inputs (seed), q and k multiplied by qk_scale, plus float64 copies. */
static void make_inputs(const struct attn_shape *s, uint64_t seed, float qk_scale,
                        struct inputs *x) {
    struct data_spec sp = {.kind = DATA_NORMAL, .seed = seed};
    assert_int_equal(data_make(&sp, s, &x->in), ATTN_OK);
    const int64_t nq = attn_numel_q(s), nkv = attn_numel_kv(s);
    x->q = malloc((size_t)nq * sizeof(double));
    x->k = malloc((size_t)nkv * sizeof(double));
    x->v = malloc((size_t)nkv * sizeof(double));
    assert_non_null(x->q);
    assert_non_null(x->k);
    assert_non_null(x->v);
    for (int64_t i = 0; i < nq; i++) {
        x->in.q[i] *= qk_scale;
        x->q[i] = x->in.q[i];
    }
    for (int64_t i = 0; i < nkv; i++) {
        x->in.k[i] *= qk_scale;
        x->k[i] = x->in.k[i];
        x->v[i] = x->in.v[i];
    }
}

static void free_inputs(struct inputs *x) {
    data_free(&x->in);
    free(x->q);
    free(x->k);
    free(x->v);
}

static void run_impl(const struct attn_impl *im, const struct attn_shape *s,
                     const struct attn_params *p, const void *q, const void *k, const void *v,
                     void *o, const int64_t *rows, int64_t n_rows) {
    const char *why = NULL;
    assert_true(im->supports(s, p, &why));
    void *ctx = NULL;
    assert_int_equal(im->init(&ctx, s, p, NULL, NULL), ATTN_OK);
    struct attn_io io = {.q = q, .k = k, .v = v, .o = o, .rows = rows, .n_rows = n_rows};
    assert_int_equal(im->run(ctx, &io), ATTN_OK);
    im->free(ctx);
}

static struct attn_shape shape(int64_t B, int64_t N, int64_t T, int64_t Hq, int64_t Hkv, int64_t d,
                               bool causal) {
    struct attn_shape s = {.batch = B,
                           .seq_len = N,
                           .q_len = T,
                           .heads_q = Hq,
                           .heads_kv = Hkv,
                           .head_dim = d,
                           .index_dim = d,
                           .mode = T == N ? ATTN_PREFILL : ATTN_DECODE,
                           .causal = causal};
    return s;
}

/* cpu vs ref, rel L2 over the whole output. */
static double cpu_vs_ref(const struct attn_shape *s, const struct attn_params *p, uint64_t seed,
                         float qk_scale) {
    struct inputs x;
    make_inputs(s, seed, qk_scale, &x);
    const int64_t nq = attn_numel_q(s);
    float *of = malloc((size_t)nq * sizeof *of);
    double *od = malloc((size_t)nq * sizeof *od);
    for (int64_t i = 0; i < nq; i++)
        of[i] = NAN; /* every row must be written */
    run_impl(&attn_performer_cpu, s, p, x.in.q, x.in.k, x.in.v, of, NULL, 0);
    run_impl(&attn_performer_ref, s, p, x.q, x.k, x.v, od, NULL, 0);
    const double e = tu_rel_l2_f32(of, od, (size_t)nq);
    free(of);
    free(od);
    free_inputs(&x);
    return e;
}

static void test_cpu_matches_ref(void **state) {
    (void)state;
    struct {
        int64_t B, N, T, Hq, Hkv, d;
        bool causal;
        int32_t m, chunk;
        float scale;
    } cases[] = {
        {1, 77, 77, 4, 1, 16, true, 0, 8, 1.0f},      /* default m = round(16 ln 16) = 44 */
        {2, 130, 130, 4, 4, 32, false, 50, 64, 1.0f}, /* MHA, batch 2, not causal */
        {1, 100, 100, 16, 1, 8, true, 13, 64, 1.0f},  /* G = 16, chunk does not divide N */
        {1, 65, 65, 2, 2, 12, true, 31, 7, 2.5f},     /* logits to about +-15 */
        {1, 90, 1, 4, 1, 16, true, 0, 16, 1.0f},      /* decode, q_len 1 */
        {1, 90, 5, 4, 2, 16, true, 40, 16, 1.0f},     /* decode straddling a chunk edge */
        {2, 70, 8, 8, 2, 16, true, 20, 32, 1.5f},     /* decode, q_len 8 */
        {1, 50, 3, 4, 1, 16, false, 24, 64, 1.0f},    /* decode, not causal */
        {1, 48, 48, 4, 1, 16, true, 0, 48, 4.0f},     /* one chunk, logits to about +-45 */
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        struct attn_shape s = shape(cases[i].B, cases[i].N, cases[i].T, cases[i].Hq, cases[i].Hkv,
                                    cases[i].d, cases[i].causal);
        struct attn_params p;
        attn_params_defaults(&p);
        p.pf_features = cases[i].m;
        p.pf_chunk = cases[i].chunk;
        p.seed = 100 + i;
        const double e = cpu_vs_ref(&s, &p, 7 + i, cases[i].scale);
        print_message("case %zu: rel L2 cpu vs ref %.2e\n", i, e);
        assert_true(e <= 1e-5);
    }
}

/* ref on a subset of rows == ref on every row at those rows. */
static void test_ref_rows_subset(void **state) {
    (void)state;
    for (int causal = 0; causal < 2; causal++) {
        struct attn_shape s = shape(2, 60, 60, 4, 2, 8, causal);
        struct attn_params p;
        attn_params_defaults(&p);
        p.pf_features = 20;
        struct inputs x;
        make_inputs(&s, 3, 1.0f, &x);
        const int64_t nq = attn_numel_q(&s);
        double *all = malloc((size_t)nq * sizeof *all), *some = malloc((size_t)nq * sizeof *some);
        const int64_t rows[] = {59, 0, 31, 7};
        run_impl(&attn_performer_ref, &s, &p, x.q, x.k, x.v, all, NULL, 0);
        run_impl(&attn_performer_ref, &s, &p, x.q, x.k, x.v, some, rows, 4);
        for (int64_t b = 0; b < 2; b++)
            for (int r = 0; r < 4; r++) {
                const int64_t off = (b * 60 + rows[r]) * 4 * 8;
                for (int64_t e = 0; e < 4 * 8; e++)
                    assert_close(some[off + e], all[off + e], 0, 1e-13);
            }
        free(all);
        free(some);
        free_inputs(&x);
    }
}

/* Causal cpu with chunk 1 (pure prefix sums) == chunk 64 (mostly masked products). */
static void test_chunk_invariance(void **state) {
    (void)state;
    struct attn_shape s = shape(1, 150, 150, 4, 1, 16, true);
    struct attn_params p;
    attn_params_defaults(&p);
    p.pf_features = 32;
    struct inputs x;
    make_inputs(&s, 11, 1.5f, &x);
    const int64_t nq = attn_numel_q(&s);
    float *o1 = malloc((size_t)nq * sizeof *o1), *o64 = malloc((size_t)nq * sizeof *o64);
    double *od = malloc((size_t)nq * sizeof *od);
    p.pf_chunk = 1;
    run_impl(&attn_performer_cpu, &s, &p, x.in.q, x.in.k, x.in.v, o1, NULL, 0);
    p.pf_chunk = 64;
    run_impl(&attn_performer_cpu, &s, &p, x.in.q, x.in.k, x.in.v, o64, NULL, 0);
    for (int64_t i = 0; i < nq; i++)
        od[i] = o64[i];
    const double e = tu_rel_l2_f32(o1, od, (size_t)nq);
    print_message("chunk 1 vs 64: rel L2 %.2e\n", e);
    assert_true(e <= 1e-5);
    free(o1);
    free(o64);
    free(od);
    free_inputs(&x);
}

/* Non-causal ref error against exact softmax attention falls as m grows
 * (Monte Carlo error ~ 1/sqrt(m)); averaged over 6 seeds of features and data.
 * q, k ~ N(0, 0.25): the weight estimator's relative variance is about
 * (exp(|q'+k'|^2) - 1)/m ~ 3/m, small enough to be in its 1/sqrt(m) regime. */
static void test_approaches_dense(void **state) {
    (void)state;
    struct attn_shape s = shape(1, 64, 64, 1, 1, 8, false);
    const int32_t ms[] = {16, 256, 4096};
    double err[3] = {0, 0, 0};
    const int seeds = 6;
    for (int sd = 0; sd < seeds; sd++) {
        struct inputs x;
        make_inputs(&s, 50 + sd, 0.5f, &x);
        const int64_t nq = attn_numel_q(&s);
        double *od = malloc((size_t)nq * sizeof *od), *dense = malloc((size_t)nq * sizeof *dense);
        assert_int_equal(dense_ref_rows(&s, x.q, x.k, x.v, dense, NULL, 0), ATTN_OK);
        for (int i = 0; i < 3; i++) {
            struct attn_params p;
            attn_params_defaults(&p);
            p.pf_features = ms[i];
            p.seed = 1000 + sd;
            run_impl(&attn_performer_ref, &s, &p, x.q, x.k, x.v, od, NULL, 0);
            err[i] += tu_rel_l2_f64(od, dense, (size_t)nq) / seeds;
        }
        free(od);
        free(dense);
        free_inputs(&x);
    }
    print_message("rel L2 vs dense: m=16 %.4f  m=256 %.4f  m=4096 %.4f\n", err[0], err[1], err[2]);
    /* In the asymptotic regime the error goes as 1/sqrt(m): 16x the features
     * cut it ~4x (measured 0.133 -> 0.035 from 256 to 4096); ask for 2x.  At
     * m = 16 (two orthogonal blocks of d = 8) the ratio estimator is not yet
     * asymptotic and orthogonality helps most (measured 0.262 -> 0.133), so
     * there only a clear fall is asked for. */
    assert_true(err[1] < 0.75 * err[0]);
    assert_true(err[2] < 0.5 * err[1]);
    assert_true(err[2] < 0.05);
}

/* The causal ref (token-by-token prefix sums) at m = 4096 is as close to causal
 * dense attention as the non-causal one is to its dense: catches any
 * off-by-one in what a query sees (its own key must be in). */
static void test_causal_approaches_dense(void **state) {
    (void)state;
    struct attn_shape s = shape(1, 64, 64, 2, 1, 8, true);
    double err = 0;
    const int seeds = 3;
    for (int sd = 0; sd < seeds; sd++) {
        struct inputs x;
        make_inputs(&s, 70 + sd, 0.5f, &x);
        const int64_t nq = attn_numel_q(&s);
        double *od = malloc((size_t)nq * sizeof *od), *dense = malloc((size_t)nq * sizeof *dense);
        assert_int_equal(dense_ref_rows(&s, x.q, x.k, x.v, dense, NULL, 0), ATTN_OK);
        struct attn_params p;
        attn_params_defaults(&p);
        p.pf_features = 4096;
        p.seed = 2000 + sd;
        run_impl(&attn_performer_ref, &s, &p, x.q, x.k, x.v, od, NULL, 0);
        err += tu_rel_l2_f64(od, dense, (size_t)nq) / seeds;
        free(od);
        free(dense);
        free_inputs(&x);
    }
    print_message("causal, m=4096: rel L2 vs causal dense %.4f\n", err);
    assert_true(err < 0.05);
}

static void test_features(void **state) {
    (void)state;
    const int64_t d = 16, m = 4096;
    double *w = malloc((size_t)(m * d) * sizeof *w), *w2 = malloc((size_t)(m * d) * sizeof *w2);
    performer_features(d, m, 5, 0, w);
    /* rows of a block are orthogonal (to float rounding) */
    double worst = 0, chi2 = 0;
    for (int64_t b0 = 0; b0 < m; b0 += d)
        for (int64_t i = b0; i < b0 + d; i++) {
            double ni = 0;
            for (int64_t c = 0; c < d; c++)
                ni += w[i * d + c] * w[i * d + c];
            chi2 += ni * sqrt((double)d) / (double)m; /* undo d^(-1/4): |w|^2 ~ chi2_d */
            for (int64_t j = b0; j < i; j++) {
                double dot = 0, nj = 0;
                for (int64_t c = 0; c < d; c++) {
                    dot += w[i * d + c] * w[j * d + c];
                    nj += w[j * d + c] * w[j * d + c];
                }
                worst = fmax(worst, fabs(dot) / sqrt(ni * nj));
            }
        }
    print_message("max |cos| within blocks %.2e, mean |w|^2 sqrt(d) %.3f (expect %lld)\n", worst,
                  chi2, (long long)d);
    assert_true(worst < 1e-6);
    /* chi2_16 has sd sqrt(32); over 4096 rows the mean has sd 0.09 */
    assert_close(chi2, (double)d, 0.5, 0);
    /* values are floats; same seed and head give the same matrix; heads and seeds differ */
    for (int64_t i = 0; i < m * d; i++)
        assert_true(w[i] == (double)(float)w[i]);
    performer_features(d, m, 5, 0, w2);
    assert_memory_equal(w, w2, (size_t)(m * d) * sizeof *w);
    performer_features(d, m, 5, 1, w2);
    assert_true(memcmp(w, w2, (size_t)(m * d) * sizeof *w) != 0);
    performer_features(d, m, 6, 0, w2);
    assert_true(memcmp(w, w2, (size_t)(m * d) * sizeof *w) != 0);
    free(w);
    free(w2);
}

static void test_supports_and_defaults(void **state) {
    (void)state;
    struct attn_shape s = shape(1, 128, 128, 4, 1, 64, true);
    struct attn_params p;
    attn_params_defaults(&p);
    p.pf_features = 0;
    assert_int_equal(performer_num_features(&s, &p), 266); /* round(64 ln 64) */
    s.head_dim = 128;
    assert_int_equal(performer_num_features(&s, &p), 621);
    const char *why = NULL;
    assert_true(attn_performer_cpu.supports(&s, &p, &why));
    p.pf_chunk = PERFORMER_MAX_CHUNK + 1;
    assert_false(attn_performer_cpu.supports(&s, &p, &why));
    assert_non_null(why);
    p.pf_chunk = 64;
    s.heads_kv = 3; /* 4 % 3 != 0 */
    assert_false(attn_performer_ref.supports(&s, &p, &why));
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_cpu_matches_ref),         cmocka_unit_test(test_ref_rows_subset),
        cmocka_unit_test(test_chunk_invariance),        cmocka_unit_test(test_approaches_dense),
        cmocka_unit_test(test_causal_approaches_dense), cmocka_unit_test(test_features),
        cmocka_unit_test(test_supports_and_defaults),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
