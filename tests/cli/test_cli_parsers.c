/* test_cli_parsers.c - bad input to the parsers and limits, end to end
 * (issue 13, classes 6-8): each case must exit non-zero (or skip, for the
 * memory limit) with a message naming the file and the problem, no sanitizer
 * report, and never block or run away: every child runs under an alarm, and
 * the generated large inputs must finish well inside it. */
#include "testutil.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static char tmpdir[256];

static void write_file(const char *name, const void *data, size_t n) {
    char path[512];
    snprintf(path, sizeof path, "%s/%s", tmpdir, name);
    FILE *f = fopen(path, "wb");
    assert_non_null(f);
    assert_int_equal(fwrite(data, 1, n, f), n);
    fclose(f);
}

static void write_text(const char *name, const char *text) {
    write_file(name, text, strlen(text));
}

static void make_fifo(const char *name) {
    char path[512];
    snprintf(path, sizeof path, "%s/%s", tmpdir, name);
    assert_int_equal(mkfifo(path, 0600), 0);
}

/* Runs msabench with args (NULL-terminated, after the binary) in tmpdir under
 * an alarm of limit_s seconds (kept across exec), measuring its peak RSS. */
static struct tu_result run(int limit_s, const char *const *args) {
    char log[512];
    snprintf(log, sizeof log, "%s/cli.log", tmpdir);
    return tu_run(tmpdir, log, limit_s, NULL, args);
}

static void check_no_sanitizer(const char *out) {
    assert_null(strstr(out, "AddressSanitizer"));
    assert_null(strstr(out, "runtime error:"));
    assert_null(strstr(out, "LeakSanitizer"));
}

/* Non-zero exit (not killed), every expected piece in the output, no sanitizer. */
static void expect_refused(const char *what, struct tu_result r, const char *const *want) {
    int ok = r.rc != 0 && r.rc < 128;
    for (; *want; want++)
        ok = ok && strstr(r.out, *want) != NULL;
    if (!ok) {
        print_error("%s: exit %d after %.1f s, output:\n%s\n", what, r.rc, r.secs, r.out);
        fail();
    }
    check_no_sanitizer(r.out);
    free(r.out);
}

/* name:LINE:COL: with LINE, COL >= 1 somewhere in out */
static int has_loc(const char *out, const char *name) {
    char pat[300];
    snprintf(pat, sizeof pat, "%s:", name);
    for (const char *p = strstr(out, pat); p; p = strstr(p + 1, pat)) {
        int line = 0, col = 0;
        if (sscanf(p + strlen(pat), "%d:%d:", &line, &col) == 2 && line >= 1 && col >= 1)
            return 1;
    }
    return 0;
}

#define HEAD "methods: [gqa]\nbackends: [cpu]\n"

/* Sizes whose byte counts no machine holds, and a warmup past the timeout:
 * refused when the sweep loads, at file:line:col. */
static void test_sizes_and_warmup_refused_at_load(void **state) {
    (void)state;
    static const struct {
        const char *name, *yaml, *expect;
    } c[] = {
        {"batch_max.yaml", HEAD "axes: {batch: 2147483647}\n", "address space"},
        {"batch_seq.yaml", HEAD "axes: {batch: 65536, seq_len: 1048576}\n", "address space"},
        {"overflow.yaml", HEAD "axes: {batch: 2147483647, heads_q: 2147483647, heads_kv: 1}\n",
         "overflows"},
        {"warmup_huge.yaml", HEAD "timing: {warmup_ms: 1e300}\n", "warmup_ms"},
        {"warmup_timeout.yaml", HEAD "timing: {warmup_ms: 5000, timeout_s: 2}\n", "timeout_s"},
        {"mintime_huge.yaml", HEAD "timing: {min_time_ms: 1e300}\n", "min_time_ms"},
        {"timeout_huge.yaml", HEAD "timing: {timeout_s: 1e300}\n", "86400"},
        {"timeout_day.yaml", HEAD "timing: {timeout_s: 86401}\n", "timeout_s"},
        {"warmup_long.yaml", HEAD "timing: {warmup_ms: 1e12, timeout_s: 1e9}\n", "86400"},
    };
    for (size_t i = 0; i < sizeof c / sizeof c[0]; i++) {
        write_text(c[i].name, c[i].yaml);
        char out[600];
        snprintf(out, sizeof out, "%s/out_size_%zu", tmpdir, i);
        struct tu_result r = run(60, (const char *[]){"run", c[i].name, "-o", out, NULL});
        if (!has_loc(r.out, c[i].name)) {
            print_error("%s: no file:line:col in:\n%s\n", c[i].name, r.out);
            fail();
        }
        char res[700];
        snprintf(res, sizeof res, "%s/results.csv", out);
        assert_int_not_equal(access(res, F_OK), 0); /* nothing ran */
        expect_refused(c[i].name, r, (const char *[]){c[i].expect, NULL});
    }
    /* the cap itself is a valid timeout */
    write_text("timeout_cap.yaml",
               HEAD "axes: {seq_len: 64, heads_q: 4, heads_kv: 2, head_dim: 32}\n"
                    "timing: {timeout_s: 86400}\n");
    struct tu_result r =
        run(60, (const char *[]){"estimate", "timeout_cap.yaml", "-o", "cap_out", NULL});
    if (r.rc != 0) {
        print_error("timeout_s: 86400 refused: exit %d\n%s\n", r.rc, r.out);
        fail();
    }
    free(r.out);
}

/* 1 MiB of YAML keys (one repeated) and 200k CSV columns (one repeated): the
 * pairwise checks took 12 s and 40 s; sorted, they finish well inside 10 s. */
static void test_large_duplicate_checks_are_fast(void **state) {
    (void)state;
    const size_t cap = 1000 * 1024;
    char *y = malloc(cap + 64);
    size_t n = (size_t)snprintf(y, cap, HEAD "timing:\n");
    for (int k = 0; n + 32 < cap; k++)
        n += (size_t)snprintf(y + n, cap - n, "  k%d: 1\n", k);
    n += (size_t)snprintf(y + n, cap + 64 - n, "  k7: 2\n");
    write_file("dupkeys.yaml", y, n);
    free(y);
    struct tu_result r =
        run(10, (const char *[]){"run", "dupkeys.yaml", "-o", "dupkeys_out", NULL});
    print_message("1 MiB of keys: %.2f s\n", r.secs);
    expect_refused("dupkeys.yaml", r, (const char *[]){"duplicate key 'k7'", NULL});

    const size_t ncol = 200000;
    char *h = malloc(ncol * 12 + 64);
    n = 0;
    for (size_t k = 0; k < ncol; k++)
        n += (size_t)sprintf(h + n, "%sc%zu", k ? "," : "", k == ncol - 1 ? (size_t)5 : k);
    h[n++] = '\n';
    write_file("wide.csv", h, n);
    free(h);
    r = run(10, (const char *[]){"compare", "wide.csv", "wide.csv", NULL});
    print_message("200k columns: %.2f s\n", r.secs);
    expect_refused("wide.csv", r, (const char *[]){"wide.csv:1:", "'c5' appears twice", NULL});
}

static const char *good_csv = "key,method,backend,variant,status,median_ms\n"
                              "k,gqa,cpu,materialized,ok,1\n";

/* A FIFO or a folder where a file is read: refused at once, naming it. */
static void test_fifos_and_folders_refused(void **state) {
    (void)state;
    make_fifo("fifo.yaml");
    struct tu_result r = run(20, (const char *[]){"run", "fifo.yaml", "-o", "fifo_out", NULL});
    expect_refused("FIFO sweep", r, (const char *[]){"fifo.yaml", "FIFO", NULL});

    char dir[512];
    snprintf(dir, sizeof dir, "%s/folder.yaml", tmpdir);
    assert_int_equal(mkdir(dir, 0700), 0);
    r = run(20, (const char *[]){"run", "folder.yaml", "-o", "folder_out", NULL});
    expect_refused("folder sweep", r, (const char *[]){"folder.yaml", "folder", NULL});

    write_text("good.csv", good_csv);
    make_fifo("fifo.csv");
    r = run(20, (const char *[]){"compare", "fifo.csv", "good.csv", NULL});
    expect_refused("FIFO CSV", r, (const char *[]){"fifo.csv", "FIFO", NULL});

    snprintf(dir, sizeof dir, "%s/dir.csv", tmpdir);
    assert_int_equal(mkdir(dir, 0700), 0);
    r = run(20, (const char *[]){"plot", "dir.csv", "-o", "dir_figs", NULL});
    expect_refused("folder CSV", r, (const char *[]){"dir.csv", "folder", NULL});

    /* NAME.csv reads NAME.meta.json beside it: a FIFO there must not block */
    write_text("withmeta.csv", good_csv);
    make_fifo("withmeta.meta.json");
    r = run(20, (const char *[]){"compare", "withmeta.csv", "good.csv", NULL});
    expect_refused("FIFO meta.json", r, (const char *[]){"withmeta.meta.json", "FIFO", NULL});

    make_fifo("fifo_q.npy");
    write_text("fifo_npy.yaml", HEAD "axes: {seq_len: 64, heads_q: 4, heads_kv: 2, head_dim: "
                                     "32, data: file}\n"
                                     "file: {q: fifo_q.npy, k: fifo_q.npy, v: fifo_q.npy}\n"
                                     "timing: {min_samples: 1, timeout_s: 1}\n");
    r = run(30, (const char *[]){"run", "fifo_npy.yaml", "-o", "fifo_npy_out", "--quiet", NULL});
    expect_refused("FIFO .npy", r, (const char *[]){"fifo_q.npy", "FIFO", NULL});
}

/* malformed meta.json beside a CSV: refused with name:line:col */
static void test_bad_meta_json(void **state) {
    (void)state;
    static const struct {
        const char *json, *expect;
    } c[] = {
        {"{\"sweep\": \"a\",\n \"sweep\": \"b\"}\n", "duplicate"},
        {"[\"sweep\"]\n", "object"},
        {"{\"sweep\": \"a\"\n", "malformed JSON"},
    };
    write_text("base.csv", good_csv);
    for (size_t i = 0; i < sizeof c / sizeof c[0]; i++) {
        char csv[64], meta[64];
        snprintf(csv, sizeof csv, "m%zu.csv", i);
        snprintf(meta, sizeof meta, "m%zu.meta.json", i);
        write_text(csv, good_csv);
        write_text(meta, c[i].json);
        struct tu_result r = run(20, (const char *[]){"compare", "base.csv", csv, NULL});
        if (!has_loc(r.out, meta)) {
            print_error("%s: no file:line:col in:\n%s\n", meta, r.out);
            fail();
        }
        expect_refused(meta, r, (const char *[]){c[i].expect, NULL});
    }
}

/* npy v1.0 with the given dict and float32 data; hl_delta shifts the length field */
static void write_npy(const char *name, const char *shape, const float *x, size_t n, int hl_delta) {
    char hdr[256];
    int h =
        snprintf(hdr, sizeof hdr, "{'descr': '<f4', 'fortran_order': False, 'shape': %s, }", shape);
    while ((10 + h + 1) % 64)
        hdr[h++] = ' ';
    hdr[h++] = '\n';
    const int hl = h + hl_delta;
    unsigned char *b = malloc(10 + (size_t)h + n * 4);
    memcpy(b, "\x93NUMPY\x01\x00", 8);
    b[8] = (unsigned char)(hl & 0xff);
    b[9] = (unsigned char)(hl >> 8);
    memcpy(b + 10, hdr, (size_t)h);
    memcpy(b + 10 + h, x, n * 4);
    write_file(name, b, 10 + (size_t)h + n * 4);
    free(b);
}

/* NaN / Inf in a data file and a short header-length field: every row fails
 * naming the file and the first bad element; nothing is recorded ok. */
static void test_bad_npy_values(void **state) {
    (void)state;
    enum { N = 64, D = 32, NQ = N * 4 * D, NKV = N * 2 * D };
    float *x = malloc(NQ * sizeof *x);
    for (int i = 0; i < NQ; i++)
        x[i] = (float)((i * 37) % 101) / 101.0f - 0.5f;
    write_npy("good_q.npy", "(64, 4, 32)", x, NQ, 0);
    write_npy("good_kv.npy", "(64, 2, 32)", x, NKV, 0);
    x[100] = NAN; /* [0, 3, 4] of [64, 4, 32] */
    write_npy("nan.npy", "(64, 4, 32)", x, NQ, 0);
    x[100] = 0;
    x[NKV - 1] = -INFINITY;
    write_npy("inf.npy", "(64, 2, 32)", x, NKV, 0);
    x[NKV - 1] = 0;
    write_npy("short.npy", "(64, 2, 32)", x, NKV, -16);
    free(x);
    static const struct {
        const char *q, *k, *v;
        const char *expect[3];
    } c[] = {
        {"nan.npy",
         "good_kv.npy",
         "good_kv.npy",
         {"nan.npy", "element 100 [0, 3, 4] is NaN", NULL}},
        {"good_q.npy",
         "good_kv.npy",
         "inf.npy",
         {"inf.npy", "element 4095 [63, 1, 31] is Inf", NULL}},
        {"good_q.npy", "short.npy", "good_kv.npy", {"short.npy", "header-length", NULL}},
    };
    for (size_t i = 0; i < sizeof c / sizeof c[0]; i++) {
        char yaml[1024], name[64], out[64];
        snprintf(yaml, sizeof yaml,
                 "methods: [gqa, msa]\nbackends: [ref, cpu]\n"
                 "axes: {seq_len: 64, heads_q: 4, heads_kv: 2, head_dim: 32, data: file}\n"
                 "file: {q: %s, k: %s, v: %s}\n"
                 "timing: {min_samples: 1, timeout_s: 1}\n",
                 c[i].q, c[i].k, c[i].v);
        snprintf(name, sizeof name, "npyval_%zu.yaml", i);
        snprintf(out, sizeof out, "npyval_out_%zu", i);
        write_text(name, yaml);
        struct tu_result r = run(60, (const char *[]){"run", name, "-o", out, "--quiet", NULL});
        char res[700];
        snprintf(res, sizeof res, "%s/%s/results.csv", tmpdir, out);
        char *csv = tu_read_all(res);
        assert_non_null(csv);
        if (strstr(csv, ",ok,")) {
            print_error("%s: a row was recorded ok:\n%s\n", name, csv);
            fail();
        }
        free(csv);
        expect_refused(name, r, c[i].expect);
    }
}

/* limits.memory below the point: skipped, and the process never grew to the
 * point's size (msa at N=64K peaked at 574 MB under 1 MiB, through recall's
 * inputs).  At N=256K Q alone is 512 MiB in float32; the bound of 256 MiB
 * leaves room for OpenBLAS, the read-rate buffer of meta.json and ASan. */
static void test_memory_limit_allocates_nothing(void **state) {
    (void)state;
    write_text("memlim.yaml", "methods: [msa, full]\nbackends: [ref, cpu]\n"
                              "axes: {seq_len: 262144}\nlimits: {memory: 1MiB}\n");
    struct tu_result r = run(120, (const char *[]){"run", "memlim.yaml", "-o", "memlim_out", NULL});
    print_message("peak RSS %ld KiB\n", r.maxrss_kb);
    if (r.rc != 0 || !strstr(r.out, "0 ok") || !strstr(r.out, "skipped") ||
        r.maxrss_kb > 256 * 1024) {
        print_error("exit %d, peak RSS %ld KiB (limit 256 MiB), output:\n%s\n", r.rc, r.maxrss_kb,
                    r.out);
        fail();
    }
    check_no_sanitizer(r.out);
    free(r.out);
}

static int setup(void **state) {
    (void)state;
    snprintf(tmpdir, sizeof tmpdir, "/tmp/msabench_cli_parsers_XXXXXX");
    return mkdtemp(tmpdir) ? 0 : -1;
}

static int teardown(void **state) {
    (void)state;
    char cmd[400];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", tmpdir);
    return system(cmd) == 0 ? 0 : -1;
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_sizes_and_warmup_refused_at_load),
        cmocka_unit_test(test_large_duplicate_checks_are_fast),
        cmocka_unit_test(test_fifos_and_folders_refused),
        cmocka_unit_test(test_bad_meta_json),
        cmocka_unit_test(test_bad_npy_values),
        cmocka_unit_test(test_memory_limit_allocates_nothing),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
