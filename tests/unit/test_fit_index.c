/* test_fit_index.c - the index-branch trainer (src/index_fit.c): its KL
 * gradient against central finite differences (full and sparse support, both
 * RoPE layouts), the training-free start against the group means it stands
 * for, KL = 0 when the index is the attention itself, and a falling loss. */
#include "testutil.h"

#include "alloc.h"
#include "data.h"
#include "index_fit.h"
#include "verbs.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static uint64_t rng_state;
static double urand(void) {
    uint64_t z = (rng_state += 0x9e3779b97f4a7c15ull);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
    return (double)((z ^ (z >> 31)) >> 11) / 9007199254740992.0;
}
static double nrand(void) {
    return sqrt(-2.0 * log(urand() + 1e-300)) * cos(6.283185307179586 * urand());
}

/* Post-RoPE-like inputs with some structure: a sink key, and per-group topics. */
static float *make(int64_t n, int64_t h, int64_t d, double scale) {
    float *x = attn_host_alloc((size_t)(n * h * d) * sizeof(float));
    for (int64_t i = 0; i < n * h * d; i++)
        x[i] = (float)(scale * nrand());
    return x;
}

/* Rows 0..n-1 with stride, distinct. */
static int64_t pick_rows(int64_t n, int64_t want, int64_t *rows) {
    int64_t c = 0;
    for (int64_t i = n - 1; i >= 0 && c < want; i -= 5)
        rows[c++] = i;
    return c;
}

static void check_gradient(int64_t n, int64_t hq, int64_t hkv, int64_t d, double theta, int halves,
                           int sparse, uint64_t seed) {
    rng_state = seed;
    float *q = make(n, hq, d, 1.2), *k = make(n, hkv, d, 1.2);
    struct ifit_config cfg = {
        .d_idx = d, .rope_theta = theta, .rope_halves = halves, .block_size = 8, .topk = 3};
    struct ifit_state st;
    assert_int_equal(ifit_init(&st, q, k, n, hq, hkv, d, &cfg), ATTN_OK);
    ifit_weights_random(&st, seed);
    int64_t rows[16];
    const int64_t nr = pick_rows(n, 16, rows);
    const int64_t nq = hkv * st.in_q * d, nkw = st.in_k * d;
    float *gq = attn_host_alloc((size_t)nq * sizeof(float));
    float *gk = attn_host_alloc((size_t)nkw * sizeof(float));
    double loss, lp, lm;
    assert_int_equal(ifit_loss_grad(&st, rows, nr, sparse, &loss, gq, gk), ATTN_OK);
    assert_true(isfinite(loss) && loss > 0);
    /* central differences on every parameter; float32 scores: eps 1e-2 on O(0.3) weights.
     * The sparse support is frozen at the base point (it is piecewise constant). */
    float *fq = attn_host_alloc((size_t)nq * sizeof(float));
    float *fk = attn_host_alloc((size_t)nkw * sizeof(float));
    memcpy(fq, st.wq, (size_t)nq * sizeof(float));
    memcpy(fk, st.wk, (size_t)nkw * sizeof(float));
    st.sel_wq = fq, st.sel_wk = fk;
    double l0;
    assert_int_equal(ifit_loss_grad(&st, rows, nr, sparse, &l0, NULL, NULL), ATTN_OK);
    assert_close(l0, loss, 0, 1e-12);
    const double eps = 1e-2;
    double num = 0, den = 0;
    for (int64_t i = 0; i < nq + nkw; i++) {
        float *w = i < nq ? &st.wq[i] : &st.wk[i - nq];
        const float g = i < nq ? gq[i] : gk[i - nq], w0 = *w;
        *w = (float)(w0 + eps);
        assert_int_equal(ifit_loss_grad(&st, rows, nr, sparse, &lp, NULL, NULL), ATTN_OK);
        *w = (float)(w0 - eps);
        assert_int_equal(ifit_loss_grad(&st, rows, nr, sparse, &lm, NULL, NULL), ATTN_OK);
        *w = w0;
        const double fd = (lp - lm) / (2 * eps);
        num += (fd - g) * (fd - g);
        den += fd * fd;
    }
    const double rel = sqrt(num / den);
    print_message("  grad vs FD: n=%lld hq=%lld hkv=%lld theta=%g halves=%d sparse=%d: rel L2 %.2e"
                  " (|g| %.2e)\n",
                  (long long)n, (long long)hq, (long long)hkv, theta, halves, sparse, rel,
                  sqrt(den));
    assert_true(den > 1e-8);
    assert_true(rel < 1e-3);
    attn_host_free(gq);
    attn_host_free(gk);
    attn_host_free(fq);
    attn_host_free(fk);
    ifit_free(&st);
    attn_host_free(q);
    attn_host_free(k);
}

static void test_gradient_full(void **state) {
    (void)state;
    check_gradient(70, 4, 2, 8, 10000.0, 0, 0, 11);
    check_gradient(53, 6, 3, 8, 500.0, 1, 0, 12);
    check_gradient(41, 4, 4, 6, 0.0, 0, 0, 13);
}

static void test_gradient_sparse(void **state) {
    (void)state;
    check_gradient(70, 4, 2, 8, 10000.0, 0, 1, 21);
    check_gradient(66, 8, 2, 8, 100.0, 1, 1, 22);
}

/* Training-free weights give Qidx = mean of the group's post-RoPE q heads and
 * Kidx = mean of the post-RoPE k heads (RoPE undone and redone exactly). */
static void test_free_is_group_mean(void **state) {
    (void)state;
    const int64_t n = 37, hq = 6, hkv = 2, d = 8, g = 3;
    rng_state = 5;
    float *q = make(n, hq, d, 1.0), *k = make(n, hkv, d, 1.0);
    for (int halves = 0; halves < 2; halves++) {
        struct ifit_config cfg = {
            .d_idx = d, .rope_theta = 10000.0, .rope_halves = halves, .block_size = 4, .topk = 2};
        struct ifit_state st;
        assert_int_equal(ifit_init(&st, q, k, n, hq, hkv, d, &cfg), ATTN_OK);
        assert_int_equal(ifit_weights_free(&st), ATTN_OK);
        float *qi = attn_host_alloc((size_t)(n * hkv * d) * sizeof(float));
        float *ki = attn_host_alloc((size_t)(n * d) * sizeof(float));
        assert_int_equal(ifit_project(&st, qi, ki), ATTN_OK);
        for (int64_t i = 0; i < n; i++)
            for (int64_t e = 0; e < d; e++) {
                for (int64_t r = 0; r < hkv; r++) {
                    double m = 0;
                    for (int64_t h = 0; h < g; h++)
                        m += q[(i * hq + r * g + h) * d + e] / (double)g;
                    assert_close(qi[(i * hkv + r) * d + e], m, 1e-5, 1e-5);
                }
                double m = 0;
                for (int64_t h = 0; h < hkv; h++)
                    m += k[(i * hkv + h) * d + e] / (double)hkv;
                assert_close(ki[i * d + e], m, 1e-5, 1e-5);
            }
        attn_host_free(qi);
        attn_host_free(ki);
        ifit_free(&st);
    }
    attn_host_free(q);
    attn_host_free(k);
}

/* One head per group (G = 1, Hkv = 1) and d_idx = d: the training-free index is
 * the attention itself, so KL = 0, the gradient vanishes and score recall is 1
 * when k covers every block. */
static void test_exact_index(void **state) {
    (void)state;
    const int64_t n = 45, d = 8;
    rng_state = 9;
    float *q = make(n, 1, d, 2.0), *k = make(n, 1, d, 2.0);
    struct ifit_config cfg = {.d_idx = d, .rope_theta = 1000.0, .block_size = 4, .topk = 12};
    struct ifit_state st;
    assert_int_equal(ifit_init(&st, q, k, n, 1, 1, d, &cfg), ATTN_OK);
    assert_int_equal(ifit_weights_free(&st), ATTN_OK);
    int64_t rows[45];
    for (int64_t i = 0; i < n; i++)
        rows[i] = i;
    float gq[64], gk[64];
    double loss;
    assert_int_equal(ifit_loss_grad(&st, rows, n, 0, &loss, gq, gk), ATTN_OK);
    assert_close(loss, 0.0, 1e-5, 0);
    for (int i = 0; i < 64; i++) {
        assert_close(gq[i], 0.0, 1e-5, 0);
        assert_close(gk[i], 0.0, 1e-5, 0);
    }
    struct ifit_eval ev;
    assert_int_equal(ifit_evaluate(&st, rows, n, &ev), ATTN_OK);
    assert_close(ev.kl, 0.0, 1e-5, 0);
    assert_close(ev.block_recall, 1.0, 1e-12, 0);
    assert_close(ev.mass_coverage, 1.0, 1e-5, 0);
    ifit_free(&st);
    attn_host_free(q);
    attn_host_free(k);
}

/* Adam from the training-free start lowers the training loss, in the full
 * warmup and then in the sparse phase; held-out figures stay finite
 * (generalization is measured on real data by `msabench fit-index`). */
static void test_loss_falls(void **state) {
    (void)state;
    const int64_t n = 256, hq = 8, hkv = 2, d = 16;
    rng_state = 77;
    float *q = make(n, hq, d, 1.0), *k = make(n, hkv, d, 1.0);
    /* planted structure: every query head of group r looks up one key of its KV head */
    for (int64_t i = 0; i < n; i++)
        for (int64_t h = 0; h < hq; h++)
            for (int64_t e = 0; e < d; e++)
                q[(i * hq + h) * d + e] += (float)(3.0 * k[(((i * 7) % n) * hkv + h / 4) * d + e]);
    struct ifit_config cfg = {.d_idx = d, .rope_theta = 0, .block_size = 16, .topk = 4};
    struct ifit_state st;
    assert_int_equal(ifit_init(&st, q, k, n, hq, hkv, d, &cfg), ATTN_OK);
    assert_int_equal(ifit_weights_free(&st), ATTN_OK);
    int64_t train[128], held[64];
    int64_t nt = 0, nh = 0;
    for (int64_t i = 0; i < n; i++) {
        if (i % 4 == 1 && nh < 64)
            held[nh++] = i;
        else if (i % 2 == 0 && nt < 128)
            train[nt++] = i;
    }
    const int64_t nq = hkv * st.in_q * d, nkw = st.in_k * d;
    float *gq = attn_host_alloc((size_t)nq * sizeof(float));
    float *gk = attn_host_alloc((size_t)nkw * sizeof(float));
    struct ifit_adam aq, ak;
    assert_int_equal(ifit_adam_init(&aq, nq, 3e-3), ATTN_OK);
    assert_int_equal(ifit_adam_init(&ak, nkw, 3e-3), ATTN_OK);
    struct ifit_eval e0, e1;
    assert_int_equal(ifit_evaluate(&st, held, nh, &e0), ATTN_OK);
    double first = 0, last = 0, sp_first = 0, sp_last = 0;
    for (int step = 0; step < 45; step++) {
        double loss;
        assert_int_equal(ifit_loss_grad(&st, train, nt, step >= 30, &loss, gq, gk), ATTN_OK);
        assert_true(isfinite(loss));
        if (step == 0)
            first = loss;
        if (step == 29)
            last = loss;
        if (step == 30)
            sp_first = loss;
        if (step == 44)
            sp_last = loss;
        ifit_adam_step(&aq, st.wq, gq);
        ifit_adam_step(&ak, st.wk, gk);
    }
    assert_int_equal(ifit_evaluate(&st, held, nh, &e1), ATTN_OK);
    print_message("  train KL %.4f -> %.4f, sparse phase %.4f -> %.4f; held-out KL %.4f -> %.4f,"
                  " block recall %.3f -> %.3f\n",
                  first, last, sp_first, sp_last, e0.kl, e1.kl, e0.block_recall, e1.block_recall);
    assert_true(last < 0.8 * first);
    assert_true(sp_last < sp_first);
    assert_true(isfinite(e1.kl) && e1.block_recall >= 0 && e1.block_recall <= 1);
    ifit_adam_free(&aq);
    ifit_adam_free(&ak);
    attn_host_free(gq);
    attn_host_free(gk);
    ifit_free(&st);
    attn_host_free(q);
    attn_host_free(k);
}

/* On the committed real capture (SmolLM2-135M layer 14, first 256 tokens):
 * directional derivatives of the KL along seeded random directions match
 * central differences, in both phases, and a few Adam steps lower the loss. */
static void test_real_capture(void **state) {
    (void)state;
    struct npy_array aq = {0}, ak = {0};
    assert_int_equal(npy_load(tu_src_path("tests/data/real/L14_q.npy"), 0, &aq), ATTN_OK);
    assert_int_equal(npy_load(tu_src_path("tests/data/real/L14_k.npy"), 0, &ak), ATTN_OK);
    assert_int_equal(aq.ndim, 3);
    const int64_t n = 256, hq = aq.dims[1], hkv = ak.dims[1], d = aq.dims[2];
    assert_int_equal(hq, 9);
    assert_int_equal(hkv, 3);
    struct ifit_config cfg = {.d_idx = d, .rope_theta = 100000.0, .block_size = 16, .topk = 4};
    struct ifit_state st;
    assert_int_equal(ifit_init(&st, aq.data, ak.data, n, hq, hkv, d, &cfg), ATTN_OK);
    assert_int_equal(ifit_weights_free(&st), ATTN_OK);
    int64_t rows[48];
    for (int64_t t = 0; t < 48; t++)
        rows[t] = n - 1 - 5 * t;
    const int64_t nq = hkv * st.in_q * d, nkw = st.in_k * d, np = nq + nkw;
    float *g = attn_host_alloc((size_t)np * sizeof(float));
    float *w0 = attn_host_alloc((size_t)np * sizeof(float));
    double *u = attn_host_alloc((size_t)np * sizeof(double));
    memcpy(w0, st.wq, (size_t)nq * sizeof(float));
    memcpy(w0 + nq, st.wk, (size_t)nkw * sizeof(float));
    st.sel_wq = w0, st.sel_wk = w0 + nq; /* sparse support frozen at the start */
    rng_state = 31;
    for (int sparse = 0; sparse < 2; sparse++) {
        double loss;
        assert_int_equal(ifit_loss_grad(&st, rows, 48, sparse, &loss, g, g + nq), ATTN_OK);
        for (int dir = 0; dir < 4; dir++) {
            double gu = 0, un = 0;
            for (int64_t i = 0; i < np; i++) {
                u[i] = nrand();
                un += u[i] * u[i];
            }
            for (int64_t i = 0; i < np; i++) {
                u[i] /= sqrt(un);
                gu += u[i] * g[i];
            }
            double l[2];
            for (int sgn = 0; sgn < 2; sgn++) {
                const double e = sgn ? -1e-2 : 1e-2;
                for (int64_t i = 0; i < np; i++) {
                    const float x = (float)(w0[i] + e * u[i]);
                    *(i < nq ? &st.wq[i] : &st.wk[i - nq]) = x;
                }
                assert_int_equal(ifit_loss_grad(&st, rows, 48, sparse, &l[sgn], NULL, NULL),
                                 ATTN_OK);
            }
            memcpy(st.wq, w0, (size_t)nq * sizeof(float));
            memcpy(st.wk, w0 + nq, (size_t)nkw * sizeof(float));
            const double fd = (l[0] - l[1]) / 2e-2;
            print_message("  real L14 %s: loss %.4f, along u: grad %.6f, FD %.6f\n",
                          sparse ? "sparse" : "full", loss, gu, fd);
            assert_close(gu, fd, 1e-4, 2e-3);
        }
    }
    st.sel_wq = st.sel_wk = NULL;
    struct ifit_adam aq2, ak2;
    assert_int_equal(ifit_adam_init(&aq2, nq, 3e-3), ATTN_OK);
    assert_int_equal(ifit_adam_init(&ak2, nkw, 3e-3), ATTN_OK);
    double first = 0, last = 0;
    for (int step = 0; step < 8; step++) {
        double loss;
        assert_int_equal(ifit_loss_grad(&st, rows, 48, 0, &loss, g, g + nq), ATTN_OK);
        if (step == 0)
            first = loss;
        last = loss;
        ifit_adam_step(&aq2, st.wq, g);
        ifit_adam_step(&ak2, st.wk, g + nq);
    }
    print_message("  real L14: KL %.4f -> %.4f in 8 steps\n", first, last);
    assert_true(last < 0.7 * first);
    ifit_adam_free(&aq2);
    ifit_adam_free(&ak2);
    attn_host_free(g);
    attn_host_free(w0);
    attn_host_free(u);
    ifit_free(&st);
    npy_free(&aq);
    npy_free(&ak);
}

/* The verb end to end on the committed excerpt: a short run writes the
 * matrices, the index inputs in the `file` layout, and a report; bad usage is 2. */
static void test_verb(void **state) {
    (void)state;
    char dir[] = "/tmp/msabench_fit_XXXXXX", prefix[600], path[700];
    assert_non_null(mkdtemp(dir));
    snprintf(prefix, sizeof prefix, "%s", tu_src_path("tests/data/real/L14_"));
    char *argv[] = {"fit-index", "--layer",
                    prefix,      "--rope-theta",
                    "100000",    "--steps",
                    "6",         "--warmup",
                    "3",         "--rows",
                    "64",        "--eval-rows",
                    "48",        "--eval-every",
                    "3",         "--block-size",
                    "32",        "--topk",
                    "8",         "--out",
                    dir,         NULL};
    assert_int_equal(fit_index_main(21, argv), 0);
    const char *names[] = {"wq", "wk", "qidx", "kidx"};
    const int64_t want[4][3] = {{3, 192, 64}, {192, 64, 0}, {2048, 3, 64}, {2048, 1, 64}};
    for (int i = 0; i < 4; i++) {
        struct npy_array a = {0};
        snprintf(path, sizeof path, "%s/%s.npy", dir, names[i]);
        assert_int_equal(npy_load(path, 0, &a), ATTN_OK);
        assert_int_equal(a.ndim, i == 1 ? 2 : 3);
        for (int k = 0; k < a.ndim; k++)
            assert_int_equal(a.dims[k], want[i][k]);
        npy_free(&a);
        unlink(path);
    }
    const char *other[] = {"report.json", "curve.csv"};
    for (int i = 0; i < 2; i++) {
        snprintf(path, sizeof path, "%s/%s", dir, other[i]);
        FILE *f = fopen(path, "r");
        assert_non_null(f);
        fclose(f);
        unlink(path);
    }
    rmdir(dir);
    char *bad1[] = {"fit-index", "--steps", "3", NULL};
    assert_int_equal(fit_index_main(3, bad1), 2);
    char *bad2[] = {"fit-index", "--layer", prefix, "--lr", "x", NULL};
    assert_int_equal(fit_index_main(5, bad2), 2);
}

static void test_rejects_bad_input(void **state) {
    (void)state;
    float q[64] = {0}, k[64] = {0};
    struct ifit_config cfg = {.d_idx = 8, .block_size = 4, .topk = 2};
    struct ifit_state st;
    assert_int_equal(ifit_init(&st, q, k, 4, 3, 2, 8, &cfg), ATTN_ERR_INVALID); /* 3 % 2 */
    assert_int_equal(ifit_init(&st, q, k, 4, 2, 2, 8, &cfg), ATTN_OK);
    int64_t bad[1] = {4};
    double loss;
    assert_int_equal(ifit_loss_grad(&st, bad, 1, 0, &loss, NULL, NULL), ATTN_ERR_INVALID);
    ifit_free(&st);
    cfg.d_idx = 4;
    assert_int_equal(ifit_init(&st, q, k, 4, 2, 2, 8, &cfg), ATTN_OK);
    assert_int_equal(ifit_weights_free(&st), ATTN_ERR_INVALID); /* needs d_idx == d */
    ifit_free(&st);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_gradient_full),
        cmocka_unit_test(test_gradient_sparse),
        cmocka_unit_test(test_free_is_group_mean),
        cmocka_unit_test(test_exact_index),
        cmocka_unit_test(test_loss_falls),
        cmocka_unit_test(test_real_capture),
        cmocka_unit_test(test_verb),
        cmocka_unit_test(test_rejects_bad_input),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
