/* dsa_bound.h - DSA's token selection (dsa.h) without scoring every token twice:
 * the reference of the plan in results/gpu/NOTES.md ("DSA without materialized
 * scores"), for a GPU path that writes block maxima and candidates instead of all
 * N scores.  On one row of index scores s_j = ReLU(q . k_j) (NaN: never selected):
 *  1. the max of each block of bk visible tokens (MSA's index kernel writes these);
 *     L = the T-th largest block max.  Each of those T blocks holds a token >= L,
 *     so at least T tokens score >= L and the top T all do, ties at the T-th score
 *     included.  Fewer than T blocks with a score: no bound (the row takes the
 *     full path);
 *  2. the candidates: every token with s_j >= L, ascending ids (L = 0: the zeros only up
 *     to the count the top T can hold, smallest ids first);
 *  3. the exact top T of the candidates, ties to the smaller id, ascending ids:
 *     the same row as dsa_ref's selection over all tokens.
 * Plain C on float scores (the GPU's fp32 scores), used by tests/unit/test_dsa_bound.c
 * and the candidate-count study (dsa_bound_study.c). */
#ifndef MSABENCH_DSA_BOUND_H
#define MSABENCH_DSA_BOUND_H
#include <stdbool.h>
#include <stdint.h>

/* Step 1 over s[0..nvis): false when fewer than T blocks hold a non-NaN score.
 * bmax: scratch of ceil(nvis / bk) floats. */
bool dsa_bound_threshold(const float *s, int64_t nvis, int64_t bk, int32_t T, float *bmax,
                         float *L);
/* Step 2: the number of candidates, the tokens with s_j >= L; the first cap of their ids
 * go to cand.  L = 0 (ReLU's zeros reach it): the positive tokens and only the T - (their
 * count) smallest ids among the zeros, which are all the ref can take of them. */
int64_t dsa_bound_candidates(const float *s, int64_t nvis, float L, int32_t T, int32_t *cand,
                             int64_t cap);
/* Step 3 over n candidate ids (every non-NaN visible token when there is no bound):
 * min(T, n) ids into sel ascending, -1 after them up to T.  key: scratch of n. */
void dsa_bound_select(const float *s, const int32_t *cand, int64_t n, int32_t T, uint64_t *key,
                      int32_t *sel);
#endif
