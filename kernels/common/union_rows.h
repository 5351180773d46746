/* union_rows.h - the union of a tile's per-token block rows (flash ws_v1's UNION form,
 * baselines/flash/flash_ws.cu, for nsa/cuda/ws).  Plain C, static inline: the union kernel
 * runs it as device code, tests/unit/test_union_rows.c on the host.
 *
 * nt <= 32 rows of k int32 block ids each (row i at row0 + i * k), ascending, -1 for an empty
 * slot anywhere.  Writes the ascending union of their ids to list[0..n) and, per id, the bits
 * of the rows that hold it to tmask (bit i: row i), then -1 / 0 up to w; returns n (at most
 * nt * k; stops at w).  A row holding an id twice counts it once. */
#ifndef MSABENCH_UNION_ROWS_H
#define MSABENCH_UNION_ROWS_H
#include <stdint.h>

#ifdef __CUDACC__
#define UNION_ROWS_FN __host__ __device__ static inline
#else
#define UNION_ROWS_FN static inline
#endif

UNION_ROWS_FN int union_rows(const int32_t *row0, int k, int nt, int32_t *list, uint32_t *tmask,
                             int w) {
    int cur[32]; /* each row's next slot */
    int n = 0;
    for (int i = 0; i < nt; i++)
        cur[i] = 0;
    while (n < w) {
        int32_t best = INT32_MAX;
        for (int i = 0; i < nt; i++) {
            const int32_t *row = row0 + (int64_t)i * k;
            while (cur[i] < k && row[cur[i]] < 0) /* -1: no block in this slot */
                cur[i]++;
            if (cur[i] < k && row[cur[i]] < best)
                best = row[cur[i]];
        }
        if (best == INT32_MAX)
            break;
        uint32_t bits = 0;
        for (int i = 0; i < nt; i++) {
            const int32_t *row = row0 + (int64_t)i * k;
            while (cur[i] < k && (row[cur[i]] == best || row[cur[i]] < 0)) {
                if (row[cur[i]] == best)
                    bits |= 1u << i;
                cur[i]++;
            }
        }
        list[n] = best;
        tmask[n++] = bits;
    }
    for (int j = n; j < w; j++) {
        list[j] = -1;
        tmask[j] = 0;
    }
    return n;
}
#endif
