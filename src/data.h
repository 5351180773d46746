/* data.h - input generators (normal, structured) and the .npy loader.
 * Inputs are made once per shape as float32 master copies; the runner derives
 * float64 (ref) and bf16 (cuda) copies from them. */
#ifndef MSABENCH_DATA_H
#define MSABENCH_DATA_H
#include "attn.h"
#include <stdio.h>
#ifdef __cplusplus
extern "C" {
#endif

/* calibrated / coherent: selection coherence set on purpose (data_coherence.c) */
enum data_kind { DATA_NORMAL = 0, DATA_STRUCTURED, DATA_FILE, DATA_CALIBRATED, DATA_COHERENT };
const char *data_kind_str(enum data_kind k);

#define DATA_PATH_MAX 512
struct data_spec {
    enum data_kind kind;
    uint64_t seed;
    double index_noise; /* structured: noise of the index projection (0 = exact) */
    /* file: paths to .npy files ([N,H,d] or [B,N,H,d]); qidx/kidx may be empty:
     * then the index inputs are made training-free from Q/K (group mean). */
    char q_path[DATA_PATH_MAX], k_path[DATA_PATH_MAX], v_path[DATA_PATH_MAX];
    char qidx_path[DATA_PATH_MAX], kidx_path[DATA_PATH_MAX];
};

/* float32 host buffers in the layouts of attn.h.  For prefill q has seq_len
 * rows; for decode q and qidx hold the last q_len positions. */
struct attn_inputs {
    struct attn_shape shape;
    float *q, *k, *v, *qidx, *kidx; /* from attn_host_alloc */
};

/* Makes inputs for shape (heads_kv as given: for ATTN_F_MHA methods the runner
 * asks for a shape with heads_kv = heads_q).  Errors name the file and reason
 * through attn_set_error(). */
enum attn_status data_make(const struct data_spec *spec, const struct attn_shape *shape,
                           struct attn_inputs *out);
void data_free(struct attn_inputs *in);

/* .npy reading: float32 / float16 / bfloat16-as-uint16 ("<u2" with bf16=1)
 * into float32.  dims receives the shape (ndim 3 or 4). */
struct npy_array {
    int ndim;
    int64_t dims[4];
    float *data; /* attn_host_alloc */
};
enum attn_status npy_load(const char *path, int bf16_u16, struct npy_array *out);
/* The same from an open stream (fmemopen for the fuzzer); path names it in errors.
 * Refused: a header-length field that does not end at the header's newline,
 * and any NaN or Inf (the error names the first one's index). */
enum attn_status npy_load_stream(const char *path, FILE *f, int bf16_u16, struct npy_array *out);
enum attn_status npy_save_f32(const char *path, const float *data, int ndim, const int64_t *dims);
enum attn_status npy_save_bf16(const char *path, const float *data, int ndim, const int64_t *dims);
enum attn_status npy_save_i64(const char *path, const int64_t *data, int ndim, const int64_t *dims);
enum attn_status npy_save_i32(const char *path, const int32_t *data, int ndim, const int64_t *dims);
void npy_free(struct npy_array *a);

/* Counter-based RNG shared by every generator (splitmix64 + Box-Muller). */
uint64_t attn_rng_next(uint64_t *state);
double attn_rng_uniform(uint64_t *state); /* [0,1) */
double attn_rng_normal(uint64_t *state);

#ifdef __cplusplus
}
#endif
#endif
