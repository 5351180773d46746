/* attn_common.c - status strings, the per-thread error detail, shape checks. */
#include "attn.h"

#include <math.h>
#include <stdarg.h>
#include <stdio.h>

static _Thread_local char last_error[1024];

const char *attn_status_str(enum attn_status st) {
    switch (st) {
    case ATTN_OK:
        return "ok";
    case ATTN_ERR_INVALID:
        return "invalid argument";
    case ATTN_ERR_NOMEM:
        return "out of memory";
    case ATTN_ERR_UNSUPPORTED:
        return "unsupported";
    case ATTN_ERR_CUDA:
        return "CUDA error";
    case ATTN_ERR_IO:
        return "I/O error";
    case ATTN_ERR_PARSE:
        return "parse error";
    case ATTN_ERR_VALIDATION:
        return "validation failed";
    case ATTN_ERR_TIMEOUT:
        return "timeout";
    case ATTN_ERR_CANARY:
        return "buffer overrun";
    case ATTN_ERR_INTERNAL:
        return "internal error";
    }
    return "unknown status";
}

const char *attn_last_error(void) {
    return last_error;
}
void attn_clear_error(void) {
    last_error[0] = '\0';
}

void attn_set_error(const char *fmt, ...) {
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(last_error, sizeof last_error, fmt, ap);
    va_end(ap);
}

const char *attn_dtype_str(enum attn_dtype t) {
    switch (t) {
    case ATTN_F64:
        return "f64";
    case ATTN_F32:
        return "f32";
    case ATTN_BF16:
        return "bf16";
    case ATTN_F16:
        return "f16";
    }
    return "?";
}

size_t attn_dtype_size(enum attn_dtype t) {
    return t == ATTN_F64 ? 8 : t == ATTN_F32 ? 4 : 2;
}

/* a*b*c*d or 0 on overflow / non-positive factors. */
static int64_t mul4(int64_t a, int64_t b, int64_t c, int64_t d) {
    int64_t f[4] = {a, b, c, d}, r = 1;
    for (int i = 0; i < 4; i++) {
        if (f[i] <= 0 || r > INT64_MAX / f[i])
            return 0;
        r *= f[i];
    }
    return r;
}

int64_t attn_numel_q(const struct attn_shape *s) {
    return mul4(s->batch, s->q_len, s->heads_q, s->head_dim);
}
int64_t attn_numel_kv(const struct attn_shape *s) {
    return mul4(s->batch, s->seq_len, s->heads_kv, s->head_dim);
}
int64_t attn_numel_qidx(const struct attn_shape *s) {
    return mul4(s->batch, s->q_len, s->heads_kv, s->index_dim);
}
int64_t attn_numel_kidx(const struct attn_shape *s) {
    return mul4(s->batch, s->seq_len, 1, s->index_dim);
}

/* attn_params_defaults: src/method.c (from the methods' knob tables). */

const char *attn_shape_check(const struct attn_shape *s, const struct attn_params *p) {
    if (s->batch <= 0 || s->seq_len <= 0 || s->q_len <= 0 || s->heads_q <= 0 || s->heads_kv <= 0 ||
        s->head_dim <= 0 || s->index_dim <= 0)
        return "every size must be positive";
    if (s->seq_len > ((int64_t)1 << 24))
        return "seq_len above 2^24";
    if (s->heads_q % s->heads_kv != 0)
        return "heads_q is not a multiple of heads_kv";
    if (s->mode == ATTN_PREFILL && s->q_len != s->seq_len)
        return "prefill needs q_len == seq_len";
    if (s->mode == ATTN_DECODE && (s->q_len > 8 || s->q_len > s->seq_len))
        return "decode needs 1 <= q_len <= min(8, seq_len)";
    if (!attn_numel_q(s) || !attn_numel_kv(s) || !attn_numel_qidx(s))
        return "tensor size overflows int64";
    if (p) {
        if (p->block_size <= 0 || (p->block_size & (p->block_size - 1)) != 0)
            return "block_size must be a power of two";
        if (p->topk <= 0)
            return "topk must be positive";
        if (p->bb_window < 1 || p->bb_global < 0 || p->bb_random < 0)
            return "bigbird needs window >= 1, global >= 0, random >= 0";
        if (p->pf_features < 0 || p->pf_chunk <= 0)
            return "performer needs features >= 0 and chunk > 0";
    }
    return NULL;
}
