/* test_recall_layout.c - recall_measure_layout (src/recall.c) for every
 * selection layout of method.h, against figures computed here by brute force
 * from dense float64 softmax probabilities (SPEC §5, §5.1):
 *   - HEAD_BLOCKS: each query head's own selection row against its own P_h
 *     (heads of one group select differently here, so a wrong head row fails);
 *   - GROUP_TOKENS: block figures over the blocks the tokens touch, mass of
 *     the tokens themselves (duplicates and -1 padding counted once / not);
 *   - GROUP_BLOCKS: as recall_measure;
 *   - an exact oracle (every visible block / token selected): recall 1, mass 1;
 *   - a token id past N is refused. */
#include "testutil.h"

#include "recall.h"
#include "sel_layout.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#define TOL 1e-9

static uint64_t rng(uint64_t *x) {
    uint64_t z = (*x += 0x9E3779B97F4A7C15ull);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
}

static float unif(uint64_t *x) { /* [-2, 2) */
    return (float)((double)(rng(x) >> 40) / (double)(1u << 22) - 2.0);
}

struct fix {
    struct attn_shape s;
    struct attn_params p;
    float *q, *k, *v;
};

static void fix_make(struct fix *f, int64_t N, int64_t T, bool causal, uint64_t seed) {
    f->s = (struct attn_shape){.batch = 2,
                               .seq_len = N,
                               .q_len = T,
                               .heads_q = 4,
                               .heads_kv = 2,
                               .head_dim = 8,
                               .index_dim = 8,
                               .mode = T == N ? ATTN_PREFILL : ATTN_DECODE,
                               .causal = causal};
    attn_params_defaults(&f->p);
    f->p.block_size = 8;
    const size_t nq = (size_t)attn_numel_q(&f->s), nk = (size_t)attn_numel_kv(&f->s);
    f->q = malloc(nq * sizeof(float));
    f->k = malloc(nk * sizeof(float));
    f->v = malloc(nk * sizeof(float));
    assert_true(f->q && f->k && f->v);
    uint64_t st = seed;
    for (size_t i = 0; i < nq; i++)
        f->q[i] = unif(&st);
    for (size_t i = 0; i < nk; i++)
        f->k[i] = unif(&st), f->v[i] = unif(&st);
}

static void fix_free(struct fix *f) {
    free(f->q), free(f->k), free(f->v);
}

/* p[h * N + j]: dense softmax probability of key j for head h at (b, t), 0 where invisible. */
static void dense_p(const struct fix *f, int64_t b, int64_t t, double *p) {
    const struct attn_shape *s = &f->s;
    const int64_t N = s->seq_len, d = s->head_dim, G = s->heads_q / s->heads_kv;
    const int64_t nvis = s->causal ? attn_qpos(s, t) + 1 : N;
    for (int64_t h = 0; h < s->heads_q; h++) {
        const float *qr = f->q + ((b * s->q_len + t) * s->heads_q + h) * d;
        double mx = -INFINITY, sum = 0;
        for (int64_t j = 0; j < N; j++) {
            double x = -INFINITY;
            if (j < nvis) {
                const float *kr = f->k + ((b * N + j) * s->heads_kv + h / G) * d;
                x = 0;
                for (int64_t c = 0; c < d; c++)
                    x += (double)qr[c] * (double)kr[c];
                x /= sqrt((double)d);
            }
            p[h * N + j] = x;
            mx = x > mx ? x : mx;
        }
        for (int64_t j = 0; j < N; j++)
            sum += p[h * N + j] = j < nvis ? exp(p[h * N + j] - mx) : 0;
        for (int64_t j = 0; j < N; j++)
            p[h * N + j] /= sum;
    }
}

/* Block recall of one selection row: P over nvb blocks, blk its distinct blocks. */
static double row_block_recall(const double *P, int64_t nvb, const int32_t *blk, int32_t n) {
    const int64_t kk = n < nvb ? n : nvb;
    int64_t hits = 0;
    for (int64_t i = 0; i < kk; i++) { /* the i-th largest P, ties to the smaller id */
        int64_t best = -1;
        for (int64_t b = 0; b < nvb; b++) {
            int64_t rank = 0; /* blocks ranked before b: larger P, or equal and smaller id */
            for (int64_t c = 0; c < nvb; c++)
                rank += P[c] > P[b] || (P[c] == P[b] && c < b);
            if (rank == i)
                best = b;
        }
        for (int32_t e = 0; e < n; e++)
            hits += blk[e] == best;
    }
    return (double)hits / (double)kk;
}

/* Expected block_recall and mass_coverage of sel in layout l, by brute force. */
static void expected(const struct fix *f, enum attn_sel_layout l, const int32_t *sel, int32_t w,
                     double *br, double *mc) {
    const struct attn_shape *s = &f->s;
    const int64_t N = s->seq_len, Bk = f->p.block_size, G = s->heads_q / s->heads_kv;
    const int64_t nb = attn_nblocks(N, Bk);
    double *p = malloc((size_t)(s->heads_q * N) * sizeof *p), *P = malloc((size_t)nb * sizeof *P);
    unsigned char *mask = malloc((size_t)N);
    int32_t *blk = malloc((size_t)w * sizeof *blk);
    assert_true(p && P && mask && blk);
    double sbr = 0, smc = 0;
    int64_t nrow = 0, nq = 0;
    for (int64_t b = 0; b < s->batch; b++)
        for (int64_t t = 0; t < s->q_len; t++) {
            dense_p(f, b, t, p);
            const int64_t pos = attn_qpos(s, t);
            const int64_t nvb = s->causal ? pos / Bk + 1 : nb;
            smc += sel_layout_mass_coverage(l, s, Bk, sel, w, b, t, p, mask);
            nq++;
            const int64_t per = l == ATTN_SEL_HEAD_BLOCKS ? 1 : G; /* heads sharing a row */
            for (int64_t h0 = 0; h0 < s->heads_q; h0 += per) {
                for (int64_t c = 0; c < nb; c++) {
                    P[c] = 0;
                    for (int64_t h = h0; h < h0 + per; h++)
                        for (int64_t j = c * Bk; j < (c + 1) * Bk && j < N; j++)
                            P[c] += p[h * N + j] / (double)per;
                }
                const int64_t off = sel_layout_row_offset(l, s, w, b, h0, t);
                const int32_t n = sel_layout_row_blocks(l, s, Bk, sel + off, w, blk, w);
                assert_true(n > 0);
                sbr += row_block_recall(P, nvb, blk, n);
                nrow++;
            }
        }
    *br = sbr / (double)nrow;
    *mc = smc / (double)nq;
    free(p), free(P), free(mask), free(blk);
}

/* A random selection of visible ids (blocks or tokens) with duplicates and -1
 * padding; full = every visible id instead (w must then hold them). */
static int32_t *make_sel(const struct fix *f, enum attn_sel_layout l, int32_t w, bool full,
                         uint64_t seed) {
    const struct attn_shape *s = &f->s;
    const int64_t heads = sel_layout_heads(l, s), Bk = f->p.block_size;
    int32_t *sel = malloc((size_t)sel_layout_numel(l, s, w) * sizeof *sel);
    assert_true(sel);
    uint64_t st = seed;
    for (int64_t b = 0; b < s->batch; b++)
        for (int64_t h = 0; h < heads; h++)
            for (int64_t t = 0; t < s->q_len; t++) {
                int32_t *row = sel + ((b * heads + h) * s->q_len + t) * w;
                const int64_t pos = attn_qpos(s, t);
                const int64_t nvis = s->causal ? pos + 1 : s->seq_len;
                const int64_t nid = l == ATTN_SEL_GROUP_TOKENS ? nvis : (nvis + Bk - 1) / Bk;
                for (int32_t e = 0; e < w; e++) {
                    if (full)
                        row[e] = e < nid ? e : -1;
                    else
                        row[e] = e > 0 && rng(&st) % 5 == 0 ? -1 : (int32_t)(rng(&st) % nid);
                }
            }
    return sel;
}

static void check_layout(enum attn_sel_layout l, int64_t N, int64_t T, bool causal, int32_t w,
                         uint64_t seed) {
    struct fix f;
    fix_make(&f, N, T, causal, seed);
    int32_t *sel = make_sel(&f, l, w, false, seed + 1);
    int64_t rows[64];
    for (int64_t t = 0; t < T; t++)
        rows[t] = t;
    struct recall_stats rs;
    assert_int_equal(
        recall_measure_layout(&f.s, &f.p, l, f.q, f.k, f.v, sel, w, NULL, rows, T, &rs), ATTN_OK);
    double br, mc;
    expected(&f, l, sel, w, &br, &mc);
    assert_int_equal(rs.rows, f.s.batch * sel_layout_heads(l, &f.s) * T);
    assert_close(rs.block_recall, br, TOL, 0);
    assert_close(rs.mass_coverage, mc, TOL, 0);
    assert_true(rs.score_recall >= 0 && rs.score_recall <= 1 + TOL);
    assert_true(rs.block_recall < 1); /* random selections: not the oracle */
    free(sel);
    fix_free(&f);
}

static void test_head_blocks(void **state) {
    (void)state;
    check_layout(ATTN_SEL_HEAD_BLOCKS, 37, 37, true, 3, 11);
    check_layout(ATTN_SEL_HEAD_BLOCKS, 41, 5, true, 2, 12);   /* decode */
    check_layout(ATTN_SEL_HEAD_BLOCKS, 30, 30, false, 2, 13); /* non-causal */
}

static void test_group_tokens(void **state) {
    (void)state;
    check_layout(ATTN_SEL_GROUP_TOKENS, 37, 37, true, 9, 21);
    check_layout(ATTN_SEL_GROUP_TOKENS, 41, 5, true, 12, 22);
    check_layout(ATTN_SEL_GROUP_TOKENS, 30, 30, false, 7, 23);
}

static void test_group_blocks(void **state) {
    (void)state;
    check_layout(ATTN_SEL_GROUP_BLOCKS, 37, 37, true, 3, 31);
    /* recall_measure is the GROUP_BLOCKS layout */
    struct fix f;
    fix_make(&f, 37, 37, true, 32);
    int32_t *sel = make_sel(&f, ATTN_SEL_GROUP_BLOCKS, 3, false, 33);
    int64_t rows[37];
    for (int64_t t = 0; t < 37; t++)
        rows[t] = t;
    struct recall_stats a, b;
    assert_int_equal(recall_measure(&f.s, &f.p, f.q, f.k, f.v, sel, 3, NULL, rows, 37, &a),
                     ATTN_OK);
    assert_int_equal(recall_measure_layout(&f.s, &f.p, ATTN_SEL_GROUP_BLOCKS, f.q, f.k, f.v, sel, 3,
                                           NULL, rows, 37, &b),
                     ATTN_OK);
    assert_true(memcmp(&a, &b, sizeof a) == 0);
    free(sel);
    fix_free(&f);
}

/* Every visible block (or token) selected: the dense oracle itself. */
static void test_exact_oracle(void **state) {
    (void)state;
    const enum attn_sel_layout ls[3] = {ATTN_SEL_HEAD_BLOCKS, ATTN_SEL_GROUP_TOKENS,
                                        ATTN_SEL_GROUP_BLOCKS};
    for (int i = 0; i < 3; i++) {
        struct fix f;
        fix_make(&f, 37, 37, true, 40 + (uint64_t)i);
        const int32_t w = ls[i] == ATTN_SEL_GROUP_TOKENS ? 37 : 5;
        int32_t *sel = make_sel(&f, ls[i], w, true, 0);
        int64_t rows[37];
        for (int64_t t = 0; t < 37; t++)
            rows[t] = t;
        struct recall_stats rs;
        assert_int_equal(
            recall_measure_layout(&f.s, &f.p, ls[i], f.q, f.k, f.v, sel, w, NULL, rows, 37, &rs),
            ATTN_OK);
        assert_close(rs.block_recall, 1, TOL, 0);
        assert_close(rs.score_recall, 1, TOL, 0);
        assert_close(rs.mass_coverage, 1, 1e-12, 0);
        free(sel);
        fix_free(&f);
    }
}

static void test_bad_token(void **state) {
    (void)state;
    struct fix f;
    fix_make(&f, 20, 20, true, 50);
    int32_t *sel = make_sel(&f, ATTN_SEL_GROUP_TOKENS, 4, false, 51);
    sel[7] = 20; /* == N: past the last token (a valid block id for Bk 1, not a token) */
    int64_t rows[20];
    for (int64_t t = 0; t < 20; t++)
        rows[t] = t;
    struct recall_stats rs;
    assert_int_equal(recall_measure_layout(&f.s, &f.p, ATTN_SEL_GROUP_TOKENS, f.q, f.k, f.v, sel, 4,
                                           NULL, rows, 20, &rs),
                     ATTN_ERR_INVALID);
    assert_non_null(strstr(attn_last_error(), "token id 20"));
    free(sel);
    fix_free(&f);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_head_blocks),  cmocka_unit_test(test_group_tokens),
        cmocka_unit_test(test_group_blocks), cmocka_unit_test(test_exact_oracle),
        cmocka_unit_test(test_bad_token),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
