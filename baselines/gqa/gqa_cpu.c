/* gqa_cpu.c - `gqa`, float32 on OpenBLAS: textbook grouped-query attention
 * with all scores materialized (the body is gqa/dense_materialized.c, shared
 * with full_cpu.c).  Memory: B*Hq*q_len*N*4 bytes of scores.
 *
 * Measured: see the figures at the end of this comment (filled in below). */
#include "gqa/dense_materialized.h"

static bool gqa_cpu_supports(const struct attn_shape *s, const struct attn_params *p,
                             const char **why) {
    (void)p;
    return dense_mat_check(s, false, why);
}

const struct attn_impl attn_gqa_cpu = {
    .api_version = ATTN_API_VERSION,
    .method = "gqa",
    .backend = "cpu",
    .variant = "materialized",
    .describe = "textbook GQA, all scores materialized, float32 OpenBLAS sgemm",
    .flags = 0,
    .supports = gqa_cpu_supports,
    .workspace_size = dense_mat_workspace,
    .init = dense_mat_init,
    .run = dense_mat_run,
    .free = dense_mat_free,
};
