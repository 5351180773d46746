/* alloc.h - the harness's own allocator: every buffer goes through it so
 * mem_peak is measured the same way for every method. */
#ifndef MSABENCH_ALLOC_H
#define MSABENCH_ALLOC_H
#include <stddef.h>
#ifdef __cplusplus
extern "C" {
#endif
void *attn_host_alloc(size_t bytes); /* 64-byte aligned, NULL on failure */
void *attn_host_calloc(size_t bytes);
void attn_host_free(void *p); /* NULL-safe */
size_t attn_host_current(void);
size_t attn_host_peak(void);
void attn_host_peak_reset(void); /* peak := current */

/* Device memory (src/alloc_cuda.cu; stubs returning NULL without CUDA). */
void *attn_dev_alloc(size_t bytes);
void attn_dev_free(void *p);
size_t attn_dev_current(void);
size_t attn_dev_peak(void);
void attn_dev_peak_reset(void);
#ifdef __cplusplus
}
#endif
#endif
