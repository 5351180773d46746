/* spanattn.h - exact softmax attention of ONE query head over a list of key
 * spans [lo, hi): the core of the selection methods whose selection is not one
 * block list per GQA group (moba and quest select per query head, dsa selects
 * tokens).  The float64 version is the oracle's; the float32 one the cpu
 * backends'.  Both visit keys in span order, so a row's result does not depend
 * on where its keys sit in memory. */
#ifndef MSABENCH_SPANATTN_H
#define MSABENCH_SPANATTN_H
#include <stdint.h>

struct span {
    int64_t lo, hi; /* keys lo..hi-1 */
};

/* Spans of the visible keys of sorted or unsorted block ids (-1 ignored):
 * block b covers [b*bk, min((b+1)*bk, n_keys, vis_end)).  Returns the count. */
int64_t spans_from_blocks(const int32_t *blocks, int32_t width, int64_t bk, int64_t n_keys,
                          int64_t vis_end, struct span *out);
/* Spans of ascending token ids (-1 ends the list), consecutive ids merged. */
int64_t spans_from_tokens(const int32_t *tokens, int32_t width, struct span *out);
/* Keys in the spans. */
int64_t spans_keys(const struct span *sp, int64_t n);

/* out[0..d) = sum_j softmax_j(q . k_j * scale) v_j over the keys of the spans;
 * key j at k + j * stride (same for v).  scratch holds spans_keys() values.
 * No key: out = 0. */
void spanattn_f64(const double *q, const double *k, const double *v, int64_t stride, int64_t d,
                  double scale, const struct span *sp, int64_t nsp, double *scratch, double *out);
void spanattn_f32(const float *q, const float *k, const float *v, int64_t stride, int64_t d,
                  float scale, const struct span *sp, int64_t nsp, float *scratch, float *out);
#endif
