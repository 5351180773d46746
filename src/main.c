/* main.c - the msabench CLI: run, estimate, list, plot, compare.
 * Exit status: 0 ok, 1 some point failed (run) or a regression (compare),
 * 2 usage or configuration errors, 3 the run itself could not proceed,
 * 130 interrupted. */
#include "attn.h"
#include "meta.h"
#include "model.h"
#include "multigpu.h"
#include "outdir.h"
#include "results.h"
#include "run_profile.h"
#include "runner.h"
#include "sweep.h"
#include "verbs.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

static void usage(FILE *f) {
    fputs(
        "usage: msabench <verb> [options]\n"
        "\n"
        "verbs:\n"
        "  run SWEEP.yaml [-o OUTDIR] [--resume]   run a sweep; writes OUTDIR/results.csv, "
        "meta.json\n"
        "  estimate SWEEP.yaml [-o OUTDIR]         analytic FLOPs/bytes/memory only (status "
        "estimated)\n"
        "  list                                    every implementation and what it supports\n"
        "  plot RESULTS.csv|DIR [-o D] [--format F] figures through gnuplot (see plot --help)\n"
        "  compare BASE.csv NEW.csv [options]      regression verdicts (see compare --help)\n"
        "  merge OUT.csv IN.csv...                 merge the result files of shards of one sweep\n"
        "  report DIR|RESULTS.csv [-o FILE.md]     markdown tables of a run (see report --help)\n"
        "  fit-index [options]                     train MSA's index branch on captured "
        "activations\n"
        "\n"
        "OUTDIR defaults to results/runs/<sweep name>-<timestamp>/ (git-ignored).\n"
        "`msabench <verb> --help` describes each verb.\n",
        f);
}

static void run_usage(FILE *f, const char *verb) {
    if (strcmp(verb, "run") == 0)
        fputs("usage: msabench run SWEEP.yaml [-o OUTDIR] [--resume|--force] [--quiet] [--smoke]\n"
              "                    [--shard I/N|auto] [--gpus 0,1,...] [--export DIR]\n"
              "                    [--list] [--point KEY|INDEX] [--profile nsys|ncu]\n"
              "  Expands the sweep's axes into points and, for every point and selected\n"
              "  implementation, checks support and the memory limit, validates sampled rows\n"
              "  against the float64 ref, times (warmup, min samples, noise stop, timeout),\n"
              "  measures memory and selection recall, and appends one row to\n"
              "  OUTDIR/results.csv at once.  A failing point becomes a `failed` row.\n"
              "  -o OUTDIR   output directory (default results/runs/<name>-<timestamp>)\n"
              "  --resume    keep the rows already in OUTDIR/results.csv and run the rest\n"
              "              (refused unless the sweep file and the header are the same)\n"
              "  --force     replace the rows already in OUTDIR/results.csv (without it, a\n"
              "              folder holding rows is refused)\n"
              "  --quiet     no progress line on stderr\n"
              "  --smoke     one timed call per run (checks every row fast; no statistics)\n"
              "  --shard I/N run only shard I (0-based) of N; shares are balanced by the\n"
              "              analytic cost model.  `auto` reads SLURM_ARRAY_TASK_ID/COUNT/MIN,\n"
              "              OMPI_COMM_WORLD_RANK/SIZE, PMI_RANK/PMI_SIZE, Kubernetes'\n"
              "              JOB_COMPLETION_INDEX with JOB_COMPLETIONS, or SkyPilot's\n"
              "              SKYPILOT_NODE_RANK/SKYPILOT_NUM_NODES\n"
              "  --gpus LIST one worker per GPU (CUDA_VISIBLE_DEVICES), shards in OUTDIR/shard-I,\n"
              "              merged into OUTDIR/results.csv at the end\n"
              "  --export DIR  write each row's q, k, v (qidx, kidx for index methods), its\n"
              "              selection (selecting methods, in their declared layout: [B, Hq,\n"
              "              q_len, w] for per-head ones) and sampled output rows as .npy under\n"
              "              DIR/<hash of key,\n"
              "              method, backend, variant>/ (listed in DIR/index.tsv);\n"
              "              scripts/peers/flex_peer.py recomputes them in FlexAttention\n"
              "  --list      print each point's index and key, run nothing\n"
              "  --point P   run one point: P is its index in --list, or a part of exactly\n"
              "              one point's key\n"
              "  --profile T run that point (needs --point unless the sweep has one) under\n"
              "              nsys (`nsys profile`) or ncu (`ncu --set full`, one timed call\n"
              "              per run); the report is OUTDIR/profile-<index>.nsys-rep or\n"
              "              .ncu-rep, beside the point's results.csv.  The tool is found on\n"
              "              PATH (exit 3 when missing)\n"
              "  exit: 0 all ok, 1 some row failed, 2 bad sweep file, 3 output error, 130 "
              "interrupted\n",
              f);
    else
        fputs("usage: msabench estimate SWEEP.yaml [-o OUTDIR] [--force]\n"
              "  Analytic FLOPs, bytes and memory for every point without running anything\n"
              "  (status `estimated`); marks points whose memory model exceeds the limit.\n"
              "  When the sweep holds msa and a dense method it prints the GQA/MSA FLOP ratio\n"
              "  by the paper's eq. 12 beside the exact count.\n",
              f);
}

static int cmd_list(void) {
    printf("%-10s %-7s %-12s %-7s %s\n", "method", "backend", "variant", "flags", "what");
    for (size_t i = 0; i < attn_registry_count(); i++) {
        const struct attn_impl *im = attn_registry_get(i);
        char fl[16] = "";
        if (im->flags & ATTN_F_ORACLE)
            strcat(fl, "R");
        if (im->flags & ATTN_F_MHA)
            strcat(fl, "M");
        if (im->flags & ATTN_F_INDEX)
            strcat(fl, "I");
        if (im->flags & ATTN_F_SELECT)
            strcat(fl, "S");
        if (im->flags & ATTN_F_APPROX)
            strcat(fl, "A");
        if (im->flags & ATTN_F_DEVICE)
            strcat(fl, "D");
        printf("%-10s %-7s %-12s %-7s %s", im->method, im->backend, im->variant, fl,
               im->describe ? im->describe : "");
        if (im->n_stages > 0) {
            printf(" [stages:");
            for (int s = 0; s < im->n_stages; s++)
                printf(" %s", im->stage_names[s]);
            printf("]");
        }
        printf("\n");
    }
    printf(
        "\nflags: R float64 oracle, M needs Hkv = Hq, I reads the index inputs, S writes a block\n"
        "selection, A approximate by design, D runs on the GPU (bf16)\n");
    method_list_print(stdout);
    return 0;
}

static void human(double x, const char *unit, char *buf, size_t n) {
    const char *pre[] = {"", "K", "M", "G", "T", "P", "E"};
    int i = 0;
    while (fabs(x) >= 1000 && i < 6) {
        x /= 1000;
        i++;
    }
    snprintf(buf, n, "%.3g %s%s", x, pre[i], unit);
}

/* Prints the estimate table and, where msa and a dense row share a point, the FLOP ratio. */
static void print_estimate(const char *csv) {
    struct csv_table t = {0};
    if (csv_read(csv, &t) != ATTN_OK) {
        fprintf(stderr, "msabench: %s\n", attn_last_error());
        return;
    }
    printf("%-9s %-7s %-8s %9s %5s %11s %11s %11s  %s\n", "method", "backend", "mode", "seq_len",
           "hq", "flops", "bytes", "memory", "note");
    for (size_t i = 0; i < t.nrow; i++) {
        char fl[32], by[32], me[32];
        human(csv_num(&t, i, "flops"), "F", fl, sizeof fl);
        human(csv_num(&t, i, "bytes_model"), "B", by, sizeof by);
        human(csv_num(&t, i, "mem_model"), "B", me, sizeof me);
        printf("%-9s %-7s %-8s %9s %5s %11s %11s %11s  %s\n", csv_get(&t, i, "method"),
               csv_get(&t, i, "backend"), csv_get(&t, i, "mode"), csv_get(&t, i, "seq_len"),
               csv_get(&t, i, "heads_q"), fl, by, me, csv_get(&t, i, "reason"));
    }
    int header = 0;
    for (size_t i = 0; i < t.nrow; i++) {
        if (strcmp(csv_get(&t, i, "method"), "msa") != 0)
            continue;
        double n = csv_num(&t, i, "seq_len");
        double eq12 = model_paper_ratio(n, csv_num(&t, i, "heads_q"), csv_num(&t, i, "heads_kv"),
                                        csv_num(&t, i, "head_dim"), csv_num(&t, i, "index_dim"),
                                        csv_num(&t, i, "topk"), csv_num(&t, i, "block_size"));
        /* exact: dense GQA causal FLOPs of the same point over MSA's counted FLOPs */
        double exact = csv_num(&t, i, "flops_dense") / csv_num(&t, i, "flops");
        if (!header++)
            printf("\nGQA/MSA attention FLOP ratio (per token, paper eq. 12) vs exact count:\n"
                   "%9s %-8s %10s %10s %8s\n",
                   "seq_len", "mode", "eq.12", "counted", "index%");
        /* eq. 12 is the prefill ratio (every query over N/2 keys): no figure beside decode */
        char e12[32] = "n/a";
        if (strcmp(csv_get(&t, i, "mode"), "prefill") == 0)
            snprintf(e12, sizeof e12, "%.2f", eq12);
        printf("%9.0f %-8s %10s %10.2f %7.1f%%\n", n, csv_get(&t, i, "mode"), e12, exact,
               100 * csv_num(&t, i, "flops_index") / csv_num(&t, i, "flops"));
    }
    csv_free(&t);
}

/* A sweep that selects no implementation of this build runs nothing: say why. */
static bool check_selection(const struct sweep_spec *spec, const char *file) {
    const struct attn_impl **impls = NULL;
    size_t n = 0;
    const enum attn_status st = runner_select(spec, &impls, &n);
    free(impls);
    if (st != ATTN_OK) {
        fprintf(stderr, "msabench: %s: %s\n", file, attn_last_error());
        return false;
    }
    if (n > 0)
        return true;
    char want[512] = "";
    for (int i = 0; i < spec->n_backends; i++) {
        size_t l = strlen(want);
        snprintf(want + l, sizeof want - l, "%s%s", i ? ", " : "", spec->backends[i]);
    }
    bool cuda = false;
    for (size_t i = 0; i < attn_registry_count(); i++)
        cuda |= !strcmp(attn_registry_get(i)->backend, "cuda");
    fprintf(stderr,
            "msabench: %s: no implementation of this build matches the sweep's methods, "
            "backends [%s]%s%s; `msabench list` shows what exists\n",
            file, want, spec->n_variants ? " and variants" : "",
            !cuda && strstr(want, "cuda") ? " (this build has no CUDA backend)" : "");
    return false;
}

static int cmd_run(int argc, char **argv, bool estimate) {
    const char *file = NULL, *out = NULL, *shard = NULL, *gpus = NULL, *export_dir = NULL;
    const char *point = NULL, *profile = NULL;
    bool resume = false, quiet = false, smoke = false, force = false, list = false;
    for (int i = 1; i < argc; i++) {
        if (!strcmp(argv[i], "-h") || !strcmp(argv[i], "--help")) {
            run_usage(stdout, argv[0]);
            return 0;
        } else if (!strcmp(argv[i], "-o") || !strcmp(argv[i], "--output")) {
            if (++i >= argc) {
                fprintf(stderr, "msabench %s: -o needs a directory\n", argv[0]);
                return 2;
            }
            out = argv[i];
        } else if (!strcmp(argv[i], "--resume") && !estimate) {
            resume = true;
        } else if (!strcmp(argv[i], "--force")) {
            force = true;
        } else if (!strcmp(argv[i], "--quiet")) {
            quiet = true;
        } else if (!strcmp(argv[i], "--smoke")) {
            smoke = true;
        } else if (!strcmp(argv[i], "--export") && !estimate) {
            if (++i >= argc) {
                fprintf(stderr, "msabench %s: --export needs a directory\n", argv[0]);
                return 2;
            }
            export_dir = argv[i];
        } else if (!strcmp(argv[i], "--list")) {
            list = true;
        } else if (!strcmp(argv[i], "--shard") || !strcmp(argv[i], "--gpus") ||
                   !strcmp(argv[i], "--point") || (!strcmp(argv[i], "--profile") && !estimate)) {
            if (i + 1 >= argc) {
                fprintf(stderr, "msabench %s: %s needs a value\n", argv[0], argv[i]);
                return 2;
            }
            const char *opt = argv[i++];
            if (!strcmp(opt, "--shard"))
                shard = argv[i];
            else if (!strcmp(opt, "--gpus"))
                gpus = argv[i];
            else if (!strcmp(opt, "--point"))
                point = argv[i];
            else
                profile = argv[i];
        } else if (argv[i][0] == '-') {
            fprintf(stderr, "msabench %s: unknown option '%s'\n", argv[0], argv[i]);
            run_usage(stderr, argv[0]);
            return 2;
        } else if (!file) {
            file = argv[i];
        } else {
            fprintf(stderr, "msabench %s: one sweep file only ('%s')\n", argv[0], argv[i]);
            return 2;
        }
    }
    if (!file) {
        run_usage(stderr, argv[0]);
        return 2;
    }
    if (profile && strcmp(profile, "nsys") && strcmp(profile, "ncu")) {
        fprintf(stderr, "msabench run: --profile takes nsys or ncu, not '%s'\n", profile);
        return 2;
    }
    if ((point || profile) && (shard || gpus || resume || (profile && export_dir))) {
        fprintf(stderr, "msabench %s: --%s runs one point: not with %s\n", argv[0],
                profile ? "profile" : "point",
                shard    ? "--shard"
                : gpus   ? "--gpus"
                : resume ? "--resume"
                         : "--export");
        return 2;
    }
    struct sweep_spec spec;
    enum attn_status st = sweep_load(file, &spec, stderr);
    if (st != ATTN_OK) {
        if (st != ATTN_ERR_PARSE)
            fprintf(stderr, "msabench: %s\n", attn_last_error());
        return 2;
    }
    if (spec.lint[0]) { /* reads, but would run other than it says */
        fprintf(stderr, "%s\n", spec.lint);
        return 2;
    }
    char dir[DATA_PATH_MAX];
    int lock = -1, rc = 2;
    size_t pick = 0;
    if (list) {
        run_list_points(&spec, stdout);
        rc = 0;
        goto done;
    }
    if (point && run_pick_point(&spec, point, &pick) != ATTN_OK) {
        fprintf(stderr, "msabench %s: %s: %s\n", argv[0], file, attn_last_error());
        goto done;
    }
    if (profile && !point && spec.n_points != 1) {
        fprintf(stderr,
                "msabench run: --profile runs one point and %s has %zu: give --point "
                "(--list shows them)\n",
                file, spec.n_points);
        goto done;
    }
    if (resume && force) {
        fprintf(stderr, "msabench run: --resume keeps the rows there, --force replaces them: "
                        "give one\n");
        goto done;
    }
    if (out) {
        snprintf(dir, sizeof dir, "%.*s", (int)(sizeof dir - 1), out);
    } else if (spec.output_dir[0] && !estimate) {
        if (outdir_check_sweep_dir(spec.output_dir) != ATTN_OK) {
            fprintf(stderr, "msabench: %s: %s\n", file, attn_last_error());
            goto done;
        }
        snprintf(dir, sizeof dir, "%s", spec.output_dir);
    } else {
        char ts[32];
        time_t now = time(NULL);
        struct tm tmv;
        if (outdir_check_name(spec.name) != ATTN_OK) {
            fprintf(stderr, "msabench: %s: %s\n", file, attn_last_error());
            goto done;
        }
        localtime_r(&now, &tmv);
        strftime(ts, sizeof ts, "%Y%m%d-%H%M%S", &tmv);
        snprintf(dir, sizeof dir, "results/runs/%s%s-%s", spec.name, estimate ? "-estimate" : "",
                 ts);
        /* unique: never reuse a folder another run made in the same second */
        struct stat sb;
        size_t l = strlen(dir);
        for (int k = 2; stat(dir, &sb) == 0 && k < 1000; k++)
            snprintf(dir + l, sizeof dir - l, "-%d", k);
    }
    if (outdir_check_len(out ? out : dir) != ATTN_OK) {
        fprintf(stderr, "msabench: %s\n", attn_last_error());
        goto done;
    }
    if (gpus && export_dir) {
        fprintf(stderr, "msabench run: --export with --gpus is not supported (run one GPU)\n");
        goto done;
    }
    int shard_index = 0, shard_count = 0;
    if (shard && runner_shard_parse(shard, &shard_index, &shard_count) != ATTN_OK) {
        fprintf(stderr, "msabench: %s\n", attn_last_error());
        goto done;
    }
    if (!check_selection(&spec, file))
        goto done;
    if (profile) { /* the child, run under the profiler, takes the lock */
        struct run_profile_args pa = {.tool = profile,
                                      .sweep_file = file,
                                      .out_dir = dir,
                                      .point_sel = point ? point : "0",
                                      .point = pick,
                                      .quiet = quiet,
                                      .force = force,
                                      .smoke = smoke};
        rc = run_profile(&pa);
        goto done;
    }
    rc = 3;
    if (outdir_mkdirs(dir) != ATTN_OK || outdir_lock(dir, argv[0], &lock) != ATTN_OK ||
        outdir_check_files(dir) != ATTN_OK) {
        fprintf(stderr, "msabench: %s\n", attn_last_error());
        goto done;
    }
    rc = 2;
    long rows = outdir_rows(dir);
    if (rows > 0 && !resume && !force) {
        fprintf(stderr,
                "msabench %s: refused: %s/results.csv already holds %ld row%s; %s--force "
                "replaces them, or give another -o\n",
                argv[0], dir, rows, rows == 1 ? "" : "s",
                estimate ? "" : "--resume continues it, ");
        goto done;
    }
    if (resume && outdir_check_resume(dir, &spec) != ATTN_OK) {
        fprintf(stderr, "msabench: %s\n", attn_last_error());
        goto done;
    }
    if (outdir_save_sweep(dir, &spec) != ATTN_OK) { /* what was measured, for a later --resume */
        fprintf(stderr, "msabench: %s\n", attn_last_error());
        rc = 3;
        goto done;
    }
    if (gpus) {
        rc = multigpu_run(&spec, file, dir, gpus, resume, smoke, force);
        goto done;
    }
    struct runner_opts o = {.out_dir = dir,
                            .resume = resume,
                            .estimate_only = estimate,
                            .progress = quiet ? NULL : stderr,
                            .smoke = smoke,
                            .export_dir = export_dir,
                            .shard_index = shard_index,
                            .shard_count = shard_count,
                            .one_point = point != NULL,
                            .point = pick};
    struct runner_summary sum;
    st = runner_run(&spec, &o, &sum);
    if (st != ATTN_OK) {
        fprintf(stderr, "msabench: %s: %s\n", attn_status_str(st), attn_last_error());
        rc = 3;
        goto done;
    }
    fprintf(stderr,
            "msabench: %zu rows: %zu ok, %zu skipped, %zu failed, %zu estimated%s%s -> "
            "%s/results.csv\n",
            sum.rows, sum.ok, sum.skipped, sum.failed, sum.estimated,
            sum.resumed ? " (resumed past earlier rows)" : "",
            sum.interrupted ? "; INTERRUPTED (rerun with --resume)" : "", dir);
    if (estimate) {
        char csv[DATA_PATH_MAX + 16];
        snprintf(csv, sizeof csv, "%s/results.csv", dir);
        print_estimate(csv);
    }
    rc = sum.interrupted ? 130 : sum.failed ? 1 : 0;
done:
    outdir_unlock(lock);
    sweep_free(&spec);
    return rc;
}

int main(int argc, char **argv) {
    meta_set_command(argc, argv);
    if (argc < 2) {
        usage(stderr);
        return 2;
    }
    const char *verb = argv[1];
    if (!strcmp(verb, "-h") || !strcmp(verb, "--help") || !strcmp(verb, "help")) {
        usage(stdout);
        return 0;
    }
    if (!strcmp(verb, "--version")) {
        printf("msabench %s\n", MSABENCH_VERSION);
        return 0;
    }
    if (!strcmp(verb, "list")) {
        if (argc > 2 && (!strcmp(argv[2], "-h") || !strcmp(argv[2], "--help"))) {
            puts("usage: msabench list\n  every implementation and what it supports");
            return 0;
        }
        if (argc > 2) {
            fprintf(stderr, "msabench list: takes no arguments ('%s')\n", argv[2]);
            return 2;
        }
        return cmd_list();
    }
    if (!strcmp(verb, "run"))
        return cmd_run(argc - 1, argv + 1, false);
    if (!strcmp(verb, "estimate"))
        return cmd_run(argc - 1, argv + 1, true);
    if (!strcmp(verb, "plot"))
        return plot_main(argc - 1, argv + 1);
    if (!strcmp(verb, "compare"))
        return compare_main(argc - 1, argv + 1);
    if (!strcmp(verb, "merge"))
        return merge_main(argc - 1, argv + 1);
    if (!strcmp(verb, "report"))
        return report_main(argc - 1, argv + 1);
    if (!strcmp(verb, "fit-index"))
        return fit_index_main(argc - 1, argv + 1);
    fprintf(stderr, "msabench: unknown verb '%s'\n\n", verb);
    usage(stderr);
    return 2;
}
