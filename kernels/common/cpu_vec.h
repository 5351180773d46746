/* cpu_vec.h - small float32 loops written so GCC vectorizes them at -O3
 * without fast-math flags, shared by the CPU kernels (blocksparse_cpu.c,
 * msa_cpu.c).  Functions that run these loops hot can be marked
 * CPU_VEC_CLONES: compiled for AVX-512 and AVX2 as well, picked at load time
 * (GCC ifunc), since the build targets baseline x86-64. */
#ifndef MSABENCH_CPU_VEC_H
#define MSABENCH_CPU_VEC_H
#include <math.h>
#include <stdint.h>
#include <string.h>

#if defined(__GNUC__) && defined(__x86_64__) && !defined(__clang__)
#define CPU_VEC_CLONES __attribute__((target_clones("avx512f", "avx2", "default")))
#define CPU_VEC_INLINE static inline __attribute__((always_inline))
#else
#define CPU_VEC_CLONES
#define CPU_VEC_INLINE static inline
#endif

/* e^x for x <= 0 (softmax arguments), relative error below 1e-7 (max 8.3e-8
 * over every float in [-87, 0]; e^0 = 1 exactly).  Cody-Waite reduction and
 * Cephes' expf polynomial; pure arithmetic so the loops calling it
 * vectorize, which libm's expf does not without -ffast-math. */
CPU_VEC_INLINE float cpu_expf(float x) {
    /* x := max(x, -87) on the bits (-inf too; NaN stays NaN): a float compare
     * would keep the loop from vectorizing under the default -ftrapping-math */
    uint32_t ux;
    memcpy(&ux, &x, sizeof ux);
    const uint32_t low = 0u - (uint32_t)((ux > 0xC2AE0000u) & (ux <= 0xFF800000u));
    ux = (ux & ~low) | (0xC2AE0000u & low);
    memcpy(&x, &ux, sizeof x);
    const float t = x * 1.44269504088896341f + 12582912.0f; /* round(x log2 e) in the low bits */
    const float n = t - 12582912.0f;
    const float r = (x - n * 0.693359375f) - n * -2.12194440e-4f;
    float p = 1.9875691500e-4f;
    p = p * r + 1.3981999507e-3f;
    p = p * r + 8.3334519073e-3f;
    p = p * r + 4.1665795894e-2f;
    p = p * r + 1.6666665459e-1f;
    p = p * r + 5.0000001201e-1f;
    p = p * r * r + r + 1.0f;
    uint32_t bits;
    memcpy(&bits, &t, sizeof bits);
    bits = (bits << 23) + 0x3F800000u; /* 2^n */
    float two_n;
    memcpy(&two_n, &bits, sizeof two_n);
    return p * two_n;
}

/* Max and sum over independent lanes: vectorizes without reassociation
 * flags.  The max runs on order-preserving integer keys of the floats (a
 * float compare is not if-converted under -ftrapping-math); a positive NaN
 * wins and a negative one loses, and either way the row's exp turns NaN. */
CPU_VEC_INLINE int32_t cpu_float_key(float x) {
    int32_t b;
    memcpy(&b, &x, sizeof b);
    return b ^ ((b >> 31) & 0x7FFFFFFF);
}

/* The float of a key (the map is its own inverse). */
CPU_VEC_INLINE float cpu_float_unkey(int32_t key) {
    const int32_t b = key ^ ((key >> 31) & 0x7FFFFFFF);
    float r;
    memcpy(&r, &b, sizeof r);
    return r;
}

CPU_VEC_INLINE float cpu_row_max(const float *x, int64_t n) {
    int32_t m[16];
    int64_t j = 0;
    for (int u = 0; u < 16; u++)
        m[u] = INT32_MIN;
    for (; j + 16 <= n; j += 16)
        for (int u = 0; u < 16; u++) {
            const int32_t key = cpu_float_key(x[j + u]);
            m[u] = key > m[u] ? key : m[u];
        }
    for (; j < n; j++) {
        const int32_t key = cpu_float_key(x[j]);
        m[0] = key > m[0] ? key : m[0];
    }
    for (int u = 1; u < 16; u++)
        m[0] = m[u] > m[0] ? m[u] : m[0];
    return n > 0 ? cpu_float_unkey(m[0]) : -INFINITY;
}

CPU_VEC_INLINE float cpu_row_sum(const float *x, int64_t n) {
    float a[8] = {0, 0, 0, 0, 0, 0, 0, 0};
    int64_t j = 0;
    for (; j + 8 <= n; j += 8)
        for (int u = 0; u < 8; u++)
            a[u] += x[j + u];
    for (; j < n; j++)
        a[0] += x[j];
    return ((a[0] + a[1]) + (a[2] + a[3])) + ((a[4] + a[5]) + (a[6] + a[7]));
}

#endif
