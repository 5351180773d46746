/* floor.h - the floor of a host row, measured beside it: how long this
 * machine, right now, takes to do the row's FLOPs at OpenBLAS sgemm's rate
 * plus to read its modelled bytes at the rate of a plain read of that many
 * bytes (a serial roofline: no overlap, so each resource weighs in by its
 * share).  compare --normalize divides a row's times by it, so a neighbour
 * that steals a core, cache or memory bandwidth during the row slows the
 * floor with it, and the ratio keeps measuring the code. */
#ifndef MSABENCH_FLOOR_H
#define MSABENCH_FLOOR_H
#ifdef __cplusplus
extern "C" {
#endif

/* Median ms of a fixed 384^3 OpenBLAS sgemm (2 * 384^3 FLOPs), reps >= 3. */
double floor_sgemm_ms(int reps);
/* Median ms of one read pass over `bytes`: timed on a buffer clamped to
 * 64 KiB..64 MiB (beyond, a row reads DRAM either way) and scaled to `bytes`;
 * reps >= 3; 0 for no bytes, negative if out of memory. */
double floor_read_ms(double bytes, int reps);

/* A row's floor samples: flops / sgemm rate + bytes / read rate in ms, one
 * per round.  Rounds taken before and after a row's samples are pooled. */
struct floor_acc {
    double ms[8];
    int n;
};
void floor_sample(struct floor_acc *a, double flops, double bytes, int rounds);
double floor_median(const struct floor_acc *a); /* NaN when empty */

/* Device rows: the card's peaks measured once per run (meta_begin: cuBLAS bf16
 * GEMM and a device copy), and a row's floor from them, max(FLOPs / GEMM rate,
 * bytes / copy rate) in ms: a kernel overlaps the two, so the larger bounds it.
 * NaN until the peaks are set or when either is unknown. */
void floor_set_device_peaks(double bf16_tflops, double copy_gbps);
double floor_device_ms(double flops, double bytes);

#ifdef __cplusplus
}
#endif
#endif
