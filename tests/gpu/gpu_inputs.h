/* gpu_inputs.h - the seeded inputs test_gpu_msa and test_gpu_contemp share: a
 * splitmix64 stream, N(0, sigma^2) host arrays, and their bf16 rounding (the values
 * the device reads, kept in float64 for the ref).  Include after testutil.h. */
#ifndef MSABENCH_GPU_INPUTS_H
#define MSABENCH_GPU_INPUTS_H
#include "attn.h"

#include <math.h>
#include <stdint.h>
#include <stdlib.h>

static uint64_t rng_state;
static inline double rng_u(void) { /* splitmix64 -> (0, 1) */
    uint64_t z = (rng_state += 0x9e3779b97f4a7c15ull);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
    z ^= z >> 31;
    return ((double)(z >> 11) + 0.5) / 9007199254740992.0;
}
static inline double rng_normal(void) {
    return sqrt(-2.0 * log(rng_u())) * cos(6.283185307179586 * rng_u());
}
static inline float bf16r(double x) {
    return attn_bf16_to_f32(attn_f32_to_bf16((float)x));
}

/* n floats ~ N(0, sigma^2) into *f, and room for their float64 copy in *dd. */
static inline void fill(size_t n, double sigma, float **f, double **dd) {
    *f = malloc((n ? n : 1) * sizeof **f);
    *dd = malloc((n ? n : 1) * sizeof **dd);
    assert_non_null(*f);
    assert_non_null(*dd);
    for (size_t i = 0; i < n; i++)
        (*f)[i] = (float)(rng_normal() * sigma);
}

/* f rounded to bf16 in place, dd := the rounded values. */
static inline void round_all(size_t n, float *f, double *dd) {
    for (size_t i = 0; i < n; i++) {
        f[i] = bf16r(f[i]);
        dd[i] = f[i];
    }
}
#endif
