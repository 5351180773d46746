/* run_gaps.h - the runs a sweep assigned to a run folder that have no row in its
 * results.csv: a call cut short, a killed job, a shard that did not finish.  report and
 * plot say so, so a partial run never reads as the whole sweep.  The count comes from
 * the run's own meta.json (assigned_runs, written before the first run); which runs they
 * are, from its sweep.yaml's points times the implementations its meta.json names (what the
 * binary that ran selected, so a build with or without CUDA lists the same), listed only
 * when those make exactly the runs assigned (older folders: the count alone). */
#ifndef MSABENCH_RUN_GAPS_H
#define MSABENCH_RUN_GAPS_H

#include "attn.h"
#include "results.h"

#include <stdbool.h>
#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

struct run_gap {
    char method[48]; /* "dsa" */
    char impl[160];  /* "dsa cuda/tc" */
    char mode[16];   /* "prefill" / "decode" */
    double n;        /* seq_len */
    int topk;        /* the point's k (its budget along the sweep's budget axis) */
    char key[1024];  /* the point's key for the method, as results.csv's `key` */
};

struct run_gaps {
    bool known;          /* meta.json beside the CSV names assigned_runs */
    size_t assigned;     /* runs the sweep assigned to this folder */
    size_t have;         /* rows in results.csv */
    struct run_gap *gap; /* the runs without a row, when they could be told (else NULL) */
    size_t n_gap;
};

/* Fills g for the results table t read from csv_path.  No meta.json or no assigned_runs:
 * g->known = false and ATTN_OK; only out of memory is an error. */
enum attn_status run_gaps_find(const char *csv_path, const struct csv_table *t, struct run_gaps *g);
/* Runs without a row (assigned - have, never negative). */
size_t run_gaps_missing(const struct run_gaps *g);
void run_gaps_free(struct run_gaps *g);

#ifdef __cplusplus
}
#endif
#endif
