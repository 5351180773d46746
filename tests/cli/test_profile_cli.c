/* test_profile_cli.c - `msabench run SWEEP --profile nsys|ncu --point P`
 * (issue 18) against a fake `nsys` / `ncu` placed first on PATH: a script
 * that writes its argv (NUL-separated) to a file, then runs the msabench
 * command at its end the way the real tools do.  Checked:
 *   - the tool's argv: `nsys profile -o OUT/profile-<index> MSABENCH run SWEEP
 *     -o OUT --point P`, ncu's `-o ... --set full --clock-control none` and `--smoke`;
 *   - only the chosen point ran (its rows alone in results.csv);
 *   - a key holding shell metacharacters ( ; $() ` ' & space ) reaches the
 *     tool verbatim as one argument and nothing in it runs (no shell);
 *   - selection by index, no match, an ambiguous part of a key and an index
 *     out of range (exit 2, clear messages), --list's order;
 *   - a missing tool: exit 3 naming it, nothing spawned. */
#include "testutil.h"

#include "results.h"

#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

static char tmpdir[128];

/* The q file's name: every character a shell would act on. */
#define EVIL_Q "q;$(touch PWNED)`touch PWNED2`'x y&.npy"

static const char *at(const char *name) {
    static char buf[4][512];
    static int k;
    k = (k + 1) % 4;
    snprintf(buf[k], sizeof buf[k], "%s/%s", tmpdir, name);
    return buf[k];
}

static void write_file(const char *name, const void *data, size_t n, mode_t mode) {
    int fd = open(at(name), O_WRONLY | O_CREAT | O_TRUNC, mode);
    assert_true(fd >= 0);
    assert_int_equal(write(fd, data, n), (ssize_t)n);
    close(fd);
}

/* npy v1.0 float32 [64, h, 32] with small varied values */
static void write_npy(const char *name, int h) {
    char hdr[128];
    int n = 64 * h * 32;
    int l = snprintf(hdr, sizeof hdr,
                     "{'descr': '<f4', 'fortran_order': False, 'shape': (64, %d, "
                     "32), }",
                     h);
    while ((10 + l + 1) % 64)
        hdr[l++] = ' ';
    hdr[l++] = '\n';
    size_t sz = 10 + (size_t)l + 4 * (size_t)n;
    unsigned char *b = malloc(sz);
    assert_non_null(b);
    memcpy(b, "\x93NUMPY\x01\x00", 8);
    b[8] = (unsigned char)(l & 0xff);
    b[9] = (unsigned char)(l >> 8);
    memcpy(b + 10, hdr, (size_t)l);
    for (int i = 0; i < n; i++) {
        float v = (float)((i * 37 % 101) - 50) / 100.0f;
        memcpy(b + 10 + l + 4 * i, &v, 4);
    }
    write_file(name, b, sz, 0644);
    free(b);
}

static char *read_all(const char *path, size_t *len) {
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    static char buf[1 << 16];
    size_t n = fread(buf, 1, sizeof buf - 1, f);
    buf[n] = '\0';
    fclose(f);
    if (len)
        *len = n;
    return buf;
}

struct result {
    int rc;
    char out[1 << 16];
};

/* Runs msabench args in tmpdir with PATH = tmpdir/bin first (bin_on_path)
 * or without any folder holding nsys/ncu (testutil's runner, PATH set for the child). */
static struct result run(bool bin_on_path, const char *const *args) {
    struct result r = {0};
    static char path[1100];
    snprintf(path, sizeof path, "PATH=%s%s/usr/bin:/bin", bin_on_path ? tmpdir : "",
             bin_on_path ? "/bin:" : "");
    const char *const env[] = {path, NULL};
    struct tu_result t = tu_run(tmpdir, at("log"), 120, env, args);
    r.rc = t.rc;
    snprintf(r.out, sizeof r.out, "%s", t.out);
    free(t.out);
    return r;
}

/* The fake tool's argv, NUL-separated, as an array; returns the count. */
static int tool_argv(const char **out, int cap) {
    size_t len;
    char *s = read_all(at("argv.bin"), &len);
    if (!s)
        return -1;
    int n = 0;
    for (size_t i = 0; i < len && n < cap; i += strlen(s + i) + 1)
        out[n++] = s + i;
    return n;
}

/* The rows of dir/results.csv and the N of each (all must be n_want). */
static size_t rows_at(const char *dir, double n_want) {
    char p[600];
    snprintf(p, sizeof p, "%s/results.csv", at(dir));
    struct csv_table t;
    if (csv_read(p, &t) != ATTN_OK)
        fail_msg("%s: %s", p, attn_last_error());
    size_t n = t.nrow;
    for (size_t i = 0; i < t.nrow; i++) {
        if (csv_num(&t, i, "seq_len") != 64 || strcmp(csv_get(&t, i, "status"), "ok") != 0)
            fail_msg("row %zu: %s %s", i, csv_get(&t, i, "status"), csv_get(&t, i, "reason"));
        if (n_want == 1 && !strstr(csv_get(&t, i, "key"), EVIL_Q))
            fail_msg("row %zu is another point: %s", i, csv_get(&t, i, "key"));
        if (n_want == 2 && !strstr(csv_get(&t, i, "key"), ",q=q2.npy"))
            fail_msg("row %zu is another point: %s", i, csv_get(&t, i, "key"));
    }
    csv_free(&t);
    return n;
}

static int setup(void **state) {
    (void)state;
    snprintf(tmpdir, sizeof tmpdir, "/tmp/msabench_prof_XXXXXX");
    if (!mkdtemp(tmpdir))
        return -1;
    mkdir(at("bin"), 0755);
    /* the fake profiler: argv to argv.bin, then the msabench command after
     * the tool's own options (the first word that is an absolute path) */
    char script[1024];
    snprintf(script, sizeof script,
             "#!/bin/sh\nprintf '%%s\\0' \"$@\" > '%s/argv.bin'\n"
             "while [ $# -gt 0 ]; do case \"$1\" in /*) break;; esac; shift; done\n"
             "exec \"$@\"\n",
             tmpdir);
    write_file("bin/nsys", script, strlen(script), 0755);
    write_file("bin/ncu", script, strlen(script), 0755);
    write_npy(EVIL_Q, 4);
    write_npy("q2.npy", 4);
    write_npy("k.npy", 2);
    const char *y = "methods: [gqa, flash]\nbackends: [cpu]\n"
                    "axes: {seq_len: 64, heads_q: 4, heads_kv: 2, head_dim: 32, index_dim: 32, \n"
                    "       data: file}\n"
                    "file:\n"
                    "  - {name: evil, q: \"" EVIL_Q "\", k: k.npy, v: k.npy}\n"
                    "  - {name: plain, q: q2.npy, k: k.npy, v: k.npy}\n"
                    "timing: {min_samples: 1, max_samples: 2, timeout_s: 1}\n";
    write_file("s.yaml", y, strlen(y), 0644);
    return 0;
}

static int teardown(void **state) {
    (void)state;
    char cmd[300];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", tmpdir);
    return system(cmd) == 0 ? 0 : -1;
}

static void test_nsys_one_point_verbatim(void **state) {
    (void)state;
    const char *sel = "q=q;$(touch PWNED)`touch PWNED2`'x y&";
    struct result r = run(true, (const char *[]){"run", "s.yaml", "-o", "o1", "--profile", "nsys",
                                                 "--point", sel, "--quiet", NULL});
    if (r.rc != 0)
        fail_msg("exit %d:\n%s", r.rc, r.out);
    const char *a[32];
    int n = tool_argv(a, 32);
    const char *want[] = {"profile", "-o",     "o1/profile-0", NULL /* msabench */,
                          "run",     "s.yaml", "-o",           "o1",
                          "--point", sel,      "--quiet"};
    const int nw = (int)(sizeof want / sizeof *want);
    if (n != nw)
        fail_msg("nsys got %d arguments, not %d:\n%s", n, nw, r.out);
    for (int i = 0; i < nw; i++)
        if (want[i])
            assert_string_equal(a[i], want[i]);
    assert_true(a[3][0] == '/' && strstr(a[3], "msabench")); /* this binary, absolute */
    /* the evil point's two rows and nothing else; nothing in the key ran */
    assert_int_equal(rows_at("o1", 1), 2);
    assert_int_equal(access(at("PWNED"), F_OK), -1);
    assert_int_equal(access(at("PWNED2"), F_OK), -1);
    assert_int_equal(access(at("o1/PWNED"), F_OK), -1);
    assert_non_null(strstr(r.out, "o1/profile-0.nsys-rep"));
}

static void test_ncu_by_index(void **state) {
    (void)state;
    struct result r = run(true, (const char *[]){"run", "s.yaml", "-o", "o2", "--profile", "ncu",
                                                 "--point", "1", "--quiet", NULL});
    if (r.rc != 0)
        fail_msg("exit %d:\n%s", r.rc, r.out);
    const char *a[32];
    int n = tool_argv(a, 32);
    assert_int_equal(n, 15);
    assert_string_equal(a[0], "-o");
    assert_string_equal(a[1], "o2/profile-1");
    assert_string_equal(a[2], "--set");
    assert_string_equal(a[3], "full");
    assert_string_equal(a[4], "--clock-control"); /* a shared card's clocks are left alone */
    assert_string_equal(a[5], "none");
    assert_string_equal(a[7], "run");
    assert_string_equal(a[11], "--point");
    assert_string_equal(a[12], "1");
    assert_string_equal(a[14], "--smoke"); /* ncu replays kernels: one call per run */
    assert_int_equal(rows_at("o2", 2), 2);
}

static void test_bad_points_and_missing_tool(void **state) {
    (void)state;
    unlink(at("argv.bin"));
    struct result r = run(true, (const char *[]){"run", "s.yaml", "-o", "o3", "--profile", "nsys",
                                                 "--point", "zzz", NULL});
    assert_int_equal(r.rc, 2);
    assert_non_null(strstr(r.out, "--point 'zzz': no point's key holds it"));
    r = run(true, (const char *[]){"run", "s.yaml", "-o", "o3", "--profile", "nsys", "--point",
                                   "prefill", NULL});
    assert_int_equal(r.rc, 2);
    assert_non_null(strstr(r.out, "ambiguous, 2 points match"));
    r = run(true, (const char *[]){"run", "s.yaml", "-o", "o3", "--profile", "nsys", "--point", "2",
                                   NULL});
    assert_int_equal(r.rc, 2);
    assert_non_null(strstr(r.out, "the sweep has 2 points (0 to 1)"));
    r = run(true, (const char *[]){"run", "s.yaml", "-o", "o3", "--profile", "nsys", NULL});
    assert_int_equal(r.rc, 2);
    assert_non_null(strstr(r.out, "give --point"));
    r = run(true, (const char *[]){"run", "s.yaml", "--profile", "perf", "--point", "0", NULL});
    assert_int_equal(r.rc, 2);
    assert_int_equal(access(at("argv.bin"), F_OK), -1); /* none of these started the tool */
    /* no nsys on PATH: exit 3 naming it; nothing ran */
    r = run(false, (const char *[]){"run", "s.yaml", "-o", "o4", "--profile", "nsys", "--point",
                                    "0", NULL});
    assert_int_equal(r.rc, 3);
    assert_non_null(strstr(r.out, "`nsys` not found on PATH"));
    assert_int_equal(access(at("o4/results.csv"), F_OK), -1);
    /* --list: index and key, in the order --point counts */
    r = run(true, (const char *[]){"run", "s.yaml", "--list", NULL});
    assert_int_equal(r.rc, 0);
    const char *l0 = strstr(r.out, "0  prefill,"), *l1 = strstr(r.out, "\n1  prefill,");
    assert_true(l0 && l1 && l0 < l1);
    assert_non_null(strstr(l0, ",q=" EVIL_Q ",file=evil\n"));
    /* --point alone runs that point, no profiler */
    r = run(false, (const char *[]){"run", "s.yaml", "-o", "o5", "--point", "file=plain", "--quiet",
                                    NULL});
    if (r.rc != 0)
        fail_msg("exit %d:\n%s", r.rc, r.out);
    assert_int_equal(rows_at("o5", 2), 2);
}

int main(void) {
    const struct CMUnitTest tests[] = {cmocka_unit_test(test_nsys_one_point_verbatim),
                                       cmocka_unit_test(test_ncu_by_index),
                                       cmocka_unit_test(test_bad_points_and_missing_tool)};
    return cmocka_run_group_tests(tests, setup, teardown);
}
