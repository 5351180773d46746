/* data.c - inputs for a shape: `normal` (i.i.d. N(0,1)), `structured`
 * (data_structured.c) and `file` (.npy activations, npy.c).
 *
 * Generation is split over threads in fixed chunks, and every value depends
 * only on (seed, tensor id, element index) (rng.c), so the bytes do not
 * depend on the thread count.  Measured on this 2-core AMD EPYC box:
 * N = 2^20, Hq = 4, Hkv = 1, d = d_idx = 64 (2 GiB of inputs): see
 * tests/unit/test_data.c's header for the figure. */
#include "alloc.h"
#include "data_internal.h"
#include "parallel.h"
#include "rng.h"

#include <string.h>

const char *data_kind_str(enum data_kind k) {
    switch (k) {
    case DATA_NORMAL:
        return "normal";
    case DATA_STRUCTURED:
        return "structured";
    case DATA_FILE:
        return "file";
    case DATA_CALIBRATED:
        return "calibrated";
    case DATA_COHERENT:
        return "coherent";
    }
    return "?";
}

/* ---- normal ---------------------------------------------------------- */

#define FILL_CHUNK ((int64_t)1 << 16)

struct fill_job {
    float *dst;
    int64_t rows, row0, src_rows, row_elems, total;
    uint64_t key;
};

static void fill_item(void *ctx, int64_t item, int tid) {
    (void)tid;
    const struct fill_job *j = ctx;
    const int64_t per_batch = j->rows * j->row_elems;
    int64_t e = item * FILL_CHUNK;
    const int64_t end = e + FILL_CHUNK < j->total ? e + FILL_CHUNK : j->total;
    while (e < end) {
        const int64_t b = e / per_batch, within = e % per_batch;
        int64_t n = per_batch - within;
        if (n > end - e)
            n = end - e;
        const uint64_t idx = (uint64_t)((b * j->src_rows + j->row0) * j->row_elems + within);
        rng_normal_fill_f32(j->key, idx, n, j->dst + e);
        e += n;
    }
}

void data_fill_normal(const struct attn_shape *s, uint64_t seed, float *dst, int64_t rows,
                      int64_t row0, int64_t row_elems, uint64_t id) {
    struct fill_job j = {.dst = dst,
                         .rows = rows,
                         .row0 = row0,
                         .src_rows = s->seq_len,
                         .row_elems = row_elems,
                         .total = s->batch * rows * row_elems,
                         .key = rng_stream_key(seed, id)};
    attn_parallel_for((j.total + FILL_CHUNK - 1) / FILL_CHUNK, attn_cpu_threads(), fill_item, &j);
}

/* ---- file ------------------------------------------------------------ */

/* Loads one [N,H,d] / [B,N,H,d] tensor into a fresh [B, rows, H, d] buffer.
 * The file may hold `rows` rows or `alt_rows` rows (then the last `rows`).
 * When rep_ok, a file with H/rep heads is widened by repeating each head rep
 * times (GQA K/V fed to a method that needs Hkv = Hq). */
static enum attn_status load_tensor(const char *name, const char *path, int64_t B, int64_t rows,
                                    int64_t alt_rows, int64_t H, int64_t d, bool rep_ok,
                                    float **dst) {
    struct npy_array a;
    *dst = NULL;
    if (!path[0]) {
        attn_set_error("data file: no path given for %s", name);
        return ATTN_ERR_INVALID;
    }
    enum attn_status st = npy_load(path, 1, &a);
    if (st != ATTN_OK) {
        char why[900];
        snprintf(why, sizeof why, "%s", attn_last_error());
        attn_set_error("data file %s: %s", name, why);
        return st;
    }
    int64_t fb = 1, fn, fh, fd;
    if (a.ndim == 3) {
        fn = a.dims[0], fh = a.dims[1], fd = a.dims[2];
    } else if (a.ndim == 4) {
        fb = a.dims[0], fn = a.dims[1], fh = a.dims[2], fd = a.dims[3];
    } else {
        fn = fh = fd = -1;
    }
    const bool rows_ok = fn == rows || fn == alt_rows;
    const bool heads_ok = fh == H || (rep_ok && fh > 0 && H % fh == 0);
    if (fb != B || !rows_ok || !heads_ok || fd != d) {
        char got[128] = "";
        int n = 0;
        for (int i = 0; i < a.ndim; i++)
            n += snprintf(got + n, sizeof got - (size_t)n, "%s%lld", i ? ", " : "",
                          (long long)a.dims[i]);
        char rws[64];
        if (alt_rows != rows)
            snprintf(rws, sizeof rws, "%lld or %lld", (long long)rows, (long long)alt_rows);
        else
            snprintf(rws, sizeof rws, "%lld", (long long)rows);
        attn_set_error("data file %s: %s has shape [%s], expected [B=%lld, N=%s, H=%lld, d=%lld]"
                       " (B may be left out when 1)",
                       name, path, got, (long long)B, rws, (long long)H, (long long)d);
        npy_free(&a);
        return ATTN_ERR_INVALID;
    }
    const int64_t skip = fn - rows, rep = H / fh;
    if (skip == 0 && rep == 1) {
        *dst = a.data; /* already in the wanted layout */
        return ATTN_OK;
    }
    float *o = attn_host_alloc((size_t)(B * rows * H * d) * sizeof(float));
    if (!o) {
        npy_free(&a);
        attn_set_error("data file %s: out of memory", name);
        return ATTN_ERR_NOMEM;
    }
    for (int64_t b = 0; b < B; b++)
        for (int64_t t = 0; t < rows; t++)
            for (int64_t h = 0; h < H; h++)
                memcpy(o + ((b * rows + t) * H + h) * d,
                       a.data + ((b * fn + skip + t) * fh + h / rep) * d,
                       (size_t)d * sizeof(float));
    npy_free(&a);
    *dst = o;
    return ATTN_OK;
}

/* Training-free index: qidx[r] = mean of group r's query heads, kidx = mean of the key heads. */
static enum attn_status derive_index(const struct attn_shape *s, struct attn_inputs *in) {
    const int64_t B = s->batch, N = s->seq_len, T = s->q_len, Hq = s->heads_q;
    const int64_t Hkv = s->heads_kv, d = s->head_dim, G = Hq / Hkv;
    if (s->index_dim != d) {
        attn_set_error("data file: no qidx/kidx files, and the training-free index (group means "
                       "of Q and K) needs index_dim == head_dim (got %lld vs %lld)",
                       (long long)s->index_dim, (long long)d);
        return ATTN_ERR_INVALID;
    }
    for (int64_t b = 0; b < B; b++)
        for (int64_t t = 0; t < T; t++)
            for (int64_t r = 0; r < Hkv; r++) {
                float *o = in->qidx + ((b * T + t) * Hkv + r) * d;
                for (int64_t c = 0; c < d; c++) {
                    double acc = 0;
                    for (int64_t g = 0; g < G; g++)
                        acc += in->q[((b * T + t) * Hq + r * G + g) * d + c];
                    o[c] = (float)(acc / (double)G);
                }
            }
    for (int64_t b = 0; b < B; b++)
        for (int64_t j = 0; j < N; j++) {
            float *o = in->kidx + (b * N + j) * d;
            for (int64_t c = 0; c < d; c++) {
                double acc = 0;
                for (int64_t h = 0; h < Hkv; h++)
                    acc += in->k[((b * N + j) * Hkv + h) * d + c];
                o[c] = (float)(acc / (double)Hkv);
            }
        }
    return ATTN_OK;
}

static enum attn_status make_file(const struct data_spec *sp, const struct attn_shape *s,
                                  struct attn_inputs *out) {
    const int64_t B = s->batch, N = s->seq_len, T = s->q_len;
    const bool mha = s->heads_kv == s->heads_q;
    enum attn_status st;
    if ((st = load_tensor("q", sp->q_path, B, T, N, s->heads_q, s->head_dim, false, &out->q)))
        return st;
    if ((st = load_tensor("k", sp->k_path, B, N, N, s->heads_kv, s->head_dim, mha, &out->k)))
        return st;
    if ((st = load_tensor("v", sp->v_path, B, N, N, s->heads_kv, s->head_dim, mha, &out->v)))
        return st;
    const bool hq = sp->qidx_path[0] != '\0', hk = sp->kidx_path[0] != '\0';
    if (hq != hk) {
        attn_set_error("data file: give both qidx and kidx paths, or neither (then the index is "
                       "derived from Q and K)");
        return ATTN_ERR_INVALID;
    }
    if (hq) {
        if ((st = load_tensor("qidx", sp->qidx_path, B, T, N, s->heads_kv, s->index_dim, false,
                              &out->qidx)))
            return st;
        return load_tensor("kidx", sp->kidx_path, B, N, N, 1, s->index_dim, false, &out->kidx);
    }
    out->qidx = attn_host_alloc((size_t)attn_numel_qidx(s) * sizeof(float));
    out->kidx = attn_host_alloc((size_t)attn_numel_kidx(s) * sizeof(float));
    if (!out->qidx || !out->kidx) {
        attn_set_error("data file: out of memory for the derived index");
        return ATTN_ERR_NOMEM;
    }
    return derive_index(s, out);
}

/* ---- entry points ------------------------------------------------------ */

static enum attn_status alloc_all(const struct attn_shape *s, struct attn_inputs *out) {
    const size_t f = sizeof(float);
    out->q = attn_host_alloc((size_t)attn_numel_q(s) * f);
    out->k = attn_host_alloc((size_t)attn_numel_kv(s) * f);
    out->v = attn_host_alloc((size_t)attn_numel_kv(s) * f);
    out->qidx = attn_host_alloc((size_t)attn_numel_qidx(s) * f);
    out->kidx = attn_host_alloc((size_t)attn_numel_kidx(s) * f);
    if (!out->q || !out->k || !out->v || !out->qidx || !out->kidx) {
        attn_set_error("data: out of memory for the inputs of N=%lld", (long long)s->seq_len);
        return ATTN_ERR_NOMEM;
    }
    return ATTN_OK;
}

enum attn_status data_make(const struct data_spec *spec, const struct attn_shape *shape,
                           struct attn_inputs *out) {
    memset(out, 0, sizeof *out);
    out->shape = *shape;
    const char *why = attn_shape_check(shape, NULL);
    if (why) {
        attn_set_error("data: bad shape: %s", why);
        return ATTN_ERR_INVALID;
    }
    const struct attn_shape *s = shape;
    const int64_t row0 = s->seq_len - s->q_len;
    enum attn_status st = ATTN_OK;
    switch (spec->kind) {
    case DATA_NORMAL:
        if ((st = alloc_all(s, out)) != ATTN_OK)
            break;
        data_fill_normal(s, spec->seed, out->q, s->q_len, row0, s->heads_q * s->head_dim, DS_Q);
        data_fill_normal(s, spec->seed, out->k, s->seq_len, 0, s->heads_kv * s->head_dim, DS_K);
        data_fill_normal(s, spec->seed, out->v, s->seq_len, 0, s->heads_kv * s->head_dim, DS_V);
        data_fill_normal(s, spec->seed, out->qidx, s->q_len, row0, s->heads_kv * s->index_dim,
                         DS_QIDX);
        data_fill_normal(s, spec->seed, out->kidx, s->seq_len, 0, s->index_dim, DS_KIDX);
        break;
    case DATA_STRUCTURED:
        if (!(spec->index_noise >= 0)) {
            attn_set_error("data structured: index_noise must be >= 0 (got %g)", spec->index_noise);
            st = ATTN_ERR_INVALID;
            break;
        }
        if ((st = alloc_all(s, out)) != ATTN_OK)
            break;
        st = data_make_structured(spec, s, out);
        break;
    case DATA_FILE:
        st = make_file(spec, s, out);
        break;
    case DATA_CALIBRATED:
    case DATA_COHERENT:
        if ((st = alloc_all(s, out)) == ATTN_OK)
            st = data_make_coherence(spec, s, out);
        break;
    default:
        attn_set_error("data: unknown kind %d", (int)spec->kind);
        st = ATTN_ERR_INVALID;
    }
    if (st != ATTN_OK)
        data_free(out);
    return st;
}

void data_free(struct attn_inputs *in) {
    if (!in)
        return;
    attn_host_free(in->q);
    attn_host_free(in->k);
    attn_host_free(in->v);
    attn_host_free(in->qidx);
    attn_host_free(in->kidx);
    in->q = in->k = in->v = in->qidx = in->kidx = NULL;
}
