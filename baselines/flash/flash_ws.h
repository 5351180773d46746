/* flash_ws.h - flash ws_v1's kernel (flash_ws.cu) over lists of key blocks: for patterns
 * whose 128 query rows of a tile share their blocks (lists, bigbird/cuda/ws), and for per-row
 * group selections merged over a tile of tokens (unions, nsa/cuda/ws).  C++ only.
 *
 * Lists:
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
/* Once before launches (lists and unions): the kernels' shared-memory size. */
enum attn_status flash_ws_list_prepare(void);
/* Queues one launch on stream (no allocation, no synchronization). */
enum attn_status flash_ws_list_launch(const struct attn_shape *s, const struct attn_io *io,
                                      const int32_t *list, int width, cudaStream_t stream);

/* Unions: a tile is 128 / G tokens x the G heads of one KV group (G >= 4, dividing 128); its
 * blocks are the union of its tokens' selections, and each token attends over the visible keys
 * of its own blocks only (the others are masked whole, so extra blocks of the union add exact
 * zeros: the output does not depend on how rows are tiled).  s has B = 1 and q_len = the
 * rows; io's q and o point at the first row, k and v at the batch element; row 0 sits at
 * position pos_off.  sel [Hkv, stride, k] int32 from row u0: ascending block ids, -1 for
 * none, every row at least one block.  NULL when s fits (ws_v1's rules and G), else why. */
const char *flash_ws_union_check(const struct attn_shape *s, const struct attn_params *p);
/* Bytes of the union lists of `rows` rows (list and token masks). */
size_t flash_ws_union_scratch(int64_t rows, int64_t Hkv, int64_t G, int32_t k);
/* Queues the union kernel, then the attention (flash_ws_list_prepare first, once). */
enum attn_status flash_ws_union_launch(const struct attn_shape *s, const struct attn_io *io,
                                       int64_t pos_off, const int32_t *sel, int64_t stride,
                                       int64_t u0, int32_t k, void *scratch, cudaStream_t stream);
#endif
