/* alloc.c - tracked host allocations (and device stubs without CUDA).
 * A small header before each block keeps its size so free() can account.
 * Blocks of 2 MiB or more start on a 2 MiB boundary and ask for transparent
 * huge pages (THP "madvise" mode; a hint, ignored where THP is off): with 4
 * KiB pages, the physical pages a strided operand lands on change from run
 * to run, and so do its cache-set conflicts.  Materialized full decode at 2K
 * (OpenBLAS packing 8 MiB of K/V read with a 2 KiB stride), in CPU time over
 * its floor, four runs each beside two co-runners: 3.3-4.3 with 4 KiB pages,
 * 2.1-3.4 with huge pages (1.9-2.5 when idle, either way). */
#include "alloc.h"

#include <stdatomic.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

#define HDR 64 /* keeps 64-byte alignment of the user pointer */
#define HUGE (2u << 20)

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
    const bool huge = bytes >= HUGE && bytes <= SIZE_MAX - HDR - HUGE;
    if (posix_memalign(&raw, huge ? HUGE : HDR, HDR + bytes) != 0)
        return NULL;
#ifdef MADV_HUGEPAGE
    if (huge) /* whole huge pages inside the block only */
        (void)madvise(raw, (HDR + bytes) / HUGE * HUGE, MADV_HUGEPAGE);
#endif
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

size_t attn_host_current(void) {
    return atomic_load(&host_cur);
}
size_t attn_host_peak(void) {
    return atomic_load(&host_peak);
}
void attn_host_peak_reset(void) {
    atomic_store(&host_peak, atomic_load(&host_cur));
}

#ifndef MSABENCH_HAVE_CUDA
void *attn_dev_alloc(size_t bytes) {
    (void)bytes;
    return NULL;
}
void attn_dev_free(void *p) {
    (void)p;
}
size_t attn_dev_current(void) {
    return 0;
}
size_t attn_dev_peak(void) {
    return 0;
}
void attn_dev_peak_reset(void) {}
#endif
