/* performer_features.h - the FAVOR+ random features shared by performer_ref
 * (float64) and performer_cpu (float32), so both use the very same values. */
#ifndef MSABENCH_PERFORMER_FEATURES_H
#define MSABENCH_PERFORMER_FEATURES_H
#include "attn.h"

/* m: params.pf_features, or round(d * ln d) (at least 1) when 0. */
int64_t performer_num_features(const struct attn_shape *s, const struct attn_params *p);

/* w [m, d] for KV head `head`: positive orthogonal random features, already
 * multiplied by d^(-1/4) (so w_l . x == w_l^T x' of SPEC §2) and rounded to
 * float values, stored as double.  The query heads of a GQA group share
 * their KV head's features (see performer_features.c). */
void performer_features(int64_t d, int64_t m, uint64_t seed, int64_t head, double *w);

/* The vtable pieces both backends share. */
bool performer_supports(const struct attn_shape *s, const struct attn_params *p, const char **why);
#define PERFORMER_MAX_FEATURES 65536
#define PERFORMER_MAX_CHUNK 4096
#endif
