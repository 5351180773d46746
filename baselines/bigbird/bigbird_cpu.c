/* bigbird_cpu.c - BigBird in float32 on the CPU: the shared pattern
 * (bigbird_pattern.c) written for every row, then the KV-outer block-sparse
 * core (kernels/common/blocksparse_cpu.c).  Every row is computed. */
#include "bigbird/bigbird_pattern.h"
#include "common/blocksparse.h"

#include <stdlib.h>

struct bigbird_cpu_ctx {
    struct attn_shape s;
    struct attn_params p;
    int32_t width;
    int32_t *sel; /* workspace: [B, Hkv, q_len, width] when io->sel is NULL */
    void *core;   /* workspace: blocksparse_cpu_workspace */
};

static size_t align64(size_t x) {
    return (x + 63) & ~(size_t)63;
}

static size_t sel_bytes(const struct attn_shape *s, int32_t width) {
    return align64((size_t)(s->batch * s->heads_kv * s->q_len) * (size_t)width * sizeof(int32_t));
}

static bool cpu_supports(const struct attn_shape *s, const struct attn_params *p,
                         const char **why) {
    const char *w = bigbird_params_check(s, p);
    if (w && why)
        *why = w;
    return w == NULL;
}

static size_t cpu_workspace(const struct attn_shape *s, const struct attn_params *p) {
    const int32_t width = bigbird_sel_width(s, p);
    return sel_bytes(s, width) + blocksparse_cpu_workspace(s, p->block_size, width);
}

static enum attn_status cpu_init(void **ctx, const struct attn_shape *s,
                                 const struct attn_params *p, void *ws, void *stream) {
    (void)stream;
    const char *why = NULL;
    if (!cpu_supports(s, p, &why)) {
        attn_set_error("bigbird cpu: %s", why);
        return ATTN_ERR_UNSUPPORTED;
    }
    if (!ws) {
        attn_set_error("bigbird cpu: needs its workspace");
        return ATTN_ERR_INVALID;
    }
    struct bigbird_cpu_ctx *c = malloc(sizeof *c);
    if (!c)
        return ATTN_ERR_NOMEM;
    c->s = *s;
    c->p = *p;
    c->width = bigbird_sel_width(s, p);
    c->sel = ws;
    c->core = (char *)ws + sel_bytes(s, c->width);
    *ctx = c;
    return ATTN_OK;
}

static enum attn_status cpu_run(void *ctx, const struct attn_io *io) {
    struct bigbird_cpu_ctx *c = ctx;
    if (!io->q || !io->k || !io->v || !io->o) {
        attn_set_error("bigbird cpu: q, k, v and o are all needed");
        return ATTN_ERR_INVALID;
    }
    int32_t *sel = io->sel ? io->sel : c->sel;
    bigbird_fill_sel(&c->s, &c->p, sel, NULL, 0);
    return blocksparse_cpu(&c->s, c->p.block_size, io->q, io->k, io->v, io->o, sel, c->width,
                           c->core);
}

static void cpu_free(void *ctx) {
    free(ctx);
}

const struct attn_impl attn_bigbird_cpu = {
    .api_version = ATTN_API_VERSION,
    .method = "bigbird",
    .backend = "cpu",
    .variant = "blas",
    .describe = "BigBird block pattern, float32, KV-outer sgemm block-sparse core",
    .flags = ATTN_F_SELECT,
    .supports = cpu_supports,
    .workspace_size = cpu_workspace,
    .init = cpu_init,
    .run = cpu_run,
    .free = cpu_free,
    .sel_width = bigbird_sel_width,
};
