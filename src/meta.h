/* meta.h - the run's metadata record (meta.json beside results.csv). */
#ifndef MSABENCH_META_H
#define MSABENCH_META_H
#include "sweep.h"
#include <time.h>
struct meta_run {
    const struct sweep_spec *spec;
    char path[DATA_PATH_MAX + 16];
    time_t start, end;
    double calib_sgemm_ms[2]; /* median of a fixed sgemm at start and end */
    int shard_index, shard_count;
    size_t assigned_runs;                  /* (point, implementation) runs this shard owns */
    const struct attn_impl *const *impls;  /* the implementations the sweep selected, */
    size_t n_impls;                        /* as meta.json "implementations" (run_gaps.c) */
    double mem_limit, dev_mem_limit;       /* bytes, as the runner applied them */
    double cpu_read_gbps;                  /* floor.c's read rate on 64 MiB, at the start */
    double gpu_bf16_tflops, gpu_copy_gbps; /* attn_device_peaks; NaN without a GPU */
};
/* The process's command line, kept for meta.json (main calls it once). */
void meta_set_command(int argc, char **argv);
void meta_begin(struct meta_run *m, const struct sweep_spec *spec, const char *out_dir);
void meta_end(struct meta_run *m);
enum attn_status meta_write(const struct meta_run *m);
/* Median ms of a fixed 384^3 OpenBLAS sgemm: the noise calibration kernel. */
double meta_calib_sgemm_ms(void);
/* "model name" from /proc/cpuinfo, or "unknown". */
void meta_cpu_model(char *buf, size_t n);
/* What meta.json's "device" names for a run here: the GPU's name, else the CPU model. */
void meta_device_name(char *buf, size_t n);
/* The revision this binary was built from (meta.json's "build_rev"), or "unknown". */
const char *meta_build_rev(void);
#endif
