/* validate_rows.h - which query rows the runner validates.  A uniform sample
 * alone can miss a bug confined to an edge (the first block, the last row, a
 * block boundary, padding), so the fixed edge rows are always checked and the
 * seeded sample of `validate_rows` rows comes on top (issue 17). */
#ifndef MSABENCH_VALIDATE_ROWS_H
#define MSABENCH_VALIDATE_ROWS_H
#include <stdint.h>

#include "attn.h"
#ifdef __cplusplus
extern "C" {
#endif

/* Most rows validate_rows_pick writes beyond the random sample. */
#define VALIDATE_EDGE_MAX 16
/* Block boundaries whose two sides are always checked. */
#define VALIDATE_BOUNDARIES 4

/* Writes the sorted, distinct query rows (0..q_len-1) to validate: the first
 * row, the last row, the rows at each side of the first VALIDATE_BOUNDARIES
 * block boundaries (positions b*bk-1 and b*bk), the first two rows of the
 * last block, and n_random rows drawn uniformly (seeded).  rows must hold
 * VALIDATE_EDGE_MAX + n_random entries.  Returns the count. */
int64_t validate_rows_pick(const struct attn_shape *s, int64_t bk, int64_t n_random, uint64_t seed,
                           int64_t *rows);

#ifdef __cplusplus
}
#endif
#endif
