/* test_gpu_msa_fp8.c - MSA decode over fp8 (e4m3) index keys (variant
 * msa/cuda/decode_fp8) against the float64 oracle, on bf16-rounded inputs.
 *
 * Per case:
 *  - the key cache (msa_cuda_fp8_kidx_alloc): every key's scale is max|key| /
 *    448, its largest value maps back to max|key|, and every value is within
 *    half an e4m3 step of the bf16 key (relative 2^-4, or 2^-10 of the scale
 *    in the subnormal range);
 *  - the selection under SPEC 8's low-precision rule on the keys the kernel
 *    read (float64 scores of bf16 Qidx . dequantized Kidx): local block last,
 *    -1 padding exact, distinct visible blocks, each >= the (k-1)-th best minus
 *    one bf16 step; and equal to attn_msa_ref's selection on those keys on
 *    >= 90% of (batch, group, row);
 *  - the output against attn_msa_ref on the same keys, over the rows whose
 *    selection matches: rel L2 <= 1e-2, NaN never passes (O and sel poisoned);
 *  - supports() refuses prefill above 64K and decode of more than 8 index rows,
 *    with its reason;
 *  - decode_fp8_pdl (the same kernels, decode launched by programmatic dependent
 *    launch) passes the same checks and gives decode_fp8's O and selection bit
 *    for bit on every case, over 4 calls each (a misplaced wait is a race).
 * kv_outer_fp8idx (prefill, the index on e4m3 tensor cores): its block scores against float64
 * ones on the same rounded queries and keys (every visible block within 2^-10 of sum |q k|),
 * then the checks above, its oracle reading each Qidx row rounded to e4m3 as
 * the kernel rounds it (qidx_fp8.h); it refuses decode and index_dim 64 with the reason.
 * Cases: decode q_len 1..8, G 1..16, d_idx 64/128, Bk 16..256, batch 2, large
 * logits, non-causal, and one prefill (index chunks of 8 / Hkv rows).
 * Printed, not asserted: the share of bf16-key selections the fp8 keys keep.
 *   test_gpu_msa_fp8          all cases
 *   test_gpu_msa_fp8 small    the small case (for compute-sanitizer)
 * Exits 77 without a GPU. */
#include "testutil.h"

#include "alloc.h"
#include "attn.h"
#include "device.h"
#include "msa/msa_cuda.h"
#include "qidx_fp8.h"
#include <cuda_runtime.h>

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#ifdef MSABENCH_HAVE_CUDA
static uint64_t rng_state;
static double rng_u(void) { /* splitmix64 -> (0, 1) */
    uint64_t z = (rng_state += 0x9e3779b97f4a7c15ull);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
    z ^= z >> 31;
    return ((double)(z >> 11) + 0.5) / 9007199254740992.0;
}
static double rng_normal(void) {
    return sqrt(-2.0 * log(rng_u())) * cos(6.283185307179586 * rng_u());
}

struct fcase {
    const char *name;
    int64_t B, N, q_len, Hq, Hkv, d, di;
    int32_t bk, k;
    bool causal;
    double sigma;
    enum attn_mode mode;
    /* variant kv_outer_fp8idx instead (prefill, d = d_idx = 128, Bk 128): its oracle reads
     * the Qidx rows rounded to e4m3 (qidx_fp8.h); chunk: index chunks of this many bytes of
     * scores (0: the default), so that chunks start past row 0 */
    bool fp8idx;
    size_t chunk;
};

static const struct fcase cases[] = {
    {"small", 1, 700, 1, 4, 1, 64, 64, 32, 4, true, 1.0, ATTN_DECODE, false, 0},
    {"paper_b2", 2, 5000, 1, 64, 4, 128, 128, 128, 16, true, 1.0, ATTN_DECODE, false, 0},
    {"g4_q2_di64_sigma", 1, 3001, 2, 16, 4, 64, 64, 64, 8, true, 3.9, ATTN_DECODE, false, 0},
    {"g1_q8_bk16", 2, 2000, 8, 1, 1, 128, 128, 16, 32, true, 1.0, ATTN_DECODE, false, 0},
    {"noncausal_bk256", 1, 4097, 4, 8, 2, 64, 128, 256, 4, false, 2.0, ATTN_DECODE, false, 0},
    /* prefill (index chunks of 8 / Hkv rows; 3 rows a chunk leaves one row over) */
    {"prefill_g3_hkv3", 1, 1100, 1100, 9, 3, 64, 64, 32, 8, true, 1.0, ATTN_PREFILL, false, 0},
    /* kv_outer_fp8idx: N not a multiple of the block, G 16 / 4 / 1, batch 2, large logits,
     * non-causal, and index chunks of 64 rows (the last of 28) */
    {"fp8i_g16_n1000", 1, 1000, 1000, 16, 1, 128, 128, 128, 4, true, 1.0, ATTN_PREFILL, true, 0},
    {"fp8i_b2_g4", 2, 1300, 1300, 16, 4, 128, 128, 128, 8, true, 1.0, ATTN_PREFILL, true, 0},
    {"fp8i_g1_sigma", 1, 700, 700, 4, 4, 128, 128, 128, 4, true, 3.9, ATTN_PREFILL, true, 0},
    {"fp8i_noncausal", 1, 900, 900, 16, 1, 128, 128, 128, 4, false, 2.0, ATTN_PREFILL, true, 0},
    {"fp8i_chunked", 1, 1500, 1500, 32, 2, 128, 128, 128, 8, true, 1.0, ATTN_PREFILL, true,
     (size_t)64 * 2 * 12 * 4},
};

/* n values N(0, sigma^2) rounded to bf16: float for the upload, double for the ref */
static void fill(size_t n, double sigma, float **f, double **d) {
    *f = malloc(n * sizeof **f);
    *d = malloc(n * sizeof **d);
    assert_non_null(*f);
    assert_non_null(*d);
    for (size_t i = 0; i < n; i++) {
        (*f)[i] = attn_bf16_to_f32(attn_f32_to_bf16((float)(rng_normal() * sigma)));
        (*d)[i] = (*f)[i];
    }
}

/* The cache's values against the bf16 keys they came from. */
static void check_quant(const double *kid, const double *kq, int64_t keys, int64_t di) {
    for (int64_t key = 0; key < keys; key++) {
        double amax = 0, qmax = 0;
        for (int64_t c = 0; c < di; c++) {
            amax = fmax(amax, fabs(kid[key * di + c]));
            qmax = fmax(qmax, fabs(kq[key * di + c]));
        }
        const double s = amax > 0 ? (double)((float)amax / 448.f) : 1.0;
        assert_close(qmax, amax, 0, 1e-6);
        for (int64_t c = 0; c < di; c++) {
            const double x = kid[key * di + c], y = kq[key * di + c];
            const double half = fmax(fabs(x) * 0.0625, s * (1.0 / 1024)) * (1 + 1e-6);
            if (!(fabs(x - y) <= half)) /* NaN fails */
                fail_msg("key %lld value %lld: bf16 %.9g, fp8 cache %.9g (half step %.3g)",
                         (long long)key, (long long)c, x, y, half);
        }
    }
}

static int cmp_desc(const void *a, const void *b) {
    const double x = *(const double *)a, y = *(const double *)b;
    return x < y ? 1 : x > y ? -1 : 0;
}

/* The float64 index score of block blk for query row qr over keys blk * bk .. last (kidx of
 * the row's batch element), and in *mag the largest sum |q k| / sqrt(di) among them. */
static double block_score(const double *qr, const double *kidx, int64_t blk, int64_t bk,
                          int64_t last, int64_t di, double *mag) {
    double mx = -INFINITY;
    *mag = 0;
    for (int64_t j = blk * bk; j < (blk + 1) * bk && j <= last; j++) {
        double acc = 0, m = 0;
        for (int64_t c = 0; c < di; c++) {
            acc += qr[c] * kidx[j * di + c];
            m += fabs(qr[c] * kidx[j * di + c]);
        }
        mx = fmax(mx, acc / sqrt((double)di));
        *mag = fmax(*mag, m / sqrt((double)di));
    }
    return mx;
}

/* SPEC 8's low-precision rule on one selection row; true when it holds. */
static bool rule_ok(const struct attn_shape *s, const struct attn_params *p, const double *qidx,
                    const double *kidx, const int32_t *row, int64_t b, int64_t g, int64_t t) {
    const int64_t N = s->seq_len, bk = p->block_size, di = s->index_dim, nb = attn_nblocks(N, bk);
    const int64_t pos = attn_qpos(s, t), bi = pos / bk, last = s->causal ? pos : N - 1;
    const int64_t nvis = last / bk + 1;
    double *score = malloc((size_t)nb * sizeof *score),
           *sorted = malloc((size_t)nb * sizeof *sorted);
    assert_non_null(score);
    assert_non_null(sorted);
    const double *qr = qidx + ((b * s->q_len + t) * s->heads_kv + g) * di;
    int64_t m = 0;
    for (int64_t blk = 0; blk < nvis; blk++) {
        double mag;
        const double mx = block_score(qr, kidx + b * N * di, blk, bk, last, di, &mag);
        score[blk] = mx;
        if (blk != bi)
            sorted[m++] = mx;
    }
    qsort(sorted, (size_t)m, sizeof *sorted, cmp_desc);
    const int64_t want = nvis < p->topk ? nvis : p->topk;
    bool ok = row[want - 1] == bi;
    for (int64_t c = want; c < p->topk && ok; c++)
        ok = row[c] == -1;
    const double kth = want >= 2 ? sorted[want - 2] : INFINITY;
    const double eps = fabs(kth) * (1.0 / 256) + 1e-6;
    for (int64_t c = 0; c + 1 < want && ok; c++) {
        ok = row[c] >= 0 && row[c] < nvis && row[c] != bi && score[row[c]] >= kth - eps;
        for (int64_t e = 0; e < c && ok; e++)
            ok = row[e] != row[c];
    }
    free(score);
    free(sorted);
    return ok;
}

/* attn_msa_ref on double inputs: o [B, q_len, Hq, d], sel [B, Hkv, q_len, k] */
static void run_ref(const struct attn_shape *s, const struct attn_params *p, const double *in[5],
                    double *o, int32_t *sel) {
    const struct attn_impl *ref = attn_registry_ref("msa");
    assert_non_null(ref);
    const size_t wsz = ref->workspace_size(s, p);
    void *ws = wsz ? malloc(wsz) : NULL, *ctx = NULL;
    assert_true(!wsz || ws);
    assert_int_equal(ref->init(&ctx, s, p, ws, NULL), ATTN_OK);
    struct attn_io io = {
        .q = in[0], .k = in[1], .v = in[2], .qidx = in[3], .kidx = in[4], .o = o, .sel = sel};
    assert_int_equal(ref->run(ctx, &io), ATTN_OK);
    ref->free(ctx);
    free(ws);
}

/* The cache made a batch element at a time (msa_cuda_kidx_to_fp8_part, as the
 * B = 32 decode bench makes it) is byte for byte the whole one. */
static void check_parts(const void *kidx, const void *whole, const struct attn_shape *s) {
    const int64_t N = s->seq_len, di = s->index_dim;
    const size_t bytes = msa_fp8_kidx_bytes(s->batch, N, di);
    void *parts = attn_dev_alloc(bytes);
    uint8_t *a = malloc(bytes), *b = malloc(bytes);
    assert_true(parts && a && b);
    assert_int_equal(attn_dev_memset(parts, 0xff, bytes), ATTN_OK);
    for (int64_t e = 0; e < s->batch; e++)
        assert_int_equal(msa_cuda_kidx_to_fp8_part((const char *)kidx + (size_t)(e * N * di) * 2,
                                                   parts, s->batch, N, di, e * N, N,
                                                   attn_device_stream()),
                         ATTN_OK);
    assert_int_equal(attn_dev_sync(), ATTN_OK);
    assert_int_equal(cudaMemcpy(a, whole, bytes, cudaMemcpyDeviceToHost), cudaSuccess);
    assert_int_equal(cudaMemcpy(b, parts, bytes, cudaMemcpyDeviceToHost), cudaSuccess);
    /* the e4m3 bytes and the scales, not the padding between them (never written:
     * run7 on the H100 compared it and failed on g4_q2_di64_sigma) */
    const size_t data = (size_t)(s->batch * N * di),
                 off = msa_fp8_kidx_scale_offset(s->batch, N, di);
    assert_memory_equal(a, b, data);
    assert_memory_equal(a + off, b + off, bytes - off);
    free(a);
    free(b);
    attn_dev_free(parts);
}

/* One variant on the case's device inputs (f8: the fp8 cache), O and sel
 * poisoned first; calls: how many times run() is queued before the read-back. */
static void run_variant(const char *variant, const struct attn_shape *s,
                        const struct attn_params *p, void *const dev[5], void *f8, int calls,
                        float *got, int32_t *gsel) {
    const struct attn_impl *im = attn_registry_find("msa", "cuda", variant);
    assert_non_null(im);
    assert_true((im->flags & ATTN_F_KIDX_FP8) != 0);
    const char *why = NULL;
    assert_true(im->supports(s, p, &why));
    const size_t nq = (size_t)attn_numel_q(s);
    const int64_t nsel = s->batch * s->heads_kv * s->q_len * p->topk;
    void *o = attn_dev_alloc(nq * 2), *sel = attn_dev_alloc((size_t)nsel * 4), *ctx = NULL;
    const size_t wsz = im->workspace_size(s, p);
    void *ws = attn_dev_alloc(wsz ? wsz : 1);
    assert_true(o && sel && ws);
    assert_int_equal(attn_dev_memset(o, 0xff, nq * 2), ATTN_OK); /* bf16 NaN */
    assert_int_equal(attn_dev_memset(sel, 0x7f, (size_t)nsel * 4), ATTN_OK);
    assert_int_equal(im->init(&ctx, s, p, ws, attn_device_stream()), ATTN_OK);
    struct attn_io io = {
        .q = dev[0], .k = dev[1], .v = dev[2], .qidx = dev[3], .kidx = f8, .o = o, .sel = sel};
    for (int i = 0; i < calls; i++)
        assert_int_equal(im->run(ctx, &io), ATTN_OK);
    assert_int_equal(attn_dev_sync(), ATTN_OK);
    assert_int_equal(attn_dev_download_bf16(got, o, nq), ATTN_OK);
    assert_int_equal(attn_dev_download_i32(gsel, sel, (size_t)nsel), ATTN_OK);
    im->free(ctx);
    attn_dev_free(o), attn_dev_free(sel), attn_dev_free(ws);
}

/* The checks of the header on one variant's O and selection. */
static void check_variant(const char *variant, const struct fcase *tc, const struct attn_shape *s,
                          const struct attn_params *p, const double *qidx, const double *kq,
                          const float *got, const int32_t *gsel, const double *ro,
                          const int32_t *rsel, const int32_t *bsel) {
    int64_t rows = 0, same = 0, kept = 0, ranked = 0;
    double num = 0, den = 0;
    const int64_t rowlen = s->heads_q * s->head_dim, G = s->heads_q / s->heads_kv;
    for (int64_t b = 0; b < s->batch; b++)
        for (int64_t g = 0; g < s->heads_kv; g++)
            for (int64_t t = 0; t < s->q_len; t++) {
                const int64_t off = ((b * s->heads_kv + g) * s->q_len + t) * p->topk;
                if (!rule_ok(s, p, qidx, kq, gsel + off, b, g, t))
                    fail_msg("%s %s: selection of (b %lld, group %lld, row %lld) breaks the rule",
                             variant, tc->name, (long long)b, (long long)g, (long long)t);
                rows++;
                const bool eq = memcmp(gsel + off, rsel + off, (size_t)p->topk * 4) == 0;
                same += eq;
                for (int32_t c = 0; c < p->topk; c++) { /* share of bf16-key blocks kept */
                    if (bsel[off + c] < 0)
                        continue;
                    ranked++;
                    for (int32_t e = 0; e < p->topk; e++)
                        kept += gsel[off + e] == bsel[off + c];
                }
                if (!eq)
                    continue;
                for (int64_t h = g * G; h < (g + 1) * G; h++)
                    for (int64_t c = 0; c < s->head_dim; c++) {
                        const size_t i =
                            (size_t)((b * s->q_len + t) * rowlen + h * s->head_dim + c);
                        const double dd = (double)got[i] - ro[i];
                        num += isfinite(got[i]) ? dd * dd : INFINITY;
                        den += ro[i] * ro[i];
                    }
            }
    const double rel = sqrt(num / (den > 0 ? den : 1));
    printf("%-14s %-18s selection = ref on fp8 keys: %lld/%lld rows; output rel L2 %.3g; "
           "bf16-key blocks kept by fp8 keys: %.4f\n",
           variant, tc->name, (long long)same, (long long)rows, rel,
           ranked ? (double)kept / (double)ranked : 1.0);
    assert_true(same * 10 >= rows * 9);
    if (!(rel <= 1e-2))
        fail_msg("%s %s: output rel L2 %.3g > 1e-2", variant, tc->name, rel);
}

/* kv_outer_fp8idx on a case: its oracle reads the Qidx rows rounded to e4m3 (the rule the
 * kernel applies, qidx_fp8.h) and the fp8 cache's keys; the printed share compares with the
 * oracle on bf16 Qidx and keys. */
/* The e4m3 index's block scores (msa_cuda_index_scores, version MSA_INDEX_WS8 or _WS8_UNI)
 * against float64 ones
 * on the same rounded queries and cached keys: every visible block within 2^-10 of the sum
 * of |q| |k| (the fp8 MMA accumulates with fewer bits than fp32; NaN fails).  Chunks as the
 * case runs them, so chunks start past row 0. */
static void check_ws8_scores(const struct fcase *tc, const struct attn_shape *s,
                             const struct attn_params *p, const double *q8, const double *kq,
                             void *const dev[5], void *f8, int version) {
    const char *name = version == MSA_INDEX_WS8 ? "ws8" : "ws8_uni";
    const int64_t B = s->batch, N = s->seq_len, T = s->q_len, H = s->heads_kv;
    const int64_t di = s->index_dim, bk = p->block_size, nb = attn_nblocks(N, bk);
    int64_t cq = tc->chunk ? (int64_t)tc->chunk / (B * H * nb * 4) : T;
    cq = cq < 1 ? 1 : cq > T ? T : cq;
    float *dsc = attn_dev_alloc((size_t)(B * H * cq * nb) * sizeof(float));
    float *hsc = malloc((size_t)(B * H * cq * nb) * sizeof *hsc);
    assert_true(dsc && hsc);
    int64_t bad = 0, checked = 0;
    for (int64_t t0 = 0; t0 < T; t0 += cq) {
        const int64_t nt = T - t0 < cq ? T - t0 : cq;
        struct msa_cuda_index_call c = {dev[3], f8, dsc, B,  N,  T,         H,
                                        di,     bk, t0,  nt, cq, s->causal, version};
        assert_int_equal(msa_cuda_index_scores(&c, attn_device_stream()), ATTN_OK);
        assert_int_equal(attn_dev_sync(), ATTN_OK);
        assert_int_equal(
            cudaMemcpy(hsc, dsc, (size_t)(B * H * cq * nb) * sizeof(float), cudaMemcpyDeviceToHost),
            cudaSuccess);
        for (int64_t b = 0; b < B; b++)
            for (int64_t g = 0; g < H; g++)
                for (int64_t t = t0; t < t0 + nt; t++) {
                    const int64_t pos = attn_qpos(s, t), last = s->causal ? pos : N - 1;
                    const double *qr = q8 + ((b * T + t) * H + g) * di;
                    for (int64_t blk = 0; blk <= last / bk; blk++) {
                        double mag;
                        const double mx = block_score(qr, kq + b * N * di, blk, bk, last, di, &mag);
                        const double got = hsc[((b * H + g) * cq + (t - t0)) * nb + blk];
                        checked++;
                        if (!(fabs(got - mx) <= mag * (1.0 / 1024) + 1e-30)) { /* NaN fails */
                            if (bad++ < 5)
                                printf("    %s score (b %lld, g %lld, t %lld, block %lld): %.9g, "
                                       "float64 %.9g\n",
                                       name, (long long)b, (long long)g, (long long)t,
                                       (long long)blk, got, mx);
                        }
                    }
                }
    }
    printf("%-14s %-18s %s block scores within 2^-10 of sum |q k|: %lld/%lld\n", "kv_outer_fp8idx",
           tc->name, name, (long long)(checked - bad), (long long)checked);
    if (bad)
        fail_msg("%s: %lld of %lld %s block scores off", tc->name, (long long)bad,
                 (long long)checked, name);
    attn_dev_free(dsc);
    free(hsc);
}

static void check_fp8idx(const struct fcase *tc, const struct attn_shape *s,
                         const struct attn_params *p, double *const d[5], const double *kq,
                         void *const dev[5], void *f8, float *got, int32_t *gsel, double *ro,
                         double *rob, int32_t *rsel, int32_t *bsel) {
    const int64_t di = s->index_dim, rows = (int64_t)attn_numel_qidx(s) / di;
    double *q8 = malloc((size_t)(rows * di) * sizeof *q8);
    assert_non_null(q8);
    for (int64_t r = 0; r < rows; r++)
        attn_qidx_round_fp8(d[3] + r * di, di, q8 + r * di);
    check_ws8_scores(tc, s, p, q8, kq, dev, f8, MSA_INDEX_WS8);
    check_ws8_scores(tc, s, p, q8, kq, dev, f8, MSA_INDEX_WS8_UNI);
    msa_cuda_set_chunk_bytes(tc->chunk, 0);
    run_variant("kv_outer_fp8idx", s, p, dev, f8, 1, got, gsel);
    msa_cuda_set_chunk_bytes(0, 0);
    const double *in8[5] = {d[0], d[1], d[2], q8, kq}, *inb[5] = {d[0], d[1], d[2], d[3], d[4]};
    run_ref(s, p, in8, ro, rsel);
    run_ref(s, p, inb, rob, bsel);
    check_variant("kv_outer_fp8idx", tc, s, p, q8, kq, got, gsel, ro, rsel, bsel);
    free(q8);
}

static void run_case(const struct fcase *tc) {
    struct attn_shape s = {tc->B, tc->N,  tc->q_len, tc->Hq,    tc->Hkv,
                           tc->d, tc->di, tc->mode,  tc->causal};
    struct attn_params p;
    attn_params_defaults(&p);
    p.block_size = tc->bk;
    p.topk = tc->k;
    rng_state = 0xf8f8u + (uint64_t)tc->N;
    const size_t n[5] = {(size_t)attn_numel_q(&s), (size_t)attn_numel_kv(&s),
                         (size_t)attn_numel_kv(&s), (size_t)attn_numel_qidx(&s),
                         (size_t)attn_numel_kidx(&s)};
    const double sig[5] = {tc->sigma, tc->sigma, 1.0, tc->sigma, tc->sigma};
    float *f[5];
    double *d[5];
    void *dev[5];
    for (int i = 0; i < 5; i++) {
        fill(n[i], sig[i], &f[i], &d[i]);
        assert_int_equal(attn_dev_upload_bf16(&dev[i], f[i], n[i]), ATTN_OK);
    }
    /* the fp8 cache and its float64 values */
    void *f8 = NULL;
    double *kq = malloc(n[4] * sizeof *kq);
    assert_non_null(kq);
    assert_int_equal(msa_cuda_fp8_kidx_alloc(dev[4], s.batch, s.seq_len, s.index_dim, &f8),
                     ATTN_OK);
    assert_int_equal(msa_cuda_fp8_kidx_f64(f8, s.batch, s.seq_len, s.index_dim, kq), ATTN_OK);
    check_quant(d[4], kq, s.batch * s.seq_len, s.index_dim);
    check_parts(dev[4], f8, &s);

    /* both variants, on poisoned outputs; decode_fp8_pdl over 4 calls in a row */
    const int64_t nsel = s.batch * s.heads_kv * s.q_len * p.topk;
    float *got = malloc(n[0] * sizeof *got), *gotp = malloc(n[0] * sizeof *gotp);
    int32_t *gsel = malloc((size_t)nsel * sizeof *gsel),
            *gselp = malloc((size_t)nsel * sizeof *gselp);
    assert_true(got && gsel && gotp && gselp);
    double *ro = malloc(n[0] * sizeof *ro), *rob = malloc(n[0] * sizeof *rob);
    int32_t *rsel = malloc((size_t)nsel * sizeof *rsel),
            *bsel = malloc((size_t)nsel * sizeof *bsel);
    assert_true(ro && rob && rsel && bsel);
    if (tc->fp8idx) {
        check_fp8idx(tc, &s, &p, d, kq, dev, f8, got, gsel, ro, rob, rsel, bsel);
    } else {
        run_variant("decode_fp8", &s, &p, dev, f8, 1, got, gsel);
        run_variant("decode_fp8_pdl", &s, &p, dev, f8, 4, gotp, gselp);
        /* the oracle on the fp8 keys, and on the bf16 keys (for the printed share) */
        const double *in8[5] = {d[0], d[1], d[2], d[3], kq},
                     *inb[5] = {d[0], d[1], d[2], d[3], d[4]};
        run_ref(&s, &p, in8, ro, rsel);
        run_ref(&s, &p, inb, rob, bsel);
        check_variant("decode_fp8", tc, &s, &p, d[3], kq, got, gsel, ro, rsel, bsel);
        check_variant("decode_fp8_pdl", tc, &s, &p, d[3], kq, gotp, gselp, ro, rsel, bsel);
        /* bf16 values widened to float: equal floats are equal bf16 bits */
        if (memcmp(gsel, gselp, (size_t)nsel * sizeof *gsel) != 0 ||
            memcmp(got, gotp, n[0] * sizeof *got) != 0)
            fail_msg("%s: decode_fp8_pdl's O or selection differs from decode_fp8's", tc->name);
    }
    attn_dev_free(f8);
    for (int i = 0; i < 5; i++) {
        free(f[i]);
        free(d[i]);
        attn_dev_free(dev[i]);
    }
    free(kq), free(got), free(gsel), free(gotp), free(gselp), free(ro), free(rob), free(rsel),
        free(bsel);
}

static const char *g_filter;

static void test_cases(void **state) {
    (void)state;
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++)
        if (!g_filter || strstr(cases[i].name, g_filter))
            run_case(&cases[i]);
}

static void refuses(const char *variant) {
    const struct attn_impl *im = attn_registry_find("msa", "cuda", variant);
    assert_non_null(im);
    struct attn_params p;
    attn_params_defaults(&p);
    p.block_size = 128;
    p.topk = 16;
    struct attn_shape pre = {1, 131072, 131072, 64, 4, 128, 128, ATTN_PREFILL, true};
    struct attn_shape wide = {1, 4096, 4, 64, 4, 128, 128, ATTN_DECODE, true}; /* 16 rows */
    const char *why = NULL;
    assert_false(im->supports(&pre, &p, &why));
    assert_non_null(why);
    assert_non_null(strstr(why, "prefill above 64K"));
    why = NULL;
    assert_false(im->supports(&wide, &p, &why));
    assert_non_null(why);
    assert_non_null(strstr(why, "8 index rows"));
}

static void test_refuses(void **state) {
    (void)state;
    refuses("decode_fp8");
    refuses("decode_fp8_pdl"); /* the same shapes, no hand-off */
    /* kv_outer_fp8idx: prefill only, index_dim 128 */
    const struct attn_impl *im = attn_registry_find("msa", "cuda", "kv_outer_fp8idx");
    assert_non_null(im);
    assert_true((im->flags & ATTN_F_KIDX_FP8) && (im->flags & ATTN_F_QIDX_FP8));
    struct attn_params p;
    attn_params_defaults(&p);
    p.block_size = 128;
    p.topk = 16;
    struct attn_shape dec = {1, 4096, 1, 64, 4, 128, 128, ATTN_DECODE, true};
    struct attn_shape di64 = {1, 4096, 4096, 64, 4, 128, 64, ATTN_PREFILL, true};
    const char *why = NULL;
    assert_false(im->supports(&dec, &p, &why));
    assert_non_null(why);
    assert_non_null(strstr(why, "prefill only"));
    why = NULL;
    if (msa_cuda_kv_wgmma_available()) { /* else the device is the reason */
        assert_false(im->supports(&di64, &p, &why));
        assert_non_null(why);
        assert_non_null(strstr(why, "index_dim 128"));
    }
}

int main(int argc, char **argv) {
    if (!attn_device_available())
        return 77;
    g_filter = argc > 1 ? argv[1] : NULL;
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_refuses),
        cmocka_unit_test(test_cases),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
#else
int main(void) {
    return 77;
}
#endif
