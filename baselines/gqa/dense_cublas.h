/* dense_cublas.h - textbook attention on the GPU with materialized scores (cuBLAS),
 * shared by `full` (Hkv = Hq) and `gqa` (grouped KV heads). */
#ifndef MSABENCH_DENSE_CUBLAS_H
#define MSABENCH_DENSE_CUBLAS_H
#include "attn.h"
#ifdef __cplusplus
extern "C" {
#endif
bool dense_cublas_supports_mha(const struct attn_shape *s, const struct attn_params *p,
                               const char **why);
bool dense_cublas_supports_gqa(const struct attn_shape *s, const struct attn_params *p,
                               const char **why);
size_t dense_cublas_workspace(const struct attn_shape *s, const struct attn_params *p);
enum attn_status dense_cublas_init(void **ctx, const struct attn_shape *s,
                                   const struct attn_params *p, void *ws, void *stream);
enum attn_status dense_cublas_run(void *ctx, const struct attn_io *io);
void dense_cublas_free(void *ctx);
#ifdef __cplusplus
}
#endif
#endif
