/* msa_common.h - what msa's ref and cpu backends share besides the
 * block-sparse core: stage names and the parameter checks. */
#ifndef MSABENCH_MSA_COMMON_H
#define MSABENCH_MSA_COMMON_H
#include "attn.h"

/* {"index", "topk", "attn"}: run() == these in order. */
extern const char *const msa_stage_names[3];

/* Why MSA cannot run this point, or NULL (on top of attn_shape_check). */
const char *msa_params_check(const struct attn_shape *s, const struct attn_params *p);
#endif
