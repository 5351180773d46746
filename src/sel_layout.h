/* sel_layout.h - what a selection row means, for every layout of method.h
 * (ATTN_SEL_GROUP_BLOCKS, HEAD_BLOCKS, GROUP_TOKENS): pure functions the
 * runner's recall and validation can call without knowing any method.
 *   GROUP_BLOCKS  sel[B, heads_kv, q_len, width] block ids (msa, nsa, bigbird)
 *   HEAD_BLOCKS   sel[B, heads_q,  q_len, width] block ids (moba, quest)
 *   GROUP_TOKENS  sel[B, heads_kv, q_len, width] token ids (dsa)
 * Block b covers keys [b*Bk, min((b+1)*Bk, N)); a query at position pos sees
 * key j iff j <= pos (causal) or always (non-causal).  -1 pads. */
#ifndef MSABENCH_SEL_LAYOUT_H
#define MSABENCH_SEL_LAYOUT_H
#include "method.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Selection rows per batch and query row: heads_kv, heads_q, or 0 for NONE. */
int64_t sel_layout_heads(enum attn_sel_layout l, const struct attn_shape *s);
/* int32 elements of a whole selection (B * heads * q_len * width); 0 for NONE. */
int64_t sel_layout_numel(enum attn_sel_layout l, const struct attn_shape *s, int32_t width);
/* Offset (in int32 elements) of the row query head h reads at (batch b, query
 * row t); -1 for NONE or an index out of range. */
int64_t sel_layout_row_offset(enum attn_sel_layout l, const struct attn_shape *s, int32_t width,
                              int64_t b, int64_t h, int64_t t);
/* mask[0..N) := 1 for every visible key the row covers, else 0; returns how
 * many, or -1 (mask untouched) when an id is outside [-1, nb) for block
 * layouts or [-1, N) for tokens. */
int64_t sel_layout_cover(enum attn_sel_layout l, const struct attn_shape *s, int64_t block_size,
                         const int32_t *row, int32_t width, int64_t pos, unsigned char *mask);
/* The distinct blocks a row touches, ascending, into out[0..cap); returns the
 * count (block rows: their ids; token rows: the blocks of their tokens, so
 * block recall applies to token selections, SPEC §5.1), -1 on a bad id. */
int32_t sel_layout_row_blocks(enum attn_sel_layout l, const struct attn_shape *s,
                              int64_t block_size, const int32_t *row, int32_t width, int32_t *out,
                              int32_t cap);
/* mass_coverage of query row t of batch b (SPEC §5, §5.1): the dense attention
 * mass the selection keeps, averaged over the query heads: p[h * N + j] is
 * head h's dense softmax probability of key j (0 where invisible).  For the
 * group layouts this equals sum over the selected blocks / tokens of P_r
 * averaged over groups.  mask: N bytes of scratch.  NaN on a bad id. */
double sel_layout_mass_coverage(enum attn_sel_layout l, const struct attn_shape *s,
                                int64_t block_size, const int32_t *sel, int32_t width, int64_t b,
                                int64_t t, const double *p, unsigned char *mask);

#ifdef __cplusplus
}
#endif
#endif
