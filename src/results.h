/* results.h - result rows (CSV, one per point and implementation), the run's
 * metadata record, and a generic CSV reader for plot / compare.
 * Columns keep their names; new ones are appended; readers look columns up
 * by name and ignore unknown ones. */
#ifndef MSABENCH_RESULTS_H
#define MSABENCH_RESULTS_H
#include "attn.h"
#include "coherence.h"
#include "model.h"
#include "recall.h"
#include "stats.h"
#include "sweep.h"
#include <stdio.h>
#ifdef __cplusplus
extern "C" {
#endif

enum row_status { ROW_OK = 0, ROW_SKIPPED, ROW_FAILED, ROW_ESTIMATED };
const char *row_status_str(enum row_status s);

#define ROW_MAX_STAGES 4
#define ROW_MAX_SAMPLES 256

struct result_row {
    const char *sweep;
    char key[512];
    const struct sweep_point *point;
    const char *method, *backend, *variant;
    char kernels[96]; /* kernel versions the implementation ran (attn_impl_kernels) or "" */
    enum row_status status;
    char reason[256];
    struct attn_cost cost;
    double mem_peak; /* bytes, harness allocator (host + device) */
    struct stats_summary time_ms;
    double stage_ms[ROW_MAX_STAGES];          /* medians: index, topk, attn, combine; NaN if none */
    double useful_tflops, dense_tflops, gbps; /* derived: row_metrics_fill (row_metrics.h) */
    double frac_of_floor;                     /* floor_ms / median_ms (row_metrics_fill) */
    double val_rel_err, val_max_abs; /* against ref on val_rows rows; NaN if not validated */
    int64_t val_rows;
    struct recall_stats recall; /* NaN fields when not measured */
    double floor_ms;          /* host rows: roofline floor measured beside the samples (floor.h) */
    double bytes_worst;       /* bytes_model before the selection was known (worst case) */
    struct sel_coherence coh; /* GROUP_BLOCKS selections (coherence.h); NaN otherwise */
    double samples[ROW_MAX_SAMPLES];
    size_t n_samples;
};
void result_row_init(struct result_row *r); /* NaNs, zeros */

struct results_file {
    FILE *fp;
    char path[DATA_PATH_MAX];
    char **done; /* keys "point_key|method|backend|variant" already present (resume) */
    size_t n_done;
};
/* Opens OUTDIR/results.csv; resume keeps whole rows already there (a torn
 * last line is cut off) and remembers them; otherwise the file is created new. */
enum attn_status results_open(struct results_file *rf, const char *path, bool resume);
bool results_done(const struct results_file *rf, const char *key, const char *method,
                  const char *backend, const char *variant);
/* Writes one whole line (the columns of results_cols.h, derived figures
 * filled by row_metrics_fill on a copy), then fflush + fsync. */
enum attn_status results_append(struct results_file *rf, const struct result_row *r);
void results_close(struct results_file *rf);
/* The column header line (without newline), made from results_cols.h. */
const char *results_header(void);

/* ---- generic CSV reading (plot, compare, merge) ---- */
struct csv_table {
    size_t ncol, nrow;
    char **col;   /* names */
    char ***cell; /* cell[row][col] */
};
enum attn_status csv_read(const char *path, struct csv_table *t); /* errors via attn_set_error */
/* The same from memory (the fuzzer); path names it in errors. */
enum attn_status csv_parse_buffer(const char *path, const char *buf, size_t len,
                                  struct csv_table *t);
int csv_col(const struct csv_table *t, const char *name);                     /* -1 if absent */
const char *csv_get(const struct csv_table *t, size_t row, const char *name); /* "" if absent */
double csv_num(const struct csv_table *t, size_t row, const char *name);      /* NaN if empty */
void csv_free(struct csv_table *t);
/* rf->done = the rows of t, as resume keeps them (results_done looks them up; results_close
 * frees them); rf is otherwise unused (no file is opened). */
enum attn_status results_index(struct results_file *rf, const struct csv_table *t);

#ifdef __cplusplus
}
#endif
#endif
