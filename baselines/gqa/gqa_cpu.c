/* gqa_cpu.c - `gqa`, float32 on OpenBLAS: textbook grouped-query attention
 * with all scores materialized (the body is gqa/dense_materialized.c, shared
 * with full_cpu.c).  Memory: B*Hq*q_len*N*4 bytes of scores.
 *
 * Measured: B=1, N=4096, Hq=8, Hkv=2, d=64, causal prefill, one AMD EPYC
 * (Zen 4, KVM) with 2 cores shared by 8 users and loaded (load average 6-8
 * while measuring), OpenBLAS 0.3.21 pthread, gcc 12.2 -O3 (no -march); median
 * of 7 calls after a warm-up, two rounds (so: noisy):
 *   OPENBLAS_NUM_THREADS=1: CPU time 590 / 681 ms, wall 1177 / 1388 ms
 *   2 threads (default):    wall 1766 / 1792 ms (CPU time 855 / 869 ms);
 *                           563 ms on the quiet machine (load 0.5, a build
 *                           still using glibc expf)
 * Workspace 512 MiB.  It computes the whole N x N square (34.4 GFLOP), twice
 * the 17.2 GFLOP of useful causal work: ~29 useful GFLOP/s per core.  Profile
 * (perf, 1 thread): sgemm ~60%, the softmax pass ~17%, zeroing the masked
 * half and page faults most of the rest.  flash_cpu.c, same point and
 * rounds: CPU time 368 ms at 1 thread, 1.6-1.85x faster in ~50 KB. */
#include "gqa/dense_materialized.h"

static bool gqa_cpu_supports(const struct attn_shape *s, const struct attn_params *p,
                             const char **why) {
    (void)p;
    return dense_mat_check(s, false, why);
}

const struct attn_impl attn_gqa_cpu = {
    .api_version = ATTN_API_VERSION,
    .method = "gqa",
    .backend = "cpu",
    .variant = "materialized",
    .describe = "textbook GQA, all scores materialized, float32 OpenBLAS sgemm",
    .flags = 0,
    .supports = gqa_cpu_supports,
    .workspace_size = dense_mat_workspace,
    .init = dense_mat_init,
    .run = dense_mat_run,
    .free = dense_mat_free,
};
