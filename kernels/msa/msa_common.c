/* msa_common.c - stage names and parameter checks of both MSA backends. */
#include "msa/msa_common.h"

#include <limits.h>

const char *const msa_stage_names[3] = {"index", "topk", "attn"};

const char *msa_params_check(const struct attn_shape *s, const struct attn_params *p) {
    const char *why = attn_shape_check(s, NULL); /* BigBird / Performer knobs are not ours */
    if (why)
        return why;
    if (p->block_size <= 0 || (p->block_size & (p->block_size - 1)) != 0)
        return "msa: block_size must be a power of two";
    /* topk above the block count is fine: every visible block, then -1 */
    if (p->topk < 1)
        return "msa: topk must be at least 1";
    if (s->head_dim > INT_MAX / 4 || s->index_dim > INT_MAX / 4 ||
        s->heads_q * s->head_dim > INT_MAX / 4 || s->heads_kv * s->index_dim > INT_MAX / 4)
        return "msa: head or index dim too large for BLAS int arguments";
    if ((int64_t)p->topk * p->block_size > INT_MAX / 8)
        return "msa: topk * block_size too large";
    return NULL;
}
