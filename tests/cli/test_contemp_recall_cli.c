/* test_contemp_recall_cli.c - `msabench run --export` of the contemporaries
 * whose selections are per head (moba, quest: ATTN_SEL_HEAD_BLOCKS) or per
 * token (dsa: ATTN_SEL_GROUP_TOKENS), on a tiny sweep (N 1024, Hq 8 / Hkv 2,
 * Bk 32; prefill and decode, quest decode only; normal and structured data at
 * index_noise 0; budgets k 4 / 128 tokens and k 32 / 1024 tokens = everything):
 *  - every ok row has finite recall columns in [0, 1], validated against its ref;
 *  - recall averages one figure per (query row, selection row): heads_q rows
 *    for moba and quest, heads_kv for dsa (the runner reads the declared layout);
 *  - at the small budget, normal data keeps less mass than structured data, and
 *    moba's and quest's block recall is lower too (dsa's block figures count
 *    the blocks its tokens touch, SPEC §5.1: near 1 on any data);
 *  - the budget that covers every block / token is the exact oracle: block
 *    recall 1 and mass_coverage 1;
 *  - --export writes sel.npy in the method's layout ([B, Hq, ...] for moba,
 *    quest; [B, Hkv, ...] for dsa);
 *  - msabench plot's budget figure has a line per method at budgets 128 and
 *    1024 tokens (k * Bk for blocks, k for tokens). */
#include "testutil.h"

#include "results.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>

static char tmpdir[256];

static const char *sweep =
    "name: contemp_recall\nmethods: [moba, quest, dsa]\nbackends: [cpu]\n"
    "axes: {seq_len: 1024, q_len: 8, heads_q: 8, heads_kv: 2, head_dim: 32, index_dim: 32,\n"
    "       block_size: 32, mode: [prefill, decode], data: [normal, structured],\n"
    "       index_noise: 0, seed: 1}\n"
    "zip: {budget: {topk: [4, 32], dsa_tokens: [128, 1024]}}\n"
    "timing: {warmup_ms: 1, min_samples: 1, max_samples: 1, timeout_s: 1}\n"
    "validate: {rows: 4}\nrecall: {enabled: true, rows: 64, all_rows_below: 0}\n";

/* The row of (method, mode, data, small budget?), or -1. */
static long find(const struct csv_table *t, const char *m, const char *mode, const char *data,
                 bool small) {
    for (size_t i = 0; i < t->nrow; i++)
        if (!strcmp(csv_get(t, i, "method"), m) && !strcmp(csv_get(t, i, "mode"), mode) &&
            !strcmp(csv_get(t, i, "data"), data) &&
            (strstr(csv_get(t, i, "key"), "dsa_tokens=128") != NULL) == small)
            return (long)i;
    return -1;
}

/* Second dimension of DIR/<tag>/sel.npy (its selection rows per batch), or -1. */
static long sel_rows_of(const char *tag) {
    char p[1024], hdr[256] = "";
    snprintf(p, sizeof p, "%s/x/%s/sel.npy", tmpdir, tag);
    FILE *f = fopen(p, "rb");
    if (!f)
        return -1;
    size_t n = fread(hdr, 1, sizeof hdr - 1, f);
    fclose(f);
    hdr[n] = '\0';
    const char *s = strstr(hdr + 10, "'shape': (");
    long b, h;
    return s && sscanf(s, "'shape': (%ld, %ld,", &b, &h) == 2 ? h : -1;
}

static void test_recall_and_export(void **state) {
    (void)state;
    char yp[512], cmd[2048], p[1024];
    snprintf(yp, sizeof yp, "%s/c.yaml", tmpdir);
    FILE *f = fopen(yp, "w");
    assert_non_null(f);
    fputs(sweep, f);
    fclose(f);
    const char *b = getenv("MSABENCH_BIN");
    snprintf(cmd, sizeof cmd, "cd '%s' && '%s' run c.yaml -o out --export x --quiet >log 2>&1",
             tmpdir, b ? b : "./msabench");
    int rc = system(cmd);
    if (!WIFEXITED(rc) || WEXITSTATUS(rc) != 0) { /* say why: the log and the failed rows */
        snprintf(cmd, sizeof cmd, "cat '%s/log' >&2; grep failed '%s/out/results.csv' >&2", tmpdir,
                 tmpdir);
        (void)!system(cmd);
        fail_msg("msabench run exited %d", WIFEXITED(rc) ? WEXITSTATUS(rc) : -1);
    }
    snprintf(p, sizeof p, "%s/out/results.csv", tmpdir);
    struct csv_table t;
    assert_int_equal(csv_read(p, &t), ATTN_OK);
    int ok = 0;
    for (size_t i = 0; i < t.nrow; i++) {
        const char *m = csv_get(&t, i, "method"), *st = csv_get(&t, i, "status");
        if (!strcmp(m, "quest") && !strcmp(csv_get(&t, i, "mode"), "prefill")) {
            assert_string_equal(st, "skipped");
            continue;
        }
        assert_string_equal(st, "ok");
        ok++;
        const char *cols[3] = {"block_recall", "score_recall", "mass_coverage"};
        for (int c = 0; c < 3; c++) {
            const double x = csv_num(&t, i, cols[c]);
            if (!(x >= 0 && x <= 1 + 1e-9))
                fail_msg("row %zu %s: %s = %g", i, m, cols[c], x);
        }
        assert_true(csv_num(&t, i, "val_rel_err") <= 1e-5);
        /* recall rows: 64 sampled query rows (all 8 in decode) per selection row */
        const double q = !strcmp(csv_get(&t, i, "mode"), "decode") ? 8 : 64;
        const double heads = !strcmp(m, "dsa") ? 2 : 8;
        if (csv_num(&t, i, "recall_rows") != q * heads)
            fail_msg("row %zu %s: recall_rows %g, want %g", i, m, csv_num(&t, i, "recall_rows"),
                     q * heads);
    }
    assert_int_equal(ok, 20);
    const char *ms[3] = {"moba", "quest", "dsa"};
    for (int k = 0; k < 3; k++)
        for (int d = 0; d < 2; d++) {
            const char *mode = d ? "decode" : "prefill";
            if (k == 1 && d == 0)
                continue;
            const long nrm = find(&t, ms[k], mode, "normal", true);
            const long str = find(&t, ms[k], mode, "structured", true);
            assert_true(nrm >= 0 && str >= 0);
            if (!(csv_num(&t, (size_t)nrm, "mass_coverage") <
                  csv_num(&t, (size_t)str, "mass_coverage")))
                fail_msg("%s %s: normal mass %g not below structured %g", ms[k], mode,
                         csv_num(&t, (size_t)nrm, "mass_coverage"),
                         csv_num(&t, (size_t)str, "mass_coverage"));
            if (k < 2 && !(csv_num(&t, (size_t)nrm, "block_recall") <
                           csv_num(&t, (size_t)str, "block_recall")))
                fail_msg("%s %s: normal block recall not below structured", ms[k], mode);
            for (int dd = 0; dd < 2; dd++) { /* every block / token selected */
                const long all = find(&t, ms[k], mode, dd ? "structured" : "normal", false);
                assert_true(all >= 0);
                assert_close(csv_num(&t, (size_t)all, "block_recall"), 1, 1e-12, 0);
                assert_close(csv_num(&t, (size_t)all, "mass_coverage"), 1, 1e-9, 0);
            }
        }
    csv_free(&t);
    /* the exported selections, in each method's layout */
    snprintf(p, sizeof p, "%s/x/index.tsv", tmpdir);
    f = fopen(p, "r");
    assert_non_null(f);
    char line[1024], tag[64], key[512], m[64];
    int n = 0;
    while (fgets(line, sizeof line, f)) {
        assert_int_equal(sscanf(line, "%63[^\t]\t%511[^\t]\t%63[^\t]", tag, key, m), 3);
        const long want = !strcmp(m, "dsa") ? 2 : 8;
        if (sel_rows_of(tag) != want)
            fail_msg("%s %s: sel.npy has %ld selection rows per batch, want %ld", m, key,
                     sel_rows_of(tag), want);
        n++;
    }
    fclose(f);
    assert_int_equal(n, 20);
    /* msabench plot's budget figure: one block per method, its budget from the
     * declaration alone (k * Bk = 4 * 32 and 32 * 32, or dsa's 128 and 1024 tokens) */
    snprintf(cmd, sizeof cmd,
             "cd '%s' && '%s' plot out/results.csv -o figs --format png >plog 2>&1", tmpdir,
             b ? b : "./msabench");
    rc = system(cmd);
    assert_true(WIFEXITED(rc));
    snprintf(p, sizeof p, "%s/figs/budget_decode_structured_noise0.dat", tmpdir);
    f = fopen(p, "r");
    assert_non_null(f);
    int blocks = 0, pts = 0;
    while (fgets(line, sizeof line, f)) {
        double x, y, z;
        blocks +=
            !strcmp(line, "# moba\n") || !strcmp(line, "# quest\n") || !strcmp(line, "# dsa\n");
        if (sscanf(line, "%lf %lf %lf", &x, &y, &z) == 3) {
            if (!(x == 128 || x == 1024) || !(y > 0 && y <= 1 + 1e-9))
                fail_msg("budget figure point %g %g", x, y);
            pts++;
        }
    }
    fclose(f);
    assert_int_equal(blocks, 3);
    assert_int_equal(pts, 6);
}

static int setup(void **state) {
    (void)state;
    snprintf(tmpdir, sizeof tmpdir, "/tmp/msabench_crec_XXXXXX");
    return mkdtemp(tmpdir) ? 0 : -1;
}

static int teardown(void **state) {
    (void)state;
    char cmd[300];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", tmpdir);
    return system(cmd) == 0 ? 0 : -1;
}

int main(void) {
    const struct CMUnitTest tests[] = {cmocka_unit_test(test_recall_and_export)};
    return cmocka_run_group_tests(tests, setup, teardown);
}
