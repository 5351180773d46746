/* blocksparse_ref.c - float64 block-sparse attention, plain loops, written to
 * be read: the oracle of msa and bigbird's main branch.  One (batch, query
 * row, group) at a time: list the visible keys of the selected blocks, score
 * them for each head of the group, max-subtracted softmax, then P V.
 * O(width * bk) memory per row, so it runs on sampled rows at 1M. */
#include "blocksparse.h"

#include <math.h>

size_t blocksparse_ref_scratch(int64_t bk, int32_t width) {
    return (size_t)(width > 0 ? width : 1) * (size_t)bk;
}

/* Checks the row: ids in [-1, nb) and no id twice. */
static enum attn_status check_row(int64_t nb, const int32_t *blocks, int32_t width, int64_t t) {
    for (int32_t a = 0; a < width; a++) {
        if (blocks[a] < -1 || blocks[a] >= nb) {
            attn_set_error("blocksparse: row %lld slot %d holds block %d, outside [-1, %lld)",
                           (long long)t, a, blocks[a], (long long)nb);
            return ATTN_ERR_INVALID;
        }
        for (int32_t c = 0; c < a; c++)
            if (blocks[a] >= 0 && blocks[c] == blocks[a]) {
                attn_set_error("blocksparse: row %lld lists block %d twice", (long long)t,
                               blocks[a]);
                return ATTN_ERR_INVALID;
            }
    }
    return ATTN_OK;
}

enum attn_status blocksparse_ref_row(const struct attn_shape *s, int64_t bk, const double *q,
                                     const double *k, const double *v, double *o, int64_t b,
                                     int64_t t, int64_t r, const int32_t *blocks, int32_t width,
                                     double *scratch) {
    const int64_t N = s->seq_len, Hq = s->heads_q, Hkv = s->heads_kv, d = s->head_dim;
    const int64_t G = Hq / Hkv, pos = attn_qpos(s, t);
    const double scale = 1.0 / sqrt((double)d);
    enum attn_status st = check_row(attn_nblocks(N, bk), blocks, width, t);
    if (st != ATTN_OK)
        return st;
    for (int64_t h = r * G; h < (r + 1) * G; h++) {
        const double *qr = q + ((b * s->q_len + t) * Hq + h) * d;
        double *orow = o + ((b * s->q_len + t) * Hq + h) * d;
        /* scores of every visible key, in slot order */
        double m = -INFINITY;
        int64_t n = 0;
        for (int32_t a = 0; a < width; a++) {
            const int64_t nvis = blocksparse_block_visible(s, bk, pos, blocks[a]);
            for (int64_t j = blocks[a] * bk; j < blocks[a] * bk + nvis; j++) {
                const double *kr = k + ((b * N + j) * Hkv + r) * d;
                double acc = 0;
                for (int64_t c = 0; c < d; c++)
                    acc += qr[c] * kr[c];
                scratch[n] = acc * scale;
                if (scratch[n] > m)
                    m = scratch[n];
                n++;
            }
        }
        double sum = 0;
        for (int64_t j = 0; j < n; j++) {
            scratch[j] = exp(scratch[j] - m);
            sum += scratch[j];
        }
        for (int64_t c = 0; c < d; c++)
            orow[c] = 0;
        /* same visiting order as above: scratch[n] belongs to the n-th key */
        n = 0;
        for (int32_t a = 0; a < width; a++) {
            const int64_t nvis = blocksparse_block_visible(s, bk, pos, blocks[a]);
            for (int64_t j = blocks[a] * bk; j < blocks[a] * bk + nvis; j++) {
                const double *vr = v + ((b * N + j) * Hkv + r) * d;
                const double w = scratch[n++] / sum;
                for (int64_t c = 0; c < d; c++)
                    orow[c] += w * vr[c];
            }
        }
    }
    return ATTN_OK;
}

double blocksparse_visible_pairs(const struct attn_shape *s, int64_t block_size, const int32_t *sel,
                                 int32_t width) {
    double pairs = 0;
    for (int64_t b = 0; b < s->batch; b++)
        for (int64_t r = 0; r < s->heads_kv; r++)
            for (int64_t t = 0; t < s->q_len; t++) {
                const int32_t *row = sel + ((b * s->heads_kv + r) * s->q_len + t) * width;
                const int64_t pos = attn_qpos(s, t);
                for (int32_t a = 0; a < width; a++)
                    pairs += (double)blocksparse_block_visible(s, block_size, pos, row[a]);
            }
    return pairs;
}
