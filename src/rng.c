/* rng.c - the counter-based RNG every generator shares (data.h): splitmix64
 * and Box-Muller.
 *
 * Draw c of the stream that starts at state `key` is mix(key + (c+1)*golden),
 * exactly what the (c+1)-th attn_rng_next() returns.  Normal number e of a
 * tensor is Box-Muller of draw e/2 (its low 32 bits give the radius, its high
 * 32 bits the angle): cos for even e, sin for odd e.  So a value depends only
 * on (seed, tensor id, index): inputs are reproducible and independent of how
 * work is split over threads.
 *
 * Box-Muller runs in float with its own small polynomials (log via atanh
 * series, sin/cos on [-pi/4, pi/4] and a quadrant swap), written so the
 * compiler vectorizes the bulk loop; only IEEE +,-,*,/ are used, so the
 * vector loop, its scalar tail and rng_normal_at() give the same bits.
 * glibc's log + sincos cost ~40 ns a pair here, too slow for 2^29 values.
 * The radius uses 31-bit uniforms: |z| <= 6.56, a tail of P ~ 5e-11 cut. */
#include "rng.h"

#include "data.h"

#include <math.h>
#include <string.h>

#define GOLDEN 0x9E3779B97F4A7C15ULL

uint64_t rng_mix64(uint64_t z) {
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
    return z ^ (z >> 31);
}

uint64_t attn_rng_next(uint64_t *state) {
    *state += GOLDEN;
    return rng_mix64(*state);
}

double attn_rng_uniform(uint64_t *state) {
    return (double)(attn_rng_next(state) >> 11) * 0x1.0p-53;
}

uint64_t rng_stream_key(uint64_t seed, uint64_t id) {
    return rng_mix64(seed * 0xD1B54A32D192ED03ULL + GOLDEN) ^
           rng_mix64((id + 1) * 0x8CB92BA72F3D8DD7ULL);
}

uint64_t rng_at(uint64_t key, uint64_t counter) {
    return rng_mix64(key + (counter + 1) * GOLDEN);
}

/* ln(u) for u in (0, 1], float, ~1e-7 relative.  Branch-free (selects by
 * integer masks) so the bulk loop vectorizes. */
static inline float fast_logf(float u) {
    uint32_t bits;
    memcpy(&bits, &u, 4);
    uint32_t mb = (bits & 0x7fffffu) | 0x3f800000u; /* m in [1, 2) */
    const uint32_t big = mb > 0x3fb504f3u;          /* m > sqrt(2): halve m */
    mb -= big << 23;                                /* m in [0.707, 1.414) */
    const int32_t e = (int32_t)(bits >> 23) - 127 + (int32_t)big;
    float m;
    memcpy(&m, &mb, 4);
    const float s = (m - 1.0f) / (m + 1.0f), s2 = s * s;
    const float p =
        2.0f * s * (1.0f + s2 * (1.0f / 3 + s2 * (1.0f / 5 + s2 * (1.0f / 7 + s2 / 9))));
    return (float)e * 0.693147180559945309f + p;
}

static inline uint32_t f2u(float f) {
    uint32_t u;
    memcpy(&u, &f, 4);
    return u;
}
static inline float u2f(uint32_t u) {
    float f;
    memcpy(&f, &u, 4);
    return f;
}

/* sqrt(x) for x >= 0 as x * rsqrt(x): bit-trick guess, three Newton steps
 * (float accurate, x = 0 gives 0).  libm's sqrtf may set errno, which stops
 * vectorization, and a division costs more than these multiplies. */
static inline float fast_sqrtf(float x) {
    float y = u2f(0x5f3759dfu - (f2u(x) >> 1));
    y = y * (1.5f - 0.5f * x * y * y);
    y = y * (1.5f - 0.5f * x * y * y);
    y = y * (1.5f - 0.5f * x * y * y);
    return x * y;
}

/* Box-Muller of one 64-bit draw -> two N(0,1). */
static inline void bm_pair(uint64_t z, float *n0, float *n1) {
    const uint32_t a = (uint32_t)z, b = (uint32_t)(z >> 32);
    const float u1 = ((float)(int32_t)(a >> 1) + 1.0f) * 0x1.0p-31f; /* (0, 1] */
    const float r = fast_sqrtf(-2.0f * fast_logf(u1));
    /* angle = (k + f) * pi/2 with quadrant k = b >> 30, f in [0,1) */
    const int32_t k = (int32_t)(b >> 30);
    const float ph = ((float)(int32_t)(b & 0x3fffffffu) * 0x1.0p-30f - 0.5f) * 1.57079632679f;
    const float p2 = ph * ph;
    const float sp =
        ph * (1.0f - p2 * (1.0f / 6 - p2 * (1.0f / 120 - p2 * (1.0f / 5040 - p2 / 362880))));
    const float cp = 1.0f - p2 * (0.5f - p2 * (1.0f / 24 - p2 * (1.0f / 720 - p2 / 40320)));
    /* rotate by pi/4 (ph is centred), then by k quarter turns */
    const float c0 = (cp - sp) * 0.70710678118f, s0 = (sp + cp) * 0.70710678118f;
    /* k = 0..3: (c0,s0), (-s0,c0), (-c0,-s0), (s0,-c0): swap on odd k, negate for k >= 2 */
    const uint32_t odd = 0u - (uint32_t)(k & 1), neg = (uint32_t)(k >> 1) << 31;
    const uint32_t cb = f2u(c0), sb = f2u(s0), nsb = sb ^ 0x80000000u;
    const float c = u2f(((cb & ~odd) | (nsb & odd)) ^ neg);
    const float s = u2f(((sb & ~odd) | (cb & odd)) ^ neg);
    *n0 = r * c;
    *n1 = r * s;
}

double attn_rng_normal(uint64_t *state) {
    float n0, n1;
    bm_pair(attn_rng_next(state), &n0, &n1);
    return n0;
}

double rng_normal_at(uint64_t key, uint64_t idx) {
    float n0, n1;
    bm_pair(rng_at(key, idx >> 1), &n0, &n1);
    return (idx & 1) ? n1 : n0;
}

#define BM_BATCH 64

/* One clone per vector ISA; with no FMA contraction (ISO C mode) every clone
 * computes the same bits. */
#if defined(__x86_64__) && defined(__GNUC__) && !defined(__clang__)
#define RNG_CLONES __attribute__((target_clones("avx512f", "avx2", "default")))
#else
#define RNG_CLONES
#endif

RNG_CLONES void rng_normal_fill_f32(uint64_t key, uint64_t idx0, int64_t n, float *out) {
    int64_t e = 0;
    uint64_t idx = idx0;
    if (n > 0 && (idx & 1))
        out[e++] = (float)rng_normal_at(key, idx++);
    uint64_t z[BM_BATCH];
    float n0[BM_BATCH], n1[BM_BATCH];
    while (e + 1 < n) {
        int64_t np = (n - e) / 2;
        if (np > BM_BATCH)
            np = BM_BATCH;
        const uint64_t p0 = idx >> 1;
        for (int64_t i = 0; i < np; i++)
            z[i] = rng_at(key, p0 + (uint64_t)i);
        for (int64_t i = 0; i < np; i++)
            bm_pair(z[i], &n0[i], &n1[i]);
        for (int64_t i = 0; i < np; i++) {
            out[e + 2 * i] = n0[i];
            out[e + 2 * i + 1] = n1[i];
        }
        e += 2 * np;
        idx += 2 * (uint64_t)np;
    }
    if (e < n)
        out[e] = (float)rng_normal_at(key, idx);
}

void rng_normal_fill(uint64_t key, uint64_t idx0, int64_t n, double scale, double *out) {
    float buf[2 * BM_BATCH];
    for (int64_t e = 0; e < n; e += 2 * BM_BATCH) {
        const int64_t m = n - e < 2 * BM_BATCH ? n - e : 2 * BM_BATCH;
        rng_normal_fill_f32(key, idx0 + (uint64_t)e, m, buf);
        for (int64_t i = 0; i < m; i++)
            out[e + i] = scale * (double)buf[i];
    }
}
