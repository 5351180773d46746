/* gqa_ref.c - float64 oracle of `gqa`: the shared dense loops of kernels/common. */
#include "common/dense_ref.h"

const struct attn_impl attn_gqa_ref = {
    .api_version = ATTN_API_VERSION,
    .method = "gqa",
    .backend = "ref",
    .variant = "loops",
    .describe = "textbook grouped-query attention, float64 loops",
    .flags = ATTN_F_ORACLE,
    .supports = dense_ref_supports,
    .workspace_size = dense_ref_workspace,
    .init = dense_ref_init,
    .run = dense_ref_run,
    .free = dense_ref_free,
};
