/* coherence.h - selection-coherence statistics (SPEC §5.2): how much
 * neighbouring queries' block selections share.  The speed of a block-sparse
 * main branch depends on it (a block that serves a whole query tile is loaded
 * once); random inputs are the worst case.
 *
 * Input: a selection in the ATTN_SEL_GROUP_BLOCKS layout, int32
 * [B, heads_kv, q_len, width], -1 padding (anywhere in a row), rows in query
 * order.  Per (batch, group) sequence of rows:
 *  - adjacent_overlap: mean over adjacent rows i, i+1 of |I(i) ∩ I(i+1)| / k,
 *    k = the larger of the two selection sizes (= the method's k except where
 *    fewer blocks are visible); 1 when neighbours select the same blocks;
 *  - tile_distinct: mean over tiles of COH_TILE consecutive rows (the last may
 *    be shorter) of the number of distinct blocks the tile selected: k when
 *    fully coherent, COH_TILE * k when every query differs;
 *  - hot_share: the share of all selections that land on the hottest blocks,
 *    the ceil(1%) of the nb blocks (at least 1) a group selected most often,
 *    summed over groups.
 * Duplicated ids in a row count once.  O(B * heads_kv * (q_len * width + nb
 * log nb)) time, O(nb) memory. */
#ifndef MSABENCH_COHERENCE_H
#define MSABENCH_COHERENCE_H
#include "attn.h"
#ifdef __cplusplus
extern "C" {
#endif

#define COH_TILE 128

struct sel_coherence {
    double adjacent_overlap, tile_distinct, hot_share; /* NaN when undefined */
};

/* NaN in every field. */
void coherence_clear(struct sel_coherence *c);

/* nb: the number of blocks (ids >= nb are ignored, like -1).  Fields without a
 * defined value (one row per group: adjacent_overlap; no selection at all)
 * stay NaN.  Returns ATTN_ERR_NOMEM or ATTN_ERR_INVALID (bad sizes). */
enum attn_status coherence_measure(int64_t batch, int64_t heads_kv, int64_t q_len, int32_t width,
                                   const int32_t *sel, int64_t nb, struct sel_coherence *out);
#ifdef __cplusplus
}
#endif
#endif
