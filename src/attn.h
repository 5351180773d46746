/* attn.h - the one interface every attention implementation plugs into.
 *
 * Layout: every tensor is row-major [B, N, H, d] ("bshd").  Q has q_len rows
 * (= seq_len in prefill, 1..8 in decode: the last q_len positions of the
 * context), K/V have seq_len rows.  Query head h uses KV head h / G with
 * G = heads_q / heads_kv.  Qidx is [B, q_len, heads_kv, index_dim], Kidx is
 * [B, seq_len, 1, index_dim].
 *
 * Element type follows the backend: ref = double, cpu = float, cuda = bf16
 * (uint16_t bits) in device memory.
 */
#ifndef MSABENCH_ATTN_H
#define MSABENCH_ATTN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#define ATTN_API_VERSION 1

enum attn_status {
    ATTN_OK = 0,
    ATTN_ERR_INVALID,     /* bad argument or shape */
    ATTN_ERR_NOMEM,       /* allocation failed */
    ATTN_ERR_UNSUPPORTED, /* supports() said no */
    ATTN_ERR_CUDA,        /* a CUDA / cuBLAS call failed (see attn_last_error) */
    ATTN_ERR_IO,          /* file could not be read / written */
    ATTN_ERR_PARSE,       /* config or file content is malformed */
    ATTN_ERR_VALIDATION,  /* result differs from ref beyond tolerance */
    ATTN_ERR_TIMEOUT,
    ATTN_ERR_CANARY, /* an implementation wrote outside its buffer */
    ATTN_ERR_INTERNAL
};
const char *attn_status_str(enum attn_status st);

/* Free-form detail for the last error on this thread (call, file:line, text).
 * Implementations set it with attn_set_error() before returning an error. */
const char *attn_last_error(void);
void attn_set_error(const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 1, 2)))
#endif
    ;
void attn_clear_error(void);

enum attn_mode { ATTN_PREFILL = 0, ATTN_DECODE = 1 };
enum attn_dtype { ATTN_F64 = 0, ATTN_F32, ATTN_BF16, ATTN_F16 };
const char *attn_dtype_str(enum attn_dtype t);
size_t attn_dtype_size(enum attn_dtype t);

struct attn_shape {
    int64_t batch;     /* B */
    int64_t seq_len;   /* N: keys / context length */
    int64_t q_len;     /* queries: = seq_len in prefill, 1..8 in decode */
    int64_t heads_q;   /* Hq */
    int64_t heads_kv;  /* Hkv (the runner sets it to Hq for methods flagged ATTN_F_MHA) */
    int64_t head_dim;  /* d */
    int64_t index_dim; /* d_idx (MSA only) */
    enum attn_mode mode;
    bool causal;
};

struct attn_params {
    int32_t block_size;  /* Bk: MSA and BigBird block size */
    int32_t topk;        /* k: MSA blocks per (query, group), local included */
    int32_t bb_window;   /* BigBird window blocks (own block + neighbours) */
    int32_t bb_global;   /* BigBird global blocks */
    int32_t bb_random;   /* BigBird random blocks per (query block, KV group) */
    int32_t pf_features; /* Performer m; 0 = round(d * ln d) */
    int32_t pf_chunk;    /* Performer causal chunk length */
    uint64_t seed;       /* method randomness (BigBird pattern, Performer features) */
    int32_t nsa_local;   /* NSA local blocks always kept (own block included) */
    int32_t dsa_tokens;  /* DSA tokens selected per (query, group) */
};

/* Buffers for one call.  All pointers use the backend's element type and
 * memory space.  sel, when non-NULL, receives the selection of sparse methods
 * as int32 [B, heads_kv, q_len, nsel] (nsel = attn_impl.sel_width()) in the
 * same memory space as o; -1 pads.  rows, when non-NULL, lists the query rows
 * (0..q_len-1, same for every batch) that must be correct in o and sel; the
 * implementation may compute more (ref computes only these). */
struct attn_io {
    const void *q, *k, *v;
    const void *qidx, *kidx; /* index branch inputs (ATTN_F_INDEX) */
    void *o;
    int32_t *sel;
    const int64_t *rows;
    int64_t n_rows;
};

/* Implementation flags. */
#define ATTN_F_MHA 0x1u       /* needs heads_kv == heads_q (textbook full attention) */
#define ATTN_F_INDEX 0x2u     /* reads qidx / kidx */
#define ATTN_F_SELECT 0x4u    /* block-sparse: writes a block selection to io->sel */
#define ATTN_F_APPROX 0x8u    /* approximate by design: error vs dense is a figure, not a test */
#define ATTN_F_DEVICE 0x10u   /* buffers live in GPU memory (bf16) */
#define ATTN_F_ORACLE 0x20u   /* the float64 reference of its method */
#define ATTN_F_KIDX_FP8 0x40u /* kidx is an e4m3 key cache + per-key scales (msa_cuda.h) */
/* the implementation rounds each Qidx row to e4m3 with a power-of-two scale (msa_fp8_round.h);
 * the runner's float64 checks read the same rounded rows */
#define ATTN_F_QIDX_FP8 0x80u

struct attn_impl {
    int api_version;                        /* first; fields only ever appended */
    const char *method, *backend, *variant; /* "msa", "cuda", "kv_outer" */
    const char *describe;                   /* one line for `msabench list` */
    uint32_t flags;
    bool (*supports)(const struct attn_shape *, const struct attn_params *, const char **why);
    size_t (*workspace_size)(const struct attn_shape *, const struct attn_params *);
    enum attn_status (*init)(void **ctx, const struct attn_shape *, const struct attn_params *,
                             void *workspace, void *stream);
    enum attn_status (*run)(void *ctx, const struct attn_io *io); /* no allocation inside */
    void (*free)(void *ctx);                                      /* NULL-safe */
    /* Optional stage interface (MSA): run(ctx, io) == run_stage(0..n_stages-1) in order. */
    int n_stages;
    const char *const *stage_names; /* e.g. {"index", "topk", "attn", "combine"} */
    enum attn_status (*run_stage)(void *ctx, int stage, const struct attn_io *io);
    /* Width of one selection row (blocks per query and group); NULL if not ATTN_F_SELECT. */
    int32_t (*sel_width)(const struct attn_shape *, const struct attn_params *);
    /* Optional: the kernel versions a run of this variant uses now, when a variant
     * has several behind process-wide settings (e.g. "index=wgmma;topk=v3"); written
     * to the run's meta.json "kernels".  NULL: the variant names its only kernel. */
    void (*kernel_info)(char *buf, size_t n);
    /* Optional, with kernel_info: the versions a run on (shape, params) uses, where
     * the shape decides among them too (e.g. decode's index kernel); the results
     * column `kernels`.  NULL: kernel_info's string (attn_impl_kernels). */
    void (*kernel_info_for)(const struct attn_shape *, const struct attn_params *, char *buf,
                            size_t n);
};

/* The kernel versions im runs on (s, p) (kernel_info_for, else kernel_info; s NULL:
 * kernel_info), "" for a variant with one kernel (src/meta_kernels.c).  Written as
 * "stage=version" pairs, ';' between: no ',' '"' or newline, so a CSV cell as is. */
void attn_impl_kernels(const struct attn_impl *im, const struct attn_shape *s,
                       const struct attn_params *p, char *buf, size_t n);

/* ---- registry (src/registry.c) ---- */
size_t attn_registry_count(void);
const struct attn_impl *attn_registry_get(size_t i);
const struct attn_impl *attn_registry_find(const char *method, const char *backend,
                                           const char *variant /* NULL = first */);
/* The float64 ref of a method (ATTN_F_ORACLE), or NULL. */
const struct attn_impl *attn_registry_ref(const char *method);
bool attn_method_known(const char *method);
bool attn_backend_known(const char *backend);

/* ---- shape helpers (src/shape.c) ---- */
static inline int64_t attn_group(const struct attn_shape *s) {
    return s->heads_q / s->heads_kv;
}
static inline int64_t attn_nblocks(int64_t n, int64_t bk) {
    return (n + bk - 1) / bk;
}
/* Absolute position of query row t (0..q_len-1): t in prefill, seq_len-q_len+t in decode. */
static inline int64_t attn_qpos(const struct attn_shape *s, int64_t t) {
    return s->seq_len - s->q_len + t;
}
/* Element counts; 0 on overflow. */
int64_t attn_numel_q(const struct attn_shape *s);
int64_t attn_numel_kv(const struct attn_shape *s);
int64_t attn_numel_qidx(const struct attn_shape *s);
int64_t attn_numel_kidx(const struct attn_shape *s);
/* Checks the invariants every implementation may assume; returns why or NULL. */
const char *attn_shape_check(const struct attn_shape *s, const struct attn_params *p);
void attn_params_defaults(struct attn_params *p);

#ifdef __cplusplus
}
#endif
#endif
