/* select_cuda.h - the C side of kernels/common/select_cuda.cu: a test hook
 * for the query chunking of the contemporaries on CUDA (moba, nsa, quest,
 * dsa), which split their query rows so that per-chunk buffers stay under a
 * byte cap. */
#ifndef MSABENCH_SELECT_CUDA_H
#define MSABENCH_SELECT_CUDA_H
#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif
/* Replaces every method's chunk cap (0: their defaults); set it before
 * workspace_size and init.  Process-wide, for tests. */
void contemp_cuda_set_chunk_cap(size_t bytes);
#ifdef __cplusplus
}
#endif
#endif
