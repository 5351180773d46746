/* bigbird_cuda.h - what bigbird's CUDA variants (bigbird_cuda.cu q_outer, bigbird_ws.cu ws)
 * share: the device copy of the pattern rows.  C++ only. */
#ifndef MSABENCH_BIGBIRD_CUDA_H
#define MSABENCH_BIGBIRD_CUDA_H
#include "attn.h"

#include <cuda_runtime.h>
#include <stdint.h>

/* Host pattern above this many bytes is refused (non-causal global rows are nb wide). */
#define BIGBIRD_CUDA_SEL_MAX ((size_t)4 << 30)
/* Bytes of the rows sel [B, Hkv, q_len, bigbird_sel_width()] int32. */
size_t bigbird_cuda_sel_bytes(const struct attn_shape *s, const struct attn_params *p);
/* Builds every row on the host (bigbird_fill_sel) and copies it to dev on stream, synchronized
 * before it returns (the host buffer is freed). */
enum attn_status bigbird_cuda_upload_rows(const struct attn_shape *s, const struct attn_params *p,
                                          int32_t *dev, cudaStream_t stream);
#endif
