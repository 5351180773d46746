/* recall.h - selection quality against the dense oracle (SPEC §5). */
#ifndef MSABENCH_RECALL_H
#define MSABENCH_RECALL_H
#include "attn.h"
#include "method.h"
#ifdef __cplusplus
extern "C" {
#endif
struct recall_stats {
    int64_t rows;        /* (query, group) rows averaged (block figures) */
    double block_recall; /* NaN when the method has no selection */
    double score_recall;
    double mass_coverage;
    double out_rel_err; /* ||O_m - O_dense|| / ||O_dense|| on the same rows */
};
/* q,k,v: float32 host inputs of shape s (GQA heads).  sel: the method's
 * selection [B, Hkv, q_len, nsel] (NULL for non-selecting methods), o: the
 * method's output [B, q_len, Hq, d] as float32 (only rows[] are read).
 * rows: query rows to evaluate (every batch).  The oracle is float64. */
enum attn_status recall_measure(const struct attn_shape *s, const struct attn_params *p,
                                const float *q, const float *k, const float *v, const int32_t *sel,
                                int32_t nsel, const float *o, const int64_t *rows, int64_t n_rows,
                                struct recall_stats *out);
/* The same for a selection in any layout of method.h (SPEC §5, §5.1):
 *   GROUP_BLOCKS  sel [B, Hkv, q_len, nsel] block ids: P_r averaged over the group's heads;
 *   HEAD_BLOCKS   sel [B, Hq, q_len, nsel] block ids: each head against its own P_h;
 *   GROUP_TOKENS  sel [B, Hkv, q_len, nsel] token ids: block figures over the blocks the
 *                 tokens touch, mass_coverage = the dense mass of the tokens themselves.
 * rows counts (query row, selection row) pairs.  recall_measure is GROUP_BLOCKS. */
enum attn_status recall_measure_layout(const struct attn_shape *s, const struct attn_params *p,
                                       enum attn_sel_layout layout, const float *q, const float *k,
                                       const float *v, const int32_t *sel, int32_t nsel,
                                       const float *o, const int64_t *rows, int64_t n_rows,
                                       struct recall_stats *out);
/* Seeded sample of n distinct rows of 0..q_len-1, sorted; all rows when n >= q_len.
 * Returns the count written (buffer must hold min(n, q_len)). */
int64_t recall_sample_rows(int64_t q_len, int64_t n, uint64_t seed, int64_t *rows);
#ifdef __cplusplus
}
#endif
#endif
