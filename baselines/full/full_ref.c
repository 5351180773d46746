/* full_ref.c - float64 oracle of `full`: the shared dense loops of kernels/common. */
#include "common/dense_ref.h"

const struct attn_impl attn_full_ref = {
    .api_version = ATTN_API_VERSION,
    .method = "full",
    .backend = "ref",
    .variant = "loops",
    .describe = "textbook multi-head attention (Hkv := Hq), float64 loops",
    .flags = ATTN_F_ORACLE | ATTN_F_MHA,
    .supports = dense_ref_supports,
    .workspace_size = dense_ref_workspace,
    .init = dense_ref_init,
    .run = dense_ref_run,
    .free = dense_ref_free,
};
