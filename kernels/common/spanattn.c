/* spanattn.c - see spanattn.h.  Two passes per row: scores with the running
 * maximum, then exp and P V.  float32: one sgemv per span for the scores and
 * one for P V, lane loops for short spans (scalar loops everywhere had moba
 * prefill N 4096 at 2.2 s, sgemv 0.8 s), cpu_expf (rel. error < 1e-7). */
#include "spanattn.h"

#include "cpu_vec.h"

#include <cblas.h>
#include <math.h>

int64_t spans_from_blocks(const int32_t *blocks, int32_t width, int64_t bk, int64_t n_keys,
                          int64_t vis_end, struct span *out) {
    int64_t n = 0;
    for (int32_t a = 0; a < width; a++) {
        if (blocks[a] < 0)
            continue;
        const int64_t lo = (int64_t)blocks[a] * bk;
        int64_t hi = lo + bk;
        hi = hi < n_keys ? hi : n_keys;
        hi = hi < vis_end ? hi : vis_end;
        if (hi > lo)
            out[n++] = (struct span){lo, hi};
    }
    return n;
}

int64_t spans_from_tokens(const int32_t *tokens, int32_t width, struct span *out) {
    int64_t n = 0;
    for (int32_t a = 0; a < width && tokens[a] >= 0; a++) {
        if (n > 0 && out[n - 1].hi == tokens[a])
            out[n - 1].hi++;
        else
            out[n++] = (struct span){tokens[a], (int64_t)tokens[a] + 1};
    }
    return n;
}

int64_t spans_keys(const struct span *sp, int64_t n) {
    int64_t keys = 0;
    for (int64_t i = 0; i < n; i++)
        keys += sp[i].hi - sp[i].lo;
    return keys;
}

void spanattn_f64(const double *q, const double *k, const double *v, int64_t stride, int64_t d,
                  double scale, const struct span *sp, int64_t nsp, double *scratch, double *out) {
    double m = -INFINITY, sum = 0;
    int64_t n = 0;
    for (int64_t i = 0; i < nsp; i++)
        for (int64_t j = sp[i].lo; j < sp[i].hi; j++, n++) {
            double acc = 0;
            for (int64_t c = 0; c < d; c++)
                acc += q[c] * k[j * stride + c];
            scratch[n] = acc * scale;
            m = scratch[n] > m || isnan(scratch[n]) ? scratch[n] : m;
        }
    for (int64_t c = 0; c < d; c++)
        out[c] = 0;
    if (n == 0)
        return;
    for (int64_t j = 0; j < n; j++) {
        scratch[j] = exp(scratch[j] - m);
        sum += scratch[j];
    }
    n = 0;
    for (int64_t i = 0; i < nsp; i++)
        for (int64_t j = sp[i].lo; j < sp[i].hi; j++) {
            const double w = scratch[n++] / sum;
            for (int64_t c = 0; c < d; c++)
                out[c] += w * v[j * stride + c];
        }
}

/* q . k in 8 lanes reduced in a fixed order (vectorizes without reassociation). */
CPU_VEC_INLINE float dot_lanes(const float *q, const float *k, int64_t d) {
    float a[8] = {0, 0, 0, 0, 0, 0, 0, 0};
    int64_t x = 0;
    for (; x + 8 <= d; x += 8)
        for (int u = 0; u < 8; u++)
            a[u] += q[x + u] * k[x + u];
    for (; x < d; x++)
        a[0] += q[x] * k[x];
    return ((a[0] + a[1]) + (a[2] + a[3])) + ((a[4] + a[5]) + (a[6] + a[7]));
}

/* Spans of at least SHORT_SPAN keys go through sgemv, shorter ones (token
 * selections: mostly single keys) through the lane loops, where a BLAS call
 * per key cost more than the arithmetic. */
#define SHORT_SPAN 8

CPU_VEC_CLONES void spanattn_f32(const float *q, const float *k, const float *v, int64_t stride,
                                 int64_t d, float scale, const struct span *sp, int64_t nsp,
                                 float *scratch, float *out) {
    int64_t n = 0;
    for (int64_t i = 0; i < nsp; i++) { /* scores */
        const int64_t len = sp[i].hi - sp[i].lo;
        if (len >= SHORT_SPAN)
            cblas_sgemv(CblasRowMajor, CblasNoTrans, (int)len, (int)d, scale, k + sp[i].lo * stride,
                        (int)stride, q, 1, 0.0f, scratch + n, 1);
        else
            for (int64_t j = 0; j < len; j++)
                scratch[n + j] = dot_lanes(q, k + (sp[i].lo + j) * stride, d) * scale;
        n += len;
    }
    for (int64_t c = 0; c < d; c++)
        out[c] = 0;
    if (n == 0)
        return;
    const float m = cpu_row_max(scratch, n);
    for (int64_t j = 0; j < n; j++)
        scratch[j] = cpu_expf(scratch[j] - m);
    const float inv = 1.0f / cpu_row_sum(scratch, n);
    n = 0;
    for (int64_t i = 0; i < nsp; i++) { /* out += P_span V_span */
        const int64_t len = sp[i].hi - sp[i].lo;
        if (len >= SHORT_SPAN)
            cblas_sgemv(CblasRowMajor, CblasTrans, (int)len, (int)d, inv, v + sp[i].lo * stride,
                        (int)stride, scratch + n, 1, 1.0f, out, 1);
        else
            for (int64_t j = 0; j < len; j++) {
                const float w = scratch[n + j] * inv, *vr = v + (sp[i].lo + j) * stride;
                for (int64_t c = 0; c < d; c++)
                    out[c] += w * vr[c];
            }
        n += len;
    }
}
