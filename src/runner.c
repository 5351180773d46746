/* runner.c - for each point and implementation: supports() or a recorded skip,
 * the memory model against the limit, inputs (cached per shape), validation of
 * sampled rows against the float64 ref, timing, memory, recall; one row each,
 * written at once.  The runner knows no method by name: flags and the
 * registry tell it what an implementation needs. */
#include "runner.h"

#include "alloc.h"
#include "data.h"
#include "device.h"
#include "export.h"
#include "floor.h"
#include "meta.h"
#include "model.h"
#include "parallel.h"
#include "recall.h"
#include "results.h"
#include "sel_bytes.h"
#include "stats.h"
#include "timer.h"
#include "validate_rows.h"
#include "msa/msa_cuda.h"

#include <errno.h>
#include <math.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define CANARY_BYTES 64
#define CANARY_BYTE 0xA5
#define MAX_IMPLS 64
#define STAGE_PASSES 5

static volatile sig_atomic_t interrupted;
/* The first signal lets the row in progress end (it is then dropped, not
 * written); a second one ends the process at once: every row on disk was
 * written whole by one write(), so nothing is torn. */
static void on_sigint(int sig) {
    if (interrupted)
        _exit(128 + sig);
    interrupted = 1;
}

double runner_default_mem_limit(void) {
    long pages = sysconf(_SC_PHYS_PAGES), psz = sysconf(_SC_PAGE_SIZE);
    if (pages <= 0 || psz <= 0)
        return 4.0 * (1 << 30);
    return 0.5 * (double)pages * (double)psz;
}

static bool in_list(const char (*list)[SWEEP_NAME_MAX], int n, const char *s) {
    for (int i = 0; i < n; i++)
        if (strcmp(list[i], s) == 0)
            return true;
    return false;
}

size_t runner_select(const struct sweep_spec *spec, const struct attn_impl **out, size_t max) {
    size_t n = 0;
    for (size_t i = 0; i < attn_registry_count() && n < max; i++) {
        const struct attn_impl *im = attn_registry_get(i);
        if (!in_list(spec->methods, spec->n_methods, im->method) ||
            !in_list(spec->backends, spec->n_backends, im->backend))
            continue;
        if (spec->n_variants && !in_list(spec->variants, spec->n_variants, im->variant))
            continue;
        out[n++] = im;
    }
    return n;
}

static size_t elem_size(const struct attn_impl *im) {
    if (im->flags & ATTN_F_DEVICE)
        return 2;
    return strcmp(im->backend, "ref") == 0 ? 8 : 4;
}

static enum sweep_dtype native_dtype(const struct attn_impl *im) {
    if (im->flags & ATTN_F_DEVICE)
        return SWEEP_DTYPE_BF16;
    return strcmp(im->backend, "ref") == 0 ? SWEEP_DTYPE_F64 : SWEEP_DTYPE_F32;
}

/* Rough sustained rates for the predicted-time guard (FLOP/s): deliberately
 * optimistic so nothing that could finish is refused. */
static double predicted_seconds(const struct attn_impl *im, const struct attn_cost *c) {
    if (im->flags & ATTN_F_DEVICE)
        return c->flops / 300e12;
    return c->flops / (strcmp(im->backend, "ref") == 0 ? 1e9 : 100e9);
}

/* ---- inputs, cached per (shape, data) ---- */

struct input_set {
    bool valid;
    struct attn_shape shape;
    struct data_spec data;
    struct attn_inputs f32;
    double *d[5];   /* float64 copies for the ref (lazily) */
    double *dbf[5]; /* float64 copies of the bf16-rounded values (device validation) */
    uint8_t *filled[2], *filled_bf[2]; /* query rows of Q / Qidx already converted */
    void *dev[5];   /* bf16 device copies */
    void *dev_fp8;  /* Kidx as the e4m3 key cache (ATTN_F_KIDX_FP8), made from dev[4] */
    double *dfp8;   /* float64 values of that cache (its ref's and validation's Kidx) */
};

static const float *in_ptr(const struct attn_inputs *in, int i) {
    const float *p[5] = {in->q, in->k, in->v, in->qidx, in->kidx};
    return p[i];
}

static int64_t in_numel(const struct attn_shape *s, int i) {
    switch (i) {
    case 0: return attn_numel_q(s);
    case 1:
    case 2: return attn_numel_kv(s);
    case 3: return attn_numel_qidx(s);
    default: return attn_numel_kidx(s);
    }
}

static void input_set_free(struct input_set *is) {
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
    }
    if (is->valid)
        data_free(&is->f32);
    memset(is, 0, sizeof *is);
}

static bool same_shape(const struct attn_shape *a, const struct attn_shape *b) {
    return a->batch == b->batch && a->seq_len == b->seq_len && a->q_len == b->q_len &&
           a->heads_q == b->heads_q && a->heads_kv == b->heads_kv &&
           a->head_dim == b->head_dim && a->index_dim == b->index_dim && a->mode == b->mode;
}

static enum attn_status input_get(struct input_set *cache, size_t ncache, const struct attn_shape *s,
                                  const struct data_spec *ds, struct input_set **out) {
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
            input_set_free(&cache[i]);
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
        c->dst[j] = c->bf16 ? (double)attn_bf16_to_f32(attn_f32_to_bf16(c->src[j]))
                            : (double)c->src[j];
}

static void convert(const float *src, double *dst, int64_t n, bool bf16) {
    struct conv_job c = {src, dst, n, bf16};
    attn_parallel_for((n + CONV_CHUNK - 1) / CONV_CHUNK, attn_cpu_threads(), conv_chunk, &c);
}

/* float64 copies of the inputs for the ref.  K, V and Kidx are converted whole;
 * the query-side tensors (Q, Qidx: the big ones in prefill) only on the rows
 * asked for (rows == NULL: all), into zero pages that are never touched
 * otherwise, so validating a 1M-token point costs O(rows), not O(N), there. */
static enum attn_status input_f64_rows(struct input_set *is, bool bf16_rounded, const int64_t *rows,
                                       int64_t nr, double ***out) {
    double **dst = bf16_rounded ? is->dbf : is->d;
    uint8_t **filled = bf16_rounded ? is->filled_bf : is->filled;
    const struct attn_shape *s = &is->shape;
    for (int i = 0; i < 5; i++) {
        const float *src = in_ptr(&is->f32, i);
        const int64_t n = in_numel(s, i);
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

static enum attn_status input_f64(struct input_set *is, bool bf16_rounded, double ***out) {
    return input_f64_rows(is, bf16_rounded, NULL, 0, out);
}

static enum attn_status input_dev(struct input_set *is, void ***out) {
    for (int i = 0; i < 5; i++) {
        if (is->dev[i] || !in_ptr(&is->f32, i))
            continue;
        enum attn_status st =
            attn_dev_upload_bf16(&is->dev[i], in_ptr(&is->f32, i), (size_t)in_numel(&is->shape, i));
        if (st != ATTN_OK)
            return st;
    }
    *out = is->dev;
    return ATTN_OK;
}

/* fp8 index keys (ATTN_F_KIDX_FP8): the device cache and its float64 values,
 * made once per input set from the bf16 Kidx (msa_index_fp8.cu). */
static enum attn_status input_fp8(struct input_set *is, bool f64) {
    const struct attn_shape *s = &is->shape;
    const int64_t B = s->batch, N = s->seq_len, di = s->index_dim;
    void **d;
    enum attn_status st = input_dev(is, &d);
    if (st != ATTN_OK)
        return st;
#ifdef MSABENCH_HAVE_CUDA
    if (!is->dev_fp8 && (st = msa_cuda_fp8_kidx_alloc(d[4], B, N, di, &is->dev_fp8)) != ATTN_OK)
        return st;
    if (f64 && !is->dfp8) {
        if (!(is->dfp8 = attn_host_alloc((size_t)(B * N * di) * sizeof(double)))) {
            attn_set_error("float64 copy of the fp8 index keys: out of memory");
            return ATTN_ERR_NOMEM;
        }
        st = msa_cuda_fp8_kidx_f64(is->dev_fp8, B, N, di, is->dfp8);
    }
    return st;
#else
    (void)f64, (void)B, (void)N, (void)di;
    attn_set_error("fp8 index keys: built without CUDA");
    return ATTN_ERR_UNSUPPORTED;
#endif
}

/* ---- guarded buffers: canary bytes on both sides of every output ---- */

struct gbuf {
    unsigned char *base; /* allocation */
    void *p;             /* user pointer */
    size_t bytes;
    bool dev;
};

static enum attn_status gbuf_alloc(struct gbuf *g, size_t bytes, bool dev) {
    memset(g, 0, sizeof *g);
    g->bytes = bytes;
    g->dev = dev;
    size_t total = bytes + 2 * CANARY_BYTES;
    g->base = dev ? attn_dev_alloc(total) : attn_host_alloc(total);
    if (!g->base) {
        attn_set_error("cannot allocate %zu bytes of %s memory", total, dev ? "device" : "host");
        return ATTN_ERR_NOMEM;
    }
    g->p = g->base + CANARY_BYTES;
    if (dev)
        return attn_dev_memset(g->base, CANARY_BYTE, total);
    memset(g->base, CANARY_BYTE, total);
    return ATTN_OK;
}

static void gbuf_free(struct gbuf *g) {
    if (g->dev)
        attn_dev_free(g->base);
    else
        attn_host_free(g->base);
    memset(g, 0, sizeof *g);
}

static bool canary_intact(const unsigned char *c) {
    for (int i = 0; i < CANARY_BYTES; i++)
        if (c[i] != CANARY_BYTE)
            return false;
    return true;
}

/* True when both canaries of g are whole. */
static bool gbuf_check(const struct gbuf *g) {
    if (!g->base)
        return true;
    if (!g->dev)
        return canary_intact(g->base) && canary_intact(g->base + CANARY_BYTES + g->bytes);
    unsigned char c[2][CANARY_BYTES];
    /* device: fetch the two bands as raw bytes (int32 download of 16 words each) */
    if (attn_dev_download_i32((int32_t *)c[0], (const int32_t *)g->base, CANARY_BYTES / 4) ||
        attn_dev_download_i32((int32_t *)c[1], (const int32_t *)(g->base + CANARY_BYTES + g->bytes),
                              CANARY_BYTES / 4))
        return false;
    return canary_intact(c[0]) && canary_intact(c[1]);
}

/* ---- one (point, implementation) ---- */

struct job {
    const struct sweep_spec *spec;
    const struct sweep_point *pt;
    size_t pi; /* point index */
    struct input_set *is; /* inputs of the running implementation (run_job) */
    const struct attn_impl *im;
    struct attn_shape shape; /* heads_kv adjusted for ATTN_F_MHA */
    struct input_set *cache;
    size_t ncache;
    struct result_row *row;
    double mem_limit, dev_mem_limit;
    bool smoke;
    const char *export_dir; /* --export: every row's inputs (+ selection) as .npy */
};

struct call_arg {
    const struct attn_impl *im;
    void *ctx;
    const struct attn_io *io;
    int stage;
};

/* MSABENCH_PLANT_SLOWDOWN=method/backend runs that implementation twice per
 * call: a planted 2x slowdown that proves the regression gate catches one. */
static const char *plant(void) {
    static const char *v;
    static int done;
    if (!done) {
        v = getenv("MSABENCH_PLANT_SLOWDOWN");
        done = 1;
    }
    return v;
}

static enum attn_status call_run(void *a) {
    struct call_arg *c = a;
    enum attn_status st =
        c->stage < 0 ? c->im->run(c->ctx, c->io) : c->im->run_stage(c->ctx, c->stage, c->io);
    const char *p = plant();
    if (st == ATTN_OK && c->stage < 0 && p) {
        char want[96];
        snprintf(want, sizeof want, "%s/%s", c->im->method, c->im->backend);
        if (strcmp(p, want) == 0)
            st = c->im->run(c->ctx, c->io);
    }
    return st;
}

/* Output rows t of o (float32 view of [B, q_len, Hq, d]) for the ref comparison. */
static enum attn_status fetch_rows(const struct job *j, const void *o, const int64_t *rows,
                                   int64_t nr, float *dst) {
    const struct attn_shape *s = &j->shape;
    const int64_t rowlen = s->heads_q * s->head_dim;
    for (int64_t b = 0; b < s->batch; b++)
        for (int64_t r = 0; r < nr; r++) {
            const int64_t off = (b * s->q_len + rows[r]) * rowlen;
            float *d = dst + (b * nr + r) * rowlen;
            if (j->im->flags & ATTN_F_DEVICE) {
                enum attn_status st =
                    attn_dev_download_bf16(d, (const uint16_t *)o + off, (size_t)rowlen);
                if (st != ATTN_OK)
                    return st;
            } else if (strcmp(j->im->backend, "ref") == 0) {
                for (int64_t c = 0; c < rowlen; c++)
                    d[c] = (float)((const double *)o)[off + c];
            } else {
                memcpy(d, (const float *)o + off, (size_t)rowlen * sizeof(float));
            }
        }
    return ATTN_OK;
}

static int cmp_desc(const void *a, const void *b) {
    double x = *(const double *)a, y = *(const double *)b;
    return (x < y) - (x > y);
}

/* SPEC §8 for a Top-k fed bf16 index inputs: on each sampled (row, group) the
 * local block sits in the last valid slot, -1 pads exactly, the ranked blocks are
 * distinct visible non-local blocks, and each one's float64 block score (from the
 * same bf16-rounded inputs) is at least the (k-1)-th best minus one bf16
 * rounding step.  Returns the number of offending (row, group) pairs. */
static int64_t sel_check_lowprec(const struct attn_shape *s, const struct attn_params *p,
                                 const double *qidx, const double *kidx, const int32_t *sel,
                                 int32_t width, const int64_t *rows, int64_t nr, char *why,
                                 size_t whyn) {
    const int64_t N = s->seq_len, bk = p->block_size, nb = attn_nblocks(N, bk), di = s->index_dim;
    const double scale = 1.0 / sqrt((double)di);
    double *score = malloc((size_t)nb * sizeof *score), *sorted = malloc((size_t)nb * sizeof *sorted);
    int64_t bad = 0;
    if (!score || !sorted) {
        free(score);
        free(sorted);
        snprintf(why, whyn, "validation: out of memory checking the selection");
        return 1;
    }
    for (int64_t b = 0; b < s->batch; b++)
        for (int64_t g = 0; g < s->heads_kv; g++)
            for (int64_t r = 0; r < nr; r++) {
                const int64_t t = rows[r], pos = attn_qpos(s, t), bi = pos / bk;
                const int64_t last = s->causal ? pos : N - 1, nvis = last / bk + 1;
                const double *qr = qidx + ((b * s->q_len + t) * s->heads_kv + g) * di;
                int64_t m = 0;
                for (int64_t blk = 0; blk < nvis; blk++) {
                    double mx = -INFINITY;
                    const int64_t end = (blk + 1) * bk - 1 < last ? (blk + 1) * bk - 1 : last;
                    for (int64_t jj = blk * bk; jj <= end; jj++) {
                        const double *kr = kidx + (b * N + jj) * di;
                        double acc = 0;
                        for (int64_t c = 0; c < di; c++)
                            acc += qr[c] * kr[c];
                        if (acc * scale > mx)
                            mx = acc * scale;
                    }
                    score[blk] = mx;
                    if (blk != bi)
                        sorted[m++] = mx;
                }
                qsort(sorted, (size_t)m, sizeof *sorted, cmp_desc);
                const int64_t want = nvis < p->topk ? nvis : p->topk; /* valid entries */
                const int32_t *row = sel + ((b * s->heads_kv + g) * s->q_len + t) * width;
                bool ok = want >= 1 && row[want - 1] == bi;
                for (int64_t c = want; c < width && ok; c++)
                    ok = row[c] == -1;
                const double kth = want >= 2 ? sorted[want - 2] : INFINITY;
                const double eps = fabs(kth) * (1.0 / 256) + 1e-6;
                for (int64_t c = 0; c + 1 < want && ok; c++) {
                    const int32_t blk = row[c];
                    ok = blk >= 0 && blk < nvis && blk != bi && score[blk] >= kth - eps;
                    for (int64_t e = 0; e < c && ok; e++)
                        ok = row[e] != blk;
                }
                bad += !ok;
            }
    free(score);
    free(sorted);
    if (bad)
        snprintf(why, whyn,
                 "validation: selection breaks the bf16 rule (local last, -1 padding, each ranked "
                 "block >= k-th best score - one bf16 step) in %lld sampled (row, group) pairs",
                 (long long)bad);
    return bad;
}

/* Runs the method's float64 ref on the given query rows of the point's inputs
 * (bf16-rounded when the implementation under test is a device one).  *o64
 * ([B, q_len, Hq, d], written at rows only; free()) and, when width > 0, *sel
 * ([B, Hkv, q_len, width]; attn_host_free) are the caller's. */
static enum attn_status ref_on_rows(struct job *j, struct input_set *is, bool bf16,
                                   const int64_t *rows, int64_t nr, int32_t width, double **o64,
                                   int32_t **sel) {
    const struct attn_impl *ref = attn_registry_ref(j->im->method);
    const struct attn_shape *s = &j->shape;
    const struct attn_params *pp = &j->pt->params;
    double **in64 = NULL;
    void *ws = NULL, *ctx = NULL;
    enum attn_status st;
    *o64 = NULL;
    *sel = NULL;
    if (!ref) {
        attn_set_error("no ref registered for %s", j->im->method);
        return ATTN_ERR_INTERNAL;
    }
    if ((st = input_f64_rows(is, bf16, rows, nr, &in64)) != ATTN_OK)
        return st;
    const size_t wsb = ref->workspace_size(s, pp);
    *o64 = calloc((size_t)attn_numel_q(s), sizeof **o64); /* rows only: lazy pages */
    if (width)
        *sel = attn_host_alloc((size_t)(s->batch * s->heads_kv * s->q_len * width) * sizeof **sel);
    ws = wsb ? attn_host_alloc(wsb) : NULL;
    if (!*o64 || (width && !*sel) || (wsb && !ws)) {
        attn_set_error("float64 ref on sampled rows: out of memory");
        st = ATTN_ERR_NOMEM;
        goto cleanup;
    }
    if ((st = ref->init(&ctx, s, pp, ws, NULL)) != ATTN_OK)
        goto cleanup;
    if ((j->im->flags & ATTN_F_KIDX_FP8) && (st = input_fp8(is, true)) != ATTN_OK)
        goto cleanup;
    struct attn_io io = {.q = in64[0], .k = in64[1], .v = in64[2], .qidx = in64[3],
                         .kidx = (j->im->flags & ATTN_F_KIDX_FP8) ? is->dfp8 : in64[4],
                         .o = *o64, .sel = *sel, .rows = rows, .n_rows = nr};
    st = ref->run(ctx, &io);
cleanup:
    if (ctx)
        ref->free(ctx);
    attn_host_free(ws);
    if (st != ATTN_OK) {
        free(*o64);
        attn_host_free(*sel);
        *o64 = NULL;
        *sel = NULL;
    }
    return st;
}

/* Runs the method's ref on rows and compares. */
static enum attn_status validate(struct job *j, struct input_set *is, const void *o,
                                 const int32_t *sel_host, int32_t width, const int64_t *rows,
                                 int64_t nr) {
    struct result_row *row = j->row;
    enum attn_status st = ATTN_OK;
    double **in64 = NULL;
    double *ro = NULL;
    int32_t *rsel = NULL;
    float *got = NULL;
    const struct attn_shape *s = &j->shape;
    const int64_t rowlen = s->heads_q * s->head_dim;
    const bool dev = (j->im->flags & ATTN_F_DEVICE) != 0;
    st = ref_on_rows(j, is, dev, rows, nr, sel_host ? width : 0, &ro, &rsel);
    if (st != ATTN_OK)
        goto cleanup;
    in64 = dev ? is->dbf : is->d; /* the copies ref_on_rows made */
    got = attn_host_alloc((size_t)(s->batch * nr * rowlen) * sizeof(float));
    if (!got) {
        attn_set_error("validation buffers: out of memory");
        st = ATTN_ERR_NOMEM;
        goto cleanup;
    }
    st = fetch_rows(j, o, rows, nr, got);
    if (st != ATTN_OK)
        goto cleanup;
    double num = 0, den = 0, maxabs = 0;
    bool finite = true;
    for (int64_t b = 0; b < s->batch; b++)
        for (int64_t r = 0; r < nr; r++)
            for (int64_t c = 0; c < rowlen; c++) {
                double want = ro[(b * s->q_len + rows[r]) * rowlen + c];
                double have = got[(b * nr + r) * rowlen + c];
                if (!isfinite(have))
                    finite = false;
                double dd = have - want;
                num += dd * dd;
                den += want * want;
                if (fabs(dd) > maxabs)
                    maxabs = fabs(dd);
            }
    row->val_rows = nr;
    row->val_rel_err = finite ? sqrt(num / (den > 0 ? den : 1)) : INFINITY;
    row->val_max_abs = finite ? maxabs : INFINITY;
    const double tol = (j->im->flags & ATTN_F_DEVICE) ? 1e-2 : 1e-5;
    if (!finite || !(row->val_rel_err <= tol)) {
        snprintf(row->reason, sizeof row->reason,
                 "validation: relative L2 error %.3g > %.0e on %lld sampled rows%s",
                 row->val_rel_err, tol, (long long)nr, finite ? "" : " (NaN/Inf in output)");
        st = ATTN_ERR_VALIDATION;
        goto cleanup;
    }
    /* bf16 index inputs: the low-precision rule of SPEC §8 */
    if (sel_host && (j->im->flags & ATTN_F_DEVICE) && (j->im->flags & ATTN_F_INDEX)) {
        /* fp8 keys: the rule on the scores of the keys the kernel read */
        const double *kidx64 = (j->im->flags & ATTN_F_KIDX_FP8) ? is->dfp8 : in64[4];
        int64_t bad = sel_check_lowprec(s, &j->pt->params, in64[3], kidx64, sel_host, width,
                                        rows, nr, row->reason, sizeof row->reason);
        if (bad)
            st = ATTN_ERR_VALIDATION;
    } else if (sel_host) { /* fp32 (and fixed patterns) must equal the ref's, SPEC §8 */
        int64_t bad = 0;
        for (int64_t b = 0; b < s->batch; b++)
            for (int64_t g = 0; g < s->heads_kv; g++)
                for (int64_t r = 0; r < nr; r++) {
                    size_t off = (size_t)(((b * s->heads_kv + g) * s->q_len + rows[r]) * width);
                    if (memcmp(sel_host + off, rsel + off, (size_t)width * sizeof(int32_t)) != 0)
                        bad++;
                }
        if (bad) {
            snprintf(row->reason, sizeof row->reason,
                     "validation: selection differs from ref in %lld sampled (row, group) pairs",
                     (long long)bad);
            st = ATTN_ERR_VALIDATION;
        }
    }
cleanup:
    free(ro);
    attn_host_free(rsel);
    attn_host_free(got);
    return st;
}

static void set_failed(struct result_row *row, enum attn_status st, const char *what) {
    row->status = ROW_FAILED;
    if (row->reason[0])
        return;
    const char *detail = attn_last_error();
    snprintf(row->reason, sizeof row->reason, "%s: %s%s%s", what, attn_status_str(st),
             detail[0] ? ": " : "", detail);
}

/* Timing loop: warmup, then samples until the stopping rule. */
/* One timed call: CUDA events after an L2 flush on the GPU, the host clock
 * (wall, or CPU time under MSABENCH_CLOCK=cpu) on the CPU. */
static enum attn_status time_once(bool dev, struct call_arg *ca, double *ms) {
    if (dev)
        return attn_dev_time(call_run, ca, ms);
    const double a = timer_host_s();
    enum attn_status st = call_run(ca);
    *ms = (timer_host_s() - a) * 1e3;
    return st;
}

/* Sub-100 us device work (decode, small Top-k) is timed as a CUDA graph of
 * GRAPH_REPS calls over rotating copies of the inputs, enough copies that an
 * input's reuse distance exceeds 2x L2 (SPEC §7), so launch overhead and warm
 * caches do not make the figure. */
#define GRAPH_REPS 32
#define GRAPH_MAX_ROT 8

struct graph_arg {
    const struct attn_impl *im;
    void *ctx;
    const struct attn_io *io;
    const void *in[GRAPH_MAX_ROT][5];
    int nrot;
};

static enum attn_status graph_call(void *a, int rep) {
    struct graph_arg *g = a;
    struct attn_io io = *g->io;
    const void *const *in = g->in[rep % g->nrot];
    io.q = in[0];
    io.k = in[1];
    io.v = in[2];
    io.qidx = in[3];
    io.kidx = in[4];
    return g->im->run(g->ctx, &io);
}

/* Copies 1..nrot-1 of the device inputs (copy 0 is the input set's own). */
static enum attn_status graph_setup(struct job *j, const struct attn_io *io, struct graph_arg *g,
                                    void *owned[GRAPH_MAX_ROT][5]) {
    const double l2 = (double)attn_device_l2_bytes();
    const double per = j->row->cost.bytes_model > 0 ? j->row->cost.bytes_model : 1;
    int nrot = (int)ceil(2.0 * l2 / per);
    if (nrot < 1)
        nrot = 1;
    if (nrot > GRAPH_MAX_ROT)
        nrot = GRAPH_MAX_ROT;
    g->nrot = nrot;
    const void *base[5] = {io->q, io->k, io->v, io->qidx, io->kidx};
    for (int r = 0; r < nrot; r++)
        for (int i = 0; i < 5; i++) {
            g->in[r][i] = base[i];
            if (r == 0 || !base[i])
                continue;
            enum attn_status st = attn_dev_upload_bf16(&owned[r][i], in_ptr(&j->is->f32, i),
                                                       (size_t)in_numel(&j->shape, i));
            if (st != ATTN_OK)
                return st;
#ifdef MSABENCH_HAVE_CUDA
            if (i == 4 && (j->im->flags & ATTN_F_KIDX_FP8)) { /* the fp8 cache of this copy */
                void *f = NULL;
                st = msa_cuda_fp8_kidx_alloc(owned[r][i], j->shape.batch, j->shape.seq_len,
                                             j->shape.index_dim, &f);
                attn_dev_free(owned[r][i]);
                owned[r][i] = f;
                if (st != ATTN_OK)
                    return st;
            }
#endif
            g->in[r][i] = owned[r][i];
        }
    return ATTN_OK;
}

static enum attn_status time_calls(struct job *j, struct call_arg *ca, double *samples,
                                   size_t *n) {
    const struct sweep_timing *tm = &j->spec->timing;
    const bool dev = (j->im->flags & ATTN_F_DEVICE) != 0;
    enum attn_status st = ATTN_OK;
    double t0 = timer_now_s();
    do { /* warmup: at least one call and warmup_ms */
        st = call_run(ca);
        if (st != ATTN_OK)
            return st;
        if (dev && (st = attn_dev_sync()) != ATTN_OK)
            return st;
    } while ((timer_now_s() - t0) * 1e3 < tm->warmup_ms && timer_now_s() - t0 < tm->timeout_s &&
             !interrupted); /* bounded by the row's timeout whatever warmup_ms says */
    size_t max = tm->max_samples < ROW_MAX_SAMPLES ? (size_t)tm->max_samples : ROW_MAX_SAMPLES;
    size_t min = (size_t)tm->min_samples;
    if (j->smoke)
        max = min = 1;
    *n = 0;
    /* device work under 100 us: a graph over rotating inputs */
    bool graph = false;
    struct graph_arg ga = {.im = j->im, .ctx = ca->ctx, .io = ca->io, .nrot = 1};
    void *owned[GRAPH_MAX_ROT][5] = {{NULL}};
    if (dev && !j->smoke) {
        double probe;
        if ((st = attn_dev_time(call_run, ca, &probe)) != ATTN_OK)
            return st;
        if (probe < 0.1) {
            st = graph_setup(j, ca->io, &ga, owned);
            double ms;
            if (st == ATTN_OK)
                st = attn_dev_time_graph(graph_call, &ga, GRAPH_REPS, &ms);
            if (st == ATTN_OK) {
                graph = true;
            } else { /* fall back to cold single calls, and say so */
                size_t l = strlen(j->row->reason);
                snprintf(j->row->reason + l, sizeof j->row->reason - l,
                         "%sgraph timing unavailable (%s): cold single calls", l ? "; " : "",
                         attn_last_error());
                attn_clear_error();
                st = ATTN_OK;
            }
        }
    }
    t0 = timer_now_s();
    while (!interrupted) {
        double ms;
        if (graph) {
            st = attn_dev_time_graph(graph_call, &ga, GRAPH_REPS, &ms);
            if (st != ATTN_OK)
                break;
            samples[(*n)++] = ms;
            double el = timer_now_s() - t0;
            if (stats_should_stop(samples, *n, min, max, tm->max_noise, el, tm->timeout_s))
                break;
            continue;
        }
        if ((st = time_once(dev, ca, &ms)) != ATTN_OK)
            break;
        samples[(*n)++] = ms;
        double el = timer_now_s() - t0;
        if (el * 1e3 < tm->min_time_ms && *n < max && el < tm->timeout_s)
            continue; /* min_time_ms too stops at the row's timeout */
        if (stats_should_stop(samples, *n, min, max, tm->max_noise, el,
                              tm->timeout_s))
            break;
    }
    for (int r = 0; r < GRAPH_MAX_ROT; r++)
        for (int q = 0; q < 5; q++)
            attn_dev_free(owned[r][q]);
    if (graph && st == ATTN_OK) {
        size_t l = strlen(j->row->reason);
        snprintf(j->row->reason + l, sizeof j->row->reason - l,
                 "%sCUDA graph of %d calls over %d rotating input copies", l ? "; " : "",
                 GRAPH_REPS, ga.nrot);
    }
    return st;
}

static int stage_column(const char *name) {
    static const char *const cols[ROW_MAX_STAGES] = {"index", "topk", "attn", "combine"};
    for (int i = 0; i < ROW_MAX_STAGES; i++)
        if (strcmp(cols[i], name) == 0)
            return i;
    return -1;
}

static enum attn_status time_stages(struct job *j, struct call_arg *ca) {
    const struct attn_impl *im = j->im;
    double t[ROW_MAX_STAGES][STAGE_PASSES];
    int passes = 0;
    const double t0 = timer_now_s();
    /* up to STAGE_PASSES passes, fewer when a pass is long (half the point's timeout) */
    for (int p = 0; p < STAGE_PASSES && !interrupted &&
                    (p == 0 || timer_now_s() - t0 < 0.5 * j->spec->timing.timeout_s);
         p++, passes++)
        for (int s = 0; s < im->n_stages && s < ROW_MAX_STAGES; s++) {
            struct call_arg sa = *ca;
            sa.stage = s;
            double ms;
            enum attn_status st = time_once((im->flags & ATTN_F_DEVICE) != 0, &sa, &ms);
            if (st != ATTN_OK)
                return st;
            t[s][p] = ms;
        }
    for (int s = 0; s < im->n_stages && s < ROW_MAX_STAGES; s++) {
        int col = stage_column(im->stage_names[s]);
        if (col < 0)
            continue;
        struct stats_summary sum;
        stats_summarize(t[s], (size_t)passes, &sum);
        j->row->stage_ms[col] = sum.median;
    }
    return ATTN_OK;
}

/* Recall and output error of this implementation's own output on sampled rows. */
static enum attn_status measure_recall(struct job *j, struct input_set *is, const void *o,
                                       const int32_t *sel_host, int32_t width) {
    const struct sweep_spec *sp = j->spec;
    const struct attn_shape *s = &j->shape;
    int64_t want = s->q_len < sp->recall_all_rows_below ? s->q_len : sp->recall_rows;
    int64_t *rows = attn_host_alloc((size_t)(want < s->q_len ? want : s->q_len) * sizeof *rows);
    float *ofull = NULL;
    enum attn_status st = ATTN_OK;
    if (!rows)
        return ATTN_ERR_NOMEM;
    int64_t nr = recall_sample_rows(s->q_len, want, j->pt->data.seed ^ 0x5eedULL, rows);
    const int64_t rowlen = s->heads_q * s->head_dim;
    /* recall_measure reads o as [B, q_len, Hq, d]: scatter the fetched rows into place */
    ofull = calloc((size_t)attn_numel_q(s), sizeof(float)); /* read at rows only: lazy pages */
    float *tmp = attn_host_alloc((size_t)(s->batch * nr * rowlen) * sizeof(float));
    if (!ofull || !tmp) {
        st = ATTN_ERR_NOMEM;
        goto cleanup;
    }
    st = fetch_rows(j, o, rows, nr, tmp);
    if (st != ATTN_OK)
        goto cleanup;
    for (int64_t b = 0; b < s->batch; b++)
        for (int64_t r = 0; r < nr; r++)
            memcpy(ofull + (b * s->q_len + rows[r]) * rowlen, tmp + (b * nr + r) * rowlen,
                   (size_t)rowlen * sizeof(float));
    st = recall_measure(s, &j->pt->params, is->f32.q, is->f32.k, is->f32.v, sel_host, width,
                        ofull, rows, nr, &j->row->recall);
cleanup:
    attn_host_free(tmp);
    free(ofull);
    attn_host_free(rows);
    return st;
}

/* --export: the inputs, the selection and a sample of output rows, for a peer
 * that recomputes the identical output (export.h). */
static enum attn_status export_job(struct job *j, const void *o, const int32_t *sel,
                                   int32_t width) {
    const struct attn_shape *s = &j->shape;
    const int64_t want = j->spec->validate_rows > 0 ? j->spec->validate_rows : 16;
    const int64_t nmax = want < s->q_len ? want : s->q_len;
    const int64_t rowlen = s->heads_q * s->head_dim;
    enum attn_status st = ATTN_ERR_NOMEM;
    int64_t *rows = attn_host_alloc((size_t)nmax * sizeof *rows);
    float *got = attn_host_alloc((size_t)(s->batch * nmax * rowlen) * sizeof *got);
    if (!rows || !got) {
        attn_set_error("export: out of host memory");
        goto cleanup;
    }
    const int64_t nr = recall_sample_rows(s->q_len, want, j->pt->data.seed ^ 0xe4b0ULL, rows);
    if ((st = fetch_rows(j, o, rows, nr, got)) != ATTN_OK)
        goto cleanup;
    struct export_point e = {.dir = j->export_dir, .key = j->row->key, .im = j->im, .shape = s,
                             .params = &j->pt->params, .in = &j->is->f32, .sel = sel,
                             .width = width, .o_rows = got, .rows = rows, .n_rows = nr};
    bool written;
    st = export_selection(&e, &written);
    if (st == ATTN_OK && written) {
        size_t rl = strlen(j->row->reason);
        snprintf(j->row->reason + rl, sizeof j->row->reason - rl, "%sselection exported",
                 rl ? "; " : "");
    }
cleanup:
    attn_host_free(rows);
    attn_host_free(got);
    return st;
}

static void run_job(struct job *j) {
    const struct attn_impl *im = j->im;
    struct result_row *row = j->row;
    const struct attn_shape *s = &j->shape;
    const struct attn_params *pp = &j->pt->params;
    const bool dev = (im->flags & ATTN_F_DEVICE) != 0;
    const bool is_ref = (im->flags & ATTN_F_ORACLE) != 0;
    enum attn_status st = ATTN_OK;
    struct input_set *is = NULL;
    struct gbuf o = {0}, sel = {0}, ws = {0};
    void *ctx = NULL;
    int32_t *sel_host = NULL;
    int64_t *vrows = NULL;
    double samples[ROW_MAX_SAMPLES];
    size_t ns = 0;
    const int32_t width = (im->flags & ATTN_F_SELECT) && im->sel_width ? im->sel_width(s, pp) : 0;
    const size_t e = elem_size(im);
    size_t host_base = attn_host_current(), dev_base = attn_dev_current();
    attn_clear_error();
    attn_host_peak_reset();
    attn_dev_peak_reset();

    st = input_get(j->cache, j->ncache, s, &j->pt->data, &is);
    if (st != ATTN_OK) {
        set_failed(row, st, "inputs");
        goto cleanup;
    }
    j->is = is;
    const size_t o_bytes = (size_t)attn_numel_q(s) * e;
    const size_t sel_bytes = (size_t)(s->batch * s->heads_kv * s->q_len * width) * sizeof(int32_t);
    const void *in[5];
    if (dev) {
        void **d;
        if ((st = input_dev(is, &d)) != ATTN_OK) {
            set_failed(row, st, "device inputs");
            goto cleanup;
        }
        for (int i = 0; i < 5; i++)
            in[i] = d[i];
        if ((im->flags & ATTN_F_KIDX_FP8) && in[4]) {
            if ((st = input_fp8(is, false)) != ATTN_OK) {
                set_failed(row, st, "fp8 index keys");
                goto cleanup;
            }
            in[4] = is->dev_fp8;
        }
    } else if (is_ref) {
        double **d;
        if ((st = input_f64(is, false, &d)) != ATTN_OK) {
            set_failed(row, st, "ref inputs");
            goto cleanup;
        }
        for (int i = 0; i < 5; i++)
            in[i] = d[i];
    } else {
        for (int i = 0; i < 5; i++)
            in[i] = in_ptr(&is->f32, i);
    }
    /* mem_peak: the inputs this method reads, in its precision, plus the peak
     * of what it allocates from here to the end of its first call; counted
     * from now, so the input cache (a previous point's inputs freed, float64
     * copies made for another row's validation) never enters it */
    host_base = attn_host_current();
    dev_base = attn_dev_current();
    attn_host_peak_reset();
    attn_dev_peak_reset();
    double in_bytes = 0;
    for (int i = 0; i < 5; i++)
        if (in[i] && (i < 3 || (im->flags & ATTN_F_INDEX)))
            in_bytes += (double)in_numel(s, i) * (double)e;
    if ((st = gbuf_alloc(&o, o_bytes, dev)) != ATTN_OK ||
        (width && (st = gbuf_alloc(&sel, sel_bytes, dev)) != ATTN_OK) ||
        (st = gbuf_alloc(&ws, im->workspace_size(s, pp), dev)) != ATTN_OK) {
        set_failed(row, st, "allocation");
        goto cleanup;
    }
    /* The ref is the oracle: it is timed on the validation rows only when the
     * whole point would be too slow; otherwise all rows. */
    struct attn_io io = {.q = in[0], .k = in[1], .v = in[2], .qidx = in[3], .kidx = in[4],
                         .o = o.p, .sel = width ? sel.p : NULL};
    st = im->init(&ctx, s, pp, ws.p, dev ? attn_device_stream() : NULL);
    if (st != ATTN_OK) {
        set_failed(row, st, "init");
        goto cleanup;
    }
    struct call_arg ca = {.im = im, .ctx = ctx, .io = &io, .stage = -1};
    st = call_run(&ca);
    if (st == ATTN_OK && dev)
        st = attn_dev_sync();
    if (st != ATTN_OK) {
        set_failed(row, st, "run");
        goto cleanup;
    }
    const double mem_peak = in_bytes + (double)(attn_host_peak() - host_base) +
                            (double)(attn_dev_peak() - dev_base);
    if (!gbuf_check(&o) || !gbuf_check(&sel) || !gbuf_check(&ws)) {
        row->status = ROW_FAILED;
        snprintf(row->reason, sizeof row->reason,
                 "%s %s wrote outside its output/workspace buffers (canary overwritten)",
                 im->method, im->backend);
        goto cleanup;
    }
    if (width) {
        sel_host = attn_host_alloc(sel_bytes);
        if (!sel_host) {
            set_failed(row, ATTN_ERR_NOMEM, "selection copy");
            goto cleanup;
        }
        if (dev)
            st = attn_dev_download_i32(sel_host, sel.p, sel_bytes / sizeof(int32_t));
        else
            memcpy(sel_host, sel.p, sel_bytes);
        if (st != ATTN_OK) {
            set_failed(row, st, "selection download");
            goto cleanup;
        }
        /* counted FLOPs from the real selection (SPEC §3: exact) are the model's
         * when every ranked block is full, which the closed form assumes. */
        /* bytes: the union of the blocks each group selected (sel_bytes.h) */
        const double ut = sel_union_tokens(s, pp->block_size, sel_host, width);
        if (row->cost.bytes_kv > 0 && ut >= 0)
            row->cost.bytes_model +=
                2 * ut * (double)s->head_dim * (double)e - row->cost.bytes_kv;
        /* selection coherence (SPEC 5.2) from the whole selection */
        /* the GROUP_BLOCKS writers (method.h's sel_layout once the table lands) */
        if ((!strcmp(im->method, "msa") || !strcmp(im->method, "bigbird")) &&
            coherence_measure(s->batch, s->heads_kv, s->q_len, width, sel_host,
                              attn_nblocks(s->seq_len, pp->block_size), &row->coh) != ATTN_OK)
            coherence_clear(&row->coh);
    }
    /* The ref's cost on the sampled rows (an approximate method's ref pays the
     * whole sequence whatever the rows); beyond a minute validation is skipped
     * and the row says so. */
    double ref_s = 0;
    if (!is_ref && j->spec->validate_rows > 0) {
        double frac = (im->flags & ATTN_F_APPROX)
                          ? 1.0
                          : (double)(j->spec->validate_rows < s->q_len ? j->spec->validate_rows
                                                                      : s->q_len) /
                                (double)s->q_len;
        ref_s = row->cost.flops * frac / (1e9 * attn_cpu_threads());
    }
    if (!is_ref && j->spec->validate_rows > 0 && ref_s > 60) {
        snprintf(row->reason, sizeof row->reason,
                 "not validated: the float64 ref would take ~%.0f s", ref_s);
    } else if (!is_ref && j->spec->validate_rows > 0) {
        /* the edge rows always, plus validate_rows random ones (validate_rows.h) */
        int64_t want = j->spec->validate_rows < s->q_len ? j->spec->validate_rows : s->q_len;
        vrows = attn_host_alloc((size_t)(want + VALIDATE_EDGE_MAX) * sizeof *vrows);
        if (!vrows) {
            set_failed(row, ATTN_ERR_NOMEM, "validation");
            goto cleanup;
        }
        int64_t nr = validate_rows_pick(s, pp->block_size, want, j->pt->data.seed ^ 0xfa11ULL,
                                        vrows);
        st = validate(j, is, o.p, sel_host, width, vrows, nr);
        if (st != ATTN_OK) {
            set_failed(row, st, "validation");
            goto cleanup;
        }
    }
    /* host rows: the floor measured before and after the samples
     * (compare --normalize divides by it; floor.h) */
    struct floor_acc fl = {.n = 0};
    if (!dev && !j->smoke)
        floor_sample(&fl, row->cost.flops, row->cost.bytes_model, 3);
    st = time_calls(j, &ca, samples, &ns);
    if (st != ATTN_OK) {
        set_failed(row, st, "timed run");
        goto cleanup;
    }
    if (!dev && !j->smoke) {
        floor_sample(&fl, row->cost.flops, row->cost.bytes_model, 3);
        row->floor_ms = floor_median(&fl);
    }
    if (im->n_stages > 0 && im->run_stage && (st = time_stages(j, &ca)) != ATTN_OK) {
        set_failed(row, st, "stage timing");
        goto cleanup;
    }
    if (!gbuf_check(&o) || !gbuf_check(&sel) || !gbuf_check(&ws)) {
        row->status = ROW_FAILED;
        snprintf(row->reason, sizeof row->reason,
                 "%s %s wrote outside its buffers during timing (canary overwritten)",
                 im->method, im->backend);
        goto cleanup;
    }
    stats_summarize(samples, ns, &row->time_ms);
    memcpy(row->samples, samples, ns * sizeof(double));
    row->n_samples = ns;
    row->mem_peak = mem_peak;
    if (j->spec->recall_enabled && (im->flags & (ATTN_F_SELECT | ATTN_F_APPROX))) {
        st = measure_recall(j, is, o.p, sel_host, width);
        if (st != ATTN_OK) {
            set_failed(row, st, "recall");
            goto cleanup;
        }
    }
    if (j->export_dir && (st = export_job(j, o.p, sel_host, width)) != ATTN_OK) {
        set_failed(row, st, "export");
        goto cleanup;
    }
    row->status = ROW_OK;
    size_t rl = strlen(row->reason);
    char *rp = row->reason + rl;
    size_t rn = sizeof row->reason - rl;
    const char *sep = rl ? "; " : "";
    if (interrupted && ns < (size_t)j->spec->timing.min_samples)
        snprintf(rp, rn, "%sinterrupted after %zu samples", sep, ns);
    else if (ns < (size_t)j->spec->timing.min_samples && !j->smoke)
        snprintf(rp, rn, "%stimeout after %zu samples (min %d)", sep, ns,
                 j->spec->timing.min_samples);
    else if (row->time_ms.cv > j->spec->timing.max_noise)
        snprintf(rp, rn, "%snoisy: cv %.3f > max_noise %.3f after %zu samples", sep,
                 row->time_ms.cv, j->spec->timing.max_noise, ns);
cleanup:
    if (ctx)
        im->free(ctx);
    gbuf_free(&o);
    gbuf_free(&sel);
    gbuf_free(&ws);
    attn_host_free(sel_host);
    attn_host_free(vrows);
}

/* Recall for a point that is only estimated: from the method's ref on sampled rows. */
static void recall_from_ref(struct job *j) {
    const struct attn_impl *ref = attn_registry_ref(j->im->method);
    const struct attn_shape *s = &j->shape;
    const struct attn_params *pp = &j->pt->params;
    struct input_set *is = NULL;
    double *o64 = NULL;
    float *o32 = NULL;
    int32_t *sel = NULL;
    int64_t *rows = NULL;
    enum attn_status st;
    if (!ref)
        return;
    const int32_t width = (ref->flags & ATTN_F_SELECT) && ref->sel_width ? ref->sel_width(s, pp) : 0;
    const int64_t want = s->q_len < j->spec->recall_all_rows_below ? s->q_len : j->spec->recall_rows;
    rows = attn_host_alloc((size_t)(want < s->q_len ? want : s->q_len) * sizeof *rows);
    if (!rows) {
        st = ATTN_ERR_NOMEM;
        goto cleanup;
    }
    int64_t nr = recall_sample_rows(s->q_len, want, j->pt->data.seed ^ 0x5eedULL, rows);
    if ((st = input_get(j->cache, j->ncache, s, &j->pt->data, &is)) != ATTN_OK ||
        (st = ref_on_rows(j, is, false, rows, nr, width, &o64, &sel)) != ATTN_OK)
        goto cleanup;
    o32 = calloc((size_t)attn_numel_q(s), sizeof *o32); /* read at rows only: lazy pages */
    if (!o32) {
        st = ATTN_ERR_NOMEM;
        goto cleanup;
    }
    {
        const int64_t rowlen = s->heads_q * s->head_dim;
        for (int64_t b = 0; b < s->batch; b++)
            for (int64_t r = 0; r < nr; r++) {
                const int64_t off = (b * s->q_len + rows[r]) * rowlen;
                for (int64_t c = 0; c < rowlen; c++)
                    o32[off + c] = (float)o64[off + c];
            }
    }
    st = recall_measure(s, pp, is->f32.q, is->f32.k, is->f32.v, sel, width, o32, rows, nr,
                        &j->row->recall);
cleanup:
    if (st != ATTN_OK) {
        size_t n = strlen(j->row->reason);
        snprintf(j->row->reason + n, sizeof j->row->reason - n, "; recall failed: %s %s",
                 attn_status_str(st), attn_last_error());
    } else {
        size_t n = strlen(j->row->reason);
        snprintf(j->row->reason + n, sizeof j->row->reason - n, "; recall from ref on %lld rows",
                 (long long)j->row->recall.rows);
    }
    free(o64);
    free(o32);
    attn_host_free(sel);
    attn_host_free(rows);
}

/* Recall of a point that does not run: one oracle pass per (point, method),
 * shared by the method's backends. */
struct recall_memo {
    size_t pi;
    const char *method;
    struct recall_stats r;
};

static void recall_shared(struct job *j, struct recall_memo *m) {
    const struct attn_impl *im = j->im;
    if (!j->spec->recall_enabled || !(im->flags & (ATTN_F_SELECT | ATTN_F_APPROX)))
        return;
    if (m->pi == j->pi && strcmp(m->method, im->method) == 0) {
        j->row->recall = m->r;
        size_t n = strlen(j->row->reason);
        snprintf(j->row->reason + n, sizeof j->row->reason - n, "; recall from ref on %lld rows",
                 (long long)m->r.rows);
        return;
    }
    recall_from_ref(j);
    m->pi = j->pi;
    m->method = im->method;
    m->r = j->row->recall;
}

/* Bytes of inputs and outputs an implementation needs, plus its workspace. */
static double io_bytes(const struct attn_impl *im, const struct attn_shape *s,
                       const struct attn_params *p) {
    const double e = (double)elem_size(im);
    double b = e * (2.0 * (double)attn_numel_q(s) + 2.0 * (double)attn_numel_kv(s));
    if (im->flags & ATTN_F_INDEX)
        b += e * ((double)attn_numel_qidx(s) + (double)attn_numel_kidx(s));
    if ((im->flags & ATTN_F_SELECT) && im->sel_width)
        b += 4.0 * (double)(s->batch * s->heads_kv * s->q_len) * im->sel_width(s, p);
    return b + (double)im->workspace_size(s, p);
}

static double point_cost(const struct sweep_point *pt, const struct attn_impl **impls, size_t nim) {
    double c = 0;
    for (size_t i = 0; i < nim; i++) {
        struct attn_shape sh = pt->shape;
        struct attn_cost cost;
        if (impls[i]->flags & ATTN_F_MHA)
            sh.heads_kv = sh.heads_q;
        if (model_cost(impls[i]->method, &sh, &pt->params, elem_size(impls[i]), &cost) == ATTN_OK)
            c += predicted_seconds(impls[i], &cost) + 1e-3; /* + fixed overhead per run */
    }
    return c;
}

struct cost_idx {
    double cost;
    size_t idx;
};

static int cmp_cost_desc(const void *a, const void *b) {
    const struct cost_idx *x = a, *y = b;
    if (x->cost != y->cost)
        return x->cost < y->cost ? 1 : -1;
    return (x->idx > y->idx) - (x->idx < y->idx);
}

void runner_shard_assign(const struct sweep_spec *spec, int count, int *owner) {
    const struct attn_impl *impls[MAX_IMPLS];
    const size_t nim = runner_select(spec, impls, MAX_IMPLS);
    struct cost_idx *ci = malloc((spec->n_points ? spec->n_points : 1) * sizeof *ci);
    double *load = calloc((size_t)(count > 0 ? count : 1), sizeof *load);
    if (!ci || !load) { /* fall back to round robin: still deterministic */
        for (size_t p = 0; p < spec->n_points; p++)
            owner[p] = (int)(p % (size_t)count);
        goto cleanup;
    }
    for (size_t p = 0; p < spec->n_points; p++)
        ci[p] = (struct cost_idx){point_cost(&spec->points[p], impls, nim), p};
    qsort(ci, spec->n_points, sizeof *ci, cmp_cost_desc);
    for (size_t i = 0; i < spec->n_points; i++) {
        int best = 0;
        for (int s = 1; s < count; s++)
            if (load[s] < load[best])
                best = s;
        owner[ci[i].idx] = best;
        load[best] += ci[i].cost;
    }
cleanup:
    free(ci);
    free(load);
}

/* A set variable that is not an integer is remembered in *bad (first one). */
static const char *env_bad;
static bool env_int(const char *name, long *v) {
    const char *s = getenv(name);
    char *end;
    if (!s || !*s)
        return false;
    errno = 0;
    *v = strtol(s, &end, 10);
    if (*end != '\0' || errno) {
        if (!env_bad)
            env_bad = name;
        return false;
    }
    return true;
}

enum attn_status runner_shard_parse(const char *arg, int *index, int *count) {
    long i = -1, n = 0, mn = 0;
    if (strcmp(arg, "auto") == 0) {
        env_bad = NULL;
        if (env_int("SLURM_ARRAY_TASK_ID", &i) && env_int("SLURM_ARRAY_TASK_COUNT", &n)) {
            if (env_int("SLURM_ARRAY_TASK_MIN", &mn))
                i -= mn;
        } else if (env_int("OMPI_COMM_WORLD_RANK", &i) && env_int("OMPI_COMM_WORLD_SIZE", &n)) {
        } else if (env_int("PMI_RANK", &i) && env_int("PMI_SIZE", &n)) {
        } else if (env_int("PMIX_RANK", &i) && env_int("OMPI_COMM_WORLD_SIZE", &n)) {
        } else if (env_int("JOB_COMPLETION_INDEX", &i)) {
            /* Kubernetes Indexed Job: the index is set by Kubernetes, the count is
             * not, so the manifest passes spec.completions as JOB_COMPLETIONS
             * (scripts/k8s/sweep-job.yaml). */
            if (!env_int("JOB_COMPLETIONS", &n)) {
                attn_set_error("--shard auto: JOB_COMPLETION_INDEX is set (Kubernetes Indexed "
                               "Job) but JOB_COMPLETIONS, the job's completions, is not");
                return ATTN_ERR_INVALID;
            }
        } else if (env_int("SKYPILOT_NODE_RANK", &i) && env_int("SKYPILOT_NUM_NODES", &n)) {
        } else if (env_bad) {
            attn_set_error("--shard auto: %s='%s' is invalid (expected an integer)", env_bad,
                           getenv(env_bad));
            env_bad = NULL;
            return ATTN_ERR_INVALID;
        } else {
            attn_set_error("--shard auto: none of SLURM_ARRAY_TASK_ID/COUNT, "
                           "OMPI_COMM_WORLD_RANK/SIZE, PMI_RANK/PMI_SIZE, "
                           "JOB_COMPLETION_INDEX/JOB_COMPLETIONS or "
                           "SKYPILOT_NODE_RANK/SKYPILOT_NUM_NODES is set");
            return ATTN_ERR_INVALID;
        }
    } else {
        char *end;
        i = strtol(arg, &end, 10);
        if (end == arg || *end != '/') {
            attn_set_error("--shard '%s': expected I/N (0 <= I < N) or auto", arg);
            return ATTN_ERR_INVALID;
        }
        const char *ns = end + 1;
        n = strtol(ns, &end, 10);
        if (end == ns || *end) {
            attn_set_error("--shard '%s': expected I/N (0 <= I < N) or auto", arg);
            return ATTN_ERR_INVALID;
        }
    }
    if (n > 100000) {
        attn_set_error("--shard: %ld shards is above the cap of 100000", n);
        return ATTN_ERR_INVALID;
    }
    if (n < 1 || i < 0 || i >= n) {
        attn_set_error("--shard: index %ld of %ld is out of range (0 <= I < N)", i, n);
        return ATTN_ERR_INVALID;
    }
    *index = (int)i;
    *count = (int)n;
    return ATTN_OK;
}

/* Host bytes a device point needs besides the GPU: float32 masters of every
 * input and float64 copies of K, V, Kidx for the ref (query side: rows only). */
static double host_stage_bytes(const struct attn_impl *im, const struct attn_shape *s) {
    double kv = 2.0 * (double)attn_numel_kv(s), q = (double)attn_numel_q(s);
    double idx = (im->flags & ATTN_F_INDEX) ? (double)attn_numel_kidx(s) : 0;
    double qidx = (im->flags & ATTN_F_INDEX) ? (double)attn_numel_qidx(s) : 0;
    return 4.0 * (q + kv + idx + qidx) + 8.0 * (kv + idx);
}

static void fmt_eta(double s, char *buf, size_t n) {
    if (!isfinite(s) || s < 0)
        snprintf(buf, n, "?");
    else if (s < 90)
        snprintf(buf, n, "%.0fs", s);
    else if (s < 5400)
        snprintf(buf, n, "%.0fm%02.0fs", floor(s / 60), fmod(s, 60));
    else
        snprintf(buf, n, "%.1fh", s / 3600);
}

static enum attn_status make_dirs(const char *path) {
    char buf[DATA_PATH_MAX];
    snprintf(buf, sizeof buf, "%s", path);
    for (char *p = buf + 1; *p; p++) {
        if (*p != '/')
            continue;
        *p = '\0';
        if (mkdir(buf, 0777) != 0 && errno != EEXIST)
            goto fail;
        *p = '/';
    }
    if (mkdir(buf, 0777) != 0 && errno != EEXIST)
        goto fail;
    return ATTN_OK;
fail:
    attn_set_error("%s: cannot create output directory: %s", buf, strerror(errno));
    return ATTN_ERR_IO;
}

enum attn_status runner_run(const struct sweep_spec *spec, const struct runner_opts *o,
                            struct runner_summary *sum) {
    const struct attn_impl *impls[MAX_IMPLS];
    const size_t nim = runner_select(spec, impls, MAX_IMPLS);
    struct input_set cache[2];
    struct results_file rf = {0};
    struct meta_run meta;
    int *owner = NULL;
    char path[DATA_PATH_MAX + 32];
    enum attn_status st = ATTN_OK;
    memset(cache, 0, sizeof cache);
    memset(sum, 0, sizeof *sum);
    interrupted = 0;

    if ((st = make_dirs(o->out_dir)) != ATTN_OK)
        return st;
    snprintf(path, sizeof path, "%s/results.csv", o->out_dir);
    if ((st = results_open(&rf, path, o->resume)) != ATTN_OK)
        return st;
    meta_begin(&meta, spec, o->out_dir);

    const double mem_limit = spec->mem_limit > 0 ? spec->mem_limit : runner_default_mem_limit();
    const double dev_total = (double)attn_device_mem_total();
    const double dev_limit = spec->dev_mem_limit > 0 ? spec->dev_mem_limit : 0.9 * dev_total;
    size_t mine = spec->n_points;
    if (o->shard_count > 1) {
        owner = malloc((spec->n_points ? spec->n_points : 1) * sizeof *owner);
        if (!owner) {
            st = ATTN_ERR_NOMEM;
            goto cleanup;
        }
        runner_shard_assign(spec, o->shard_count, owner);
        mine = 0;
        for (size_t p = 0; p < spec->n_points; p++)
            mine += owner[p] == o->shard_index;
    }
    meta.shard_index = o->shard_count > 1 ? o->shard_index : 0;
    meta.shard_count = o->shard_count > 1 ? o->shard_count : 1;
    meta.assigned_runs = mine * nim;
    meta.mem_limit = mem_limit;
    meta.dev_mem_limit = dev_limit;
    if ((st = meta_write(&meta)) != ATTN_OK)
        goto cleanup;
    const size_t total = mine * nim;
    if (o->progress)
        fprintf(o->progress, "msabench: %s: %zu points x %zu implementations = %zu runs%s -> %s\n",
                spec->name, mine, nim, total, o->shard_count > 1 ? " (this shard)" : "", path);
    struct sigaction sa = {0}, old_int, old_term;
    sa.sa_handler = on_sigint;
    sigaction(SIGINT, &sa, &old_int);
    sigaction(SIGTERM, &sa, &old_term);

    const double t_start = timer_now_s();
    size_t done = 0, ran = 0;
    struct recall_memo last = {(size_t)-1, "", {0}};
    const bool tty = o->progress && isatty(fileno(o->progress));
    double last_line = 0;
    for (size_t pi = 0; pi < spec->n_points && !interrupted; pi++) {
        const struct sweep_point *pt = &spec->points[pi];
        if (owner && owner[pi] != o->shard_index)
            continue;
        for (size_t ii = 0; ii < nim && !interrupted; ii++, done++) {
            const struct attn_impl *im = impls[ii];
            struct result_row *row = malloc(sizeof *row);
            if (!row) {
                st = ATTN_ERR_NOMEM;
                goto restore;
            }
            result_row_init(row);
            struct job j = {.spec = spec, .pt = pt, .pi = pi, .im = im, .shape = pt->shape, .cache = cache,
                            .ncache = 2, .row = row, .mem_limit = mem_limit,
                            .dev_mem_limit = dev_limit, .smoke = o->smoke,
                            .export_dir = o->export_dir};
            if (im->flags & ATTN_F_MHA)
                j.shape.heads_kv = j.shape.heads_q;
            row->sweep = spec->name;
            row->point = pt;
            row->method = im->method;
            row->backend = im->backend;
            row->variant = im->variant;
            sweep_point_key(pt, row->key, sizeof row->key);
            if (results_done(&rf, row->key, im->method, im->backend, im->variant)) {
                sum->resumed++;
                free(row);
                continue;
            }
            struct sweep_point adj = *pt;
            adj.shape = j.shape;
            row->point = &adj;
            /* one rewritten line on a terminal; in a log, a line every 30 s or so */
            double el = timer_now_s() - t_start;
            if (o->progress && (tty || el - last_line >= 30 || done == 0)) {
                char eta[32];
                last_line = el;
                fmt_eta(ran ? el / (double)ran * (double)(total - done) : NAN, eta, sizeof eta);
                fprintf(o->progress, "%s[%zu/%zu] %s %s/%s N=%lld %s q=%lld hq=%lld hkv=%lld ETA %s%s",
                        tty ? "\r" : "", done + 1, total, im->method, im->backend, im->variant,
                        (long long)j.shape.seq_len,
                        j.shape.mode == ATTN_DECODE ? "decode" : "prefill",
                        (long long)j.shape.q_len, (long long)j.shape.heads_q,
                        (long long)j.shape.heads_kv, eta, tty ? "   " : "\n");
                fflush(o->progress);
            }
            const char *why = NULL;
            enum attn_status mst = model_cost(im->method, &j.shape, &pt->params, elem_size(im),
                                              &row->cost);
            row->bytes_worst = row->cost.bytes_model;
            if (mst != ATTN_OK) {
                set_failed(row, mst, "model");
            } else if (pt->dtype != SWEEP_DTYPE_AUTO && pt->dtype != native_dtype(im)) {
                row->status = ROW_SKIPPED;
                snprintf(row->reason, sizeof row->reason, "dtype %s: backend %s computes in %s",
                         sweep_dtype_str(pt->dtype), im->backend,
                         sweep_dtype_str(native_dtype(im)));
            } else if (!im->supports(&j.shape, &pt->params, &why)) {
                row->status = ROW_SKIPPED;
                snprintf(row->reason, sizeof row->reason, "unsupported: %s",
                         why ? why : "supports() said no");
            } else {
                row->cost.mem_model = io_bytes(im, &j.shape, &pt->params);
                const bool dev = (im->flags & ATTN_F_DEVICE) != 0;
                const double limit = dev ? dev_limit : mem_limit;
                const double pred = predicted_seconds(im, &row->cost);
                if (o->estimate_only) {
                    row->status = ROW_ESTIMATED;
                    if (dev && dev_total == 0 && spec->dev_mem_limit <= 0)
                        snprintf(row->reason, sizeof row->reason,
                                 "memory model %.3g GB; no GPU here to check it against "
                                 "(set limits.device_memory); predicted %.3g s per call",
                                 row->cost.mem_model / 1e9, pred);
                    else if (row->cost.mem_model > limit)
                        snprintf(row->reason, sizeof row->reason,
                                 "would be skipped: memory model %.3g GB > limit %.3g GB",
                                 row->cost.mem_model / 1e9, limit / 1e9);
                    else
                        snprintf(row->reason, sizeof row->reason, "predicted %.3g s per call",
                                 pred);
                } else if (dev && !attn_device_available()) {
                    row->status = ROW_SKIPPED;
                    snprintf(row->reason, sizeof row->reason, "no GPU available");
                } else if (row->cost.mem_model > limit) {
                    row->status = ROW_SKIPPED;
                    snprintf(row->reason, sizeof row->reason,
                             "memory model %.3g GB exceeds the %s limit %.3g GB",
                             row->cost.mem_model / 1e9, dev ? "device" : "host", limit / 1e9);
                    /* recall needs the inputs (and the ref's float64 K/V): only
                     * when they fit, since nothing may be allocated past the limit */
                    if (!dev && host_stage_bytes(im, &j.shape) <= mem_limit)
                        recall_shared(&j, &last);
                } else if (dev && host_stage_bytes(im, &j.shape) > mem_limit) {
                    row->status = ROW_SKIPPED;
                    snprintf(row->reason, sizeof row->reason,
                             "host staging memory %.3g GB (inputs + float64 K/V for the ref) "
                             "exceeds the host limit %.3g GB",
                             host_stage_bytes(im, &j.shape) / 1e9, mem_limit / 1e9);
                } else if (dev && pred > spec->timing.timeout_s) {
                    row->status = ROW_ESTIMATED;
                    snprintf(row->reason, sizeof row->reason,
                             "predicted %.3g s per call > timeout_s %g", pred, spec->timing.timeout_s);
                } else if (!dev && pred > spec->cpu_max_seconds) {
                    row->status = ROW_ESTIMATED;
                    snprintf(row->reason, sizeof row->reason,
                             "predicted %.3g s per call > cpu_max_seconds %g", pred,
                             spec->cpu_max_seconds);
                    if (host_stage_bytes(im, &j.shape) <= mem_limit)
                        recall_shared(&j, &last);
                } else {
                    run_job(&j);
                    ran++;
                    if (interrupted) { /* never saved as measured: --resume re-runs it */
                        fprintf(stderr,
                                "%smsabench: interrupted: %s %s/%s N=%lld not written "
                                "(--resume runs it again)\n",
                                tty ? "\n" : "", im->method, im->backend, im->variant,
                                (long long)j.shape.seq_len);
                        free(row);
                        break;
                    }
                }
            }
            if (results_append(&rf, row) != ATTN_OK) {
                st = ATTN_ERR_IO;
                free(row);
                goto restore;
            }
            sum->rows++;
            switch (row->status) {
            case ROW_OK: sum->ok++; break;
            case ROW_SKIPPED: sum->skipped++; break;
            case ROW_FAILED: sum->failed++; break;
            case ROW_ESTIMATED: sum->estimated++; break;
            }
            if (row->status == ROW_FAILED) /* always said, even with --quiet */
                fprintf(stderr, "%smsabench: failed: %s %s/%s N=%lld: %s\n", tty ? "\n" : "",
                        im->method, im->backend,
                        im->variant, (long long)j.shape.seq_len, row->reason);
            free(row);
        }
    }
restore:
    sum->interrupted = interrupted != 0;
    sigaction(SIGINT, &old_int, NULL);
    sigaction(SIGTERM, &old_term, NULL);
    if (o->progress && tty)
        fprintf(o->progress, "\n");
    meta_end(&meta);
    if (st != ATTN_OK) { /* the first error is the one to report (a full disk: results.csv) */
        char first[512];
        snprintf(first, sizeof first, "%s", attn_last_error());
        meta_write(&meta);
        attn_set_error("%s", first);
    } else if (meta_write(&meta) != ATTN_OK) {
        st = ATTN_ERR_IO;
    }
cleanup:
    free(owner);
    for (int i = 0; i < 2; i++)
        input_set_free(&cache[i]);
    results_close(&rf);
    return st;
}
