/* msa_common.c - stage names and parameter checks of both MSA backends. */
#include "msa/msa_common.h"

#include <limits.h>

const char *const msa_stage_names[3] = {"index", "topk", "attn"};

const char *msa_params_check(const struct attn_shape *s, const struct attn_params *p) {
    /* topk >= 1 and a power-of-two block size are attn_shape_check's; topk
     * above the block count is fine: every visible block, then -1 padding. */
    if (s->head_dim > INT_MAX / 4 || s->index_dim > INT_MAX / 4 ||
        s->heads_q * s->head_dim > INT_MAX / 4 || s->heads_kv * s->index_dim > INT_MAX / 4)
        return "msa: head or index dim too large for BLAS int arguments";
    if ((int64_t)p->topk * p->block_size > INT_MAX / 8)
        return "msa: topk * block_size too large";
    return NULL;
}
