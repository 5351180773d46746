/* sel_bytes.c - see sel_bytes.h. */
#include "sel_bytes.h"

#include <stdlib.h>
#include <string.h>

double sel_union_tokens(const struct attn_shape *s, int64_t bk, const int32_t *sel, int32_t width) {
    const int64_t N = s->seq_len, nb = attn_nblocks(N, bk);
    unsigned char *seen = malloc((size_t)nb);
    if (!seen)
        return -1;
    double tok = 0;
    for (int64_t bg = 0; bg < s->batch * s->heads_kv; bg++) {
        memset(seen, 0, (size_t)nb);
        const int32_t *r = sel + bg * s->q_len * width;
        for (int64_t i = 0; i < s->q_len * width; i++) {
            const int32_t blk = r[i];
            if (blk < 0 || blk >= nb || seen[blk])
                continue;
            seen[blk] = 1;
            tok += (double)((blk + 1) * bk < N ? bk : N - blk * bk);
        }
    }
    free(seen);
    return tok;
}
