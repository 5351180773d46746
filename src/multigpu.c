/* multigpu.c - `msabench run SWEEP --gpus 0,1,...`: one worker process per GPU
 * (CUDA_VISIBLE_DEVICES set, --shard i/n), then one merged result set.  A
 * worker that dies is reported with the points it did not finish; the others
 * run to the end. */
#include "multigpu.h"

#include "outdir.h"
#include "results.h"
#include "runner.h"
#include "verbs.h"

#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#define MAX_GPUS 64

/* Points of shard s that its results file lacks. */
static void report_lost(const struct sweep_spec *spec, const int *owner, int s, const char *csv) {
    struct csv_table t = {0};
    bool have = csv_read(csv, &t) == ATTN_OK;
    size_t lost = 0;
    for (size_t p = 0; p < spec->n_points; p++) {
        if (owner[p] != s)
            continue;
        char key[512];
        sweep_point_key(&spec->points[p], key, sizeof key);
        bool found = false;
        for (size_t r = 0; have && r < t.nrow && !found; r++)
            found = strcmp(csv_get(&t, r, "key"), key) == 0;
        if (!found) {
            fprintf(stderr, "  unfinished point: %s\n", key);
            lost++;
        }
    }
    fprintf(stderr, "  (%zu unfinished points of shard %d; rerun with --resume to complete)\n",
            lost, s);
    if (have)
        csv_free(&t);
}

int multigpu_run(const struct sweep_spec *spec, const char *sweep_file, const char *out_dir,
                 const char *gpus, bool resume, bool smoke, bool force) {
    char list[256], *save = NULL, self[1024];
    const char *ids[MAX_GPUS];
    int n = 0, rc = 0;
    pid_t pid[MAX_GPUS];
    snprintf(list, sizeof list, "%s", gpus);
    for (char *tok = strtok_r(list, ",", &save); tok && n < MAX_GPUS;
         tok = strtok_r(NULL, ",", &save)) {
        char *end;
        strtol(tok, &end, 10);
        if (!*tok || *end) {
            fprintf(stderr, "msabench: --gpus '%s': expected a comma-separated list of GPU ids\n",
                    gpus);
            return 2;
        }
        ids[n++] = tok;
    }
    if (n == 0) {
        fprintf(stderr, "msabench: --gpus needs at least one GPU id\n");
        return 2;
    }
    ssize_t len = readlink("/proc/self/exe", self, sizeof self - 1);
    if (len <= 0) {
        fprintf(stderr, "msabench: cannot find my own executable for the workers\n");
        return 3;
    }
    self[len] = '\0';
    if (outdir_mkdirs(out_dir) != ATTN_OK) { /* no shell: the path is never interpreted */
        fprintf(stderr, "msabench: %s\n", attn_last_error());
        return 3;
    }
    for (int i = 0; i < n; i++) {
        char shard[32], dir[1024];
        snprintf(shard, sizeof shard, "%d/%d", i, n);
        snprintf(dir, sizeof dir, "%s/shard-%d", out_dir, i);
        pid[i] = fork();
        if (pid[i] < 0) {
            fprintf(stderr, "msabench: fork failed for GPU %s\n", ids[i]);
            return 3;
        }
        if (pid[i] == 0) {
            setenv("CUDA_VISIBLE_DEVICES", ids[i], 1);
            const char *av[12];
            int k = 0;
            av[k++] = self;
            av[k++] = "run";
            av[k++] = sweep_file;
            av[k++] = "-o";
            av[k++] = dir;
            av[k++] = "--shard";
            av[k++] = shard;
            av[k++] = "--quiet";
            if (resume)
                av[k++] = "--resume";
            if (force)
                av[k++] = "--force";
            if (smoke)
                av[k++] = "--smoke";
            av[k] = NULL;
            execv(self, (char *const *)av);
            _exit(127);
        }
        fprintf(stderr, "msabench: worker %d on GPU %s (pid %d) -> %s\n", i, ids[i], (int)pid[i],
                dir);
    }
    int *owner = malloc((spec->n_points ? spec->n_points : 1) * sizeof *owner);
    if (owner)
        runner_shard_assign(spec, n, owner);
    for (int i = 0; i < n; i++) {
        int st = 0;
        waitpid(pid[i], &st, 0);
        bool died = !WIFEXITED(st) || (WEXITSTATUS(st) != 0 && WEXITSTATUS(st) != 1);
        if (died) {
            char csv[1100];
            snprintf(csv, sizeof csv, "%s/shard-%d/results.csv", out_dir, i);
            if (WIFSIGNALED(st))
                fprintf(stderr, "msabench: worker %d (GPU %s) died: signal %d\n", i, ids[i],
                        WTERMSIG(st));
            else
                fprintf(stderr, "msabench: worker %d (GPU %s) ended with status %d\n", i, ids[i],
                        WEXITSTATUS(st));
            if (owner)
                report_lost(spec, owner, i, csv);
            rc = 1;
        } else if (WEXITSTATUS(st) == 1) {
            rc = rc ? rc : 1; /* some failed rows */
        }
    }
    free(owner);
    /* merge whatever the workers wrote */
    char outcsv[1100];
    char *margv[MAX_GPUS + 4];
    char paths[MAX_GPUS][1100];
    int m = 0;
    snprintf(outcsv, sizeof outcsv, "%s/results.csv", out_dir);
    margv[m++] = "merge";
    margv[m++] = "--force"; /* the caller already refused a folder holding rows */
    margv[m++] = outcsv;
    for (int i = 0; i < n; i++) {
        snprintf(paths[i], sizeof paths[i], "%s/shard-%d/results.csv", out_dir, i);
        if (access(paths[i], R_OK) == 0)
            margv[m++] = paths[i];
    }
    if (m > 3) {
        int mrc = merge_main(m, margv);
        if (mrc > rc)
            rc = mrc;
    }
    return rc;
}
