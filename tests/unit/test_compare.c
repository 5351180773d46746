/* test_compare.c - msabench compare on hand-made result sets: row matching,
 * the SLOW / FAST / NOISY rules, MISSING / NEW / FAILED, device refusal,
 * --normalize (per run, and per row by floor_ms), --base-runs, and the exit
 * codes (0 clean, 1 regression, 2 input error). */
#include "compare.h"
#include "testutil.h"

#include <fcntl.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static char root[64];
static char base_csv[160], new_csv[160];

/* count samples around m with the given relative half-spread, as "a;b;..." */
static void samples(char *buf, size_t n, double m, double spread, int count) {
    buf[0] = '\0';
    for (int i = 0; i < count; i++) {
        /* evenly spread over m*(1 +- spread), in a shuffled fixed order */
        int j = (i * 5) % count;
        double t = count > 1 ? (double)j / (count - 1) * 2 - 1 : 0;
        size_t l = strlen(buf);
        snprintf(buf + l, n - l, "%s%.6g", i ? ";" : "", m * (1 + spread * t));
    }
}

static double cv_of(double spread, int count) {
    double s = 0, ss = 0;
    for (int i = 0; i < count; i++) {
        double x = 1 + spread * ((double)i / (count - 1) * 2 - 1);
        s += x;
        ss += x * x;
    }
    double mean = s / count, var = (ss - count * mean * mean) / (count - 1);
    return sqrt(var > 0 ? var : 0) / mean;
}

struct trow {
    const char *method, *status;
    double median, spread;
    int count;
    double floor; /* floor_ms; 0 = not measured (empty cell) */
};

static const char *header =
    "sweep,key,method,backend,variant,status,reason,mode,seq_len,median_ms,cv,samples_ms,"
    "some_future_column,floor_ms\n";

/* Writes DIR/results.csv from rows and DIR/meta.json (device may be NULL: no meta). */
static void write_run(const char *dir, const char *device, double calib, const struct trow *rows,
                      size_t n, char *csv_out) {
    char path[256];
    mkdir(dir, 0777);
    snprintf(csv_out, 160, "%s/results.csv", dir);
    FILE *f = fopen(csv_out, "w");
    assert_non_null(f);
    fputs(header, f);
    for (size_t i = 0; i < n; i++) {
        const struct trow *r = &rows[i];
        char s[2048] = "";
        bool ok = strcmp(r->status, "ok") == 0;
        if (ok)
            samples(s, sizeof s, r->median, r->spread, r->count);
        fprintf(f, "t,\"prefill,c1,N4096,%s\",%s,cpu,v1,%s,%s,prefill,4096,", r->method, r->method,
                r->status, ok ? "" : "\"it broke, badly\"");
        if (ok)
            fprintf(f, "%.6g,%.6g,%s,x,", r->median, cv_of(r->spread, r->count), s);
        else
            fprintf(f, ",,,x,");
        if (r->floor > 0)
            fprintf(f, "%.6g", r->floor);
        fputc('\n', f);
    }
    fclose(f);
    snprintf(path, sizeof path, "%s/meta.json", dir);
    unlink(path);
    if (device) {
        f = fopen(path, "w");
        assert_non_null(f);
        fprintf(f,
                "{\"sweep\": \"t\", \"device\": \"%s\", \"gpu\": null, \"peak_tflops\": null,\n"
                " \"calib_sgemm_ms\": %.6g, \"versions\": {\"cuda\": \"12.4\"}}\n",
                device, calib);
        fclose(f);
    }
}

/* Runs compare_main with stdout sent to /dev/null. */
static int run_main(int argc, const char **argv) {
    fflush(stdout);
    int saved = dup(1), devnull = open("/dev/null", O_WRONLY);
    dup2(devnull, 1);
    close(devnull);
    int rc = compare_main(argc, (char **)argv);
    fflush(stdout);
    dup2(saved, 1);
    close(saved);
    return rc;
}

static const struct cmp_entry *find(const struct cmp_result *r, const char *method) {
    for (size_t i = 0; i < r->n; i++)
        if (strcmp(r->e[i].method, method) == 0)
            return &r->e[i];
    fail_msg("no entry for %s", method);
    return NULL;
}

static int setup(void **state) {
    (void)state;
    snprintf(root, sizeof root, "/tmp/msabench_cmp_XXXXXX");
    return mkdtemp(root) ? 0 : -1;
}

static int teardown(void **state) {
    (void)state;
    char cmd[128];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", root);
    return system(cmd) == 0 ? 0 : -1;
}

/* The full set of verdicts, one row each. */
static const struct trow base_rows[] = {
    {"same", "ok", 10, 0.004, 12, 0},   {"slower", "ok", 10, 0.004, 12, 0},
    {"faster", "ok", 10, 0.004, 12, 0}, {"noisy", "ok", 10, 0.15, 12, 0},
    {"tiny", "ok", 10, 0.004, 12, 0},   {"few", "ok", 10, 0.004, 3, 0},
    {"broke", "ok", 10, 0.004, 12, 0},  {"gone", "ok", 10, 0.004, 12, 0},
    {"never", "skipped", 0, 0, 0, 0},
};
static const struct trow new_rows[] = {
    {"same", "ok", 10.01, 0.004, 12, 0}, {"slower", "ok", 12, 0.004, 12, 0},
    {"faster", "ok", 8, 0.004, 12, 0},   {"noisy", "ok", 10.5, 0.004, 12, 0},
    {"tiny", "ok", 10.2, 0.004, 12, 0},  {"few", "ok", 12, 0.004, 3, 0},
    {"broke", "failed", 0, 0, 0, 0},     {"never", "skipped", 0, 0, 0, 0},
    {"fresh", "ok", 5, 0.004, 12, 0},
};

static void write_both(const char *bdev, const char *ndev) {
    char b[128], n[128];
    snprintf(b, sizeof b, "%s/base", root);
    snprintf(n, sizeof n, "%s/new", root);
    write_run(b, bdev, 1.0, base_rows, sizeof base_rows / sizeof *base_rows, base_csv);
    write_run(n, ndev, 1.0, new_rows, sizeof new_rows / sizeof *new_rows, new_csv);
}

static void test_verdicts(void **state) {
    (void)state;
    write_both("Test CPU", "Test CPU");
    struct cmp_opts o;
    cmp_opts_default(&o);
    struct cmp_result r;
    assert_int_equal(compare_files(base_csv, new_csv, &o, &r, NULL), ATTN_OK);
    assert_int_equal(find(&r, "same")->verdict, CMP_OK);
    const struct cmp_entry *e = find(&r, "slower");
    assert_int_equal(e->verdict, CMP_SLOW);
    assert_close(e->ratio, 1.2, 0, 1e-9);
    assert_true(e->p < 1e-4);
    assert_int_equal(e->base_n, 12);
    assert_int_equal(find(&r, "faster")->verdict, CMP_FAST);
    /* base CV ~ 0.09: the bound is 2 CV, far above the 5% shift */
    e = find(&r, "noisy");
    assert_int_equal(e->verdict, CMP_NOISY);
    assert_true(e->bound > 0.15);
    /* significant but under the 5% threshold */
    e = find(&r, "tiny");
    assert_true(e->p < 0.01);
    assert_int_equal(e->verdict, CMP_OK);
    /* 20% slower on 3 samples each: p = 0.1 cannot reach alpha */
    e = find(&r, "few");
    assert_close(e->p, 0.1, 1e-12, 0);
    assert_int_equal(e->verdict, CMP_SLOW_UNPROVEN);
    assert_int_equal(find(&r, "broke")->verdict, CMP_FAILED);
    assert_int_equal(find(&r, "gone")->verdict, CMP_MISSING);
    assert_int_equal(find(&r, "never")->verdict, CMP_NOT_RUN);
    assert_int_equal(find(&r, "fresh")->verdict, CMP_NEW);
    assert_int_equal(r.count[CMP_SLOW], 1);
    assert_int_equal(r.count[CMP_MISSING], 1);
    assert_int_equal(r.count[CMP_NEW], 1);
    assert_int_equal(compare_exit_code(&r), 1);
    /* geomean over the six rows timed on both sides */
    assert_int_equal(r.n_geomean, 6);
    double g = exp((log(1.001) + log(1.2) + log(0.8) + log(1.05) + log(1.02) + log(1.2)) / 6);
    assert_close(r.geomean, g, 0, 1e-9);
    /* the printed table names every verdict */
    char *text = NULL;
    size_t len = 0;
    FILE *mem = open_memstream(&text, &len);
    compare_print(&r, &o, mem);
    fclose(mem);
    const char *words[] = {"SLOW",    "FAST", "NOISY",           "FAILED",
                           "MISSING", "NEW",  "it broke, badly", "geomean"};
    for (size_t i = 0; i < sizeof words / sizeof *words; i++)
        if (!strstr(text, words[i]))
            fail_msg("'%s' not in the output:\n%s", words[i], text);
    free(text);
    compare_free(&r);

    /* a wider threshold: 20% is no longer enough */
    o.threshold = 0.25;
    assert_int_equal(compare_files(base_csv, new_csv, &o, &r, NULL), ATTN_OK);
    assert_int_equal(find(&r, "slower")->verdict, CMP_OK);
    assert_int_equal(find(&r, "faster")->verdict, CMP_OK); /* 0.8 > 1/1.25 */
    compare_free(&r);
}

static void test_exit_codes(void **state) {
    (void)state;
    write_both("Test CPU", "Test CPU");
    const char *argv1[] = {"compare", base_csv, new_csv};
    assert_int_equal(run_main(3, argv1), 1); /* SLOW and FAILED */
    /* a run against itself is clean */
    const char *argv0[] = {"compare", base_csv, base_csv};
    assert_int_equal(run_main(3, argv0), 0);
    /* --threshold 25% clears the SLOW, but FAILED still fails */
    const char *argv2[] = {"compare", base_csv, new_csv, "--threshold", "25%"};
    assert_int_equal(run_main(5, argv2), 1);

    /* only the ok -> failed transition: exit 1 */
    char b[128], n[128];
    snprintf(b, sizeof b, "%s/fb", root);
    snprintf(n, sizeof n, "%s/fn", root);
    const struct trow fb[] = {{"x", "ok", 10, 0.004, 12, 0}, {"y", "ok", 10, 0.004, 12, 0}};
    const struct trow fn[] = {{"x", "ok", 10, 0.004, 12, 0}, {"y", "failed", 0, 0, 0, 0}};
    char fbc[160], fnc[160];
    write_run(b, "Test CPU", 1, fb, 2, fbc);
    write_run(n, "Test CPU", 1, fn, 2, fnc);
    const char *argv3[] = {"compare", fbc, fnc};
    assert_int_equal(run_main(3, argv3), 1);
    const char *argv4[] = {"compare", fnc, fbc}; /* failed -> ok: FIXED, fine */
    assert_int_equal(run_main(3, argv4), 0);

    /* usage and input errors: 2 */
    const char *bad1[] = {"compare", base_csv};
    assert_int_equal(run_main(2, bad1), 2);
    const char *bad2[] = {"compare", base_csv, new_csv, "--bogus"};
    assert_int_equal(run_main(4, bad2), 2);
    const char *bad3[] = {"compare", base_csv, new_csv, "--threshold", "5"};
    assert_int_equal(run_main(5, bad3), 2); /* ambiguous: 5% or 500%? */
    const char *bad4[] = {"compare", base_csv, "/nonexistent/results.csv"};
    assert_int_equal(run_main(3, bad4), 2);
    const char *bad5[] = {"compare", base_csv, new_csv, "--alpha", "2"};
    assert_int_equal(run_main(5, bad5), 2);
    const char *help[] = {"compare", "--help"};
    assert_int_equal(run_main(2, help), 0);
}

static void test_missing_column(void **state) {
    (void)state;
    char dir[128], path[160];
    snprintf(dir, sizeof dir, "%s/nocol", root);
    mkdir(dir, 0777);
    snprintf(path, sizeof path, "%s/results.csv", dir);
    FILE *f = fopen(path, "w");
    assert_non_null(f);
    fputs("key,method,backend,variant,status,p50\nk,m,cpu,v,ok,1\n", f);
    fclose(f);
    write_both("Test CPU", "Test CPU");
    struct cmp_opts o;
    cmp_opts_default(&o);
    struct cmp_result r;
    assert_int_not_equal(compare_files(base_csv, path, &o, &r, NULL), ATTN_OK);
    assert_non_null(strstr(attn_last_error(), "median_ms"));
    assert_non_null(strstr(attn_last_error(), path));
    const char *argv[] = {"compare", base_csv, path};
    assert_int_equal(run_main(3, argv), 2);
}

static void test_devices(void **state) {
    (void)state;
    write_both("NVIDIA H100 80GB HBM3", "NVIDIA H200");
    struct cmp_opts o;
    cmp_opts_default(&o);
    struct cmp_result r;
    assert_int_equal(compare_files(base_csv, new_csv, &o, &r, NULL), ATTN_ERR_INVALID);
    const char *msg = attn_last_error();
    assert_non_null(strstr(msg, "different devices"));
    assert_non_null(strstr(msg, "NVIDIA H200"));
    assert_non_null(strstr(msg, "--force"));
    const char *argv[] = {"compare", base_csv, new_csv};
    assert_int_equal(run_main(3, argv), 2);
    /* --force compares anyway, and the SLOW row still fails the run */
    const char *argvf[] = {"compare", "--force", base_csv, new_csv};
    assert_int_equal(run_main(4, argvf), 1);
    o.force = true;
    assert_int_equal(compare_files(base_csv, new_csv, &o, &r, NULL), ATTN_OK);
    assert_int_equal(find(&r, "slower")->verdict, CMP_SLOW);
    assert_string_equal(r.new_device, "NVIDIA H200");
    compare_free(&r);

    /* no meta.json on one side: a warning, not a refusal */
    write_both("Test CPU", NULL);
    o.force = false;
    char *text = NULL;
    size_t len = 0;
    FILE *warn = open_memstream(&text, &len);
    assert_int_equal(compare_files(base_csv, new_csv, &o, &r, warn), ATTN_OK);
    fclose(warn);
    assert_non_null(strstr(text, "meta.json"));
    free(text);
    assert_string_equal(r.new_device, "");
    compare_free(&r);
}

static void test_normalize(void **state) {
    (void)state;
    /* the new machine is twice as slow at everything, sgemm included */
    char b[128], n[128], bc[160], nc[160];
    snprintf(b, sizeof b, "%s/nb", root);
    snprintf(n, sizeof n, "%s/nn", root);
    const struct trow rb[] = {{"p", "ok", 10, 0.004, 12, 0}, {"q", "ok", 10, 0.004, 12, 0}};
    const struct trow rn[] = {{"p", "ok", 20, 0.004, 12, 0}, {"q", "ok", 26, 0.004, 12, 0}};
    write_run(b, "Test CPU", 1.5, rb, 2, bc);
    write_run(n, "Test CPU", 3.0, rn, 2, nc);
    struct cmp_opts o;
    cmp_opts_default(&o);
    struct cmp_result r;
    assert_int_equal(compare_files(bc, nc, &o, &r, NULL), ATTN_OK);
    assert_int_equal(find(&r, "p")->verdict, CMP_SLOW); /* raw: 2x slower */
    compare_free(&r);
    o.normalize = true;
    assert_int_equal(compare_files(bc, nc, &o, &r, NULL), ATTN_OK);
    const struct cmp_entry *e = find(&r, "p");
    assert_int_equal(e->verdict, CMP_OK);
    assert_close(e->ratio, 1.0, 0, 1e-9);
    assert_close(e->base_ms, 10 / 1.5, 0, 1e-9);
    e = find(&r, "q"); /* 26/3 vs 10/1.5: 1.3x, a real regression */
    assert_int_equal(e->verdict, CMP_SLOW);
    assert_close(e->ratio, 1.3, 0, 1e-9);
    compare_free(&r);
    const char *argv[] = {"compare", bc, nc, "--normalize"};
    assert_int_equal(run_main(4, argv), 1);

    /* --normalize without a calibration is an input error */
    write_run(n, NULL, 0, rn, 2, nc);
    assert_int_not_equal(compare_files(bc, nc, &o, &r, NULL), ATTN_OK);
    assert_non_null(strstr(attn_last_error(), "calib_sgemm_ms"));
    assert_int_equal(run_main(4, argv), 2);
}

/* A repeated identity (a resumed run that re-ran a point): the last row wins. */
static void test_duplicates(void **state) {
    (void)state;
    char b[128], bc[160];
    snprintf(b, sizeof b, "%s/dup", root);
    const struct trow rows[] = {{"d", "ok", 50, 0.004, 12, 0}, {"d", "ok", 10, 0.004, 12, 0}};
    write_run(b, "Test CPU", 1, rows, 2, bc);
    const struct trow one[] = {{"d", "ok", 10, 0.004, 12, 0}};
    char n[128], nc[160];
    snprintf(n, sizeof n, "%s/dup1", root);
    write_run(n, "Test CPU", 1, one, 1, nc);
    struct cmp_opts o;
    cmp_opts_default(&o);
    struct cmp_result r;
    assert_int_equal(compare_files(bc, nc, &o, &r, NULL), ATTN_OK);
    assert_int_equal(r.n, 1);
    assert_close(r.e[0].base_ms, 10, 0, 1e-12);
    assert_int_equal(r.e[0].verdict, CMP_OK);
    compare_free(&r);
}

/* Per-row floors: a row that ran while its floor doubled is not slower; a
 * row without a floor on one side falls back to the runs' calibration. */
static void test_floor_normalize(void **state) {
    (void)state;
    char b[128], n[128], bc[160], nc[160];
    snprintf(b, sizeof b, "%s/fb", root);
    snprintf(n, sizeof n, "%s/fn", root);
    const struct trow rb[] = {{"p", "ok", 10, 0.004, 12, 2},
                              {"q", "ok", 10, 0.004, 12, 2},
                              {"u", "ok", 10, 0.004, 12, 0}};
    const struct trow rn[] = {{"p", "ok", 20, 0.004, 12, 4},
                              {"q", "ok", 26, 0.004, 12, 2},
                              {"u", "ok", 20, 0.004, 12, 4}};
    write_run(b, "Test CPU", 1.0, rb, 3, bc);
    write_run(n, "Test CPU", 1.0, rn, 3, nc);
    struct cmp_opts o;
    cmp_opts_default(&o);
    o.normalize = true;
    struct cmp_result r;
    assert_int_equal(compare_files(bc, nc, &o, &r, NULL), ATTN_OK);
    const struct cmp_entry *e = find(&r, "p"); /* its floor doubled with it */
    assert_true(e->by_floor);
    assert_int_equal(e->verdict, CMP_OK);
    assert_close(e->ratio, 1.0, 0, 1e-9);
    assert_close(e->base_ms, 5.0, 0, 1e-9);
    e = find(&r, "q"); /* same floor, 2.6x the time */
    assert_true(e->by_floor);
    assert_int_equal(e->verdict, CMP_SLOW);
    assert_close(e->ratio, 2.6, 0, 1e-9);
    e = find(&r, "u"); /* base has no floor: both sides by calib_sgemm_ms */
    assert_false(e->by_floor);
    assert_int_equal(e->verdict, CMP_SLOW);
    assert_close(e->ratio, 2.0, 0, 1e-9);
    assert_int_equal(r.n_floor, 2);
    compare_free(&r);
}

/* --base-runs: a base of several runs pools them; their spread widens a
 * row's bound, so a row as far off as the runs among themselves is not SLOW. */
static void test_base_runs(void **state) {
    (void)state;
    char b[128], n[128], bc[160], nc[160];
    snprintf(b, sizeof b, "%s/runs", root);
    snprintf(n, sizeof n, "%s/runs_new", root);
    const struct trow rb[] = {{"d", "ok", 10, 0.004, 12, 0},   {"s", "ok", 10, 0.004, 12, 0},
                              {"d", "ok", 14, 0.004, 12, 0},   {"s", "ok", 10.1, 0.004, 12, 0},
                              {"d", "ok", 10.5, 0.004, 12, 0}, {"s", "ok", 10.2, 0.004, 12, 0}};
    const struct trow rn[] = {{"d", "ok", 13, 0.004, 12, 0}, {"s", "ok", 13, 0.004, 12, 0}};
    write_run(b, "Test CPU", 1, rb, 6, bc);
    write_run(n, "Test CPU", 1, rn, 2, nc);
    struct cmp_opts o;
    cmp_opts_default(&o);
    struct cmp_result r;
    /* without it the last base row is the base: 13 / 10.5 is SLOW */
    assert_int_equal(compare_files(bc, nc, &o, &r, NULL), ATTN_OK);
    assert_int_equal(find(&r, "d")->verdict, CMP_SLOW);
    compare_free(&r);
    o.base_runs = true;
    assert_int_equal(compare_files(bc, nc, &o, &r, NULL), ATTN_OK);
    const struct cmp_entry *e = find(&r, "d");
    assert_int_equal(e->base_runs, 3);
    assert_close(e->base_ms, 10.5, 0, 1e-9);    /* median of 10, 14, 10.5 */
    assert_close(e->base_spread, 0.4, 0, 1e-9); /* 14 / 10 - 1 */
    assert_close(e->bound, 0.4, 0, 1e-9);
    assert_int_equal(e->base_n, 36);            /* samples pooled */
    assert_int_not_equal(e->verdict, CMP_SLOW); /* 1.24x, inside the runs' own spread */
    e = find(&r, "s");                          /* steady runs: 13 / 10.1 is still SLOW */
    assert_close(e->base_spread, 0.02, 0, 1e-9);
    assert_int_equal(e->verdict, CMP_SLOW);
    assert_int_equal(r.max_runs, 3);
    compare_free(&r);
    const char *argv[] = {"compare", bc, nc, "--base-runs"};
    assert_int_equal(run_main(4, argv), 1);
}

/* The committed CPU baseline (written before the `kernels` column, and the
 * coherence ones) against the same rows with `kernels` appended, as a run of
 * today writes them: rows match by identity, none is GONE, NEW or MISSING, and
 * both directions pass the way ci_gate.sh compares. */
static void test_old_header_baseline(void **state) {
    (void)state;
    static char line[1 << 16];
    char path[160], old[4096];
    snprintf(path, sizeof path, "%s/kernels.csv", root);
    snprintf(old, sizeof old, "%s", tu_src_path("results/baseline/ci-cpu.csv"));
    FILE *in = fopen(old, "r");
    FILE *out = fopen(path, "w");
    assert_true(in && out);
    size_t rows = 0;
    for (bool head = true; fgets(line, sizeof line, in); head = false) {
        line[strcspn(line, "\n")] = '\0';
        if (head && strstr(line, ",kernels")) { /* remade since: nothing old to read */
            fclose(in);
            fclose(out);
            skip();
        }
        fprintf(out, "%s,%s\n", line, head ? "kernels" : "index=mma;topk=v3");
        rows += !head;
    }
    fclose(in);
    fclose(out);
    assert_true(rows > 10);
    /* its meta.json beside it, as X.meta.json (the committed one's) */
    char meta[4096 + 16], mpath[192];
    snprintf(meta, sizeof meta, "%.*s.meta.json", (int)(strlen(old) - 4), old);
    snprintf(mpath, sizeof mpath, "%s/kernels.meta.json", root);
    in = fopen(meta, "r");
    out = fopen(mpath, "w");
    assert_true(in && out);
    for (size_t n; (n = fread(line, 1, sizeof line, in)) > 0;)
        assert_int_equal(fwrite(line, 1, n, out), n);
    fclose(in);
    fclose(out);
    struct cmp_opts o;
    cmp_opts_default(&o);
    o.normalize = o.force = o.base_runs = true;
    for (int dir = 0; dir < 2; dir++) {
        struct cmp_result r;
        assert_int_equal(compare_files(dir ? path : old, dir ? old : path, &o, &r, NULL), ATTN_OK);
        assert_true(r.n > 0);
        for (size_t i = 0; i < r.n; i++)
            if (r.e[i].base_row == SIZE_MAX || r.e[i].new_row == SIZE_MAX)
                fail_msg("%s/%s/%s %s: unmatched", r.e[i].method, r.e[i].backend, r.e[i].variant,
                         r.e[i].key);
        assert_int_equal(r.count[CMP_GONE] + r.count[CMP_NEW] + r.count[CMP_MISSING], 0);
        assert_int_equal(r.count[CMP_SLOW] + r.count[CMP_FAILED], 0); /* the same samples */
        compare_free(&r);
    }
    const char *argv[] = {"compare", old, path, "--normalize", "--force", "--base-runs"};
    assert_int_equal(run_main(6, argv), 0);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_verdicts),
        cmocka_unit_test(test_exit_codes),
        cmocka_unit_test(test_missing_column),
        cmocka_unit_test(test_devices),
        cmocka_unit_test(test_normalize),
        cmocka_unit_test(test_duplicates),
        cmocka_unit_test(test_floor_normalize),
        cmocka_unit_test(test_base_runs),
        cmocka_unit_test(test_old_header_baseline),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
