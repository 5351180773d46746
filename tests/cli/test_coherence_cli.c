/* test_coherence_cli.c - the selection-coherence columns (SPEC §5.2) in
 * results.csv and the input kinds that set coherence on purpose
 * (data_coherence.c), at two N on the calibration shape (Hq 9 / Hkv 3, d 64,
 * Bk 16, k 8):
 *  - calibrated: within a band around the real captures' coherence
 *    (adjacent_overlap 0.82, tile_distinct 30.4: three SmolLM2 layers with
 *    their fitted index, README "Selection coherence"): overlap in
 *    [0.70, 0.90], tile_distinct in [24, 38];
 *  - coherent: neighbours share all but the local block: overlap >= 0.98,
 *    tile_distinct <= k - 1 + 128 / Bk = 15;
 *  - normal (the worst case): overlap < 0.45, tile_distinct > 60;
 *  - bigbird rows have the columns too (rows without a selection leave them
 *    empty: test_coherence's NaN cases). */
#include "testutil.h"

#include "results.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>

static char tmpdir[256];

static void test_kinds_and_columns(void **state) {
    (void)state;
    char yp[512], cmd[2048], p[1024];
    const char *y = "methods: [msa, bigbird]\nbackends: [cpu]\n"
                    "axes: {data: [normal, calibrated, coherent], seq_len: [2048, 4096],\n"
                    "       heads_q: 9, heads_kv: 3, head_dim: 64, index_dim: 64,\n"
                    "       block_size: 16, topk: 8, seed: 1}\n"
                    "timing: {min_samples: 1, max_samples: 1, timeout_s: 1}\nvalidate: {rows: 4}\n";
    snprintf(yp, sizeof yp, "%s/c.yaml", tmpdir);
    FILE *f = fopen(yp, "w");
    assert_non_null(f);
    fputs(y, f);
    fclose(f);
    const char *b = getenv("MSABENCH_BIN");
    snprintf(cmd, sizeof cmd, "cd '%s' && '%s' run c.yaml -o out --quiet >log 2>&1", tmpdir,
             b ? b : "./msabench");
    int rc = system(cmd);
    assert_true(WIFEXITED(rc) && WEXITSTATUS(rc) == 0);
    snprintf(p, sizeof p, "%s/out/results.csv", tmpdir);
    struct csv_table t;
    assert_int_equal(csv_read(p, &t), ATTN_OK);
    int seen[3] = {0, 0, 0}, bigbird = 0;
    for (size_t i = 0; i < t.nrow; i++) {
        assert_string_equal(csv_get(&t, i, "status"), "ok");
        const char *m = csv_get(&t, i, "method"), *data = csv_get(&t, i, "data");
        const double ov = csv_num(&t, i, "adjacent_overlap"), td = csv_num(&t, i, "tile_distinct");
        const double hs = csv_num(&t, i, "hot_share");
        assert_true(isfinite(ov) && isfinite(td) && hs > 0 && hs <= 1);
        if (!strcmp(m, "bigbird")) {
            bigbird++;
            continue;
        }
        if (!strcmp(data, "calibrated")) {
            assert_true(ov >= 0.70 && ov <= 0.90);
            assert_true(td >= 24 && td <= 38);
            seen[0]++;
        } else if (!strcmp(data, "coherent")) {
            assert_true(ov >= 0.98);
            assert_true(td >= 8 && td <= 15);
            seen[1]++;
        } else {
            assert_string_equal(data, "normal");
            assert_true(ov < 0.45);
            assert_true(td > 60);
            seen[2]++;
        }
    }
    assert_true(seen[0] == 2 && seen[1] == 2 && seen[2] == 2 && bigbird == 6);
    csv_free(&t);
    /* msabench plot's coherence figure: one block per implementation, each
     * point labelled with its input kind and N */
    snprintf(cmd, sizeof cmd,
             "cd '%s' && '%s' plot out/results.csv -o figs --format png >plog 2>&1", tmpdir,
             b ? b : "./msabench");
    rc = system(cmd);
    assert_true(WIFEXITED(rc));
    snprintf(p, sizeof p, "%s/figs/coherence.dat", tmpdir);
    f = fopen(p, "r");
    assert_non_null(f);
    char line[512];
    int msa_block = 0, pts = 0, coherent = 0;
    while (fgets(line, sizeof line, f)) {
        msa_block |= strstr(line, "# msa cpu") != NULL;
        double px, py;
        if (sscanf(line, "%lf %lf", &px, &py) == 2) {
            pts++;
            assert_true(px >= 0 && px <= 1 && py > 0);
            coherent += strstr(line, "\"coherent N=4096\"") != NULL;
        }
    }
    fclose(f);
    assert_true(msa_block && pts == 12 && coherent == 2);
}

static int setup(void **state) {
    (void)state;
    snprintf(tmpdir, sizeof tmpdir, "/tmp/msabench_coh_XXXXXX");
    return mkdtemp(tmpdir) ? 0 : -1;
}

static int teardown(void **state) {
    (void)state;
    char cmd[300];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", tmpdir);
    return system(cmd) == 0 ? 0 : -1;
}

int main(void) {
    const struct CMUnitTest tests[] = {cmocka_unit_test(test_kinds_and_columns)};
    return cmocka_run_group_tests(tests, setup, teardown);
}
