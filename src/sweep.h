/* sweep.h - a parsed, validated, expanded sweep.  Only sweep_yaml.c includes <yaml.h>.
 *
 * Schema (every key optional unless marked; unknown keys are errors):
 *   name: quickstart                  # default: file stem
 *   methods: [full, gqa, flash]       # required; names from the registry
 *   backends: [ref, cpu]              # default [ref, cpu]
 *   variants: [kv_outer]              # optional filter; "nsa/tc" entries restrict only
 *                                     # their method (the others: the plain names, or all)
 *   axes:                             # cartesian product; scalar, list or range
 *     seq_len: 512..8192              # powers-of-two range, both ends included
 *     batch: 1          heads_q: 8    heads_kv: 2   head_dim: 64   index_dim: 64
 *     block_size: 64    topk: 8       mode: [prefill, decode]      q_len: [1, 4]
 *     causal: true      dtype: auto   data: normal  index_noise: 0.0   seed: 1
 *     bb_window: 3      bb_global: 2  bb_random: 3  pf_features: 0     pf_chunk: 64
 *     (the knob keys, their defaults and ranges are the methods' knob tables, method.h;
 *      `msabench list` prints them)
 *   zip:                              # named groups varied together (equal lengths)
 *     budget: {block_size: [32, 64], topk: [32, 16]}
 *   include:                          # extra explicit points (unset keys: axis defaults)
 *     - {seq_len: 1048576, heads_q: 64}
 *   file: {q: q.npy, k: k.npy, v: v.npy, qidx: qi.npy, kidx: ki.npy}  # data: file
 *   file:                             # or a list of named entries: each point once per entry
 *     - {name: L03, q: L03_q.npy, k: L03_k.npy, v: L03_v.npy}     # (key gains ",file=L03")
 *   timing: {warmup_ms: 25, min_samples: 10, max_samples: 200, min_time_ms: 0,
 *            max_noise: 0.03, timeout_s: 10}
 *   limits: {memory: 8GiB, device_memory: 60GiB, cpu_max_seconds: 30}
 *   validate: {rows: 16}      # random rows, on top of the edge rows always
 *                             # checked (first, last, block boundaries: validate_rows.h)
 *   recall: {enabled: true, rows: 256, all_rows_below: 4096}
 *   output: {dir: results/runs/quickstart}
 * In prefill q_len is forced to seq_len (duplicates dropped); decode needs
 * 1 <= q_len <= 8 and q_len <= seq_len. */
#ifndef MSABENCH_SWEEP_H
#define MSABENCH_SWEEP_H
#include "attn.h"
#include "data.h"
#include <stdio.h>
#ifdef __cplusplus
extern "C" {
#endif

#define SWEEP_MAX_LIST 32
#define SWEEP_NAME_MAX 64

enum sweep_dtype { SWEEP_DTYPE_AUTO = 0, SWEEP_DTYPE_F64, SWEEP_DTYPE_F32, SWEEP_DTYPE_BF16 };

struct sweep_point {
    struct attn_shape shape;
    struct attn_params params;
    struct data_spec data;
    enum sweep_dtype dtype;
    char file_name[SWEEP_NAME_MAX]; /* data: file: the `file:` entry's name ("" = none) */
};

struct sweep_timing {
    double warmup_ms; /* at least one call and this long (a first call this long and past
                       * timeout_s is the warmup: runner_timing.c) */
    int min_samples, max_samples;
    double min_time_ms; /* keep sampling at least this long */
    double max_noise;   /* CV stop */
    double timeout_s;   /* per (point, implementation); at most 86400 (1 day) */
};

struct sweep_spec {
    char name[SWEEP_NAME_MAX];
    char path[DATA_PATH_MAX];
    char hash[17]; /* FNV-1a 64 of the file bytes, hex */
    char methods[SWEEP_MAX_LIST][SWEEP_NAME_MAX];
    int n_methods;
    char backends[SWEEP_MAX_LIST][SWEEP_NAME_MAX];
    int n_backends;
    char variants[SWEEP_MAX_LIST][SWEEP_NAME_MAX];
    int n_variants; /* 0 = all */
    /* "file:line:col: why" where the sweep reads but must not run (sweep_check_variants: a
     * plain variant name that selects nothing); run and estimate refuse it, while report and
     * plot still read a run folder's recorded sweep.yaml.  Empty when fit to run. */
    char lint[400];
    struct sweep_timing timing;
    double mem_limit;       /* bytes; 0 = default (a fraction of host RAM) */
    double dev_mem_limit;   /* bytes; 0 = default (a fraction of device memory) */
    double cpu_max_seconds; /* predicted-time cap for cpu/ref points; beyond: estimated */
    int validate_rows;
    bool recall_enabled;
    int recall_rows;
    int64_t recall_all_rows_below;
    char output_dir[DATA_PATH_MAX];
    struct sweep_point *points;
    size_t n_points;
};

/* Loads, validates and expands.  Every error goes to err as
 * "file:line:col: message"; returns ATTN_ERR_PARSE if any (spec is then
 * freed and zeroed), ATTN_ERR_IO for an unreadable file. */
enum attn_status sweep_load(const char *path, struct sweep_spec *out, FILE *err);
/* The same from memory (fuzzing, tests); name is used in messages. */
enum attn_status sweep_load_buffer(const char *name, const char *buf, size_t len,
                                   struct sweep_spec *out, FILE *err);
void sweep_free(struct sweep_spec *s);
void sweep_defaults(struct sweep_spec *s);

/* The sweep's filters of implementations (runner_select, sweep_check_variants): its methods
 * and backends list im's; its variants want im ("method/variant" entries restrict that method
 * to the variants they name, so one variant name can be dropped for one method only; plain
 * names restrict every other method; no entries: every variant). */
struct attn_impl;
bool sweep_lists(const struct sweep_spec *s, const struct attn_impl *im);
bool sweep_variant_wanted(const struct sweep_spec *s, const struct attn_impl *im);

/* Canonical text key of a point (stable across runs; used by --resume,
 * compare and merge), e.g. "prefill,c1,B1,N4096,q4096,hq8,hkv2,d64,di64,bk64,k8,...". */
void sweep_point_key(const struct sweep_point *p, char *buf, size_t n);
/* The key of the point's row of one method: today's tokens, then ",name=value"
 * for each newer knob the method reads (method.h) or that is away from its
 * default.  The six first methods' keys equal sweep_point_key's. */
void sweep_point_key_method(const struct sweep_point *p, const char *method, char *buf, size_t n);
const char *sweep_dtype_str(enum sweep_dtype t);

#ifdef __cplusplus
}
#endif
#endif
