/* bigbird_pattern.h - BigBird's fixed block pattern (SPEC §2), shared by the
 * ref and cpu backends (and usable by a CUDA one: plain host C, no state).
 *
 * Pattern block size = params.block_size; nb = ceil(N / Bk); query row t
 * belongs to query block qb = attn_qpos(t) / Bk.  For (qb, KV group r):
 *  - window: w blocks around qb.  Causal: qb and the w-1 blocks before it.
 *    Non-causal: w/2 blocks before qb, qb, (w-1)/2 after.  Clipped at the
 *    sequence ends (not shifted).
 *  - global: blocks 0..g-1 (causal: only those <= qb).  Non-causal: the
 *    first g query blocks see every block.
 *  - random: min(r, available) distinct blocks drawn uniformly from the
 *    visible blocks not already in window or global, by a generator seeded
 *    from (params.seed, qb, r) alone: every batch element, every query of a
 *    block, prefill and decode see the same pattern.
 * A row lists the blocks in ascending order, then -1 padding. */
#ifndef MSABENCH_BIGBIRD_PATTERN_H
#define MSABENCH_BIGBIRD_PATTERN_H
#include "attn.h"

/* Why BigBird cannot run this point, or NULL (both backends: causal and
 * non-causal, prefill and decode, any block size >= 1). */
const char *bigbird_params_check(const struct attn_shape *s, const struct attn_params *p);

/* w+g+r; non-causal with g > 0: max(w+g+r, nb) (global query blocks see all). */
int32_t bigbird_sel_width(const struct attn_shape *s, const struct attn_params *p);

/* Pattern of query block qb, group r into out[0..width); returns the count
 * of real blocks (the rest is -1).  width >= bigbird_sel_width(). */
int32_t bigbird_pattern_row(const struct attn_shape *s, const struct attn_params *p, int64_t qb,
                            int64_t r, int32_t *out, int32_t width);

/* sel[B, Hkv, q_len, bigbird_sel_width()] for every row (rows == NULL) or
 * only for the listed rows. */
void bigbird_fill_sel(const struct attn_shape *s, const struct attn_params *p, int32_t *sel,
                      const int64_t *rows, int64_t n_rows);
#endif
