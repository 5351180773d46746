/* test_cli_exits.c - how a run that cannot finish ends (issue 13, classes 3,
 * 10 and 11): an interrupted call (SIGINT, SIGTERM, a second SIGINT at once)
 * is never recorded ok and --resume measures it; nothing runnable, unknown
 * options, nothing usable and NaN inputs exit non-zero; messages say what is
 * wrong (shard cap, bad OMPI rank, CR-only CSV, a folder where a file is
 * expected, a full disk reported at results.csv first).  Shared harness:
 * integrity_harness.h. */
#define _GNU_SOURCE
#include "integrity_harness.h"

#include <math.h>
#include <sys/resource.h>

/* ---------------------------------------------------------------- class 3 */

/* Interrupts the long call with sig (twice when twice): no ok row for it,
 * finished rows whole, and --resume measures it. */
static void interrupt_long_call(int sig, bool twice) {
    cases_run++;
    char dir[64], csv[128], log[64];
    snprintf(dir, sizeof dir, "sig_%d_%d", sig, twice);
    snprintf(csv, sizeof csv, "%s/results.csv", dir);
    snprintf(log, sizeof log, "sig_%d_%d.log", sig, twice);
    write_text("sig.yaml", slow_sweep);
    pid_t pid = start(log, 300, NULL, (const char *[]){"run", "sig.yaml", "-o", dir, NULL});
    wait_lines(at(csv), 2, pid);
    usleep(300000); /* inside the long call */
    kill(pid, sig);
    double t_second = 0;
    if (twice) {
        usleep(200000);
        kill(pid, sig);
        t_second = now_s();
    }
    struct tu_result r = finish(pid, log);
    const double dt = now_s() - t_second;
    if (twice) {
        print_message("ended %.2f s after the second signal\n", dt);
        if (dt > 1.0) {
            CASE_FAIL("a second signal took %.2f s to end the run\n", dt);
        }
    }
    if (r.rc != 128 + sig && r.rc != 130) {
        CASE_FAIL("signal %d: exit %d, output:\n%s\n", sig, r.rc, r.out);
    }
    check_no_sanitizer(r.out);
    free(r.out);
    struct csv_table t = {0};
    assert_int_equal(csv_read(at(csv), &t), ATTN_OK); /* every row whole */
    for (size_t i = 0; i < t.nrow; i++) {
        const char *st = csv_get(&t, i, "status");
        if (!strcmp(csv_get(&t, i, "seq_len"), "4096") && !strcmp(st, "ok")) {
            CASE_FAIL("signal %d: the interrupted call was recorded ok (%s samples)\n", sig,
                      csv_get(&t, i, "samples"));
        }
        assert_true(!strcmp(st, "ok") || !strcmp(st, "failed"));
    }
    csv_free(&t);
    expect_ok("resume", RUN("run", "sig.yaml", "-o", dir, "--resume", "--quiet"));
    assert_int_equal(csv_read(at(csv), &t), ATTN_OK);
    bool measured = false;
    for (size_t i = 0; i < t.nrow; i++)
        measured = measured || (!strcmp(csv_get(&t, i, "seq_len"), "4096") &&
                                !strcmp(csv_get(&t, i, "status"), "ok"));
    csv_free(&t);
    if (!measured) {
        CASE_FAIL("signal %d: --resume did not measure the interrupted call\n", sig);
    }
}

static void test_sigint_long_call_not_ok(void **state) {
    (void)state;
    interrupt_long_call(SIGINT, false);
    end_cases();
}

static void test_sigterm_long_call_not_ok(void **state) {
    (void)state;
    interrupt_long_call(SIGTERM, false);
    end_cases();
}

static void test_second_sigint_ends_at_once(void **state) {
    (void)state;
    interrupt_long_call(SIGINT, true);
    end_cases();
}

/* --------------------------------------------------------------- class 10 */

static bool build_has_cuda(void) {
    struct tu_result r = RUN("list");
    bool cuda = strstr(r.out, "cuda") != NULL;
    free(r.out);
    return cuda;
}

/* Nothing runnable, unknown options, nothing usable: non-zero with a message. */
static void test_exit_codes(void **state) {
    (void)state;
    write_text("nv.yaml", "methods: [gqa]\nbackends: [cpu]\nvariants: [no_such]\n"
                          "axes: {seq_len: 64}\n");
    REFUSED("variants: [no_such]", RUN("run", "nv.yaml", "-o", "nv", "--quiet"), "nv.yaml",
            "no implementation");
    if (!build_has_cuda()) {
        write_text("cu.yaml", "methods: [gqa]\nbackends: [cuda]\naxes: {seq_len: 64}\n");
        REFUSED("backends: [cuda]", RUN("run", "cu.yaml", "-o", "cu", "--quiet"), "cu.yaml",
                "no CUDA");
    }
    REFUSED("list --bogus", RUN("list", "--bogus"), "--bogus");

    write_text("base.csv", "key,method,backend,variant,status,median_ms\n"
                           "k,gqa,cpu,materialized,ok,1\n");
    write_text("nousable.csv", "key,method,backend,variant,status,median_ms\n"
                               "k,gqa,cpu,materialized,failed,\n");
    REFUSED("compare, no usable row", RUN("compare", "base.csv", "nousable.csv"), "nousable.csv",
            "no usable row");
    end_cases();
}

/* npy v1.0, float32, values a, b, a, b... */
static void write_npy_fill(const char *name, const char *shape, size_t n, float a, float b) {
    char hdr[128];
    int h =
        snprintf(hdr, sizeof hdr, "{'descr': '<f4', 'fortran_order': False, 'shape': %s, }", shape);
    while ((10 + h + 1) % 64)
        hdr[h++] = ' ';
    hdr[h++] = '\n';
    unsigned char *buf = malloc(10 + (size_t)h + n * 4);
    memcpy(buf, "\x93NUMPY\x01\x00", 8);
    buf[8] = (unsigned char)(h & 0xff);
    buf[9] = (unsigned char)(h >> 8);
    memcpy(buf + 10, hdr, (size_t)h);
    for (size_t i = 0; i < n; i++)
        memcpy(buf + 10 + h + 4 * i, i % 2 ? &b : &a, 4);
    write_file(name, buf, 10 + (size_t)h + n * 4);
    free(buf);
}

/* fit-index on all-NaN input, and on finite inputs whose scores overflow
 * float32 (coverage came out nan): non-zero, never a report.json with nan. */
static void test_fit_index_nan(void **state) {
    (void)state;
    static const struct {
        float qa, qb, k;
        const char *expect;
    } c[] = {
        {NAN, NAN, NAN, "NaN"},
        {3e38f, -3e38f, 3e38f, "not finite"},
    };
    for (size_t i = 0; i < sizeof c / sizeof c[0]; i++) {
        char q[32], k[32], out[32], rep[64];
        snprintf(q, sizeof q, "fi_q%zu.npy", i);
        snprintf(k, sizeof k, "fi_k%zu.npy", i);
        snprintf(out, sizeof out, "fi_%zu", i);
        snprintf(rep, sizeof rep, "fi_%zu/report.json", i);
        write_npy_fill(q, "(256, 4, 32)", 256 * 4 * 32, c[i].qa, c[i].qb);
        write_npy_fill(k, "(256, 2, 32)", 256 * 2 * 32, c[i].k, c[i].k);
        struct tu_result r = RUN("fit-index", "--q", q, "--k", k, "--v", k, "--steps", "4",
                                 "--block-size", "16", "--topk", "4", "--rows", "32", "--out", out);
        char *json = tu_read_all(at(rep));
        if (json && strstr(json, "nan"))
            CASE_FAIL("%s holds a bare nan:\n%s\n", rep, json);
        free(json);
        REFUSED(q, r, c[i].expect);
    }
    end_cases();
}

/* --------------------------------------------------------------- class 11 */

static void test_clear_messages(void **state) {
    (void)state;
    write_text("msg.yaml", quick_sweep("msg"));
    REFUSED("--shard 0/1000000",
            RUN("run", "msg.yaml", "-o", "msg_sh", "--shard", "0/1000000", "--quiet"), "cap",
            "100000");
    struct tu_result r = run_env(
        (const char *[]){"OMPI_COMM_WORLD_RANK=abc", "OMPI_COMM_WORLD_SIZE=2", NULL},
        (const char *[]){"run", "msg.yaml", "-o", "msg_ompi", "--shard", "auto", "--quiet", NULL});
    if (strstr(r.out, "not set")) {
        CASE_FAIL("OMPI_COMM_WORLD_RANK=abc reported as not set:\n%s\n", r.out);
    }
    REFUSED("OMPI_COMM_WORLD_RANK=abc", r, "OMPI_COMM_WORLD_RANK", "'abc'", "invalid");

    write_text("cr.csv", "key,method,backend,variant,status,median_ms\r"
                         "k,gqa,cpu,materialized,ok,1\r");
    REFUSED("CR-only CSV", RUN("compare", "cr.csv", "cr.csv"), "cr.csv", "CR");

    assert_int_equal(mkdir(at("folder.csv"), 0700), 0);
    write_text("one.csv", "key,method,backend,variant,status,median_ms\n"
                          "k,gqa,cpu,materialized,ok,1\n");
    REFUSED("folder as CSV", RUN("compare", "folder.csv", "one.csv"), "folder.csv", "folder");
    REFUSED("folder as merge input", RUN("merge", "mout.csv", "one.csv", "folder.csv"),
            "folder.csv", "folder");

    write_text("afile", "x\n");
    expect_ok("run", RUN("run", "msg.yaml", "-o", "msg_run", "--quiet"));
    REFUSED("file as plot -o", RUN("plot", "msg_run/results.csv", "-o", "afile"), "afile",
            "not a directory");
    end_cases();
}

/* A folder where a .npy is expected: the row fails saying so (not "bad magic"). */
static void test_folder_as_npy(void **state) {
    (void)state;
    assert_int_equal(mkdir(at("dq.npy"), 0700), 0);
    write_text("npyd.yaml", "methods: [gqa]\nbackends: [cpu]\n"
                            "axes: {seq_len: 64, heads_q: 4, heads_kv: 2, head_dim: 32, "
                            "data: file}\n"
                            "file: {q: dq.npy, k: dq.npy, v: dq.npy}\n"
                            "timing: {min_samples: 1, timeout_s: 1}\n");
    struct tu_result r = RUN("run", "npyd.yaml", "-o", "npyd", "--quiet");
    if (strstr(r.out, "bad magic"))
        CASE_FAIL("folder as .npy: reported as bad magic:\n%s\n", r.out);
    REFUSED("folder as .npy", r, "dq.npy", "folder");
    end_cases();
}

/* A full disk (RLIMIT_FSIZE lowered under the running process: every later
 * write fails, meta.json's too): the results.csv error is the one reported. */
static void test_full_disk_reports_results_first(void **state) {
    (void)state;
    write_text("full.yaml", slow_sweep);
    pid_t pid = start("full.log", 300, NULL,
                      (const char *[]){"run", "full.yaml", "-o", "full", "--quiet", NULL});
    wait_lines(at("full/results.csv"), 2, pid);
    struct rlimit lim = {64, 64};
    assert_int_equal(prlimit(pid, RLIMIT_FSIZE, &lim, NULL), 0);
    struct tu_result r = finish(pid, "full.log");
    const char *res = strstr(r.out, "results.csv");
    const char *meta = strstr(r.out, "meta.json");
    if (!res || (meta && meta < res)) {
        CASE_FAIL("full disk: the results.csv error is not reported first:\n%s\n", r.out);
    }
    REFUSED("full disk", r, "full/results.csv");
    struct csv_table t = {0};
    assert_int_equal(csv_read(at("full/results.csv"), &t), ATTN_OK); /* rows on disk whole */
    assert_int_equal(t.nrow, 1);
    csv_free(&t);
    end_cases();
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup(test_sigint_long_call_not_ok, reset_cases),
        cmocka_unit_test_setup(test_sigterm_long_call_not_ok, reset_cases),
        cmocka_unit_test_setup(test_second_sigint_ends_at_once, reset_cases),
        cmocka_unit_test_setup(test_exit_codes, reset_cases),
        cmocka_unit_test_setup(test_fit_index_nan, reset_cases),
        cmocka_unit_test_setup(test_clear_messages, reset_cases),
        cmocka_unit_test_setup(test_folder_as_npy, reset_cases),
        cmocka_unit_test_setup(test_full_disk_reports_results_first, reset_cases),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
