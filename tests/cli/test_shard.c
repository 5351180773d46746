/* test_shard.c - sharded runs merge to exactly the rows of an unsharded run of
 * experiments/ci.yaml (two shards in parallel, and under mpirun -np 2), and a
 * merge of different sweeps is refused.  --smoke keeps each run to one call. */
#include "testutil.h"

#include "results.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#define MAXROWS 256
static char tmpdir[256];
static char ids_a[MAXROWS][600], ids_b[MAXROWS][600];

static const char *bin(void) {
    const char *b = getenv("MSABENCH_BIN");
    return b ? b : "./msabench";
}

static int sh(const char *cmd) {
    int rc = system(cmd);
    return WIFEXITED(rc) ? WEXITSTATUS(rc) : 128;
}

static size_t row_ids(const char *path, char ids[][600]) {
    struct csv_table t = {0};
    if (csv_read(path, &t) != ATTN_OK) {
        print_error("%s\n", attn_last_error());
        fail();
    }
    size_t n = 0;
    for (size_t i = 0; i < t.nrow && n < MAXROWS; i++, n++)
        snprintf(ids[n], 600, "%s|%s|%s|%s", csv_get(&t, i, "key"), csv_get(&t, i, "method"),
                 csv_get(&t, i, "backend"), csv_get(&t, i, "variant"));
    csv_free(&t);
    qsort(ids, n, 600, (int (*)(const void *, const void *))strcmp);
    return n;
}

static void assert_same_rows(const char *a, const char *b) {
    size_t na = row_ids(a, ids_a), nb = row_ids(b, ids_b);
    assert_true(na > 10);
    assert_int_equal(na, nb);
    for (size_t i = 0; i < na; i++)
        assert_string_equal(ids_a[i], ids_b[i]);
}

static void test_two_shards_merge(void **state) {
    (void)state;
    char cmd[4096];
    const char *src = tu_src_path("experiments/ci.yaml");
    snprintf(cmd, sizeof cmd, "'%s' run '%s' -o '%s/full' --smoke --quiet", bin(), src, tmpdir);
    assert_true(sh(cmd) <= 1);
    /* two shards at once, then merge */
    snprintf(cmd, sizeof cmd,
             "'%s' run '%s' -o '%s/s0' --shard 0/2 --smoke --quiet & "
             "'%s' run '%s' -o '%s/s1' --shard 1/2 --smoke --quiet; wait",
             bin(), src, tmpdir, bin(), src, tmpdir);
    sh(cmd);
    snprintf(cmd, sizeof cmd, "'%s' merge '%s/merged.csv' '%s/s0/results.csv' '%s/s1/results.csv'",
             bin(), tmpdir, tmpdir, tmpdir);
    assert_int_equal(sh(cmd), 0);
    char a[512], b[512];
    snprintf(a, sizeof a, "%s/full/results.csv", tmpdir);
    snprintf(b, sizeof b, "%s/merged.csv", tmpdir);
    assert_same_rows(a, b);
    /* the shares are disjoint and both non-empty */
    size_t n0 = row_ids((snprintf(a, sizeof a, "%s/s0/results.csv", tmpdir), a), ids_a);
    size_t n1 = row_ids((snprintf(b, sizeof b, "%s/s1/results.csv", tmpdir), b), ids_b);
    assert_true(n0 > 0 && n1 > 0);
    /* a merge that lacks one shard reports it missing (exit 1) */
    snprintf(cmd, sizeof cmd, "'%s' merge '%s/partial.csv' '%s/s0/results.csv' 2>/dev/null", bin(),
             tmpdir, tmpdir);
    assert_int_equal(sh(cmd), 1);
    /* the same rows twice (no shard missing): each kept once, exit 1, and said */
    snprintf(cmd, sizeof cmd,
             "mkdir '%s/again' && cp '%s/full/results.csv' '%s/full/meta.json' '%s/again/'", tmpdir,
             tmpdir, tmpdir, tmpdir);
    assert_int_equal(sh(cmd), 0);
    snprintf(cmd, sizeof cmd,
             "'%s' merge '%s/dup.csv' '%s/full/results.csv' '%s/again/results.csv' 2>'%s/dup.err'",
             bin(), tmpdir, tmpdir, tmpdir, tmpdir);
    assert_int_equal(sh(cmd), 1);
    snprintf(a, sizeof a, "%s/full/results.csv", tmpdir);
    snprintf(b, sizeof b, "%s/dup.csv", tmpdir);
    assert_same_rows(a, b);
    snprintf(cmd, sizeof cmd,
             "grep -q 'duplicate row' '%s/dup.err' && grep -q '[1-9][0-9]* duplicate' '%s/dup.err'",
             tmpdir, tmpdir);
    assert_int_equal(sh(cmd), 0);
    /* a shard measured on another device is refused (exit 2), OUT not written */
    snprintf(cmd, sizeof cmd,
             "cp -r '%s/s1' '%s/s1dev' && sed -i 's/\"device\": *\"[^\"]*\"/\"device\": "
             "\"Other GPU\"/' '%s/s1dev/meta.json' && grep -q 'Other GPU' '%s/s1dev/meta.json'",
             tmpdir, tmpdir, tmpdir, tmpdir);
    assert_int_equal(sh(cmd), 0);
    snprintf(cmd, sizeof cmd,
             "'%s' merge '%s/dev.csv' '%s/s0/results.csv' '%s/s1dev/results.csv' 2>'%s/dev.err'",
             bin(), tmpdir, tmpdir, tmpdir, tmpdir);
    assert_int_equal(sh(cmd), 2);
    snprintf(cmd, sizeof cmd,
             "grep -q \"measured on 'Other GPU'\" '%s/dev.err' && ! test -e '%s/dev.csv'", tmpdir,
             tmpdir);
    assert_int_equal(sh(cmd), 0);
}

static void test_mpirun_shards(void **state) {
    (void)state;
    if (sh("command -v mpirun >/dev/null 2>&1") != 0) {
        print_message("mpirun not installed (apt-get install openmpi-bin): skipped\n");
        skip();
    }
    char cmd[4096];
    setenv("OMPI_ALLOW_RUN_AS_ROOT", "1", 1);
    setenv("OMPI_ALLOW_RUN_AS_ROOT_CONFIRM", "1", 1);
    setenv("OMPI_MCA_rmaps_base_oversubscribe", "1", 1);
    setenv("MSABENCH", bin(), 1);
    setenv("MSABENCH_RUN_FLAGS", "--smoke", 1);
    char script[512], sweep[512];
    snprintf(script, sizeof script, "%s", tu_src_path("scripts/mpi/sweep.sh"));
    snprintf(sweep, sizeof sweep, "%s", tu_src_path("experiments/ci.yaml"));
    snprintf(cmd, sizeof cmd, "sh '%s' '%s' '%s/mpi' 2 --oversubscribe >'%s/mpi.log' 2>&1", script,
             sweep, tmpdir, tmpdir);
    int rc = sh(cmd);
    if (rc != 0) {
        print_error("mpirun sweep exited %d:\n", rc);
        snprintf(cmd, sizeof cmd, "cat '%s/mpi.log' >&2", tmpdir);
        sh(cmd);
        fail();
    }
    char a[512], b[512];
    snprintf(a, sizeof a, "%s/full/results.csv", tmpdir);
    snprintf(b, sizeof b, "%s/mpi/results.csv", tmpdir);
    if (access(a, R_OK) != 0) { /* run alone: make the unsharded reference */
        snprintf(cmd, sizeof cmd, "'%s' run '%s' -o '%s/full' --smoke --quiet", bin(),
                 tu_src_path("experiments/ci.yaml"), tmpdir);
        assert_true(sh(cmd) <= 1);
    }
    assert_same_rows(a, b);
}

static void test_merge_refuses_other_sweep(void **state) {
    (void)state;
    char cmd[4096], y[512];
    snprintf(y, sizeof y, "%s/other.yaml", tmpdir);
    FILE *f = fopen(y, "w");
    assert_non_null(f);
    fputs("methods: [gqa]\nbackends: [cpu]\naxes: {seq_len: 64, head_dim: 32}\n", f);
    fclose(f);
    snprintf(cmd, sizeof cmd, "'%s' run '%s' -o '%s/other' --shard 1/2 --smoke --quiet", bin(), y,
             tmpdir);
    assert_true(sh(cmd) <= 1);
    snprintf(cmd, sizeof cmd, "'%s' run '%s' -o '%s/other0' --shard 0/2 --smoke --quiet", bin(),
             tu_src_path("experiments/ci.yaml"), tmpdir);
    assert_true(sh(cmd) <= 1);
    snprintf(cmd, sizeof cmd,
             "'%s' merge '%s/bad.csv' '%s/other0/results.csv' '%s/other/results.csv' "
             "2>'%s/merge.err'",
             bin(), tmpdir, tmpdir, tmpdir, tmpdir);
    assert_int_equal(sh(cmd), 2);
    snprintf(cmd, sizeof cmd, "grep -q 'different sweep' '%s/merge.err'", tmpdir);
    assert_int_equal(sh(cmd), 0);
}

static int setup(void **state) {
    (void)state;
    snprintf(tmpdir, sizeof tmpdir, "/tmp/msabench_shard_XXXXXX");
    return mkdtemp(tmpdir) ? 0 : -1;
}

static int teardown(void **state) {
    (void)state;
    char cmd[300];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", tmpdir);
    return system(cmd) == 0 ? 0 : -1;
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_two_shards_merge),
        cmocka_unit_test(test_mpirun_shards),
        cmocka_unit_test(test_merge_refuses_other_sweep),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
