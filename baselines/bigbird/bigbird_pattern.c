/* bigbird_pattern.c - BigBird's block pattern: window + global + seeded
 * random blocks per (query block, KV group); see bigbird_pattern.h. */
#include "bigbird/bigbird_pattern.h"

#include <string.h>

const char *bigbird_params_check(const struct attn_shape *s, const struct attn_params *p) {
    const char *why = attn_shape_check(s, NULL); /* MSA / Performer knobs are not ours */
    if (why)
        return why;
    if (p->block_size <= 0)
        return "bigbird: block_size must be positive";
    if (p->bb_window < 1 || p->bb_global < 0 || p->bb_random < 0)
        return "bigbird: needs window >= 1, global >= 0, random >= 0";
    const int64_t nb = attn_nblocks(s->seq_len, p->block_size);
    const int64_t w = (int64_t)p->bb_window + p->bb_global + p->bb_random;
    if ((w > nb ? w : nb) * p->block_size > ((int64_t)1 << 28))
        return "bigbird: pattern width * block_size above 2^28";
    return NULL;
}

int32_t bigbird_sel_width(const struct attn_shape *s, const struct attn_params *p) {
    const int64_t nb = attn_nblocks(s->seq_len, p->block_size);
    const int64_t w = (int64_t)p->bb_window + p->bb_global + p->bb_random;
    if (!s->causal && p->bb_global > 0 && nb > w)
        return (int32_t)nb;
    return (int32_t)w;
}

static uint64_t splitmix64(uint64_t *x) {
    uint64_t z = (*x += 0x9E3779B97F4A7C15ull);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
}

/* Uniform in [0, n), n < 2^31 (53 random bits: bias far below anything measurable). */
static int64_t uniform(uint64_t *st, int64_t n) {
    const double u = (double)(splitmix64(st) >> 11) * (1.0 / 9007199254740992.0);
    const int64_t x = (int64_t)(u * (double)n);
    return x < n ? x : n - 1;
}

/* The x-th (0-based) block of [0, ...) not in the ascending list ex[0..nex). */
static int64_t nth_free(int64_t x, const int32_t *ex, int32_t nex) {
    for (int32_t i = 0; i < nex && ex[i] <= x; i++)
        x++;
    return x;
}

static void sort_ascending(int32_t *a, int32_t n) {
    for (int32_t i = 1; i < n; i++) {
        const int32_t x = a[i];
        int32_t j = i;
        for (; j > 0 && a[j - 1] > x; j--)
            a[j] = a[j - 1];
        a[j] = x;
    }
}

int32_t bigbird_pattern_row(const struct attn_shape *s, const struct attn_params *p, int64_t qb,
                            int64_t r, int32_t *out, int32_t width) {
    const int64_t nb = attn_nblocks(s->seq_len, p->block_size);
    const int64_t g = p->bb_global, w = p->bb_window;
    int32_t n = 0;
    if (!s->causal && qb < g) {
        for (int64_t b = 0; b < nb && n < width; b++)
            out[n++] = (int32_t)b;
    } else {
        const int64_t vis_end = s->causal ? qb + 1 : nb; /* visible blocks: [0, vis_end) */
        int64_t lo = s->causal ? qb - (w - 1) : qb - w / 2;
        int64_t hi = s->causal ? qb : qb + (w - 1) / 2;
        lo = lo < 0 ? 0 : lo;
        hi = hi > vis_end - 1 ? vis_end - 1 : hi;
        const int64_t gend = g < vis_end ? g : vis_end;
        /* global [0, gend) and window [lo, hi], ascending and distinct */
        for (int64_t b = 0; b < gend; b++)
            out[n++] = (int32_t)b;
        for (int64_t b = lo > gend ? lo : gend; b <= hi; b++)
            out[n++] = (int32_t)b;
        const int32_t nfixed = n;
        const int64_t avail = vis_end - nfixed;
        const int64_t m = p->bb_random < avail ? p->bb_random : avail;
        uint64_t st = p->seed ^ ((uint64_t)qb * 0xD1B54A32D192ED03ull) ^
                      ((uint64_t)r * 0x8CB92BA72F3D8DD7ull);
        splitmix64(&st);
        /* Floyd's sampling of m distinct indices of [0, avail), mapped past
         * the fixed blocks */
        for (int64_t j = avail - m; j < avail; j++) {
            int64_t x = nth_free(uniform(&st, j + 1), out, nfixed);
            for (int32_t i = nfixed; i < n; i++)
                if (out[i] == x) {
                    x = nth_free(j, out, nfixed);
                    break;
                }
            out[n++] = (int32_t)x;
        }
        sort_ascending(out, n);
    }
    for (int32_t i = n; i < width; i++)
        out[i] = -1;
    return n;
}

void bigbird_fill_sel(const struct attn_shape *s, const struct attn_params *p, int32_t *sel,
                      const int64_t *rows, int64_t n_rows) {
    const int32_t width = bigbird_sel_width(s, p);
    const int64_t nr = rows ? n_rows : s->q_len, Hkv = s->heads_kv;
    for (int64_t r = 0; r < Hkv; r++)
        for (int64_t i = 0; i < nr; i++) {
            const int64_t t = rows ? rows[i] : i;
            int32_t *row0 = sel + (r * s->q_len + t) * width;
            bigbird_pattern_row(s, p, attn_qpos(s, t) / p->block_size, r, row0, width);
            /* the pattern does not depend on the batch element */
            for (int64_t b = 1; b < s->batch; b++)
                memcpy(sel + ((b * Hkv + r) * s->q_len + t) * width, row0,
                       (size_t)width * sizeof *sel);
        }
}
