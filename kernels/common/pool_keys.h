/* pool_keys.h - the mean key of every complete block, float32, for the
 * training-free block scorers (nsa, moba: "mean-pooled block keys").  Sum in
 * key order, then times 1/bk (a power of two: exact), so a block's mean is the
 * same wherever it is computed and equal blocks tie exactly. */
#ifndef MSABENCH_POOL_KEYS_H
#define MSABENCH_POOL_KEYS_H

#include "attn.h"

#include <string.h>

/* kc [B, Hkv, nbc, d] from k [B, N, Hkv, d]; nbc = complete blocks of bk keys. */
static inline void pool_keys_f32(const struct attn_shape *s, int64_t bk, int64_t nbc,
                                 const float *k, float *kc_all) {
    const int64_t N = s->seq_len, d = s->head_dim, Hkv = s->heads_kv;
    const float inv = 1.0f / (float)bk;
    for (int64_t b = 0; b < s->batch; b++)
        for (int64_t r = 0; r < Hkv; r++)
            for (int64_t cb = 0; cb < nbc; cb++) {
                float *kc = kc_all + ((b * Hkv + r) * nbc + cb) * d;
                memset(kc, 0, (size_t)d * sizeof *kc);
                for (int64_t j = cb * bk; j < (cb + 1) * bk; j++) {
                    const float *kr = k + ((b * N + j) * Hkv + r) * d;
                    for (int64_t x = 0; x < d; x++)
                        kc[x] += kr[x];
                }
                for (int64_t x = 0; x < d; x++)
                    kc[x] *= inv;
            }
}

#endif
