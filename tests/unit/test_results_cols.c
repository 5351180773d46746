/* test_results_cols.c - the CSV columns are one table (results_cols.c); these
 * pin what that table writes, so a column can only be appended, never moved:
 *   - the header, byte for byte (golden);
 *   - whole rows, byte for byte, for ok, skipped, failed and estimated rows and
 *     a row with NaN/Inf/absent figures (golden bytes made by the writer as it
 *     stood before the table, two positional lists);
 *   - every row has exactly as many cells as the header (quotes respected);
 *   - a row read back through csv_read gives every table cell again;
 *   - the derived figures (row_metrics.c) from their definitions. */
#include "testutil.h"

#include "results.h"
#include "results_cols.h"
#include "row_metrics.h"
#include "stats.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static const char golden_header[] =
    "sweep,key,method,backend,variant,status,reason,mode,causal,batch,seq_len,q_len,heads_q,"
    "heads_kv,head_dim,index_dim,block_size,topk,bb_window,bb_global,bb_random,pf_features,"
    "pf_chunk,data,index_noise,seed,dtype,flops,flops_index,flops_main,flops_dense,bytes_model,"
    "mem_model,mem_peak,samples,median_ms,p20_ms,p80_ms,mean_ms,min_ms,cv,t_index_ms,t_topk_ms,"
    "t_attn_ms,t_combine_ms,useful_tflops,dense_tflops,gbps,val_rows,val_rel_err,val_max_abs,"
    "recall_rows,block_recall,score_recall,mass_coverage,out_rel_err,samples_ms,floor_ms,"
    "bytes_worst,frac_of_floor,adjacent_overlap,tile_distinct,hot_share,kernels";

/* The rows of make_rows(), as the pre-table writer wrote them, plus frac_of_floor, the
 * coherence columns and kernels. */
static const char *const golden_rows[] = {
    "t,\"k,1\",msa,cpu,blas,ok,\"a \"\"quoted\"\", reason two lines\",prefill,1,2,256,256,8,2"
    ",32,64,64,16,3,2,3,0,64,normal,0.5,7,auto,3e+09,1e+09,2e+09,7e+09,5e+08,1.2e+07,1.23457e"
    "+07,5,30,18,42,30,10,0.527046,0.5,,12.5,1.25,0.1,0.233333,16.6667,19,2.5e-07,1e-06,64,0."
    "875,0.9,0.95,0.001,10;20;30;40;50,3.25,6e+08,0.108333,0.75,0.25,0.125,index=wgmma;topk=v5",
    "t,k2,bigbird,cuda,v1,skipped,unsupported: no,decode,0,1,4096,4,8,8,32,64,64,16,3,2,3,0,6"
    "4,structured,0,1,bf16,0,0,0,0,0,0,,0,,,,,,,,,,,,,,0,,,0,,,,,,,,,,,,",
    "t,k3,full,ref,loops,failed,run: out of memory,prefill,1,2,256,256,8,2,32,64,64,16,3,2,3,"
    "0,64,normal,0.5,7,auto,1e+06,0,1e+06,1e+06,2e+06,3e+06,,0,,,,,,,,,,,,,,0,,,0,,,,,,,,,,,,",
    "t,k4,flash,cuda,mma_v1,estimated,predicted 0.1 s per call,prefill,1,2,256,256,8,2,32,64,"
    "64,16,3,2,3,0,64,normal,0.5,7,auto,1e+15,0,1e+15,1e+15,4e+12,8e+12,,0,,,,,,,,,,,,,,0,,,0"
    ",,,,,,,4e+12,,,,,",
    "t,k5,performer,cpu,blas,ok,,prefill,1,2,256,256,8,2,32,64,64,16,3,2,3,0,64,normal,0.5,7,"
    "auto,2e+09,,,0,1e+09,,,1,0.5,0.5,0.5,0.5,0.5,0,,,,,4,0,2000,0,,,0,,,,,0.5,,,,,,,",
};
#define N_ROWS (sizeof golden_rows / sizeof golden_rows[0])

static struct sweep_point pt, pt2;

static void base_row(struct result_row *r, const char *method, const char *backend,
                     const char *variant, const char *key) {
    result_row_init(r);
    r->sweep = "t";
    snprintf(r->key, sizeof r->key, "%s", key);
    r->point = &pt;
    r->method = method;
    r->backend = backend;
    r->variant = variant;
}

/* ok, skipped, failed, estimated, and an ok row with NaN/Inf/zero figures */
static struct result_row *make_rows(void) {
    memset(&pt, 0, sizeof pt);
    pt.shape = (struct attn_shape){.batch = 2,
                                   .seq_len = 256,
                                   .q_len = 256,
                                   .heads_q = 8,
                                   .heads_kv = 2,
                                   .head_dim = 32,
                                   .index_dim = 64,
                                   .mode = ATTN_PREFILL,
                                   .causal = true};
    attn_params_defaults(&pt.params);
    pt.params.topk = 16; /* the golden rows were made with k = 16, not the default */
    pt.data.kind = DATA_NORMAL;
    pt.data.seed = 7;
    pt.data.index_noise = 0.5;
    pt2 = pt;
    pt2.shape = (struct attn_shape){.batch = 1,
                                    .seq_len = 4096,
                                    .q_len = 4,
                                    .heads_q = 8,
                                    .heads_kv = 8,
                                    .head_dim = 32,
                                    .index_dim = 64,
                                    .mode = ATTN_DECODE,
                                    .causal = false};
    pt2.data.kind = DATA_STRUCTURED;
    pt2.data.seed = 1;
    pt2.data.index_noise = 0;
    pt2.dtype = SWEEP_DTYPE_BF16;

    struct result_row *rows = calloc(N_ROWS, sizeof *rows);
    assert_non_null(rows);
    struct result_row *r = &rows[0];
    base_row(r, "msa", "cpu", "blas", "k,1");
    r->status = ROW_OK;
    snprintf(r->reason, sizeof r->reason, "a \"quoted\", reason\ntwo lines");
    r->cost = (struct attn_cost){.flops = 3e9,
                                 .flops_index = 1e9,
                                 .flops_main = 2e9,
                                 .flops_dense = 7e9,
                                 .bytes_model = 5e8,
                                 .mem_model = 1.2e7};
    r->mem_peak = 12345678;
    const double x[] = {10, 20, 30, 40, 50};
    stats_summarize(x, 5, &r->time_ms);
    memcpy(r->samples, x, sizeof x);
    r->n_samples = 5;
    r->stage_ms[0] = 0.5;
    r->stage_ms[2] = 12.5;
    r->stage_ms[3] = 1.25;
    r->val_rows = 19;
    r->val_rel_err = 2.5e-7;
    r->val_max_abs = 1e-6;
    r->recall = (struct recall_stats){.rows = 64,
                                      .block_recall = 0.875,
                                      .score_recall = 0.9,
                                      .mass_coverage = 0.95,
                                      .out_rel_err = 1e-3};
    r->floor_ms = 3.25;
    r->bytes_worst = 6e8;
    r->coh =
        (struct sel_coherence){.adjacent_overlap = 0.75, .tile_distinct = 0.25, .hot_share = 0.125};
    snprintf(r->kernels, sizeof r->kernels, "index=wgmma;topk=v5");

    r = &rows[1];
    base_row(r, "bigbird", "cuda", "v1", "k2");
    r->point = &pt2;
    r->status = ROW_SKIPPED;
    snprintf(r->reason, sizeof r->reason, "unsupported: no");

    r = &rows[2];
    base_row(r, "full", "ref", "loops", "k3");
    r->status = ROW_FAILED;
    snprintf(r->reason, sizeof r->reason, "run: out of memory");
    r->cost = (struct attn_cost){
        .flops = 1e6, .flops_main = 1e6, .flops_dense = 1e6, .bytes_model = 2e6, .mem_model = 3e6};

    r = &rows[3];
    base_row(r, "flash", "cuda", "mma_v1", "k4");
    r->status = ROW_ESTIMATED;
    snprintf(r->reason, sizeof r->reason, "predicted 0.1 s per call");
    r->cost = (struct attn_cost){.flops = 1e15,
                                 .flops_main = 1e15,
                                 .flops_dense = 1e15,
                                 .bytes_model = 4e12,
                                 .mem_model = 8e12};
    r->bytes_worst = 4e12;

    /* NaN / Inf / absent: empty cells, never "nan" or "inf" */
    r = &rows[4];
    base_row(r, "performer", "cpu", "blas", "k5");
    r->status = ROW_OK;
    r->cost = (struct attn_cost){.flops = 2e9,
                                 .flops_index = NAN,
                                 .flops_main = INFINITY,
                                 .flops_dense = 0,
                                 .bytes_model = 1e9,
                                 .mem_model = NAN};
    r->mem_peak = INFINITY;
    const double one = 0.5;
    stats_summarize(&one, 1, &r->time_ms);
    r->samples[0] = 0.5;
    r->n_samples = 1;
    r->val_rows = 0;
    r->recall.block_recall = NAN;
    return rows;
}

/* Cells of one CSV line, quotes respected. */
static size_t count_cells(const char *s) {
    size_t n = 1;
    bool q = false;
    for (; *s && *s != '\n'; s++) {
        if (*s == '"')
            q = !q;
        else if (*s == ',' && !q)
            n++;
    }
    return n;
}

static char *write_rows(const struct result_row *rows, size_t n, char *dir, size_t dn, char *path,
                        size_t pn, size_t *len) {
    snprintf(dir, dn, "/tmp/msabench_cols_XXXXXX");
    assert_non_null(mkdtemp(dir));
    snprintf(path, pn, "%s/results.csv", dir);
    struct results_file rf = {0};
    assert_int_equal(results_open(&rf, path, false), ATTN_OK);
    for (size_t i = 0; i < n; i++)
        assert_int_equal(results_append(&rf, &rows[i]), ATTN_OK);
    results_close(&rf);
    FILE *f = fopen(path, "rb");
    assert_non_null(f);
    char *buf = calloc(1, 1 << 16);
    assert_non_null(buf);
    *len = fread(buf, 1, (1 << 16) - 1, f);
    fclose(f);
    return buf;
}

static void cleanup_dir(const char *dir, const char *path) {
    unlink(path);
    rmdir(dir);
}

static void test_header_golden(void **state) {
    (void)state;
    assert_string_equal(results_header(), golden_header);
    /* and the table it comes from: names in order, one entry each */
    size_t n = 0;
    const struct result_col *c = results_cols(&n);
    assert_int_equal(n, count_cells(golden_header));
    char buf[2048] = "";
    for (size_t i = 0; i < n; i++) {
        assert_non_null(c[i].name);
        strcat(buf, i ? "," : "");
        strcat(buf, c[i].name);
    }
    assert_string_equal(buf, golden_header);
}

static void test_rows_golden_and_cell_count(void **state) {
    (void)state;
    struct result_row *rows = make_rows();
    char dir[64], path[128];
    size_t len;
    char *buf = write_rows(rows, N_ROWS, dir, sizeof dir, path, sizeof path, &len);
    const size_t ncol = count_cells(golden_header);
    char *line = buf;
    char *nl = strchr(line, '\n');
    assert_non_null(nl);
    *nl = '\0';
    assert_string_equal(line, golden_header);
    for (size_t i = 0; i < N_ROWS; i++) {
        line = nl + 1;
        nl = strchr(line, '\n');
        assert_non_null(nl); /* every row ends with its newline */
        *nl = '\0';
        if (strcmp(line, golden_rows[i]) != 0)
            fprintf(stderr, "row %zu:\n have %s\n want %s\n", i, line, golden_rows[i]);
        assert_string_equal(line, golden_rows[i]);
        assert_int_equal(count_cells(line), ncol);
    }
    assert_int_equal(nl + 1 - buf, (long)len); /* nothing after the last row */
    free(buf);
    free(rows);
    cleanup_dir(dir, path);
}

/* Every table cell comes back through csv_read as it was written. */
static void test_round_trip(void **state) {
    (void)state;
    struct result_row *rows = make_rows();
    char dir[64], path[128];
    size_t len;
    free(write_rows(rows, N_ROWS, dir, sizeof dir, path, sizeof path, &len));
    struct csv_table t = {0};
    assert_int_equal(csv_read(path, &t), ATTN_OK);
    size_t n = 0;
    const struct result_col *c = results_cols(&n);
    assert_int_equal(t.ncol, n);
    assert_int_equal(t.nrow, N_ROWS);
    for (size_t i = 0; i < N_ROWS; i++) {
        struct result_row d = rows[i];
        row_metrics_fill(&d);
        for (size_t k = 0; k < n; k++) {
            char *cell = NULL;
            size_t cl = 0;
            FILE *f = open_memstream(&cell, &cl);
            assert_non_null(f);
            results_col_put(f, &c[k], &d);
            fclose(f);
            /* the writer quotes; the reader unquotes: compare unquoted text */
            const char *got = csv_get(&t, i, c[k].name);
            if (cell[0] == '"') {
                char *u = calloc(1, cl + 1), *w = u;
                for (const char *s = cell + 1; *s; s++) {
                    if (*s == '"' && s[1] == '"')
                        s++;
                    else if (*s == '"')
                        break;
                    *w++ = *s;
                }
                assert_string_equal(got, u);
                free(u);
            } else {
                assert_string_equal(got, cell);
            }
            free(cell);
        }
    }
    /* and by name, against the row's own values */
    assert_string_equal(csv_get(&t, 0, "key"), "k,1");
    assert_string_equal(csv_get(&t, 0, "reason"), "a \"quoted\", reason two lines");
    assert_string_equal(csv_get(&t, 0, "samples_ms"), "10;20;30;40;50");
    assert_close(csv_num(&t, 0, "median_ms"), 30, 0, 1e-12);
    assert_close(csv_num(&t, 0, "t_attn_ms"), 12.5, 0, 1e-12);
    assert_true(isnan(csv_num(&t, 0, "t_topk_ms")));
    assert_string_equal(csv_get(&t, 1, "status"), "skipped");
    assert_string_equal(csv_get(&t, 1, "mode"), "decode");
    assert_string_equal(csv_get(&t, 1, "dtype"), "bf16");
    assert_string_equal(csv_get(&t, 3, "status"), "estimated");
    assert_true(isnan(csv_num(&t, 4, "mem_peak"))); /* Inf: empty */
    assert_true(isnan(csv_num(&t, 4, "flops_index")));
    csv_free(&t);
    free(rows);
    cleanup_dir(dir, path);
}

/* row_metrics.c from the definitions: rates over the median, NaN without samples. */
static void test_row_metrics(void **state) {
    (void)state;
    struct result_row *rows = make_rows();
    struct result_row *r = &rows[0];
    row_metrics_fill(r);
    assert_close(r->useful_tflops, 3e9 / 0.030 * 1e-12, 0, 1e-12);
    assert_close(r->dense_tflops, 7e9 / 0.030 * 1e-12, 0, 1e-12);
    assert_close(r->gbps, 5e8 / 0.030 * 1e-9, 0, 1e-12);
    assert_close(r->frac_of_floor, 3.25 / 30, 0, 1e-12); /* floor_ms / median_ms */
    r = &rows[4];                                        /* performer: samples but no floor */
    row_metrics_fill(r);
    assert_true(isnan(r->frac_of_floor));
    r = &rows[3]; /* estimated: no samples */
    row_metrics_fill(r);
    assert_true(isnan(r->useful_tflops) && isnan(r->dense_tflops) && isnan(r->gbps) &&
                isnan(r->frac_of_floor));
    free(rows);
}

/* attn_impl_kernels: per shape first, then the process-wide string, else ""; a
 * cell as is (',' '"' and line breaks become ';'). */
static void info_global(char *buf, size_t n) {
    snprintf(buf, n, "index=mma;topk=v3");
}
static void info_shape(const struct attn_shape *s, const struct attn_params *p, char *buf,
                       size_t n) {
    snprintf(buf, n, "index=%s,\"x\"\ntopk=v%d", s->mode == ATTN_DECODE ? "decode" : "wgmma",
             p->topk);
}
static void test_impl_kernels(void **state) {
    (void)state;
    struct attn_impl im = {.api_version = ATTN_API_VERSION, .method = "m", .backend = "cuda"};
    struct attn_shape s = {.mode = ATTN_DECODE};
    struct attn_params p = {.topk = 5};
    char buf[64] = "stale";
    attn_impl_kernels(&im, &s, &p, buf, sizeof buf);
    assert_string_equal(buf, "");
    im.kernel_info = info_global;
    attn_impl_kernels(&im, &s, &p, buf, sizeof buf);
    assert_string_equal(buf, "index=mma;topk=v3");
    im.kernel_info_for = info_shape;
    attn_impl_kernels(&im, &s, &p, buf, sizeof buf);
    assert_string_equal(buf, "index=decode;;x;;topk=v5");
    s.mode = ATTN_PREFILL;
    attn_impl_kernels(&im, &s, &p, buf, sizeof buf);
    assert_string_equal(buf, "index=wgmma;;x;;topk=v5");
    attn_impl_kernels(&im, NULL, NULL, buf, sizeof buf); /* meta.json: the setting */
    assert_string_equal(buf, "index=mma;topk=v3");
    attn_impl_kernels(&im, &s, &p, buf, 6); /* cut, still terminated */
    assert_string_equal(buf, "index");
    /* the registry's cpu and ref impls run one kernel each: an empty cell */
    for (size_t i = 0; i < attn_registry_count(); i++) {
        const struct attn_impl *r = attn_registry_get(i);
        if (r->flags & ATTN_F_DEVICE)
            continue;
        attn_impl_kernels(r, &s, &p, buf, sizeof buf);
        assert_string_equal(buf, "");
    }
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_header_golden), cmocka_unit_test(test_rows_golden_and_cell_count),
        cmocka_unit_test(test_round_trip),    cmocka_unit_test(test_row_metrics),
        cmocka_unit_test(test_impl_kernels),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
