/* index_fit.h - training MSA's index branch the paper's way, on captured
 * activations of one layer (the core of `msabench fit-index`).
 *
 * Parametrization (inputs: the layer's post-RoPE Q [n, Hq, d] and K [n, Hkv, d]):
 *   u_q(i, r) = the G query heads of group r at position i, RoPE undone, concatenated [G*d]
 *   u_k(j)    = all Hkv key heads at position j, RoPE undone, concatenated      [Hkv*d]
 *   Qidx[i, r] = RoPE_i(Wq[r]^T u_q(i, r))    Wq [Hkv, G*d, d_idx]
 *   Kidx[j]    = RoPE_j(Wk^T u_k(j))          Wk [Hkv*d, d_idx]
 * i.e. a linear index branch on the layer's pre-RoPE projections (the span of
 * the model's own W_q / W_k applied to X) with RoPE at the index dim, like
 * the paper's branch on X.  Scores then depend on i - j the way attention
 * does.  With rope_theta = 0 the maps act on the post-RoPE heads directly.
 * The training-free start (ifit_weights_free) is the group mean of the Q heads
 * and the mean of the K heads: Qidx, Kidx equal msabench's default index
 * inputs for `file` data, so training starts from the baseline it is compared to.
 *
 * Objective (paper): mean over sampled (query row i, group r) of
 *   KL( stopgrad(P_r(i, .)) || softmax_J(Qidx[i,r] . Kidx[j] / sqrt(d_idx)) )
 * where P_r is the dense causal attention of r's G heads averaged at the
 * probability level, and J is every visible key (warmup, "full") or only the
 * tokens of the k blocks the index currently selects ("sparse"; P is then
 * renormalized over J).  Selection follows SPEC §2.1: local block always,
 * best k-1 other visible blocks by max token score, ties to the smaller id.
 */
#ifndef MSABENCH_INDEX_FIT_H
#define MSABENCH_INDEX_FIT_H
#include "attn.h"

struct ifit_config {
    int64_t d_idx;
    double rope_theta; /* base of the captured RoPE; 0 = maps act on post-RoPE heads */
    int rope_halves;   /* 0: pairs (2p, 2p+1) as GGML/llama.cpp; 1: halves (p, p+d/2) as HF */
    int32_t block_size, topk;
};

struct ifit_state {
    struct ifit_config cfg;
    int64_t n, hq, hkv, d, g, in_q, in_k;
    const float *q, *k;   /* the captured layer (target), not owned */
    float *uq;            /* [n, hq*d] un-rotated Q */
    float *uk;            /* [n, hkv*d] un-rotated K */
    float *wq;            /* [hkv, in_q, d_idx] */
    float *wk;            /* [in_k, d_idx] */
    float *cos_i, *sin_i; /* [n, d_idx/2] index-dim rotation tables */
    /* When non-NULL, the sparse support is chosen by these weights instead of
     * wq / wk (not owned): freezes the support, as finite differences need. */
    const float *sel_wq, *sel_wk;
};

enum attn_status ifit_init(struct ifit_state *st, const float *q, const float *k, int64_t n,
                           int64_t hq, int64_t hkv, int64_t d, const struct ifit_config *cfg);
void ifit_free(struct ifit_state *st);
/* Training-free weights (needs d_idx == d): Wq[r] = [I..I]/G, Wk = [I..I]/Hkv. */
enum attn_status ifit_weights_free(struct ifit_state *st);
/* Seeded N(0, 1/in) weights (any d_idx). */
void ifit_weights_random(struct ifit_state *st, uint64_t seed);

/* Mean KL over rows x groups (query positions rows[0..n_rows), any order,
 * distinct) and, when gwq/gwk are non-NULL, its gradient (overwritten).
 * sparse: 0 = full visible support, 1 = the index's current top-k blocks. */
enum attn_status ifit_loss_grad(struct ifit_state *st, const int64_t *rows, int64_t n_rows,
                                int sparse, double *loss, float *gwq, float *gwk);

/* Index inputs for every position: qidx [n, hkv, d_idx], kidx [n, 1, d_idx]. */
enum attn_status ifit_project(const struct ifit_state *st, float *qidx, float *kidx);

/* Held-out figures at (block_size, topk), SPEC §5 definitions with P the
 * dense group attention: mean KL (full support), block / score recall and
 * mass coverage of the index's selection (rows x groups averaged). */
struct ifit_eval {
    int64_t rows;
    double kl, block_recall, score_recall, mass_coverage;
};
enum attn_status ifit_evaluate(const struct ifit_state *st, const int64_t *rows, int64_t n_rows,
                               struct ifit_eval *out);

/* Adam on a flat parameter vector. */
struct ifit_adam {
    double lr, b1, b2, eps;
    int64_t t, n;
    float *m, *v;
};
enum attn_status ifit_adam_init(struct ifit_adam *a, int64_t n, double lr);
void ifit_adam_step(struct ifit_adam *a, float *w, const float *g);
void ifit_adam_free(struct ifit_adam *a);
#endif
