/* nsa.h - Native Sparse Attention, selected-attention branch (Yuan et al. 2025,
 * "Native Sparse Attention: Hardware-Aligned and Natively Trainable Sparse
 * Attention", arXiv:2502.11089, §3.3.2), training-free (SPEC §5.1).
 *
 * In scope, per query row at position pos (own block bi = pos / Bk) and KV
 * group r:
 *   candidates: the complete earlier blocks c < bi;
 *   compressed key kcmp_c = mean of block c's keys of KV head r (NSA's
 *     compression MLP replaced by mean pooling, l = d = Bk);
 *   p(h, c) = softmax over the candidates of q_h . kcmp_c / sqrt(d) for each of
 *     the G query heads h of the group; score(c) = sum over h of p(h, c)
 *     (NSA eq. 9-10, the group-shared importance);
 *   forced: block 0 and the nsa_local blocks bi-L+1..bi (clamped at 0);
 *   selection: forced plus the best-scored other candidates (ties: smaller id)
 *     until topk blocks, or every visible block when fewer; shared by the group;
 *   exact causal softmax attention of each head of the group over the visible
 *     keys of the selected blocks.
 * Scores are ranked in the log domain, log score(c) = logsumexp_h(l(h, c) -
 * lse_h), the same order as score(c) without underflow at large logits; every
 * score depends only on its block's contents, so equal blocks tie exactly in
 * float32 too.  Selection rows: ascending block ids, -1 padding at the end
 * (ATTN_SEL_GROUP_BLOCKS, width topk).
 * Not in scope: the compression and sliding-window branches and the gate
 * (NSA's output is their gated sum; here only the selected branch), and
 * non-causal attention (NSA ranks earlier blocks: supports() refuses it). */
#ifndef MSABENCH_NSA_H
#define MSABENCH_NSA_H
#include "attn.h"

const char *nsa_params_check(const struct attn_shape *s, const struct attn_params *p);
int32_t nsa_sel_width(const struct attn_shape *s, const struct attn_params *p);
bool nsa_supports(const struct attn_shape *s, const struct attn_params *p, const char **why);
extern const struct attn_impl attn_nsa_ref, attn_nsa_cpu;
#endif
