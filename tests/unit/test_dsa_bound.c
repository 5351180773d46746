/* test_dsa_bound.c - the bounded DSA selection (baselines/dsa/dsa_bound.h) equals the
 * full one:
 *  - against attn_dsa_ref (the float64 oracle) on every row and group of a causal
 *    prefill whose index inputs lie on a coarse grid, so float scores are exact and
 *    ties and ReLU zeros are common: N 700 (not a multiple of any block), blocks of
 *    1, 16, 32 and 128, T 1 to 64, first and last rows included;
 *  - against a brute-force sort on random rows with NaNs, ties and zeros, where it
 *    also checks the guarantee (with a bound, at least T candidates) and that the
 *    candidates are exactly the tokens >= L, or at L = 0 the positive ones and the
 *    zeros the top T can hold.
 * Planted and caught: the bound tested as s > L (ties at L dropped), NaN tokens
 * taken as candidates, a block of NaNs counted as a block, T - 1 blocks taken as
 * enough, one zero too few at L = 0. */
#include "dsa/dsa.h"
#include "dsa/dsa_bound.h"
#include "testutil.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

static uint64_t rs = 0x5eed;
static uint32_t rnd(uint32_t n) {
    rs = rs * 6364136223846793005ULL + 1442695040888963407ULL;
    return (uint32_t)((rs >> 33) % n);
}

static int asc(const void *a, const void *b) {
    const int32_t x = *(const int32_t *)a, y = *(const int32_t *)b;
    return (x > y) - (x < y);
}

/* The ref's rule on float scores: non-NaN tokens by (score desc, id asc), first T, ascending. */
static void brute(const float *s, int64_t nvis, int32_t T, int32_t *sel) {
    int32_t *ids = malloc((size_t)nvis * sizeof *ids);
    assert_non_null(ids);
    int64_t n = 0;
    for (int64_t j = 0; j < nvis; j++)
        if (!isnan(s[j]))
            ids[n++] = (int32_t)j;
    for (int64_t i = 1; i < n; i++) { /* insertion sort: stable, ids already ascending */
        const int32_t x = ids[i];
        int64_t k = i;
        for (; k > 0 && s[ids[k - 1]] < s[x]; k--)
            ids[k] = ids[k - 1];
        ids[k] = x;
    }
    int32_t m = 0;
    for (; m < T && m < n; m++)
        sel[m] = ids[m];
    qsort(sel, (size_t)m, sizeof *sel, asc);
    while (m < T)
        sel[m++] = -1;
    free(ids);
}

/* The bounded path on one row; *bounded says whether step 1 found a bound. */
static void bounded(const float *s, int64_t nvis, int64_t bk, int32_t T, int32_t *sel,
                    bool *had_bound) {
    float *bmax = malloc((size_t)(nvis / bk + 2) * sizeof *bmax), L = 0;
    int32_t *cand = malloc((size_t)(nvis + 1) * sizeof *cand);
    uint64_t *key = malloc((size_t)(nvis + 1) * sizeof *key);
    assert_true(bmax && cand && key);
    int64_t n;
    *had_bound = dsa_bound_threshold(s, nvis, bk, T, bmax, &L);
    if (*had_bound) {
        n = dsa_bound_candidates(s, nvis, L, T, cand, nvis);
        if (n < T)
            fail_msg("bound %g: %lld candidates < T %d", (double)L, (long long)n, T);
        int64_t want = 0, pos = 0, zero = 0; /* the tokens >= L, NaN never; L = 0: the */
        for (int64_t j = 0; j < nvis; j++) { /* zeros only up to T - (the positives) */
            want += !isnan(s[j]) && s[j] >= L;
            pos += s[j] > 0;
            zero += s[j] == 0;
        }
        if (L == 0)
            want = pos + (pos < T ? (T - pos < zero ? T - pos : zero) : 0);
        if (n != want)
            fail_msg("bound %g: %lld candidates, %lld tokens >= it", (double)L, (long long)n,
                     (long long)want);
    } else {
        for (n = 0; n < nvis; n++)
            cand[n] = (int32_t)n;
    }
    dsa_bound_select(s, cand, n, T, key, sel);
    free(bmax);
    free(cand);
    free(key);
}

static void test_random_rows(void **state) {
    (void)state;
    const int64_t lens[] = {1, 127, 128, 129, 1000, 5000};
    const int64_t bks[] = {1, 16, 32, 128};
    const int32_t Ts[] = {1, 7, 64, 200};
    int64_t bounds = 0, cases = 0;
    for (size_t a = 0; a < sizeof lens / sizeof *lens; a++)
        for (size_t b = 0; b < sizeof bks / sizeof *bks; b++)
            for (size_t c = 0; c < sizeof Ts / sizeof *Ts; c++)
                for (int rep = 0; rep < 3; rep++) {
                    const int64_t n = lens[a];
                    const int32_t T = Ts[c];
                    float *s = malloc((size_t)n * sizeof *s);
                    int32_t *want = malloc((size_t)T * 4), *got = malloc((size_t)T * 4);
                    assert_true(s && want && got);
                    for (int64_t j = 0; j < n; j++) { /* 9 levels: ties, ~1/3 zeros, 2% NaN */
                        const int32_t v = (int32_t)rnd(13) - 4;
                        s[j] = rnd(50) == 0 ? NAN : (float)(v > 0 ? v : 0) * (rep ? 0.5f : 1.f);
                    }
                    if (rep == 2) /* one hot block: the bound from a single block's tokens */
                        for (int64_t j = n / 2; j < n / 2 + bks[b] && j < n; j++)
                            s[j] = 100.f + (float)rnd(3);
                    bool hb;
                    brute(s, n, T, want);
                    bounded(s, n, bks[b], T, got, &hb);
                    bounds += hb;
                    cases++;
                    if (memcmp(want, got, (size_t)T * 4) != 0)
                        fail_msg("n %lld bk %lld T %d rep %d: bounded selection differs",
                                 (long long)n, (long long)bks[b], T, rep);
                    free(s), free(want), free(got);
                }
    print_message("  %lld of %lld rows had a bound\n", (long long)bounds, (long long)cases);
    assert_true(bounds > cases / 4); /* the bounded path is what most rows took */
}

/* T - 1 blocks with scores and five of NaNs only: no bound (a NaN block vouches for no
 * token), and the full path's row. */
static void test_nan_blocks_give_no_bound(void **state) {
    (void)state;
    enum { NV = 128, BK = 16, T = 4 };
    float s[NV];
    for (int64_t j = 0; j < NV; j++)
        s[j] = j < 3 * BK ? (float)(j % 5) : NAN;
    int32_t want[T], got[T];
    bool hb;
    brute(s, NV, T, want);
    bounded(s, NV, BK, T, got, &hb);
    assert_false(hb);
    assert_memory_equal(want, got, sizeof want);
    s[3 * BK] = 1; /* a fourth block with one score: now a bound, L = 1 */
    brute(s, NV, T, want);
    bounded(s, NV, BK, T, got, &hb);
    assert_true(hb);
    assert_memory_equal(want, got, sizeof want);
}

/* Every row and group of a small causal prefill against attn_dsa_ref's selection. */
static void test_against_ref(void **state) {
    (void)state;
    enum { N = 700, HKV = 2, DI = 8, D = 8 };
    const struct attn_shape sh = {.batch = 1,
                                  .seq_len = N,
                                  .q_len = N,
                                  .heads_q = HKV,
                                  .heads_kv = HKV,
                                  .head_dim = D,
                                  .index_dim = DI,
                                  .mode = ATTN_PREFILL,
                                  .causal = true};
    const int32_t Ts[] = {1, 5, 64};
    const int64_t bks[] = {1, 16, 32, 128};
    double *q = malloc(N * HKV * D * 8), *k = malloc(N * HKV * D * 8), *v = malloc(N * HKV * D * 8);
    double *qi = malloc(N * HKV * DI * 8), *ki = malloc(N * DI * 8), *o = malloc(N * HKV * D * 8);
    float *s = malloc(N * sizeof *s);
    assert_true(q && k && v && qi && ki && o && s);
    for (int64_t i = 0; i < N * HKV * D; i++) {
        q[i] = (double)rnd(9) / 8 - 0.5;
        k[i] = (double)rnd(9) / 8 - 0.5;
        v[i] = (double)rnd(9) / 8 - 0.5;
    }
    for (int64_t i = 0; i < N * HKV * DI; i++) /* a coarse grid: exact float scores, ties */
        qi[i] = (double)((int32_t)rnd(5) - 2);
    for (int64_t i = 0; i < N * DI; i++)
        ki[i] = (double)((int32_t)rnd(3) - 1);
    for (size_t c = 0; c < sizeof Ts / sizeof *Ts; c++) {
        struct attn_params p;
        attn_params_defaults(&p);
        p.dsa_tokens = Ts[c];
        const struct attn_impl *ref = &attn_dsa_ref;
        const int32_t w = dsa_sel_width(&sh, &p);
        int32_t *sel = malloc((size_t)HKV * N * w * 4), *got = malloc((size_t)w * 4);
        void *ws = malloc(ref->workspace_size(&sh, &p)), *ctx = NULL;
        assert_true(sel && got && ws);
        if (ref->init(&ctx, &sh, &p, ws, NULL) != ATTN_OK)
            fail_msg("dsa ref init: %s", attn_last_error());
        const struct attn_io io = {
            .q = q, .k = k, .v = v, .qidx = qi, .kidx = ki, .o = o, .sel = sel};
        assert_int_equal(ref->run(ctx, &io), ATTN_OK);
        ref->free(ctx);
        for (size_t b = 0; b < sizeof bks / sizeof *bks; b++)
            for (int64_t r = 0; r < HKV; r++)
                for (int64_t t = 0; t < N; t++) {
                    for (int64_t j = 0; j <= t; j++) { /* exact: small integers */
                        double acc = 0;
                        for (int64_t x = 0; x < DI; x++)
                            acc += qi[(t * HKV + r) * DI + x] * ki[j * DI + x];
                        s[j] = (float)(acc > 0 ? acc : 0);
                    }
                    bool hb;
                    bounded(s, t + 1, bks[b], w, got, &hb);
                    if (memcmp(got, sel + (r * N + t) * w, (size_t)w * 4) != 0)
                        fail_msg("T %d bk %lld group %lld row %lld: differs from attn_dsa_ref",
                                 Ts[c], (long long)bks[b], (long long)r, (long long)t);
                }
        free(sel), free(got), free(ws);
    }
    free(q), free(k), free(v), free(qi), free(ki), free(o), free(s);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_random_rows),
        cmocka_unit_test(test_nan_blocks_give_no_bound),
        cmocka_unit_test(test_against_ref),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
