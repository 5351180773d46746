/* run_profile.h - `msabench run SWEEP --list`, `--point KEY_OR_INDEX` and
 * `--profile nsys|ncu` (issue 18): one point of a sweep, alone or under
 * Nsight Systems / Nsight Compute, the report kept in the run's folder. */
#ifndef MSABENCH_RUN_PROFILE_H
#define MSABENCH_RUN_PROFILE_H
#include "sweep.h"

#include <stdio.h>

/* Prints "INDEX  KEY" for each point, in the order the runner runs them. */
void run_list_points(const struct sweep_spec *spec, FILE *f);

/* The point sel names: all digits = its index in --list's order, otherwise a
 * substring of exactly one point's key.  No match, several matches and an
 * index out of range are ATTN_ERR_INVALID with the reason in attn_last_error. */
enum attn_status run_pick_point(const struct sweep_spec *spec, const char *sel, size_t *pi);

struct run_profile_args {
    const char *tool;       /* "nsys" or "ncu" */
    const char *sweep_file; /* as given */
    const char *out_dir;    /* the run's folder: results and the report */
    const char *point_sel;  /* the user's --point, passed on verbatim */
    size_t point;           /* its index (run_pick_point) */
    bool quiet, force, smoke;
};

/* Runs `TOOL ... -o OUT_DIR/profile-<point> <this msabench> run SWEEP -o
 * OUT_DIR --point SEL` through posix_spawn with an argv array (no shell), the
 * tool found on PATH.  Returns the exit status: the child's (128 + signal
 * when killed), 3 when the tool is missing or cannot be started. */
int run_profile(const struct run_profile_args *a);

#endif
