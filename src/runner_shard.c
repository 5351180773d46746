/* runner_shard.c - --shard: cost-balanced shares of the points, and I/N or the
 * scheduler's environment (Slurm, MPI, Kubernetes, SkyPilot). */
#include "runner_int.h"

#include "model.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

static double point_cost(const struct sweep_point *pt, const struct attn_impl **impls, size_t nim) {
    double c = 0;
    for (size_t i = 0; i < nim; i++) {
        struct attn_shape sh = pt->shape;
        struct attn_cost cost;
        if (impls[i]->flags & ATTN_F_MHA)
            sh.heads_kv = sh.heads_q;
        if (model_cost(impls[i]->method, &sh, &pt->params, runner_elem_size(impls[i]), &cost) ==
            ATTN_OK)
            c += runner_predicted_seconds(impls[i], &cost) + 1e-3; /* + fixed overhead per run */
    }
    return c;
}

struct cost_idx {
    double cost;
    size_t idx;
};

static int cmp_cost_desc(const void *a, const void *b) {
    const struct cost_idx *x = a, *y = b;
    if (x->cost != y->cost)
        return x->cost < y->cost ? 1 : -1;
    return (x->idx > y->idx) - (x->idx < y->idx);
}

void runner_shard_assign(const struct sweep_spec *spec, int count, int *owner) {
    const struct attn_impl **impls = NULL;
    size_t nim = 0;
    const enum attn_status st = runner_select(spec, &impls, &nim);
    struct cost_idx *ci = malloc((spec->n_points ? spec->n_points : 1) * sizeof *ci);
    double *load = calloc((size_t)(count > 0 ? count : 1), sizeof *load);
    if (st != ATTN_OK || !ci || !load) { /* fall back to round robin: still deterministic */
        for (size_t p = 0; p < spec->n_points; p++)
            owner[p] = (int)(p % (size_t)count);
        goto cleanup;
    }
    for (size_t p = 0; p < spec->n_points; p++)
        ci[p] = (struct cost_idx){point_cost(&spec->points[p], impls, nim), p};
    qsort(ci, spec->n_points, sizeof *ci, cmp_cost_desc);
    for (size_t i = 0; i < spec->n_points; i++) {
        int best = 0;
        for (int s = 1; s < count; s++)
            if (load[s] < load[best])
                best = s;
        owner[ci[i].idx] = best;
        load[best] += ci[i].cost;
    }
cleanup:
    free(impls);
    free(ci);
    free(load);
}

/* A set variable that is not an integer is remembered in *bad (first one). */
static const char *env_bad;
static bool env_int(const char *name, long *v) {
    const char *s = getenv(name);
    char *end;
    if (!s || !*s)
        return false;
    errno = 0;
    *v = strtol(s, &end, 10);
    if (*end != '\0' || errno) {
        if (!env_bad)
            env_bad = name;
        return false;
    }
    return true;
}

enum attn_status runner_shard_parse(const char *arg, int *index, int *count) {
    long i = -1, n = 0, mn = 0;
    if (strcmp(arg, "auto") == 0) {
        env_bad = NULL;
        if (env_int("SLURM_ARRAY_TASK_ID", &i) && env_int("SLURM_ARRAY_TASK_COUNT", &n)) {
            if (env_int("SLURM_ARRAY_TASK_MIN", &mn))
                i -= mn;
        } else if (env_int("OMPI_COMM_WORLD_RANK", &i) && env_int("OMPI_COMM_WORLD_SIZE", &n)) {
        } else if (env_int("PMI_RANK", &i) && env_int("PMI_SIZE", &n)) {
        } else if (env_int("PMIX_RANK", &i) && env_int("OMPI_COMM_WORLD_SIZE", &n)) {
        } else if (env_int("JOB_COMPLETION_INDEX", &i)) {
            /* Kubernetes Indexed Job: the index is set by Kubernetes, the count is
             * not, so the manifest passes spec.completions as JOB_COMPLETIONS
             * (scripts/k8s/sweep-job.yaml). */
            if (!env_int("JOB_COMPLETIONS", &n)) {
                attn_set_error("--shard auto: JOB_COMPLETION_INDEX is set (Kubernetes Indexed "
                               "Job) but JOB_COMPLETIONS, the job's completions, is not");
                return ATTN_ERR_INVALID;
            }
        } else if (env_int("SKYPILOT_NODE_RANK", &i) && env_int("SKYPILOT_NUM_NODES", &n)) {
        } else if (env_bad) {
            attn_set_error("--shard auto: %s='%s' is invalid (expected an integer)", env_bad,
                           getenv(env_bad));
            env_bad = NULL;
            return ATTN_ERR_INVALID;
        } else {
            attn_set_error("--shard auto: none of SLURM_ARRAY_TASK_ID/COUNT, "
                           "OMPI_COMM_WORLD_RANK/SIZE, PMI_RANK/PMI_SIZE, "
                           "JOB_COMPLETION_INDEX/JOB_COMPLETIONS or "
                           "SKYPILOT_NODE_RANK/SKYPILOT_NUM_NODES is set");
            return ATTN_ERR_INVALID;
        }
    } else {
        char *end;
        i = strtol(arg, &end, 10);
        if (end == arg || *end != '/') {
            attn_set_error("--shard '%s': expected I/N (0 <= I < N) or auto", arg);
            return ATTN_ERR_INVALID;
        }
        const char *ns = end + 1;
        n = strtol(ns, &end, 10);
        if (end == ns || *end) {
            attn_set_error("--shard '%s': expected I/N (0 <= I < N) or auto", arg);
            return ATTN_ERR_INVALID;
        }
    }
    if (n > 100000) {
        attn_set_error("--shard: %ld shards is above the cap of 100000", n);
        return ATTN_ERR_INVALID;
    }
    if (n < 1 || i < 0 || i >= n) {
        attn_set_error("--shard: index %ld of %ld is out of range (0 <= I < N)", i, n);
        return ATTN_ERR_INVALID;
    }
    *index = (int)i;
    *count = (int)n;
    return ATTN_OK;
}
