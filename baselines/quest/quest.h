/* quest.h - Quest: Query-Aware Sparsity for Efficient Long-Context LLM
 * Inference (Tang et al. 2024, arXiv:2406.10774, §3-4), decode (SPEC §5.1).
 *
 * In scope, per query head h (KV head r = h / G) of a decode row at position
 * pos (visible keys j <= pos when causal, all N otherwise):
 *   pages: the blocks b of Bk keys that hold a visible key; kmin_b, kmax_b =
 *     elementwise min / max over the page's visible keys;
 *   bound(h, b) = sum_c max(q_c * kmin_{b,c}, q_c * kmax_{b,c}) (Quest's upper
 *     bound on q . k over the page);
 *   selection: the topk pages of largest bound (ties: smaller id), every page
 *     when fewer; per head;
 *   exact softmax attention of head h over the visible keys of its pages.
 * Selection rows: ascending page ids, -1 padding at the end
 * (ATTN_SEL_HEAD_BLOCKS: [B, heads_q, q_len, topk]).  A page's bound depends
 * only on its keys and q, so equal pages tie exactly in float32 too.
 * ATTN_F_SELECT: the runner sizes io->sel, validates, exports and measures
 * recall in this layout (sel_layout.h, SPEC §5.1).
 * Not in scope: prefill (Quest is a decode method: supports() refuses it),
 * Quest's dense first layers, the paged KV-cache layout itself. */
#ifndef MSABENCH_QUEST_H
#define MSABENCH_QUEST_H
#include "attn.h"

const char *quest_params_check(const struct attn_shape *s, const struct attn_params *p);
int32_t quest_sel_width(const struct attn_shape *s, const struct attn_params *p);
bool quest_supports(const struct attn_shape *s, const struct attn_params *p, const char **why);
extern const struct attn_impl attn_quest_ref, attn_quest_cpu;
#endif
