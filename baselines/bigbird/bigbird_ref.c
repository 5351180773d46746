/* bigbird_ref.c - float64 oracle of `bigbird`: the shared pattern
 * (bigbird_pattern.c) and the float64 block-sparse loops, one (batch, query
 * row, group) at a time, only the requested rows. */
#include "bigbird/bigbird_pattern.h"
#include "common/blocksparse.h"

#include <stdlib.h>

struct bigbird_ref_ctx {
    struct attn_shape s;
    struct attn_params p;
    int32_t width;
    int32_t *selrow; /* workspace: one row when io->sel is NULL */
    double *scratch; /* workspace: blocksparse_ref_scratch */
};

static size_t align64(size_t x) {
    return (x + 63) & ~(size_t)63;
}

static bool ref_supports(const struct attn_shape *s, const struct attn_params *p,
                         const char **why) {
    const char *w = bigbird_params_check(s, p);
    if (w && why)
        *why = w;
    return w == NULL;
}

static size_t ref_workspace(const struct attn_shape *s, const struct attn_params *p) {
    const int32_t width = bigbird_sel_width(s, p);
    return align64((size_t)width * sizeof(int32_t)) +
           align64(blocksparse_ref_scratch(p->block_size, width) * sizeof(double));
}

static enum attn_status ref_init(void **ctx, const struct attn_shape *s,
                                 const struct attn_params *p, void *ws, void *stream) {
    (void)stream;
    const char *why = NULL;
    if (!ref_supports(s, p, &why)) {
        attn_set_error("bigbird ref: %s", why);
        return ATTN_ERR_UNSUPPORTED;
    }
    if (!ws) {
        attn_set_error("bigbird ref: needs its workspace");
        return ATTN_ERR_INVALID;
    }
    struct bigbird_ref_ctx *c = malloc(sizeof *c);
    if (!c)
        return ATTN_ERR_NOMEM;
    c->s = *s;
    c->p = *p;
    c->width = bigbird_sel_width(s, p);
    c->selrow = ws;
    c->scratch = (double *)((char *)ws + align64((size_t)c->width * sizeof(int32_t)));
    *ctx = c;
    return ATTN_OK;
}

static enum attn_status ref_run(void *ctx, const struct attn_io *io) {
    struct bigbird_ref_ctx *c = ctx;
    const struct attn_shape *s = &c->s;
    const int64_t nr = io->rows ? io->n_rows : s->q_len, bk = c->p.block_size;
    enum attn_status st = ATTN_OK;
    if (!io->q || !io->k || !io->v || !io->o) {
        attn_set_error("bigbird ref: q, k, v and o are all needed");
        return ATTN_ERR_INVALID;
    }
    for (int64_t b = 0; st == ATTN_OK && b < s->batch; b++)
        for (int64_t i = 0; st == ATTN_OK && i < nr; i++)
            for (int64_t r = 0; st == ATTN_OK && r < s->heads_kv; r++) {
                const int64_t t = io->rows ? io->rows[i] : i;
                if (t < 0 || t >= s->q_len) {
                    attn_set_error("bigbird ref: row %lld outside [0, %lld)", (long long)t,
                                   (long long)s->q_len);
                    return ATTN_ERR_INVALID;
                }
                int32_t *sel = io->sel ? io->sel + ((b * s->heads_kv + r) * s->q_len + t) * c->width
                                       : c->selrow;
                bigbird_pattern_row(s, &c->p, attn_qpos(s, t) / bk, r, sel, c->width);
                st = blocksparse_ref_row(s, bk, io->q, io->k, io->v, io->o, b, t, r, sel, c->width,
                                         c->scratch);
            }
    return st;
}

static void ref_free(void *ctx) {
    free(ctx);
}

const struct attn_impl attn_bigbird_ref = {
    .api_version = ATTN_API_VERSION,
    .method = "bigbird",
    .backend = "ref",
    .variant = "loops",
    .describe = "BigBird block pattern (window + global + random), exact softmax, float64",
    .flags = ATTN_F_ORACLE | ATTN_F_SELECT,
    .supports = ref_supports,
    .workspace_size = ref_workspace,
    .init = ref_init,
    .run = ref_run,
    .free = ref_free,
    .sel_width = bigbird_sel_width,
};
