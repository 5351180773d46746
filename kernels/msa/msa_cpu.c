/* msa_cpu.c - MiniMax Sparse Attention in float32 on the CPU (OpenBLAS),
 * the same definition as msa_ref.c (SPEC §2.1), in three stages:
 *   index: per (query tile x key tile) one sgemm of the tile's index queries
 *          (all Hkv groups at once: Qidx rows of a query are contiguous and
 *          Kidx is shared) against the tile's index keys into a small buffer,
 *          folded at once into block maxima; token scores are never stored
 *          whole.  Causal: key tiles past the query tile are skipped.
 *   topk:  one pass over each row's block scores keeping the best k-1 in a
 *          sorted array (insertion; most blocks fail the first compare).
 *   attn:  the KV-outer block-sparse core, kernels/common/blocksparse_cpu.c.
 * Every row is computed (io->rows is not needed here).  causal and
 * non-causal, prefill and decode.
 *
 * Stage times (medians of 9 calls, best of 3 invocations; AMD EPYC Zen 4
 * VM, 2 vCPU shared with other builds, load average ~5 while measuring, so
 * wall and per-thread CPU time are both given; OpenBLAS 0.3.21 pthread with
 * OPENBLAS_NUM_THREADS=1, uniform [-1, 1] inputs):
 *   prefill causal, B=1, N=4096, Hq=8, Hkv=2, d=64, d_idx=64, Bk=64, k=8
 *     index 28.8 ms wall / 29.6 ms CPU   (2.15 GFLOP counted: ~75 GFLOP/s)
 *     topk   2.5 ms      /  2.5 ms
 *     attn  79.0 ms      / 75.6 ms       (3.80 GFLOP counted: ~48 GFLOP/s)
 *   decode causal, same heads, N=2^18: q_len 1: index 4.3, topk 0.01,
 *     attn 0.13 ms; q_len 8: index 10.1, topk 0.09, attn 0.9 ms (CPU time).
 *   Before: libm expf and scalar loops had attn at ~137 ms; the non-
 *   transposed index sgemm had decode q_len 8 at 19 ms.
 */
#include "common/blocksparse.h"
#include "common/cpu_vec.h"
#include "msa/msa_common.h"

#include <cblas.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#define INDEX_TILE_ROWS 256 /* (query, group) rows per index sgemm */
#define INDEX_TILE_KEYS 256 /* keys per index sgemm (at least one block) */
/* Few index rows (decode: q_len * Hkv <= NARROW_ROWS): the sgemm runs
 * transposed, keys x rows, so its long side is the keys; 2x faster at
 * q_len 8, Hkv 2, N 2^18 than rows x keys, whose small M wastes the packing. */
#define NARROW_ROWS 32
#define NARROW_TILE_KEYS 1024

struct msa_cpu_ws {
    float *bscore;  /* [B, Hkv, q_len, nb] */
    int32_t *sel;   /* [B, Hkv, q_len, k] when io->sel is NULL */
    float *tile;    /* [tq * Hkv, tk], or [tk, q_len * Hkv] when narrow */
    float *top_s;   /* [k] */
    int32_t *top_i; /* [k] */
    void *core;     /* blocksparse_cpu_workspace */
};

struct msa_cpu_ctx {
    struct attn_shape s;
    struct attn_params p;
    int64_t nb, tq, tk;
    struct msa_cpu_ws w;
};

static size_t align64(size_t x) {
    return (x + 63) & ~(size_t)63;
}

static int64_t tile_queries(const struct attn_shape *s) {
    return s->heads_kv >= INDEX_TILE_ROWS ? 1 : INDEX_TILE_ROWS / s->heads_kv;
}
static bool narrow(const struct attn_shape *s) {
    return s->q_len * s->heads_kv <= NARROW_ROWS;
}
static int64_t tile_keys(const struct attn_shape *s, const struct attn_params *p) {
    const int64_t t = narrow(s) ? NARROW_TILE_KEYS : INDEX_TILE_KEYS;
    return p->block_size > t ? p->block_size : t;
}

/* Carves the workspace; with base == NULL only sizes it. */
static size_t cpu_layout(const struct attn_shape *s, const struct attn_params *p, char *base,
                         struct msa_cpu_ws *w) {
    const int64_t nb = attn_nblocks(s->seq_len, p->block_size);
    const size_t rows = (size_t)(s->batch * s->heads_kv * s->q_len);
    const size_t sz[] = {
        rows * (size_t)nb * sizeof(float),
        rows * (size_t)p->topk * sizeof(int32_t),
        (size_t)((narrow(s) ? s->q_len : tile_queries(s)) * s->heads_kv * tile_keys(s, p)) *
            sizeof(float),
        (size_t)p->topk * sizeof(float),
        (size_t)p->topk * sizeof(int32_t),
        blocksparse_cpu_workspace(s, p->block_size, p->topk),
    };
    void **dst[] = {(void **)&w->bscore, (void **)&w->sel,   (void **)&w->tile,
                    (void **)&w->top_s,  (void **)&w->top_i, (void **)&w->core};
    size_t off = 0;
    for (size_t i = 0; i < sizeof sz / sizeof sz[0]; i++) {
        if (base)
            *dst[i] = base + off;
        off += align64(sz[i]);
    }
    return off;
}

static size_t cpu_workspace(const struct attn_shape *s, const struct attn_params *p) {
    struct msa_cpu_ws w;
    return cpu_layout(s, p, NULL, &w);
}

static bool cpu_supports(const struct attn_shape *s, const struct attn_params *p,
                         const char **why) {
    const char *w = msa_params_check(s, p);
    if (w && why)
        *why = w;
    return w == NULL;
}

static enum attn_status cpu_init(void **ctx, const struct attn_shape *s,
                                 const struct attn_params *p, void *ws, void *stream) {
    (void)stream;
    const char *why = NULL;
    if (!cpu_supports(s, p, &why)) {
        attn_set_error("msa cpu: %s", why);
        return ATTN_ERR_UNSUPPORTED;
    }
    if (!ws) {
        attn_set_error("msa cpu: needs its workspace");
        return ATTN_ERR_INVALID;
    }
    struct msa_cpu_ctx *c = calloc(1, sizeof *c);
    if (!c)
        return ATTN_ERR_NOMEM;
    c->s = *s;
    c->p = *p;
    c->nb = attn_nblocks(s->seq_len, p->block_size);
    c->tq = tile_queries(s);
    c->tk = tile_keys(s, p);
    cpu_layout(s, p, ws, &c->w);
    *ctx = c;
    return ATTN_OK;
}

static void cpu_free(void *ctx) {
    free(ctx);
}

/* Block maxima of the scored tile: queries t0.. (nt of them), keys j0.. (nk). */
CPU_VEC_CLONES static void fold_tile(const struct msa_cpu_ctx *c, int64_t b, int64_t t0, int64_t nt,
                                     int64_t j0, int64_t nk) {
    const struct attn_shape *s = &c->s;
    const int64_t Hkv = s->heads_kv, bk = c->p.block_size;
    for (int64_t i = 0; i < nt; i++) {
        const int64_t t = t0 + i, pos = attn_qpos(s, t);
        for (int64_t r = 0; r < Hkv; r++) {
            const float *row = c->w.tile + (i * Hkv + r) * nk;
            float *out = c->w.bscore + ((b * Hkv + r) * s->q_len + t) * c->nb;
            for (int64_t blk = j0 / bk; blk * bk < j0 + nk; blk++) {
                const int64_t vis = blocksparse_block_visible(s, bk, pos, blk);
                out[blk] = cpu_row_max(row + (blk * bk - j0), vis); /* -inf if vis == 0 */
            }
        }
    }
}

/* The same from a transposed tile [nk, R] (R = nt * Hkv = every row): the
 * blocks every row sees whole run vectorized across the rows. */
CPU_VEC_CLONES static void fold_tile_t(const struct msa_cpu_ctx *c, int64_t b, int64_t nt,
                                       int64_t j0, int64_t nk) {
    const struct attn_shape *s = &c->s;
    const int64_t Hkv = s->heads_kv, bk = c->p.block_size, R = nt * Hkv;
    const int64_t first = attn_qpos(s, 0); /* smallest position: t0 = 0 here */
    int32_t m[NARROW_ROWS];
    for (int64_t blk = j0 / bk; blk * bk < j0 + nk; blk++) {
        const float *x = c->w.tile + (blk * bk - j0) * R;
        const int64_t kn = blocksparse_block_visible(s, bk, first, blk);
        const bool whole = kn == (s->seq_len - blk * bk < bk ? s->seq_len - blk * bk : bk);
        if (whole) { /* every row sees all kn keys */
            for (int64_t col = 0; col < R; col++)
                m[col] = INT32_MIN;
            for (int64_t j = 0; j < kn; j++)
                for (int64_t col = 0; col < R; col++) {
                    const int32_t key = cpu_float_key(x[j * R + col]);
                    m[col] = key > m[col] ? key : m[col];
                }
        }
        for (int64_t i = 0; i < nt; i++) {
            const int64_t vis = blocksparse_block_visible(s, bk, attn_qpos(s, i), blk);
            for (int64_t r = 0; r < Hkv; r++) {
                const int64_t col = i * Hkv + r;
                int32_t best = INT32_MIN;
                if (whole)
                    best = m[col];
                else
                    for (int64_t j = 0; j < vis; j++) {
                        const int32_t key = cpu_float_key(x[j * R + col]);
                        best = key > best ? key : best;
                    }
                c->w.bscore[((b * Hkv + r) * s->q_len + i) * c->nb + blk] =
                    vis > 0 ? cpu_float_unkey(best) : -INFINITY;
            }
        }
    }
}

static void stage_index(struct msa_cpu_ctx *c, const struct attn_io *io) {
    const struct attn_shape *s = &c->s;
    const int64_t N = s->seq_len, Hkv = s->heads_kv, di = s->index_dim, bk = c->p.block_size;
    const float scale = (float)(1.0 / sqrt((double)di));
    const float *qidx = io->qidx, *kidx = io->kidx;
    for (int64_t b = 0; b < s->batch; b++)
        for (int64_t t0 = 0; t0 < s->q_len; t0 += c->tq) {
            const int64_t nt = s->q_len - t0 < c->tq ? s->q_len - t0 : c->tq;
            const int64_t last = attn_qpos(s, t0 + nt - 1); /* largest position in the tile */
            for (int64_t j0 = 0; j0 < N; j0 += c->tk) {
                const int64_t nk = N - j0 < c->tk ? N - j0 : c->tk;
                if (s->causal && j0 > last) {
                    /* no query of the tile sees these blocks */
                    for (int64_t i = 0; i < nt; i++)
                        for (int64_t r = 0; r < Hkv; r++) {
                            float *out = c->w.bscore + ((b * Hkv + r) * s->q_len + t0 + i) * c->nb;
                            for (int64_t blk = j0 / bk; blk * bk < j0 + nk; blk++)
                                out[blk] = -INFINITY;
                        }
                    continue;
                }
                const float *qt = qidx + (b * s->q_len + t0) * Hkv * di;
                const float *kt = kidx + (b * N + j0) * di;
                if (narrow(s)) { /* t0 == 0, nt == q_len */
                    cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasTrans, (int)nk, (int)(nt * Hkv),
                                (int)di, scale, kt, (int)di, qt, (int)di, 0.0f, c->w.tile,
                                (int)(nt * Hkv));
                    fold_tile_t(c, b, nt, j0, nk);
                } else {
                    cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasTrans, (int)(nt * Hkv), (int)nk,
                                (int)di, scale, qt, (int)di, kt, (int)di, 0.0f, c->w.tile, (int)nk);
                    fold_tile(c, b, t0, nt, j0, nk);
                }
            }
        }
}

/* a ranks before b: higher score, or equal score and smaller id. */
static inline bool ranks_before(float sa, int32_t ia, float sb, int32_t ib) {
    return sa > sb || (sa == sb && ia < ib);
}

static int32_t *sel_of(struct msa_cpu_ctx *c, const struct attn_io *io) {
    return io->sel ? io->sel : c->w.sel;
}

static void stage_topk(struct msa_cpu_ctx *c, const struct attn_io *io) {
    const struct attn_shape *s = &c->s;
    const int64_t bk = c->p.block_size, nb = c->nb;
    const int32_t k = c->p.topk, keep = k - 1;
    float *ts = c->w.top_s;
    int32_t *ti = c->w.top_i;
    int32_t *sel = sel_of(c, io);
    for (int64_t row = 0; row < s->batch * s->heads_kv * s->q_len; row++) {
        const int64_t t = row % s->q_len, local = attn_qpos(s, t) / bk;
        const int64_t cand_end = s->causal ? local : nb; /* later blocks are invisible */
        const float *sc = c->w.bscore + row * nb;
        int32_t n = 0;
        for (int32_t blk = 0; keep > 0 && blk < cand_end; blk++) {
            const float x = sc[blk];
            if (blk == local || isnan(x))
                continue;
            if (n == keep && !ranks_before(x, blk, ts[n - 1], ti[n - 1]))
                continue;
            int32_t at = n < keep ? n++ : n - 1; /* full: the last one drops out */
            while (at > 0 && ranks_before(x, blk, ts[at - 1], ti[at - 1])) {
                ts[at] = ts[at - 1];
                ti[at] = ti[at - 1];
                at--;
            }
            ts[at] = x;
            ti[at] = blk;
        }
        int32_t *out = sel + row * k;
        memcpy(out, ti, (size_t)n * sizeof *out);
        out[n++] = (int32_t)local;
        while (n < k)
            out[n++] = -1;
    }
}

static enum attn_status cpu_run_stage(void *ctx, int stage, const struct attn_io *io) {
    struct msa_cpu_ctx *c = ctx;
    if (!io->q || !io->k || !io->v || !io->o || !io->qidx || !io->kidx) {
        attn_set_error("msa cpu: q, k, v, o, qidx and kidx are all needed");
        return ATTN_ERR_INVALID;
    }
    switch (stage) {
    case 0:
        stage_index(c, io);
        return ATTN_OK;
    case 1:
        stage_topk(c, io);
        return ATTN_OK;
    case 2:
        return blocksparse_cpu(&c->s, c->p.block_size, io->q, io->k, io->v, io->o, sel_of(c, io),
                               c->p.topk, c->w.core);
    default:
        attn_set_error("msa cpu: no stage %d", stage);
        return ATTN_ERR_INVALID;
    }
}

static enum attn_status cpu_run(void *ctx, const struct attn_io *io) {
    enum attn_status st = ATTN_OK;
    for (int i = 0; i < 3 && st == ATTN_OK; i++)
        st = cpu_run_stage(ctx, i, io);
    return st;
}

static int32_t msa_sel_width(const struct attn_shape *s, const struct attn_params *p) {
    (void)s;
    return p->topk;
}

const struct attn_impl attn_msa_cpu = {
    .api_version = ATTN_API_VERSION,
    .method = "msa",
    .backend = "cpu",
    .variant = "blas",
    .describe = "MiniMax Sparse Attention, float32: tiled sgemm index, Top-k, KV-outer sgemm core",
    .flags = ATTN_F_INDEX | ATTN_F_SELECT,
    .supports = cpu_supports,
    .workspace_size = cpu_workspace,
    .init = cpu_init,
    .run = cpu_run,
    .free = cpu_free,
    .n_stages = 3,
    .stage_names = msa_stage_names,
    .run_stage = cpu_run_stage,
    .sel_width = msa_sel_width,
};
