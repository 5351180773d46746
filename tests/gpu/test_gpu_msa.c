/* test_gpu_msa.c - MSA (q_outer, kv_outer, kv_outer_bf16, kv_outer_wgmma in its CTA, wg and
 * wg2 forms, kv_outer_wgp, ws) on CUDA against the float64 oracles, on inputs rounded to bf16
 * once on the host (SPEC §8).  BigBird's cases are test_gpu_bigbird.c's; the inputs, rows,
 * output check and device run both use are gpu_cases.h's.
 *
 * Per case and implementation:
 *  - selection (MSA): every row has the local block floor(pos/Bk) in the last
 *    valid slot and -1 padding after it, exactly; the ranked blocks are
 *    distinct visible non-local blocks, as many as the ref keeps, each with a
 *    float64 block score >= the ref's k-1-th best score minus one bf16 step of
 *    it, and in descending score order (same slack).  How many rows equal the
 *    ref's selection exactly is printed (and must be >= 90%);
 *  - output: rel L2 <= 1e-2 and max-abs <= 2x a naive bf16 computation, both
 *    against the float64 block-sparse oracle on the implementation's own
 *    selection; NaN never passes; O and sel are poisoned before each run;
 *  - end to end against attn_msa_ref on the rows whose selection matches;
 *  - run() == run_stage(0..n-1) bit for bit (also with several query chunks);
 *  - every Top-k version (msa_cuda_set_topk_version 2..5): v2 through the
 *    checks above, 3..5 must reproduce v2's selection on every row and its
 *    output, bit for bit (q_outer at every index and Top-k version; the other
 *    variants, which read the same selection, at the default index with v2);
 * Shapes: N not a multiple of Bk, GQA 1/4/16 (and 64, 128 for kv_outer_wgmma's forms),
 * decode q_len 1..8, large logits, a hot block every query picks (KV-outer work
 * splitting), forced query chunking, non-causal, Bk 16..256, Top-k rows of 0..8750
 * candidates (every count up to 1249, 2047/2048, 4095/4096, 4375, 8750: the kernels'
 * classes and their edges), tied block scores.  q_outer runs every prefill case with the
 * index kernels mma.sync, wgmma, ws_uni and ws_rs_uni (sm_90a), and "index" checks the
 * index stage alone (all kernel versions) against float64 block scores.
 *   test_gpu_msa          all cases
 *   test_gpu_msa small    a few small cases (for compute-sanitizer)
 *   test_gpu_msa NAME     the cases whose name contains NAME ("index": the index check)
 * Exits 77 without a GPU. */
#include "testutil.h"

#include "alloc.h"
#include "attn.h"
#include "common/blocksparse.h"
#include "device.h"
#include "msa/msa_cuda.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#ifdef MSABENCH_HAVE_CUDA
#include "gpu_cases.h"

/* Float64 block scores of (b, t, group r) from the bf16-rounded index inputs. */
static void ref_block_scores(const struct inputs *in, int64_t b, int64_t t, int64_t r, double *bs) {
    const struct attn_shape *s = &in->s;
    const int64_t N = s->seq_len, di = s->index_dim, bk = in->p.block_size;
    const int64_t nb = attn_nblocks(N, bk), pos = attn_qpos(s, t);
    const int64_t nvis = s->causal ? pos + 1 : N;
    const double *qr = in->qid + ((b * s->q_len + t) * s->heads_kv + r) * di;
    for (int64_t i = 0; i < nb; i++)
        bs[i] = -INFINITY;
    for (int64_t j = 0; j < nvis; j++) {
        const double *kr = in->kid + (b * N + j) * di;
        double acc = 0;
        for (int64_t c = 0; c < di; c++)
            acc += qr[c] * kr[c];
        acc /= sqrt((double)di);
        if (acc > bs[j / bk])
            bs[j / bk] = acc;
    }
}

static int cmp_desc(const void *a, const void *b) {
    const double x = *(const double *)a, y = *(const double *)b;
    return x < y ? 1 : x > y ? -1 : 0;
}

/* One bf16 rounding step (ulp) at x. */
static double bf16_step(double x) {
    return x == 0 ? 0x1p-133 : ldexp(1.0, ilogb(x) - 7);
}

/* The selection rules of the header; fails the test with the row on a violation. */
static void check_msa_sel(const struct inputs *in, const int32_t *sel, const int64_t *rows,
                          int64_t nr, const char *who) {
    const struct attn_shape *s = &in->s;
    const int64_t bk = in->p.block_size, k = in->p.topk, nb = attn_nblocks(s->seq_len, bk);
    double *bs = malloc((size_t)nb * sizeof *bs), *cand = malloc((size_t)nb * sizeof *cand);
    assert_non_null(bs);
    assert_non_null(cand);
    for (int64_t b = 0; b < s->batch; b++)
        for (int64_t r = 0; r < s->heads_kv; r++)
            for (int64_t i = 0; i < nr; i++) {
                const int64_t t = rows[i], pos = attn_qpos(s, t), local = pos / bk;
                const int64_t cend = s->causal ? local : nb;
                const int32_t *row = sel + ((b * s->heads_kv + r) * s->q_len + t) * k;
                ref_block_scores(in, b, t, r, bs);
                int64_t nc = 0;
                for (int64_t c = 0; c < cend; c++)
                    if (c != local)
                        cand[nc++] = bs[c];
                qsort(cand, (size_t)nc, sizeof *cand, cmp_desc);
                const int64_t n = nc < k - 1 ? nc : k - 1;
                const double kth = n > 0 ? cand[n - 1] : 0, tol = bf16_step(kth);
                if (row[n] != local)
                    fail_msg("%s: b=%lld r=%lld t=%lld: slot %lld holds %d, local block is %lld",
                             who, (long long)b, (long long)r, (long long)t, (long long)n, row[n],
                             (long long)local);
                for (int64_t a = n + 1; a < k; a++)
                    if (row[a] != -1)
                        fail_msg("%s: b=%lld r=%lld t=%lld: slot %lld holds %d, expected -1", who,
                                 (long long)b, (long long)r, (long long)t, (long long)a, row[a]);
                for (int64_t a = 0; a < n; a++) {
                    const int32_t x = row[a];
                    if (x < 0 || x >= cend || x == local)
                        fail_msg("%s: b=%lld r=%lld t=%lld: slot %lld holds %d, not a candidate",
                                 who, (long long)b, (long long)r, (long long)t, (long long)a, x);
                    for (int64_t c = 0; c < a; c++)
                        if (row[c] == x)
                            fail_msg("%s: t=%lld: block %d twice", who, (long long)t, x);
                    if (!(bs[x] >= kth - tol))
                        fail_msg(
                            "%s: b=%lld r=%lld t=%lld: block %d scores %.9g < k-th %.9g - %.3g",
                            who, (long long)b, (long long)r, (long long)t, x, bs[x], kth, tol);
                    if (a > 0 && !(bs[row[a - 1]] >= bs[x] - bf16_step(bs[x])))
                        fail_msg("%s: t=%lld: slots %lld, %lld out of score order (%.9g, %.9g)",
                                 who, (long long)t, (long long)a - 1, (long long)a, bs[row[a - 1]],
                                 bs[x]);
                }
            }
    free(bs);
    free(cand);
}

static void msa_case(const struct tcase *tc, uint64_t seed) {
    struct inputs in;
    make_inputs(&in, tc, seed);
    int64_t *rows = NULL;
    const int64_t nr = pick_rows(&in.s, &rows);
    const int64_t k = tc->k;
    const size_t nsel = (size_t)(tc->B * tc->Hkv * tc->q_len * k);
    printf("  %s: B=%lld N=%lld q=%lld Hq=%lld Hkv=%lld d=%lld di=%lld Bk=%d k=%d %s %s "
           "sigma=%.1f%s%s (%lld rows checked)\n",
           tc->name, (long long)tc->B, (long long)tc->N, (long long)tc->q_len, (long long)tc->Hq,
           (long long)tc->Hkv, (long long)tc->d, (long long)tc->di, tc->bk, tc->k,
           tc->mode == ATTN_DECODE ? "decode" : "prefill", tc->causal ? "causal" : "full",
           tc->sigma,
           tc->plant == PLANT_SINK   ? " sink"
           : tc->plant == PLANT_TIES ? " ties"
                                     : "",
           tc->cap_idx ? " chunked" : "", (long long)nr);

    /* float64 ref on the checked rows: its selection and output */
    const struct attn_impl *ref = attn_registry_ref("msa");
    assert_non_null(ref);
    int32_t *rsel = malloc(nsel * sizeof *rsel);
    double *oref = calloc(in.nq, sizeof *oref);
    assert_non_null(rsel);
    assert_non_null(oref);
    {
        void *rctx = NULL, *rws = NULL;
        const size_t rwsz = ref->workspace_size(&in.s, &in.p);
        rws = rwsz ? attn_host_alloc(rwsz) : NULL;
        assert_int_equal(ref->init(&rctx, &in.s, &in.p, rws, NULL), ATTN_OK);
        struct attn_io rio = {in.qd, in.kd, in.vd, in.qid, in.kid, oref, rsel, rows, nr};
        if (ref->run(rctx, &rio) != ATTN_OK)
            fail_msg("msa ref: %s", attn_last_error());
        ref->free(rctx);
        attn_host_free(rws);
    }

    msa_cuda_set_chunk_bytes(tc->cap_idx, tc->cap_part);
    /* kv_outer_bf16: kv_outer with bf16 partials, held to the same bounds; kv_outer_wgmma:
     * its attention on wgmma, prefill at d 128 / Bk 128 on sm_90a only (elsewhere skipped,
     * and a failure where it must run) */
    enum { NV = 8 };
    static const char *const variants[NV] = {
        "q_outer",        "kv_outer",     "kv_outer_bf16",  "kv_outer_wgmma",
        "kv_outer_wgmma", "kv_outer_wgp", "kv_outer_wgmma", "ws"};
    /* the fifth: kv_outer_wgmma's form "wg" (msa_cuda_set_kv_wgmma_form(1)), prefill only;
     * the sixth, kv_outer_wgp, runs with the process's form set to the CTA one, which it
     * must ignore (it holds 64 rows a warpgroup: more heads a group are skipped); the
     * seventh: form "wg2" (3), wg with one Q buffer and two CTAs an SM; the eighth, ws:
     * flash ws_v1 over the union of each tile's tokens' blocks (G 4..128 dividing 128) */
    static const int vform[NV] = {0, 0, 0, 0, 1, 0, 3, 0};
    static const char *const fname[4] = {"", "/wg", "", "/wg2"};
    const bool w_runs =
        tc->mode == ATTN_DECODE || (tc->d == 128 && tc->bk == 128 && msa_cuda_kv_wgmma_available());
    /* prefill: every case with the index kernels mma.sync, wgmma, ws_uni and ws_rs_uni (the
     * default on sm_90a) (ws and its other forms: the "index" check); decode uses its
     * own index kernels whatever the setting */
    static const char *const iname[4] = {"mma", "wgmma", "ws_uni", "ws_rs_uni"};
    static const int iver[4] = {MSA_INDEX_MMA, MSA_INDEX_WGMMA, MSA_INDEX_WS_UNI,
                                MSA_INDEX_WS_RS_UNI};
    const int niv = tc->mode == ATTN_PREFILL ? 4 : 1;
    for (int iv = 0; iv < niv; iv++) {
        msa_cuda_set_index_version(iver[iv]);
        /* every Top-k version (msa_topk.cu): v2 is checked against the oracles, the
         * others must give v2's selection and output bit for bit (same contract) */
        static const int versions[4] = {2, 3, 4, 5};
        const int ver0 = msa_cuda_topk_version();
        int32_t *sel_v2[NV] = {NULL};
        float *o_v2[NV] = {NULL};
        for (int vv = 0; vv < 4; vv++) {
            assert_int_equal(msa_cuda_set_topk_version(versions[vv]), ATTN_OK);
            unsigned long long ovf = 0;
            assert_int_equal(msa_cuda_topk_overflows(&ovf), ATTN_OK); /* reset */
            for (int vi = 0; vi < NV; vi++) {
                if (vi >= 4 && tc->mode != ATTN_PREFILL)
                    continue; /* decode never runs the KV-outer attention */
                /* every variant reads the selection the index and Top-k kernels write, and
                 * q_outer checks it at every (index, Top-k) version; the other variants run
                 * at the last index version (the default on sm_90a) with Top-k v2 (a fifth of
                 * the device time of every variant at every pair) */
                if (vi > 0 && (iv != niv - 1 || vv != 0))
                    continue;
                const struct attn_impl *im = attn_registry_find("msa", "cuda", variants[vi]);
                assert_non_null(im);
                msa_cuda_set_kv_wgmma_form(vform[vi]);
                const char *why = NULL;
                const bool sup = im->supports(&in.s, &in.p, &why);
                const int64_t gq = tc->Hq / tc->Hkv;
                const bool w_want =
                    w_runs && (vi != 5 || tc->mode == ATTN_DECODE || tc->Hq <= 64 * tc->Hkv) &&
                    (vi != 7 || (gq >= 4 && 128 % gq == 0 && tc->k <= 64));
                if (vi >= 3 && sup != w_want)
                    fail_msg("msa/%s on %s: supports() says %d, expected %d (%s)", variants[vi],
                             tc->name, sup, w_want, why ? why : "");
                if (vi >= 3 && !sup) {
                    if (iv == niv - 1 && vv == 0 && (vi == 3 || (vi >= 5 && w_runs)))
                        printf("    msa/%s skipped on %s: %s\n", variants[vi], tc->name, why);
                    continue;
                }
                if (!sup)
                    fail_msg("msa/%s does not support %s: %s", variants[vi], tc->name, why);
                float *o = malloc(in.nq * sizeof *o), *o2 = malloc(in.nq * sizeof *o2);
                int32_t *sel = malloc(nsel * sizeof *sel), *sel2 = malloc(nsel * sizeof *sel2);
                assert_non_null(o);
                assert_non_null(o2);
                assert_non_null(sel);
                assert_non_null(sel2);
                device_run(im, &in, false, o, sel, nsel);
                device_run(im, &in, true, o2, sel2, nsel);
                if (memcmp(sel, sel2, nsel * sizeof *sel) != 0)
                    fail_msg("msa/%s: staged selection differs from run()", variants[vi]);
                if (memcmp(o, o2, in.nq * sizeof *o) != 0)
                    fail_msg("msa/%s: staged output differs from run()", variants[vi]);

                char who[64];
                snprintf(who, sizeof who, "msa/%s%s %s topk v%d", variants[vi], fname[vform[vi]],
                         iname[iv], versions[vv]);
                check_msa_sel(&in, sel, rows, nr, who);
                if (vv > 0) { /* same as v2, every row */
                    int64_t diff = 0, first = -1;
                    for (size_t i = 0; i < nsel; i += (size_t)k)
                        if (memcmp(sel + i, sel_v2[vi] + i, (size_t)k * sizeof *sel) != 0) {
                            first = first < 0 ? (int64_t)(i / (size_t)k) : first;
                            diff++;
                        }
                    if (diff)
                        fail_msg("%s: %lld rows differ from topk v2 (first: row %lld)", who,
                                 (long long)diff, (long long)first);
                    if (memcmp(o, o_v2[vi], in.nq * sizeof *o) != 0)
                        fail_msg("%s: output differs from topk v2's", who);
                    printf("    %-26s selection and output = v2's on all %zu rows\n", who,
                           nsel / (size_t)k);
                    free(o), free(o2), free(sel), free(sel2);
                    continue;
                }
                check_output(&in, o, sel, tc->k, rows, nr, who);
                /* wgp and wg2 do wg's arithmetic in another schedule: the same bits */
                if ((vi == 5 || vi == 6) && o_v2[4] && memcmp(o, o_v2[4], in.nq * sizeof *o) != 0)
                    fail_msg("%s: output differs from form wg's", who);

                /* end to end against the ref on rows whose selection is the ref's */
                int64_t same = 0, total = 0;
                double num = 0, den = 0;
                for (int64_t b = 0; b < tc->B; b++)
                    for (int64_t r = 0; r < tc->Hkv; r++)
                        for (int64_t i = 0; i < nr; i++) {
                            const size_t so =
                                (size_t)(((b * tc->Hkv + r) * tc->q_len + rows[i]) * k);
                            total++;
                            if (memcmp(sel + so, rsel + so, (size_t)k * sizeof *sel) != 0)
                                continue;
                            same++;
                            const int64_t G = tc->Hq / tc->Hkv;
                            const size_t oo =
                                (size_t)(((b * tc->q_len + rows[i]) * tc->Hq + r * G) * tc->d);
                            for (size_t c = 0; c < (size_t)(G * tc->d); c++) {
                                const double x = o[oo + c], y = oref[oo + c];
                                num += (x - y) * (x - y);
                                den += y * y;
                            }
                        }
                const double rel = den > 0 ? sqrt(num / den) : 0;
                printf("    %-26s selection = ref on %lld/%lld rows, end-to-end rel %.2e there\n",
                       who, (long long)same, (long long)total, rel);
                if (same * 10 < total * 9)
                    fail_msg("%s: only %lld of %lld rows select what the ref selects", who,
                             (long long)same, (long long)total);
                if (!(rel <= 1e-2))
                    fail_msg("%s: end-to-end rel L2 %.3e > 1e-2", who, rel);
                sel_v2[vi] = sel;
                o_v2[vi] = o;
                free(o2), free(sel2);
            }
            assert_int_equal(msa_cuda_topk_overflows(&ovf), ATTN_OK);
            if (versions[vv] != 2)
                printf("    topk v%d: %llu warp chunks took the bisection path\n", versions[vv],
                       ovf);
        }
        assert_int_equal(msa_cuda_set_topk_version(ver0), ATTN_OK);
        for (int vi = 0; vi < NV; vi++)
            free(sel_v2[vi]), free(o_v2[vi]);
        msa_cuda_set_kv_wgmma_form(MSA_KV_WGMMA_FORM_DEFAULT);
    }
    msa_cuda_set_index_version(MSA_INDEX_DEFAULT);
    msa_cuda_set_chunk_bytes(0, 0);
    free(rsel);
    free(oref);
    free(rows);
    free_inputs(&in);
}

/* Chunk budgets that force several query chunks: ~90 rows of block scores,
 * ~70 rows of partials (both variants' index chunks; kv_outer's attention). */
#define CAP_IDX(B, Hkv, nb) ((size_t)(B) * (Hkv) * (nb)*4 * 90)
#define CAP_PART(B, Hq, Hkv, k, d)                                                                 \
    (((size_t)(B) * (Hq) * (k) * ((d)*4 + 4) + (size_t)(B) * (Hkv) * (k)*4) * 70)

static const struct tcase cases[] = {
    /* name          B  N     q     Hq  Hkv d    di   bk   k   causal mode         sigma plant caps
       small */
    {"g16-n1000", 1, 1000, 1000, 16, 1, 128, 128, 64, 8, true, ATTN_PREFILL, 1.0, false, 0, 0,
     false},
    {"g4-b2-n777", 2, 777, 777, 16, 4, 64, 64, 32, 6, true, ATTN_PREFILL, 1.0, false, 0, 0, true},
    {"g1-bk128", 1, 1500, 1500, 8, 8, 128, 64, 128, 4, true, ATTN_PREFILL, 1.0, false, 0, 0, false},
    /* d 128 / Bk 128 (kv_outer_wgmma's shapes): GQA 16 and 4, large logits, a hot block,
     * forced chunks, non-causal */
    {"w-g16-n1000", 1, 1000, 1000, 16, 1, 128, 128, 128, 4, true, ATTN_PREFILL, 1.0, false, 0, 0,
     true},
    {"w-g4-b2-n1300-ll", 2, 1300, 1300, 16, 4, 128, 64, 128, 5, true, ATTN_PREFILL, 3.9, false, 0,
     0, false},
    {"w-hot-g16", 1, 2000, 2000, 32, 2, 128, 128, 128, 4, true, ATTN_PREFILL, 1.0, true, 0, 0,
     false},
    {"w-chunked-g16", 1, 2100, 2100, 32, 2, 128, 128, 128, 4, true, ATTN_PREFILL, 1.0, false,
     CAP_IDX(1, 2, 17), CAP_PART(1, 32, 2, 4, 128), false},
    {"w-non-causal", 1, 900, 900, 8, 2, 128, 128, 128, 3, false, ATTN_PREFILL, 1.0, false, 0, 0,
     false},
    /* N a multiple of 128 (whole tiles; ws: 16 tokens a tile) */
    {"w-g8-n2048", 1, 2048, 2048, 16, 2, 128, 128, 128, 6, true, ATTN_PREFILL, 1.0, false, 0, 0,
     false},
    /* 64 heads a group: form wg's edge (one query a half-tile); 128: the CTA form runs even
     * where form wg is set (one query a tile) */
    {"w-g64-n700", 1, 700, 700, 64, 1, 128, 128, 128, 3, true, ATTN_PREFILL, 1.0, false, 0, 0,
     false},
    {"w-g128-n600", 1, 600, 600, 128, 1, 128, 128, 128, 3, true, ATTN_PREFILL, 1.0, false, 0, 0,
     false},
    {"bk16-topk-cta", 1, 5000, 5000, 4, 2, 64, 64, 16, 16, true, ATTN_PREFILL, 1.0, false, 0, 0,
     false},
    {"large-logits", 1, 900, 900, 16, 4, 128, 128, 64, 4, true, ATTN_PREFILL, 3.9, false, 0, 0,
     false},
    {"hot-block", 1, 2000, 2000, 32, 2, 128, 128, 32, 4, true, ATTN_PREFILL, 1.0, true, 0, 0,
     false},
    {"chunked", 2, 1200, 1200, 8, 2, 64, 128, 64, 5, true, ATTN_PREFILL, 1.0, false,
     CAP_IDX(2, 2, 19), CAP_PART(2, 8, 2, 5, 64), true},
    {"non-causal", 1, 700, 700, 8, 2, 64, 64, 64, 4, false, ATTN_PREFILL, 1.0, false, 0, 0, false},
    {"bk256", 1, 1100, 1100, 16, 4, 128, 128, 256, 3, true, ATTN_PREFILL, 1.0, false, 0, 0, false},
    {"decode-q1", 2, 3000, 1, 16, 4, 128, 128, 64, 8, true, ATTN_DECODE, 1.0, false, 0, 0, false},
    {"decode-q2", 2, 3000, 2, 16, 4, 128, 128, 64, 8, true, ATTN_DECODE, 1.0, false, 0, 0, false},
    {"decode-q3", 2, 3000, 3, 16, 4, 128, 128, 64, 8, true, ATTN_DECODE, 1.0, false, 0, 0, true},
    {"decode-q4", 2, 3000, 4, 16, 4, 128, 128, 64, 8, true, ATTN_DECODE, 3.9, false, 0, 0, false},
    {"decode-q5", 1, 3001, 5, 16, 1, 64, 64, 128, 8, true, ATTN_DECODE, 1.0, false, 0, 0, false},
    {"decode-q6", 1, 2999, 6, 8, 8, 64, 128, 32, 8, true, ATTN_DECODE, 1.0, false, 0, 0, false},
    {"decode-q7", 1, 3000, 7, 16, 4, 128, 128, 64, 8, true, ATTN_DECODE, 1.0, true, 0, 0, false},
    {"decode-q8", 1, 1000, 8, 4, 4, 64, 128, 16, 6, true, ATTN_DECODE, 1.0, false, 0, 0, false},
    {"decode-topk-cta", 1, 20000, 3, 16, 1, 64, 64, 64, 16, true, ATTN_DECODE, 1.0, false, 0, 0,
     false},
    {"decode-topk-128", 1, 30000, 4, 8, 2, 64, 64, 16, 32, true, ATTN_DECODE, 1.0, false, 0, 0,
     false},
    {"decode-topk-256", 1, 70000, 2, 8, 2, 64, 64, 16, 16, true, ATTN_DECODE, 1.0, false, 0, 0,
     false},
    {"decode-topk-big", 1, 140000, 2, 8, 2, 64, 64, 16, 16, true, ATTN_DECODE, 1.0, false, 0, 0,
     true},
    /* Top-k row lengths at the kernels' class edges: 1023/1024, 1024/1025,
     * 2047/2048, 4095/4096 candidates; prefill rows of 0..1249 candidates;
     * ties of block scores */
    {"topk-1024", 1, 16387, 4, 8, 2, 64, 64, 16, 16, true, ATTN_DECODE, 1.0, false, 0, 0, false},
    {"topk-1025", 2, 16401, 8, 8, 2, 64, 64, 16, 16, true, ATTN_DECODE, 3.9, false, 0, 0, false},
    {"topk-2048", 1, 32772, 8, 8, 2, 64, 64, 16, 16, true, ATTN_DECODE, 1.0, false, 0, 0, false},
    {"topk-4096", 1, 65540, 8, 8, 2, 64, 64, 16, 12, true, ATTN_DECODE, 1.0, false, 0, 0, false},
    {"topk-bk16-n20000", 1, 20000, 20000, 4, 2, 64, 64, 16, 16, true, ATTN_PREFILL, 1.0, false, 0,
     0, false},
    {"topk-ties", 1, 3000, 3000, 8, 2, 64, 64, 32, 16, true, ATTN_PREFILL, 1.0, PLANT_TIES, 0, 0,
     false},
    {"topk-ties-decode", 1, 40000, 3, 8, 2, 64, 64, 32, 16, true, ATTN_DECODE, 1.0, PLANT_TIES, 0,
     0, false},
    {"topk-ties-full", 1, 1000, 1000, 8, 2, 64, 64, 16, 9, false, ATTN_PREFILL, 1.0, PLANT_TIES, 0,
     0, false},
};

static void test_msa_case(void **state) {
    const struct tcase *tc = *state;
    msa_case(tc, 1000 + (uint64_t)(tc - cases));
}

/* The index stage alone, every kernel version, against float64 block scores:
 * every written score (row t: blocks 0 .. local, or all when not causal) is
 * -inf exactly where the block has no visible key, else within 1e-4 (1 + |ref|)
 * of the ref (fp32 accumulation of 128 bf16 products); scores poisoned (NaN)
 * before each run.  Shapes: N not a multiple of the tile, Hkv 1/2/4, d_idx
 * 64/128, Bk 16..256, a query chunk (t0 > 0), split and unsplit grids, large
 * logits. */
struct icase {
    int64_t B, N, Hkv, di, bk, t0, nt, cq;
    bool causal;
    double sigma;
    int row_step; /* check every row_step-th query row */
};

static void index_case(const struct icase *ic, uint64_t seed) {
    const int64_t nb = (ic->N + ic->bk - 1) / ic->bk;
    const size_t nq = (size_t)(ic->B * ic->N * ic->Hkv * ic->di),
                 nk = (size_t)(ic->B * ic->N * ic->di);
    const size_t ns = (size_t)(ic->B * ic->Hkv * ic->cq * nb);
    float *qf = malloc(nq * sizeof *qf), *kf = malloc(nk * sizeof *kf),
          *sc = malloc(ns * sizeof *sc);
    assert_non_null(qf);
    assert_non_null(kf);
    assert_non_null(sc);
    rng_state = seed;
    for (size_t i = 0; i < nq; i++)
        qf[i] = bf16r(rng_normal() * ic->sigma);
    for (size_t i = 0; i < nk; i++)
        kf[i] = bf16r(rng_normal() * ic->sigma);
    void *dq = NULL, *dk = NULL;
    assert_int_equal(attn_dev_upload_bf16(&dq, qf, nq), ATTN_OK);
    assert_int_equal(attn_dev_upload_bf16(&dk, kf, nk), ATTN_OK);
    float *ds = attn_dev_alloc(ns * sizeof *ds);
    assert_non_null(ds);
    const double scale = 1.0 / sqrt((double)ic->di);
    for (int ver = MSA_INDEX_MMA; ver < MSA_INDEX_NVERSIONS; ver++) {
        assert_int_equal(attn_dev_memset(ds, 0xff, ns * sizeof *ds), ATTN_OK);
        struct msa_cuda_index_call c = {dq,     dk,     ds,     ic->B,  ic->N,  ic->N,      ic->Hkv,
                                        ic->di, ic->bk, ic->t0, ic->nt, ic->cq, ic->causal, ver};
        enum attn_status st = msa_cuda_index_scores(&c, attn_device_stream());
        if (st == ATTN_OK)
            st = attn_dev_sync();
        if (st != ATTN_OK)
            fail_msg("index v%d: %s: %s", ver, attn_status_str(st), attn_last_error());
        assert_int_equal(attn_dev_download_i32((int32_t *)sc, (const int32_t *)ds, ns), ATTN_OK);
        double maxerr = 0;
        int64_t checked = 0;
        for (int64_t b = 0; b < ic->B; b++)
            for (int64_t t = ic->t0; t < ic->t0 + ic->nt; t++) {
                if ((t - ic->t0) % ic->row_step != 0 && t != ic->t0 + ic->nt - 1)
                    continue;
                for (int64_t r = 0; r < ic->Hkv; r++) {
                    const float *q = qf + ((b * ic->N + t) * ic->Hkv + r) * ic->di;
                    const float *row = sc + ((b * ic->Hkv + r) * ic->cq + (t - ic->t0)) * nb;
                    const int64_t nbw = ic->causal ? t / ic->bk + 1 : nb;
                    for (int64_t blk = 0; blk < nbw; blk++) {
                        double best = -INFINITY;
                        for (int64_t j = blk * ic->bk; j < (blk + 1) * ic->bk && j < ic->N; j++) {
                            if (ic->causal && j > t)
                                break;
                            const float *k = kf + (b * ic->N + j) * ic->di;
                            double dot = 0;
                            for (int64_t e = 0; e < ic->di; e++)
                                dot += (double)q[e] * k[e];
                            if (dot * scale > best)
                                best = dot * scale;
                        }
                        const double got = row[blk];
                        checked++;
                        if (isinf(best) || isinf(got)) {
                            if (!(isinf(best) && isinf(got) && got < 0))
                                fail_msg("index v%d: b=%lld t=%lld r=%lld block %lld: %g, ref %g",
                                         ver, (long long)b, (long long)t, (long long)r,
                                         (long long)blk, got, best);
                            continue;
                        }
                        const double err = fabs(got - best);
                        if (!(err <= 1e-4 * (1 + fabs(best))))
                            fail_msg("index v%d: b=%lld t=%lld r=%lld block %lld: %.7g, ref %.7g",
                                     ver, (long long)b, (long long)t, (long long)r, (long long)blk,
                                     got, best);
                        if (err > maxerr)
                            maxerr = err;
                    }
                }
            }
        printf("    index v%d (%s): %lld scores checked, max abs err %.2e\n", ver,
               ver == MSA_INDEX_MMA          ? "mma.sync"
               : ver == MSA_INDEX_WGMMA      ? "wgmma n128 pairs"
               : ver == MSA_INDEX_WGMMA64    ? "wgmma n64"
               : ver == MSA_INDEX_WS         ? "ws (TMA producer)"
               : ver == MSA_INDEX_WS_RS      ? "ws rs (A in registers)"
               : ver == MSA_INDEX_WS_PIPE    ? "ws pipe (tiles in pairs)"
               : ver == MSA_INDEX_WS_RS_PIPE ? "ws rs pipe"
               : ver == MSA_INDEX_WS_UNI     ? "ws uni (warp-uniform mask)"
               : ver == MSA_INDEX_WS_RS_UNI  ? "ws rs uni"
                                             : "wgmma n128 single",
               (long long)checked, maxerr);
    }
    attn_dev_free(dq);
    attn_dev_free(dk);
    attn_dev_free(ds);
    free(qf), free(kf), free(sc);
}

static void test_index_direct(void **state) {
    (void)state;
    static const struct icase ics[] = {
        /* B  N     Hkv di  bk   t0   nt    cq    causal sigma step */
        {2, 1000, 4, 128, 64, 0, 1000, 1000, true, 1.0, 1},
        {1, 777, 1, 64, 32, 0, 777, 777, true, 1.0, 1},
        {1, 1100, 4, 128, 256, 0, 1100, 1100, true, 3.9, 1},
        {1, 700, 2, 64, 16, 0, 700, 700, false, 1.0, 1},
        {1, 1500, 8, 128, 128, 300, 700, 800, true, 1.0, 1},
        {1, 3001, 4, 64, 128, 0, 3001, 3001, true, 1.0, 7},
        {1, 9000, 4, 128, 128, 0, 9000, 9000, true, 1.0, 97}, /* >= 132 row tiles: no split */
        {1, 9000, 4, 128, 64, 0, 9000, 9000, false, 1.0, 131},
    };
    printf("  wgmma index kernel %s on this build/device\n",
           msa_cuda_index_wgmma_available() ? "available" : "NOT available (mma.sync runs)");
    for (size_t i = 0; i < sizeof ics / sizeof ics[0]; i++) {
        const struct icase *ic = &ics[i];
        printf("  index: B=%lld N=%lld Hkv=%lld di=%lld Bk=%lld rows %lld..%lld %s sigma %.1f\n",
               (long long)ic->B, (long long)ic->N, (long long)ic->Hkv, (long long)ic->di,
               (long long)ic->bk, (long long)ic->t0, (long long)(ic->t0 + ic->nt - 1),
               ic->causal ? "causal" : "full", ic->sigma);
        index_case(ic, 3000 + i);
    }
}

static void test_supports(void **state) {
    (void)state;
    struct attn_shape s = {1, 1000, 1000, 16, 4, 96, 128, ATTN_PREFILL, true};
    struct attn_params p;
    attn_params_defaults(&p);
    const char *why = NULL;
    const struct attn_impl *q = attn_registry_find("msa", "cuda", "q_outer");
    const struct attn_impl *kv = attn_registry_find("msa", "cuda", "kv_outer");
    assert_non_null(q);
    assert_non_null(kv);
    assert_false(q->supports(&s, &p, &why)); /* head_dim 96 */
    assert_non_null(why);
    s.head_dim = 128;
    p.block_size = 512;
    assert_false(kv->supports(&s, &p, &why));
    p.block_size = 128;
    assert_true(kv->supports(&s, &p, &why));
    assert_int_equal(kv->n_stages, 4);
    assert_int_equal(q->sel_width(&s, &p), p.topk);
    /* bigbird ws: Bk 128 prefill only, refused with a reason elsewhere */
    const struct attn_impl *bw = attn_registry_find("bigbird", "cuda", "ws");
    assert_non_null(bw);
    assert_true(bw->supports(&s, &p, &why));
    p.block_size = 64;
    why = NULL;
    assert_false(bw->supports(&s, &p, &why));
    assert_non_null(why);
    p.block_size = 128;
    s.mode = ATTN_DECODE;
    s.q_len = 4;
    why = NULL;
    assert_false(bw->supports(&s, &p, &why));
    assert_non_null(why);
}

int main(int argc, char **argv) {
    if (!attn_device_available())
        return 77;
    /* argv[1]: "small" = the sanitizer subset, else a substring of case names */
    const bool small_only = argc > 1 && strcmp(argv[1], "small") == 0;
    const char *filter = argc > 1 && !small_only ? argv[1] : NULL;
    enum { NC = sizeof cases / sizeof cases[0] };
    struct CMUnitTest tests[2 + NC];
    size_t n = 0;
    tests[n++] = (struct CMUnitTest)cmocka_unit_test(test_supports);
    if (!filter || strstr("index", filter))
        tests[n++] = (struct CMUnitTest)cmocka_unit_test(test_index_direct);
    for (size_t i = 0; i < NC; i++)
        if ((!small_only || cases[i].small) && (!filter || strstr(cases[i].name, filter)))
            tests[n++] =
                (struct CMUnitTest){cases[i].name, test_msa_case, NULL, NULL, (void *)&cases[i]};
    return _cmocka_run_group_tests("gpu_msa", tests, n, NULL, NULL);
}
#else
int main(void) {
    return 77;
}
#endif
