/* flash_cpu.c - `flash`, float32 on OpenBLAS: FlashAttention-style exact
 * attention, fused and tiled with an online softmax, O(tile) extra memory.
 *
 * Work unit: (batch, KV head r, tile of TQ query positions).  The TQ*G query
 * rows of all G heads of group r are gathered into one tile (row t*G + g), so
 * the whole group shares each K/V tile read (GQA-aware; in decode this turns
 * q_len-row products into q_len*G-row ones).  For each tile of TK keys:
 *   S = Qtile K^T * scale            (cblas_sgemm, K read in place)
 *   per row: causal mask, running max m and sum l, rescale acc by exp(m_old-m)
 *   acc += P V                        (cblas_sgemm, beta = 1)
 * and O = acc / l at the end.  Key tiles that lie wholly after the tile's last
 * query are never touched (causal skip: about half the work of textbook).
 * Workspace: Qtile, S, acc, m, l for one work unit (~50 KB at d=64), whatever
 * N is.  Decode puts all q_len positions in one tile.
 *
 * GEMMs vs loops: OpenBLAS sgemm on 64x64 tiles beats the same tiling with
 * plain-C loop GEMMs (axpy form, vectorized by gcc) by 3.4-4x (-O3, SSE2 only,
 * as the project builds) and ~2x (-march=native, AVX-512): CPU time 353-459 ms
 * against 1416-1575 ms and 841-858 ms at the point below.  Tile shape: 64 rows
 * x 64 keys was fastest or tied; 128-row or 128-key tiles cross OpenBLAS's
 * threading threshold and lose when the other core is busy.
 *
 * Measured: B=1, N=4096, Hq=8, Hkv=2, d=64, causal prefill, one AMD EPYC
 * (Zen 4, KVM) with 2 cores shared by 8 users and loaded (load average 6-8
 * while measuring), OpenBLAS 0.3.21 pthread, gcc 12.2 -O3 (no -march); median
 * of 7 calls after a warm-up, two rounds (so: noisy):
 *   OPENBLAS_NUM_THREADS=1: CPU time 368 / 368 ms, wall 609 / 917 ms
 *   2 threads (default):    wall 711 / 738 ms (CPU time 354 / 369 ms);
 *                           477 ms on the quiet machine (load 0.5, a build
 *                           still using glibc expf: gqa 563 ms there)
 * i.e. ~47 useful GFLOP/s on one core (17.2 GFLOP causal).  gqa_cpu.c in the
 * same rounds: CPU time 590 / 681 ms at 1 thread, wall 1766 / 1792 ms at 2, with
 * 512 MiB of scores: flash is 1.6-1.85x faster per core.  Profile (perf, 1
 * thread): sgemm ~56%, online softmax (exp, max, rescale) ~39%.
 *
 * Threads: tiles are below OpenBLAS's threading threshold, so the work units
 * (batch, KV head, query tile) are split over MSABENCH_THREADS threads
 * (default: the online CPUs), each with its own workspace slice, for calls
 * of at least FLASH_MT_FLOPS.  Measured by `msabench run` of flash at Hq=8,
 * Hkv=2, d=64 with the ci preset (-O3), MSABENCH_THREADS=1 against 2, three
 * interleaved rounds, wall medians, on the 2-core machine above:
 *   idle (load ~1.5): causal prefill 4K 311-312 ms -> 157-161 ms (1.93-1.99x),
 *     1K 20.1 ms -> 10.2-10.3 ms; decode 1K 0.152 ms either way (one thread)
 *   beside a looping msabench sweep: prefill 4K 325-335 ms -> 244-267 ms
 *     (1.23-1.37x).  Decode with threads took 0.38-4 ms there (start-up
 *     waits for the busy core), hence the FLOP floor. */
#include "attn.h"
#include "common/softmax_f32.h"
#include "parallel.h"

#include <cblas.h>
#include <limits.h>
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#ifndef FLASH_ROWS
#define FLASH_ROWS 64 /* target query rows (positions x heads) per tile */
#endif
#ifndef FLASH_TK
#define FLASH_TK 64 /* keys per tile */
#endif

struct flash_tiles {
    int64_t tq, tk, rows;                       /* positions per query tile, keys per tile, tq*G */
    size_t off_s, off_acc, off_m, off_l, total; /* float offsets into the workspace */
};

struct flash_ctx {
    struct attn_shape s;
    struct flash_tiles t;
    float *ws; /* nth slices of t.total floats, one per thread */
    int nth;
};

/* Workspace parts start 64-byte aligned. */
static size_t round16(size_t n) {
    return (n + 15) & ~(size_t)15;
}

static struct flash_tiles flash_plan(const struct attn_shape *s) {
    struct flash_tiles t;
    const int64_t G = s->heads_q / s->heads_kv;
    t.tq = FLASH_ROWS / G > 1 ? FLASH_ROWS / G : 1;
    /* decode (q_len <= 8) is bandwidth-bound: one tile, so K/V are read once per group */
    if (t.tq > s->q_len || s->mode == ATTN_DECODE)
        t.tq = s->q_len;
    t.tk = s->seq_len < FLASH_TK ? s->seq_len : FLASH_TK;
    t.rows = t.tq * G;
    const size_t rows = (size_t)t.rows, d = (size_t)s->head_dim;
    t.off_s = round16(rows * d);
    t.off_acc = t.off_s + round16(rows * (size_t)t.tk);
    t.off_m = t.off_acc + round16(rows * d);
    t.off_l = t.off_m + round16(rows);
    t.total = t.off_l + round16(rows);
    return t;
}

#ifndef FLASH_MT_FLOPS
#define FLASH_MT_FLOPS 1e9 /* calls below this many FLOPs run on one thread */
#endif

/* Work units, and the threads that share them: MSABENCH_THREADS (else the
 * online CPUs), at most one per unit, and one for calls under FLASH_MT_FLOPS
 * (~20 ms on a core): starting and joining threads on a busy machine cost up
 * to a scheduler tick, and decode at N=1K went from 0.15 ms to 4 ms.  A
 * unit's output depends only on the unit, so the result does not depend on
 * the thread count. */
static int64_t flash_units(const struct attn_shape *s, const struct flash_tiles *t) {
    return s->batch * s->heads_kv * ((s->q_len + t->tq - 1) / t->tq);
}

static int flash_threads(const struct attn_shape *s, const struct flash_tiles *t) {
    const double flops = 4.0 * (double)s->batch * (double)s->heads_q * (double)s->q_len *
                         (double)s->seq_len * (double)s->head_dim * (s->causal ? 0.5 : 1.0);
    if (flops < FLASH_MT_FLOPS)
        return 1;
    const int64_t u = flash_units(s, t);
    const int n = attn_cpu_threads();
    return u < n ? (int)u : n;
}

static bool flash_cpu_supports(const struct attn_shape *s, const struct attn_params *p,
                               const char **why) {
    (void)p;
    const char *w = attn_shape_check(s, NULL);
    if (!w && (s->heads_q * s->head_dim > INT_MAX || s->heads_kv * s->head_dim > INT_MAX))
        w = "heads*head_dim exceeds the BLAS int range";
    if (!w && s->head_dim > (1 << 16))
        w = "head_dim above 65536 (the tile workspace would not be small)";
    if (w && why)
        *why = w;
    return w == NULL;
}

static size_t flash_cpu_workspace(const struct attn_shape *s, const struct attn_params *p) {
    (void)p;
    const struct flash_tiles t = flash_plan(s);
    return t.total * (size_t)flash_threads(s, &t) * sizeof(float);
}

static enum attn_status flash_cpu_init(void **ctx, const struct attn_shape *s,
                                       const struct attn_params *p, void *ws, void *stream) {
    (void)stream;
    if (!flash_cpu_supports(s, p, NULL)) {
        attn_set_error("flash_cpu_init: unsupported shape");
        return ATTN_ERR_UNSUPPORTED;
    }
    if (!ws) {
        attn_set_error("flash_cpu_init: no workspace");
        return ATTN_ERR_INVALID;
    }
    struct flash_ctx *c = malloc(sizeof *c);
    if (!c)
        return ATTN_ERR_NOMEM;
    c->s = *s;
    c->t = flash_plan(s);
    c->ws = ws;
    c->nth = flash_threads(s, &c->t);
    *ctx = c;
    return ATTN_OK;
}

/* Online-softmax update of one score row: keys >= nv are masked.  Leaves the
 * probabilities exp(s - m_new) in row[0..nk) and returns the factor by which
 * the row's accumulator must be rescaled. */
static float online_row(float *row, int64_t nv, int64_t nk, float *m, float *l) {
    if (nv < nk)
        memset(row + nv, 0, (size_t)(nk - nv) * sizeof *row);
    if (nv == 0) /* nothing visible here: leave m and l alone */
        return 1.0f;
    const float mx = attn_max_f32(row, nv, *m);
    const float sum = attn_exp_sum_f32(row, nv, mx);
    const float corr = *m == -INFINITY ? 0.0f : attn_exp_neg(*m - mx);
    *l = *l * corr + sum;
    *m = mx;
    return corr;
}

/* One (batch, KV head, query tile) work unit, in the workspace slice w. */
static void flash_unit(const struct flash_ctx *c, const float *q, const float *k, const float *v,
                       float *o, int64_t b, int64_t r, int64_t t0, float *w) {
    const struct attn_shape *s = &c->s;
    float *qt = w, *st = w + c->t.off_s, *acc = w + c->t.off_acc;
    float *m = w + c->t.off_m, *l = w + c->t.off_l;
    const int64_t N = s->seq_len, T = s->q_len, Hq = s->heads_q, Hkv = s->heads_kv;
    const int64_t d = s->head_dim, G = Hq / Hkv, tk = c->t.tk;
    const int64_t nt = T - t0 < c->t.tq ? T - t0 : c->t.tq, R = nt * G;
    const float scale = (float)(1.0 / sqrt((double)d));
    const int ldkv = (int)(Hkv * d);

    for (int64_t i = 0; i < nt; i++) /* the group's G heads are contiguous in Q */
        memcpy(qt + i * G * d, q + ((b * T + t0 + i) * Hq + r * G) * d,
               (size_t)(G * d) * sizeof(float));
    for (int64_t i = 0; i < R; i++) {
        m[i] = -INFINITY;
        l[i] = 0.0f;
    }
    memset(acc, 0, (size_t)(R * d) * sizeof(float));

    const int64_t pos_lo = attn_qpos(s, t0), pos_hi = attn_qpos(s, t0 + nt - 1);
    const int64_t jend = s->causal ? pos_hi + 1 : N;
    const float *kb = k + (b * N * Hkv + r) * d, *vb = v + (b * N * Hkv + r) * d;
    for (int64_t j0 = 0; j0 < jend; j0 += tk) {
        const int64_t nk = jend - j0 < tk ? jend - j0 : tk;
#ifdef MSABENCH_PLANT_EXTRA
        /* gate selftest only (CMake option MSABENCH_PLANT_EXTRA, never on in a
         * real build): the scores of 1/16 of a prefill tile's rows once more,
         * into st before it is written: ~5% more work, same results */
        if (R >= 16)
            cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasTrans, (int)(R / 16), (int)nk, (int)d,
                        scale, qt, (int)d, kb + j0 * Hkv * d, ldkv, 0.0f, st, (int)tk);
#endif
        cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasTrans, (int)R, (int)nk, (int)d, scale, qt,
                    (int)d, kb + j0 * Hkv * d, ldkv, 0.0f, st, (int)tk);
        const bool full = !s->causal || j0 + nk - 1 <= pos_lo;
        for (int64_t i = 0; i < R; i++) {
            int64_t nv = nk;
            if (!full) {
                nv = attn_qpos(s, t0 + i / G) + 1 - j0;
                nv = nv < 0 ? 0 : nv > nk ? nk : nv;
            }
            const float corr = online_row(st + i * tk, nv, nk, &m[i], &l[i]);
            if (corr != 1.0f)
                for (int64_t x = 0; x < d; x++)
                    acc[i * d + x] *= corr;
        }
        cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, (int)R, (int)d, (int)nk, 1.0f, st,
                    (int)tk, vb + j0 * Hkv * d, ldkv, 1.0f, acc, (int)d);
    }
    for (int64_t i = 0; i < R; i++) {
        const float inv = 1.0f / l[i];
        float *orow = o + ((b * T + t0 + i / G) * Hq + r * G + i % G) * d;
        for (int64_t x = 0; x < d; x++)
            orow[x] = acc[i * d + x] * inv;
    }
}

struct flash_job {
    const struct flash_ctx *c;
    const struct attn_io *io;
    int64_t nbr; /* batch * heads_kv */
};

/* Items run the last (causal: longest) query tiles first, so threads finish together. */
static void flash_item(void *p, int64_t item, int tid) {
    const struct flash_job *j = p;
    const struct flash_ctx *c = j->c;
    const int64_t ntile = (c->s.q_len + c->t.tq - 1) / c->t.tq;
    const int64_t tile = ntile - 1 - item / j->nbr, br = item % j->nbr;
    flash_unit(c, j->io->q, j->io->k, j->io->v, j->io->o, br / c->s.heads_kv, br % c->s.heads_kv,
               tile * c->t.tq, c->ws + (size_t)tid * c->t.total);
}

static enum attn_status flash_cpu_run(void *ctx, const struct attn_io *io) {
    const struct flash_ctx *c = ctx;
    if (!io->q || !io->k || !io->v || !io->o) {
        attn_set_error("flash_cpu_run: q, k, v and o are required");
        return ATTN_ERR_INVALID;
    }
    struct flash_job j = {c, io, c->s.batch * c->s.heads_kv};
    attn_parallel_for(flash_units(&c->s, &c->t), c->nth, flash_item, &j);
    return ATTN_OK;
}

static void flash_cpu_free(void *ctx) {
    free(ctx);
}

const struct attn_impl attn_flash_cpu = {
    .api_version = ATTN_API_VERSION,
    .method = "flash",
    .backend = "cpu",
    .variant = "tiled",
    .describe = "fused tiled attention, online softmax, GQA-aware, float32 OpenBLAS tiles",
    .flags = 0,
    .supports = flash_cpu_supports,
    .workspace_size = flash_cpu_workspace,
    .init = flash_cpu_init,
    .run = flash_cpu_run,
    .free = flash_cpu_free,
};
