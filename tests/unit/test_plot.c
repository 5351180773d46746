/* test_plot.c - msabench plot on a hand-made results.csv: the .gp/.dat files
 * and their numbers, the skipped-row note, missing columns, a missing
 * gnuplot, and (gnuplot being installed) the rendered PNG and PDF files. */
#include "plot.h"
#include "testutil.h"

#include <fcntl.h>
#include <math.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static char root[64];

/* The fixed result columns (HELPERS.md), plus one a future version might add. */
static const char *header =
    "sweep,key,method,backend,variant,status,reason,mode,causal,batch,seq_len,q_len,heads_q,"
    "heads_kv,head_dim,index_dim,block_size,topk,bb_window,bb_global,bb_random,pf_features,"
    "pf_chunk,data,index_noise,seed,dtype,flops,flops_index,flops_main,flops_dense,bytes_model,"
    "mem_model,mem_peak,samples,median_ms,p20_ms,p80_ms,mean_ms,min_ms,cv,t_index_ms,t_topk_ms,"
    "t_attn_ms,t_combine_ms,useful_tflops,dense_tflops,gbps,val_rows,val_rel_err,val_max_abs,"
    "recall_rows,block_recall,score_recall,mass_coverage,out_rel_err,samples_ms,future_col";

/* Latency of each method at N (ms): flash fastest, msa overtaking gqa. */
static double t_ms(const char *m, double n) {
    double k = n / 1024;
    return strcmp(m, "flash") == 0 ? 2 * k * k : strcmp(m, "gqa") == 0 ? 4 * k * k : 3 * k + 1;
}
/* A value as the CSV holds it (%.6g), so expectations match to the last digit. */
static double r6(double x) {
    char b[32];
    snprintf(b, sizeof b, "%.6g", x);
    return strtod(b, NULL);
}
static double flops_msa(double n) {
    return 1e6 * n;
}
static double flops_dense(double n) {
    return 2.0 * 8 * 64 * n * (n + 1);
}

static void row(FILE *f, const char *m, const char *status, const char *reason, double n, int bk,
                double recall) {
    char key[128];
    snprintf(key, sizeof key, "prefill,c1,B1,N%.0f,hq8,hkv2,d64,di64,bk%d,k4%s", n, bk,
             recall >= 0 ? ",structured" : "");
    fprintf(f,
            "t,\"%s\",%s,cpu,%s,%s,%s,prefill,1,1,%.0f,%.0f,8,2,64,64,%d,4,3,2,3,0,64,%s,0,1,"
            "f32,",
            key, m, strcmp(m, "msa") == 0 ? "blocked" : "tiled", status, reason, n, n, bk,
            recall >= 0 ? "structured" : "normal");
    bool ok = strcmp(status, "ok") == 0, timed = ok && recall < 0;
    double fl = strcmp(m, "msa") == 0 ? flops_msa(n) : flops_dense(n), t = t_ms(m, n);
    /* flops..bytes_model, mem_model, mem_peak */
    fprintf(f, "%.6g,,,%.6g,,%.6g,", fl, flops_dense(n), 1e6 * n);
    fprintf(f, ok ? "%.6g," : ",", 1.1e6 * n);
    /* samples, median, p20, p80, mean, min, cv */
    if (timed)
        fprintf(f, "5,%.6g,%.6g,%.6g,%.6g,%.6g,0.01,", t, 0.98 * t, 1.03 * t, t, 0.97 * t);
    else
        fprintf(f, ",,,,,,,");
    /* stage times (msa only) */
    if (timed && strcmp(m, "msa") == 0)
        fprintf(f, "%.6g,%.6g,%.6g,%.6g,", 0.5 * t, 0.1 * t, 0.35 * t, 0.05 * t);
    else
        fprintf(f, ",,,,");
    /* useful, dense-eq TFLOP/s, gbps */
    if (timed)
        fprintf(f, "%.6g,%.6g,%.6g,", fl / t / 1e9, flops_dense(n) / t / 1e9, 1.0);
    else
        fprintf(f, ",,,");
    /* validation, recall */
    fprintf(f, ",,,");
    if (recall >= 0)
        fprintf(f, "64,%.6g,%.6g,%.6g,,", recall, recall + 0.1, recall + 0.15);
    else
        fprintf(f, ",,,,,");
    fprintf(f, timed ? "%.6g;%.6g;%.6g,zz\n" : ",zz\n", t, 0.98 * t, 1.03 * t);
}

static void write_csv(const char *dir) {
    char path[256];
    mkdir(dir, 0777);
    snprintf(path, sizeof path, "%s/results.csv", dir);
    FILE *f = fopen(path, "w");
    assert_non_null(f);
    fprintf(f, "%s\n", header);
    const char *methods[] = {"flash", "gqa", "msa"};
    for (double n = 512; n <= 4096; n *= 2)
        for (int m = 0; m < 3; m++)
            row(f, methods[m], "ok", "", n, 64, -1);
    row(f, "msa", "skipped", "\"memory: 9 GiB > 8 GiB, the limit\"", 8192, 64, -1);
    row(f, "gqa", "failed", "validation", 8192, 64, -1);
    for (int bk = 32; bk <= 128; bk *= 2)
        row(f, "msa", "ok", "", 1024, bk, 0.5 + bk / 1000.0);
    fclose(f);
    snprintf(path, sizeof path, "%s/meta.json", dir);
    f = fopen(path, "w");
    assert_non_null(f);
    fputs("{\"device\": \"Test CPU \\\"x86\\\"\", \"gpu\": null, \"peak_tflops\": null,\n"
          " \"peak_gbps\": 20.5, \"mem_limit\": 8589934592}\n",
          f);
    fclose(f);
}

static bool have_gnuplot(void) {
    return system("command -v gnuplot >/dev/null 2>&1") == 0;
}

static long file_size(const char *dir, const char *name) {
    char p[512];
    struct stat st;
    snprintf(p, sizeof p, "%s/%s", dir, name);
    return stat(p, &st) == 0 ? (long)st.st_size : -1;
}

static char *slurp(const char *dir, const char *name) {
    char p[512];
    snprintf(p, sizeof p, "%s/%s", dir, name);
    FILE *f = fopen(p, "r");
    if (!f)
        fail_msg("%s missing", p);
    static char buf[1 << 16];
    size_t n = fread(buf, 1, sizeof buf - 1, f);
    buf[n] = '\0';
    fclose(f);
    return buf;
}

/* Runs plot_main with stderr silenced. */
static int run_plot(int argc, const char **argv) {
    fflush(stderr);
    int saved = dup(2), devnull = open("/dev/null", O_WRONLY);
    dup2(devnull, 2);
    close(devnull);
    int rc = plot_main(argc, (char **)argv);
    fflush(stderr);
    dup2(saved, 2);
    close(saved);
    return rc;
}

/* The value in column col (1-based) of the data line whose first field is x,
 * within the block titled `block` of a .dat file. */
static double dat_value(const char *text, const char *block, double x, int col) {
    char title[256];
    snprintf(title, sizeof title, "# %s\n", block);
    const char *p = strstr(text, title);
    if (!p)
        fail_msg("block '%s' not in:\n%s", block, text);
    p += strlen(title);
    while (*p && *p != '#') {
        char *end;
        double v = strtod(p, &end);
        if (end != p && v == x) {
            const char *q = end;
            double out = v;
            for (int c = 2; c <= col; c++)
                out = strtod(q, (char **)&q);
            return out;
        }
        p = strchr(p, '\n');
        if (!p)
            break;
        p++;
    }
    return NAN;
}

static int setup(void **state) {
    (void)state;
    snprintf(root, sizeof root, "/tmp/msabench_plot_XXXXXX");
    if (!mkdtemp(root))
        return -1;
    char d[128];
    snprintf(d, sizeof d, "%s/run", root);
    write_csv(d);
    return 0;
}

static int teardown(void **state) {
    (void)state;
    char cmd[128];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", root);
    return system(cmd) == 0 ? 0 : -1;
}

static const char *const figs[] = {"latency",   "speedup",   "tflops",
                                   "bandwidth", "memory",    "recall_vs_block_size",
                                   "stages",    "flop_ratio"};

static void test_scripts_and_figures(void **state) {
    (void)state;
    char csv[160], out[160];
    snprintf(csv, sizeof csv, "%s/run/results.csv", root);
    snprintf(out, sizeof out, "%s/fig_png", root);
    const char *argv[] = {"plot", csv, "-o", out, "--format", "png"};
    int rc = run_plot(6, argv);
    bool gp = have_gnuplot();
    assert_int_equal(rc, gp ? 0 : 1);
    for (size_t i = 0; i < sizeof figs / sizeof *figs; i++) {
        char n[96];
        snprintf(n, sizeof n, "%s.gp", figs[i]);
        assert_true(file_size(out, n) > 0);
        snprintf(n, sizeof n, "%s.dat", figs[i]);
        assert_true(file_size(out, n) > 0);
        snprintf(n, sizeof n, "%s.png", figs[i]);
        if (gp && file_size(out, n) <= 0)
            fail_msg("%s/%s not written", out, n);
        snprintf(n, sizeof n, "%s.pdf", figs[i]);
        assert_int_equal(file_size(out, n), -1); /* only the format asked for */
    }
    /* block size is the only recall axis that varies */
    assert_int_equal(file_size(out, "recall_vs_topk.gp"), -1);
    assert_int_equal(file_size(out, "recall_vs_seq_len.gp"), -1);

    /* latency: medians with p20/p80, one block per method; the skipped N = 8K is not drawn */
    const char *lat = slurp(out, "latency.dat");
    assert_close(dat_value(lat, "msa/cpu/blocked", 2048, 2), r6(t_ms("msa", 2048)), 0, 1e-12);
    assert_close(dat_value(lat, "flash/cpu/tiled", 4096, 3), r6(0.98 * t_ms("flash", 4096)), 0,
                 1e-12);
    assert_close(dat_value(lat, "gqa/cpu/tiled", 512, 4), r6(1.03 * t_ms("gqa", 512)), 0, 1e-12);
    assert_true(isnan(dat_value(lat, "msa/cpu/blocked", 8192, 2)));
    assert_true(isnan(dat_value(lat, "gqa/cpu/tiled", 8192, 2)));
    /* ... but listed in the note, with its reason */
    const char *gp_text = slurp(out, "latency.gp");
    assert_non_null(strstr(gp_text, "skipped: msa cpu N=8K (memory: 9 GiB > 8 GiB, the limit)"));
    assert_non_null(strstr(gp_text, "failed: gqa cpu N=8K (validation)"));
    assert_non_null(strstr(
        gp_text, "'Latency vs context length  -  Test CPU \"x86\"")); /* device, single-quoted */
    assert_non_null(strstr(gp_text, "\"1K\" 1024"));                  /* log2 axis in tokens */
    assert_non_null(strstr(gp_text, "yerrorlines"));

    /* speedup over flash of the same backend and point */
    const char *sp = slurp(out, "speedup.dat");
    assert_close(dat_value(sp, "msa/cpu/blocked", 4096, 2),
                 r6(t_ms("flash", 4096)) / r6(t_ms("msa", 4096)), 0, 1e-8);
    assert_close(dat_value(sp, "gqa/cpu/tiled", 1024, 2), 0.5, 0, 1e-6);
    assert_true(strstr(sp, "# flash/") == NULL); /* the baseline is not its own curve */
    assert_non_null(strstr(slurp(out, "speedup.gp"), "break-even (1x)"));

    /* counted FLOP ratio = gqa flops_dense / msa flops; y2 = eq. 12 at the row's shape;
     * block size and data vary among the msa rows (the recall rows), so they name it */
    const char *fr = slurp(out, "flop_ratio.dat");
    assert_close(dat_value(fr, "msa Bk=64 normal", 2048, 2),
                 r6(flops_dense(2048)) / r6(flops_msa(2048)), 0, 1e-8);
    assert_close(dat_value(fr, "msa Bk=64 normal", 2048, 5),
                 plot_eq12_ratio(8, 2, 64, 64, 4, 64, 2048), 0, 1e-6);

    /* tflops: msa has distinct useful and dense-eq. figures; flash has one */
    const char *tf = slurp(out, "tflops.gp");
    assert_non_null(strstr(tf, "msa/cpu/blocked useful"));
    assert_non_null(strstr(tf, "msa/cpu/blocked dense-eq."));
    assert_non_null(strstr(tf, "flash/cpu/tiled (useful = dense-eq.)"));
    /* bandwidth and memory: the ceilings from meta.json */
    assert_non_null(strstr(slurp(out, "bandwidth.gp"), "device peak (20.5 GB/s)"));
    assert_non_null(strstr(slurp(out, "memory.gp"), "host memory limit (8 GiB)"));

    /* stages: shares of the summed stage medians, in percent */
    const char *st = slurp(out, "stages.dat");
    assert_non_null(strstr(st, "\"4K\\n"));
    assert_non_null(strstr(st, " 50 10 35 5 "));

    /* recall vs block size: one implementation, so the line is named by the method */
    const char *rc_dat = slurp(out, "recall_vs_block_size.dat");
    assert_close(dat_value(rc_dat, "msa", 64, 2), 0.564, 0, 1e-9);
    assert_close(dat_value(rc_dat, "msa", 64, 4), 0.714, 0, 1e-9);
    const char *rc_gp = slurp(out, "recall_vs_block_size.gp");
    assert_non_null(strstr(rc_gp, "set yrange [0:1]"));
    assert_non_null(strstr(rc_gp, "set ylabel 'score recall'"));
    assert_non_null(strstr(rc_gp, "set xlabel 'block size Bk (tokens)'"));
    assert_non_null(strstr(rc_gp, "lc rgb \"#d62728\"")); /* msa's color, as elsewhere */
    assert_int_equal(file_size(out, "recall_vs_budget.gp"), -1);
    assert_int_equal(file_size(out, "recall_vs_index_noise.gp"), -1);
    assert_int_equal(file_size(out, "recall_by_layer.gp"), -1);

    if (!gp)
        return;
    /* the scripts rebuild the figures without msabench, in any format */
    char cmd[512];
    snprintf(cmd, sizeof cmd,
             "cd '%s' && rm -f latency.png && gnuplot -e 'fmts=\"png pdf\"' latency.gp "
             ">/dev/null 2>&1",
             out);
    assert_int_equal(system(cmd), 0);
    assert_true(file_size(out, "latency.png") > 1000);
    assert_true(file_size(out, "latency.pdf") > 1000);
}

/* ---- the recall figures of a block size x top-k x noise sweep ---- */

/* Hand-made selection quality: msa gains with k and Bk and loses with noise;
 * bigbird ignores the noise.  score = block + 0.05, mass = block + 0.1. */
static double rec(const char *m, int bk, int k, int noise) {
    double lk = log2(k);
    return strcmp(m, "msa") == 0 ? 0.3 + 0.1 * lk + bk / 1000.0 - 0.1 * noise
                                 : 0.2 + 0.05 * lk + bk / 2000.0;
}

/* A recall row; BigBird's w+g+r follows k (SPEC §2), as the sweeps set it. */
static void rrow(FILE *f, const char *m, const char *backend, const char *status,
                 const char *reason, int n, int bk, int k, int noise, const char *data,
                 const char *qfile, double block) {
    char key[256];
    int w = k == 4 ? 2 : 3, g = k == 4 ? 1 : 2, r = k - w - g;
    snprintf(key, sizeof key,
             "prefill,c1,B1,N%d,q%d,hq8,hkv2,d64,di64,bk%d,k%d,bbw%d,bbg%d,bbr%d,pfm0,pfc64,%s,"
             "noise%d,s1,auto%s%s",
             n, n, bk, k, w, g, r, data, noise, qfile ? ",q=" : "", qfile ? qfile : "");
    fprintf(f,
            "t,\"%s\",%s,%s,blas,%s,%s,prefill,1,1,%d,%d,8,2,64,64,%d,%d,%d,%d,%d,0,64,%s,%d,1,"
            "auto,",
            key, m, backend, status, reason, n, n, bk, k, w, g, r, data, noise);
    fprintf(f, ",,,,,,,,,,,,,,,,,,,,,,,,"); /* flops .. val_max_abs: not measured */
    if (strcmp(status, "ok") == 0)
        fprintf(f, "64,%.6g,%.6g,%.6g,,,zz\n", block, block + 0.05, block + 0.1);
    else
        fprintf(f, ",,,,,,zz\n");
}

static void test_recall_figures(void **state) {
    (void)state;
    char dir[160], csv[200], out[200];
    snprintf(dir, sizeof dir, "%s/recall", root);
    mkdir(dir, 0777);
    snprintf(csv, sizeof csv, "%s/results.csv", dir);
    FILE *f = fopen(csv, "w");
    assert_non_null(f);
    fprintf(f, "%s\n", header);
    const char *methods[] = {"msa", "bigbird"};
    for (int noise = 0; noise <= 1; noise++)
        for (int bk = 32; bk <= 64; bk *= 2)
            for (int k = 4; k <= 8; k *= 2)
                for (int m = 0; m < 2; m++)
                    rrow(f, methods[m], "cpu", "ok", "", 1024, bk, k, noise, "structured", NULL,
                         rec(methods[m], bk, k, noise));
    rrow(f, "msa", "cpu", "skipped", "memory: too big", 1024, 128, 4, 1, "structured", NULL, 0);
    fclose(f);
    snprintf(out, sizeof out, "%s/out", dir);
    const char *argv[] = {"plot", csv, "-o", out, "--format", "png"};
    bool gp = have_gnuplot();
    assert_int_equal(run_plot(6, argv), gp ? 0 : 1);

    /* one figure per noise value; the noise figure across them */
    static const char *const made[] = {"recall_vs_block_size_noise0", "recall_vs_block_size_noise1",
                                       "recall_vs_budget_noise0", "recall_vs_budget_noise1",
                                       "recall_vs_index_noise"};
    for (size_t i = 0; i < sizeof made / sizeof *made; i++) {
        char n[96];
        snprintf(n, sizeof n, "%s.gp", made[i]);
        if (file_size(out, n) <= 0)
            fail_msg("%s/%s not written", out, n);
        snprintf(n, sizeof n, "%s.dat", made[i]);
        assert_true(file_size(out, n) > 0);
        snprintf(n, sizeof n, "%s.png", made[i]);
        if (gp && file_size(out, n) <= 0)
            fail_msg("%s/%s not drawn", out, n);
    }
    static const char *const not_made[] = {
        "recall_vs_block_size",        "recall_vs_budget",         "recall_vs_topk",
        "recall_vs_block_size_noise2", "recall_vs_seq_len_noise0", "recall_by_layer_noise0"};
    for (size_t i = 0; i < sizeof not_made / sizeof *not_made; i++) {
        char n[96];
        snprintf(n, sizeof n, "%s.gp", not_made[i]);
        if (file_size(out, n) != -1)
            fail_msg("%s/%s written", out, n);
    }

    /* equal budget: only k*Bk = 256 was measured at two block sizes (32x8, 64x4) */
    const char *eb = slurp(out, "recall_vs_block_size_noise1.dat");
    assert_close(dat_value(eb, "msa  k·Bk=256", 32, 2), r6(rec("msa", 32, 8, 1)), 0, 1e-12);
    assert_close(dat_value(eb, "msa  k·Bk=256", 64, 3), r6(rec("msa", 64, 4, 1) + 0.05), 0, 1e-12);
    assert_close(dat_value(eb, "bigbird  k·Bk=256", 64, 4), r6(rec("bigbird", 64, 4, 1) + 0.1), 0,
                 1e-12);
    assert_null(strstr(eb, "k·Bk=128"));
    assert_null(strstr(eb, "k·Bk=512"));
    const char *eb_gp = slurp(out, "recall_vs_block_size_noise1.gp");
    assert_non_null(strstr(eb_gp, "index noise 1")); /* the split value in the subtitle */
    assert_non_null(strstr(eb_gp, "skipped: msa cpu N=1K (memory: too big)"));
    assert_non_null(strstr(eb_gp, "set yrange [0:1]"));
    /* one budget per method here: the methods' own colors, as in every figure */
    assert_non_null(strstr(eb_gp, "lc rgb \"#9467bd\""));
    assert_non_null(strstr(eb_gp, "lc rgb \"#d62728\""));

    /* budget: x = k*Bk, a line per (method, Bk); BigBird's w, g, r do not split it */
    const char *bu = slurp(out, "recall_vs_budget_noise0.dat");
    assert_close(dat_value(bu, "bigbird  Bk=64", 512, 2), r6(rec("bigbird", 64, 8, 0)), 0, 1e-12);
    assert_close(dat_value(bu, "bigbird  Bk=64", 256, 4), r6(rec("bigbird", 64, 4, 0) + 0.1), 0,
                 1e-12);
    assert_close(dat_value(bu, "msa  Bk=32", 128, 2), r6(rec("msa", 32, 4, 0)), 0, 1e-12);
    assert_null(strstr(bu, "w="));
    assert_null(strstr(bu, "noise="));

    /* noise: at the block size nearest 128 (64 here), a line per (method, budget) */
    const char *no = slurp(out, "recall_vs_index_noise.dat");
    assert_close(dat_value(no, "msa  k·Bk=512", 1, 2), r6(rec("msa", 64, 8, 1)), 0, 1e-12);
    assert_close(dat_value(no, "msa  k·Bk=256", 0, 2), r6(rec("msa", 64, 4, 0)), 0, 1e-12);
    assert_close(dat_value(no, "bigbird  k·Bk=256", 1, 2), r6(rec("bigbird", 64, 4, 1)), 0, 1e-12);
    assert_null(strstr(no, "k·Bk=128")); /* Bk = 32 left out */
    assert_non_null(strstr(slurp(out, "recall_vs_index_noise.gp"), "Bk=64"));
}

/* Real activations: the layer read from the q file's name in the key. */
static void test_recall_by_layer(void **state) {
    (void)state;
    assert_int_equal(plot_layer_of_key("prefill,c1,file,noise0,s1,auto,q=L07_q.npy"), 7);
    assert_int_equal(plot_layer_of_key("x,q=llama_layer12_q.npy"), 12);
    assert_int_equal(plot_layer_of_key("x,q=q_layer_3.npy"), 3);
    assert_int_equal(plot_layer_of_key("x,q=model.l5.q.npy"), 5);
    assert_int_equal(plot_layer_of_key("x,q=l2norm_q.npy"), -1);
    assert_int_equal(plot_layer_of_key("x,q=blk3_q.npy"), -1);
    assert_int_equal(plot_layer_of_key("prefill,c1,structured,noise0,s1,auto"), -1);

    char dir[160], csv[200], out[200];
    snprintf(dir, sizeof dir, "%s/layers", root);
    mkdir(dir, 0777);
    snprintf(csv, sizeof csv, "%s/results.csv", dir);
    FILE *f = fopen(csv, "w");
    assert_non_null(f);
    fprintf(f, "%s\n", header);
    for (int layer = 0; layer < 3; layer++) {
        char q[32];
        snprintf(q, sizeof q, "L%02d_q.npy", layer);
        double v = 0.9 - 0.1 * layer;
        /* two msa implementations selecting alike: one line */
        rrow(f, "msa", "cpu", "ok", "", 2048, 64, 8, 0, "file", q, v);
        rrow(f, "msa", "cuda", "ok", "", 2048, 64, 8, 0, "file", q, v);
        rrow(f, "bigbird", "cpu", "ok", "", 2048, 64, 8, 0, "file", q, v - 0.3);
    }
    rrow(f, "msa", "cpu", "failed", "nan in output", 2048, 64, 8, 0, "file", "L03_q.npy", 0);
    fclose(f);
    snprintf(out, sizeof out, "%s/out", dir);
    const char *argv[] = {"plot", csv, "-o", out, "--format", "png"};
    bool gp = have_gnuplot();
    assert_int_equal(run_plot(6, argv), gp ? 0 : 1);
    const char *ly = slurp(out, "recall_by_layer.dat");
    assert_close(dat_value(ly, "msa", 2, 2), 0.7, 0, 1e-12);
    assert_close(dat_value(ly, "msa", 0, 4), 1.0, 0, 1e-12);
    assert_close(dat_value(ly, "bigbird", 1, 3), 0.55, 0, 1e-12);
    assert_null(strstr(ly, "msa/cuda")); /* alike: drawn once */
    assert_non_null(
        strstr(slurp(out, "recall_by_layer.gp"), "failed: msa cpu N=2K (nan in output)"));
    if (gp)
        assert_true(file_size(out, "recall_by_layer.png") > 1000);

    /* implementations that select differently get a line each */
    f = fopen(csv, "a");
    assert_non_null(f);
    rrow(f, "bigbird", "cuda", "ok", "", 2048, 64, 8, 0, "file", "L01_q.npy", 0.1);
    fclose(f);
    setenv("MSABENCH_GNUPLOT", "/nonexistent/bin/gnuplot", 1);
    assert_int_equal(run_plot(6, argv), 1);
    unsetenv("MSABENCH_GNUPLOT");
    ly = slurp(out, "recall_by_layer.dat");
    assert_close(dat_value(ly, "bigbird/cuda/blas", 1, 2), 0.1, 0, 1e-12);
    assert_close(dat_value(ly, "bigbird/cpu/blas", 1, 2), 0.5, 0, 1e-12);
}

static void test_pdf_and_all(void **state) {
    (void)state;
    if (!have_gnuplot())
        skip();
    char csv[160], out[160];
    snprintf(csv, sizeof csv, "%s/run/results.csv", root);
    snprintf(out, sizeof out, "%s/fig_all", root);
    const char *argv[] = {"plot", csv, "-o", out, "--format=all"};
    assert_int_equal(run_plot(5, argv), 0);
    const char *ext[] = {"pdf", "png", "svg"};
    for (size_t i = 0; i < sizeof figs / sizeof *figs; i++)
        for (int e = 0; e < 3; e++) {
            char n[96];
            snprintf(n, sizeof n, "%s.%s", figs[i], ext[e]);
            if (file_size(out, n) <= 0)
                fail_msg("%s/%s not written", out, n);
        }
    /* default output directory: figures/ beside the CSV */
    const char *argv2[] = {"plot", csv, "--format", "pdf"};
    assert_int_equal(run_plot(4, argv2), 0);
    char dflt[160];
    snprintf(dflt, sizeof dflt, "%s/run/figures", root);
    assert_true(file_size(dflt, "latency.pdf") > 0);
}

static void test_no_gnuplot(void **state) {
    (void)state;
    char csv[160], out[160];
    snprintf(csv, sizeof csv, "%s/run/results.csv", root);
    snprintf(out, sizeof out, "%s/fig_nognu", root);
    setenv("MSABENCH_GNUPLOT", "/nonexistent/bin/gnuplot", 1);
    const char *argv[] = {"plot", csv, "-o", out};
    int rc = run_plot(4, argv);
    unsetenv("MSABENCH_GNUPLOT");
    assert_int_equal(rc, 1);
    assert_true(file_size(out, "latency.gp") > 0);
    assert_true(file_size(out, "latency.dat") > 0);
    assert_int_equal(file_size(out, "latency.pdf"), -1);
}

static void test_missing_column(void **state) {
    (void)state;
    char dir[160], csv[200], out[200];
    snprintf(dir, sizeof dir, "%s/noseq", root);
    mkdir(dir, 0777);
    snprintf(csv, sizeof csv, "%s/results.csv", dir);
    FILE *f = fopen(csv, "w");
    assert_non_null(f);
    fputs("method,backend,variant,status,median_ms\nmsa,cpu,blocked,ok,1.5\n", f);
    fclose(f);
    snprintf(out, sizeof out, "%s/out", dir);
    const char *argv[] = {"plot", csv, "-o", out};
    assert_int_equal(run_plot(4, argv), 2);
    assert_int_equal(file_size(dir, "out"), -1); /* nothing written, not even the directory */

    /* the minimal columns draw the latency figure alone */
    f = fopen(csv, "w");
    assert_non_null(f);
    fputs("status,seq_len,method,backend,variant,median_ms,extra\n"
          "ok,1024,msa,cpu,blocked,1.5,a\nok,2048,msa,cpu,blocked,3.5,b\n",
          f);
    fclose(f);
    setenv("MSABENCH_GNUPLOT", "/nonexistent/bin/gnuplot", 1);
    int rc = run_plot(4, argv);
    unsetenv("MSABENCH_GNUPLOT");
    assert_int_equal(rc, 1); /* no gnuplot */
    assert_true(file_size(out, "latency.gp") > 0);
    assert_int_equal(file_size(out, "speedup.gp"), -1);
    assert_int_equal(file_size(out, "memory.gp"), -1);

    /* only skipped rows: nothing can be drawn */
    f = fopen(csv, "w");
    assert_non_null(f);
    fputs("status,seq_len,method,backend,variant,median_ms,reason\n"
          "skipped,1024,msa,cpu,blocked,,too big\n",
          f);
    fclose(f);
    assert_int_equal(run_plot(4, argv), 1);
}

static void test_usage_and_eq12(void **state) {
    (void)state;
    const char *help[] = {"plot", "--help"};
    fflush(stdout);
    int saved = dup(1), devnull = open("/dev/null", O_WRONLY);
    dup2(devnull, 1);
    close(devnull);
    int rc = plot_main(2, (char **)help);
    fflush(stdout);
    dup2(saved, 1);
    close(saved);
    assert_int_equal(rc, 0);
    const char *none[] = {"plot"};
    assert_int_equal(run_plot(1, none), 2);
    const char *badfmt[] = {"plot", "x.csv", "--format", "jpeg"};
    assert_int_equal(run_plot(4, badfmt), 2);
    const char *nofile[] = {"plot", "/nonexistent/results.csv"};
    assert_int_equal(run_plot(2, nofile), 2);
    /* SPEC §3: 32N/(N + 2^17) with the paper's configuration, 28.44x at 1M */
    assert_close(plot_eq12_ratio(64, 4, 128, 128, 16, 128, 1048576), 256.0 / 9, 0, 1e-12);
    assert_close(plot_eq12_ratio(64, 4, 128, 128, 16, 128, 131072), 16, 0, 1e-12);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_scripts_and_figures), cmocka_unit_test(test_pdf_and_all),
        cmocka_unit_test(test_no_gnuplot),          cmocka_unit_test(test_missing_column),
        cmocka_unit_test(test_usage_and_eq12),      cmocka_unit_test(test_recall_figures),
        cmocka_unit_test(test_recall_by_layer),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
