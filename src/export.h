/* export.h - a row's inputs, selection and sampled output rows as
 * .npy, so a peer outside msabench (scripts/peers/flex_peer.py) can compute the
 * identical output from msabench's own selection. */
#ifndef MSABENCH_EXPORT_H
#define MSABENCH_EXPORT_H
#include "attn.h"
#include "data.h"
#ifdef __cplusplus
extern "C" {
#endif
struct export_point {
    const char *dir; /* DIR: DIR/<tag>/ and the line in DIR/index.tsv */
    const char *key; /* the row's point key */
    const struct attn_impl *im;
    const struct attn_shape *shape;
    const struct attn_params *params;
    const struct attn_inputs *in; /* host float32 inputs (the device got bf16 of these) */
    const int32_t *sel;           /* [B, heads, q_len, width] in the method's sel_layout
                                     (heads_q for HEAD_BLOCKS, else Hkv), host; NULL: none */
    int32_t width;
    const float *o_rows; /* [B, n_rows, Hq, d]: the implementation's output */
    const int64_t *rows;
    int64_t n_rows;
};
/* Writes q, k, v and, for index methods, qidx and kidx (bf16 bits '<u2' for
 * device implementations, else '<f4'), sel ('<i4'; selecting methods only),
 * rows ('<i8') and o_rows ('<f4') under DIR/<tag>/, one folder per (point,
 * method, backend, variant), and appends "tag key method backend variant
 * dtype" to DIR/index.tsv.  A row already exported (its folder exists) is
 * left as it is: *written is then false. */
enum attn_status export_selection(const struct export_point *e, bool *written);
#ifdef __cplusplus
}
#endif
#endif
