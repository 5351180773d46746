/* performer_features.c - FAVOR+ positive orthogonal random features (SPEC §2).
 *
 * Features come in blocks of d rows: a d x d matrix of N(0,1) draws is made
 * orthonormal row by row (modified Gram-Schmidt, twice for full orthogonality
 * in float64), then row i is rescaled to the norm of an independent
 * d-dimensional Gaussian (chi_d), so each row is marginally N(0, I_d) while
 * the rows of a block are exactly orthogonal.  The last block is cut to m.
 *
 * One feature matrix per KV head, drawn from (seed, KV head): the G query
 * heads of a group use their KV head's features, so phi(K) and the state
 * S = phi(K)^T V, z = sum phi(K) are computed once per KV head and shared by
 * the group (GQA's point).  The same matrix serves every batch element.
 */
#include "performer_features.h"

#include "data.h"
#include "rng.h"

#include <math.h>

int64_t performer_num_features(const struct attn_shape *s, const struct attn_params *p) {
    if (p->pf_features > 0)
        return p->pf_features;
    const double d = (double)s->head_dim;
    const int64_t m = (int64_t)llround(d * log(d));
    return m < 1 ? 1 : m;
}

/* Makes row i of blk (d x d) orthonormal against rows 0..i-1; false if it vanished. */
static bool orthonormalize_row(double *blk, int64_t d, int64_t i) {
    double *r = blk + i * d;
    for (int pass = 0; pass < 2; pass++)
        for (int64_t k = 0; k < i; k++) {
            const double *o = blk + k * d;
            double dot = 0;
            for (int64_t c = 0; c < d; c++)
                dot += r[c] * o[c];
            for (int64_t c = 0; c < d; c++)
                r[c] -= dot * o[c];
        }
    double nrm = 0;
    for (int64_t c = 0; c < d; c++)
        nrm += r[c] * r[c];
    nrm = sqrt(nrm);
    if (!(nrm > 1e-6))
        return false;
    for (int64_t c = 0; c < d; c++)
        r[c] /= nrm;
    return true;
}

void performer_features(int64_t d, int64_t m, uint64_t seed, int64_t head, double *w) {
    uint64_t st = rng_stream_key(seed, 0x5045524600000000ULL + (uint64_t)head); /* "PERF" */
    const double scale = pow((double)d, -0.25);
    for (int64_t b0 = 0; b0 < m; b0 += d) {
        /* the block is built in place in w's rows b0..b0+d-1 (cut at m) */
        double *blk = w + b0 * d;
        const int64_t rows = m - b0 < d ? m - b0 : d;
        for (int64_t i = 0; i < rows; i++) {
            do {
                for (int64_t c = 0; c < d; c++)
                    blk[i * d + c] = attn_rng_normal(&st);
            } while (!orthonormalize_row(blk, d, i));
        }
        for (int64_t i = 0; i < rows; i++) {
            double chi2 = 0;
            for (int64_t c = 0; c < d; c++) {
                const double g = attn_rng_normal(&st);
                chi2 += g * g;
            }
            const double f = sqrt(chi2) * scale;
            for (int64_t c = 0; c < d; c++)
                blk[i * d + c] = (double)(float)(blk[i * d + c] * f);
        }
    }
}

bool performer_supports(const struct attn_shape *s, const struct attn_params *p, const char **why) {
    const char *w = attn_shape_check(s, p);
    if (!w && performer_num_features(s, p) > PERFORMER_MAX_FEATURES)
        w = "performer: more than 65536 features";
    if (!w && p->pf_chunk > PERFORMER_MAX_CHUNK)
        w = "performer: pf_chunk above 4096";
    if (w && why)
        *why = w;
    return w == NULL;
}
