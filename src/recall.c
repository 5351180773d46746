/* recall.c - selection quality against the dense oracle (SPEC §5).
 *
 * The oracle is float64 dense attention on the evaluated query rows only:
 * K and V are read as float, converted block by block to double, and every
 * product and sum is double.  Per row it costs O(N*d) time and O(N/Bk)
 * memory (one log-sum-exp per KV block and head), so it runs at 1M.
 *
 * Work item = (batch, KV group, tile of up to ~64/G sorted rows): the tile's
 * G*rows query vectors stream over the KV blocks once, flash-style (running
 * max, rescaled sums), with a 4x8 register-blocked double kernel for Q.K^T
 * and P.V.  Items run on pthreads (parallel.h); results are stored per row
 * and summed in row order, so figures do not depend on the thread count.
 *
 * Measured on this 2-core AMD EPYC VM (shared, load ~2-3), N = 2^20, Hq = 4,
 * Hkv = 1, d = 64, Bk = 64, causal, 256 sampled rows: see the figure in
 * tests/unit/test_recall.c's header (about 10 s). */
#include "recall.h"

#include "alloc.h"
#include "data.h"
#include "parallel.h"
#include "sel_layout.h"

#include <math.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>

#if defined(__x86_64__) && defined(__GNUC__) && !defined(__clang__)
/* Without FMA contraction (ISO C mode) every clone computes the same bits. */
#define RC_CLONES __attribute__((target_clones("avx512f", "avx2", "default")))
#else
#define RC_CLONES
#endif

#define QV_TARGET 64 /* query vectors per tile */

struct rc_job {
    const struct attn_shape *s;
    int64_t Bk, nb, G, tile_rows, n_tiles, n_rows, ldk, ldd, qvp;
    const float *q, *k, *v, *o;
    const int32_t *sel;
    int32_t nsel;
    enum attn_sel_layout layout;
    int64_t sel_heads;   /* selection rows per batch: heads_kv, or heads_q (HEAD_BLOCKS) */
    const int64_t *rows; /* sorted */
    double scale;
    /* per thread scratch */
    double *ws;
    int64_t ws_len;
    /* per (b, selection row, row index): br, sr, mc; per (b, group, row index): en, ed */
    double *br, *sr, *mc, *en, *ed;
    unsigned char *has_block;
    atomic_int bad_sel; /* set when a selection holds an id out of range */
    atomic_int bad_id;
};

/* GCC/clang vector extensions: 8 doubles per accumulator, lowered to
 * whatever the clone's ISA has (one zmm, two ymm or four xmm).  Loads and
 * stores go through memcpy (unaligned), in macros so no function passes a
 * vector by value (-Wpsabi). */
typedef double v8d __attribute__((vector_size(64)));
#define LD8(v, p) memcpy(&(v), (p), sizeof(v8d))
#define ST8(p, v) memcpy((p), &(v), sizeof(v8d))

/* sc[qv][j] = qd[qv] . kt[:, j] for qv in [q0, q1) (q1 - q0 a multiple of 4), j < ldk. */
RC_CLONES static void qk_block(const double *qd, int64_t d, const double *kt, int64_t ldk,
                               int64_t q0, int64_t q1, double *sc) {
    for (int64_t qv = q0; qv < q1; qv += 4) {
        const double *x0 = qd + qv * d, *x1 = x0 + d, *x2 = x1 + d, *x3 = x2 + d;
        for (int64_t j = 0; j < ldk; j += 8) {
            v8d a0 = {0}, a1 = {0}, a2 = {0}, a3 = {0}, kr;
            for (int64_t c = 0; c < d; c++) {
                LD8(kr, kt + c * ldk + j);
                a0 += x0[c] * kr;
                a1 += x1[c] * kr;
                a2 += x2[c] * kr;
                a3 += x3[c] * kr;
            }
            ST8(sc + qv * ldk + j, a0);
            ST8(sc + (qv + 1) * ldk + j, a1);
            ST8(sc + (qv + 2) * ldk + j, a2);
            ST8(sc + (qv + 3) * ldk + j, a3);
        }
    }
}

/* acc[qv][:] += sum_j p[qv][j] * vd[j][:] for qv in [q0, q1), j < nj. */
RC_CLONES static void pv_block(const double *p, int64_t ldk, const double *vd, int64_t ldd,
                               int64_t nj, int64_t q0, int64_t q1, double *acc) {
    for (int64_t qv = q0; qv < q1; qv += 4) {
        const double *p0 = p + qv * ldk, *p1 = p0 + ldk, *p2 = p1 + ldk, *p3 = p2 + ldk;
        for (int64_t c = 0; c < ldd; c += 8) {
            v8d a0, a1, a2, a3, vr;
            LD8(a0, acc + qv * ldd + c);
            LD8(a1, acc + (qv + 1) * ldd + c);
            LD8(a2, acc + (qv + 2) * ldd + c);
            LD8(a3, acc + (qv + 3) * ldd + c);
            for (int64_t j = 0; j < nj; j++) {
                LD8(vr, vd + j * ldd + c);
                a0 += p0[j] * vr;
                a1 += p1[j] * vr;
                a2 += p2[j] * vr;
                a3 += p3[j] * vr;
            }
            ST8(acc + qv * ldd + c, a0);
            ST8(acc + (qv + 1) * ldd + c, a1);
            ST8(acc + (qv + 2) * ldd + c, a2);
            ST8(acc + (qv + 3) * ldd + c, a3);
        }
    }
}

/* exp(x) for x <= 0 to ~2 ulp, vectorizable (glibc's exp is a call per
 * element and was a fifth of the time): x = k*ln2 + r with |r| <= ln2/2
 * (Cody-Waite split of ln2), e^r by its Taylor series to degree 13
 * (truncation < 1e-17), times 2^k built in the exponent bits.  x < -708
 * gives 0 (e^-708 ~ 3e-308 is no probability mass). */
static inline double exp_neg(double x) {
    const double shift = 0x1.8p52;
    const double t = x * 1.4426950408889634 + shift; /* k = round(x / ln2) sits in t's low bits */
    const double kd = t - shift;
    const double r = (x - kd * 0x1.62e42fefa3800p-1) - kd * 0x1.ef35793c7673p-45;
    double p = 1.0 / 6227020800.0;
    p = p * r + 1.0 / 479001600.0;
    p = p * r + 1.0 / 39916800.0;
    p = p * r + 1.0 / 3628800.0;
    p = p * r + 1.0 / 362880.0;
    p = p * r + 1.0 / 40320.0;
    p = p * r + 1.0 / 5040.0;
    p = p * r + 1.0 / 720.0;
    p = p * r + 1.0 / 120.0;
    p = p * r + 1.0 / 24.0;
    p = p * r + 1.0 / 6.0;
    p = p * r + 0.5;
    p = p * r + 1.0;
    p = p * r + 1.0;
    uint64_t tb, pb;
    memcpy(&tb, &t, 8);
    const uint64_t ok = 0 - (uint64_t)(x >= -708.0);
    uint64_t sb = ((tb + 1023) << 52) & ok; /* bits of 2^k */
    double sc;
    memcpy(&sc, &sb, 8);
    p *= sc;
    memcpy(&pb, &p, 8);
    pb &= ok;
    memcpy(&p, &pb, 8);
    return p;
}

/* x[j] = exp(x[j] - m) for j < n. */
RC_CLONES static void exp_shift(double *x, int64_t n, double m) {
    for (int64_t j = 0; j < n; j++)
        x[j] = exp_neg(x[j] - m);
}

static int64_t nvis_of(const struct attn_shape *s, int64_t t) {
    return s->causal ? attn_qpos(s, t) + 1 : s->seq_len;
}

/* Block figures of one selection row: P over the nvb visible blocks, selrow
 * the row's w block ids. */
static void block_figures(struct rc_job *j, const double *P, int64_t nvb, const int32_t *selrow,
                          int32_t w, int64_t *best_id, double *best_p, int64_t slot) {
    /* Î: valid, distinct entries */
    int64_t kr = 0;
    for (int32_t e = 0; e < w; e++) {
        const int32_t id = selrow[e];
        if (id == -1)
            continue;
        if (id < 0 || id >= j->nb) {
            atomic_store(&j->bad_id, id); /* any thread's bad id will do for the message */
            atomic_store(&j->bad_sel, 1);
            continue;
        }
        int dup = 0;
        for (int32_t f = 0; f < e; f++)
            dup |= selrow[f] == id;
        if (!dup)
            kr++;
    }
    const int64_t kk = kr < nvb ? kr : nvb;
    if (kk == 0)
        return;
    /* I*: the kk blocks of largest P, ties to the smaller id (ids arrive in order) */
    int64_t n = 0;
    for (int64_t b = 0; b < nvb; b++) {
        const double pb = P[b];
        if (n == kk && !(pb > best_p[n - 1]))
            continue;
        int64_t at = n < kk ? n++ : kk - 1;
        while (at > 0 && pb > best_p[at - 1]) {
            best_p[at] = best_p[at - 1];
            best_id[at] = best_id[at - 1];
            at--;
        }
        best_p[at] = pb;
        best_id[at] = b;
    }
    double in_star = 0, hit_p = 0, cover = 0;
    int64_t hits = 0;
    for (int64_t i = 0; i < kk; i++)
        in_star += best_p[i];
    for (int32_t e = 0; e < w; e++) {
        const int32_t id = selrow[e];
        if (id < 0 || id >= j->nb)
            continue;
        int dup = 0;
        for (int32_t f = 0; f < e; f++)
            dup |= selrow[f] == id;
        if (dup)
            continue;
        const double pb = id < nvb ? P[id] : 0.0;
        cover += pb;
        for (int64_t i = 0; i < kk; i++)
            if (best_id[i] == id) {
                hits++;
                hit_p += pb;
                break;
            }
    }
    j->br[slot] = (double)hits / (double)kk;
    j->sr[slot] = in_star > 0 ? hit_p / in_star : NAN;
    j->mc[slot] = cover;
    j->has_block[slot] = 1;
}

/* Dense mass of one token selection row (SPEC §5.1): sum over its distinct
 * visible tokens of p_h(i, j), averaged over the G heads of group r.  qd: the
 * G scaled query vectors, M, L: their running max and sum (LSE = M + log L).
 * mask: N zero bytes, left zero. */
static double token_mass(const struct rc_job *j, const double *qd, const double *M, const double *L,
                         int64_t bb, int64_t r, int64_t nvis, const int32_t *row,
                         unsigned char *mask) {
    const struct attn_shape *s = j->s;
    const int64_t d = s->head_dim, G = j->G, N = s->seq_len, Hkv = s->heads_kv;
    double m = 0;
    for (int32_t e = 0; e < j->nsel; e++) {
        const int32_t id = row[e];
        if (id < 0 || id >= nvis || mask[id])
            continue;
        mask[id] = 1;
        const float *kr = j->k + ((bb * N + id) * Hkv + r) * d;
        for (int64_t g = 0; g < G; g++) {
            double dot = 0;
            for (int64_t c = 0; c < d; c++)
                dot += qd[g * d + c] * (double)kr[c];
            m += exp(dot - (M[g] + log(L[g])));
        }
    }
    for (int32_t e = 0; e < j->nsel; e++)
        if (row[e] >= 0 && row[e] < N)
            mask[row[e]] = 0;
    return m / (double)G;
}

static void rc_item(void *ctx, int64_t item, int tid) {
    struct rc_job *j = ctx;
    const struct attn_shape *s = j->s;
    const int64_t N = s->seq_len, T = s->q_len, Hq = s->heads_q, Hkv = s->heads_kv;
    const int64_t d = s->head_dim, G = j->G, Bk = j->Bk, nb = j->nb, ldk = j->ldk, ldd = j->ldd;
    /* items run from the most expensive tile (last rows) down */
    const int64_t per_bt = j->n_tiles;
    const int64_t bb = item / (Hkv * per_bt), r = (item / per_bt) % Hkv;
    const int64_t tile = per_bt - 1 - item % per_bt;
    const int64_t i0 = tile * j->tile_rows;
    const int64_t nr = j->n_rows - i0 < j->tile_rows ? j->n_rows - i0 : j->tile_rows;
    const int64_t qvp = j->qvp;

    double *w = j->ws + (int64_t)tid * j->ws_len;
    double *qd = w;               /* qvp x d */
    double *kt = qd + qvp * d;    /* d x ldk */
    double *vd = kt + d * ldk;    /* ldk x ldd */
    double *sc = vd + ldk * ldd;  /* qvp x ldk */
    double *acc = sc + qvp * ldk; /* qvp x ldd */
    double *M = acc + qvp * ldd;  /* qvp */
    double *L = M + qvp;          /* qvp */
    double *lse = L + qvp;        /* qvp x nb */
    double *P = lse + qvp * nb;   /* nb */
    double *best_p = P + nb;      /* nsel */
    int64_t *best_id = (int64_t *)(best_p + j->nsel + 1);
    int32_t *blk = (int32_t *)(best_id + j->nsel + 1); /* nsel: blocks a token row touches */
    unsigned char *mask = (unsigned char *)(blk + j->nsel + 1); /* N bytes, token layouts */

    memset(qd, 0, (size_t)(qvp * d) * sizeof *qd);
    memset(acc, 0, (size_t)(qvp * ldd) * sizeof *acc);
    for (int64_t i = 0; i < nr; i++) {
        const int64_t t = j->rows[i0 + i];
        for (int64_t g = 0; g < G; g++) {
            const float *qr = j->q + ((bb * T + t) * Hq + r * G + g) * d;
            for (int64_t c = 0; c < d; c++)
                qd[(i * G + g) * d + c] = (double)qr[c] * j->scale;
        }
    }
    for (int64_t qv = 0; qv < qvp; qv++) {
        M[qv] = -INFINITY;
        L[qv] = 0;
    }
    const int64_t last_vis = nvis_of(s, j->rows[i0 + nr - 1]);
    const int64_t nblk = (last_vis + Bk - 1) / Bk;
    int64_t first = 0; /* first tile row that sees the current block */
    for (int64_t b = 0; b < nblk; b++) {
        const int64_t j0 = b * Bk, bl = N - j0 < Bk ? N - j0 : Bk;
        /* rows are sorted: those that see block b form a suffix of the tile.
         * lse of earlier rows at b stays unset: they never read past their own blocks. */
        while (first < nr && nvis_of(s, j->rows[i0 + first]) <= j0)
            first++;
        for (int64_t jj = 0; jj < ldk; jj++) {
            if (jj < bl) {
                const float *kr = j->k + ((bb * N + j0 + jj) * Hkv + r) * d;
                const float *vr = j->v + ((bb * N + j0 + jj) * Hkv + r) * d;
                for (int64_t c = 0; c < d; c++) {
                    kt[c * ldk + jj] = (double)kr[c];
                    vd[jj * ldd + c] = (double)vr[c];
                }
            } else {
                for (int64_t c = 0; c < d; c++)
                    kt[c * ldk + jj] = 0.0;
            }
            for (int64_t c = jj < bl ? d : 0; c < ldd; c++)
                vd[jj * ldd + c] = 0.0;
        }
        const int64_t q0 = (first * G) & ~(int64_t)3;
        qk_block(qd, d, kt, ldk, q0, qvp, sc);
        for (int64_t qv = q0; qv < qvp; qv++) {
            double *srow = sc + qv * ldk;
            const int64_t i = qv / G;
            if (qv < first * G || i >= nr) {
                memset(srow, 0, (size_t)ldk * sizeof *srow);
                continue;
            }
            int64_t nv = nvis_of(s, j->rows[i0 + i]) - j0;
            nv = nv < bl ? nv : bl;
            double mb = -INFINITY;
            for (int64_t jj = 0; jj < nv; jj++)
                mb = srow[jj] > mb ? srow[jj] : mb;
            if (mb > M[qv]) {
                const double alpha = exp(M[qv] - mb); /* 0 on the first block */
                L[qv] *= alpha;
                for (int64_t c = 0; c < d; c++)
                    acc[qv * ldd + c] *= alpha;
                M[qv] = mb;
            }
            exp_shift(srow, nv, M[qv]);
            double sum = 0;
            for (int64_t jj = 0; jj < nv; jj++)
                sum += srow[jj];
            for (int64_t jj = nv; jj < ldk; jj++)
                srow[jj] = 0;
            L[qv] += sum;
            lse[qv * nb + b] = sum > 0 ? M[qv] + log(sum) : -INFINITY;
        }
        pv_block(sc, ldk, vd, ldd, bl, q0, qvp, acc);
    }

    /* per row: P over blocks, block figures, output error */
    for (int64_t i = 0; i < nr; i++) {
        const int64_t t = j->rows[i0 + i];
        const int64_t slot = (bb * Hkv + r) * j->n_rows + i0 + i;
        const int64_t nvb = (nvis_of(s, t) + Bk - 1) / Bk;
        double en = 0, ed = 0;
        for (int64_t g = 0; g < G; g++) {
            const int64_t qv = i * G + g;
            const double LSE = M[qv] + log(L[qv]);
            for (int64_t b = 0; b < nvb; b++) {
                const double pb = exp(lse[qv * nb + b] - LSE) / (double)G;
                P[b] = g ? P[b] + pb : pb;
            }
            if (j->o) {
                const float *om = j->o + ((bb * T + t) * Hq + r * G + g) * d;
                for (int64_t c = 0; c < d; c++) {
                    const double od = acc[qv * ldd + c] / L[qv];
                    const double df = (double)om[c] - od;
                    en += df * df;
                    ed += od * od;
                }
            }
        }
        j->en[slot] = en;
        j->ed[slot] = ed;
        if (!j->sel)
            continue;
        if (j->layout == ATTN_SEL_HEAD_BLOCKS) {
            /* one selection per query head: P of that head alone (SPEC §5 with G := 1) */
            for (int64_t g = 0; g < G; g++) {
                const int64_t qv = i * G + g, h = r * G + g;
                const double LSE = M[qv] + log(L[qv]);
                for (int64_t b = 0; b < nvb; b++)
                    P[b] = exp(lse[qv * nb + b] - LSE);
                const int64_t off = sel_layout_row_offset(j->layout, s, j->nsel, bb, h, t);
                block_figures(j, P, nvb, j->sel + off, j->nsel, best_id, best_p,
                              (bb * j->sel_heads + h) * j->n_rows + i0 + i);
            }
            continue;
        }
        const int64_t off = sel_layout_row_offset(j->layout, s, j->nsel, bb, r * G, t);
        if (j->layout == ATTN_SEL_GROUP_BLOCKS) {
            block_figures(j, P, nvb, j->sel + off, j->nsel, best_id, best_p, slot);
            continue;
        }
        /* tokens (SPEC §5.1): block figures over the blocks the tokens touch,
         * mass_coverage from the tokens themselves */
        const int32_t ntb =
            sel_layout_row_blocks(j->layout, s, Bk, j->sel + off, j->nsel, blk, j->nsel);
        if (ntb < 0) {
            for (int32_t e = 0; e < j->nsel; e++)
                if (j->sel[off + e] < -1 || j->sel[off + e] >= N)
                    atomic_store(&j->bad_id, j->sel[off + e]);
            atomic_store(&j->bad_sel, 1);
            continue;
        }
        block_figures(j, P, nvb, blk, ntb, best_id, best_p, slot);
        if (j->has_block[slot])
            j->mc[slot] = token_mass(j, qd + i * G * d, M + i * G, L + i * G, bb, r, nvis_of(s, t),
                                     j->sel + off, mask);
    }
}

static int cmp_i64(const void *a, const void *b) {
    const int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;
    return (x > y) - (x < y);
}

enum attn_status recall_measure(const struct attn_shape *s, const struct attn_params *p,
                                const float *q, const float *k, const float *v, const int32_t *sel,
                                int32_t nsel, const float *o, const int64_t *rows, int64_t n_rows,
                                struct recall_stats *out) {
    return recall_measure_layout(s, p, ATTN_SEL_GROUP_BLOCKS, q, k, v, sel, nsel, o, rows, n_rows,
                                 out);
}

enum attn_status recall_measure_layout(const struct attn_shape *s, const struct attn_params *p,
                                       enum attn_sel_layout layout, const float *q, const float *k,
                                       const float *v, const int32_t *sel, int32_t nsel,
                                       const float *o, const int64_t *rows, int64_t n_rows,
                                       struct recall_stats *out) {
    enum attn_status st = ATTN_OK;
    struct rc_job j;
    memset(&j, 0, sizeof j);
    atomic_init(&j.bad_sel, 0);
    atomic_init(&j.bad_id, 0);
    int64_t *srt = NULL;
    out->rows = 0;
    out->block_recall = out->score_recall = out->mass_coverage = out->out_rel_err = NAN;
    const char *why = attn_shape_check(s, NULL);
    if (why || !p || p->block_size <= 0 || !q || !k || !v || n_rows < 0 || (n_rows && !rows) ||
        (sel && (nsel <= 0 || layout == ATTN_SEL_NONE))) {
        attn_set_error("recall: bad arguments%s%s", why ? ": " : "", why ? why : "");
        return ATTN_ERR_INVALID;
    }
    if (n_rows == 0)
        return ATTN_OK;
    const int64_t B = s->batch, Hkv = s->heads_kv, d = s->head_dim;
    j.s = s;
    j.Bk = p->block_size;
    j.nb = attn_nblocks(s->seq_len, j.Bk);
    j.G = attn_group(s);
    j.ldk = (j.Bk + 7) & ~(int64_t)7;
    j.ldd = (d + 7) & ~(int64_t)7;
    j.q = q, j.k = k, j.v = v, j.o = o, j.sel = sel, j.nsel = sel ? nsel : 0;
    j.layout = layout;
    j.sel_heads = sel ? sel_layout_heads(layout, s) : Hkv;
    j.scale = 1.0 / sqrt((double)d);
    j.n_rows = n_rows;
    /* tile: ~QV_TARGET query vectors, and at most ~32 MB of per-block sums */
    int64_t tr = QV_TARGET / j.G;
    const int64_t cap = ((int64_t)32 << 20) / (8 * j.G * j.nb);
    tr = tr < cap ? tr : cap;
    j.tile_rows = tr < 1 ? 1 : tr;
    j.n_tiles = (n_rows + j.tile_rows - 1) / j.tile_rows;
    j.qvp = (j.tile_rows * j.G + 3) & ~(int64_t)3;

    srt = malloc((size_t)n_rows * sizeof *srt);
    const size_t nslots = (size_t)(B * Hkv * n_rows);          /* (batch, group, row) */
    const size_t nsslots = (size_t)(B * j.sel_heads * n_rows); /* (batch, selection row, row) */
    j.br = calloc(nsslots * 3 + nslots * 2, sizeof(double));
    j.has_block = calloc(nsslots, 1);
    if (!srt || !j.br || !j.has_block) {
        st = ATTN_ERR_NOMEM;
        goto cleanup;
    }
    j.sr = j.br + nsslots, j.mc = j.sr + nsslots, j.en = j.mc + nsslots, j.ed = j.en + nslots;
    for (int64_t i = 0; i < n_rows; i++) {
        if (rows[i] < 0 || rows[i] >= s->q_len) {
            attn_set_error("recall: row %lld outside 0..%lld", (long long)rows[i],
                           (long long)(s->q_len - 1));
            st = ATTN_ERR_INVALID;
            goto cleanup;
        }
        srt[i] = rows[i];
    }
    qsort(srt, (size_t)n_rows, sizeof *srt, cmp_i64);
    j.rows = srt;

    const int64_t items = B * Hkv * j.n_tiles;
    int nth = attn_cpu_threads();
    nth = nth < items ? nth : (int)items;
    j.ws_len = j.qvp * d + d * j.ldk + j.ldk * j.ldd + j.qvp * j.ldk + j.qvp * j.ldd + 2 * j.qvp +
               j.qvp * j.nb + j.nb + 2 * ((int64_t)j.nsel + 1) + ((int64_t)j.nsel + 2) / 2 + 8 +
               (layout == ATTN_SEL_GROUP_TOKENS && sel ? s->seq_len / 8 + 1 : 0);
    j.ws = attn_host_alloc((size_t)(nth * j.ws_len) * sizeof(double));
    if (!j.ws) {
        attn_set_error("recall: out of memory for %d x %lld doubles of scratch", nth,
                       (long long)j.ws_len);
        st = ATTN_ERR_NOMEM;
        goto cleanup;
    }
    memset(j.ws, 0, (size_t)(nth * j.ws_len) * sizeof(double)); /* token masks start zero */
    attn_parallel_for(items, nth, rc_item, &j);
    if (atomic_load(&j.bad_sel)) {
        attn_set_error("recall: selection holds %s id %d, outside -1..%lld",
                       layout == ATTN_SEL_GROUP_TOKENS ? "token" : "block", atomic_load(&j.bad_id),
                       (long long)((layout == ATTN_SEL_GROUP_TOKENS ? s->seq_len : j.nb) - 1));
        st = ATTN_ERR_INVALID;
        goto cleanup;
    }
    double sbr = 0, ssr = 0, smc = 0, sen = 0, sed = 0;
    int64_t nblk = 0;
    for (size_t i = 0; i < nslots; i++) {
        sen += j.en[i];
        sed += j.ed[i];
    }
    for (size_t i = 0; i < nsslots; i++)
        if (j.has_block[i]) {
            sbr += j.br[i], ssr += j.sr[i], smc += j.mc[i];
            nblk++;
        }
    out->rows = (int64_t)nslots;
    if (sel && nblk > 0) {
        out->block_recall = sbr / (double)nblk;
        out->score_recall = ssr / (double)nblk;
        out->mass_coverage = smc / (double)nblk;
        out->rows = nblk;
    }
    if (o)
        out->out_rel_err = sed > 0 ? sqrt(sen / sed) : sqrt(sen);
cleanup:
    attn_host_free(j.ws);
    free(j.br);
    free(j.has_block);
    free(srt);
    return st;
}

int64_t recall_sample_rows(int64_t q_len, int64_t n, uint64_t seed, int64_t *rows) {
    if (q_len <= 0 || n <= 0)
        return 0;
    if (n >= q_len) {
        for (int64_t i = 0; i < q_len; i++)
            rows[i] = i;
        return q_len;
    }
    /* selection sampling (Knuth's algorithm S): uniform, without replacement, in order */
    uint64_t st = seed ^ 0x5245434C4C524F57ULL; /* "RECLLROW" */
    int64_t m = 0;
    for (int64_t t = 0; t < q_len && m < n; t++)
        if ((double)(q_len - t) * attn_rng_uniform(&st) < (double)(n - m))
            rows[m++] = t;
    return m;
}
