/* dsa.h - DeepSeek Sparse Attention (DeepSeek-AI 2025, "DeepSeek-V3.2-Exp:
 * Boosting Long-Context Efficiency with DeepSeek Sparse Attention", §2.1: the
 * lightning indexer and fine-grained token selection), SPEC §5.1.
 *
 * The indexer is I(i, j) = sum_{h=1..H_I} w_h(i) * ReLU(q^I_h(i) . k^I(j)).
 * Mapping used here: one indexer per KV group, H_I = 1, w = 1, and its inputs
 * are msabench's index inputs, the same ones MSA reads (qidx [B, q_len, Hkv,
 * d_idx] as q^I of group r, kidx [B, N, 1, d_idx] as k^I), so equal-input
 * comparisons with MSA use the same index:
 *   I_r(i, j) = ReLU(qidx_r(i) . kidx(j)) over the visible tokens j (j <= pos
 *     when causal, every j otherwise); no scale (it does not change the order);
 *   selection: the dsa_tokens tokens of largest I (ties: smaller id), every
 *     visible token when fewer; shared by the G heads of group r;
 *   exact softmax attention of each head of the group over those tokens.
 * Selection rows: ascending token ids, -1 padding at the end
 * (ATTN_SEL_GROUP_TOKENS: [B, heads_kv, q_len, min(dsa_tokens, N)]).  A token
 * whose index score is NaN is never selected.  Scores are exact in float32 for
 * index inputs on a 1/64 grid, so ties are exact too.
 * ATTN_F_SELECT: the runner sizes io->sel, validates, exports and measures
 * recall in this layout (sel_layout.h, SPEC §5.1).
 * Not in scope: several index heads and their learned weights w_h(i), the
 * indexer's fp8 arithmetic, MLA (attention here is GQA over the selected
 * tokens), training. */
#ifndef MSABENCH_DSA_H
#define MSABENCH_DSA_H
#include "attn.h"

const char *dsa_params_check(const struct attn_shape *s, const struct attn_params *p);
int32_t dsa_sel_width(const struct attn_shape *s, const struct attn_params *p);
bool dsa_supports(const struct attn_shape *s, const struct attn_params *p, const char **why);
extern const struct attn_impl attn_dsa_ref, attn_dsa_cpu;
#ifdef MSABENCH_HAVE_CUDA
/* Test hook (dsa_topk.cu): the tc top-k's shared-memory candidate buffer cut
 * to n entries (0: its default, 4096), so small rows take its overflow path.
 * Process-wide; set it before run. */
void dsa_cuda_set_cand_cap(int32_t n);
#endif
#endif
