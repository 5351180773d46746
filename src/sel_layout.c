/* sel_layout.c - see sel_layout.h.  No method names: only the layout. */
#include "sel_layout.h"

#include <math.h>
#include <string.h>

int64_t sel_layout_heads(enum attn_sel_layout l, const struct attn_shape *s) {
    switch (l) {
    case ATTN_SEL_GROUP_BLOCKS:
    case ATTN_SEL_GROUP_TOKENS:
        return s->heads_kv;
    case ATTN_SEL_HEAD_BLOCKS:
        return s->heads_q;
    case ATTN_SEL_NONE:
        break;
    }
    return 0;
}

int64_t sel_layout_numel(enum attn_sel_layout l, const struct attn_shape *s, int32_t width) {
    const int64_t f[4] = {s->batch, sel_layout_heads(l, s), s->q_len, width};
    int64_t n = 1;
    for (int i = 0; i < 4; i++) {
        if (f[i] <= 0 || n > INT64_MAX / f[i])
            return 0;
        n *= f[i];
    }
    return n;
}

int64_t sel_layout_row_offset(enum attn_sel_layout l, const struct attn_shape *s, int32_t width,
                              int64_t b, int64_t h, int64_t t) {
    const int64_t heads = sel_layout_heads(l, s);
    if (heads == 0 || width <= 0 || b < 0 || b >= s->batch || h < 0 || h >= s->heads_q || t < 0 ||
        t >= s->q_len)
        return -1;
    const int64_t row = l == ATTN_SEL_HEAD_BLOCKS ? h : h / (s->heads_q / s->heads_kv);
    return ((b * heads + row) * s->q_len + t) * width;
}

static bool is_tokens(enum attn_sel_layout l) {
    return l == ATTN_SEL_GROUP_TOKENS;
}

int64_t sel_layout_cover(enum attn_sel_layout l, const struct attn_shape *s, int64_t block_size,
                         const int32_t *row, int32_t width, int64_t pos, unsigned char *mask) {
    const int64_t N = s->seq_len, vis_end = s->causal ? (pos + 1 < N ? pos + 1 : N) : N;
    const int64_t lim = is_tokens(l) ? N : attn_nblocks(N, block_size);
    if (l == ATTN_SEL_NONE)
        return -1;
    for (int32_t a = 0; a < width; a++)
        if (row[a] < -1 || row[a] >= lim)
            return -1;
    memset(mask, 0, (size_t)N);
    int64_t n = 0;
    for (int32_t a = 0; a < width; a++) {
        if (row[a] < 0)
            continue;
        const int64_t lo = is_tokens(l) ? row[a] : (int64_t)row[a] * block_size;
        int64_t hi = is_tokens(l) ? lo + 1 : lo + block_size;
        hi = hi < vis_end ? hi : vis_end;
        for (int64_t j = lo; j < hi; j++) {
            n += !mask[j];
            mask[j] = 1;
        }
    }
    return n;
}

int32_t sel_layout_row_blocks(enum attn_sel_layout l, const struct attn_shape *s,
                              int64_t block_size, const int32_t *row, int32_t width, int32_t *out,
                              int32_t cap) {
    const int64_t lim = is_tokens(l) ? s->seq_len : attn_nblocks(s->seq_len, block_size);
    if (l == ATTN_SEL_NONE)
        return -1;
    int32_t n = 0;
    for (int32_t a = 0; a < width; a++) {
        if (row[a] < -1 || row[a] >= lim)
            return -1;
        if (row[a] < 0)
            continue;
        const int32_t blk = is_tokens(l) ? (int32_t)(row[a] / block_size) : row[a];
        int32_t at = n; /* insertion into the sorted distinct list */
        while (at > 0 && out[at - 1] > blk)
            at--;
        if ((at > 0 && out[at - 1] == blk) || n == cap)
            continue;
        memmove(out + at + 1, out + at, (size_t)(n - at) * sizeof *out);
        out[at] = blk;
        n++;
    }
    return n;
}

double sel_layout_mass_coverage(enum attn_sel_layout l, const struct attn_shape *s,
                                int64_t block_size, const int32_t *sel, int32_t width, int64_t b,
                                int64_t t, const double *p, unsigned char *mask) {
    const int64_t N = s->seq_len, pos = attn_qpos(s, t);
    double total = 0;
    int64_t prev = -1; /* the group layouts share one row among G heads: cover it once */
    for (int64_t h = 0; h < s->heads_q; h++) {
        const int64_t off = sel_layout_row_offset(l, s, width, b, h, t);
        if (off < 0)
            return NAN;
        if (off != prev && sel_layout_cover(l, s, block_size, sel + off, width, pos, mask) < 0)
            return NAN;
        prev = off;
        double m = 0;
        for (int64_t j = 0; j < N; j++)
            m += mask[j] ? p[h * N + j] : 0;
        total += m;
    }
    return total / (double)s->heads_q;
}
