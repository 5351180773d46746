/* data_structured.c - the `structured` input: synthetic Q/K with planted
 * attention structure of the kinds trained models show (MSA paper appendix
 * A), and index inputs that are a noisy projection of the same structure.
 *
 * Every token lives in a latent space of D = min(d, d_idx) dims.  Axis 0 is
 * the sink direction; the other axes hold "topic" directions.
 *  - Keys:  x_j = sigma*noise + A*e0 (first NSINK keys: sinks)
 *                 + A*u_seg(j) (keys come in contiguous segments of 32..160
 *                   tokens; each segment has its own random unit direction).
 *  - Queries of head h (group r) at position i:
 *           y = sigma*noise + (sqrt(d)/A) * ( T_sink*e0                (sink)
 *                 + T_own*u_seg(i) + T_prev*u_seg(i)-1                 (local/recency)
 *                 + T_top*(u_t1 + u_t2) )                              (topics)
 *    where t1, t2 are segments group r picked at random among those that
 *    end before the start of i's 64-position span: group-specific
 *    long-range stripes.  All G heads of a group share the structure and
 *    differ by their noise.
 *  - So the attention logit y.x/sqrt(d) gains T_* exactly on the planted
 *    keys.  The boosts grow with ln(visible keys): T = ln(n_vis) - ln(count)
 *    + c keeps each kind's share of the softmax mass roughly constant from
 *    N = 1k to 1M (sink ~10%, own+previous segment ~30%, topics ~40%, the
 *    rest spread), and logits stay within about +-30.
 *  - K of KV head hk is a fixed signed permutation (per head) of
 *    [x, sigma*extra noise] (the d - D dims the index cannot see); Q of group
 *    r uses group r's permutation, so logits are unchanged but KV heads differ.
 *  - Index: kidx_j = x_j, qidx_r(i) = mean over the group's heads of y (both
 *    zero-padded to d_idx), so with index_noise = 0 the index score is the
 *    group-mean logit on the latent dims.  Each index row then gets
 *    index_noise * rms(row) * N(0,1) per component: recall falls smoothly to
 *    chance as index_noise grows (0.5 already costs a lot, 8 is ~chance).
 *  - V is i.i.d. N(0,1), as in `normal`.  The structure (segments and their
 *    directions) is shared by the batch; noise and topic picks are not.
 */
#include "alloc.h"
#include "data_internal.h"
#include "parallel.h"
#include "rng.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#define S_SIGMA 0.5  /* token-noise std per component */
#define S_AMP 3.5    /* key amplitude A = S_AMP * d^(1/4): balances the two cross-noise terms */
#define S_NSINK 4    /* sink keys */
#define S_SEG_MIN 32 /* segment length range (tokens) */
#define S_SEG_MAX 160
#define S_SEG_MEAN 96.0
#define S_SPAN 64  /* query positions that share a group's topic picks */
#define S_NTOPIC 2 /* topics each group looks up */
#define ROWS_PER_ITEM 64

struct sgen {
    const struct attn_shape *s;
    struct attn_inputs *out;
    double nu, A, qcoef;
    int64_t D, nseg, nsink;
    int64_t *seg_start; /* nseg + 1 entries, last = N */
    float *dir;         /* [nseg, D] unit directions (axis 0 unused) */
    int32_t *perm;      /* [Hkv, d] */
    float *sign;        /* [Hkv, d] */
    double *scratch;    /* per thread */
    int64_t scratch_len;
    uint64_t k_klat, k_kext, k_q, k_qi, k_ki, k_topic;
};

static int64_t seg_of(const struct sgen *g, int64_t j) {
    int64_t lo = 0, hi = g->nseg - 1; /* largest s with seg_start[s] <= j */
    while (lo < hi) {
        int64_t mid = (lo + hi + 1) / 2;
        if (g->seg_start[mid] <= j)
            lo = mid;
        else
            hi = mid - 1;
    }
    return lo;
}

static void add_dir(const struct sgen *g, double *acc, int64_t seg, double w) {
    if (w <= 0)
        return;
    const float *u = g->dir + seg * g->D;
    for (int64_t c = 1; c < g->D; c++)
        acc[c] += w * u[c];
}

/* Index row: the clean projection, then noise of nu * its rms per component. */
static void index_row(const struct sgen *g, const double *clean, uint64_t key, uint64_t idx,
                      double *tmp, float *dst) {
    const int64_t di = g->s->index_dim;
    double ss = 0;
    for (int64_t c = 0; c < g->D; c++)
        ss += clean[c] * clean[c];
    const double rms = sqrt(ss / (double)di);
    if (g->nu > 0)
        rng_normal_fill(key, idx, di, g->nu * rms, tmp);
    else
        memset(tmp, 0, (size_t)di * sizeof *tmp);
    for (int64_t c = 0; c < di; c++)
        dst[c] = (float)((c < g->D ? clean[c] : 0.0) + tmp[c]);
}

static void key_item(void *ctx, int64_t item, int tid) {
    const struct sgen *g = ctx;
    const struct attn_shape *s = g->s;
    const int64_t N = s->seq_len, Hkv = s->heads_kv, d = s->head_dim, D = g->D;
    double *x = g->scratch + tid * g->scratch_len, *ext = x + d, *tmp = ext + d;
    const int64_t r0 = item * ROWS_PER_ITEM,
                  r1 = r0 + ROWS_PER_ITEM < s->batch * N ? r0 + ROWS_PER_ITEM : s->batch * N;
    for (int64_t row = r0; row < r1; row++) { /* row = b*N + j */
        const int64_t j = row % N;
        rng_normal_fill(g->k_klat, (uint64_t)(row * D), D, S_SIGMA, x);
        if (j < g->nsink)
            x[0] += g->A;
        add_dir(g, x, seg_of(g, j), g->A);
        for (int64_t hk = 0; hk < Hkv; hk++) {
            memcpy(ext, x, (size_t)D * sizeof *x);
            rng_normal_fill(g->k_kext, (uint64_t)((row * Hkv + hk) * d + D), d - D, S_SIGMA,
                            ext + D);
            float *dst = g->out->k + (row * Hkv + hk) * d;
            const int32_t *pm = g->perm + hk * d;
            const float *sg = g->sign + hk * d;
            for (int64_t c = 0; c < d; c++)
                dst[pm[c]] = (float)(sg[c] * ext[c]);
        }
        index_row(g, x, g->k_ki, (uint64_t)(row * s->index_dim), tmp,
                  g->out->kidx + row * s->index_dim);
    }
}

static void query_item(void *ctx, int64_t item, int tid) {
    const struct sgen *g = ctx;
    const struct attn_shape *s = g->s;
    const int64_t N = s->seq_len, T = s->q_len, Hq = s->heads_q, Hkv = s->heads_kv;
    const int64_t d = s->head_dim, D = g->D, G = Hq / Hkv, di = s->index_dim;
    double *base = g->scratch + tid * g->scratch_len, *str = base + d, *y = str + d;
    double *ybar = y + d, *tmp = ybar + d;
    const int64_t r0 = item * ROWS_PER_ITEM,
                  r1 = r0 + ROWS_PER_ITEM < s->batch * T ? r0 + ROWS_PER_ITEM : s->batch * T;
    const int64_t nspan = N / S_SPAN + 1;
    for (int64_t row = r0; row < r1; row++) { /* row = b*T + t */
        const int64_t b = row / T, t = row % T, pos = attn_qpos(s, t);
        const double lam = log((double)(s->causal ? pos + 1 : N));
        const double t_sink = fmax(0, lam - log((double)g->nsink) - 0.5);
        const double t_own = fmax(0, lam - log(S_SEG_MEAN) + 1.0);
        const double t_prev = fmax(0, t_own - 1.5);
        const double t_top = fmax(0, lam - log(S_SEG_MEAN) + 0.5);
        const int64_t seg = seg_of(g, pos), span = pos / S_SPAN;
        const int64_t before = seg_of(g, span * S_SPAN); /* segments ending before the span */
        memset(base, 0, (size_t)D * sizeof *base);
        base[0] = g->qcoef * t_sink;
        add_dir(g, base, seg, g->qcoef * t_own);
        if (seg > 0)
            add_dir(g, base, seg - 1, g->qcoef * t_prev);
        for (int64_t r = 0; r < Hkv; r++) {
            memcpy(str, base, (size_t)D * sizeof *str);
            for (int l = 0; l < S_NTOPIC && before > 0; l++) {
                const uint64_t u =
                    rng_at(g->k_topic, (uint64_t)(((b * nspan + span) * Hkv + r) * S_NTOPIC + l));
                add_dir(g, str, (int64_t)(u % (uint64_t)before), g->qcoef * t_top);
            }
            memset(ybar, 0, (size_t)D * sizeof *ybar);
            const int32_t *pm = g->perm + r * d;
            const float *sg = g->sign + r * d;
            for (int64_t h = r * G; h < (r + 1) * G; h++) {
                rng_normal_fill(g->k_q, (uint64_t)(((b * N + pos) * Hq + h) * d), d, S_SIGMA, y);
                for (int64_t c = 0; c < D; c++) {
                    y[c] += str[c];
                    ybar[c] += y[c] / (double)G;
                }
                float *dst = g->out->q + ((b * T + t) * Hq + h) * d;
                for (int64_t c = 0; c < d; c++)
                    dst[pm[c]] = (float)(sg[c] * y[c]);
            }
            index_row(g, ybar, g->k_qi, (uint64_t)(((b * N + pos) * Hkv + r) * di), tmp,
                      g->out->qidx + ((b * T + t) * Hkv + r) * di);
        }
    }
}

static enum attn_status make_tables(struct sgen *g, uint64_t seed) {
    const struct attn_shape *s = g->s;
    const int64_t N = s->seq_len, D = g->D, d = s->head_dim;
    g->seg_start = attn_host_alloc((size_t)(N / S_SEG_MIN + 2) * sizeof *g->seg_start);
    if (!g->seg_start)
        return ATTN_ERR_NOMEM;
    uint64_t st = rng_stream_key(seed, DS_S_SEG);
    int64_t n = 0;
    for (int64_t p = 0; p < N; n++) {
        g->seg_start[n] = p;
        p += S_SEG_MIN + (int64_t)(attn_rng_next(&st) % (S_SEG_MAX - S_SEG_MIN + 1));
    }
    g->seg_start[n] = N;
    g->nseg = n;
    g->dir = attn_host_alloc((size_t)(n * D) * sizeof *g->dir);
    g->perm = attn_host_alloc((size_t)(s->heads_kv * d) * sizeof *g->perm);
    g->sign = attn_host_alloc((size_t)(s->heads_kv * d) * sizeof *g->sign);
    if (!g->dir || !g->perm || !g->sign)
        return ATTN_ERR_NOMEM;
    const uint64_t dk = rng_stream_key(seed, DS_S_DIR);
    for (int64_t sg = 0; sg < n; sg++) {
        float *u = g->dir + sg * D;
        double nrm = 0;
        u[0] = 0;
        for (int64_t c = 1; c < D; c++) {
            double v = rng_normal_at(dk, (uint64_t)(sg * D + c));
            u[c] = (float)v;
            nrm += v * v;
        }
        for (int64_t c = 1; c < D; c++)
            u[c] = (float)(u[c] / sqrt(nrm));
    }
    for (int64_t hk = 0; hk < s->heads_kv; hk++) {
        int32_t *pm = g->perm + hk * d;
        float *sgn = g->sign + hk * d;
        uint64_t ps = rng_stream_key(seed, DS_S_PERM + ((uint64_t)hk << 8));
        for (int64_t c = 0; c < d; c++)
            pm[c] = (int32_t)c;
        for (int64_t c = d - 1; c > 0; c--) { /* Fisher-Yates */
            int64_t o = (int64_t)(attn_rng_next(&ps) % (uint64_t)(c + 1));
            int32_t tmp = pm[c];
            pm[c] = pm[o];
            pm[o] = tmp;
        }
        for (int64_t c = 0; c < d; c++)
            sgn[c] = (attn_rng_next(&ps) >> 63) ? -1.0f : 1.0f;
    }
    return ATTN_OK;
}

enum attn_status data_make_structured(const struct data_spec *spec, const struct attn_shape *s,
                                      struct attn_inputs *out) {
    struct sgen g = {.s = s, .out = out, .nu = spec->index_noise};
    const int64_t d = s->head_dim, di = s->index_dim;
    const uint64_t seed = spec->seed;
    const int nth = attn_cpu_threads();
    enum attn_status st;
    g.D = d < di ? d : di;
    g.A = S_AMP * pow((double)d, 0.25);
    g.qcoef = sqrt((double)d) / g.A;
    g.nsink = s->seq_len < S_NSINK ? s->seq_len : S_NSINK;
    g.k_klat = rng_stream_key(seed, DS_S_KLAT);
    g.k_kext = rng_stream_key(seed, DS_S_KEXT);
    g.k_q = rng_stream_key(seed, DS_S_Q);
    g.k_qi = rng_stream_key(seed, DS_S_QI);
    g.k_ki = rng_stream_key(seed, DS_S_KI);
    g.k_topic = rng_stream_key(seed, DS_S_TOPIC);
    g.scratch_len = 4 * d + di + 8;
    g.scratch = attn_host_alloc((size_t)(nth * g.scratch_len) * sizeof(double));
    if (!g.scratch || (st = make_tables(&g, seed)) != ATTN_OK) {
        attn_set_error("data structured: out of memory");
        st = ATTN_ERR_NOMEM;
        goto cleanup;
    }
    attn_parallel_for((s->batch * s->seq_len + ROWS_PER_ITEM - 1) / ROWS_PER_ITEM, nth, key_item,
                      &g);
    attn_parallel_for((s->batch * s->q_len + ROWS_PER_ITEM - 1) / ROWS_PER_ITEM, nth, query_item,
                      &g);
    data_fill_normal(s, seed, out->v, s->seq_len, 0, s->heads_kv * d, DS_V);
    st = ATTN_OK;
cleanup:
    attn_host_free(g.scratch);
    attn_host_free(g.seg_start);
    attn_host_free(g.dir);
    attn_host_free(g.perm);
    attn_host_free(g.sign);
    return st;
}
