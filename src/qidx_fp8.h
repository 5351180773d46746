/* qidx_fp8.h - the e4m3 rounding of index-query rows that an ATTN_F_QIDX_FP8
 * implementation applies to io->qidx, for the runner's float64 checks to read
 * the same queries.  Today the msa kernels define it (msa_fp8_round.h: the rule
 * and its exponent range); the runner names no method. */
#ifndef MSABENCH_QIDX_FP8_H
#define MSABENCH_QIDX_FP8_H
#include "msa/msa_fp8_round.h"

/* One row of di values (one batch, query position and KV head); out may equal row. */
static inline void attn_qidx_round_fp8(const double *row, int64_t di, double *out) {
    msa_qidx_round_fp8(row, di, out);
}
#endif
