/* dsa_bound.c - see dsa_bound.h. */
#include "dsa/dsa_bound.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

/* A larger key is a better token: score bits high (non-negative floats order as
 * their bits), ~id low (ties to the smaller id). */
static uint64_t key_of(float v, int32_t id) {
    uint32_t b;
    memcpy(&b, &v, sizeof b);
    return ((uint64_t)b << 32) | (uint32_t) ~(uint32_t)id;
}

static int desc_f(const void *a, const void *b) {
    const float x = *(const float *)a, y = *(const float *)b;
    return (x < y) - (x > y);
}

static int desc_u64(const void *a, const void *b) {
    const uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
    return (x < y) - (x > y);
}

static int asc_i32(const void *a, const void *b) {
    const int32_t x = *(const int32_t *)a, y = *(const int32_t *)b;
    return (x > y) - (x < y);
}

bool dsa_bound_threshold(const float *s, int64_t nvis, int64_t bk, int32_t T, float *bmax,
                         float *L) {
    int64_t nb = 0;
    for (int64_t j0 = 0; j0 < nvis; j0 += bk) {
        float m = NAN;
        for (int64_t j = j0; j < j0 + bk && j < nvis; j++)
            if (!isnan(s[j]) && (isnan(m) || s[j] > m))
                m = s[j];
        if (!isnan(m)) /* a block of NaNs only has no token to vouch for */
            bmax[nb++] = m;
    }
    if (T < 1 || nb < T)
        return false;
    qsort(bmax, (size_t)nb, sizeof *bmax, desc_f);
    *L = bmax[T - 1];
    return true;
}

int64_t dsa_bound_candidates(const float *s, int64_t nvis, float L, int32_t T, int32_t *cand,
                             int64_t cap) {
    /* L = 0: fewer than T blocks score above zero, and every ReLU zero reaches L.  The top T
     * are then the positive tokens and, when there are fewer than T of them, the smallest
     * ids among the zeros (the ref's tie rule): only those zeros are candidates. */
    int64_t zeros = INT64_MAX;
    if (!(L > 0)) {
        int64_t pos = 0;
        for (int64_t j = 0; j < nvis; j++)
            pos += s[j] > 0;
        zeros = pos < T ? T - pos : 0;
    }
    int64_t n = 0;
    for (int64_t j = 0; j < nvis; j++) {
        if (!(s[j] >= L)) /* NaN compares false: never a candidate */
            continue;
        if (!(s[j] > 0) && zeros-- <= 0)
            continue;
        if (n < cap)
            cand[n] = (int32_t)j;
        n++;
    }
    return n;
}

void dsa_bound_select(const float *s, const int32_t *cand, int64_t n, int32_t T, uint64_t *key,
                      int32_t *sel) {
    int64_t m = 0;
    for (int64_t i = 0; i < n; i++)
        if (!isnan(s[cand[i]]))
            key[m++] = key_of(s[cand[i]], cand[i]);
    qsort(key, (size_t)m, sizeof *key, desc_u64);
    int32_t k = 0;
    for (; k < T && k < m; k++)
        sel[k] = (int32_t) ~(uint32_t)(key[k] & 0xffffffffu);
    qsort(sel, (size_t)k, sizeof *sel, asc_i32);
    while (k < T)
        sel[k++] = -1;
}
