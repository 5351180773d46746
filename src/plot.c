/* plot.c - msabench plot: reads a results.csv (and meta.json beside it),
 * writes one gnuplot script and data file per figure, and runs gnuplot on
 * each through a pipe.  The scripts are the figures' source of truth: the
 * pipe only sends `cd DIR` and `load "<fig>.gp"`. */
#include "plot.h"
#include "plot_int.h"

#include <errno.h>
#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

/* Columns without which no figure can be placed. */
static const char *const required_cols[] = {"method", "backend", "variant", "status", "seq_len"};

static void usage(FILE *f) {
    fprintf(f, "usage: msabench plot RESULTS.csv|RUNDIR [-o DIR] [--format pdf|png|svg|all] "
               "[--help]\n"
               "  Draws the figures the CSV supports (latency, speedup, tflops, bandwidth,\n"
               "  memory, recall_vs_<axis>, recall_by_layer, stages, flop_ratio, coherence,\n"
               "  roofline, budget_<mode>_<input>, frontier-<mode>-N<seq_len>) with gnuplot\n"
               "  (recall figures one per index_noise value when it varies), and writes each\n"
               "  figure's script and data as DIR/<fig>.gp and\n"
               "  DIR/<fig>.dat, so that `gnuplot <fig>.gp` in DIR rebuilds it.  meta.json\n"
               "  beside the CSV adds the device name and its peak TFLOP/s and GB/s (the\n"
               "  roofline's roofs: the peak rates the run measured).  RUNDIR reads\n"
               "  RUNDIR/results.csv; peers.csv beside the CSV (scripts/peers/peers.py) gives\n"
               "  the frontier its cuDNN base (recall vs speedup over dense cuDNN per\n"
               "  selection method and budget; without it, the fastest dense reference).\n"
               "options:\n"
               "  -o DIR          output directory (default: figures/ beside the CSV)\n"
               "  --format F      pdf, png, svg or all (default: all)\n"
               "  --help          this text\n"
               "exit status: 0 figures made, 1 gnuplot missing or failed (scripts are still\n"
               "written), 2 usage or input error (nothing written)\n");
}

static int mkdir_p(const char *dir) {
    char tmp[4096];
    snprintf(tmp, sizeof tmp, "%s", dir);
    for (char *p = tmp + 1; *p; p++) {
        if (*p != '/')
            continue;
        *p = '\0';
        if (mkdir(tmp, 0777) != 0 && errno != EEXIST)
            return -1;
        *p = '/';
    }
    if (mkdir(tmp, 0777) != 0 && errno != EEXIST)
        return -1;
    struct stat st;
    return stat(tmp, &st) == 0 && S_ISDIR(st.st_mode) ? 0 : -1;
}

/* gnuplot's path: $MSABENCH_GNUPLOT, else `gnuplot` on $PATH; NULL if none. */
static const char *find_gnuplot(char *buf, size_t n) {
    const char *env = getenv("MSABENCH_GNUPLOT");
    const char *name = env && *env ? env : "gnuplot";
    if (strchr(name, '/')) {
        snprintf(buf, n, "%s", name);
        return access(buf, X_OK) == 0 ? buf : NULL;
    }
    const char *path = getenv("PATH");
    if (!path)
        path = "/usr/local/bin:/usr/bin:/bin";
    while (*path) {
        const char *end = strchr(path, ':');
        size_t len = end ? (size_t)(end - path) : strlen(path);
        snprintf(buf, n, "%.*s/%s", (int)len, len ? path : ".", name);
        if (len == 0)
            snprintf(buf, n, "./%s", name);
        if (access(buf, X_OK) == 0)
            return buf;
        path += len + (end ? 1 : 0);
    }
    return NULL;
}

/* A string as a gnuplot single-quoted literal ('' stands for '). */
static void gp_squote(FILE *f, const char *s) {
    fputc('\'', f);
    for (; *s; s++) {
        if (*s == '\'')
            fputc('\'', f);
        fputc(*s, f);
    }
    fputc('\'', f);
}

/* Runs gnuplot on one figure; 0 when it exited cleanly and every output exists. */
static int run_gnuplot(const char *gnuplot, const struct plot_ctx *c, const char *fig) {
    char cmd[4200];
    size_t o = 0;
    cmd[o++] = '\'';
    for (const char *s = gnuplot; *s && o + 8 < sizeof cmd; s++) {
        if (*s == '\'') {
            memcpy(cmd + o, "'\\''", 4);
            o += 4;
        } else {
            cmd[o++] = *s;
        }
    }
    cmd[o++] = '\'';
    cmd[o] = '\0';
    fflush(NULL);
    FILE *p = popen(cmd, "w");
    if (!p) {
        fprintf(stderr, "plot: cannot start %s: %s\n", gnuplot, strerror(errno));
        return -1;
    }
    fprintf(p, "cd ");
    gp_squote(p, c->outdir);
    fprintf(p, "\nfmts = ");
    gp_str(p, c->fmts);
    fprintf(p, "\nload ");
    char script[96];
    snprintf(script, sizeof script, "%s.gp", fig);
    gp_squote(p, script);
    fprintf(p, "\n");
    int st = pclose(p);
    if (st == -1 || !WIFEXITED(st) || WEXITSTATUS(st) != 0) {
        fprintf(stderr, "plot: gnuplot failed on %s/%s.gp (status %d)\n", c->outdir, fig,
                st == -1        ? -1
                : WIFEXITED(st) ? WEXITSTATUS(st)
                                : 128 + WTERMSIG(st));
        return -1;
    }
    /* each requested format must have produced a non-empty file */
    char fmts[sizeof c->fmts];
    snprintf(fmts, sizeof fmts, "%s", c->fmts);
    int rc = 0;
    for (char *save = NULL, *t = strtok_r(fmts, " ", &save); t; t = strtok_r(NULL, " ", &save)) {
        char out[4200];
        struct stat sb;
        snprintf(out, sizeof out, "%s/%s.%s", c->outdir, fig, t);
        if (stat(out, &sb) != 0 || sb.st_size == 0) {
            fprintf(stderr, "plot: gnuplot did not write %s\n", out);
            rc = -1;
        } else if (c->log) {
            fprintf(c->log, "plot: wrote %s\n", out);
        }
    }
    return rc;
}

static bool is_status(const char *s, const char *want) {
    return strcmp(s, want) == 0;
}

int plot_main(int argc, char **argv) {
    const char *csv = NULL, *outdir = NULL, *format = "all";
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        if (strcmp(a, "--help") == 0 || strcmp(a, "-h") == 0) {
            usage(stdout);
            return 0;
        }
        if (strcmp(a, "-o") == 0 || strcmp(a, "--output") == 0 || strcmp(a, "--format") == 0) {
            if (i + 1 >= argc) {
                fprintf(stderr, "plot: %s needs a value\n", a);
                return 2;
            }
            if (strcmp(a, "--format") == 0)
                format = argv[++i];
            else
                outdir = argv[++i];
            continue;
        }
        if (strncmp(a, "--format=", 9) == 0) {
            format = a + 9;
            continue;
        }
        if (strncmp(a, "--output=", 9) == 0) {
            outdir = a + 9;
            continue;
        }
        if (a[0] == '-' && a[1]) {
            fprintf(stderr, "plot: unknown option '%s'\n", a);
            usage(stderr);
            return 2;
        }
        if (csv) {
            fprintf(stderr, "plot: one results file at a time ('%s' and '%s')\n", csv, a);
            return 2;
        }
        csv = a;
    }
    if (!csv) {
        fprintf(stderr, "plot: no results file given\n");
        usage(stderr);
        return 2;
    }
    const char *fmts = strcmp(format, "all") == 0   ? "pdf png svg"
                       : strcmp(format, "pdf") == 0 ? "pdf"
                       : strcmp(format, "png") == 0 ? "png"
                       : strcmp(format, "svg") == 0 ? "svg"
                                                    : NULL;
    if (!fmts) {
        fprintf(stderr, "plot: --format must be pdf, png, svg or all, not '%s'\n", format);
        return 2;
    }

    int rc = 2;
    char csvbuf[4096], peerpath[4200];
    struct stat isb;
    snprintf(csvbuf, sizeof csvbuf, "%s/results.csv", csv);
    if (stat(csv, &isb) == 0 && S_ISDIR(isb.st_mode) && stat(csvbuf, &isb) == 0)
        csv = csvbuf; /* a run folder (any other folder: csv_read says it is one) */
    struct csv_table t = {0}, peers = {0};
    struct run_meta meta = {0};
    struct run_gaps gaps = {0};
    struct plot_ctx c;
    memset(&c, 0, sizeof c);
    c.log = stderr;

    if (csv_read(csv, &t) != ATTN_OK) {
        fprintf(stderr, "plot: %s\n", attn_last_error());
        goto cleanup;
    }
    for (size_t i = 0; i < sizeof required_cols / sizeof *required_cols; i++)
        if (csv_col(&t, required_cols[i]) < 0) {
            fprintf(stderr, "plot: %s: required column '%s' is missing; no figure written\n", csv,
                    required_cols[i]);
            goto cleanup;
        }
    const char *cslash = strrchr(csv, '/');
    snprintf(peerpath, sizeof peerpath, "%.*speers.csv", cslash ? (int)(cslash - csv + 1) : 0, csv);
    if (strcmp(peerpath, csv) && stat(peerpath, &isb) == 0) {
        if (csv_read(peerpath, &peers) != ATTN_OK) {
            fprintf(stderr, "plot: %s\n", attn_last_error());
            goto cleanup;
        }
        c.peers = &peers;
    }
    if (meta_read_beside(csv, &meta) != ATTN_OK)
        fprintf(stderr, "plot: warning: %s; drawing without device information\n",
                attn_last_error());

    if (run_gaps_find(csv, &t, &gaps) != ATTN_OK) {
        fprintf(stderr, "plot: out of memory\n");
        goto cleanup;
    }
    if (run_gaps_missing(&gaps)) /* a cut run: its figures must not read as the whole sweep */
        fprintf(stderr,
                "plot: warning: %zu of the %zu runs this folder's sweep assigned have no row "
                "(the run ended early); the figures hold the %zu that have\n",
                run_gaps_missing(&gaps), gaps.assigned, gaps.have);
    c.gaps = &gaps;
    c.t = &t;
    c.csv_path = csv;
    c.meta = &meta;
    snprintf(c.fmts, sizeof c.fmts, "%s", fmts);
    const char *dev = meta.present ? meta_str(&meta, "device") : NULL;
    snprintf(c.device, sizeof c.device, "%s", dev ? dev : "");
    if (outdir) {
        snprintf(c.outdir, sizeof c.outdir, "%s", outdir);
    } else {
        const char *slash = strrchr(csv, '/');
        if (slash)
            snprintf(c.outdir, sizeof c.outdir, "%.*s/figures", (int)(slash - csv), csv);
        else
            snprintf(c.outdir, sizeof c.outdir, "figures");
    }

    c.r = calloc(t.nrow + 1, sizeof *c.r);
    if (!c.r) {
        fprintf(stderr, "plot: out of memory\n");
        goto cleanup;
    }
    bool prefill = false, decode = false;
    for (size_t i = 0; i < t.nrow; i++) {
        struct prow *r = &c.r[c.nr++];
        r->row = i;
        r->method = csv_get(&t, i, "method");
        r->backend = csv_get(&t, i, "backend");
        r->variant = csv_get(&t, i, "variant");
        r->mode = csv_get(&t, i, "mode");
        r->status = csv_get(&t, i, "status");
        r->reason = csv_get(&t, i, "reason");
        r->n = csv_num(&t, i, "seq_len");
        r->est = is_status(r->status, "estimated");
        r->usable = is_status(r->status, "ok") || r->est;
        r->bad = is_status(r->status, "skipped") || is_status(r->status, "failed");
        if (r->usable) {
            prefill |= strcmp(r->mode, "decode") != 0;
            decode |= strcmp(r->mode, "decode") == 0;
        }
    }
    c.both_modes = prefill && decode;

    for (const char *p = c.outdir; *p; p++)
        if ((unsigned char)*p < 0x20 || *p == 0x7f) { /* it goes into gnuplot's `cd` line */
            fprintf(stderr, "plot: output folder name holds a control character (newline, "
                            "tab...); give -o DIR\n");
            goto cleanup;
        }
    struct stat osb;
    if (stat(c.outdir, &osb) == 0 && !S_ISDIR(osb.st_mode)) {
        fprintf(stderr, "plot: %s exists and is not a directory; give -o a folder\n", c.outdir);
        goto cleanup;
    }
    if (mkdir_p(c.outdir) != 0) {
        fprintf(stderr, "plot: cannot create %s: %s\n", c.outdir, strerror(errno));
        goto cleanup;
    }
    int (*const figs[])(struct plot_ctx *) = {
        fig_latency, fig_speedup,    fig_tflops,    fig_bandwidth, fig_memory,   fig_recall,
        fig_stages,  fig_flop_ratio, fig_coherence, fig_budget,    fig_roofline, fig_frontier};
    for (size_t i = 0; i < sizeof figs / sizeof *figs; i++)
        if (figs[i](&c) < 0) {
            fprintf(stderr, "plot: %s\n", attn_last_error());
            rc = 1;
            goto cleanup;
        }
    if (c.nfigs == 0) {
        fprintf(stderr,
                "plot: %s: no figure can be drawn (no usable row holds what any figure "
                "needs)\n",
                csv);
        rc = 1;
        goto cleanup;
    }

    char gpbuf[4096];
    const char *gnuplot = find_gnuplot(gpbuf, sizeof gpbuf);
    if (!gnuplot) {
        fprintf(stderr,
                "plot: gnuplot not found (install it: apt-get install gnuplot-nox).\n"
                "plot: the scripts are written: cd %s && gnuplot <fig>.gp  (%zu figures)\n",
                c.outdir, c.nfigs);
        rc = 1;
        goto cleanup;
    }
    rc = 0;
    for (size_t i = 0; i < c.nfigs; i++)
        if (run_gnuplot(gnuplot, &c, c.figs[i]) != 0)
            rc = 1;

cleanup:
    free(c.r);
    run_gaps_free(&gaps);
    meta_free(&meta);
    csv_free(&peers);
    csv_free(&t);
    return rc;
}
