/* test_figures.c - the figures written to results.csv, each against a count
 * made here from its definition (issue 17: mutants of the cost model, the
 * median and the derived columns survived because nothing called them):
 *   - flash / dense FLOPs: 4 B Hq d over the visible (query, key) pairs,
 *     causal counted key by key;
 *   - MSA: index FLOPs 2 B Hkv d_idx per visible pair (Hkv, not Hq); main
 *     FLOPs over the tokens of the local block and k-1 ranked blocks;
 *   - the median of an even count is the mean of the middle two; p20 is the
 *     20% quantile, not the median;
 *   - useful_tflops = flops / median, dense_tflops = flops_dense / median. */
#include "testutil.h"

#include "bigbird/bigbird_pattern.h"
#include "model.h"
#include "results.h"
#include "stats.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static struct attn_shape shape(int64_t N, int64_t T, int64_t hq, int64_t hkv, bool causal) {
    struct attn_shape s = {.batch = 2,
                           .seq_len = N,
                           .q_len = T,
                           .heads_q = hq,
                           .heads_kv = hkv,
                           .head_dim = 32,
                           .index_dim = 64,
                           .mode = T == N ? ATTN_PREFILL : ATTN_DECODE,
                           .causal = causal};
    return s;
}

/* visible (query, key) pairs, key by key */
static double pairs(int64_t N, int64_t T, bool causal) {
    double n = 0;
    for (int64_t t = 0; t < T; t++)
        for (int64_t j = 0; j < N; j++)
            n += !causal || j <= N - T + t;
    return n;
}

static void test_dense_flops(void **state) {
    (void)state;
    for (int c = 0; c < 2; c++)
        for (int m = 0; m < 2; m++) {
            const int64_t N = 300, T = m ? 5 : N;
            struct attn_shape s = shape(N, T, 8, 2, c == 1);
            struct attn_params p;
            attn_params_defaults(&p);
            struct attn_cost cost;
            const char *ms[] = {"flash", "gqa", "full"};
            for (int i = 0; i < 3; i++) {
                assert_int_equal(model_cost(ms[i], &s, &p, 4, &cost), ATTN_OK);
                assert_close(cost.flops, 4.0 * 2 * 8 * 32 * pairs(N, T, c == 1), 0, 1e-12);
                assert_close(cost.flops_dense, cost.flops, 0, 1e-12);
            }
        }
}

/* bytes and memory of the dense methods from SPEC 4: Q read + O written
 * (2 B L Hq d e) plus all of K and V (2 B N Hkv d e; Hkv, not Hq), and on top
 * of that the score matrix (full/gqa) or the flash row statistics. */
static void test_dense_bytes(void **state) {
    (void)state;
    const int64_t N = 300, T = 5;
    struct attn_shape s = shape(N, T, 8, 2, true);
    struct attn_params p;
    attn_params_defaults(&p);
    struct attn_cost cost;
    const double qo = 2.0 * 2 * T * 8 * 32 * 4, kv = 2.0 * 2 * N * 2 * 32 * 4;
    assert_int_equal(model_cost("flash", &s, &p, 4, &cost), ATTN_OK);
    assert_close(cost.bytes_model, qo + kv, 0, 1e-12);
    assert_close(cost.mem_model, qo + kv + 2.0 * 2 * 8 * T * 4, 0, 1e-12);
    assert_int_equal(model_cost("full", &s, &p, 4, &cost), ATTN_OK);
    assert_close(cost.bytes_model, qo + kv, 0, 1e-12);
    assert_close(cost.mem_model, qo + kv + 2.0 * 8 * T * N * 4, 0, 1e-12);
}

static void test_msa_flops(void **state) {
    (void)state;
    const int64_t N = 1000, bk = 64, k = 4;
    for (int m = 0; m < 2; m++) {
        const int64_t T = m ? 3 : N;
        struct attn_shape s = shape(N, T, 8, 2, true);
        struct attn_params p;
        attn_params_defaults(&p);
        p.block_size = (int32_t)bk;
        p.topk = (int32_t)k;
        struct attn_cost cost;
        assert_int_equal(model_cost("msa", &s, &p, 4, &cost), ATTN_OK);
        assert_close(cost.flops_index, 2.0 * 2 * 2 * 64 * pairs(N, T, true), 0, 1e-12);
        /* main: the local block's visible keys and the k-1 earliest-available
         * full blocks before it (causal: every earlier block is full) */
        double tok = 0;
        for (int64_t t = 0; t < T; t++) {
            const int64_t pos = N - T + t, own = pos / bk;
            int64_t ranked = 0;
            for (int64_t blk = own - 1; blk >= 0 && ranked < k - 1; blk--, ranked++)
                tok += (double)bk;
            for (int64_t j = own * bk; j <= pos; j++)
                tok += 1;
        }
        assert_close(cost.flops_main, 4.0 * 2 * 8 * 32 * tok, 0, 1e-12);
        assert_close(cost.flops, cost.flops_index + cost.flops_main, 0, 1e-12);
    }
}

/* BigBird main FLOPs: 4 B Hq d over the visible tokens of the blocks its
 * pattern lists (counted here from bigbird_pattern_row, key by key). */
static void test_bigbird_flops(void **state) {
    (void)state;
    const int64_t N = 1000, bk = 64;
    for (int m = 0; m < 2; m++) {
        const int64_t T = m ? 3 : N;
        struct attn_shape s = shape(N, T, 8, 2, true);
        struct attn_params p;
        attn_params_defaults(&p);
        p.block_size = (int32_t)bk;
        p.bb_window = 3, p.bb_global = 2, p.bb_random = 2;
        const int32_t w = bigbird_sel_width(&s, &p);
        int32_t *row = malloc((size_t)w * sizeof *row);
        assert_non_null(row);
        double tok = 0;
        for (int64_t t = 0; t < T; t++) {
            const int64_t pos = N - T + t;
            const int32_t n = bigbird_pattern_row(&s, &p, pos / bk, 0, row, w);
            for (int32_t i = 0; i < n; i++)
                for (int64_t j = row[i] * bk; j < (row[i] + 1) * bk && j < N; j++)
                    tok += j <= pos;
        }
        free(row);
        struct attn_cost cost;
        assert_int_equal(model_cost("bigbird", &s, &p, 4, &cost), ATTN_OK);
        assert_close(cost.flops_main, 4.0 * 2 * 8 * 32 * tok, 0, 1e-12);
        assert_close(cost.flops, cost.flops_main, 0, 1e-12);
    }
}

/* eq. 12's prefill ratio at the paper shape, by hand: at n = 2^20, Hq 64,
 * Hkv 4, d = d_idx = 128, k 16, Bk 128: GQA 2*64*128 n^2 = 16384 n^2; MSA
 * 4*128 n^2 + 4*64*128*16*128 n = (512 + 64) n^2: 16384 / 576. */
static void test_paper_ratio(void **state) {
    (void)state;
    assert_close(model_paper_ratio(1048576, 64, 4, 128, 128, 16, 128), 16384.0 / 576.0, 0, 1e-12);
}

static void test_median_p20(void **state) {
    (void)state;
    const double x[] = {4, 1, 3, 2}; /* even count */
    struct stats_summary st;
    stats_summarize(x, 4, &st);
    assert_close(st.median, 2.5, 0, 1e-15);
    assert_close(st.p20, 1.6, 0, 1e-12); /* type 7: 1 + 0.6 * (2 - 1) */
    assert_close(st.p80, 3.4, 0, 1e-12);
    assert_close(st.min, 1, 0, 0);
    assert_close(st.mean, 2.5, 0, 1e-15);
}

/* Writes one row and reads the derived columns back. */
static void test_derived_columns(void **state) {
    (void)state;
    char dir[] = "/tmp/msabench_fig_XXXXXX";
    assert_non_null(mkdtemp(dir));
    char path[128];
    snprintf(path, sizeof path, "%s/results.csv", dir);
    struct sweep_point pt;
    memset(&pt, 0, sizeof pt);
    pt.shape = shape(256, 256, 8, 2, true);
    attn_params_defaults(&pt.params);
    struct result_row r;
    result_row_init(&r);
    r.sweep = "t";
    snprintf(r.key, sizeof r.key, "k");
    r.point = &pt;
    r.method = "msa";
    r.backend = "cpu";
    r.variant = "blas";
    r.cost.flops = 3e9;
    r.cost.flops_dense = 7e9;
    r.cost.bytes_model = 5e8;
    /* every other figure a distinct value, read back from its own column */
    r.cost.flops_index = 1e9, r.cost.flops_main = 2e9, r.cost.mem_model = 6e8, r.mem_peak = 7e8;
    r.val_rows = 9, r.val_rel_err = 1e-6, r.val_max_abs = 2e-6;
    r.recall.rows = 11, r.recall.block_recall = 0.25, r.recall.score_recall = 0.5;
    r.recall.mass_coverage = 0.75, r.recall.out_rel_err = 0.125;
    r.floor_ms = 3.5, r.bytes_worst = 8e8;
    r.coh.adjacent_overlap = 0.875, r.coh.tile_distinct = 19, r.coh.hot_share = 0.0625;
    const double x[] = {10, 20, 30, 40, 50};
    stats_summarize(x, 5, &r.time_ms);
    struct results_file rf = {0};
    assert_int_equal(results_open(&rf, path, false), ATTN_OK);
    assert_int_equal(results_append(&rf, &r), ATTN_OK);
    results_close(&rf);
    struct csv_table t = {0};
    assert_int_equal(csv_read(path, &t), ATTN_OK);
    assert_int_equal(t.nrow, 1);
    assert_close(csv_num(&t, 0, "median_ms"), 30, 0, 1e-12);
    assert_close(csv_num(&t, 0, "p20_ms"), 18, 0, 1e-12);
    assert_close(csv_num(&t, 0, "p80_ms"), 42, 0, 1e-12);
    assert_close(csv_num(&t, 0, "useful_tflops"), 3e9 / 0.030 * 1e-12, 0, 1e-5);
    assert_close(csv_num(&t, 0, "dense_tflops"), 7e9 / 0.030 * 1e-12, 0, 1e-5);
    assert_close(csv_num(&t, 0, "gbps"), 5e8 / 0.030 * 1e-9, 0, 1e-5);
    const char *cols[] = {"flops",        "flops_index",   "flops_main",       "flops_dense",
                          "bytes_model",  "mem_model",     "mem_peak",         "val_rows",
                          "val_rel_err",  "val_max_abs",   "recall_rows",      "block_recall",
                          "score_recall", "mass_coverage", "out_rel_err",      "floor_ms",
                          "bytes_worst",  "tile_distinct", "adjacent_overlap", "hot_share",
                          "mean_ms",      "min_ms"};
    const double want[] = {3e9,  1e9, 2e9,  7e9,   5e8, 6e8, 7e8, 9,     1e-6,   2e-6, 11,
                           0.25, 0.5, 0.75, 0.125, 3.5, 8e8, 19,  0.875, 0.0625, 30,   10};
    for (size_t i = 0; i < sizeof cols / sizeof *cols; i++)
        assert_close(csv_num(&t, 0, cols[i]), want[i], 0, 1e-5);
    csv_free(&t);
    unlink(path);
    rmdir(dir);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_dense_flops),     cmocka_unit_test(test_dense_bytes),
        cmocka_unit_test(test_msa_flops),       cmocka_unit_test(test_bigbird_flops),
        cmocka_unit_test(test_paper_ratio),     cmocka_unit_test(test_median_p20),
        cmocka_unit_test(test_derived_columns),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
