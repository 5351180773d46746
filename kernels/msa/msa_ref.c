/* msa_ref.c - float64 oracle of MiniMax Sparse Attention (SPEC §2.1), plain
 * loops, one (batch, query row, group) at a time:
 *   index: M(b) = max over visible j in block b of <Qidx[t, r], Kidx[j]> / sqrt(d_idx)
 *          (-inf for a block with no visible key);
 *   topk:  the local block floor(pos / Bk) is always kept and not ranked; the
 *          other visible blocks are ranked by M (ties: smaller id first) and
 *          the best k-1 kept: k-1 passes, each taking the best block ranked
 *          after the previous pick.  Row = ranked blocks (best first), then
 *          the local block, then -1 padding;
 *   attn:  exact softmax over the visible keys of those blocks
 *          (kernels/common/blocksparse_ref.c), every head of the group.
 * run() is the fused per-row path (O(nb + k*Bk) doubles per row, no
 * allocation: sampled rows at 1M cost O(rows * N * d_idx)).  run_stage()
 * keeps the stages apart and holds the block scores of every requested row
 * in a buffer it allocates on first use (the oracle may allocate). */
#include "alloc.h"
#include "common/blocksparse.h"
#include "msa/msa_common.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

struct msa_ref_ctx {
    struct attn_shape s;
    struct attn_params p;
    int64_t nb;
    double *bscore;   /* workspace: [Hkv, nb] one row's block scores */
    double *scratch;  /* workspace: blocksparse_ref_scratch */
    int32_t *selrow;  /* workspace: [k] when io->sel is NULL */
    double *st_score; /* staged: [B, n_rows, Hkv, nb] */
    int32_t *st_sel;  /* staged: [B, Hkv, n_rows, k] */
    int64_t st_rows;  /* rows the staged buffers hold */
};

static size_t align64(size_t x) {
    return (x + 63) & ~(size_t)63;
}

static size_t ref_workspace(const struct attn_shape *s, const struct attn_params *p) {
    const int64_t nb = attn_nblocks(s->seq_len, p->block_size);
    return align64((size_t)(s->heads_kv * nb) * sizeof(double)) +
           align64(blocksparse_ref_scratch(p->block_size, p->topk) * sizeof(double)) +
           align64((size_t)p->topk * sizeof(int32_t));
}

/* Block scores bscore[r * nb + blk] of query row t for every group r: one
 * pass over the index keys serves all groups (at 1M the keys are 1 GB). */
static void index_row(const struct attn_shape *s, int64_t bk, const double *qidx,
                      const double *kidx, int64_t b, int64_t t, double *bscore) {
    const int64_t N = s->seq_len, di = s->index_dim, nb = attn_nblocks(N, bk);
    const int64_t pos = attn_qpos(s, t), nvis = s->causal ? pos + 1 : N;
    const double scale = 1.0 / sqrt((double)di);
    for (int64_t i = 0; i < s->heads_kv * nb; i++)
        bscore[i] = -INFINITY;
    for (int64_t j = 0; j < nvis; j++) {
        const double *kr = kidx + (b * N + j) * di;
        for (int64_t r = 0; r < s->heads_kv; r++) {
            const double *qr = qidx + ((b * s->q_len + t) * s->heads_kv + r) * di;
            double acc = 0;
            for (int64_t c = 0; c < di; c++)
                acc += qr[c] * kr[c];
            acc *= scale;
            if (acc > bscore[r * nb + j / bk])
                bscore[r * nb + j / bk] = acc;
        }
    }
}

/* a ranks before b: higher score, or equal score and smaller id. */
static bool ranks_before(double sa, int64_t ia, double sb, int64_t ib) {
    return sa > sb || (sa == sb && ia < ib);
}

/* Selection row of a query at position pos from its block scores. */
static void select_row(const struct attn_shape *s, const struct attn_params *p,
                       const double *bscore, int64_t pos, int32_t *out) {
    const int64_t bk = p->block_size, nb = attn_nblocks(s->seq_len, bk), local = pos / bk;
    /* causal: blocks after the local one have no visible key */
    const int64_t ncand_end = s->causal ? local : nb;
    int32_t n = 0;
    int64_t prev = -1;
    while (n < p->topk - 1) {
        int64_t best = -1;
        for (int64_t c = 0; c < ncand_end; c++) {
            if (c == local || isnan(bscore[c]))
                continue; /* NaN ranks nowhere (msa_cpu agrees) */
            if (prev >= 0 && !ranks_before(bscore[prev], prev, bscore[c], c))
                continue; /* already taken, or ranked before the previous pick */
            if (best < 0 || ranks_before(bscore[c], c, bscore[best], best))
                best = c;
        }
        if (best < 0)
            break;
        out[n++] = (int32_t)best;
        prev = best;
    }
    out[n++] = (int32_t)local;
    while (n < p->topk)
        out[n++] = -1;
}

static bool ref_supports(const struct attn_shape *s, const struct attn_params *p,
                         const char **why) {
    const char *w = msa_params_check(s, p);
    if (w && why)
        *why = w;
    return w == NULL;
}

static enum attn_status ref_init(void **ctx, const struct attn_shape *s,
                                 const struct attn_params *p, void *ws, void *stream) {
    (void)stream;
    const char *why = NULL;
    if (!ref_supports(s, p, &why)) {
        attn_set_error("msa ref: %s", why);
        return ATTN_ERR_UNSUPPORTED;
    }
    if (!ws) {
        attn_set_error("msa ref: needs its workspace");
        return ATTN_ERR_INVALID;
    }
    struct msa_ref_ctx *c = calloc(1, sizeof *c);
    if (!c)
        return ATTN_ERR_NOMEM;
    c->s = *s;
    c->p = *p;
    c->nb = attn_nblocks(s->seq_len, p->block_size);
    char *base = ws;
    c->bscore = (double *)base;
    base += align64((size_t)(s->heads_kv * c->nb) * sizeof(double));
    c->scratch = (double *)base;
    base += align64(blocksparse_ref_scratch(p->block_size, p->topk) * sizeof(double));
    c->selrow = (int32_t *)base;
    *ctx = c;
    return ATTN_OK;
}

static void ref_free(void *ctx) {
    struct msa_ref_ctx *c = ctx;
    if (!c)
        return;
    attn_host_free(c->st_score);
    attn_host_free(c->st_sel);
    free(c);
}

static int64_t n_rows_of(const struct msa_ref_ctx *c, const struct attn_io *io) {
    return io->rows ? io->n_rows : c->s.q_len;
}
static int64_t row_t(const struct attn_io *io, int64_t i) {
    return io->rows ? io->rows[i] : i;
}

static enum attn_status check_rows(const struct msa_ref_ctx *c, const struct attn_io *io) {
    if (!io->q || !io->k || !io->v || !io->o || !io->qidx || !io->kidx) {
        attn_set_error("msa ref: q, k, v, o, qidx and kidx are all needed");
        return ATTN_ERR_INVALID;
    }
    for (int64_t i = 0; io->rows && i < io->n_rows; i++)
        if (io->rows[i] < 0 || io->rows[i] >= c->s.q_len) {
            attn_set_error("msa ref: row %lld outside [0, %lld)", (long long)io->rows[i],
                           (long long)c->s.q_len);
            return ATTN_ERR_INVALID;
        }
    return ATTN_OK;
}

static enum attn_status ref_run(void *ctx, const struct attn_io *io) {
    struct msa_ref_ctx *c = ctx;
    const struct attn_shape *s = &c->s;
    const int32_t k = c->p.topk;
    enum attn_status st = check_rows(c, io);
    for (int64_t b = 0; st == ATTN_OK && b < s->batch; b++)
        for (int64_t i = 0; st == ATTN_OK && i < n_rows_of(c, io); i++) {
            const int64_t t = row_t(io, i);
            index_row(s, c->p.block_size, io->qidx, io->kidx, b, t, c->bscore);
            for (int64_t r = 0; st == ATTN_OK && r < s->heads_kv; r++) {
                int32_t *sel =
                    io->sel ? io->sel + ((b * s->heads_kv + r) * s->q_len + t) * k : c->selrow;
                select_row(s, &c->p, c->bscore + r * c->nb, attn_qpos(s, t), sel);
                st = blocksparse_ref_row(s, c->p.block_size, io->q, io->k, io->v, io->o, b, t, r,
                                         sel, k, c->scratch);
            }
        }
    return st;
}

/* Staged buffers for nr rows (reallocated when the row count changes). */
static enum attn_status staged_buffers(struct msa_ref_ctx *c, int64_t nr) {
    if (c->st_score && c->st_rows == nr)
        return ATTN_OK;
    attn_host_free(c->st_score);
    attn_host_free(c->st_sel);
    const size_t n = (size_t)(c->s.batch * c->s.heads_kv * nr);
    c->st_score = attn_host_alloc(n * (size_t)c->nb * sizeof(double));
    c->st_sel = attn_host_alloc(n * (size_t)c->p.topk * sizeof(int32_t));
    c->st_rows = nr;
    if (!c->st_score || !c->st_sel) {
        attn_host_free(c->st_score);
        attn_host_free(c->st_sel);
        c->st_score = NULL;
        c->st_sel = NULL;
        attn_set_error("msa ref: no memory for the staged block scores");
        return ATTN_ERR_NOMEM;
    }
    return ATTN_OK;
}

static enum attn_status ref_run_stage(void *ctx, int stage, const struct attn_io *io) {
    struct msa_ref_ctx *c = ctx;
    const struct attn_shape *s = &c->s;
    const int64_t nr = n_rows_of(c, io), Hkv = s->heads_kv, bk = c->p.block_size;
    const int32_t k = c->p.topk;
    enum attn_status st = check_rows(c, io);
    if (st != ATTN_OK)
        return st;
    if (stage < 0 || stage > 2) {
        attn_set_error("msa ref: no stage %d", stage);
        return ATTN_ERR_INVALID;
    }
    if (stage == 0 && (st = staged_buffers(c, nr)) != ATTN_OK)
        return st;
    if (!c->st_score || c->st_rows != nr) {
        attn_set_error("msa ref: stage %d before the index stage", stage);
        return ATTN_ERR_INVALID;
    }
    for (int64_t b = 0; st == ATTN_OK && b < s->batch; b++)
        for (int64_t i = 0; st == ATTN_OK && i < nr; i++) {
            const int64_t t = row_t(io, i);
            double *bscores = c->st_score + (b * nr + i) * Hkv * c->nb;
            if (stage == 0) {
                index_row(s, bk, io->qidx, io->kidx, b, t, bscores);
                continue;
            }
            for (int64_t r = 0; st == ATTN_OK && r < Hkv; r++) {
                const double *bscore = bscores + r * c->nb;
                int32_t *sel = io->sel ? io->sel + ((b * Hkv + r) * s->q_len + t) * k
                                       : c->st_sel + ((b * Hkv + r) * nr + i) * k;
                if (stage == 1)
                    select_row(s, &c->p, bscore, attn_qpos(s, t), sel);
                else
                    st = blocksparse_ref_row(s, bk, io->q, io->k, io->v, io->o, b, t, r, sel, k,
                                             c->scratch);
            }
        }
    return st;
}

static int32_t msa_sel_width(const struct attn_shape *s, const struct attn_params *p) {
    (void)s;
    return p->topk;
}

const struct attn_impl attn_msa_ref = {
    .api_version = ATTN_API_VERSION,
    .method = "msa",
    .backend = "ref",
    .variant = "loops",
    .describe = "MiniMax Sparse Attention oracle: index, exp-free Top-k, block-sparse, float64",
    .flags = ATTN_F_ORACLE | ATTN_F_INDEX | ATTN_F_SELECT,
    .supports = ref_supports,
    .workspace_size = ref_workspace,
    .init = ref_init,
    .run = ref_run,
    .free = ref_free,
    .n_stages = 3,
    .stage_names = msa_stage_names,
    .run_stage = ref_run_stage,
    .sel_width = msa_sel_width,
};
