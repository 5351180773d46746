/* dense_materialized.h - textbook float32 attention with every score held in
 * memory: the shared body of `full` (cpu) and `gqa` (cpu). */
#ifndef MSABENCH_DENSE_MATERIALIZED_H
#define MSABENCH_DENSE_MATERIALIZED_H
#include "attn.h"
/* need_mha: refuse shapes with heads_kv != heads_q (full attention). */
bool dense_mat_check(const struct attn_shape *s, bool need_mha, const char **why);
/* B*Hq*q_len*N floats: every score at once (0 if that overflows size_t). */
size_t dense_mat_workspace(const struct attn_shape *s, const struct attn_params *p);
enum attn_status dense_mat_init(void **ctx, const struct attn_shape *s, const struct attn_params *p,
                                void *ws, void *stream);
enum attn_status dense_mat_run(void *ctx, const struct attn_io *io);
void dense_mat_free(void *ctx);
#endif
