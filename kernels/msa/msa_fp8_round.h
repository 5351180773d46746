/* msa_fp8_round.h - the e4m3 rounding of index-query rows (ATTN_F_QIDX_FP8), as
 * the Hopper fp8 prefill index kernel does it on the device, for the float64
 * oracle to see the same queries.  Plain C, static inline: C files and the
 * host code of .cu files include it alike.
 *
 * One Qidx row (index_dim values of one batch, query position and KV head):
 *   e      = msa_fp8_row_exp(max |row|)         a power-of-two row scale 2^e
 *   out[i] = e4m3(row[i] * 2^-e) * 2^e           e4m3: msa_e4m3_rne, nearest-even
 * The device computes e with ilogbf / ldexpf on the same bf16 values, which
 * are exact in float and double, so both sides get the same e and the same
 * codes (the device must not flush subnormal fp32 to zero for this). */
#ifndef MSABENCH_MSA_FP8_ROUND_H
#define MSABENCH_MSA_FP8_ROUND_H
#include "msa/msa_cuda.h" /* msa_e4m3_value, the decoder */

#include <math.h>
#include <stdint.h>

/* e4m3's largest finite value (code 0x7e): 1.75 * 2^8. */
#define MSA_E4M3_MAX 448.0

/* Exponent e of a row whose largest |value| is amax: amax = m * 2^E with m in
 * [1, 2) gives amax * 2^-(E-8) = 256 m in [256, 512); above 448 one more step
 * gives 128 m in (224, 256).  So amax * 2^-e lies in (224, 448]: the row's top
 * value always lands in e4m3's top binade or the one below, never saturates.
 * amax == 0 (an all-zero row) and a non-finite amax (garbage in: the row then
 * rounds at scale 1, meaningless but defined) give 0. */
static inline int msa_fp8_row_exp(double amax) {
    if (amax == 0 || !isfinite(amax))
        return 0;
    int e = ilogb(amax) - 8;
    if (ldexp(amax, -e) > MSA_E4M3_MAX)
        e += 1;
    return e;
}

/* q >= 0 rounded to an integer, ties to even (no dependence on fenv's mode). */
static inline double msa_rne_int(double q) {
    const double f = floor(q), d = q - f; /* exact: q < 2^52 here */
    if (d > 0.5 || (d == 0.5 && fmod(f, 2.0) != 0))
        return f + 1;
    return f;
}

/* The e4m3 (OCP E4M3 = CUDA __NV_E4M3: bias 7, no infinities, 0x7f / 0xff NaN,
 * max 448, subnormals m/8 * 2^-6) code nearest x, ties to the even code
 * (mantissa LSB 0), saturating to +-448: PTX cvt.rn.satfinite.e4m3x2.f32.  The
 * sign bit is signbit(x), so -0.0 and negatives that round to zero give 0x80,
 * as cvt does.  Meant for finite x; NaN gives 0x7f, +-inf saturates to +-448
 * (cvt's satfinite behaviour). */
static inline uint8_t msa_e4m3_rne(double x) {
    const uint8_t sign = signbit(x) ? 0x80 : 0;
    const double a = fabs(x);
    if (isnan(x))
        return 0x7f;
    if (a >= MSA_E4M3_MAX) /* 448 itself, and everything above: satfinite */
        return sign | 0x7e;
    if (a < 0x1p-6) /* subnormal range, step 2^-9; 8 * 2^-9 = 2^-6 is code 0x08 */
        return sign | (uint8_t)msa_rne_int(a * 0x1p9);
    /* normal: a = q * 2^(E-3), q in [8, 16); q == 16 after rounding carries into
     * the next exponent through the addition (code of 2^(E+1) = code base + 8) */
    const int E = ilogb(a);
    const int q = (int)msa_rne_int(ldexp(a, 3 - E));
    return sign | (uint8_t)(((E + 7) << 3) + (q - 8));
}

/* One Qidx row of di values rounded as the fp8 index kernel rounds it; out may
 * equal row.  A rounded row rounds to itself (its new max may be one binade
 * lower, 224 * 2^e, which only doubles every scaled value: exact in e4m3). */
static inline void msa_qidx_round_fp8(const double *row, int64_t di, double *out) {
    double amax = 0;
    for (int64_t i = 0; i < di; i++)
        if (fabs(row[i]) > amax)
            amax = fabs(row[i]);
    const int e = msa_fp8_row_exp(amax);
    for (int64_t i = 0; i < di; i++)
        out[i] = ldexp(msa_e4m3_value(msa_e4m3_rne(ldexp(row[i], -e))), e);
}

#endif
