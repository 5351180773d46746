/* compare.h - regression verdicts between two result sets (msabench compare).
 *
 * Rows are matched by (key, method, backend, variant).  For a row ok on both
 * sides, ratio = new median / base median and bound = max(threshold, 2*CV of
 * base):
 *   SLOW   Mann-Whitney p < alpha on the raw samples AND ratio > 1 + bound
 *   FAST   p < alpha AND ratio < 1 / (1 + bound)   (symmetric in log space)
 *   NOISY  not SLOW/FAST, and either side's CV > max_noise
 *   SLOW? / FAST?  beyond the bound but not significant (informational)
 *   OK     otherwise
 * Status changes: ok -> failed is FAILED; failed -> ok is FIXED; ok ->
 * skipped/estimated is GONE; rows with no timing on one side (not ok, or no
 * median) are NOT_RUN ("n/a": counted in the summary, not printed).  Rows in
 * base only are MISSING, in new only NEW.  A repeated identity in one file
 * (a re-run point) counts once, by its last row.  --normalize divides both
 * medians and raw samples by the row's floor_ms when both sides have one
 * (floor.h: measured beside the row, so contention during it cancels), else
 * by each run's calib_sgemm_ms.  --base-runs reads a base made of several
 * runs of one sweep (rows repeated once per run): its median is the median of
 * the runs' medians, its samples are pooled, and a row's bound also covers the
 * spread of the run medians (max / min - 1), the run-to-run noise that one
 * run's CV cannot show.  Exit status of
 * compare_main: 0 when no SLOW and no FAILED, 1 otherwise, 2 on usage or
 * input errors (unreadable file, missing column, different devices without
 * --force, --normalize without calibration). */
#ifndef MSABENCH_COMPARE_H
#define MSABENCH_COMPARE_H
#include "results.h"
#ifdef __cplusplus
extern "C" {
#endif

enum cmp_verdict {
    CMP_OK = 0,
    CMP_SLOW,
    CMP_FAST,
    CMP_NOISY,
    CMP_SLOW_UNPROVEN,
    CMP_FAST_UNPROVEN,
    CMP_FAILED,
    CMP_FIXED,
    CMP_GONE,
    CMP_NOT_RUN,
    CMP_MISSING,
    CMP_NEW,
    CMP_NVERDICTS
};
const char *cmp_verdict_str(enum cmp_verdict v);

struct cmp_opts {
    double threshold; /* relative, 0.05 = 5% */
    double alpha;     /* significance level of the Mann-Whitney test */
    double max_noise; /* CV above which a side is called noisy */
    bool normalize;   /* divide times by each row's floor_ms, else meta.json calib_sgemm_ms */
    bool force;       /* compare across different devices */
    bool base_runs;   /* base repeats are independent runs: pool them (see above) */
};
void cmp_opts_default(struct cmp_opts *o); /* 5%, 0.01, 0.03, off, off */

struct cmp_entry {
    size_t base_row, new_row;                            /* SIZE_MAX when absent on that side */
    const char *key, *method, *backend, *variant, *mode; /* point into the tables */
    double seq_len;
    double base_ms, new_ms; /* medians (normalized when asked) */
    double ratio, p, base_cv, new_cv, bound;
    size_t base_n, new_n;    /* raw samples used by the test */
    bool by_floor;           /* normalized by the rows' floor_ms (else by calib_sgemm_ms) */
    const size_t *base_rowv; /* --base-runs: the base rows of this identity */
    size_t base_runs;        /* how many (0 without --base-runs) */
    double base_spread;      /* max / min of the base runs' medians - 1; NaN for one run */
    enum cmp_verdict verdict;
};

struct cmp_result {
    struct csv_table base, cur;
    const char *base_path, *new_path;       /* as given to compare_files */
    char base_device[256], new_device[256]; /* "" when meta.json is missing */
    double base_calib, new_calib;           /* NaN unless normalizing */
    size_t n_floor;                         /* rows normalized by their floor_ms */
    size_t *base_rowv;                      /* storage of the entries' base_rowv */
    size_t max_runs;                        /* most base runs of one identity */
    struct cmp_entry *e;                    /* base order, then NEW rows */
    size_t n;
    size_t count[CMP_NVERDICTS];
    double geomean; /* over rows ok on both sides with a ratio; NaN if none */
    size_t n_geomean;
};

/* Reads both files and fills r.  Errors (unreadable file, missing column,
 * different devices without force, --normalize without calibration) return
 * non-OK with the reason in attn_last_error(); warnings go to warn (may be NULL). */
enum attn_status compare_files(const char *base_csv, const char *new_csv, const struct cmp_opts *o,
                               struct cmp_result *r, FILE *warn);
/* Prints the table, the MISSING / NEW / FAILED lists and the geomean summary. */
void compare_print(const struct cmp_result *r, const struct cmp_opts *o, FILE *out);
void compare_free(struct cmp_result *r);
/* 0 no SLOW and no FAILED, else 1. */
int compare_exit_code(const struct cmp_result *r);

/* msabench compare BASE.csv NEW.csv [--threshold 5%] [--alpha 0.01]
 *   [--max-noise 0.03] [--normalize] [--force] [--help]; argv[0] is "compare". */
int compare_main(int argc, char **argv);

#ifdef __cplusplus
}
#endif
#endif
