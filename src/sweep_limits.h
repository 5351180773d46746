/* sweep_limits.h - checks on a point's byte counts made when the sweep loads,
 * so a size no machine can hold (batch: 2147483647) is refused with the
 * sweep's file:line:col instead of reaching an allocator. */
#ifndef MSABENCH_SWEEP_LIMITS_H
#define MSABENCH_SWEEP_LIMITS_H
#include "attn.h"

/* The most bytes one point's tensors may take, counted as float64: 2^48
 * (256 TiB, a 48-bit address space).  Far above any machine's memory. */
#define SWEEP_MAX_POINT_BYTES ((int64_t)1 << 48)

/* The largest timing.timeout_s a sweep may give (1 day): every timed loop
 * (warmup, samples) stops at the row's timeout, so this bounds them all. */
#define SWEEP_MAX_TIMEOUT_S 86400

/* NULL when the inputs and output of `s` (Q, K, V, O, Qidx, Kidx; K/V with
 * heads_q heads, as MHA methods use) fit in SWEEP_MAX_POINT_BYTES as float64;
 * else the reason, written into buf. */
const char *sweep_point_bytes_check(const struct attn_shape *s, char *buf, size_t n);
#endif
