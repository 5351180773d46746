/* moba.h - MoBA: Mixture of Block Attention for Long-Context LLMs (Lu et al.
 * 2025, arXiv:2502.13189, §2.2), training-free (SPEC §5.1).
 *
 * In scope, per query head h (KV head r = h / G) and query row at position pos
 * (own block bi = pos / Bk):
 *   score(c) = q_h . mean(K_c of KV head r) over the complete earlier blocks
 *     c < bi (MoBA's gate: mean pooling, no scale, no softmax - the ranking is
 *     the same);
 *   selection: the own block bi (causal inside it) plus the best topk-1 of
 *     those (ties: smaller id), per head, not per group;
 *   exact causal softmax attention of head h over the visible keys of its
 *     selected blocks.
 * Selection rows: ascending block ids, -1 padding at the end
 * (ATTN_SEL_HEAD_BLOCKS: [B, heads_q, q_len, topk]).  Every score depends only
 * on its block's keys, so equal blocks tie exactly in float32 too.
 * ATTN_F_SELECT: the runner sizes io->sel, validates, exports and measures
 * recall in this layout (sel_layout.h, SPEC §5.1).
 * Not in scope: non-causal attention (MoBA gates earlier blocks: refused),
 * MoBA's hybrid full-attention layers, training. */
#ifndef MSABENCH_MOBA_H
#define MSABENCH_MOBA_H
#include "attn.h"

const char *moba_params_check(const struct attn_shape *s, const struct attn_params *p);
int32_t moba_sel_width(const struct attn_shape *s, const struct attn_params *p);
bool moba_supports(const struct attn_shape *s, const struct attn_params *p, const char **why);
extern const struct attn_impl attn_moba_ref, attn_moba_cpu;
#endif
