/* integrity_harness.h - shared by test_cli_plot_injection.c, test_cli_outdir.c
 * and test_cli_exits.c, the end-to-end integrity checks of issue 13
 * (header-only: the CMake glob builds test_*.c alone).  Every child runs
 * msabench (MSABENCH_BIN, testutil.h tu_start) in a fresh tmpdir under an
 * alarm; a failed case is reported and counted, the test goes on to its other
 * cases and fails at its end_cases().  Define _GNU_SOURCE before including it. */
#ifndef MSABENCH_INTEGRITY_HARNESS_H
#define MSABENCH_INTEGRITY_HARNESS_H
#include "testutil.h"

#include "results.h"

#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static char tmpdir[256];

/* tmpdir/name */
static inline const char *at(const char *name) {
    static char buf[4][4096];
    static int k;
    k = (k + 1) % 4;
    snprintf(buf[k], sizeof buf[k], "%s/%s", tmpdir, name);
    return buf[k];
}

static inline void write_file(const char *name, const void *data, size_t n) {
    FILE *f = fopen(at(name), "wb");
    assert_non_null(f);
    assert_int_equal(fwrite(data, 1, n, f), n);
    fclose(f);
}

static inline void write_text(const char *name, const char *text) {
    write_file(name, text, strlen(text));
}

static inline bool exists(const char *path) {
    struct stat st;
    return lstat(path, &st) == 0;
}

static inline double now_s(void) {
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + 1e-9 * (double)t.tv_nsec;
}

/* A failed case is reported and counted; the test goes on to its other cases
 * (so one run shows every case that fails) and fails at its end_cases(). */
static int cases_failed, cases_run;
#define CASE_FAIL(...) (print_error(__VA_ARGS__), print_error("\n"), cases_failed++)

static inline int reset_cases(void **state) {
    (void)state;
    cases_failed = cases_run = 0;
    return 0;
}

static inline void end_cases(void) {
    const int bad = cases_failed, n = cases_run;
    cases_failed = cases_run = 0;
    print_message("%d cases, %d failed\n", n, bad);
    assert_int_equal(bad, 0);
}

/* Starts msabench args (NULL-terminated) in tmpdir with env (NAME=VALUE,
 * NULL-terminated, may be NULL) added, output to tmpdir/log, under an alarm. */
static inline pid_t start(const char *log, int limit_s, const char *const *env,
                          const char *const *args) {
    return tu_start(tmpdir, at(log), limit_s, env, args);
}

static inline struct tu_result finish(pid_t pid, const char *log) {
    return tu_finish(pid, at(log));
}

static inline struct tu_result run_env(const char *const *env, const char *const *args) {
    return finish(start("cli.log", 120, env, args), "cli.log");
}

#define RUN(...) run_env(NULL, (const char *[]){__VA_ARGS__, NULL})

static inline void check_no_sanitizer(const char *out) {
    assert_null(strstr(out, "AddressSanitizer"));
    assert_null(strstr(out, "runtime error:"));
    assert_null(strstr(out, "LeakSanitizer"));
}

/* Non-zero exit (not killed), every expected piece in the output. */
static inline void expect_refused(const char *what, struct tu_result r, const char *const *want) {
    cases_run++;
    int ok = r.rc != 0 && r.rc < 128;
    for (; *want; want++)
        ok = ok && strstr(r.out, *want) != NULL;
    if (!ok) {
        CASE_FAIL("%s: exit %d, output:\n%s\n", what, r.rc, r.out);
    }
    check_no_sanitizer(r.out);
    free(r.out);
}

#define REFUSED(what, r, ...) expect_refused(what, r, (const char *[]){__VA_ARGS__, NULL})

static inline void expect_ok(const char *what, struct tu_result r) {
    if (r.rc != 0) {
        CASE_FAIL("%s: exit %d, output:\n%s\n", what, r.rc, r.out);
    }
    check_no_sanitizer(r.out);
    free(r.out);
}

/* The file at path still holds exactly want. */
static inline void expect_unchanged(const char *what, const char *path, const char *want) {
    char *s = tu_read_all(path);
    if (!s || strcmp(s, want) != 0) {
        CASE_FAIL("%s: %s was changed or removed\n", what, path);
    }
    free(s);
}

/* A small sweep that runs in well under a second. */
static inline const char *quick_sweep(const char *name) {
    static char y[1024];
    snprintf(y, sizeof y,
             "name: %s\nmethods: [gqa, msa]\nbackends: [cpu]\n"
             "axes: {seq_len: [64, 128], heads_q: 4, heads_kv: 2, head_dim: 32, block_size: 16, "
             "topk: 2}\n"
             "timing: {warmup_ms: 1, min_samples: 2, max_samples: 3, timeout_s: 5}\n",
             name);
    return y;
}

/* One quick row, then one call that takes seconds (the reference at N=4096). */
static const char *const slow_sweep =
    "name: slow\nmethods: [gqa]\nbackends: [ref]\n"
    "axes: {seq_len: [64, 4096], heads_q: 4, heads_kv: 2, head_dim: 32}\n"
    "timing: {warmup_ms: 0, min_samples: 1, max_samples: 1, timeout_s: 120}\n"
    "validate: {rows: 1}\n";

/* Waits (up to 60 s) until path holds at least n lines. */
static inline void wait_lines(const char *path, size_t n, pid_t pid) {
    for (int i = 0; i < 6000 && tu_count_lines(path) < n; i++) {
        int st;
        if (waitpid(pid, &st, WNOHANG) == pid) {
            print_error("the run ended before %s held %zu lines\n", path, n);
            fail();
        }
        usleep(10000);
    }
    assert_true(tu_count_lines(path) >= n);
}

static inline int setup(void **state) {
    (void)state;
    snprintf(tmpdir, sizeof tmpdir, "/tmp/msabench_cli_integrity_XXXXXX");
    return mkdtemp(tmpdir) ? 0 : -1;
}

static inline int teardown(void **state) {
    (void)state;
    char cmd[400];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", tmpdir);
    return system(cmd) == 0 ? 0 : -1;
}

#endif
