/* msa_method.c - the declaration of "msa": MiniMax Sparse Attention (MiniMax-M1
 * report, 2025): a low-dimensional index branch scores key blocks by their best
 * key, Top-k keeps k blocks per (query, GQA group) with the local block always in,
 * and exact attention runs over them.  Its selection check is SPEC §8's rule for a
 * Top-k fed low-precision index inputs. */
#include "method.h"

#include <math.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

extern const struct attn_impl attn_msa_ref, attn_msa_cpu;
#ifdef MSABENCH_HAVE_CUDA
extern const struct attn_impl attn_msa_cuda_qouter, attn_msa_cuda_kvouter,
    attn_msa_cuda_kvouter_bf16, attn_msa_cuda_kvouter_wgmma, attn_msa_cuda_kvouter_wgp,
    attn_msa_cuda_kvouter_fp8idx, attn_msa_cuda_ws, attn_msa_cuda_fp8, attn_msa_cuda_fp8_pdl;
#endif

/* topk defaults to 8: the sweep default every committed point key (",k8,") was made with. */
static const struct attn_knob msa_knobs[] = {
    {"block_size", ATTN_KNOB_I32, offsetof(struct attn_params, block_size), 64, 1,
     (double)(1 << 30), "block size Bk (tokens, a power of two)", ATTN_KNOB_POW2},
    {"topk", ATTN_KNOB_I32, offsetof(struct attn_params, topk), 8, 1, INT32_MAX,
     "blocks per (query, GQA group), the local block included", 0},
};

/* Every stage a backend may time, in order (the cuda backends add "combine"). */
static const char *const msa_stages[] = {"index", "topk", "attn", "combine"};

/* Visible tokens in the selected blocks of query row t, every ranked block full. */
static double msa_row_tokens(const struct attn_shape *s, int64_t bk, int64_t k, int64_t t) {
    const int64_t pos = attn_qpos(s, t), bi = pos / bk, N = s->seq_len, nb = attn_nblocks(N, bk);
    if (s->causal)
        return (double)(model_min((double)(k - 1), (double)bi) * (double)bk + (double)(pos % bk) +
                        1);
    /* non-causal: the local block whole; ranked blocks assumed full (upper bound
     * when the short last block is picked); never more than N. */
    double local = model_min((double)bk, (double)(N - bi * bk));
    return model_min((double)N, local + model_min((double)(k - 1), (double)(nb - 1)) * (double)bk);
}

static enum attn_status msa_cost(const struct attn_shape *s, const struct attn_params *p,
                                 size_t elem, struct attn_cost *out) {
    struct model_terms t;
    model_begin(s, elem, out, &t);
    const int64_t bk = p->block_size, k = p->topk;
    const double nb = (double)attn_nblocks(s->seq_len, bk), B = t.B, L = t.L, e = t.e;
    double tok = 0;
    for (int64_t r = 0; r < s->q_len; r++)
        tok += msa_row_tokens(s, bk, k, r);
    out->flops_index = 2 * B * t.Hkv * t.di * t.pairs;
    out->flops_main = 4 * B * t.Hq * t.d * tok;
    out->flops = out->flops_index + out->flops_main;
    /* K/V of the selected blocks only: per group at most min(nb, q_len*k) distinct blocks */
    const double blocks = model_min(nb, L * (double)k);
    const double idx_in = (B * L * t.Hkv * t.di + B * t.N * t.di) * e;
    const double sel = 4 * B * t.Hkv * L * (double)k;
    out->bytes_kv = 2 * B * t.Hkv * model_min(t.N, blocks * (double)bk) * t.d * e;
    out->bytes_model = t.qo + idx_in + out->bytes_kv + sel;
    out->mem_model = t.qo + t.kv + idx_in + sel + B * t.Hkv * L * nb * 4;
    return ATTN_OK;
}

static int cmp_desc(const void *a, const void *b) {
    double x = *(const double *)a, y = *(const double *)b;
    return (x < y) - (x > y);
}

/* SPEC §8 for a Top-k fed bf16 index inputs: on each sampled (row, group) the
 * local block sits in the last valid slot, -1 pads exactly, the ranked blocks are
 * distinct visible non-local blocks, and each one's float64 block score (from the
 * same bf16-rounded inputs) is at least the (k-1)-th best minus one bf16
 * rounding step.  fp32 inputs: the selection equals the ref's. */
static int64_t msa_check_selection(const struct attn_sel_check *c, char *why, size_t whyn) {
    const struct attn_shape *s = c->shape;
    if (!c->low_precision)
        return attn_sel_equal(c, s->heads_kv, why, whyn);
    const struct attn_params *p = c->params;
    const int64_t N = s->seq_len, bk = p->block_size, nb = attn_nblocks(N, bk), di = s->index_dim;
    const int32_t width = c->width;
    const double scale = 1.0 / sqrt((double)di);
    double *score = malloc((size_t)nb * sizeof *score),
           *sorted = malloc((size_t)nb * sizeof *sorted);
    int64_t bad = 0;
    if (!score || !sorted) {
        free(score);
        free(sorted);
        snprintf(why, whyn, "validation: out of memory checking the selection");
        return 1;
    }
    for (int64_t b = 0; b < s->batch; b++)
        for (int64_t g = 0; g < s->heads_kv; g++)
            for (int64_t r = 0; r < c->n_rows; r++) {
                const int64_t t = c->rows[r], pos = attn_qpos(s, t), bi = pos / bk;
                const int64_t last = s->causal ? pos : N - 1, nvis = last / bk + 1;
                const double *qr = c->qidx + ((b * s->q_len + t) * s->heads_kv + g) * di;
                int64_t m = 0;
                for (int64_t blk = 0; blk < nvis; blk++) {
                    double mx = -INFINITY;
                    const int64_t end = (blk + 1) * bk - 1 < last ? (blk + 1) * bk - 1 : last;
                    for (int64_t jj = blk * bk; jj <= end; jj++) {
                        const double *kr = c->kidx + (b * N + jj) * di;
                        double acc = 0;
                        for (int64_t x = 0; x < di; x++)
                            acc += qr[x] * kr[x];
                        if (acc * scale > mx)
                            mx = acc * scale;
                    }
                    score[blk] = mx;
                    if (blk != bi)
                        sorted[m++] = mx;
                }
                qsort(sorted, (size_t)m, sizeof *sorted, cmp_desc);
                const int64_t want = nvis < p->topk ? nvis : p->topk; /* valid entries */
                const int32_t *row = c->sel + ((b * s->heads_kv + g) * s->q_len + t) * width;
                bool ok = want >= 1 && row[want - 1] == bi;
                for (int64_t x = want; x < width && ok; x++)
                    ok = row[x] == -1;
                const double kth = want >= 2 ? sorted[want - 2] : INFINITY;
                const double eps = fabs(kth) * (1.0 / 256) + 1e-6;
                for (int64_t x = 0; x + 1 < want && ok; x++) {
                    const int32_t blk = row[x];
                    ok = blk >= 0 && blk < nvis && blk != bi && score[blk] >= kth - eps;
                    for (int64_t e = 0; e < x && ok; e++)
                        ok = row[e] != blk;
                }
                bad += !ok;
            }
    free(score);
    free(sorted);
    if (bad)
        snprintf(why, whyn,
                 "validation: selection breaks the bf16 rule (local last, -1 padding, each ranked "
                 "block >= k-th best score - one bf16 step) in %lld sampled (row, group) pairs",
                 (long long)bad);
    return bad;
}

static const struct attn_impl *const msa_impls[] = {
    &attn_msa_ref,
    &attn_msa_cpu,
#ifdef MSABENCH_HAVE_CUDA
    &attn_msa_cuda_qouter,
    &attn_msa_cuda_kvouter,
    &attn_msa_cuda_kvouter_bf16,
    &attn_msa_cuda_kvouter_wgmma,
    &attn_msa_cuda_kvouter_wgp,
    &attn_msa_cuda_kvouter_fp8idx,
    &attn_msa_cuda_ws,
    &attn_msa_cuda_fp8,
    &attn_msa_cuda_fp8_pdl,
#endif
};

const struct attn_method attn_method_msa = {
    .api_version = ATTN_METHOD_API_VERSION,
    .name = "msa",
    .doc = "MiniMax Sparse Attention: index branch, block Top-k per GQA group (MiniMax-M1, 2025)",
    .knobs = msa_knobs,
    .n_knobs = (int)(sizeof msa_knobs / sizeof msa_knobs[0]),
    .cost = msa_cost,
    .tol_f32 = 1e-5,
    .tol_bf16 = 1e-2,
    .stages = msa_stages,
    .n_stages = (int)(sizeof msa_stages / sizeof msa_stages[0]),
    .sel_layout = ATTN_SEL_GROUP_BLOCKS,
    .check_selection = msa_check_selection,
    .plot_style = "lc rgb '#d62728' pt 7",
    .flags = ATTN_F_INDEX | ATTN_F_SELECT | ATTN_F_FIT_INDEX,
    .impls = msa_impls,
    .n_impls = (int)(sizeof msa_impls / sizeof msa_impls[0]),
};
