/* contemp_harness.h - shared by test_nsa.c, test_moba.c, test_dsa.c and
 * test_quest.c (header-only: the CMake glob builds test_*.c alone): a method's
 * cpu impl against its float64 ref on the awkward shapes, for any selection
 * layout (method.h), and the helpers the first-principles tests use.
 *   - outputs: relative L2 <= 1e-5 over the compared rows; NaN/Inf never pass
 *     (outputs start as NaN, so an unwritten row fails);
 *   - selections: byte-identical to the ref's on the compared rows (the
 *     contemporaries write ascending ids, -1 padding at the end);
 *   - workspace starts as garbage (0xFF), guard bytes after workspace, o, sel;
 *   - two run() calls on one ctx, and a subset of rows (first, block
 *     boundary, middle, last) on some cases.
 * Fills: uniform floats; large logits (q integers in [-30, 30], k halves in
 * [-1.5, 1.5]: logits up to ~+-90, past float's exp range without the max
 * subtraction, with exact float32 products so equal scores tie exactly); duplicated blocks (block b
 * := block b-1 for b % 3 == 2, keys and index keys) for exact ties between blocks/tokens. */
#ifndef MSABENCH_CONTEMP_HARNESS_H
#define MSABENCH_CONTEMP_HARNESS_H
#include "testutil.h"

#include "alloc.h"
#include "method.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define CH_TOL 1e-5
#define CH_GUARD 256
#define CH_GUARD_BYTE 0xA5

enum ch_fill { CH_UNIF = 0, CH_INT30, CH_DUP };

struct ch_case {
    struct attn_shape s;
    struct attn_params p;
    enum ch_fill fill;
    bool use_rows;
    uint64_t seed;
};

struct ch_inputs {
    float *f[5]; /* q k v qidx kidx */
    double *d[5];
    int64_t n[5];
};

static inline uint64_t ch_rng(uint64_t *x) {
    uint64_t z = (*x += 0x9E3779B97F4A7C15ull);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
}
static inline float ch_unif(uint64_t *x) { /* [-1, 1), 24 random bits */
    return (float)((double)(ch_rng(x) >> 40) / (double)(1u << 23) - 1.0);
}

static inline void ch_inputs_make(struct ch_inputs *in, const struct ch_case *c) {
    const struct attn_shape *s = &c->s;
    uint64_t st = c->seed;
    in->n[0] = attn_numel_q(s);
    in->n[1] = in->n[2] = attn_numel_kv(s);
    in->n[3] = attn_numel_qidx(s);
    in->n[4] = attn_numel_kidx(s);
    for (int i = 0; i < 5; i++) {
        in->f[i] = malloc((size_t)in->n[i] * sizeof(float));
        in->d[i] = malloc((size_t)in->n[i] * sizeof(double));
        assert_true(in->f[i] && in->d[i]);
        for (int64_t j = 0; j < in->n[i]; j++) {
            float x;
            if (i >= 3) /* index inputs: multiples of 1/64 in [-4, 4], exact fp32 dots */
                x = (float)((int64_t)(ch_rng(&st) % 513) - 256) / 64.0f;
            else if (c->fill == CH_INT30 && i == 0) /* q: integers in [-30, 30] */
                x = (float)((int64_t)(ch_rng(&st) % 61) - 30);
            else if (c->fill == CH_INT30 && i == 1) /* k: multiples of 1/2 in [-1.5, 1.5] */
                x = (float)((int64_t)(ch_rng(&st) % 7) - 3) / 2.0f;
            else
                x = ch_unif(&st);
            in->f[i][j] = x;
        }
    }
    if (c->fill == CH_DUP) { /* block b := block b-1 (keys, values, index keys) */
        const int64_t bk = c->p.block_size, N = s->seq_len, row = s->heads_kv * s->head_dim;
        for (int64_t b = 0; b < s->batch; b++)
            for (int64_t blk = 2; (blk + 1) * bk <= N; blk += 3)
                for (int64_t j = 0; j < bk; j++) {
                    const int64_t dst = b * N + blk * bk + j, src = dst - bk;
                    memcpy(in->f[1] + dst * row, in->f[1] + src * row, (size_t)row * 4);
                    memcpy(in->f[4] + dst * s->index_dim, in->f[4] + src * s->index_dim,
                           (size_t)s->index_dim * 4);
                }
    }
    for (int i = 0; i < 5; i++)
        for (int64_t j = 0; j < in->n[i]; j++)
            in->d[i][j] = in->f[i][j];
}

static inline void ch_inputs_free(struct ch_inputs *in) {
    for (int i = 0; i < 5; i++)
        free(in->f[i]), free(in->d[i]);
}

/* Selection rows per batch of a layout (heads_q for per-head layouts). */
static inline int64_t ch_sel_heads(enum attn_sel_layout l, const struct attn_shape *s) {
    return l == ATTN_SEL_HEAD_BLOCKS ? s->heads_q : s->heads_kv;
}

static inline double ch_out_err(const float *o, const double *ref, const struct attn_shape *s,
                                const int64_t *rows, int64_t nr) {
    const int64_t T = s->q_len, w = s->heads_q * s->head_dim, n = rows ? nr : T;
    double num = 0, den = 0;
    for (int64_t b = 0; b < s->batch; b++)
        for (int64_t r = 0; r < n; r++) {
            const int64_t off = (b * T + (rows ? rows[r] : r)) * w;
            for (int64_t i = 0; i < w; i++) {
                const double a = o[off + i], e = ref[off + i];
                if (!isfinite(a) || !isfinite(e))
                    return INFINITY;
                num += (a - e) * (a - e);
                den += e * e;
            }
        }
    return den > 0 ? sqrt(num / den) : sqrt(num);
}

/* Byte-identical selections on the compared rows; also checks the row shape
 * (ascending ids, then only -1). */
static inline bool ch_sel_equal(const int32_t *a, const int32_t *ref, int64_t heads,
                                const struct attn_shape *s, int32_t w, const int64_t *rows,
                                int64_t nr, char *msg, size_t msz) {
    const int64_t n = rows ? nr : s->q_len;
    for (int64_t b = 0; b < s->batch; b++)
        for (int64_t h = 0; h < heads; h++)
            for (int64_t r = 0; r < n; r++) {
                const int64_t t = rows ? rows[r] : r;
                const int32_t *x = a + ((b * heads + h) * s->q_len + t) * w;
                const int32_t *y = ref + ((b * heads + h) * s->q_len + t) * w;
                bool ok = memcmp(x, y, (size_t)w * sizeof *x) == 0 && x[0] >= -1;
                for (int32_t i = 1; ok && i < w; i++)
                    ok = (x[i] == -1 && (x[i - 1] >= -1)) || (x[i - 1] >= 0 && x[i] > x[i - 1]);
                if (!ok) {
                    int p = snprintf(msg, msz, "b=%lld head=%lld row=%lld: got", (long long)b,
                                     (long long)h, (long long)t);
                    for (int32_t i = 0; i < w && i < 24 && p > 0 && (size_t)p < msz; i++)
                        p += snprintf(msg + p, msz - (size_t)p, " %d", x[i]);
                    for (int32_t i = 0; i < w && i < 24 && p > 0 && (size_t)p < msz; i++)
                        p += snprintf(msg + p, msz - (size_t)p, "%s%d", i ? " " : ", ref ", y[i]);
                    return false;
                }
            }
    return true;
}

static inline bool ch_guard_ok(const void *buf, size_t bytes) {
    const unsigned char *g = (const unsigned char *)buf + bytes;
    for (size_t i = 0; i < CH_GUARD; i++)
        if (g[i] != CH_GUARD_BYTE)
            return false;
    return true;
}

/* Runs im `calls` times; o and sel (sized o_bytes / sel_bytes plus CH_GUARD)
 * keep the last call's result.  msg on failure. */
static inline bool ch_run(const struct attn_impl *im, const struct attn_shape *s,
                          const struct attn_params *p, struct attn_io *io, int calls,
                          size_t o_bytes, size_t sel_bytes, char *msg, size_t msz) {
    void *ctx = NULL;
    bool ok = false;
    const size_t ws = im->workspace_size(s, p);
    unsigned char *w = attn_host_alloc(ws + CH_GUARD);
    assert_non_null(w);
    memset(w, 0xFF, ws);
    memset(w + ws, CH_GUARD_BYTE, CH_GUARD);
    memset((char *)io->o + o_bytes, CH_GUARD_BYTE, CH_GUARD);
    if (io->sel)
        memset((char *)io->sel + sel_bytes, CH_GUARD_BYTE, CH_GUARD);
    enum attn_status st = im->init(&ctx, s, p, w, NULL);
    if (st != ATTN_OK) {
        snprintf(msg, msz, "%s init: %s (%s)", im->backend, attn_status_str(st), attn_last_error());
        goto out;
    }
    for (int c = 0; c < calls; c++) {
        memset(io->o, 0xFF, o_bytes);
        if (io->sel)
            memset(io->sel, 0xFE, sel_bytes); /* -16843010: never a valid entry */
        st = im->run(ctx, io);
        if (st != ATTN_OK) {
            snprintf(msg, msz, "%s run: %s (%s)", im->backend, attn_status_str(st),
                     attn_last_error());
            goto out;
        }
        if (!ch_guard_ok(w, ws) || !ch_guard_ok(io->o, o_bytes) ||
            (io->sel && !ch_guard_ok(io->sel, sel_bytes))) {
            snprintf(msg, msz, "%s wrote past its workspace, o or sel", im->backend);
            goto out;
        }
    }
    ok = true;
out:
    if (ctx)
        im->free(ctx);
    attn_host_free(w);
    return ok;
}

enum ch_verdict { CH_PASS, CH_SKIP, CH_FAIL };

/* cpu (m->impls[1]) against ref (m->impls[0]) on one case. */
static inline enum ch_verdict ch_vs_ref(const struct attn_method *m, const struct ch_case *c,
                                        double *err, char *msg, size_t msz) {
    const struct attn_impl *ref = m->impls[0], *im = m->impls[1];
    const struct attn_shape *s = &c->s;
    const char *why = NULL;
    if (!ref->supports(s, &c->p, &why) || !im->supports(s, &c->p, &why)) {
        snprintf(msg, msz, "%s", why ? why : "?");
        return CH_SKIP;
    }
    struct ch_inputs in;
    ch_inputs_make(&in, c);
    const int32_t w = ref->sel_width(s, &c->p);
    const int64_t heads = ch_sel_heads(m->sel_layout, s);
    const size_t nsel = (size_t)(s->batch * heads * s->q_len * w);
    const size_t ob = (size_t)in.n[0];
    double *od = malloc(ob * 8 + CH_GUARD);
    float *of = malloc(ob * 4 + CH_GUARD);
    int32_t *sd = malloc(nsel * 4 + CH_GUARD), *sf = malloc(nsel * 4 + CH_GUARD);
    assert_true(od && of && sd && sf);
    int64_t rows[5], nr = 0;
    if (c->use_rows) {
        const int64_t bk = c->p.block_size, T = s->q_len;
        const int64_t cand[5] = {0, bk - 1, bk, T / 2, T - 1};
        for (int i = 0; i < 5; i++)
            if (cand[i] < T && (nr == 0 || cand[i] > rows[nr - 1]))
                rows[nr++] = cand[i];
    }
    const int64_t *rp = c->use_rows ? rows : NULL;
    struct attn_io iod = {in.d[0], in.d[1], in.d[2], in.d[3], in.d[4], od, sd, rp, nr};
    struct attn_io iof = {in.f[0], in.f[1], in.f[2], in.f[3], in.f[4], of, sf, rp, nr};
    enum ch_verdict v = CH_FAIL;
    if (!ch_run(ref, s, &c->p, &iod, 1, ob * 8, nsel * 4, msg, msz) ||
        !ch_run(im, s, &c->p, &iof, 2, ob * 4, nsel * 4, msg, msz))
        goto out;
    *err = ch_out_err(of, od, s, rp, nr);
    if (!(*err <= CH_TOL)) {
        snprintf(msg, msz, "relative L2 error %.3g > %g", *err, CH_TOL);
        goto out;
    }
    if (!ch_sel_equal(sf, sd, heads, s, w, rp, nr, msg, msz))
        goto out;
    /* the ref's own rows are well formed too (ascending, -1 at the end) */
    if (!ch_sel_equal(sd, sd, heads, s, w, rp, nr, msg, msz))
        goto out;
    v = CH_PASS;
out:
    free(od), free(of), free(sd), free(sf);
    ch_inputs_free(&in);
    return v;
}

static inline const char *ch_case_str(const struct ch_case *c, char *buf, size_t n) {
    const struct attn_shape *s = &c->s;
    snprintf(buf, n,
             "%s B=%lld N=%lld q_len=%lld Hq=%lld Hkv=%lld d=%lld causal=%d Bk=%d k=%d local=%d "
             "tokens=%d fill=%d rows=%d",
             s->mode ? "decode" : "prefill", (long long)s->batch, (long long)s->seq_len,
             (long long)s->q_len, (long long)s->heads_q, (long long)s->heads_kv,
             (long long)s->head_dim, (int)s->causal, c->p.block_size, c->p.topk, c->p.nsa_local,
             c->p.dsa_tokens, (int)c->fill, (int)c->use_rows);
    return buf;
}

static inline struct ch_case ch_make(int64_t B, int64_t N, int64_t q_len, int64_t hq, int64_t hkv,
                                     int64_t d, int32_t bk, int32_t k, bool causal,
                                     enum ch_fill fill, bool use_rows, uint64_t seed) {
    struct ch_case c;
    memset(&c, 0, sizeof c);
    c.s = (struct attn_shape){.batch = B,
                              .seq_len = N,
                              .q_len = q_len,
                              .heads_q = hq,
                              .heads_kv = hkv,
                              .head_dim = d,
                              .index_dim = 32,
                              .mode = q_len == N ? ATTN_PREFILL : ATTN_DECODE,
                              .causal = causal};
    attn_params_defaults(&c.p);
    c.p.block_size = bk;
    c.p.topk = k;
    c.p.dsa_tokens = k * bk; /* equal token budget */
    c.fill = fill;
    c.use_rows = use_rows;
    c.seed = seed;
    return c;
}

/* The awkward shapes (DEVELOPERS.md): N not a multiple of Bk, GQA 1/4/16,
 * decode q_len 1..8, large logits, ties, first block / last row / block
 * boundaries (prefill covers every row), topk above the block count, B = 2,
 * non-causal (skipped by methods that refuse it). */
static inline int ch_cases(struct ch_case *out, int cap) {
    int n = 0;
#define ADD(...)                                                                                   \
    do {                                                                                           \
        if (n < cap)                                                                               \
            out[n] = ch_make(__VA_ARGS__);                                                         \
        n++;                                                                                       \
    } while (0)
    ADD(1, 1000, 1000, 4, 1, 32, 64, 4, true, CH_UNIF, false, 11);  /* G4, N % Bk != 0 */
    ADD(1, 1000, 1000, 2, 2, 64, 64, 3, true, CH_INT30, true, 12);  /* G1, large logits */
    ADD(1, 300, 300, 16, 1, 32, 16, 5, true, CH_DUP, false, 13);    /* G16, exact ties */
    ADD(2, 200, 200, 8, 2, 16, 32, 2, true, CH_UNIF, true, 14);     /* B 2, topk 2 */
    ADD(1, 200, 200, 4, 2, 32, 64, 8, true, CH_DUP, false, 15);     /* topk > nb */
    ADD(1, 1, 1, 4, 1, 32, 16, 4, true, CH_UNIF, false, 16);        /* N = 1 */
    ADD(1, 65, 65, 4, 4, 32, 64, 2, true, CH_INT30, false, 17);     /* one key past a block */
    ADD(1, 130, 130, 4, 1, 32, 16, 3, false, CH_UNIF, false, 18);   /* non-causal prefill */
    ADD(1, 257, 257, 16, 1, 128, 32, 4, true, CH_INT30, false, 19); /* G16, d 128, large */
    for (int64_t ql = 1; ql <= 8; ql++) {                           /* decode q_len 1..8 */
        const enum ch_fill f = (enum ch_fill)(ql % 3);
        ADD(1, 1000, ql, 8, 2, 64, 64, 4, true, f, false, 100 + (uint64_t)ql);
        ADD(2, 777, ql, 16, 1, 32, 32, 6, true, f, ql == 5, 200 + (uint64_t)ql);
        ADD(1, 513, ql, 4, 4, 64, 16, 7, ql % 2 == 0, f, false, 300 + (uint64_t)ql);
    }
    ADD(1, 1024, 8, 4, 1, 64, 64, 16, true, CH_DUP, false, 401); /* exact multiple, all */
    ADD(1, 64, 3, 4, 1, 32, 64, 4, true, CH_UNIF, false, 402);   /* decode inside block 0 */
#undef ADD
    return n;
}

/* Every awkward case of the method's cpu impl against its ref; tweak may
 * adjust each case (e.g. a method knob) and returns false to drop it. */
static inline void ch_run_all(const struct attn_method *m,
                              bool (*tweak)(struct ch_case *, int idx)) {
    struct ch_case cases[64];
    const int n = ch_cases(cases, 64);
    assert_true(n <= 64);
    int pass = 0, skip = 0, fail = 0;
    double worst = 0;
    for (int i = 0; i < n; i++) {
        if (tweak && !tweak(&cases[i], i))
            continue;
        char msg[1024], cs[256];
        double err = 0;
        switch (ch_vs_ref(m, &cases[i], &err, msg, sizeof msg)) {
        case CH_PASS:
            pass++;
            worst = err > worst ? err : worst;
            break;
        case CH_SKIP:
            skip++;
            break;
        case CH_FAIL:
            fail++;
            print_error("%s cpu FAILED on %s: %s\n", m->name, ch_case_str(&cases[i], cs, sizeof cs),
                        msg);
            break;
        }
    }
    print_message("%s cpu vs ref: %d passed (worst rel L2 %.2e), %d skipped, %d failed\n", m->name,
                  pass, worst, skip, fail);
    assert_int_equal(fail, 0);
    assert_true(pass > 0);
}

/* The verdict cannot pass NaN, Inf or a wrong value. */
static inline void ch_verdict_rejects(void) {
    const struct attn_shape s = {.batch = 1,
                                 .seq_len = 2,
                                 .q_len = 2,
                                 .heads_q = 1,
                                 .heads_kv = 1,
                                 .head_dim = 2,
                                 .index_dim = 1};
    const double ref[4] = {0.5, -0.25, 1, 2};
    float o[4] = {0.5f, -0.25f, 1, 2};
    assert_true(ch_out_err(o, ref, &s, NULL, 0) <= CH_TOL);
    o[2] = NAN;
    assert_false(ch_out_err(o, ref, &s, NULL, 0) <= CH_TOL);
    o[2] = INFINITY;
    assert_false(ch_out_err(o, ref, &s, NULL, 0) <= CH_TOL);
    o[2] = 1.001f;
    assert_false(ch_out_err(o, ref, &s, NULL, 0) <= CH_TOL);
    const int32_t a[4] = {0, 2, 1, -1}, b[4] = {0, 2, 1, -1}, c2[4] = {0, 1, 1, -1};
    char msg[256];
    assert_true(ch_sel_equal(a, b, 1, &s, 2, NULL, 0, msg, sizeof msg));
    assert_false(ch_sel_equal(a, c2, 1, &s, 2, NULL, 0, msg, sizeof msg));
    const int32_t desc[4] = {2, 0, 1, -1}; /* not ascending, equal to itself */
    assert_false(ch_sel_equal(desc, desc, 1, &s, 2, NULL, 0, msg, sizeof msg));
}

/* ---- for the first-principles tests ---- */

/* Dense softmax attention of query head h of row t restricted to the keys
 * with mask[j] != 0 (float64, textbook: scores, exp, normalize). */
static inline void ch_masked_attn(const struct attn_shape *s, const double *q, const double *k,
                                  const double *v, int64_t b, int64_t t, int64_t h,
                                  const unsigned char *mask, double *out) {
    const int64_t N = s->seq_len, d = s->head_dim, r = h / (s->heads_q / s->heads_kv);
    double *p = calloc((size_t)N, sizeof *p), mx = -INFINITY, z = 0;
    assert_non_null(p);
    for (int64_t j = 0; j < N; j++)
        if (mask[j]) {
            for (int64_t c = 0; c < d; c++)
                p[j] += q[((b * s->q_len + t) * s->heads_q + h) * d + c] *
                        k[((b * N + j) * s->heads_kv + r) * d + c];
            p[j] /= sqrt((double)d);
            mx = p[j] > mx ? p[j] : mx;
        }
    for (int64_t j = 0; j < N; j++)
        if (mask[j])
            z += (p[j] = exp(p[j] - mx));
    for (int64_t c = 0; c < d; c++) {
        out[c] = 0;
        for (int64_t j = 0; j < N; j++)
            if (mask[j])
                out[c] += p[j] / z * v[((b * N + j) * s->heads_kv + r) * d + c];
    }
    free(p);
}

/* Expected row from a chosen-flag array over n ids: ascending, -1 padded. */
static inline void ch_row_from_flags(const unsigned char *chosen, int64_t n, int32_t *row,
                                     int32_t w) {
    int32_t k = 0;
    for (int64_t i = 0; i < n && k < w; i++)
        if (chosen[i])
            row[k++] = (int32_t)i;
    while (k < w)
        row[k++] = -1;
}

/* Runs the ref on all rows; returns o and sel (caller frees). */
static inline void ch_ref_all(const struct attn_method *m, const struct ch_case *c,
                              const struct ch_inputs *in, double **o, int32_t **sel) {
    const struct attn_shape *s = &c->s;
    const int32_t w = m->impls[0]->sel_width(s, &c->p);
    const size_t nsel = (size_t)(s->batch * ch_sel_heads(m->sel_layout, s) * s->q_len * w);
    *o = malloc((size_t)in->n[0] * 8 + CH_GUARD);
    *sel = malloc(nsel * 4 + CH_GUARD);
    assert_true(*o && *sel);
    struct attn_io io = {in->d[0], in->d[1], in->d[2], in->d[3], in->d[4], *o, *sel, NULL, 0};
    char msg[512];
    if (!ch_run(m->impls[0], s, &c->p, &io, 1, (size_t)in->n[0] * 8, nsel * 4, msg, sizeof msg))
        fail_msg("%s", msg);
}
/* A scored candidate of a brute-force selection; ch_by_score sorts best first,
 * ties: the smaller id (the contemporaries' rule). */
struct ch_scored {
    double s;
    int32_t id;
};
static inline int ch_by_score(const void *a, const void *b) {
    const struct ch_scored *x = a, *y = b;
    if (x->s != y->s)
        return x->s < y->s ? 1 : -1;
    return (x->id > y->id) - (x->id < y->id);
}

/* What every first-principles check starts from: the case's inputs, the ref's
 * output and selection on every row (m's layout, w ids a row), and scratch for
 * a brute-force row over nid candidate ids (blocks or tokens). */
struct ch_fp {
    const struct attn_method *m;
    const struct ch_case *c;
    struct ch_inputs in;
    double *o, *out; /* the ref's output; one masked-attention row [d] */
    int32_t *sel, *want;
    unsigned char *chosen, *mask; /* [nid], [N] */
    struct ch_scored *sc;         /* [nid] */
    int64_t N, d, G, w, ties;
};
static inline void ch_fp_begin(struct ch_fp *f, const struct attn_method *m,
                               const struct ch_case *c, int64_t nid, int64_t w) {
    memset(f, 0, sizeof *f);
    f->m = m, f->c = c;
    f->N = c->s.seq_len, f->d = c->s.head_dim, f->G = c->s.heads_q / c->s.heads_kv, f->w = w;
    ch_inputs_make(&f->in, c);
    ch_ref_all(m, c, &f->in, &f->o, &f->sel);
    f->want = malloc((size_t)w * 4);
    f->chosen = calloc((size_t)nid, 1);
    f->mask = calloc((size_t)f->N, 1);
    f->sc = calloc((size_t)nid, sizeof *f->sc);
    f->out = malloc((size_t)f->d * 8);
    assert_true(f->want && f->chosen && f->mask && f->sc && f->out);
}
static inline void ch_fp_end(struct ch_fp *f) {
    free(f->want), free(f->chosen), free(f->mask), free(f->sc), free(f->out), free(f->o);
    free(f->sel);
    ch_inputs_free(&f->in);
}
/* Sorts the first n candidates best first and counts the exact ties met. */
static inline void ch_fp_sort(struct ch_fp *f, int64_t n) {
    qsort(f->sc, (size_t)n, sizeof *f->sc, ch_by_score);
    for (int64_t x = 0; x + 1 < n; x++)
        f->ties += f->sc[x].s == f->sc[x + 1].s;
}
/* The ref's selection row of (b, t, selection head g) equals want, made from
 * chosen over nid ids; hl names g in a failure ("h" a query head, "r" a group). */
static inline void ch_fp_check_row(struct ch_fp *f, int64_t nid, int64_t b, int64_t t, int64_t g,
                                   const char *hl) {
    const struct attn_shape *s = &f->c->s;
    ch_row_from_flags(f->chosen, nid, f->want, (int32_t)f->w);
    const int64_t heads = ch_sel_heads(f->m->sel_layout, s);
    const int32_t *got = f->sel + ((b * heads + g) * s->q_len + t) * f->w;
    for (int64_t x = 0; x < f->w; x++)
        if (got[x] != f->want[x])
            fail_msg("%s ref row b=%lld t=%lld %s=%lld slot %lld: %d, brute force %d", f->m->name,
                     (long long)b, (long long)t, hl, (long long)g, (long long)x, got[x],
                     f->want[x]);
}
/* The ref's output of query head h at (b, t) equals dense attention over the
 * keys of mask (float64, 1e-12 relative / 1e-10 absolute). */
static inline void ch_fp_check_out(struct ch_fp *f, int64_t b, int64_t t, int64_t h,
                                   const unsigned char *mask) {
    const struct attn_shape *s = &f->c->s;
    ch_masked_attn(s, f->in.d[0], f->in.d[1], f->in.d[2], b, t, h, mask, f->out);
    const double *oh = f->o + ((b * s->q_len + t) * s->heads_q + h) * f->d;
    for (int64_t y = 0; y < f->d; y++)
        assert_close(oh[y], f->out[y], 1e-12, 1e-10);
}

/* The tiny causal first-principles shapes of the block methods (nsa, moba): two
 * prefill, one decode; the CH_DUP fills must tie. */
#define CH_FP_TINY 3
static inline struct ch_case ch_fp_tiny(int i) {
    switch (i) {
    case 0:
        return ch_make(2, 37, 37, 4, 2, 4, 4, 4, true, CH_DUP, false, 7);
    case 1:
        return ch_make(1, 64, 64, 8, 2, 8, 4, 5, true, CH_UNIF, false, 8);
    default:
        return ch_make(1, 50, 6, 4, 1, 4, 8, 3, true, CH_DUP, false, 9); /* decode */
    }
}

/* Both of m's host impls (ref, cpu) refuse c, saying word. */
static inline void ch_refused(const struct attn_method *m, const struct ch_case *c,
                              const char *word) {
    for (int i = 0; i < 2; i++) {
        const char *why = NULL;
        assert_false(m->impls[i]->supports(&c->s, &c->p, &why));
        assert_non_null(why);
        assert_non_null(strstr(why, word));
    }
}
/* m's cost at c: positive, main FLOPs below dense attention's (a sparse method). */
static inline void ch_cost_sparse(const struct attn_method *m, const struct ch_case *c,
                                  struct attn_cost *cost) {
    assert_int_equal(m->cost(&c->s, &c->p, 4, cost), ATTN_OK);
    assert_true(cost->flops_main > 0 && cost->flops_main < cost->flops_dense);
    assert_true(cost->bytes_model > 0 && cost->mem_model > 0);
}

/* The large-logit fill really leaves float's exp range (|logit| > 88 somewhere). */
static inline void ch_large_logits_reach_88(void) {
    struct ch_case c = ch_make(1, 1000, 1000, 2, 2, 64, 64, 3, true, CH_INT30, false, 12);
    struct ch_inputs in;
    ch_inputs_make(&in, &c);
    double mx = 0;
    for (int64_t i = 0; i < 1000 * 2; i++)
        for (int64_t j = 0; j < 1000; j++) {
            double acc = 0;
            for (int64_t x = 0; x < 64; x++)
                acc += in.d[0][i * 64 + x] * in.d[1][(j * 2 + i % 2) * 64 + x];
            mx = fabs(acc) / 8 > mx ? fabs(acc) / 8 : mx;
        }
    print_message("largest |logit| of the large-logit fill: %.1f\n", mx);
    assert_true(mx > 88 && mx < 200);
    ch_inputs_free(&in);
}
#endif
