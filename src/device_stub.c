/* device_stub.c - the device API without CUDA: no device, every call refuses. */
#include "device.h"

#include <math.h>
#include <string.h>

uint16_t attn_f32_to_bf16(float x) {
    uint32_t u;
    memcpy(&u, &x, 4);
    if ((u & 0x7f800000u) == 0x7f800000u) /* Inf / NaN: keep, quiet NaN */
        return (uint16_t)((u >> 16) | ((u & 0xffffu) ? 0x40u : 0));
    u += 0x7fffu + ((u >> 16) & 1u);
    return (uint16_t)(u >> 16);
}

float attn_bf16_to_f32(uint16_t b) {
    uint32_t u = (uint32_t)b << 16;
    float x;
    memcpy(&x, &u, 4);
    return x;
}

#ifndef MSABENCH_HAVE_CUDA
bool attn_device_available(void) {
    return false;
}
enum attn_status attn_device_meta_json(char *buf, size_t n) {
    if (n)
        buf[0] = '\0';
    return ATTN_ERR_UNSUPPORTED;
}
enum attn_status attn_device_uuid(char *buf, size_t n) {
    if (n)
        buf[0] = '\0';
    return ATTN_ERR_UNSUPPORTED;
}
enum attn_status attn_device_peaks(double *bf16_tflops, double *copy_gbps) {
    *bf16_tflops = *copy_gbps = NAN;
    return ATTN_ERR_UNSUPPORTED;
}
size_t attn_device_mem_total(void) {
    return 0;
}
size_t attn_device_l2_bytes(void) {
    return 0;
}
void *attn_device_stream(void) {
    return NULL;
}
enum attn_status attn_dev_upload_bf16(void **dst, const float *src, size_t n) {
    (void)src, (void)n;
    *dst = NULL;
    return ATTN_ERR_UNSUPPORTED;
}
enum attn_status attn_dev_download_bf16(float *dst, const void *src, size_t n) {
    (void)dst, (void)src, (void)n;
    return ATTN_ERR_UNSUPPORTED;
}
enum attn_status attn_dev_download_i32(int32_t *dst, const int32_t *src, size_t n) {
    (void)dst, (void)src, (void)n;
    return ATTN_ERR_UNSUPPORTED;
}
enum attn_status attn_dev_memset(void *dst, int byte, size_t n) {
    (void)dst, (void)byte, (void)n;
    return ATTN_ERR_UNSUPPORTED;
}
enum attn_status attn_dev_sync(void) {
    return ATTN_ERR_UNSUPPORTED;
}
enum attn_status attn_dev_time(enum attn_status (*fn)(void *), void *arg, double *ms) {
    (void)fn, (void)arg, (void)ms;
    return ATTN_ERR_UNSUPPORTED;
}
enum attn_status attn_dev_time_graph(enum attn_status (*fn)(void *, int), void *arg, int reps,
                                     double *ms_per_call) {
    (void)fn, (void)arg, (void)reps, (void)ms_per_call;
    return ATTN_ERR_UNSUPPORTED;
}
#endif
