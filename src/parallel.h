/* parallel.h - a tiny pthread parallel-for for the harness's own CPU work
 * (input generation, the recall oracle).  Items are handed out dynamically;
 * callers make each item's result depend only on the item, never on the
 * thread that ran it, so results do not depend on the thread count. */
#ifndef MSABENCH_PARALLEL_H
#define MSABENCH_PARALLEL_H
#include <stdint.h>

/* Worker threads to use: env MSABENCH_THREADS if set (>= 1), else the online CPUs (max 64). */
int attn_cpu_threads(void);

/* Calls fn(ctx, item, tid) for every item in 0..n_items-1, on up to nthreads
 * threads (tid in 0..nthreads-1).  If a thread cannot be started the caller's
 * thread does its share: it never fails. */
void attn_parallel_for(int64_t n_items, int nthreads, void (*fn)(void *ctx, int64_t item, int tid),
                       void *ctx);
#endif
