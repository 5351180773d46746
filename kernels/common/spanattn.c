/* spanattn.c - see spanattn.h.  Two passes per row: scores with the running
 * maximum, then exp and P V; float32 uses cpu_expf (rel. error < 1e-7). */
#include "spanattn.h"

#include "cpu_vec.h"

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

CPU_VEC_CLONES void spanattn_f32(const float *q, const float *k, const float *v, int64_t stride,
                                 int64_t d, float scale, const struct span *sp, int64_t nsp,
                                 float *scratch, float *out) {
    int64_t n = 0;
    for (int64_t i = 0; i < nsp; i++)
        for (int64_t j = sp[i].lo; j < sp[i].hi; j++, n++) {
            const float *kr = k + j * stride;
            float acc = 0;
            for (int64_t c = 0; c < d; c++)
                acc += q[c] * kr[c];
            scratch[n] = acc * scale;
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
    for (int64_t i = 0; i < nsp; i++)
        for (int64_t j = sp[i].lo; j < sp[i].hi; j++) {
            const float w = scratch[n++] * inv;
            const float *vr = v + j * stride;
            for (int64_t c = 0; c < d; c++)
                out[c] += w * vr[c];
        }
}
