/* device.h - what the runner needs from a GPU, in plain C.  Implemented in
 * src/device_cuda.cu; src/device_stub.c answers "no device" without CUDA. */
#ifndef MSABENCH_DEVICE_H
#define MSABENCH_DEVICE_H
#include "attn.h"
#ifdef __cplusplus
extern "C" {
#endif
/* True when built with CUDA and a GPU is visible at run time. */
bool attn_device_available(void);
/* Device metadata as JSON members without braces, e.g.
 * "\"gpu\": \"NVIDIA H100 80GB HBM3\", \"sm_count\": 132, ...": name, SM count,
 * clocks, L2 bytes, memory bytes, driver, runtime and cuBLAS versions. */
enum attn_status attn_device_meta_json(char *buf, size_t n);
/* The device's UUID from cudaGetDeviceProperties, "GPU-xxxxxxxx-xxxx-...". */
enum attn_status attn_device_uuid(char *buf, size_t n);
/* Peak rates measured now (src/device_peaks.cu): cuBLAS bf16 GEMM (8192^3,
 * fp32 accumulate) in TFLOP/s and a device-to-device copy of 1 GiB in GB/s
 * of bytes read + written; best of a few timed repetitions. */
enum attn_status attn_device_peaks(double *bf16_tflops, double *copy_gbps);
size_t attn_device_mem_total(void); /* bytes, 0 without a device */
size_t attn_device_l2_bytes(void);
void *attn_device_stream(void); /* the stream every implementation gets */
/* Allocate (attn_dev_alloc) and fill with bf16(src[i]); *dst NULL on error. */
enum attn_status attn_dev_upload_bf16(void **dst, const float *src, size_t n);
enum attn_status attn_dev_download_bf16(float *dst, const void *src, size_t n);
enum attn_status attn_dev_download_i32(int32_t *dst, const int32_t *src, size_t n);
enum attn_status attn_dev_memset(void *dst, int byte, size_t n);
enum attn_status attn_dev_sync(void);
/* Cold timing of one call (SPEC §7): flush L2 (memset of >= 2x L2) outside the
 * timed range, then CUDA events around fn(arg) on the stream; ms of that call. */
enum attn_status attn_dev_time(enum attn_status (*fn)(void *), void *arg, double *ms);
/* For sub-100 us work: captures `reps` calls of fn(arg, rep) (the callee rotates
 * inputs by rep) in a CUDA graph, launches it once, and returns ms per call. */
enum attn_status attn_dev_time_graph(enum attn_status (*fn)(void *, int), void *arg, int reps,
                                     double *ms_per_call);
/* bf16 helpers shared by the host code (round to nearest even). */
uint16_t attn_f32_to_bf16(float x);
float attn_bf16_to_f32(uint16_t b);
#ifdef __cplusplus
}
#endif
#endif
