/* alloc.c - tracked host allocations (and device stubs without CUDA).
 * A small header before each block keeps its size so free() can account. */
#include "alloc.h"

#include <stdatomic.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#define HDR 64 /* keeps 64-byte alignment of the user pointer */

static _Atomic size_t host_cur, host_peak;

static void bump_peak(_Atomic size_t *cur, _Atomic size_t *peak, size_t add) {
    size_t now = atomic_fetch_add(cur, add) + add;
    size_t pk = atomic_load(peak);
    while (now > pk && !atomic_compare_exchange_weak(peak, &pk, now)) {
    }
}

void *attn_host_alloc(size_t bytes) {
    if (bytes > SIZE_MAX - HDR)
        return NULL;
    void *raw = NULL;
    if (posix_memalign(&raw, HDR, HDR + bytes) != 0)
        return NULL;
    *(size_t *)raw = bytes;
    bump_peak(&host_cur, &host_peak, bytes);
    return (char *)raw + HDR;
}

void *attn_host_calloc(size_t bytes) {
    void *p = attn_host_alloc(bytes);
    if (p)
        memset(p, 0, bytes);
    return p;
}

void attn_host_free(void *p) {
    if (!p)
        return;
    char *raw = (char *)p - HDR;
    atomic_fetch_sub(&host_cur, *(size_t *)raw);
    free(raw);
}

size_t attn_host_current(void) { return atomic_load(&host_cur); }
size_t attn_host_peak(void) { return atomic_load(&host_peak); }
void attn_host_peak_reset(void) { atomic_store(&host_peak, atomic_load(&host_cur)); }

#ifndef MSABENCH_HAVE_CUDA
void *attn_dev_alloc(size_t bytes) {
    (void)bytes;
    return NULL;
}
void attn_dev_free(void *p) { (void)p; }
size_t attn_dev_current(void) { return 0; }
size_t attn_dev_peak(void) { return 0; }
void attn_dev_peak_reset(void) {}
#endif
