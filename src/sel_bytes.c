/* sel_bytes.c - see sel_bytes.h. */
#include "sel_bytes.h"

#include "sel_layout.h"

#include <stdlib.h>
#include <string.h>

double sel_union_tokens(const struct attn_shape *s, int64_t bk, const int32_t *sel, int32_t width) {
    return sel_union_tokens_layout(ATTN_SEL_GROUP_BLOCKS, s, bk, sel, width);
}

double sel_union_tokens_layout(enum attn_sel_layout l, const struct attn_shape *s, int64_t bk,
                               const int32_t *sel, int32_t width) {
    const bool tokens = l == ATTN_SEL_GROUP_TOKENS;
    const int64_t N = s->seq_len, nid = tokens ? N : attn_nblocks(N, bk);
    /* a KV group's selection rows are contiguous: G heads' rows for HEAD_BLOCKS */
    const int64_t per = sel_layout_heads(l, s) / s->heads_kv;
    if (per <= 0)
        return -1;
    unsigned char *seen = malloc((size_t)nid);
    if (!seen)
        return -1;
    double tok = 0;
    for (int64_t bg = 0; bg < s->batch * s->heads_kv; bg++) {
        memset(seen, 0, (size_t)nid);
        const int64_t n = per * s->q_len * width;
        const int32_t *r = sel + bg * n;
        for (int64_t i = 0; i < n; i++) {
            const int32_t id = r[i];
            if (id < 0 || id >= nid || seen[id])
                continue;
            seen[id] = 1;
            tok += tokens ? 1.0 : (double)((id + 1) * bk < N ? bk : N - id * bk);
        }
    }
    free(seen);
    return tok;
}
