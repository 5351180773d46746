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
 * rescaling them.  The output itself is the accumulator.  Query rows go in
 * tiles (TILE_FLOATS) so the gathered queries and the output rows a tile
 * touches stay in L2; the K/V blocks are re-read per tile from L3.
 *
 * Where the time goes (perf, bigbird_cpu at N=4096 causal, Hq=8, Hkv=2,
 * d=64, Bk=64, 8 blocks per row, Zen 4, one thread, ~75 ms): 55% OpenBLAS
 * sgemm (kernel and packing), 25% the softmax / output-update loops, 8% the
 * query gather, 3.5% zeroing the output.  exp is our own vectorizable
 * polynomial (libm's expf alone was 15% before), and the loops are built for
 * AVX-512 / AVX2 too (cpu_vec.h).
 */
#include "blocksparse.h"
#include "cpu_vec.h"

#include <cblas.h>
#include <math.h>
#include <string.h>

#define CHUNK_ROWS 256    /* (query, head) rows per gathered sgemm */
#define TILE_FLOATS 65536 /* query-tile size: T*G*d floats of Q (and of O) */

static size_t align64(size_t x) {
    return (x + 63) & ~(size_t)63;
}

struct bs_ws {
    int64_t *start;   /* [nb + 1] CSR offsets */
    int64_t *fill;    /* [nb] */
    int32_t *entries; /* [tile * width] query rows, grouped by key block */
    float *m, *l;     /* [q_len * G] running max and sum of one group */
    float *qg;        /* [CHUNK_ROWS' * d] gathered queries */
    float *sc;        /* [CHUNK_ROWS' * bk] scores / probabilities */
    float *pv;        /* [CHUNK_ROWS' * d] P V of the chunk */
    float *corr;      /* [CHUNK_ROWS'] rescale factor of each row's old output */
};

/* Query rows per tile: the tile's queries and outputs (2 * T*G*d floats)
 * stay in L2 while its blocks go by; ~10% faster than one tile of all rows
 * at N=4096, G=4, d=64 (T=128..1024 all alike; 64 slower). */
static int64_t tile_rows(const struct attn_shape *s) {
    const int64_t t = TILE_FLOATS / (attn_group(s) * s->head_dim);
    return t < 16 ? 16 : t;
}

static int64_t chunk_queries(int64_t G) {
    return G >= CHUNK_ROWS ? 1 : CHUNK_ROWS / G;
}

/* Carves the workspace; with base == NULL only sizes it. */
static size_t bs_layout(const struct attn_shape *s, int64_t bk, int32_t width, char *base,
                        struct bs_ws *w) {
    const int64_t nb = attn_nblocks(s->seq_len, bk), G = attn_group(s);
    const int64_t rows = chunk_queries(G) * G, d = s->head_dim;
    const size_t sz[] = {
        (size_t)(nb + 1) * sizeof(int64_t),
        (size_t)nb * sizeof(int64_t),
        (size_t)(s->q_len < tile_rows(s) ? s->q_len : tile_rows(s)) *
            (size_t)(width > 0 ? width : 1) * sizeof(int32_t),
        (size_t)(s->q_len * G) * sizeof(float),
        (size_t)(s->q_len * G) * sizeof(float),
        (size_t)(rows * d) * sizeof(float),
        (size_t)(rows * bk) * sizeof(float),
        (size_t)(rows * d) * sizeof(float),
        (size_t)rows * sizeof(float),
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

/* Reverse index of rows t0..t1-1 of one (batch, group): rows of block blk
 * are entries[start[blk] .. start[blk+1]), ascending; invisible entries are
 * dropped.  Returns 1 + the largest block listed (0 if none): only start[0 ..
 * that] is valid, which keeps a causal tile's cost to the blocks it sees. */
static int64_t build_csr(const struct attn_shape *s, int64_t bk, int64_t nb, const int32_t *sel,
                         int32_t width, int64_t t0, int64_t t1, struct bs_ws *w) {
    int64_t hi = 0;
    for (int64_t t = t0; t < t1; t++)
        for (int32_t a = 0; a < width; a++) {
            const int32_t blk = sel[t * width + a];
            if (blk < nb && blk + 1 > hi)
                hi = blk + 1;
        }
    memset(w->start, 0, (size_t)(hi + 1) * sizeof *w->start);
    for (int64_t t = t0; t < t1; t++) {
        const int64_t pos = attn_qpos(s, t);
        for (int32_t a = 0; a < width; a++) {
            const int32_t blk = sel[t * width + a];
            if (blk >= 0 && blk < nb && blocksparse_block_visible(s, bk, pos, blk) > 0)
                w->start[blk + 1]++;
        }
    }
    for (int64_t i = 0; i < hi; i++) {
        w->start[i + 1] += w->start[i];
        w->fill[i] = w->start[i];
    }
    for (int64_t t = t0; t < t1; t++) {
        const int64_t pos = attn_qpos(s, t);
        for (int32_t a = 0; a < width; a++) {
            const int32_t blk = sel[t * width + a];
            if (blk >= 0 && blk < nb && blocksparse_block_visible(s, bk, pos, blk) > 0)
                w->entries[w->fill[blk]++] = (int32_t)t;
        }
    }
    return hi;
}

/* One key block against nq gathered queries (rows list) of group r. */
CPU_VEC_CLONES static void block_chunk(const struct attn_shape *s, int64_t bk, const float *q,
                                       const float *k, const float *v, float *o, int64_t b,
                                       int64_t r, int64_t blk, const int32_t *rows, int64_t nq,
                                       struct bs_ws *w) {
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
            float *mp = w->m + t * G + g, *lp = w->l + t * G + g;
            const float mx = cpu_row_max(row, vis);
            const float mnew = mx > *mp ? mx : *mp;
            /* old output and sum were relative to *mp; -inf means none yet */
            const float c = (*mp == -INFINITY) ? 0.0f : cpu_expf(*mp - mnew);
            for (int64_t j = 0; j < vis; j++)
                row[j] = cpu_expf(row[j] - mnew);
            for (int64_t j = vis; j < kn; j++)
                row[j] = 0;
            *mp = mnew;
            *lp = *lp * c + cpu_row_sum(row, vis);
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
    const int64_t tq = tile_rows(s);
    for (int64_t b = 0; b < s->batch; b++)
        for (int64_t r = 0; r < Hkv; r++)
            for (int64_t t0 = 0; t0 < s->q_len; t0 += tq) {
                const int64_t t1 = t0 + tq < s->q_len ? t0 + tq : s->q_len;
                const int64_t hi =
                    build_csr(s, bk, nb, sel + (b * Hkv + r) * s->q_len * width, width, t0, t1, &w);
                for (int64_t i = t0 * G; i < t1 * G; i++) {
                    w.m[i] = -INFINITY;
                    w.l[i] = 0;
                }
                for (int64_t t = t0; t < t1; t++)
                    memset(o + ((b * s->q_len + t) * Hq + r * G) * d, 0,
                           (size_t)(G * d) * sizeof(float));
                for (int64_t blk = 0; blk < hi; blk++)
                    for (int64_t e = w.start[blk]; e < w.start[blk + 1]; e += cq) {
                        const int64_t nq = w.start[blk + 1] - e < cq ? w.start[blk + 1] - e : cq;
                        block_chunk(s, bk, q, k, v, o, b, r, blk, w.entries + e, nq, &w);
                    }
                for (int64_t t = t0; t < t1; t++)
                    for (int64_t g = 0; g < G; g++) {
                        const float l = w.l[t * G + g], inv = l > 0 ? 1.0f / l : 0.0f;
                        float *op = o + ((b * s->q_len + t) * Hq + r * G + g) * d;
                        for (int64_t x = 0; x < d; x++)
                            op[x] *= inv;
                    }
            }
    return ATTN_OK;
}
