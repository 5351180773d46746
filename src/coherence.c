/* coherence.c - see coherence.h.  One pass over each group's rows with two
 * "last seen" stamps per block (which row, which tile), so no per-row sets
 * are built: a block stamped with the previous row's id is in both rows. */
#include "coherence.h"

#include <math.h>
#include <stdlib.h>

void coherence_clear(struct sel_coherence *c) {
    c->adjacent_overlap = c->tile_distinct = c->hot_share = NAN;
}

static int cmp_desc(const void *a, const void *b) {
    const int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;
    return (x < y) - (x > y);
}

enum attn_status coherence_measure(int64_t batch, int64_t heads_kv, int64_t q_len, int32_t width,
                                   const int32_t *sel, int64_t nb, struct sel_coherence *out) {
    coherence_clear(out);
    if (batch < 1 || heads_kv < 1 || q_len < 1 || width < 1 || nb < 1 || !sel)
        return ATTN_ERR_INVALID;
    enum attn_status st = ATTN_OK;
    /* row_mark[b] = global id of the last row holding b; tile_mark the same for tiles */
    int64_t *row_mark = malloc((size_t)nb * sizeof *row_mark);
    int64_t *tile_mark = malloc((size_t)nb * sizeof *tile_mark);
    int64_t *count = malloc((size_t)nb * sizeof *count);
    if (!row_mark || !tile_mark || !count) {
        st = ATTN_ERR_NOMEM;
        goto cleanup;
    }
    for (int64_t b = 0; b < nb; b++)
        row_mark[b] = tile_mark[b] = -2;
    const int64_t hot = nb / 100 > 0 ? (nb + 99) / 100 : 1; /* ceil(1%), at least 1 */
    double ov_sum = 0, tile_sum = 0, hot_sel = 0, all_sel = 0;
    int64_t ov_n = 0, tile_n = 0, gid = 0, tid = 0;
    for (int64_t g = 0; g < batch * heads_kv; g++) {
        for (int64_t b = 0; b < nb; b++)
            count[b] = 0;
        int64_t prev_size = 0, distinct = 0;
        for (int64_t t = 0; t < q_len; t++, gid++) {
            if (t % COH_TILE == 0) {
                if (t > 0) {
                    tile_sum += (double)distinct;
                    tile_n++;
                }
                distinct = 0;
                tid++;
            }
            const int32_t *row = sel + (g * q_len + t) * width;
            int64_t size = 0, shared = 0;
            for (int32_t c = 0; c < width; c++) {
                const int64_t b = row[c];
                if (b < 0 || b >= nb || row_mark[b] == gid)
                    continue; /* padding, out of range, or a duplicate in this row */
                if (t > 0 && row_mark[b] == gid - 1)
                    shared++;
                row_mark[b] = gid;
                size++;
                count[b]++;
                if (tile_mark[b] != tid) {
                    tile_mark[b] = tid;
                    distinct++;
                }
            }
            const int64_t k = size > prev_size ? size : prev_size;
            if (t > 0 && k > 0) {
                ov_sum += (double)shared / (double)k;
                ov_n++;
            }
            prev_size = size;
        }
        tile_sum += (double)distinct;
        tile_n++;
        qsort(count, (size_t)nb, sizeof *count, cmp_desc);
        for (int64_t b = 0; b < nb; b++) {
            all_sel += (double)count[b];
            if (b < hot)
                hot_sel += (double)count[b];
        }
    }
    if (ov_n > 0)
        out->adjacent_overlap = ov_sum / (double)ov_n;
    if (all_sel > 0) {
        out->tile_distinct = tile_sum / (double)tile_n;
        out->hot_share = hot_sel / all_sel;
    }
cleanup:
    free(row_mark);
    free(tile_mark);
    free(count);
    return st;
}
