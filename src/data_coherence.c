/* data_coherence.c - inputs whose selection coherence (SPEC §5.2) is set on
 * purpose, for timing block-sparse kernels on realistic and best-case
 * selections (random `normal` inputs are the worst case):
 *  - `calibrated`: the `structured` generator (data_structured.c) with its
 *    index exact (index_noise pinned at 0; the sweep's value is ignored).  Its
 *    coherence matches the real captures in tests/data/real (SmolLM2 layers 3,
 *    14, 26, fitted index) at the calibration shape N = 2048, Hq 9 / Hkv 3,
 *    d 64, Bk 16, k 8 (README "Selection coherence" has the table):
 *      real (mean of the three layers): adjacent_overlap 0.82, tile_distinct 30.4
 *      calibrated:                      adjacent_overlap 0.78, tile_distinct 28.9
 *      normal:                          adjacent_overlap 0.31, tile_distinct 68
 *    and stays there as N grows (segments, spans and topic picks are local
 *    in position; generation is O(N d), so any N up to 1M).
 *  - `coherent`: fully coherent selections.  Q, K, V are `normal`; every
 *    query of every group has the same index vector e0 and key j has index
 *    e0 / (1 + j), so a block's index score (the max over its keys) falls
 *    with its id and every query ranks the earliest visible blocks first:
 *    neighbours select the same k-1 blocks plus their local block.  Scores of
 *    different blocks never tie.  Recall on it is meaningless (timing only). */
#include "data_internal.h"

#include <string.h>

enum attn_status data_make_coherence(const struct data_spec *spec, const struct attn_shape *s,
                                     struct attn_inputs *out) {
    if (spec->kind == DATA_CALIBRATED) {
        struct data_spec c = *spec;
        c.index_noise = 0;
        return data_make_structured(&c, s, out);
    }
    const int64_t row0 = s->seq_len - s->q_len, di = s->index_dim;
    data_fill_normal(s, spec->seed, out->q, s->q_len, row0, s->heads_q * s->head_dim, DS_Q);
    data_fill_normal(s, spec->seed, out->k, s->seq_len, 0, s->heads_kv * s->head_dim, DS_K);
    data_fill_normal(s, spec->seed, out->v, s->seq_len, 0, s->heads_kv * s->head_dim, DS_V);
    memset(out->qidx, 0, (size_t)attn_numel_qidx(s) * sizeof(float));
    memset(out->kidx, 0, (size_t)attn_numel_kidx(s) * sizeof(float));
    for (int64_t r = 0; r < s->batch * s->q_len * s->heads_kv; r++)
        out->qidx[r * di] = 1.0f;
    for (int64_t r = 0; r < s->batch * s->seq_len; r++)
        out->kidx[r * di] = (float)(1.0 / (1.0 + (double)(r % s->seq_len)));
    return ATTN_OK;
}
