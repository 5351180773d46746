/* blocksparse.h - exact softmax attention over a per-(query row, KV group)
 * list of key blocks: the core shared by msa and bigbird, which differ only
 * in how the lists are made.
 *
 * Selection layout (attn.h): int32 sel[B, Hkv, q_len, width]; an entry is a
 * key block id in [0, nb) (nb = ceil(N / bk)) or -1 (padding, anywhere in the
 * row).  Ids in a row must be distinct.  Query row t sits at absolute position
 * pos = attn_qpos(s, t); under causal masking key j is visible iff j <= pos, so
 * a block past pos contributes nothing and the query's own block is truncated.
 * The last block of the sequence may be partial (N mod bk keys).  Every head
 * h of group r = h / G attends over the same blocks of KV head r.  A row
 * with no visible key at all outputs zeros (neither producer makes one).
 */
#ifndef MSABENCH_BLOCKSPARSE_H
#define MSABENCH_BLOCKSPARSE_H
#include "attn.h"

/* Visible keys of block blk for a query at position pos (0 when blk < 0). */
static inline int64_t blocksparse_block_visible(const struct attn_shape *s, int64_t bk, int64_t pos,
                                                int64_t blk) {
    if (blk < 0)
        return 0;
    const int64_t start = blk * bk;
    int64_t end = start + bk; /* exclusive */
    if (end > s->seq_len)
        end = s->seq_len;
    if (s->causal && end > pos + 1)
        end = pos + 1;
    return end > start ? end - start : 0;
}

/* ---- float64 oracle: plain loops, one (batch, query row, group) at a time ---- */

/* Doubles of scratch blocksparse_ref_row needs. */
size_t blocksparse_ref_scratch(int64_t bk, int32_t width);
/* o[b, t, h, :] for the G heads h of group r, from the blocks listed in
 * blocks[0..width).  ATTN_ERR_INVALID (with detail) on an id out of range or
 * a repeated id: the oracle checks what the fast path trusts. */
enum attn_status blocksparse_ref_row(const struct attn_shape *s, int64_t bk, const double *q,
                                     const double *k, const double *v, double *o, int64_t b,
                                     int64_t t, int64_t r, const int32_t *blocks, int32_t width,
                                     double *scratch);

/* ---- float32 fast path: KV-outer over the whole selection ---- */

/* Bytes of workspace blocksparse_cpu needs (64-byte aligned pieces). */
size_t blocksparse_cpu_workspace(const struct attn_shape *s, int64_t bk, int32_t width);
/* o (all rows) from sel (all rows).  Per (batch, group): a reverse index
 * (key block -> query rows that selected it), then per key block the queries'
 * G heads are gathered into one matrix and scored with one sgemm against the
 * block's keys, folded with an online softmax, and P V is one more sgemm. */
enum attn_status blocksparse_cpu(const struct attn_shape *s, int64_t bk, const float *q,
                                 const float *k, const float *v, float *o, const int32_t *sel,
                                 int32_t width, void *workspace);

/* Visible (query, key) pairs of a selection sel[B, Hkv, q_len, width],
 * summed over batch, KV groups and query rows.  The main
 * branch's FLOPs are 4 * G * d * this (every head of a group shares it).
 * Entries that are -1 count nothing. */
double blocksparse_visible_pairs(const struct attn_shape *s, int64_t block_size, const int32_t *sel,
                                 int32_t width);

#endif
