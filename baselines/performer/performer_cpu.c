/* performer_cpu.c - FAVOR+ linear attention in float32 with OpenBLAS sgemm.
 *
 * Per (batch, KV head), keys are walked in chunks of C = pf_chunk (causal)
 * or 256 (not causal):
 *   PK = exp(K_c W^T - |k'|^2/2 - Mk)           [C, m]   (sgemm + exp)
 *   causal, for the query rows whose positions fall in the chunk, per head:
 *     PQ = exp(Q W^T - rowmax)                  [r, m]
 *     A  = mask_{j <= i}(PQ PK^T)               [r, C]   exact inside the chunk
 *     O  = (A V_c + PQ S) / (A 1 + PQ z)                 S, z: earlier chunks
 *   S += PK^T V_c,  z += PK^T 1                           (after the queries)
 * and, not causal, O = PQ S / PQ z once every key is in.  Mk is a running
 * max over the keys seen so far; when it rises S and z are rescaled, so all
 * keys a query sees share one stabilizer, which cancels in the ratio (as
 * does phi's 1/sqrt(m) factor, left out here).  S and z are accumulated in
 * float64 between chunks (one float sgemm per chunk), so their error does
 * not grow with N.  Features: performer_features.c (shared with the ref).
 * io->rows is ignored: every row is computed.
 */
#include "performer_features.h"

#include "alloc.h"

#include <cblas.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#define NONCAUSAL_CHUNK 256

struct pf_cpu_ctx {
    struct attn_shape s;
    int64_t m, C;
    float *w;         /* [Hkv, m, d] */
    float *pk, *pq;   /* [C, m] */
    float *a;         /* [C, C] */
    float *num;       /* [C, d] */
    float *sf, *stmp; /* [m, d] */
    float *zf;        /* [m] */
    double *sd, *zd;  /* [m, d], [m] */
    double *kn;       /* [C] */
    void *own;        /* workspace allocated here when the runner gave none */
};

static int64_t pf_chunk_of(const struct attn_shape *s, const struct attn_params *p) {
    return s->causal ? p->pf_chunk : NONCAUSAL_CHUNK;
}

/* Carves the buffers out of ws (or, with ws NULL, just sizes them). */
static size_t pf_cpu_layout(const struct attn_shape *s, const struct attn_params *p, char *ws,
                            struct pf_cpu_ctx *c) {
    const int64_t m = performer_num_features(s, p), d = s->head_dim, C = pf_chunk_of(s, p);
    size_t off = 0;
#define CARVE(field, type, count)                                                                  \
    do {                                                                                           \
        if (c)                                                                                     \
            c->field = (type *)(void *)(ws + off);                                                 \
        off += ((size_t)(count) * sizeof(type) + 63) & ~(size_t)63;                                \
    } while (0)
    CARVE(w, float, s->heads_kv *m *d);
    CARVE(pk, float, C *m);
    CARVE(pq, float, C *m);
    CARVE(a, float, C *C);
    CARVE(num, float, C *d);
    CARVE(sf, float, m *d);
    CARVE(stmp, float, m *d);
    CARVE(zf, float, m);
    CARVE(sd, double, m *d);
    CARVE(zd, double, m);
    CARVE(kn, double, C);
#undef CARVE
    return off;
}

static size_t pf_cpu_workspace(const struct attn_shape *s, const struct attn_params *p) {
    return pf_cpu_layout(s, p, NULL, NULL);
}

static void pf_cpu_free(void *ctx) {
    struct pf_cpu_ctx *c = ctx;
    if (!c)
        return;
    attn_host_free(c->own);
    free(c);
}

static enum attn_status pf_cpu_init(void **ctx, const struct attn_shape *s,
                                    const struct attn_params *p, void *ws, void *stream) {
    (void)stream;
    const char *why = NULL;
    if (!performer_supports(s, p, &why)) {
        attn_set_error("performer cpu: %s", why);
        return ATTN_ERR_UNSUPPORTED;
    }
    struct pf_cpu_ctx *c = calloc(1, sizeof *c);
    double *wd = NULL;
    if (!c)
        return ATTN_ERR_NOMEM;
    c->s = *s;
    c->m = performer_num_features(s, p);
    c->C = pf_chunk_of(s, p);
    if (!ws) {
        ws = c->own = attn_host_alloc(pf_cpu_workspace(s, p));
        if (!ws)
            goto nomem;
    }
    pf_cpu_layout(s, p, ws, c);
    const int64_t md = c->m * s->head_dim;
    wd = malloc((size_t)md * sizeof *wd);
    if (!wd)
        goto nomem;
    for (int64_t h = 0; h < s->heads_kv; h++) {
        performer_features(s->head_dim, c->m, p->seed, h, wd);
        for (int64_t i = 0; i < md; i++)
            c->w[h * md + i] = (float)wd[i]; /* exact: the values are floats */
    }
    free(wd);
    *ctx = c;
    return ATTN_OK;
nomem:
    free(wd);
    pf_cpu_free(c);
    return ATTN_ERR_NOMEM;
}

/* pq[r] = exp(u[r] - max_l u[r][l]) for the nr rows just projected into pq. */
static void query_features(float *pq, int64_t nr, int64_t m) {
    for (int64_t r = 0; r < nr; r++) {
        float *u = pq + r * m, mx = -INFINITY;
        for (int64_t l = 0; l < m; l++)
            mx = u[l] > mx ? u[l] : mx;
        for (int64_t l = 0; l < m; l++)
            u[l] = expf(u[l] - mx);
    }
}

/* o rows = num / (rowsum(a) + pq . z) for nr rows. */
static void finish_rows(const struct pf_cpu_ctx *c, int64_t nr, int64_t ncols, float *o,
                        int64_t ldo) {
    const int64_t d = c->s.head_dim, m = c->m;
    for (int64_t r = 0; r < nr; r++) {
        double den = 0;
        for (int64_t j = 0; j < ncols; j++)
            den += c->a[r * c->C + j];
        for (int64_t l = 0; l < m; l++)
            den += (double)c->pq[r * m + l] * c->zf[l];
        const float inv = (float)(1.0 / den);
        for (int64_t e = 0; e < d; e++)
            o[r * ldo + e] = c->num[r * d + e] * inv;
    }
}

static void state_to_float(struct pf_cpu_ctx *c) {
    const int64_t md = c->m * c->s.head_dim;
    for (int64_t i = 0; i < md; i++)
        c->sf[i] = (float)c->sd[i];
    for (int64_t l = 0; l < c->m; l++)
        c->zf[l] = (float)c->zd[l];
}

static void one_kv_head(struct pf_cpu_ctx *c, int64_t b, int64_t hk, const float *q, const float *k,
                        const float *v, float *o) {
    const struct attn_shape *s = &c->s;
    const int64_t N = s->seq_len, T = s->q_len, Hq = s->heads_q, Hkv = s->heads_kv;
    const int64_t d = s->head_dim, G = Hq / Hkv, m = c->m, C = c->C;
    const int64_t ldk = Hkv * d, ldq = Hq * d, p0 = N - T; /* position of query row 0 */
    const float *w = c->w + hk * m * d;
    const double half = 1.0 / (2.0 * sqrt((double)d));
    double mk = -INFINITY;
    memset(c->sd, 0, (size_t)(m * d) * sizeof(double));
    memset(c->zd, 0, (size_t)m * sizeof(double));

    for (int64_t c0 = 0; c0 < N; c0 += C) {
        const int64_t cl = N - c0 < C ? N - c0 : C;
        const float *kc = k + ((b * N + c0) * Hkv + hk) * d;
        const float *vc = v + ((b * N + c0) * Hkv + hk) * d;
        /* key features, stabilized by the running max */
        cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasTrans, (int)cl, (int)m, (int)d, 1.0f, kc,
                    (int)ldk, w, (int)d, 0.0f, c->pk, (int)m);
        double cmax = -INFINITY;
        for (int64_t j = 0; j < cl; j++) {
            double nn = 0;
            for (int64_t e = 0; e < d; e++)
                nn += (double)kc[j * ldk + e] * kc[j * ldk + e];
            c->kn[j] = nn * half;
            for (int64_t l = 0; l < m; l++) {
                const double u = (double)c->pk[j * m + l] - c->kn[j];
                cmax = u > cmax ? u : cmax;
            }
        }
        if (cmax > mk) {
            const double alpha = exp(mk - cmax); /* 0 on the first chunk */
            for (int64_t i = 0; i < m * d; i++)
                c->sd[i] *= alpha;
            for (int64_t l = 0; l < m; l++)
                c->zd[l] *= alpha;
            mk = cmax;
        }
        for (int64_t j = 0; j < cl; j++) {
            const float sh = (float)(c->kn[j] + mk);
            for (int64_t l = 0; l < m; l++)
                c->pk[j * m + l] = expf(c->pk[j * m + l] - sh);
        }
        if (s->causal) {
            /* query rows t with position p0 + t in [c0, c0 + cl) */
            const int64_t t0 = c0 - p0 > 0 ? c0 - p0 : 0;
            const int64_t t1 = c0 + cl - p0 < T ? c0 + cl - p0 : T;
            if (t1 > t0) {
                const int64_t nr = t1 - t0;
                state_to_float(c);
                for (int64_t h = hk * G; h < (hk + 1) * G; h++) {
                    const float *qr = q + ((b * T + t0) * Hq + h) * d;
                    float *orow = o + ((b * T + t0) * Hq + h) * d;
                    cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasTrans, (int)nr, (int)m, (int)d,
                                1.0f, qr, (int)ldq, w, (int)d, 0.0f, c->pq, (int)m);
                    query_features(c->pq, nr, m);
                    cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasTrans, (int)nr, (int)cl, (int)m,
                                1.0f, c->pq, (int)m, c->pk, (int)m, 0.0f, c->a, (int)C);
                    for (int64_t r = 0; r < nr; r++) /* mask keys after the query */
                        for (int64_t j = p0 + t0 + r - c0 + 1; j < cl; j++)
                            c->a[r * C + j] = 0.0f;
                    cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, (int)nr, (int)d, (int)cl,
                                1.0f, c->a, (int)C, vc, (int)ldk, 0.0f, c->num, (int)d);
                    cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, (int)nr, (int)d, (int)m,
                                1.0f, c->pq, (int)m, c->sf, (int)d, 1.0f, c->num, (int)d);
                    finish_rows(c, nr, cl, orow, ldq);
                }
            }
        }
        /* fold the chunk into the state */
        cblas_sgemm(CblasRowMajor, CblasTrans, CblasNoTrans, (int)m, (int)d, (int)cl, 1.0f, c->pk,
                    (int)m, vc, (int)ldk, 0.0f, c->stmp, (int)d);
        for (int64_t i = 0; i < m * d; i++)
            c->sd[i] += c->stmp[i];
        for (int64_t j = 0; j < cl; j++)
            for (int64_t l = 0; l < m; l++)
                c->zd[l] += c->pk[j * m + l];
    }
    if (s->causal)
        return;
    state_to_float(c);
    for (int64_t h = hk * G; h < (hk + 1) * G; h++)
        for (int64_t t0 = 0; t0 < T; t0 += C) {
            const int64_t nr = T - t0 < C ? T - t0 : C;
            const float *qr = q + ((b * T + t0) * Hq + h) * d;
            cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasTrans, (int)nr, (int)m, (int)d, 1.0f, qr,
                        (int)ldq, w, (int)d, 0.0f, c->pq, (int)m);
            query_features(c->pq, nr, m);
            cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, (int)nr, (int)d, (int)m, 1.0f,
                        c->pq, (int)m, c->sf, (int)d, 0.0f, c->num, (int)d);
            finish_rows(c, nr, 0, o + ((b * T + t0) * Hq + h) * d, ldq);
        }
}

static enum attn_status pf_cpu_run(void *ctx, const struct attn_io *io) {
    struct pf_cpu_ctx *c = ctx;
    for (int64_t b = 0; b < c->s.batch; b++)
        for (int64_t hk = 0; hk < c->s.heads_kv; hk++)
            one_kv_head(c, b, hk, io->q, io->k, io->v, io->o);
    return ATTN_OK;
}

const struct attn_impl attn_performer_cpu = {
    .api_version = ATTN_API_VERSION,
    .method = "performer",
    .backend = "cpu",
    .variant = "favor",
    .describe = "FAVOR+ linear attention, float32 OpenBLAS, causal by chunked prefix sums",
    .flags = ATTN_F_APPROX,
    .supports = performer_supports,
    .workspace_size = pf_cpu_workspace,
    .init = pf_cpu_init,
    .run = pf_cpu_run,
    .free = pf_cpu_free,
};
