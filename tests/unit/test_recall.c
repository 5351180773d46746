/* test_recall.c - selection-quality figures against the dense oracle (SPEC §5).
 *
 * Speed (not run here: 2 GiB of inputs): recall_measure at N = 2^20, Hq = 4,
 * Hkv = 1, d = 64, Bk = 64, causal, 256 sampled rows, 2 threads on this
 * shared 2-core AMD EPYC VM (load ~7): 8.2 s (2^16: 0.58 s). */
#include "testutil.h"

#include "common/dense_ref.h"
#include "data.h"
#include "recall.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

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

static struct attn_params params(int32_t bk) {
    struct attn_params p;
    attn_params_defaults(&p);
    p.block_size = bk;
    return p;
}

/* ---- a tiny case with known P ------------------------------------------------ */

/* N = 8, Bk = 2, d = 2, one head.  q = (sqrt 2, 0), k_j = (ln w_j, 0): the
 * logit of key j is ln w_j, so p_j = w_j / sum w.  The inputs are float, so the
 * figures match these fractions to ~1e-7 (the oracle itself is checked to
 * 1e-12 against plain loops below). */
#define TINY_TOL 1e-6
static const double W[8] = {1, 1, 4, 4, 2, 2, 0.5, 0.5};

static void tiny_inputs(float *q, float *k, float *v, const double *w) {
    for (int t = 0; t < 8; t++) {
        q[2 * t] = (float)sqrt(2.0), q[2 * t + 1] = 0;
        k[2 * t] = (float)log(w[t]), k[2 * t + 1] = 0;
        v[2 * t] = (float)t, v[2 * t + 1] = (float)(t * t);
    }
}

static struct recall_stats tiny(const struct attn_shape *s, const double *w, const int32_t *selrow,
                                int32_t nsel, const int64_t *rows, int64_t n_rows) {
    float q[16], k[16], v[16];
    tiny_inputs(q, k, v, w);
    const struct attn_params p = params(2);
    int32_t sel[8 * 4];
    for (int t = 0; t < 8 && selrow; t++)
        memcpy(sel + t * nsel, selrow, (size_t)nsel * sizeof *sel);
    struct recall_stats rs;
    assert_int_equal(
        recall_measure(s, &p, q, k, v, selrow ? sel : NULL, nsel, NULL, rows, n_rows, &rs),
        ATTN_OK);
    return rs;
}

static void test_hand_built(void **state) {
    (void)state;
    const struct attn_shape s = shape(1, 8, 8, 1, 1, 2, false);
    const int64_t rows[2] = {5, 0};
    /* P = [2, 8, 4, 1] / 15 for every row; k = 2: I* = {1, 2}, P(I*) = 12/15 */
    struct recall_stats rs = tiny(&s, W, (int32_t[]){2, 1}, 2, rows, 2);
    assert_int_equal(rs.rows, 2);
    assert_close(rs.block_recall, 1, TINY_TOL, 0);
    assert_close(rs.score_recall, 1, TINY_TOL, 0);
    assert_close(rs.mass_coverage, 12.0 / 15, TINY_TOL, 0);
    assert_true(isnan(rs.out_rel_err)); /* no output given */
    rs = tiny(&s, W, (int32_t[]){2, 0}, 2, rows, 2);
    assert_close(rs.block_recall, 0.5, TINY_TOL, 0);
    assert_close(rs.score_recall, 4.0 / 12, TINY_TOL, 0);
    assert_close(rs.mass_coverage, 6.0 / 15, TINY_TOL, 0);
    /* one valid entry: k_row = 1, I* = {1}; picking block 3 gets nothing */
    rs = tiny(&s, W, (int32_t[]){-1, 3}, 2, rows, 2);
    assert_close(rs.block_recall, 0, TINY_TOL, 0);
    assert_close(rs.score_recall, 0, TINY_TOL, 0);
    assert_close(rs.mass_coverage, 1.0 / 15, TINY_TOL, 0);
    /* duplicates count once */
    rs = tiny(&s, W, (int32_t[]){1, 1, 1, -1}, 4, rows, 2);
    assert_close(rs.block_recall, 1, TINY_TOL, 0);
    assert_close(rs.mass_coverage, 8.0 / 15, TINY_TOL, 0);
    /* all blocks tied: I* of 2 = {0, 1} (smaller ids win) */
    const double flat[8] = {1, 1, 1, 1, 1, 1, 1, 1};
    rs = tiny(&s, flat, (int32_t[]){3, 0}, 2, rows, 2);
    assert_close(rs.block_recall, 0.5, TINY_TOL, 0);
    assert_close(rs.mass_coverage, 0.5, TINY_TOL, 0);
    /* no selection: block figures NaN */
    rs = tiny(&s, W, NULL, 2, rows, 2);
    assert_true(isnan(rs.block_recall) && isnan(rs.score_recall) && isnan(rs.mass_coverage));

    /* causal, row 4 sees keys 0..4: block masses 2, 8, 2 (block 2 cut at key 4),
     * P = [1/6, 2/3, 1/6]; I* of 2 = {1, 0} (tie with 2 goes to 0) */
    const struct attn_shape c = shape(1, 8, 8, 1, 1, 2, true);
    rs = tiny(&c, W, (int32_t[]){1, 2}, 2, (int64_t[]){4}, 1);
    assert_close(rs.block_recall, 0.5, TINY_TOL, 0);
    assert_close(rs.score_recall, (2.0 / 3) / (5.0 / 6), TINY_TOL, 0);
    assert_close(rs.mass_coverage, 5.0 / 6, TINY_TOL, 0);
    /* row 1 sees one block only: |I*| = min(k_row, visible) = 1; a selected
     * block it cannot see holds no mass */
    rs = tiny(&c, W, (int32_t[]){0, 3}, 2, (int64_t[]){1}, 1);
    assert_close(rs.block_recall, 1, TINY_TOL, 0);
    assert_close(rs.mass_coverage, 1, TINY_TOL, 0);
}

static void test_errors(void **state) {
    (void)state;
    const struct attn_shape s = shape(1, 8, 8, 1, 1, 2, false);
    float q[16], k[16], v[16];
    tiny_inputs(q, k, v, W);
    struct attn_params p = params(2);
    int32_t sel[16];
    for (int i = 0; i < 16; i++)
        sel[i] = 0;
    sel[5 * 2 + 1] = 4; /* nb = 4: id 4 is out of range */
    struct recall_stats rs;
    assert_int_equal(recall_measure(&s, &p, q, k, v, sel, 2, NULL, (int64_t[]){5}, 1, &rs),
                     ATTN_ERR_INVALID);
    assert_non_null(strstr(attn_last_error(), "block id 4"));
    sel[5 * 2 + 1] = 1;
    assert_int_equal(recall_measure(&s, &p, q, k, v, sel, 2, NULL, (int64_t[]){8}, 1, &rs),
                     ATTN_ERR_INVALID);
    p.block_size = 0;
    assert_int_equal(recall_measure(&s, &p, q, k, v, sel, 2, NULL, (int64_t[]){1}, 1, &rs),
                     ATTN_ERR_INVALID);
}

/* ---- the oracle against independent plain loops ------------------------------- */

struct oracle_case {
    int64_t B, N, T, Hq, Hkv, d;
    bool causal;
    int32_t bk;
    float scale;
};

/* P_r(i, b) by plain loops: softmax per head, block sums, mean over the group. */
static void plain_P(const struct attn_shape *s, const float *q, const float *k, int64_t bb,
                    int64_t r, int64_t t, int32_t bk, double *P) {
    const int64_t N = s->seq_len, G = attn_group(s), d = s->head_dim;
    const int64_t nvis = s->causal ? attn_qpos(s, t) + 1 : N, nb = attn_nblocks(N, bk);
    double *sc = malloc((size_t)N * sizeof *sc);
    for (int64_t b = 0; b < nb; b++)
        P[b] = 0;
    for (int64_t g = 0; g < G; g++) {
        const int64_t h = r * G + g;
        double mx = -INFINITY, sum = 0;
        for (int64_t j = 0; j < nvis; j++) {
            double a = 0;
            for (int64_t c = 0; c < d; c++)
                a += (double)q[((bb * s->q_len + t) * s->heads_q + h) * d + c] *
                     k[((bb * N + j) * s->heads_kv + r) * d + c];
            sc[j] = a / sqrt((double)d);
            mx = fmax(mx, sc[j]);
        }
        for (int64_t j = 0; j < nvis; j++)
            sum += (sc[j] = exp(sc[j] - mx));
        for (int64_t j = 0; j < nvis; j++)
            P[j / bk] += sc[j] / sum / (double)G;
    }
    free(sc);
}

static void test_oracle_against_loops(void **state) {
    (void)state;
    const struct oracle_case cases[] = {
        {2, 77, 77, 4, 1, 16, true, 16, 1.0f},  {1, 100, 100, 16, 1, 8, false, 32, 1.0f},
        {1, 130, 130, 4, 4, 24, true, 8, 1.0f}, {2, 90, 5, 8, 2, 16, true, 16, 1.0f}, /* decode */
        {1, 97, 97, 4, 2, 16, true, 16, 4.0f}, /* logits to about +-50 */
    };
    for (size_t ci = 0; ci < sizeof cases / sizeof cases[0]; ci++) {
        const struct oracle_case *oc = &cases[ci];
        const struct attn_shape s = shape(oc->B, oc->N, oc->T, oc->Hq, oc->Hkv, oc->d, oc->causal);
        const struct attn_params p = params(oc->bk);
        struct data_spec sp = {.kind = DATA_NORMAL, .seed = 31 + ci};
        struct attn_inputs in;
        assert_int_equal(data_make(&sp, &s, &in), ATTN_OK);
        const int64_t nq = attn_numel_q(&s), nkv = attn_numel_kv(&s),
                      nb = attn_nblocks(s.seq_len, oc->bk);
        double *qd = malloc((size_t)nq * 8), *kd = malloc((size_t)nkv * 8),
               *vd = malloc((size_t)nkv * 8);
        double *od = malloc((size_t)nq * 8);
        float *of = malloc((size_t)nq * 4);
        for (int64_t i = 0; i < nq; i++)
            qd[i] = in.q[i] *= oc->scale;
        for (int64_t i = 0; i < nkv; i++) {
            kd[i] = in.k[i] *= oc->scale;
            vd[i] = in.v[i];
        }
        assert_int_equal(dense_ref_rows(&s, qd, kd, vd, od, NULL, 0), ATTN_OK);
        for (int64_t i = 0; i < nq; i++)
            of[i] = (float)od[i];
        int64_t rows[64];
        const int64_t nr = recall_sample_rows(s.q_len, 40, 5 + ci, rows);
        /* selection: 3 seeded random distinct visible blocks (fewer when fewer are visible) */
        const int32_t ks = 3;
        int32_t *sel = malloc((size_t)(s.batch * s.heads_kv * s.q_len * ks) * sizeof *sel);
        double *P = malloc((size_t)nb * sizeof *P);
        double want_br = 0, want_sr = 0, want_mc = 0;
        uint64_t st = 99 + ci;
        for (int64_t bb = 0; bb < s.batch; bb++)
            for (int64_t r = 0; r < s.heads_kv; r++)
                for (int64_t x = 0; x < nr; x++) {
                    const int64_t t = rows[x];
                    const int64_t nvb =
                        attn_nblocks(s.causal ? attn_qpos(&s, t) + 1 : s.seq_len, oc->bk);
                    int32_t *row = sel + ((bb * s.heads_kv + r) * s.q_len + t) * ks;
                    int32_t n = 0;
                    while (n < ks && n < nvb) {
                        const int32_t id = (int32_t)(attn_rng_uniform(&st) * (double)nvb);
                        bool dup = false;
                        for (int32_t e = 0; e < n; e++)
                            dup |= row[e] == id;
                        if (!dup)
                            row[n++] = id;
                    }
                    for (int32_t e = n; e < ks; e++)
                        row[e] = -1;
                    plain_P(&s, in.q, in.k, bb, r, t, oc->bk, P);
                    /* I*: n best by P, ties to the smaller id */
                    int32_t star[3];
                    double in_star = 0, hit = 0, cover = 0;
                    int hits = 0;
                    for (int32_t e = 0; e < n; e++) {
                        int32_t best = -1;
                        for (int32_t b = 0; b < nvb; b++) {
                            bool used = false;
                            for (int32_t f = 0; f < e; f++)
                                used |= star[f] == b;
                            if (!used && (best < 0 || P[b] > P[best]))
                                best = b;
                        }
                        star[e] = best;
                        in_star += P[best];
                    }
                    for (int32_t e = 0; e < n; e++) {
                        cover += P[row[e]];
                        for (int32_t f = 0; f < n; f++)
                            if (star[f] == row[e])
                                hits++, hit += P[row[e]];
                    }
                    want_br += (double)hits / n;
                    want_sr += hit / in_star;
                    want_mc += cover;
                }
        const double cnt = (double)(s.batch * s.heads_kv * nr);
        struct recall_stats rs;
        assert_int_equal(recall_measure(&s, &p, in.q, in.k, in.v, sel, ks, of, rows, nr, &rs),
                         ATTN_OK);
        print_message("case %zu: rows %lld block %.4f score %.4f cover %.4f out_rel_err %.3e\n", ci,
                      (long long)rs.rows, rs.block_recall, rs.score_recall, rs.mass_coverage,
                      rs.out_rel_err);
        assert_int_equal(rs.rows, (int64_t)cnt);
        assert_close(rs.block_recall, want_br / cnt, 1e-12, 0);
        assert_close(rs.score_recall, want_sr / cnt, 1e-12, 0);
        assert_close(rs.mass_coverage, want_mc / cnt, 1e-12, 0);
        /* the float-rounded float64 dense output is within float rounding of the oracle */
        assert_true(rs.out_rel_err <= 0x1p-24);
        /* a 10% larger output is 10% off */
        for (int64_t i = 0; i < nq; i++)
            of[i] = (float)(od[i] * 1.1);
        assert_int_equal(recall_measure(&s, &p, in.q, in.k, in.v, NULL, 0, of, rows, nr, &rs),
                         ATTN_OK);
        assert_close(rs.out_rel_err, 0.1, 1e-6, 0);
        assert_true(isnan(rs.block_recall));
        /* NaN in the output is never hidden */
        of[((0 * s.q_len + rows[nr - 1]) * s.heads_q + 0) * s.head_dim] = NAN;
        assert_int_equal(recall_measure(&s, &p, in.q, in.k, in.v, NULL, 0, of, rows, nr, &rs),
                         ATTN_OK);
        assert_true(isnan(rs.out_rel_err));
        free(qd), free(kd), free(vd), free(od), free(of), free(sel), free(P);
        data_free(&in);
    }
}

/* ---- sampling, threads ------------------------------------------------------- */

static void test_sample_rows(void **state) {
    (void)state;
    int64_t a[256], b[256], c[256];
    assert_int_equal(recall_sample_rows(100000, 256, 7, a), 256);
    assert_int_equal(recall_sample_rows(100000, 256, 7, b), 256);
    assert_int_equal(recall_sample_rows(100000, 256, 8, c), 256);
    assert_memory_equal(a, b, sizeof a);
    assert_true(memcmp(a, c, sizeof a) != 0);
    double mean = 0;
    for (int i = 0; i < 256; i++) {
        assert_true(a[i] >= 0 && a[i] < 100000);
        if (i)
            assert_true(a[i] > a[i - 1]); /* sorted, distinct */
        mean += (double)a[i] / 256;
    }
    /* uniform mean 50000, sd of the mean 100000/sqrt(12*256) = 1804 */
    assert_close(mean, 50000, 9000, 0);
    assert_int_equal(recall_sample_rows(10, 256, 7, a), 10);
    for (int i = 0; i < 10; i++)
        assert_int_equal(a[i], i);
    assert_int_equal(recall_sample_rows(10, 10, 7, a), 10);
    assert_int_equal(recall_sample_rows(10, 9, 7, a), 9);
    assert_int_equal(recall_sample_rows(0, 9, 7, a), 0);
}

static void test_thread_count_independent(void **state) {
    (void)state;
    const struct attn_shape s = shape(1, 300, 300, 4, 2, 16, true);
    const struct attn_params p = params(16);
    struct data_spec sp = {.kind = DATA_STRUCTURED, .seed = 2, .index_noise = 1};
    struct attn_inputs in;
    assert_int_equal(data_make(&sp, &s, &in), ATTN_OK);
    int32_t *sel = malloc((size_t)(2 * 300 * 4) * sizeof *sel);
    for (int64_t i = 0; i < 2 * 300 * 4; i++)
        sel[i] = (int32_t)((i * 7) % 19) - 1;
    int64_t rows[100];
    const int64_t nr = recall_sample_rows(300, 100, 1, rows);
    struct recall_stats a, b;
    setenv("MSABENCH_THREADS", "1", 1);
    assert_int_equal(recall_measure(&s, &p, in.q, in.k, in.v, sel, 4, in.q, rows, nr, &a), ATTN_OK);
    setenv("MSABENCH_THREADS", "3", 1);
    assert_int_equal(recall_measure(&s, &p, in.q, in.k, in.v, sel, 4, in.q, rows, nr, &b), ATTN_OK);
    unsetenv("MSABENCH_THREADS");
    assert_memory_equal(&a, &b, sizeof a);
    free(sel);
    data_free(&in);
}

/* ---- recall on the generated inputs, with a simple selector -------------------- */

/* MSA-like selection from the index inputs for the given rows: rank visible
 * blocks by the max index score over their visible tokens, keep the best k
 * (force_local: the local block plus the best k-1 others). */
static void simple_select(const struct attn_shape *s, const struct attn_inputs *in, int32_t bk,
                          int32_t k, bool force_local, const int64_t *rows, int64_t nr,
                          int32_t *sel) {
    const int64_t N = s->seq_len, T = s->q_len, Hkv = s->heads_kv, di = s->index_dim;
    const int64_t nb = attn_nblocks(N, bk);
    double *M = malloc((size_t)nb * sizeof *M);
    for (int64_t bb = 0; bb < s->batch; bb++)
        for (int64_t r = 0; r < Hkv; r++)
            for (int64_t x = 0; x < nr; x++) {
                const int64_t t = rows[x], pos = attn_qpos(s, t);
                const int64_t nvis = s->causal ? pos + 1 : N, nvb = attn_nblocks(nvis, bk);
                const float *qi = in->qidx + ((bb * T + t) * Hkv + r) * di;
                for (int64_t b = 0; b < nvb; b++) {
                    M[b] = -INFINITY;
                    for (int64_t j = b * bk; j < (b + 1) * bk && j < nvis; j++) {
                        double a = 0;
                        for (int64_t c = 0; c < di; c++)
                            a += (double)qi[c] * in->kidx[(bb * N + j) * di + c];
                        M[b] = fmax(M[b], a);
                    }
                }
                int32_t *row = sel + ((bb * Hkv + r) * T + t) * k, n = 0;
                const int64_t loc = pos / bk;
                if (force_local)
                    M[loc] = -INFINITY;
                while (n < k - (force_local ? 1 : 0)) {
                    int64_t best = -1;
                    for (int64_t b = 0; b < nvb; b++)
                        if (M[b] > -INFINITY && (best < 0 || M[b] > M[best]))
                            best = b;
                    if (best < 0)
                        break;
                    row[n++] = (int32_t)best;
                    M[best] = -INFINITY;
                }
                if (force_local)
                    row[n++] = (int32_t)loc;
                while (n < k)
                    row[n++] = -1;
            }
    free(M);
}

/* Structured data: recall falls from near 1 toward chance as index_noise rises. */
static void test_structured_recall_falls(void **state) {
    (void)state;
    const struct attn_shape s = shape(1, 4096, 4096, 4, 2, 32, true);
    const int32_t bk = 64, k = 8;
    const struct attn_params p = params(bk);
    int64_t rows[256];
    const int64_t nr = recall_sample_rows(4096, 256, 3, rows);
    int32_t *sel = malloc((size_t)(2 * 4096 * k) * sizeof *sel);
    const double noise[] = {0, 0.5, 1, 2, 4, 8};
    double br[6], sr[6];
    for (int i = 0; i < 6; i++) {
        struct data_spec sp = {.kind = DATA_STRUCTURED, .seed = 12, .index_noise = noise[i]};
        struct attn_inputs in;
        assert_int_equal(data_make(&sp, &s, &in), ATTN_OK);
        simple_select(&s, &in, bk, k, true, rows, nr, sel);
        struct recall_stats rs;
        assert_int_equal(recall_measure(&s, &p, in.q, in.k, in.v, sel, k, NULL, rows, nr, &rs),
                         ATTN_OK);
        br[i] = rs.block_recall, sr[i] = rs.score_recall;
        print_message("index_noise %4.1f: block recall %.3f score recall %.3f coverage %.3f\n",
                      noise[i], rs.block_recall, rs.score_recall, rs.mass_coverage);
        data_free(&in);
    }
    double chance = 0; /* local block forced: ~1/k of it is a sure hit at high noise */
    for (int64_t x = 0; x < nr; x++) {
        const double nvb = (double)(rows[x] / bk + 1);
        chance += (nvb <= k ? 1.0 : (1.0 + (k - 1) * (k - 1) / (nvb - 1)) / k) / (double)nr;
    }
    print_message("chance with the local block forced: %.3f\n", chance);
    assert_true(br[0] > 0.8 && sr[0] > 0.9); /* near 1 without noise */
    for (int i = 1; i < 6; i++) {            /* falls step by step (0.02 slack for sampling) */
        assert_true(br[i] <= br[i - 1] + 0.02);
        assert_true(sr[i] <= sr[i - 1] + 0.02);
    }
    assert_true(br[0] - br[3] > 0.2);    /* ... and clearly, */
    assert_close(br[5], chance, 0.1, 0); /* down to about chance */
    free(sel);
}

/* Normal data: the index is independent of Q/K, so recall is chance, k/nb.
 * Not causal and N a multiple of Bk: all 32 blocks are full and exchangeable,
 * so E[block recall] = k/nb = 0.25 exactly.  Per (row, group) the overlap of
 * two independent 8-subsets of 32 is hypergeometric, sd 1.08 blocks, so the
 * recall has sd 0.135; over 512 (row, group) pairs the mean has sd 0.006 if
 * they were independent.  They share keys (blocks whose keys have large norms
 * draw mass from every row), so allow 0.04 (~6.5 independent sd). */
static void test_normal_recall_is_chance(void **state) {
    (void)state;
    const struct attn_shape s = shape(1, 2048, 2048, 4, 2, 32, false);
    const int32_t bk = 64, k = 8;
    const struct attn_params p = params(bk);
    int64_t rows[256];
    const int64_t nr = recall_sample_rows(2048, 256, 4, rows);
    int32_t *sel = malloc((size_t)(2 * 2048 * k) * sizeof *sel);
    struct data_spec sp = {.kind = DATA_NORMAL, .seed = 13};
    struct attn_inputs in;
    assert_int_equal(data_make(&sp, &s, &in), ATTN_OK);
    simple_select(&s, &in, bk, k, false, rows, nr, sel);
    struct recall_stats rs;
    assert_int_equal(recall_measure(&s, &p, in.q, in.k, in.v, sel, k, NULL, rows, nr, &rs),
                     ATTN_OK);
    print_message("normal: block recall %.3f score recall %.3f coverage %.3f (chance %.3f)\n",
                  rs.block_recall, rs.score_recall, rs.mass_coverage, (double)k / 32);
    assert_int_equal(rs.rows, 2 * nr);
    assert_close(rs.block_recall, 0.25, 0.04, 0);
    assert_close(rs.mass_coverage, 0.25, 0.04, 0); /* blocks hold ~equal mass */
    free(sel);
    data_free(&in);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_hand_built),
        cmocka_unit_test(test_errors),
        cmocka_unit_test(test_oracle_against_loops),
        cmocka_unit_test(test_sample_rows),
        cmocka_unit_test(test_thread_count_independent),
        cmocka_unit_test(test_structured_recall_falls),
        cmocka_unit_test(test_normal_recall_is_chance),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
