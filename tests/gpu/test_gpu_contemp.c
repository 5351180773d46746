/* test_gpu_contemp.c - the contemporaries on CUDA (moba, nsa, quest, dsa;
 * variant v1 each, and the tc variants of dsa, moba and nsa) against their
 * float64 oracles, on inputs rounded to bf16 once on the host (SPEC §8).
 *
 * Per case: O and sel poisoned (bf16 NaN, junk ids), init + run on the
 * device, then on sampled rows (both ends included):
 *  - every selection row is well formed: ascending distinct ids of visible
 *    blocks (tokens for dsa), -1 only as trailing padding, and for moba the
 *    own block, for nsa block 0 and the local blocks, present;
 *  - the row equals the float64 ref's row (attn_registry_ref, same rows):
 *    100% on "exact" cases (tied blocks, dsa index inputs on a 1/8 grid: the
 *    scores are exact or tie exactly in float32 too), >= 90% otherwise (a
 *    float32 score may swap two float64 near-ties); the count is printed;
 *  - O of the heads whose rows match: finite, rel L2 against the ref's O <=
 *    the declaration's tol_bf16.
 * dsa's "fp8" variant (cases named dsa-fp8-*) reads the runner's e4m3 key
 * cache (msa_cuda_fp8_kidx_alloc) and its ref the cache's float64 values, as
 * the runner validates it.  Every dsa, moba and nsa case (stages-* too) runs
 * twice: v1 and tc (tensor cores), dsa's fp8 ones fp8 and tc_fp8, each test
 * named CASE/VARIANT, under the same rules.
 * Shapes: N not a multiple of Bk, GQA 1/4/16 (and 24 for dsa: tc's second, partial
 * tile of 16 heads), batch 2, decode q_len 1..8,
 * large logits (sigma 3.9), ties, non-causal (quest decode, dsa), d 64/128
 * (and 256 for dsa), query chunking forced through contemp_cuda_set_chunk_cap;
 * dsa's ReLU zeros tied at the threshold (dsa-relu-*) and tc's top-k candidate
 * buffer overflowed through dsa_cuda_set_cand_cap (*-overflow).
 * moba tc's KV-outer prefill (msa_attn.cu, per-head groups): every moba PF case;
 * moba-kv-bk16 adds Bk 16 (key tiles of 16) and its partial chunks of 40 rows
 * (Hq 4 x topk 6 x (4d + 8) bytes a row) inside selection chunks of 458 rows;
 * moba-chunked runs one row per partial chunk; decode keeps the per-head kernel.
 * stages-*: run() == run_stage(0..n_stages-1) in order, bit for bit in O and
 * sel, with and without io->sel, chunked and not (one small case per impl).
 *   test_gpu_contemp          all cases
 *   test_gpu_contemp small    a few small cases (for compute-sanitizer)
 *   test_gpu_contemp NAME     the tests whose name contains NAME ("moba", "/tc", ...)
 * Exits 77 without a GPU. */
#include "testutil.h"

#include "alloc.h"
#include "attn.h"
#include "common/select_cuda.h"
#include "device.h"
#include "dsa/dsa.h"
#include "method.h"
#include "msa/msa_cuda.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#ifdef MSABENCH_HAVE_CUDA
#include "gpu_inputs.h"

enum { PLANT_NONE = 0, PLANT_TIES = 1, PLANT_GRID = 2, PLANT_RELU = 3 };

struct ccase {
    const char *method, *name;
    int64_t B, N, q_len, Hq, Hkv, d, di;
    int32_t bk, topk, local, tokens;
    bool causal;
    enum attn_mode mode;
    double sigma;
    int plant;        /* PLANT_TIES: each block's keys (dsa: index keys) one of 4 patterns;
                         PLANT_GRID: dsa index inputs on a 1/8 grid;
                         PLANT_RELU: that grid, qidx >= 0, kidx <= 0 but for every 16th
                         token: most scores ReLU to exactly 0, ties at the threshold */
    size_t cap;       /* chunk cap in bytes (0: the default) */
    bool small;       /* in the sanitizer subset */
    int32_t cand_cap; /* dsa tc top-k's candidate buffer (dsa_cuda_set_cand_cap; 0: default) */
};

struct inputs {
    struct attn_shape s;
    struct attn_params p;
    size_t nq, nkv, nqi, nki;
    float *qf, *kf, *vf, *qif, *kif;
    double *qd, *kd, *vd, *qid, *kid;
    void *dq, *dk, *dv, *dqi, *dki;
};

/* Rows of every block of x ([B, N, H, w]) set to one of 4 random patterns
 * (per block and head): equal blocks, exact ties. */
static void plant_ties(float *x, int64_t B, int64_t N, int64_t H, int64_t w, int64_t bk,
                       double sigma) {
    double *u = malloc((size_t)(4 * bk * w) * sizeof *u);
    assert_non_null(u);
    for (int64_t i = 0; i < 4 * bk * w; i++)
        u[i] = rng_normal() * sigma;
    for (int64_t b = 0; b < B; b++)
        for (int64_t h = 0; h < H; h++)
            for (int64_t blk = 0; blk * bk < N; blk++) {
                const int64_t which = (int64_t)(rng_u() * 4.0);
                for (int64_t j = blk * bk; j < (blk + 1) * bk && j < N; j++)
                    for (int64_t c = 0; c < w; c++)
                        x[((b * N + j) * H + h) * w + c] =
                            (float)u[(which * bk + (j - blk * bk)) * w + c];
            }
    free(u);
}

static void make_inputs(struct inputs *in, const struct ccase *tc, uint64_t seed) {
    memset(in, 0, sizeof *in);
    struct attn_shape s = {tc->B, tc->N,  tc->q_len, tc->Hq,    tc->Hkv,
                           tc->d, tc->di, tc->mode,  tc->causal};
    in->s = s;
    attn_params_defaults(&in->p);
    in->p.block_size = tc->bk;
    /* dsa's budget is dsa_tokens; its cases say topk 0, which attn_shape_check refuses
     * for every method (run7: every dsa case failed there, before any kernel ran) */
    in->p.topk = tc->topk > 0 ? tc->topk : 16;
    in->p.nsa_local = tc->local;
    in->p.dsa_tokens = tc->tokens;
    in->p.seed = seed;
    rng_state = seed;
    in->nq = (size_t)attn_numel_q(&s);
    in->nkv = (size_t)attn_numel_kv(&s);
    in->nqi = (size_t)attn_numel_qidx(&s);
    in->nki = (size_t)attn_numel_kidx(&s);
    fill(in->nq, tc->sigma, &in->qf, &in->qd);
    fill(in->nkv, tc->sigma, &in->kf, &in->kd);
    fill(in->nkv, 1.0, &in->vf, &in->vd);
    fill(in->nqi, tc->sigma, &in->qif, &in->qid);
    fill(in->nki, tc->sigma, &in->kif, &in->kid);
    if (tc->plant == PLANT_TIES) {
        if (strcmp(tc->method, "dsa") == 0)
            plant_ties(in->kif, tc->B, tc->N, 1, tc->di, 1, tc->sigma); /* per token */
        else
            plant_ties(in->kf, tc->B, tc->N, tc->Hkv, tc->d, tc->bk, tc->sigma);
    }
    if (tc->plant == PLANT_GRID || tc->plant == PLANT_RELU ||
        (tc->plant == PLANT_TIES && strcmp(tc->method, "dsa") == 0)) {
        for (size_t i = 0; i < in->nqi; i++) /* multiples of 1/8 in [-2, 2]: exact sums */
            in->qif[i] = (float)(round(fmax(-2.0, fmin(2.0, in->qif[i])) * 8.0) / 8.0);
        for (size_t i = 0; i < in->nki; i++)
            in->kif[i] = (float)(round(fmax(-2.0, fmin(2.0, in->kif[i])) * 8.0) / 8.0);
    }
    if (tc->plant == PLANT_RELU) { /* kidx [B, N, 1, di] */
        for (size_t i = 0; i < in->nqi; i++)
            in->qif[i] = fabsf(in->qif[i]);
        for (size_t i = 0; i < in->nki; i++)
            in->kif[i] = (int64_t)(i / (size_t)tc->di) % tc->N % 16 == 3 ? fabsf(in->kif[i])
                                                                         : -fabsf(in->kif[i]);
    }
    round_all(in->nq, in->qf, in->qd);
    round_all(in->nkv, in->kf, in->kd);
    round_all(in->nkv, in->vf, in->vd);
    round_all(in->nqi, in->qif, in->qid);
    round_all(in->nki, in->kif, in->kid);
    assert_int_equal(attn_dev_upload_bf16(&in->dq, in->qf, in->nq), ATTN_OK);
    assert_int_equal(attn_dev_upload_bf16(&in->dk, in->kf, in->nkv), ATTN_OK);
    assert_int_equal(attn_dev_upload_bf16(&in->dv, in->vf, in->nkv), ATTN_OK);
    if (in->nqi)
        assert_int_equal(attn_dev_upload_bf16(&in->dqi, in->qif, in->nqi), ATTN_OK);
    if (in->nki)
        assert_int_equal(attn_dev_upload_bf16(&in->dki, in->kif, in->nki), ATTN_OK);
}

static void free_inputs(struct inputs *in) {
    free(in->qf), free(in->kf), free(in->vf), free(in->qif), free(in->kif);
    free(in->qd), free(in->kd), free(in->vd), free(in->qid), free(in->kid);
    attn_dev_free(in->dq), attn_dev_free(in->dk), attn_dev_free(in->dv);
    attn_dev_free(in->dqi), attn_dev_free(in->dki);
}

/* Rows checked: all, or a seeded sample with both ends. */
static int64_t pick_rows(const struct attn_shape *s, int64_t max_rows, int64_t **rows) {
    const int64_t nr = s->q_len <= max_rows ? s->q_len : max_rows;
    *rows = malloc((size_t)nr * sizeof **rows);
    assert_non_null(*rows);
    for (int64_t i = 0; i < nr; i++)
        (*rows)[i] = s->q_len <= max_rows ? i
                     : i == 0             ? 0
                     : i == nr - 1
                         ? s->q_len - 1
                         : (i * s->q_len) / nr + (int64_t)(rng_u() * (double)(s->q_len / nr));
    return nr;
}

/* The header's structural rules for one row; NULL when fine. */
static const char *row_rules(const struct ccase *tc, const int32_t *row, int32_t width, int64_t pos,
                             int64_t N) {
    const bool tokens = strcmp(tc->method, "dsa") == 0;
    const int64_t vis_end = tc->causal ? pos + 1 : N, bk = tc->bk;
    const int64_t bi = pos / bk;
    int32_t n = 0;
    while (n < width && row[n] >= 0)
        n++;
    for (int32_t a = n; a < width; a++)
        if (row[a] != -1)
            return "not -1 after the first padding slot";
    for (int32_t a = 0; a < n; a++) {
        if (a > 0 && row[a] <= row[a - 1])
            return "ids not strictly ascending";
        const int64_t first = tokens ? row[a] : (int64_t)row[a] * bk;
        if (first >= vis_end)
            return "an id that is not visible";
    }
    bool has_own = false, has_zero = false;
    int32_t nloc = 0;
    for (int32_t a = 0; a < n; a++) {
        has_own |= row[a] == bi;
        has_zero |= row[a] == 0;
        nloc += row[a] > bi - tc->local && row[a] <= bi;
    }
    if (strcmp(tc->method, "moba") == 0 && !has_own)
        return "the own block is missing";
    if (strcmp(tc->method, "nsa") == 0 &&
        (!has_zero || nloc != (bi + 1 < tc->local ? bi + 1 : tc->local)))
        return "block 0 or a local block is missing";
    return NULL;
}

static void run_case(const struct ccase *tc, const char *variant, uint64_t seed) {
    struct inputs in;
    make_inputs(&in, tc, seed);
    contemp_cuda_set_chunk_cap(tc->cap);
    dsa_cuda_set_cand_cap(tc->cand_cap);
    const struct attn_method *m = attn_method_find(tc->method);
    const struct attn_impl *im = attn_registry_find(tc->method, "cuda", variant);
    const struct attn_impl *ref = attn_registry_ref(tc->method);
    assert_non_null(m);
    assert_non_null(im);
    const bool fp8 = (im->flags & ATTN_F_KIDX_FP8) != 0;
    assert_non_null(ref);
    const char *why = NULL;
    if (!im->supports(&in.s, &in.p, &why))
        fail_msg("%s/cuda/%s does not support %s: %s", tc->method, variant, tc->name, why);
    const int64_t R = m->sel_layout == ATTN_SEL_HEAD_BLOCKS ? tc->Hq : tc->Hkv;
    const int64_t G = tc->Hq / tc->Hkv;
    const int32_t width = im->sel_width(&in.s, &in.p);
    const size_t nsel = (size_t)(tc->B * R * tc->q_len * width);
    int64_t *rows = NULL;
    const int64_t nr = pick_rows(&in.s, 48, &rows);
    printf("  %s/%s: B=%lld N=%lld q=%lld Hq=%lld Hkv=%lld d=%lld di=%lld Bk=%d topk=%d local=%d "
           "tokens=%d %s %s sigma=%.1f%s%s (%lld rows checked)\n",
           tc->name, variant, (long long)tc->B, (long long)tc->N, (long long)tc->q_len,
           (long long)tc->Hq, (long long)tc->Hkv, (long long)tc->d, (long long)tc->di, tc->bk,
           tc->topk, tc->local, tc->tokens, tc->mode == ATTN_DECODE ? "decode" : "prefill",
           tc->causal ? "causal" : "full", tc->sigma,
           tc->plant == PLANT_TIES   ? " ties"
           : tc->plant == PLANT_GRID ? " grid"
           : tc->plant == PLANT_RELU ? " relu-ties"
                                     : "",
           tc->cap ? " chunked" : "", (long long)nr);

    /* device */
    float *o = malloc(in.nq * sizeof *o);
    int32_t *sel = malloc(nsel * sizeof *sel), *rsel = malloc(nsel * sizeof *rsel);
    double *oref = calloc(in.nq, sizeof *oref);
    assert_non_null(o);
    assert_non_null(sel);
    assert_non_null(rsel);
    assert_non_null(oref);
    void *ctx = NULL, *ws = NULL, *dout = attn_dev_alloc(in.nq * 2);
    int32_t *dsel = attn_dev_alloc(nsel * sizeof *dsel);
    assert_non_null(dout);
    assert_non_null(dsel);
    const size_t wsz = im->workspace_size(&in.s, &in.p);
    if (wsz) {
        ws = attn_dev_alloc(wsz);
        assert_non_null(ws);
    }
    assert_int_equal(attn_dev_memset(dout, 0xff, in.nq * 2), ATTN_OK);           /* bf16 NaN */
    assert_int_equal(attn_dev_memset(dsel, 0x7f, nsel * sizeof *dsel), ATTN_OK); /* junk id */
    enum attn_status st = im->init(&ctx, &in.s, &in.p, ws, attn_device_stream());
    if (st != ATTN_OK)
        fail_msg("%s init: %s: %s", tc->name, attn_status_str(st), attn_last_error());
    void *dfp8 = NULL; /* fp8: the e4m3 cache of kidx, and the ref reads its values */
    if (fp8) {
        assert_int_equal(msa_cuda_fp8_kidx_alloc(in.dki, tc->B, tc->N, tc->di, &dfp8), ATTN_OK);
        assert_int_equal(msa_cuda_fp8_kidx_f64(dfp8, tc->B, tc->N, tc->di, in.kid), ATTN_OK);
    }
    struct attn_io io = {in.dq, in.dk, in.dv, in.dqi, fp8 ? dfp8 : in.dki, dout, dsel, NULL, 0};
    st = im->run(ctx, &io);
    if (st == ATTN_OK)
        st = attn_dev_sync();
    if (st != ATTN_OK)
        fail_msg("%s run: %s: %s", tc->name, attn_status_str(st), attn_last_error());
    assert_int_equal(attn_dev_download_bf16(o, dout, in.nq), ATTN_OK);
    assert_int_equal(attn_dev_download_i32(sel, dsel, nsel), ATTN_OK);
    im->free(ctx);
    attn_dev_free(ws);
    attn_dev_free(dout);
    attn_dev_free(dsel);
    attn_dev_free(dfp8);
    contemp_cuda_set_chunk_cap(0);
    dsa_cuda_set_cand_cap(0);

    /* float64 ref on the same rows */
    memset(rsel, 0x7f, nsel * sizeof *rsel);
    void *rctx = NULL, *rws = NULL;
    const size_t rwsz = ref->workspace_size(&in.s, &in.p);
    rws = rwsz ? attn_host_alloc(rwsz) : NULL;
    assert_int_equal(ref->init(&rctx, &in.s, &in.p, rws, NULL), ATTN_OK);
    struct attn_io rio = {in.qd, in.kd, in.vd, in.qid, in.kid, oref, rsel, rows, nr};
    assert_int_equal(ref->run(rctx, &rio), ATTN_OK);
    ref->free(rctx);
    attn_host_free(rws);

    int64_t nrows = 0, nmatch = 0;
    double num = 0, den = 0;
    for (int64_t b = 0; b < tc->B; b++)
        for (int64_t i = 0; i < nr; i++) {
            const int64_t t = rows[i], pos = attn_qpos(&in.s, t);
            bool *ok = calloc((size_t)R, sizeof *ok);
            assert_non_null(ok);
            for (int64_t r = 0; r < R; r++) {
                const size_t off = (size_t)(((b * R + r) * tc->q_len + t) * width);
                const char *bad = row_rules(tc, sel + off, width, pos, tc->N);
                if (bad)
                    fail_msg("%s: b=%lld sel row %lld t=%lld: %s (slot 0: %d)", tc->name,
                             (long long)b, (long long)r, (long long)t, bad, sel[off]);
                ok[r] = memcmp(sel + off, rsel + off, (size_t)width * sizeof *sel) == 0;
                nrows++;
                nmatch += ok[r];
            }
            for (int64_t h = 0; h < tc->Hq; h++) {
                const size_t off = (size_t)(((b * tc->q_len + t) * tc->Hq + h) * tc->d);
                for (int64_t c = 0; c < tc->d; c++)
                    if (!isfinite(o[off + c]))
                        fail_msg("%s: non-finite O at b=%lld t=%lld h=%lld c=%lld", tc->name,
                                 (long long)b, (long long)t, (long long)h, (long long)c);
                if (!ok[R == tc->Hq ? h : h / G])
                    continue;
                for (int64_t c = 0; c < tc->d; c++) {
                    const double x = o[off + c], y = oref[off + c];
                    num += (x - y) * (x - y);
                    den += y * y;
                }
            }
            free(ok);
        }
    const bool exact = tc->plant != PLANT_NONE;
    const double frac = (double)nmatch / (double)nrows;
    const double rel = den > 0 ? sqrt(num / den) : INFINITY;
    printf("    rows equal to the ref: %lld/%lld (%.1f%%, need %s); O rel L2 %.2e (tol %.0e)\n",
           (long long)nmatch, (long long)nrows, 100 * frac, exact ? "100%" : ">= 90%", rel,
           m->tol_bf16);
    if (exact ? nmatch != nrows : !(frac >= 0.9))
        fail_msg("%s: %lld of %lld selection rows differ from the ref", tc->name,
                 (long long)(nrows - nmatch), (long long)nrows);
    if (!(rel <= m->tol_bf16))
        fail_msg("%s: O rel L2 %.3e > %.0e against the ref", tc->name, rel, m->tol_bf16);
    free(o), free(sel), free(rsel), free(oref), free(rows);
    free_inputs(&in);
}

/* One device call of im on in (fresh ctx; O and sel poisoned first): run(), or
 * run_stage(0..n_stages-1) in order when staged.  O comes back as floats (bf16
 * widened exactly, so equal floats are equal bits), sel when with_sel. */
static void device_call(const struct attn_impl *im, const struct inputs *in, const void *kidx,
                        bool staged, bool with_sel, size_t nsel, float *o, int32_t *sel) {
    void *ctx = NULL, *ws = NULL, *dout = attn_dev_alloc(in->nq * 2);
    int32_t *dsel = attn_dev_alloc(nsel * sizeof *dsel);
    assert_non_null(dout);
    assert_non_null(dsel);
    const size_t wsz = im->workspace_size(&in->s, &in->p);
    if (wsz) {
        ws = attn_dev_alloc(wsz);
        assert_non_null(ws);
    }
    assert_int_equal(attn_dev_memset(dout, 0xff, in->nq * 2), ATTN_OK);          /* bf16 NaN */
    assert_int_equal(attn_dev_memset(dsel, 0x7f, nsel * sizeof *dsel), ATTN_OK); /* junk id */
    enum attn_status st = im->init(&ctx, &in->s, &in->p, ws, attn_device_stream());
    if (st != ATTN_OK)
        fail_msg("%s/%s init: %s: %s", im->method, im->variant, attn_status_str(st),
                 attn_last_error());
    struct attn_io io = {in->dq, in->dk, in->dv, in->dqi, kidx, dout, with_sel ? dsel : NULL,
                         NULL,   0};
    if (staged)
        for (int i = 0; i < im->n_stages && st == ATTN_OK; i++)
            st = im->run_stage(ctx, i, &io);
    else
        st = im->run(ctx, &io);
    if (st == ATTN_OK)
        st = attn_dev_sync();
    if (st != ATTN_OK)
        fail_msg("%s/%s %s: %s: %s", im->method, im->variant, staged ? "stages" : "run",
                 attn_status_str(st), attn_last_error());
    assert_int_equal(attn_dev_download_bf16(o, dout, in->nq), ATTN_OK);
    if (with_sel)
        assert_int_equal(attn_dev_download_i32(sel, dsel, nsel), ATTN_OK);
    im->free(ctx);
    attn_dev_free(ws);
    attn_dev_free(dout);
    attn_dev_free(dsel);
}

/* run() == run_stage(0..n_stages-1) in order, bit for bit in O and sel: with
 * io->sel (the runner's call; the attention stage reads the selection there)
 * and without (the workspace-chunk path), at the case's chunk cap and
 * unchunked.  Every O value must also be finite (the poison is gone), and O
 * the same bits on every path. */
static void run_stages_case(const struct ccase *tc, const char *variant, uint64_t seed) {
    struct inputs in;
    make_inputs(&in, tc, seed);
    const struct attn_method *m = attn_method_find(tc->method);
    const struct attn_impl *im = attn_registry_find(tc->method, "cuda", variant);
    assert_non_null(m);
    assert_non_null(im);
    const bool fp8 = (im->flags & ATTN_F_KIDX_FP8) != 0;
    assert_non_null(im->run_stage);
    assert_true(im->n_stages >= 2);
    assert_string_equal(im->stage_names[im->n_stages - 1], "attn");
    const int64_t R = m->sel_layout == ATTN_SEL_HEAD_BLOCKS ? tc->Hq : tc->Hkv;
    const int32_t width = im->sel_width(&in.s, &in.p);
    const size_t nsel = (size_t)(tc->B * R * tc->q_len * width);
    void *dfp8 = NULL;
    if (fp8)
        assert_int_equal(msa_cuda_fp8_kidx_alloc(in.dki, tc->B, tc->N, tc->di, &dfp8), ATTN_OK);
    float *o[2] = {malloc(in.nq * sizeof(float)), malloc(in.nq * sizeof(float))};
    float *o_first = malloc(in.nq * sizeof(float));
    assert_non_null(o_first);
    int32_t *sel[2] = {malloc(nsel * sizeof(int32_t)), malloc(nsel * sizeof(int32_t))};
    assert_non_null(o[0]);
    assert_non_null(o[1]);
    assert_non_null(sel[0]);
    assert_non_null(sel[1]);
    const size_t caps[2] = {tc->cap, 0};
    for (int ci = 0; ci < (tc->cap ? 2 : 1); ci++)
        for (int with_sel = 0; with_sel < 2; with_sel++) {
            contemp_cuda_set_chunk_cap(caps[ci]);
            for (int staged = 0; staged < 2; staged++)
                device_call(im, &in, fp8 ? dfp8 : in.dki, staged, with_sel, nsel, o[staged],
                            sel[staged]);
            contemp_cuda_set_chunk_cap(0);
            printf("  %s: %s stages, %s, %s io->sel\n", tc->name, im->variant,
                   caps[ci] ? "chunked" : "default chunks", with_sel ? "with" : "without");
            for (size_t i = 0; i < in.nq; i++)
                if (!isfinite(o[1][i]))
                    fail_msg("%s: staged O[%zu] not finite (a row the stages never wrote)",
                             tc->name, i);
            if (memcmp(o[0], o[1], in.nq * sizeof(float)) != 0)
                fail_msg("%s: O of the stages in order differs from run()'s", tc->name);
            if (with_sel && memcmp(sel[0], sel[1], nsel * sizeof(int32_t)) != 0)
                fail_msg("%s: sel of the stages in order differs from run()'s", tc->name);
            /* and every path gives the first one's O (run() without io->sel at the
             * case's cap: select then attend chunk by chunk, the pre-stage loop) */
            if (ci == 0 && with_sel == 0)
                memcpy(o_first, o[0], in.nq * sizeof(float));
            else if (memcmp(o_first, o[0], in.nq * sizeof(float)) != 0)
                fail_msg("%s: O differs between chunkings or with / without io->sel", tc->name);
        }
    attn_dev_free(dfp8);
    free(o[0]), free(o[1]), free(o_first), free(sel[0]), free(sel[1]);
    free_inputs(&in);
}

#define PF ATTN_PREFILL
#define DC ATTN_DECODE
/* clang-format off */
static const struct ccase cases[] = {
    /* method, name, B, N, q_len, Hq, Hkv, d, di, Bk, topk, nsa_local, dsa_tokens, causal, mode,
       sigma, plant, chunk cap, small, dsa tc candidate cap */
    {"moba", "moba-g4-n1000", 1, 1000, 1000, 16, 4, 128, 64, 64, 4, 1, 0, true, PF, 1.0, 0, 0, true, 0},
    {"moba", "moba-g16-b2-n777", 2, 777, 777, 16, 1, 64, 64, 32, 6, 1, 0, true, PF, 1.0, 0, 0, false, 0},
    {"moba", "moba-g1-bk128", 1, 1500, 1500, 8, 8, 128, 64, 128, 3, 1, 0, true, PF, 1.0, 0, 0, false, 0},
    {"moba", "moba-large-logits", 1, 900, 900, 16, 4, 128, 64, 64, 4, 1, 0, true, PF, 3.9, 0, 0, false, 0},
    {"moba", "moba-ties", 1, 1200, 1200, 8, 2, 64, 64, 32, 8, 1, 0, true, PF, 1.0, PLANT_TIES, 0, false, 0},
    {"moba", "moba-chunked", 2, 600, 600, 8, 2, 64, 64, 32, 5, 1, 0, true, PF, 1.0, 0, 8 * 5 * 4 * 70, true, 0},
    {"moba", "moba-kv-bk16", 1, 1100, 1100, 4, 1, 128, 64, 16, 6, 1, 0, true, PF, 1.0, 0, 40 * 12480, false, 0},
    {"moba", "moba-decode-q1", 2, 3000, 1, 16, 4, 128, 64, 64, 8, 1, 0, true, DC, 1.0, 0, 0, false, 0},
    {"moba", "moba-decode-q5", 1, 3001, 5, 16, 1, 64, 64, 128, 8, 1, 0, true, DC, 1.0, 0, 0, false, 0},
    {"moba", "moba-decode-q8", 1, 2999, 8, 8, 8, 64, 64, 16, 6, 1, 0, true, DC, 3.9, 0, 0, false, 0},
    {"nsa", "nsa-g4-n1000", 1, 1000, 1000, 16, 4, 128, 64, 64, 6, 2, 0, true, PF, 1.0, 0, 0, true, 0},
    {"nsa", "nsa-g16-b2-n777", 2, 777, 777, 16, 1, 64, 64, 32, 5, 1, 0, true, PF, 1.0, 0, 0, false, 0},
    {"nsa", "nsa-g1-bk128", 1, 1500, 1500, 8, 8, 128, 64, 128, 4, 2, 0, true, PF, 1.0, 0, 0, false, 0},
    {"nsa", "nsa-large-logits", 1, 900, 900, 16, 4, 128, 64, 64, 5, 2, 0, true, PF, 3.9, 0, 0, false, 0},
    {"nsa", "nsa-ties", 1, 1200, 1200, 8, 2, 64, 64, 32, 8, 2, 0, true, PF, 1.0, PLANT_TIES, 0, false, 0},
    {"nsa", "nsa-chunked", 2, 600, 600, 8, 2, 64, 64, 32, 5, 2, 0, true, PF, 1.0, 0, 2 * 5 * 4 * 70, true, 0},
    {"nsa", "nsa-decode-q1", 2, 3000, 1, 16, 4, 128, 64, 64, 8, 2, 0, true, DC, 1.0, 0, 0, false, 0},
    {"nsa", "nsa-decode-q4", 1, 3001, 4, 16, 1, 64, 64, 128, 8, 3, 0, true, DC, 3.9, 0, 0, false, 0},
    {"nsa", "nsa-decode-q8", 1, 2999, 8, 8, 8, 64, 64, 16, 6, 1, 0, true, DC, 1.0, 0, 0, false, 0},
    /* nsaw-*: variant ws only (Bk 128, d 128 prefill, G 4..32): tiles of 32 / 8 / 16 tokens */
    {"nsa", "nsaw-g4-n1000", 1, 1000, 1000, 16, 4, 128, 64, 128, 4, 1, 0, true, PF, 1.0, 0, 0, true, 0},
    {"nsa", "nsaw-g16-b2-n3000", 2, 3000, 3000, 16, 1, 128, 64, 128, 6, 2, 0, true, PF, 3.9, 0, 0, false, 0},
    {"nsa", "nsaw-g8-n2000", 1, 2000, 2000, 16, 2, 128, 64, 128, 5, 1, 0, true, PF, 1.0, 0, 0, false, 0},
    {"nsa", "nsaw-ties", 1, 1200, 1200, 16, 4, 128, 64, 128, 5, 1, 0, true, PF, 1.0, PLANT_TIES, 0, false, 0},
    {"nsa", "nsaw-chunked", 2, 700, 700, 16, 4, 128, 64, 128, 4, 1, 0, true, PF, 1.0, 0, 4 * 4 * 4 * 70, true, 0},
    {"quest", "quest-q1", 2, 3000, 1, 16, 4, 128, 64, 64, 8, 1, 0, true, DC, 1.0, 0, 0, true, 0},
    {"quest", "quest-q3-g16", 1, 3001, 3, 16, 1, 64, 64, 128, 8, 1, 0, true, DC, 1.0, 0, 0, false, 0},
    {"quest", "quest-q8-g1", 1, 2999, 8, 8, 8, 64, 64, 16, 6, 1, 0, true, DC, 3.9, 0, 0, false, 0},
    {"quest", "quest-full-q4", 1, 2000, 4, 16, 4, 128, 64, 32, 10, 1, 0, false, DC, 1.0, 0, 0, false, 0},
    {"quest", "quest-ties-q2", 1, 4000, 2, 8, 2, 64, 64, 32, 16, 1, 0, true, DC, 1.0, PLANT_TIES, 0, false, 0},
    {"quest", "quest-fewpages", 1, 100, 2, 8, 2, 64, 64, 64, 4, 1, 0, true, DC, 1.0, 0, 0, false, 0},
    {"dsa", "dsa-g4-n1000", 1, 1000, 1000, 16, 4, 128, 64, 64, 0, 1, 64, true, PF, 1.0, 0, 0, true, 0},
    {"dsa", "dsa-grid-b2-n777", 2, 777, 777, 16, 1, 64, 128, 64, 0, 1, 100, true, PF, 1.0, PLANT_GRID, 0, false, 0},
    {"dsa", "dsa-ties", 1, 900, 900, 8, 2, 128, 64, 64, 0, 1, 50, true, PF, 1.0, PLANT_TIES, 0, false, 0},
    {"dsa", "dsa-full", 1, 700, 700, 8, 2, 64, 64, 64, 0, 1, 80, false, PF, 1.0, PLANT_GRID, 0, false, 0},
    {"dsa", "dsa-d256", 1, 600, 600, 4, 2, 256, 64, 64, 0, 1, 40, true, PF, 3.9, 0, 0, false, 0},
    {"dsa", "dsa-wide", 1, 300, 300, 4, 1, 128, 64, 64, 0, 1, 500, true, PF, 1.0, PLANT_GRID, 0, false, 0},
    {"dsa", "dsa-chunked", 2, 800, 800, 8, 2, 64, 64, 64, 0, 1, 64, true, PF, 1.0, PLANT_GRID, 2 * 800 * 4 * 50, true, 0},
    {"dsa", "dsa-decode-q1", 2, 5000, 1, 16, 4, 128, 128, 64, 0, 1, 256, true, DC, 1.0, 0, 0, false, 0},
    {"dsa", "dsa-fp8-g4-n1000", 1, 1000, 1000, 16, 4, 128, 128, 64, 0, 1, 64, true, PF, 1.0, 0, 0, true, 0},
    {"dsa", "dsa-fp8-decode-q4", 1, 5000, 4, 16, 4, 128, 64, 64, 0, 1, 256, true, DC, 1.0, 0, 0, false, 0},
    {"dsa", "dsa-decode-q7", 1, 20001, 7, 16, 1, 64, 64, 64, 0, 1, 2048, true, DC, 1.0, PLANT_GRID, 0, false, 0},
    {"dsa", "dsa-g24", 1, 500, 500, 48, 2, 64, 64, 64, 0, 1, 100, true, PF, 1.0, PLANT_GRID, 0, false, 0},
    /* tc's top-k (dsa_topk.cu): the threshold among ~2800 exact zeros (fewer than 256 positive
       scores), in the shared-memory candidates and (cap 64) through the overflow path; a grid
       threshold bucket over 16 candidates; 4096 tokens, its limit */
    {"dsa", "dsa-relu-ties", 1, 3000, 3000, 8, 2, 64, 64, 64, 0, 1, 256, true, PF, 1.0, PLANT_RELU, 0, false, 0},
    {"dsa", "dsa-relu-ties-overflow", 1, 3000, 3000, 8, 2, 64, 64, 64, 0, 1, 256, true, PF, 1.0, PLANT_RELU, 0, false, 64},
    {"dsa", "dsa-decode-q7-overflow", 1, 20001, 7, 16, 1, 64, 64, 64, 0, 1, 2048, true, DC, 1.0, PLANT_GRID, 0, false, 16},
    {"dsa", "dsa-decode-t4096", 1, 20001, 3, 8, 2, 64, 64, 64, 0, 1, 4096, true, DC, 1.0, PLANT_GRID, 0, false, 0},
};
/* clang-format on */

/* One test: a case (or a stage check of it) with one implementation. */
struct job {
    const struct ccase *tc;
    const char *variant;
    char name[96];
};

/* The variants a case runs: v1, and for dsa, moba and nsa tc too (fp8 cases: fp8 and tc_fp8;
 * nsaw cases: nsa's ws alone). */
static int case_variants(const struct ccase *tc, const char *v[2]) {
    const bool fp8 = strstr(tc->name, "fp8") != NULL;
    if (strncmp(tc->name, "nsaw-", 5) == 0) {
        v[0] = "ws";
        return 1;
    }
    v[0] = fp8 ? "fp8" : "v1";
    v[1] = fp8 ? "tc_fp8" : "tc";
    return strcmp(tc->method, "quest") == 0 ? 1 : 2;
}

static void test_case(void **state) {
    const struct job *j = *state;
    run_case(j->tc, j->variant, 5000 + (uint64_t)(j->tc - cases));
}

/* The stage checks: one small case per implementation (chunked where the case is). */
static const struct {
    const char *test, *ccase;
} stage_cases[] = {
    {"stages-moba-chunked", "moba-chunked"}, {"stages-moba-kv-bk16", "moba-kv-bk16"},
    {"stages-nsa-chunked", "nsa-chunked"},   {"stages-quest-q1", "quest-q1"},
    {"stages-dsa-chunked", "dsa-chunked"},   {"stages-dsa-fp8-g4-n1000", "dsa-fp8-g4-n1000"},
    {"stages-nsaw-chunked", "nsaw-chunked"},
};

static void test_stages(void **state) {
    const struct job *j = *state;
    run_stages_case(j->tc, j->variant, 7000 + (uint64_t)(j->tc - cases));
}

static void test_registered(void **state) {
    (void)state;
    static const char *const names[] = {"moba", "nsa", "quest", "dsa"};
    for (size_t i = 0; i < 4; i++) {
        const struct attn_impl *im = attn_registry_find(names[i], "cuda", "v1");
        if (!im)
            fail_msg("%s/cuda/v1 is not registered", names[i]);
        assert_true((im->flags & ATTN_F_DEVICE) != 0);
    }
    const struct attn_impl *f8 = attn_registry_find("dsa", "cuda", "fp8");
    const struct attn_impl *tc = attn_registry_find("dsa", "cuda", "tc");
    const struct attn_impl *tf8 = attn_registry_find("dsa", "cuda", "tc_fp8");
    assert_non_null(f8);
    assert_non_null(tc);
    assert_non_null(tf8);
    assert_true((f8->flags & ATTN_F_KIDX_FP8) != 0);
    assert_true((tf8->flags & ATTN_F_KIDX_FP8) != 0);
    assert_true((tc->flags & (ATTN_F_DEVICE | ATTN_F_KIDX_FP8)) == ATTN_F_DEVICE);
    /* tc: moba and nsa, listed before v1 (the one a NULL variant finds) */
    for (size_t i = 0; i < 2; i++) {
        const struct attn_impl *im = attn_registry_find(names[i], "cuda", "tc");
        if (!im)
            fail_msg("%s/cuda/tc is not registered", names[i]);
        assert_true((im->flags & ATTN_F_DEVICE) != 0);
        assert_ptr_equal(attn_registry_find(names[i], "cuda", NULL), im);
    }
    /* stages: the fused selection is one "index" stage; dsa's three kernels three */
    for (size_t i = 0; i < 5; i++) {
        const struct attn_impl *im = attn_registry_find(names[i % 3], "cuda", i < 3 ? "v1" : "tc");
        assert_int_equal(im->n_stages, 2);
        assert_string_equal(im->stage_names[0], "index");
        assert_string_equal(im->stage_names[1], "attn");
    }
    /* nsa ws: tc's two stages; Bk 128, d 128 prefill only, refused with a reason elsewhere */
    const struct attn_impl *nw = attn_registry_find("nsa", "cuda", "ws");
    assert_non_null(nw);
    assert_int_equal(nw->n_stages, 2);
    assert_string_equal(nw->stage_names[0], "index");
    assert_string_equal(nw->stage_names[1], "attn");
    {
        struct attn_shape ws = {1, 1000, 1000, 16, 4, 128, 64, ATTN_PREFILL, true};
        struct attn_params wp;
        attn_params_defaults(&wp);
        wp.block_size = 128;
        wp.topk = 4;
        const char *wy = NULL;
        assert_true(nw->supports(&ws, &wp, &wy));
        wp.block_size = 64;
        assert_false(nw->supports(&ws, &wp, &wy));
        assert_non_null(wy);
        wp.block_size = 128;
        ws.heads_kv = 8; /* 2 heads a group: 64 tokens a tile, beyond the 32-bit token masks */
        wy = NULL;
        assert_false(nw->supports(&ws, &wp, &wy));
        assert_non_null(wy);
        ws.heads_kv = 4;
        ws.mode = ATTN_DECODE;
        ws.q_len = 2;
        wy = NULL;
        assert_false(nw->supports(&ws, &wp, &wy));
        assert_non_null(wy);
    }
    const struct attn_impl *dv[4] = {attn_registry_find("dsa", "cuda", "v1"), f8, tc, tf8};
    for (size_t i = 0; i < 4; i++) {
        assert_int_equal(dv[i]->n_stages, 3);
        assert_string_equal(dv[i]->stage_names[0], "index");
        assert_string_equal(dv[i]->stage_names[1], "topk");
        assert_string_equal(dv[i]->stage_names[2], "attn");
    }
    struct attn_shape s = {1, 1000, 1000, 16, 4, 96, 64, ATTN_PREFILL, true};
    struct attn_params p;
    attn_params_defaults(&p);
    const char *why = NULL;
    assert_false(attn_registry_find("moba", "cuda", "v1")->supports(&s, &p, &why)); /* d 96 */
    assert_non_null(why);
    for (size_t i = 0; i < 4; i++) {
        why = NULL;
        assert_false(dv[i]->supports(&s, &p, &why)); /* d 96 */
        assert_non_null(why);
    }
    for (size_t i = 0; i < 2; i++) {
        why = NULL;
        assert_false(attn_registry_find(names[i], "cuda", "tc")->supports(&s, &p, &why));
        assert_non_null(why);
    }
    /* tc refuses, with a reason, blocks beyond its shared-memory row and logits buffer */
    struct attn_shape big = {1, (int64_t)1 << 30, 1, 64, 4, 128, 64, ATTN_DECODE, true};
    p.block_size = 128;
    why = NULL;
    assert_false(attn_registry_find("moba", "cuda", "tc")->supports(&big, &p, &why));
    assert_non_null(why);
    p.block_size = 64;
    s.head_dim = 128;
    assert_false(attn_registry_find("quest", "cuda", "v1")->supports(&s, &p, &why)); /* prefill */
    /* dsa tc and tc_fp8: their top-k keeps at most 4096 tokens (said why); v1 and fp8 any */
    struct attn_shape wide = {1, 10000, 1, 16, 4, 128, 64, ATTN_DECODE, true};
    p.dsa_tokens = 8192;
    for (size_t i = 0; i < 4; i++) {
        why = NULL;
        assert_int_equal(dv[i]->supports(&wide, &p, &why), i < 2);
        if (i >= 2)
            assert_non_null(why);
    }
}

int main(int argc, char **argv) {
    if (!attn_device_available())
        return 77;
    const bool small_only = argc > 1 && strcmp(argv[1], "small") == 0;
    const char *filter = argc > 1 && !small_only ? argv[1] : NULL;
    enum { NC = sizeof cases / sizeof cases[0], NS = sizeof stage_cases / sizeof stage_cases[0] };
    static struct job jobs[2 * (NC + NS)];
    struct CMUnitTest tests[1 + 2 * (NC + NS)];
    size_t n = 0, nj = 0;
    tests[n++] = (struct CMUnitTest)cmocka_unit_test(test_registered);
    for (size_t j = 0; j <= NS; j++) /* j 0: the cases; j > 0: stage check j - 1 */
        for (size_t i = 0; i < NC; i++) {
            const bool stage = j > 0;
            if (stage && strcmp(cases[i].name, stage_cases[j - 1].ccase) != 0)
                continue;
            const char *v[2];
            const int nv = case_variants(&cases[i], v);
            for (int k = 0; k < nv; k++) {
                struct job *jb = &jobs[nj];
                jb->tc = &cases[i];
                jb->variant = v[k];
                snprintf(jb->name, sizeof jb->name, "%s/%s",
                         stage ? stage_cases[j - 1].test : cases[i].name, v[k]);
                if ((small_only && !cases[i].small) || (filter && !strstr(jb->name, filter)))
                    continue;
                nj++;
                tests[n++] =
                    (struct CMUnitTest){jb->name, stage ? test_stages : test_case, NULL, NULL, jb};
            }
        }
    return _cmocka_run_group_tests("gpu_contemp", tests, n, NULL, NULL);
}
#else
int main(void) {
    return 77;
}
#endif
