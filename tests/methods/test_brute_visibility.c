/* test_brute_visibility.c - the masks, derived from first principles and
 * sharing no code with the implementations (issue 17): the ref and cpu
 * backends share blocksparse_block_visible and attn_qpos, and BigBird's share
 * one pattern function, so a bug there would be invisible to validation.
 *
 * Here a key is visible to a query when, token by token, the key's index is
 * not after the query's (causal) and lies in a block the method attends to.
 * The query rows of a decode call are the last q_len tokens.  MSA's blocks
 * are the query's own block plus the k-1 best others by the maximum index
 * score over each block's visible keys (ties: smaller id).  BigBird's are its
 * window, its globals and exactly min(r, free) random visible others.  Every
 * output row is then recomputed by a dense masked softmax in double. */
#include "testutil.h"

#include "alloc.h"
#include "attn.h"
#include "common/blocksparse.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static uint64_t lcg(uint64_t *s) {
    *s = *s * 6364136223846793005ull + 1442695040888963407ull;
    return *s >> 33;
}
/* Multiples of 1/32 in [-2, 2]: exact fp32 index dot products, so no
 * rounding-made ties or reorders between the fp32 and float64 scores. */
static double val(uint64_t *s) {
    return (double)((int64_t)(lcg(s) % 129) - 64) / 32.0;
}

/* Token index of query row t: prefill row t is token t; decode rows are the
 * last q_len tokens, in order. */
static int64_t token_of_row(int64_t N, int64_t q_len, int64_t t) {
    int64_t row = 0;
    for (int64_t tok = 0; tok < N; tok++) {
        const bool is_query = q_len == N || tok >= N - q_len;
        if (!is_query)
            continue;
        if (row == t)
            return tok;
        row++;
    }
    return -1;
}

static int64_t count_visible(int64_t N, int64_t bk, bool causal, int64_t qtok, int64_t blk) {
    int64_t n = 0;
    for (int64_t j = 0; j < N; j++)
        if (j / bk == blk && (!causal || j <= qtok))
            n++;
    return n;
}

static void test_visibility(void **state) {
    (void)state;
    const int64_t Ns[] = {1, 7, 64, 100, 257};
    const int64_t bks[] = {1, 16, 64, 100};
    for (int c = 0; c < 2; c++)
        for (size_t a = 0; a < sizeof Ns / sizeof Ns[0]; a++)
            for (size_t b = 0; b < sizeof bks / sizeof bks[0]; b++) {
                const int64_t N = Ns[a], bk = bks[b];
                const int64_t qls[] = {N, 1, N < 8 ? N : 8};
                for (int q = 0; q < 3; q++) {
                    struct attn_shape s = {.batch = 1,
                                           .seq_len = N,
                                           .q_len = qls[q],
                                           .heads_q = 1,
                                           .heads_kv = 1,
                                           .head_dim = 1,
                                           .index_dim = 1,
                                           .causal = c == 1};
                    for (int64_t t = 0; t < s.q_len; t++) {
                        const int64_t tok = token_of_row(N, s.q_len, t);
                        assert_int_equal(attn_qpos(&s, t), tok);
                        for (int64_t blk = -1; blk <= N / bk + 1; blk++)
                            assert_int_equal(blocksparse_block_visible(&s, bk, tok, blk),
                                             blk < 0 ? 0 : count_visible(N, bk, c == 1, tok, blk));
                    }
                }
            }
}

struct bcase {
    const char *method;
    int64_t B, N, T, Hq, Hkv, d, di;
    bool causal;
    int32_t bk, k, w, g, r;
};

struct bufs {
    double *q, *k, *v, *qi, *ki;
    float *qf, *kf, *vf, *qif, *kif;
};

static bool in_row(const int32_t *row, int32_t w, int64_t blk) {
    for (int32_t i = 0; i < w; i++)
        if (row[i] == blk)
            return true;
    return false;
}

/* MSA: the own block last, then the k-1 best others by block max (ties:
 * smaller id) ahead of it in rank order, -1 padding. */
static void msa_expect(const struct bcase *c, const struct bufs *x, int64_t b, int64_t r,
                       int64_t qtok, int64_t t, int32_t *want) {
    const int64_t nb = (c->N + c->bk - 1) / c->bk, own = qtok / c->bk;
    double *sc = malloc((size_t)nb * sizeof *sc);
    bool *taken = calloc((size_t)nb, 1);
    for (int64_t blk = 0; blk < nb; blk++) {
        sc[blk] = -INFINITY;
        for (int64_t j = 0; j < c->N; j++) {
            if (j / c->bk != blk || (c->causal && j > qtok))
                continue;
            double acc = 0;
            for (int64_t e = 0; e < c->di; e++)
                acc += x->qi[((b * c->T + t) * c->Hkv + r) * c->di + e] *
                       x->ki[(b * c->N + j) * c->di + e];
            acc /= sqrt((double)c->di);
            sc[blk] = acc > sc[blk] ? acc : sc[blk];
        }
    }
    int32_t n = 0;
    for (int32_t pick = 0; pick < c->k - 1; pick++) {
        int64_t best = -1;
        for (int64_t blk = 0; blk < nb; blk++)
            if (blk != own && !taken[blk] && sc[blk] > -INFINITY &&
                (best < 0 || sc[blk] > sc[best]))
                best = blk;
        if (best < 0)
            break;
        taken[best] = true;
        want[n++] = (int32_t)best;
    }
    want[n++] = (int32_t)own;
    while (n < c->k)
        want[n++] = -1;
    free(sc);
    free(taken);
}

/* BigBird: checks the row against the definition; returns false on a mismatch. */
static bool bigbird_row_ok(const struct bcase *c, int64_t qtok, const int32_t *row, int32_t w) {
    const int64_t nb = (c->N + c->bk - 1) / c->bk, qb = qtok / c->bk;
    int64_t nvis = 0, nfixed = 0, nrand = 0, nreal = 0;
    for (int32_t i = 0; i < w; i++)
        if (row[i] >= 0)
            nreal++;
    for (int64_t blk = 0; blk < nb; blk++) {
        const bool vis = !c->causal || blk <= qb;
        const bool all = !c->causal && qb < c->g; /* a global query block */
        const bool win = c->causal ? (blk <= qb && blk >= qb - c->w + 1)
                                   : (blk >= qb - c->w / 2 && blk <= qb + (c->w - 1) / 2);
        const bool fixed = all || (vis && (win || blk < c->g));
        nvis += vis;
        if (fixed) {
            nfixed++;
            if (!in_row(row, w, blk))
                return false;
        } else if (in_row(row, w, blk)) {
            if (!vis)
                return false;
            nrand++;
        }
    }
    const int64_t free_blocks = nvis - nfixed;
    const int64_t want_rand =
        (!c->causal && qb < c->g) ? 0 : (c->r < free_blocks ? c->r : free_blocks);
    return nrand == want_rand && nreal == nfixed + nrand;
}

/* Dense masked softmax of one (row, head) in double, keys allowed by sel. */
static void dense_row(const struct bcase *c, const struct bufs *x, int64_t b, int64_t t, int64_t h,
                      int64_t qtok, const int32_t *row, int32_t w, double *out) {
    const int64_t r = h / (c->Hq / c->Hkv);
    double mx = -INFINITY, l = 0;
    double *p = malloc((size_t)c->N * sizeof *p);
    for (int64_t j = 0; j < c->N; j++) {
        p[j] = -INFINITY;
        if ((c->causal && j > qtok) || !in_row(row, w, j / c->bk))
            continue;
        double acc = 0;
        for (int64_t e = 0; e < c->d; e++)
            acc += x->q[((b * c->T + t) * c->Hq + h) * c->d + e] *
                   x->k[((b * c->N + j) * c->Hkv + r) * c->d + e];
        p[j] = acc / sqrt((double)c->d);
        mx = p[j] > mx ? p[j] : mx;
    }
    for (int64_t e = 0; e < c->d; e++)
        out[e] = 0;
    for (int64_t j = 0; j < c->N; j++) {
        if (p[j] == -INFINITY)
            continue;
        const double ew = exp(p[j] - mx);
        l += ew;
        for (int64_t e = 0; e < c->d; e++)
            out[e] += ew * x->v[((b * c->N + j) * c->Hkv + r) * c->d + e];
    }
    for (int64_t e = 0; e < c->d; e++)
        out[e] = l > 0 ? out[e] / l : 0;
    free(p);
}

/* Runs one implementation of c->method on backend and checks every row. */
static void check_impl(const struct bcase *c, const struct bufs *x, const char *backend) {
    const struct attn_impl *im = attn_registry_find(c->method, backend, NULL);
    assert_non_null(im);
    struct attn_shape s = {.batch = c->B,
                           .seq_len = c->N,
                           .q_len = c->T,
                           .heads_q = c->Hq,
                           .heads_kv = c->Hkv,
                           .head_dim = c->d,
                           .index_dim = c->di,
                           .mode = c->T == c->N ? ATTN_PREFILL : ATTN_DECODE,
                           .causal = c->causal};
    struct attn_params p;
    attn_params_defaults(&p);
    p.block_size = c->bk;
    p.topk = c->k;
    p.bb_window = c->w;
    p.bb_global = c->g;
    p.bb_random = c->r;
    p.seed = 11;
    const bool ref = strcmp(backend, "ref") == 0;
    const int32_t w = im->sel_width(&s, &p);
    const int64_t no = c->B * c->T * c->Hq * c->d;
    void *ws = attn_host_alloc(im->workspace_size(&s, &p) + 64);
    int32_t *sel = malloc((size_t)(c->B * c->Hkv * c->T * w) * sizeof *sel);
    void *o = malloc((size_t)no * (ref ? sizeof(double) : sizeof(float)));
    void *ctx = NULL;
    assert_int_equal(im->init(&ctx, &s, &p, ws, NULL), ATTN_OK);
    struct attn_io io = {.q = ref ? (void *)x->q : (void *)x->qf,
                         .k = ref ? (void *)x->k : (void *)x->kf,
                         .v = ref ? (void *)x->v : (void *)x->vf,
                         .qidx = ref ? (void *)x->qi : (void *)x->qif,
                         .kidx = ref ? (void *)x->ki : (void *)x->kif,
                         .o = o,
                         .sel = sel};
    assert_int_equal(im->run(ctx, &io), ATTN_OK);
    im->free(ctx);
    double *want = malloc((size_t)c->d * sizeof *want);
    int32_t *wsel = malloc((size_t)w * sizeof *wsel);
    double num = 0, den = 0;
    for (int64_t b = 0; b < c->B; b++)
        for (int64_t t = 0; t < c->T; t++) {
            const int64_t qtok = token_of_row(c->N, c->T, t);
            for (int64_t r = 0; r < c->Hkv; r++) {
                const int32_t *row = sel + ((b * c->Hkv + r) * c->T + t) * w;
                if (strcmp(c->method, "msa") == 0) {
                    msa_expect(c, x, b, r, qtok, t, wsel);
                    if (memcmp(row, wsel, (size_t)w * sizeof *row) != 0)
                        fail_msg("%s %s: row %lld group %lld: selection differs from the "
                                 "brute force",
                                 c->method, backend, (long long)t, (long long)r);
                } else if (!bigbird_row_ok(c, qtok, row, w)) {
                    fail_msg("%s %s: row %lld group %lld: pattern breaks its definition", c->method,
                             backend, (long long)t, (long long)r);
                }
            }
            for (int64_t h = 0; h < c->Hq; h++) {
                const int64_t r = h / (c->Hq / c->Hkv);
                dense_row(c, x, b, t, h, qtok, sel + ((b * c->Hkv + r) * c->T + t) * w, w, want);
                for (int64_t e = 0; e < c->d; e++) {
                    const int64_t off = ((b * c->T + t) * c->Hq + h) * c->d + e;
                    const double have = ref ? ((double *)o)[off] : ((float *)o)[off];
                    if (!isfinite(have))
                        fail_msg("%s %s: non-finite output", c->method, backend);
                    num += (have - want[e]) * (have - want[e]);
                    den += want[e] * want[e];
                }
            }
        }
    const double err = sqrt(num / (den > 0 ? den : 1));
    if (!(err <= (ref ? 1e-12 : 1e-5)))
        fail_msg("%s %s N=%lld T=%lld causal=%d: rel L2 %.3g against the dense masked softmax",
                 c->method, backend, (long long)c->N, (long long)c->T, c->causal, err);
    free(want);
    free(wsel);
    free(o);
    free(sel);
    attn_host_free(ws);
}

static void run_case(const struct bcase *c) {
    struct bufs x;
    const int64_t nq = c->B * c->T * c->Hq * c->d, nk = c->B * c->N * c->Hkv * c->d;
    const int64_t nqi = c->B * c->T * c->Hkv * c->di, nki = c->B * c->N * c->di;
    const int64_t n[5] = {nq, nk, nk, nqi, nki};
    double **d[5] = {&x.q, &x.k, &x.v, &x.qi, &x.ki};
    float **f[5] = {&x.qf, &x.kf, &x.vf, &x.qif, &x.kif};
    uint64_t st = 0x5eed0000ull + (uint64_t)c->N * 31u + (uint64_t)c->T;
    for (int i = 0; i < 5; i++) {
        *d[i] = malloc((size_t)n[i] * sizeof(double));
        *f[i] = malloc((size_t)n[i] * sizeof(float));
        for (int64_t j = 0; j < n[i]; j++) {
            (*d[i])[j] = val(&st);
            (*f[i])[j] = (float)(*d[i])[j];
        }
    }
    check_impl(c, &x, "ref");
    check_impl(c, &x, "cpu");
    for (int i = 0; i < 5; i++) {
        free(*d[i]);
        free(*f[i]);
    }
}

static void test_msa(void **state) {
    (void)state;
    const struct bcase cs[] = {
        {"msa", 1, 200, 200, 4, 2, 8, 8, true, 16, 4, 0, 0, 0},  /* partial last block */
        {"msa", 2, 130, 130, 2, 1, 8, 8, false, 32, 3, 0, 0, 0}, /* non-causal */
        {"msa", 1, 200, 5, 4, 2, 8, 8, true, 16, 4, 0, 0, 0},    /* decode */
        {"msa", 1, 40, 40, 2, 2, 8, 8, true, 8, 8, 0, 0, 0},     /* k > visible blocks */
    };
    for (size_t i = 0; i < sizeof cs / sizeof cs[0]; i++)
        run_case(&cs[i]);
}

static void test_bigbird(void **state) {
    (void)state;
    const struct bcase cs[] = {
        {"bigbird", 1, 200, 200, 4, 2, 8, 8, true, 16, 0, 3, 1, 2},
        {"bigbird", 2, 130, 130, 2, 1, 8, 8, false, 16, 0, 4, 2, 2}, /* global query blocks */
        {"bigbird", 1, 200, 6, 4, 2, 8, 8, true, 16, 0, 2, 1, 3},    /* decode */
        {"bigbird", 1, 90, 90, 2, 2, 8, 8, false, 8, 0, 4, 0, 30},   /* r > free blocks */
    };
    for (size_t i = 0; i < sizeof cs / sizeof cs[0]; i++)
        run_case(&cs[i]);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_visibility),
        cmocka_unit_test(test_msa),
        cmocka_unit_test(test_bigbird),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
