/* sweep_limits.c - see sweep_limits.h.  Counted in int64 with overflow checks
 * (a product that overflows is itself the reason). */
#include "sweep_limits.h"

#include <stdio.h>

/* a*b, or -1 when it overflows or a factor is not positive */
static int64_t mul(int64_t a, int64_t b) {
    if (a <= 0 || b <= 0 || a > INT64_MAX / b)
        return -1;
    return a * b;
}

const char *sweep_point_bytes_check(const struct attn_shape *s, char *buf, size_t n) {
    const int64_t bq = s->batch, nq = s->q_len, nk = s->seq_len, h = s->heads_q, d = s->head_dim,
                  di = s->index_dim;
    const int64_t elems[] = {
        mul(mul(mul(bq, nq), h), d),  /* Q */
        mul(mul(mul(bq, nq), h), d),  /* O */
        mul(mul(mul(bq, nk), h), d),  /* K */
        mul(mul(mul(bq, nk), h), d),  /* V */
        mul(mul(mul(bq, nq), h), di), /* Qidx */
        mul(mul(bq, nk), di),         /* Kidx */
    };
    int64_t total = 0;
    for (size_t i = 0; i < sizeof elems / sizeof elems[0]; i++) {
        const int64_t b = mul(elems[i], 8);
        if (b < 0 || total > INT64_MAX - b) {
            snprintf(buf, n,
                     "batch %lld x seq_len %lld x heads %lld x head_dim %lld: byte count "
                     "overflows int64",
                     (long long)bq, (long long)nk, (long long)h, (long long)d);
            return buf;
        }
        total += b;
    }
    if (total > SWEEP_MAX_POINT_BYTES) {
        snprintf(buf, n,
                 "batch %lld x seq_len %lld x heads %lld x head_dim %lld needs %.3g TiB "
                 "of tensors (as float64), above the 256 TiB a 48-bit address space holds",
                 (long long)bq, (long long)nk, (long long)h, (long long)d,
                 (double)total / 1099511627776.0);
        return buf;
    }
    return NULL;
}
