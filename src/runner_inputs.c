/* runner_inputs.c - the runner's inputs, cached per (shape, data): float32
 * masters from data.c, float64 copies for the ref (query rows only when asked),
 * bf16 device copies, the fp8 index-key cache and the e4m3-rounded Qidx rows. */
#include "kidx_fp8.h"
#include "qidx_fp8.h"
#include "runner_int.h"

#include "alloc.h"
#include "device.h"
#include "parallel.h"

#include <stdlib.h>
#include <string.h>

const float *runner_in_ptr(const struct attn_inputs *in, int i) {
    const float *p[5] = {in->q, in->k, in->v, in->qidx, in->kidx};
    return p[i];
}

int64_t runner_in_numel(const struct attn_shape *s, int i) {
    switch (i) {
    case 0:
        return attn_numel_q(s);
    case 1:
    case 2:
        return attn_numel_kv(s);
    case 3:
        return attn_numel_qidx(s);
    default:
        return attn_numel_kidx(s);
    }
}

void runner_input_set_free(struct input_set *is) {
    for (int i = 0; i < 5; i++) {
        if (i == 0 || i == 3) { /* query-side copies come from calloc */
            free(is->d[i]);
            free(is->dbf[i]);
        } else {
            attn_host_free(is->d[i]);
            attn_host_free(is->dbf[i]);
        }
        attn_dev_free(is->dev[i]);
        is->d[i] = is->dbf[i] = NULL;
        is->dev[i] = NULL;
    }
    attn_dev_free(is->dev_fp8);
    attn_host_free(is->dfp8);
    for (int i = 0; i < 2; i++) {
        free(is->filled[i]);
        free(is->filled_bf[i]);
        free(is->dq8[i]);
        free(is->filled_q8[i]);
    }
    if (is->valid)
        data_free(&is->f32);
    memset(is, 0, sizeof *is);
}

static bool same_shape(const struct attn_shape *a, const struct attn_shape *b) {
    return a->batch == b->batch && a->seq_len == b->seq_len && a->q_len == b->q_len &&
           a->heads_q == b->heads_q && a->heads_kv == b->heads_kv && a->head_dim == b->head_dim &&
           a->index_dim == b->index_dim && a->mode == b->mode;
}

enum attn_status runner_input_get(struct input_set *cache, size_t ncache,
                                  const struct attn_shape *s, const struct data_spec *ds,
                                  struct input_set **out) {
    for (size_t i = 0; i < ncache; i++)
        if (cache[i].valid && same_shape(&cache[i].shape, s) &&
            memcmp(&cache[i].data, ds, sizeof *ds) == 0) {
            *out = &cache[i];
            return ATTN_OK;
        }
    /* evict the first slot that does not hold the other shape in use */
    struct input_set *slot = &cache[0];
    for (size_t i = 0; i < ncache; i++)
        if (!cache[i].valid) {
            slot = &cache[i];
            break;
        }
    if (slot->valid) /* all full: drop them all (points are ordered by shape) */
        for (size_t i = 0; i < ncache; i++)
            runner_input_set_free(&cache[i]);
    enum attn_status st = data_make(ds, s, &slot->f32);
    if (st != ATTN_OK)
        return st;
    slot->valid = true;
    slot->shape = *s;
    slot->data = *ds;
    *out = slot;
    return ATTN_OK;
}

struct conv_job {
    const float *src;
    double *dst;
    int64_t n;
    bool bf16;
};

#define CONV_CHUNK ((int64_t)1 << 20)

static void conv_chunk(void *ctx, int64_t item, int tid) {
    (void)tid;
    const struct conv_job *c = ctx;
    const int64_t a = item * CONV_CHUNK, b = a + CONV_CHUNK < c->n ? a + CONV_CHUNK : c->n;
    for (int64_t j = a; j < b; j++)
        c->dst[j] =
            c->bf16 ? (double)attn_bf16_to_f32(attn_f32_to_bf16(c->src[j])) : (double)c->src[j];
}

static void convert(const float *src, double *dst, int64_t n, bool bf16) {
    struct conv_job c = {src, dst, n, bf16};
    attn_parallel_for((n + CONV_CHUNK - 1) / CONV_CHUNK, attn_cpu_threads(), conv_chunk, &c);
}

/* float64 copies of the inputs for the ref.  K, V and Kidx are converted whole;
 * the query-side tensors (Q, Qidx: the big ones in prefill) only on the rows
 * asked for (rows == NULL: all), into zero pages that are never touched
 * otherwise, so validating a 1M-token point costs O(rows), not O(N), there. */
enum attn_status runner_input_f64_rows(struct input_set *is, bool bf16_rounded, const int64_t *rows,
                                       int64_t nr, double ***out) {
    double **dst = bf16_rounded ? is->dbf : is->d;
    uint8_t **filled = bf16_rounded ? is->filled_bf : is->filled;
    const struct attn_shape *s = &is->shape;
    for (int i = 0; i < 5; i++) {
        const float *src = runner_in_ptr(&is->f32, i);
        const int64_t n = runner_in_numel(s, i);
        if (!src)
            continue;
        const bool qside = i == 0 || i == 3;
        if (!dst[i]) {
            dst[i] = qside ? calloc((size_t)n, sizeof(double))
                           : attn_host_alloc((size_t)n * sizeof(double));
            if (!dst[i]) {
                attn_set_error("float64 copy of an input (%lld values): out of memory",
                               (long long)n);
                return ATTN_ERR_NOMEM;
            }
            if (!qside)
                convert(src, dst[i], n, bf16_rounded);
        }
        if (!qside)
            continue;
        uint8_t **fl = &filled[i == 0 ? 0 : 1];
        if (!*fl && !(*fl = calloc((size_t)s->q_len, 1)))
            return ATTN_ERR_NOMEM;
        const int64_t heads = i == 0 ? s->heads_q : s->heads_kv;
        const int64_t dim = i == 0 ? s->head_dim : s->index_dim;
        const int64_t rowlen = heads * dim, cnt = rows ? nr : s->q_len;
        for (int64_t r = 0; r < cnt; r++) {
            const int64_t t = rows ? rows[r] : r;
            if ((*fl)[t])
                continue;
            (*fl)[t] = 1;
            for (int64_t b = 0; b < s->batch; b++) {
                const int64_t off = (b * s->q_len + t) * rowlen;
                convert(src + off, dst[i] + off, rowlen, bf16_rounded);
            }
        }
    }
    *out = dst;
    return ATTN_OK;
}

enum attn_status runner_input_f64(struct input_set *is, bool bf16_rounded, double ***out) {
    return runner_input_f64_rows(is, bf16_rounded, NULL, 0, out);
}

enum attn_status runner_input_dev(struct input_set *is, void ***out) {
    for (int i = 0; i < 5; i++) {
        if (is->dev[i] || !runner_in_ptr(&is->f32, i))
            continue;
        enum attn_status st = attn_dev_upload_bf16(&is->dev[i], runner_in_ptr(&is->f32, i),
                                                   (size_t)runner_in_numel(&is->shape, i));
        if (st != ATTN_OK)
            return st;
    }
    *out = is->dev;
    return ATTN_OK;
}

/* fp8 index keys (ATTN_F_KIDX_FP8): the device cache and its float64 values,
 * made once per input set from the bf16 Kidx (kidx_fp8.h). */
enum attn_status runner_input_fp8(struct input_set *is, bool f64) {
    const struct attn_shape *s = &is->shape;
    const int64_t B = s->batch, N = s->seq_len, di = s->index_dim;
    void **d;
    enum attn_status st = runner_input_dev(is, &d);
    if (st != ATTN_OK)
        return st;
#ifdef MSABENCH_HAVE_CUDA
    if (!is->dev_fp8 && (st = attn_kidx_fp8_alloc(d[4], B, N, di, &is->dev_fp8)) != ATTN_OK)
        return st;
    if (f64 && !is->dfp8) {
        if (!(is->dfp8 = attn_host_alloc((size_t)(B * N * di) * sizeof(double)))) {
            attn_set_error("float64 copy of the fp8 index keys: out of memory");
            return ATTN_ERR_NOMEM;
        }
        st = attn_kidx_fp8_f64(is->dev_fp8, B, N, di, is->dfp8);
    }
    return st;
#else
    (void)f64, (void)B, (void)N, (void)di;
    attn_set_error("fp8 index keys: built without CUDA");
    return ATTN_ERR_UNSUPPORTED;
#endif
}

/* e4m3 index queries (ATTN_F_QIDX_FP8): the float64 Qidx copy with each asked
 * row rounded as the implementation rounds it on the device, from the same
 * values the ref would read otherwise.  Zero pages like that copy, so a 1M-token
 * point rounds O(rows) values. */
enum attn_status runner_input_qidx_fp8(struct input_set *is, bool bf16_rounded, const int64_t *rows,
                                       int64_t nr, const double **out) {
    const struct attn_shape *s = &is->shape;
    const int k = bf16_rounded ? 1 : 0;
    const int64_t rowlen = s->heads_kv * s->index_dim, n = attn_numel_qidx(s);
    const int64_t cnt = rows ? nr : s->q_len;
    double **src;
    *out = NULL;
    enum attn_status st = runner_input_f64_rows(is, bf16_rounded, rows, nr, &src);
    if (st != ATTN_OK || !src[3])
        return st;
    if (!is->dq8[k] && !(is->dq8[k] = calloc((size_t)n, sizeof(double)))) {
        attn_set_error("e4m3-rounded copy of Qidx (%lld values): out of memory", (long long)n);
        return ATTN_ERR_NOMEM;
    }
    if (!is->filled_q8[k] && !(is->filled_q8[k] = calloc((size_t)s->q_len, 1))) {
        attn_set_error("e4m3-rounded copy of Qidx: out of memory");
        return ATTN_ERR_NOMEM;
    }
    for (int64_t r = 0; r < cnt; r++) {
        const int64_t t = rows ? rows[r] : r;
        if (is->filled_q8[k][t])
            continue;
        is->filled_q8[k][t] = 1;
        for (int64_t b = 0; b < s->batch; b++) /* one row per (batch, position, kv head) */
            for (int64_t h = 0; h < s->heads_kv; h++) {
                const int64_t off = (b * s->q_len + t) * rowlen + h * s->index_dim;
                attn_qidx_round_fp8(src[3] + off, s->index_dim, is->dq8[k] + off);
            }
    }
    *out = is->dq8[k];
    return ATTN_OK;
}
