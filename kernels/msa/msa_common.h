/* msa_common.h - what msa's ref and cpu backends share besides the
 * block-sparse core: stage names and the parameter checks. */
#ifndef MSABENCH_MSA_COMMON_H
#define MSABENCH_MSA_COMMON_H
#include "attn.h"

/* {"index", "topk", "attn"}: run() == these in order. */
extern const char *const msa_stage_names[3];

/* Why MSA cannot run this point, or NULL: attn_shape_check(s, NULL), a
 * power-of-two block size, topk >= 1 (any topk: above nb every visible block
 * is selected, then -1), sizes that fit BLAS ints.  Both backends, causal
 * and non-causal, prefill and decode. */
const char *msa_params_check(const struct attn_shape *s, const struct attn_params *p);
#endif
