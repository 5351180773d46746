/* full_cpu.c - `full`, float32 on OpenBLAS: textbook multi-head attention
 * (heads_kv == heads_q, the runner builds K/V with Hq heads) with all scores
 * materialized; the body is gqa/dense_materialized.c, shared with gqa_cpu.c.
 * Memory: B*Hq*q_len*N*4 bytes of scores, plus Hq (not Hkv) K/V heads. */
#include "gqa/dense_materialized.h"

static bool full_cpu_supports(const struct attn_shape *s, const struct attn_params *p,
                              const char **why) {
    (void)p;
    return dense_mat_check(s, true, why);
}

const struct attn_impl attn_full_cpu = {
    .api_version = ATTN_API_VERSION,
    .method = "full",
    .backend = "cpu",
    .variant = "materialized",
    .describe = "textbook MHA (Hkv := Hq), all scores materialized, float32 OpenBLAS sgemm",
    .flags = ATTN_F_MHA,
    .supports = full_cpu_supports,
    .workspace_size = dense_mat_workspace,
    .init = dense_mat_init,
    .run = dense_mat_run,
    .free = dense_mat_free,
};
