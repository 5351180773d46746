/* flash_ws.h - flash ws_v1's kernel (flash_ws.cu) over lists of key blocks, for patterns
 * whose 128 query rows of a tile share their blocks (bigbird/cuda/ws).  C++ only.
 *
 * Layouts as ws_v1: q, o [B, q_len, Hq, 128], k, v [B, N, Hkv, 128] bf16; query row t at
 * position N - q_len + t; query tile m = rows 128m .. 128m + 127.  list [ceil(q_len / 128),
 * Hkv, width] int32: the 128-key blocks tile m of KV group r attends over, -1 after the last,
 * at least one each (the kernel reads until the first -1).  Every head of the group attends
 * over the visible keys of those blocks (causal: key <= position; key < N). */
#ifndef MSABENCH_FLASH_WS_H
#define MSABENCH_FLASH_WS_H
#include "attn.h"

#include <cuda_runtime.h>
#include <stdint.h>

/* NULL when the list kernel runs shape s (ws_v1's rules: prefill, d 128, an sm_90 device with
 * sm_90a code; and N - q_len a multiple of 128), else why. */
const char *flash_ws_list_check(const struct attn_shape *s, const struct attn_params *p);
/* Once before launches: the kernel's shared-memory size. */
enum attn_status flash_ws_list_prepare(void);
/* Queues one launch on stream (no allocation, no synchronization). */
enum attn_status flash_ws_list_launch(const struct attn_shape *s, const struct attn_io *io,
                                      const int32_t *list, int width, cudaStream_t stream);
#endif
