/* test_figures_cli.c - figures the CLI writes (issue 17): --export writes
 * one folder per (point, method, backend, variant), every method's rows (not
 * only block-sparse ones) and MSA's index inputs qidx / kidx; estimate prints
 * eq. 12's prefill ratio beside prefill rows only. */
#include "testutil.h"

#include "results.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>

static char tmpdir[256];

static int has_file(const char *dir, const char *tag, const char *name) {
    char p[1024];
    struct stat st;
    snprintf(p, sizeof p, "%s/%s/%s", dir, tag, name);
    return stat(p, &st) == 0;
}

static void test_every_row_exported(void **state) {
    (void)state;
    char yp[512], cmd[2048], xdir[512];
    const char *y = "methods: [msa, full]\nbackends: [cpu, ref]\n"
                    "axes: {seq_len: 200, heads_q: 4, heads_kv: 2, head_dim: 32,\n"
                    "       index_dim: 32, block_size: 32, topk: 3, seed: 5}\n"
                    "timing: {min_samples: 1, max_samples: 2, timeout_s: 2}\nvalidate: {rows: 4}\n";
    snprintf(yp, sizeof yp, "%s/x.yaml", tmpdir);
    FILE *f = fopen(yp, "w");
    assert_non_null(f);
    fputs(y, f);
    fclose(f);
    snprintf(xdir, sizeof xdir, "%s/exp", tmpdir);
    const char *b = getenv("MSABENCH_BIN");
    snprintf(cmd, sizeof cmd, "cd '%s' && '%s' run x.yaml -o out --export '%s' --quiet >log 2>&1",
             tmpdir, b ? b : "./msabench", xdir);
    int rc = system(cmd);
    assert_true(WIFEXITED(rc) && WEXITSTATUS(rc) == 0);
    char p[1024];
    snprintf(p, sizeof p, "%s/index.tsv", xdir);
    f = fopen(p, "r");
    assert_non_null(f);
    char line[2048], tags[8][32];
    int n = 0, msa = 0, full = 0;
    while (fgets(line, sizeof line, f) && n < 8) {
        char tag[32], key[1024], method[32], backend[32];
        assert_int_equal(sscanf(line, "%31s %1023s %31s %31s", tag, key, method, backend), 4);
        for (int i = 0; i < n; i++)
            assert_string_not_equal(tags[i], tag); /* one folder per implementation */
        snprintf(tags[n++], sizeof tags[0], "%s", tag);
        assert_true(has_file(xdir, tag, "q.npy") && has_file(xdir, tag, "o_rows.npy"));
        if (!strcmp(method, "msa")) {
            msa++;
            assert_true(has_file(xdir, tag, "qidx.npy") && has_file(xdir, tag, "kidx.npy"));
            assert_true(has_file(xdir, tag, "sel.npy"));
        } else {
            full++;
            assert_false(has_file(xdir, tag, "qidx.npy"));
            assert_false(has_file(xdir, tag, "sel.npy"));
        }
    }
    fclose(f);
    assert_int_equal(msa, 2); /* cpu and ref of the same point */
    assert_int_equal(full, 2);
}

static void test_estimate_eq12_prefill_only(void **state) {
    (void)state;
    char yp[512], cmd[2048], lp[512];
    const char *y = "methods: [msa, gqa]\nbackends: [cpu]\n"
                    "axes: {mode: [prefill, decode], seq_len: 4096, q_len: 4, heads_q: 8, "
                    "heads_kv: 2, head_dim: 64,\n"
                    "       index_dim: 64, block_size: 64, topk: 16}\n";
    snprintf(yp, sizeof yp, "%s/e.yaml", tmpdir);
    FILE *f = fopen(yp, "w");
    assert_non_null(f);
    fputs(y, f);
    fclose(f);
    const char *b = getenv("MSABENCH_BIN");
    snprintf(cmd, sizeof cmd, "cd '%s' && '%s' estimate e.yaml -o est >elog 2>&1", tmpdir,
             b ? b : "./msabench");
    int rc = system(cmd);
    snprintf(lp, sizeof lp, "%s/elog", tmpdir);
    f = fopen(lp, "r");
    assert_non_null(f);
    char line[512];
    int seen = 0, decode = 0;
    while (fgets(line, sizeof line, f)) {
        if (strstr(line, "eq. 12"))
            seen = 1;
        if (!seen)
            continue;
        double n, e12, cnt;
        char mode[16];
        if (sscanf(line, "%lf %15s", &n, mode) != 2 || strcmp(mode, "decode") != 0)
            continue;
        decode++;
        /* the decode line gives no eq. 12 number: the third field is not a number */
        assert_int_not_equal(sscanf(line, "%lf %15s %lf %lf", &n, mode, &e12, &cnt), 4);
    }
    fclose(f);
    assert_true(WIFEXITED(rc) && WEXITSTATUS(rc) == 0);
    assert_int_equal(seen, 1);
    assert_true(decode >= 1);
}

/* mem_peak: never 0 when the input cache freed another point's inputs, and
 * the same for the same (method, backend, shape) whatever ran before. */
static void test_mem_peak_steady(void **state) {
    (void)state;
    char yp[512], cmd[2048], p[512];
    const char *y = "methods: [full, msa]\nbackends: [ref, cpu]\n"
                    "axes: {seq_len: [256, 384], heads_q: 4, heads_kv: 2, head_dim: 32,\n"
                    "       index_dim: 32, block_size: 32, topk: 3, seed: [1, 2, 3]}\n"
                    "timing: {min_samples: 1, max_samples: 2, timeout_s: 2}\nvalidate: {rows: 4}\n";
    snprintf(yp, sizeof yp, "%s/m.yaml", tmpdir);
    FILE *f = fopen(yp, "w");
    assert_non_null(f);
    fputs(y, f);
    fclose(f);
    const char *b = getenv("MSABENCH_BIN");
    snprintf(cmd, sizeof cmd, "cd '%s' && '%s' run m.yaml -o mout --quiet >mlog 2>&1", tmpdir,
             b ? b : "./msabench");
    int rc = system(cmd);
    assert_true(WIFEXITED(rc) && WEXITSTATUS(rc) == 0);
    snprintf(p, sizeof p, "%s/mout/results.csv", tmpdir);
    struct csv_table t = {0};
    assert_int_equal(csv_read(p, &t), ATTN_OK);
    assert_int_equal(t.nrow, 24);
    for (size_t i = 0; i < t.nrow; i++) {
        const double m = csv_num(&t, i, "mem_peak");
        if (!(m > 0))
            fail_msg("row %zu (%s %s N=%s seed %s): mem_peak %g", i, csv_get(&t, i, "method"),
                     csv_get(&t, i, "backend"), csv_get(&t, i, "seq_len"), csv_get(&t, i, "seed"),
                     m);
        for (size_t j = 0; j < i; j++)
            if (!strcmp(csv_get(&t, i, "method"), csv_get(&t, j, "method")) &&
                !strcmp(csv_get(&t, i, "backend"), csv_get(&t, j, "backend")) &&
                !strcmp(csv_get(&t, i, "seq_len"), csv_get(&t, j, "seq_len")) &&
                csv_num(&t, j, "mem_peak") != m)
                fail_msg("%s %s N=%s: mem_peak %g (seed %s) against %g (seed %s)",
                         csv_get(&t, i, "method"), csv_get(&t, i, "backend"),
                         csv_get(&t, i, "seq_len"), m, csv_get(&t, i, "seed"),
                         csv_num(&t, j, "mem_peak"), csv_get(&t, j, "seed"));
    }
    csv_free(&t);
}

/* decode bytes_model: q_len 1 reads its k blocks (the worst case itself);
 * q_len 8's queries share blocks, so the union is below q_len * k blocks. */
static void test_decode_bytes_union(void **state) {
    (void)state;
    char yp[512], cmd[2048], p[512];
    const char *y =
        "methods: [msa]\nbackends: [cpu]\n"
        "axes: {mode: decode, seq_len: 4096, q_len: [1, 8], heads_q: 8, heads_kv: 2,\n"
        "       head_dim: 64, index_dim: 64, block_size: 64, topk: 16, data: structured}\n"
        "timing: {min_samples: 1, max_samples: 2, timeout_s: 2}\nvalidate: {rows: 4}\n";
    snprintf(yp, sizeof yp, "%s/d.yaml", tmpdir);
    FILE *f = fopen(yp, "w");
    assert_non_null(f);
    fputs(y, f);
    fclose(f);
    const char *b = getenv("MSABENCH_BIN");
    snprintf(cmd, sizeof cmd, "cd '%s' && '%s' run d.yaml -o dout --quiet >dlog 2>&1", tmpdir,
             b ? b : "./msabench");
    int rc = system(cmd);
    assert_true(WIFEXITED(rc) && WEXITSTATUS(rc) == 0);
    snprintf(p, sizeof p, "%s/dout/results.csv", tmpdir);
    struct csv_table t = {0};
    assert_int_equal(csv_read(p, &t), ATTN_OK);
    assert_int_equal(t.nrow, 2);
    for (size_t i = 0; i < t.nrow; i++) {
        const double by = csv_num(&t, i, "bytes_model"), worst = csv_num(&t, i, "bytes_worst");
        assert_true(by > 0 && worst > 0);
        if (csv_num(&t, i, "q_len") == 1)
            assert_close(by, worst, 0, 1e-6);
        else
            assert_true(by < 0.9 * worst);
    }
    csv_free(&t);
}

static int setup(void **state) {
    (void)state;
    snprintf(tmpdir, sizeof tmpdir, "/tmp/msabench_exp_XXXXXX");
    return mkdtemp(tmpdir) ? 0 : -1;
}

static int teardown(void **state) {
    (void)state;
    char cmd[300];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", tmpdir);
    return system(cmd) == 0 ? 0 : -1;
}

int main(void) {
    const struct CMUnitTest tests[] = {cmocka_unit_test(test_every_row_exported),
                                       cmocka_unit_test(test_estimate_eq12_prefill_only),
                                       cmocka_unit_test(test_mem_peak_steady),
                                       cmocka_unit_test(test_decode_bytes_union)};
    return cmocka_run_group_tests(tests, setup, teardown);
}
