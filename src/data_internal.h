/* data_internal.h - pieces of data.c shared with data_structured.c. */
#ifndef MSABENCH_DATA_INTERNAL_H
#define MSABENCH_DATA_INTERNAL_H
#include "data.h"

/* Tensor ids of the counter-based streams (rng.h). */
enum data_stream {
    DS_Q = 1,
    DS_K,
    DS_V,
    DS_QIDX,
    DS_KIDX, /* normal */
    DS_S_KLAT = 16,
    DS_S_KEXT,
    DS_S_Q,
    DS_S_QI,
    DS_S_KI, /* structured noise */
    DS_S_SEG,
    DS_S_DIR,
    DS_S_TOPIC,
    DS_S_PERM
};

/* Fills dst [batch, rows, row_elems] with N(0,1) values of stream `id`.
 * Row t of batch b takes the indices of row (row0 + t) of a tensor with
 * seq_len rows, so a decode tensor is the tail of the prefill one. */
void data_fill_normal(const struct attn_shape *s, uint64_t seed, float *dst, int64_t rows,
                      int64_t row0, int64_t row_elems, uint64_t id);

/* The structured generator (data_structured.c); buffers already allocated. */
enum attn_status data_make_structured(const struct data_spec *spec, const struct attn_shape *s,
                                      struct attn_inputs *out);

/* `calibrated` and `coherent` (data_coherence.c); buffers already allocated. */
enum attn_status data_make_coherence(const struct data_spec *spec, const struct attn_shape *s,
                                     struct attn_inputs *out);
#endif
