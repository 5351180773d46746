/* blocksparse_cpu.c - float32 block-sparse attention, KV-outer, OpenBLAS.
 *
 * Query-outer loops would score one query's G heads against one block per
 * sgemm call (M = G: tiny, and the K block is repacked on every call).  So
 * the loop runs the other way, as the MSA paper's kernel does: per (batch,
 * group) a reverse index lists for each key block the query rows that chose
 * it; per key block those rows' G heads are gathered into one matrix (up to
 * CHUNK_ROWS rows), scored against the block with one sgemm (K read in place,
 * ldb = Hkv*d), folded into each row's running max / sum (online softmax,
 * order-free), and P V is one more sgemm added into the output rows after
 * rescaling them.  The output itself is the accumulator.
 */
#include "blocksparse.h"

#include <cblas.h>
#include <math.h>
#include <string.h>

#define CHUNK_ROWS 256 /* (query, head) rows per gathered sgemm */

static size_t align64(size_t x) { return (x + 63) & ~(size_t)63; }

struct bs_ws {
    int64_t *start;   /* [nb + 1] CSR offsets */
    int64_t *fill;    /* [nb] */
    int32_t *entries; /* [q_len * width] query rows, grouped by key block */
    float *m, *l;     /* [q_len * G] running max and sum of one group */
    float *qg;        /* [CHUNK_ROWS' * d] gathered queries */
    float *sc;        /* [CHUNK_ROWS' * bk] scores / probabilities */
    float *pv;        /* [CHUNK_ROWS' * d] P V of the chunk */
    float *corr;      /* [CHUNK_ROWS'] rescale factor of each row's old output */
};

static int64_t chunk_queries(int64_t G) { return G >= CHUNK_ROWS ? 1 : CHUNK_ROWS / G; }

/* Carves the workspace; with base == NULL only sizes it. */
static size_t bs_layout(const struct attn_shape *s, int64_t bk, int32_t width, char *base,
                        struct bs_ws *w) {
    const int64_t nb = attn_nblocks(s->seq_len, bk), G = attn_group(s);
    const int64_t rows = chunk_queries(G) * G, d = s->head_dim;
    const size_t sz[] = {
        (size_t)(nb + 1) * sizeof(int64_t), (size_t)nb * sizeof(int64_t),
        (size_t)s->q_len * (size_t)(width > 0 ? width : 1) * sizeof(int32_t),
        (size_t)(s->q_len * G) * sizeof(float), (size_t)(s->q_len * G) * sizeof(float),
        (size_t)(rows * d) * sizeof(float), (size_t)(rows * bk) * sizeof(float),
        (size_t)(rows * d) * sizeof(float), (size_t)rows * sizeof(float),
    };
    void **dst[] = {(void **)&w->start, (void **)&w->fill, (void **)&w->entries,
                    (void **)&w->m,     (void **)&w->l,    (void **)&w->qg,
                    (void **)&w->sc,    (void **)&w->pv,   (void **)&w->corr};
    size_t off = 0;
    for (size_t i = 0; i < sizeof sz / sizeof sz[0]; i++) {
        if (base)
            *dst[i] = base + off;
        off += align64(sz[i]);
    }
    return off;
}

size_t blocksparse_cpu_workspace(const struct attn_shape *s, int64_t bk, int32_t width) {
    struct bs_ws w;
    return bs_layout(s, bk, width, NULL, &w);
}

/* Reverse index of one (batch, group): rows of block blk are
 * entries[start[blk] .. start[blk+1]), ascending.  Invisible entries dropped. */
static void build_csr(const struct attn_shape *s, int64_t bk, int64_t nb, const int32_t *sel,
                      int32_t width, struct bs_ws *w) {
    memset(w->start, 0, (size_t)(nb + 1) * sizeof *w->start);
    for (int64_t t = 0; t < s->q_len; t++) {
        const int64_t pos = attn_qpos(s, t);
        for (int32_t a = 0; a < width; a++) {
            const int32_t blk = sel[t * width + a];
            if (blk >= 0 && blk < nb && blocksparse_block_visible(s, bk, pos, blk) > 0)
                w->start[blk + 1]++;
        }
    }
    for (int64_t i = 0; i < nb; i++) {
        w->start[i + 1] += w->start[i];
        w->fill[i] = w->start[i];
    }
    for (int64_t t = 0; t < s->q_len; t++) {
        const int64_t pos = attn_qpos(s, t);
        for (int32_t a = 0; a < width; a++) {
            const int32_t blk = sel[t * width + a];
            if (blk >= 0 && blk < nb && blocksparse_block_visible(s, bk, pos, blk) > 0)
                w->entries[w->fill[blk]++] = (int32_t)t;
        }
    }
}

/* One key block against nq gathered queries (rows list) of group r. */
static void block_chunk(const struct attn_shape *s, int64_t bk, const float *q, const float *k,
                        const float *v, float *o, int64_t b, int64_t r, int64_t blk,
                        const int32_t *rows, int64_t nq, struct bs_ws *w) {
    const int64_t N = s->seq_len, Hq = s->heads_q, Hkv = s->heads_kv, d = s->head_dim;
    const int64_t G = Hq / Hkv, k0 = blk * bk, kn = (N - k0 < bk) ? N - k0 : bk;
    const int64_t M = nq * G;
    const float scale = (float)(1.0 / sqrt((double)d));
    /* the G heads of a query row of group r are contiguous: one memcpy */
    for (int64_t i = 0; i < nq; i++)
        memcpy(w->qg + i * G * d, q + ((b * s->q_len + rows[i]) * Hq + r * G) * d,
               (size_t)(G * d) * sizeof(float));
    const float *kb = k + ((b * N + k0) * Hkv + r) * d;
    const float *vb = v + ((b * N + k0) * Hkv + r) * d;
    cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasTrans, (int)M, (int)kn, (int)d, scale, w->qg,
                (int)d, kb, (int)(Hkv * d), 0.0f, w->sc, (int)kn);
    for (int64_t i = 0; i < nq; i++) {
        const int64_t t = rows[i];
        const int64_t vis = blocksparse_block_visible(s, bk, attn_qpos(s, t), blk);
        for (int64_t g = 0; g < G; g++) {
            float *row = w->sc + (i * G + g) * kn;
            float mx = -INFINITY;
            for (int64_t j = 0; j < vis; j++)
                mx = row[j] > mx ? row[j] : mx;
            float *mp = w->m + t * G + g, *lp = w->l + t * G + g;
            const float mnew = mx > *mp ? mx : *mp;
            /* old output and sum were relative to *mp; -inf means none yet */
            const float c = (*mp == -INFINITY) ? 0.0f : expf(*mp - mnew);
            float sum = 0;
            for (int64_t j = 0; j < vis; j++) {
                row[j] = expf(row[j] - mnew);
                sum += row[j];
            }
            for (int64_t j = vis; j < kn; j++)
                row[j] = 0;
            *mp = mnew;
            *lp = *lp * c + sum;
            w->corr[i * G + g] = c;
        }
    }
    cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, (int)M, (int)d, (int)kn, 1.0f, w->sc,
                (int)kn, vb, (int)(Hkv * d), 0.0f, w->pv, (int)d);
    for (int64_t i = 0; i < nq; i++) {
        float *orow = o + ((b * s->q_len + rows[i]) * Hq + r * G) * d;
        for (int64_t g = 0; g < G; g++) {
            const float c = w->corr[i * G + g];
            const float *pr = w->pv + (i * G + g) * d;
            float *op = orow + g * d;
            for (int64_t x = 0; x < d; x++)
                op[x] = op[x] * c + pr[x];
        }
    }
}

enum attn_status blocksparse_cpu(const struct attn_shape *s, int64_t bk, const float *q,
                                 const float *k, const float *v, float *o, const int32_t *sel,
                                 int32_t width, void *workspace) {
    const int64_t Hq = s->heads_q, Hkv = s->heads_kv, d = s->head_dim, G = Hq / Hkv;
    const int64_t nb = attn_nblocks(s->seq_len, bk), cq = chunk_queries(G);
    struct bs_ws w;
    if (!workspace || bk <= 0 || width < 0) {
        attn_set_error("blocksparse_cpu: no workspace or bad block size / width");
        return ATTN_ERR_INVALID;
    }
    bs_layout(s, bk, width, workspace, &w);
    for (int64_t b = 0; b < s->batch; b++)
        for (int64_t r = 0; r < Hkv; r++) {
            build_csr(s, bk, nb, sel + (b * Hkv + r) * s->q_len * width, width, &w);
            for (int64_t i = 0; i < s->q_len * G; i++) {
                w.m[i] = -INFINITY;
                w.l[i] = 0;
            }
            for (int64_t t = 0; t < s->q_len; t++)
                memset(o + ((b * s->q_len + t) * Hq + r * G) * d, 0,
                       (size_t)(G * d) * sizeof(float));
            for (int64_t blk = 0; blk < nb; blk++)
                for (int64_t e = w.start[blk]; e < w.start[blk + 1]; e += cq) {
                    const int64_t nq = w.start[blk + 1] - e < cq ? w.start[blk + 1] - e : cq;
                    block_chunk(s, bk, q, k, v, o, b, r, blk, w.entries + e, nq, &w);
                }
            for (int64_t t = 0; t < s->q_len; t++)
                for (int64_t g = 0; g < G; g++) {
                    const float l = w.l[t * G + g], inv = l > 0 ? 1.0f / l : 0.0f;
                    float *op = o + ((b * s->q_len + t) * Hq + r * G + g) * d;
                    for (int64_t x = 0; x < d; x++)
                        op[x] *= inv;
                }
        }
    return ATTN_OK;
}
