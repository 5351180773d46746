/* softmax_f32.h - float32 softmax pieces for the CPU backends, written so
 * that gcc -O3 vectorizes them without -ffast-math or -march (plain C, no libm
 * call): exp of x <= 0, and the max and the exp-sum of a row with 8
 * independent lanes (the lanes change the sum's rounding order, not its
 * accuracy).
 *
 * exp(x) = 2^n * exp(r), n = round(x / ln 2), |r| <= ln2/2, ln 2 split in two
 * parts (Cody-Waite) so r is nearly exact; exp(r) by its Taylor series to r^7
 * (truncation < 6e-9 relative).  Relative error <= 1.0e-7 against double exp,
 * checked on every 8th float of [-87, 0].  x < -87 gives exp(-87) ~ 1.6e-38
 * (still a normal float), which is 0 for every use here (softmax weights next
 * to a max of 1).  NaN is not propagated; callers pass finite scores only. */
#ifndef MSABENCH_SOFTMAX_F32_H
#define MSABENCH_SOFTMAX_F32_H
#include <stdint.h>
#include <string.h>

/* exp(x) for x <= 0 (also -inf); x > 0 is outside the contract. */
static inline float attn_exp_neg(float x) {
    /* clamp at -87 on the bits: as uint32, the pattern of x <= -0 grows as x
     * falls and +0 (x - max) stays below; an integer select vectorizes where
     * a float one (-ftrapping-math) does not */
    uint32_t xb;
    memcpy(&xb, &x, sizeof xb);
    xb = xb > 0xC2AE0000u ? 0xC2AE0000u : xb; /* -87.0f */
    memcpy(&x, &xb, sizeof x);
    /* round(x / ln 2) through the 1.5*2^23 trick: n sits in t's low bits */
    const float t = x * 1.44269504088896341f + 12582912.0f;
    const float n = t - 12582912.0f;
    float r = x - n * 0.693145751953125f; /* ln 2 high part, exact product */
    r = r - n * 1.42860682030941723e-6f;  /* ln 2 low part */
    float p = 1.0f / 5040.0f;
    p = p * r + 1.0f / 720.0f;
    p = p * r + 1.0f / 120.0f;
    p = p * r + 1.0f / 24.0f;
    p = p * r + 1.0f / 6.0f;
    p = p * r + 0.5f;
    p = p * r + 1.0f;
    p = p * r + 1.0f;
    int32_t bits;
    memcpy(&bits, &t, sizeof bits);
    bits = (bits - 0x4B400000 + 127) * (1 << 23); /* 2^n as float bits, n in [-126, 0] */
    float s;
    memcpy(&s, &bits, sizeof s);
    return p * s;
}

#define ATTN_LANES 8

/* A float's bits as an int32 that orders like the float (-0 just below +0):
 * the max then runs on integers, which vectorize where float selects do not. */
static inline int32_t attn_f32_key(float x) {
    uint32_t b;
    memcpy(&b, &x, sizeof b);
    b ^= (0u - (b >> 31)) & 0x7FFFFFFFu; /* negative: flip the magnitude bits */
    int32_t k;
    memcpy(&k, &b, sizeof k);
    return k;
}
static inline float attn_f32_unkey(int32_t k) {
    uint32_t b;
    memcpy(&b, &k, sizeof b);
    b ^= (0u - (b >> 31)) & 0x7FFFFFFFu;
    float x;
    memcpy(&x, &b, sizeof x);
    return x;
}

/* max(init, x[0..n)) for non-NaN values. */
static inline float attn_max_f32(const float *x, int64_t n, float init) {
    int32_t acc[ATTN_LANES];
    for (int l = 0; l < ATTN_LANES; l++)
        acc[l] = attn_f32_key(init);
    int64_t j = 0;
    for (; j + ATTN_LANES <= n; j += ATTN_LANES)
        for (int l = 0; l < ATTN_LANES; l++) {
            const int32_t k = attn_f32_key(x[j + l]);
            acc[l] = k > acc[l] ? k : acc[l];
        }
    for (; j < n; j++) {
        const int32_t k = attn_f32_key(x[j]);
        acc[0] = k > acc[0] ? k : acc[0];
    }
    int32_t m = acc[0];
    for (int l = 1; l < ATTN_LANES; l++)
        m = acc[l] > m ? acc[l] : m;
    return attn_f32_unkey(m);
}

/* x[j] = exp(x[j] - m) for j < n (m >= every x[j]); returns the sum. */
static inline float attn_exp_sum_f32(float *x, int64_t n, float m) {
    for (int64_t j = 0; j < n; j++)
        x[j] = attn_exp_neg(x[j] - m);
    float acc[ATTN_LANES] = {0};
    int64_t j = 0;
    for (; j + ATTN_LANES <= n; j += ATTN_LANES)
        for (int l = 0; l < ATTN_LANES; l++)
            acc[l] += x[j + l];
    for (; j < n; j++)
        acc[0] += x[j];
    float s = 0.0f;
    for (int l = 0; l < ATTN_LANES; l++)
        s += acc[l];
    return s;
}
#endif
