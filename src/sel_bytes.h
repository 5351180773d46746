/* sel_bytes.h - the K/V bytes a selection really reads: per (batch, KV group)
 * the union of the blocks its query rows selected, each block counted once
 * at its real length (the last one may be partial).  In decode with q_len > 1
 * the queries share most of their blocks, so q_len * k blocks (the model's
 * worst case, kept in bytes_worst) overstates GB/s (issue 17). */
#ifndef MSABENCH_SEL_BYTES_H
#define MSABENCH_SEL_BYTES_H
#include "attn.h"
#include "method.h"
#ifdef __cplusplus
extern "C" {
#endif
/* Tokens in the union of blocks, summed over (batch, group); sel is
 * [B, Hkv, q_len, width], -1 padding.  Negative when out of memory. */
double sel_union_tokens(const struct attn_shape *s, int64_t bk, const int32_t *sel, int32_t width);
/* The same for any layout of method.h: per (batch, KV group) the union over its
 * selection rows (its G heads' rows for HEAD_BLOCKS) of the blocks, or of the
 * tokens for GROUP_TOKENS.  Negative when out of memory or for NONE. */
double sel_union_tokens_layout(enum attn_sel_layout l, const struct attn_shape *s, int64_t bk,
                               const int32_t *sel, int32_t width);
#ifdef __cplusplus
}
#endif
#endif
