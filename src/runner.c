/* runner.c - for each point and implementation: supports() or a recorded skip,
 * the memory model against the limit, inputs (cached per shape), validation of
 * sampled rows against the float64 ref, timing, memory, recall; one row each,
 * written at once.  The runner knows no method by name: flags and the
 * registry tell it what an implementation needs.  This file: the loop over
 * points, signals and progress; the concerns live in runner_*.c (runner_int.h). */
#include "runner_int.h"

#include "device.h"
#include "meta.h"
#include "results.h"
#include "timer.h"

#include <errno.h>
#include <math.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

volatile sig_atomic_t runner_interrupted;

/* The first signal lets the row in progress end (it is then dropped, not
 * written); a second one ends the process at once: every row on disk was
 * written whole by one write(), so nothing is torn. */
static void on_sigint(int sig) {
    if (runner_interrupted)
        _exit(128 + sig);
    runner_interrupted = 1;
}

double runner_default_mem_limit(void) {
    long pages = sysconf(_SC_PHYS_PAGES), psz = sysconf(_SC_PAGE_SIZE);
    if (pages <= 0 || psz <= 0)
        return 4.0 * (1 << 30);
    return 0.5 * (double)pages * (double)psz;
}

enum attn_status runner_select_into(const struct sweep_spec *spec, const struct attn_impl **out,
                                    size_t max, size_t *n) {
    *n = 0;
    for (size_t i = 0; i < attn_registry_count(); i++) {
        const struct attn_impl *im = attn_registry_get(i);
        if (!sweep_lists(spec, im) || !sweep_variant_wanted(spec, im))
            continue;
        if (*n == max) { /* a cut here would drop runs from the sweep unseen */
            attn_set_error("%s: the sweep selects more than the %zu implementations there is "
                           "room for",
                           spec->name, max);
            return ATTN_ERR_INVALID;
        }
        out[(*n)++] = im;
    }
    return ATTN_OK;
}

enum attn_status runner_select(const struct sweep_spec *spec, const struct attn_impl ***out,
                               size_t *n) {
    const size_t cap = attn_registry_count();
    *n = 0;
    *out = malloc((cap ? cap : 1) * sizeof **out);
    if (!*out) {
        attn_set_error("%s: out of memory selecting implementations", spec->name);
        return ATTN_ERR_NOMEM;
    }
    const enum attn_status st = runner_select_into(spec, *out, cap, n);
    if (st != ATTN_OK) { /* cannot happen (room for all), but never hand back half a list */
        free(*out);
        *out = NULL;
        *n = 0;
    }
    return st;
}

static void fmt_eta(double s, char *buf, size_t n) {
    if (!isfinite(s) || s < 0)
        snprintf(buf, n, "?");
    else if (s < 90)
        snprintf(buf, n, "%.0fs", s);
    else if (s < 5400)
        snprintf(buf, n, "%.0fm%02.0fs", floor(s / 60), fmod(s, 60));
    else
        snprintf(buf, n, "%.1fh", s / 3600);
}

/* Points outside this invocation's share (shard) that already have a row in the resumed folder:
 * they were assigned by an earlier run into it, so meta.json's assigned_runs (which
 * run_gaps reads) still covers them after a shard is resumed into a whole folder. */
static size_t points_resumed_elsewhere(const struct sweep_spec *spec, const struct runner_opts *o,
                                       const int *owner, const struct results_file *rf,
                                       const struct attn_impl *const *impls, size_t nim) {
    size_t n = 0;
    char key[512];
    for (size_t pi = 0; pi < spec->n_points; pi++) {
        if (!((owner && owner[pi] != o->shard_index) || (o->one_point && pi != o->point)))
            continue; /* this invocation's own point: counted already */
        for (size_t ii = 0; ii < nim; ii++) {
            sweep_point_key_method(&spec->points[pi], impls[ii]->method, key, sizeof key);
            if (results_done(rf, key, impls[ii]->method, impls[ii]->backend, impls[ii]->variant)) {
                n++;
                break;
            }
        }
    }
    return n;
}

static enum attn_status make_dirs(const char *path) {
    char buf[DATA_PATH_MAX];
    snprintf(buf, sizeof buf, "%s", path);
    for (char *p = buf + 1; *p; p++) {
        if (*p != '/')
            continue;
        *p = '\0';
        if (mkdir(buf, 0777) != 0 && errno != EEXIST)
            goto fail;
        *p = '/';
    }
    if (mkdir(buf, 0777) != 0 && errno != EEXIST)
        goto fail;
    return ATTN_OK;
fail:
    attn_set_error("%s: cannot create output directory: %s", buf, strerror(errno));
    return ATTN_ERR_IO;
}

enum attn_status runner_run(const struct sweep_spec *spec, const struct runner_opts *o,
                            struct runner_summary *sum) {
    const struct attn_impl **impls = NULL;
    size_t nim = 0;
    struct input_set cache[2];
    struct results_file rf = {0};
    struct meta_run meta;
    int *owner = NULL;
    char path[DATA_PATH_MAX + 32];
    enum attn_status st = ATTN_OK;
    memset(cache, 0, sizeof cache);
    memset(sum, 0, sizeof *sum);
    runner_interrupted = 0;

    if ((st = runner_select(spec, &impls, &nim)) != ATTN_OK)
        goto cleanup;
    if ((st = make_dirs(o->out_dir)) != ATTN_OK)
        goto cleanup;
    snprintf(path, sizeof path, "%s/results.csv", o->out_dir);
    if ((st = results_open(&rf, path, o->resume)) != ATTN_OK)
        goto cleanup;
    meta_begin(&meta, spec, o->out_dir);

    const double mem_limit = spec->mem_limit > 0 ? spec->mem_limit : runner_default_mem_limit();
    const double dev_total = (double)attn_device_mem_total();
    const double dev_limit = spec->dev_mem_limit > 0 ? spec->dev_mem_limit : 0.9 * dev_total;
    size_t mine = spec->n_points;
    if (o->shard_count > 1) {
        owner = malloc((spec->n_points ? spec->n_points : 1) * sizeof *owner);
        if (!owner) {
            st = ATTN_ERR_NOMEM;
            goto cleanup;
        }
        runner_shard_assign(spec, o->shard_count, owner);
        mine = 0;
        for (size_t p = 0; p < spec->n_points; p++)
            mine += owner[p] == o->shard_index;
    }
    if (o->one_point)
        mine = o->point < spec->n_points ? 1 : 0;
    meta.shard_index = o->shard_count > 1 ? o->shard_index : 0;
    meta.shard_count = o->shard_count > 1 ? o->shard_count : 1;
    meta.assigned_runs =
        (mine + (o->resume ? points_resumed_elsewhere(spec, o, owner, &rf, impls, nim) : 0)) * nim;
    meta.impls = impls;
    meta.n_impls = nim;
    meta.mem_limit = mem_limit;
    meta.dev_mem_limit = dev_limit;
    if ((st = meta_write(&meta)) != ATTN_OK)
        goto cleanup;
    const size_t total = mine * nim;
    if (o->progress)
        fprintf(o->progress, "msabench: %s: %zu points x %zu implementations = %zu runs%s -> %s\n",
                spec->name, mine, nim, total, o->shard_count > 1 ? " (this shard)" : "", path);
    struct sigaction sa = {0}, old_int, old_term;
    sa.sa_handler = on_sigint;
    sigaction(SIGINT, &sa, &old_int);
    sigaction(SIGTERM, &sa, &old_term);

    const double t_start = timer_now_s();
    size_t done = 0, ran = 0;
    struct recall_memo last = {(size_t)-1, "", {0}};
    const bool tty = o->progress && isatty(fileno(o->progress));
    double last_line = 0;
    for (size_t pi = 0; pi < spec->n_points && !runner_interrupted; pi++) {
        const struct sweep_point *pt = &spec->points[pi];
        if ((owner && owner[pi] != o->shard_index) || (o->one_point && pi != o->point))
            continue;
        for (size_t ii = 0; ii < nim && !runner_interrupted; ii++, done++) {
            const struct attn_impl *im = impls[ii];
            struct result_row *row = malloc(sizeof *row);
            if (!row) {
                st = ATTN_ERR_NOMEM;
                goto restore;
            }
            result_row_init(row);
            struct job j = {.spec = spec,
                            .pt = pt,
                            .pi = pi,
                            .im = im,
                            .shape = pt->shape,
                            .cache = cache,
                            .ncache = 2,
                            .row = row,
                            .mem_limit = mem_limit,
                            .dev_mem_limit = dev_limit,
                            .smoke = o->smoke,
                            .export_dir = o->export_dir};
            if (im->flags & ATTN_F_MHA)
                j.shape.heads_kv = j.shape.heads_q;
            row->sweep = spec->name;
            row->point = pt;
            row->method = im->method;
            row->backend = im->backend;
            row->variant = im->variant;
            sweep_point_key_method(pt, im->method, row->key, sizeof row->key);
            if (results_done(&rf, row->key, im->method, im->backend, im->variant)) {
                sum->resumed++;
                free(row);
                continue;
            }
            struct sweep_point adj = *pt;
            adj.shape = j.shape;
            row->point = &adj;
            /* one rewritten line on a terminal; in a log, a line every 30 s or so */
            double el = timer_now_s() - t_start;
            if (o->progress && (tty || el - last_line >= 30 || done == 0)) {
                char eta[32];
                last_line = el;
                fmt_eta(ran ? el / (double)ran * (double)(total - done) : NAN, eta, sizeof eta);
                fprintf(
                    o->progress, "%s[%zu/%zu] %s %s/%s N=%lld %s q=%lld hq=%lld hkv=%lld ETA %s%s",
                    tty ? "\r" : "", done + 1, total, im->method, im->backend, im->variant,
                    (long long)j.shape.seq_len, j.shape.mode == ATTN_DECODE ? "decode" : "prefill",
                    (long long)j.shape.q_len, (long long)j.shape.heads_q,
                    (long long)j.shape.heads_kv, eta, tty ? "   " : "\n");
                fflush(o->progress);
            }
            if (runner_ladder(&j, dev_total, o->estimate_only, &last)) {
                ran++;
                if (runner_interrupted) { /* never saved as measured: --resume re-runs it */
                    fprintf(stderr,
                            "%smsabench: interrupted: %s %s/%s N=%lld not written "
                            "(--resume runs it again)\n",
                            tty ? "\n" : "", im->method, im->backend, im->variant,
                            (long long)j.shape.seq_len);
                    free(row);
                    break;
                }
            }
            /* the kernels that made the row's figures (a skipped or estimated row ran none) */
            if (row->status == ROW_OK || row->status == ROW_FAILED)
                attn_impl_kernels(im, &j.shape, &pt->params, row->kernels, sizeof row->kernels);
            if (results_append(&rf, row) != ATTN_OK) {
                st = ATTN_ERR_IO;
                free(row);
                goto restore;
            }
            sum->rows++;
            switch (row->status) {
            case ROW_OK:
                sum->ok++;
                break;
            case ROW_SKIPPED:
                sum->skipped++;
                break;
            case ROW_FAILED:
                sum->failed++;
                break;
            case ROW_ESTIMATED:
                sum->estimated++;
                break;
            }
            if (row->status == ROW_FAILED) /* always said, even with --quiet */
                fprintf(stderr, "%smsabench: failed: %s %s/%s N=%lld: %s\n", tty ? "\n" : "",
                        im->method, im->backend, im->variant, (long long)j.shape.seq_len,
                        row->reason);
            free(row);
        }
    }
restore:
    sum->interrupted = runner_interrupted != 0;
    sigaction(SIGINT, &old_int, NULL);
    sigaction(SIGTERM, &old_term, NULL);
    if (o->progress && tty)
        fprintf(o->progress, "\n");
    meta_end(&meta);
    if (st != ATTN_OK) { /* the first error is the one to report (a full disk: results.csv) */
        char first[512];
        snprintf(first, sizeof first, "%s", attn_last_error());
        meta_write(&meta);
        attn_set_error("%s", first);
    } else if (meta_write(&meta) != ATTN_OK) {
        st = ATTN_ERR_IO;
    }
cleanup:
    free(impls);
    free(owner);
    for (int i = 0; i < 2; i++)
        runner_input_set_free(&cache[i]);
    results_close(&rf);
    return st;
}
