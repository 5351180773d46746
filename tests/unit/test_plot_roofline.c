/* test_plot_roofline.c - msabench plot's roofline figure (issue 18) on a
 * hand-made results.csv:
 *   - roofline.dat holds one point per usable row with positive finite flops,
 *     bytes_model and useful_tflops, at (flops / bytes_model, useful_tflops),
 *     tagged with its CSV row; empty, NaN, zero and negative values and
 *     skipped or failed rows are left out (never drawn at 0) and counted;
 *   - the roof of the drawn rows' device: min(peak, x * bandwidth) from the
 *     meta.json keys (CPU: cpu_sgemm_gflops, cpu_read_gbps; GPU:
 *     gpu_bf16_gemm_tflops, gpu_copy_gbps), none for a device without rows;
 *   - a run without peaks gets the points, no roof, and a note in the title;
 *   - CSV text reaches gnuplot only as safe characters: a method name full
 *     of quotes, backticks, $() and @ becomes a plain label, and gnuplot
 *     (when installed) runs nothing from it. */
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

/* A method name that would run `touch` in gnuplot if it reached a
 * double-quoted string or the command line unescaped. */
#define EVIL "x`touch PWNED`$(touch PWNED2)'\"\"@m"

struct crow {
    const char *method, *backend, *status, *flops, *bytes, *tflops;
};
/* row index = position; expected drawn unless marked */
static const struct crow cpu_rows[] = {
    {"msa", "cpu", "ok", "8e9", "4e7", "0.05"},          /* 0: x 200 */
    {"flash", "cpu", "ok", "1.6e10", "2e7", "0.1"},      /* 1: x 800 */
    {"gqa", "cpu", "ok", "1e9", "1e7", ""},              /* 2: no tflops: left out */
    {"full", "cpu", "ok", "1e9", "1e7", "nan"},          /* 3: NaN: left out */
    {"full", "cpu", "ok", "1e9", "0", "0.01"},           /* 4: bytes 0: left out */
    {"msa", "cpu", "skipped", "8e9", "4e7", "0.05"},     /* 5: not drawn */
    {"msa", "cpu", "failed", "8e9", "4e7", "0.05"},      /* 6: not drawn */
    {"full", "ref", "ok", "4e9", "4e7", "0.01"},         /* 7: x 100, CPU roof */
    {"\"" EVIL "\"", "cpu", "ok", "1e9", "1e7", "0.02"}, /* 8: x 100 */
    {"msa", "cpu", "estimated", "8e9", "4e7", "0.07"},   /* 9: x 200, est. */
    {"full", "cpu", "ok", "-1e9", "1e7", "0.01"},        /* 10: negative: left out */
    {"flash", "cpu", "ok", "1.6e10", "2e7", "0"},        /* 11: tflops 0: left out */
};
static const struct crow gpu_rows[] = {
    {"msa", "cuda", "ok", "1e12", "1e9", "300"},    /* 0: x 1000 */
    {"flash", "torch", "ok", "2e12", "1e8", "500"}, /* 1: x 20000 */
};

static void write_run(const char *dir, const struct crow *rows, size_t n, const char *meta) {
    char path[256];
    mkdir(dir, 0777);
    snprintf(path, sizeof path, "%s/results.csv", dir);
    FILE *f = fopen(path, "w");
    assert_non_null(f);
    fprintf(f, "sweep,key,method,backend,variant,status,reason,mode,seq_len,data,flops,"
               "bytes_model,useful_tflops\n");
    for (size_t i = 0; i < n; i++)
        fprintf(f, "t,k%zu,%s,%s,v,%s,,prefill,1024,normal,%s,%s,%s\n", i, rows[i].method,
                rows[i].backend, rows[i].status, rows[i].flops, rows[i].bytes, rows[i].tflops);
    fclose(f);
    snprintf(path, sizeof path, "%s/meta.json", dir);
    unlink(path);
    if (!meta)
        return;
    f = fopen(path, "w");
    assert_non_null(f);
    fputs(meta, f);
    fclose(f);
}

static char *slurp(const char *dir, const char *name) {
    char p[512];
    snprintf(p, sizeof p, "%s/%s", dir, name);
    FILE *f = fopen(p, "r");
    if (!f)
        fail_msg("%s missing", p);
    static char bufs[2][1 << 16];
    static int which;
    char *buf = bufs[which ^= 1];
    size_t n = fread(buf, 1, sizeof bufs[0] - 1, f);
    buf[n] = '\0';
    fclose(f);
    return buf;
}

/* Runs msabench plot on DIR/results.csv into DIR/fig, stderr silenced. */
static int plot(const char *dir) {
    char csv[256], out[256];
    snprintf(csv, sizeof csv, "%s/results.csv", dir);
    snprintf(out, sizeof out, "%s/fig", dir);
    const char *argv[] = {"plot", csv, "-o", out, "--format", "png"};
    fflush(stderr);
    int saved = dup(2), devnull = open("/dev/null", O_WRONLY);
    dup2(devnull, 2);
    close(devnull);
    int rc = plot_main(6, (char **)argv);
    fflush(stderr);
    dup2(saved, 2);
    close(saved);
    return rc;
}

/* A point of roofline.dat: its block's label, x, y and CSV row (-1: a roof). */
struct dpt {
    char block[128];
    double x, y;
    int row;
};

static size_t read_dat(const char *text, struct dpt *out, size_t cap) {
    char block[128] = "";
    size_t n = 0;
    for (const char *p = text; *p;) {
        const char *e = strchr(p, '\n');
        size_t len = e ? (size_t)(e - p) : strlen(p);
        char line[512];
        snprintf(line, sizeof line, "%.*s", (int)len, p);
        p += len + (e != NULL);
        if (line[0] == '#') {
            snprintf(block, sizeof block, "%.120s", line + 2);
            continue;
        }
        double x, y;
        int row = -1;
        int k = sscanf(line, "%lf %lf %d", &x, &y, &row);
        if (k < 2)
            continue;
        assert_true(n < cap);
        out[n] = (struct dpt){.x = x, .y = y, .row = k == 3 ? row : -1};
        memcpy(out[n].block, block, sizeof block);
        n++;
    }
    return n;
}

static const struct dpt *find_row(const struct dpt *d, size_t n, int row) {
    for (size_t i = 0; i < n; i++)
        if (d[i].row == row)
            return &d[i];
    return NULL;
}

/* A character of set outside the comment lines (gnuplot runs nothing from
 * a # line: checked with gnuplot 5.4 on a backquoted command). */
static bool code_has(const char *text, const char *set) {
    for (const char *p = text; *p;) {
        const char *e = strchr(p, '\n');
        size_t len = e ? (size_t)(e - p) : strlen(p);
        if (*p != '#')
            for (size_t i = 0; i < len; i++)
                if (strchr(set, p[i]))
                    return true;
        p += len + (e != NULL);
    }
    return false;
}

static double num(const char *s) {
    return strtod(s, NULL);
}

static void test_points_and_cpu_roof(void **state) {
    (void)state;
    char dir[128], fig[160];
    snprintf(dir, sizeof dir, "%s/cpu", root);
    snprintf(fig, sizeof fig, "%s/fig", dir);
    write_run(dir, cpu_rows, sizeof cpu_rows / sizeof *cpu_rows,
              "{\"device\": \"Test CPU\", \"cpu_sgemm_gflops\": 50, \"cpu_read_gbps\": 10,\n"
              " \"gpu_bf16_gemm_tflops\": 900, \"gpu_copy_gbps\": 3000}\n");
    const int rc = plot(dir);
    assert_true(rc == 0 || rc == 1); /* 1: no gnuplot here; the scripts are written */
    const char *dat = slurp(fig, "roofline.dat");
    struct dpt d[64];
    size_t n = read_dat(dat, d, 64);
    /* the drawn rows, each at flops / bytes_model and useful_tflops */
    const int drawn[] = {0, 1, 7, 8, 9};
    size_t npts = 0;
    for (size_t i = 0; i < n; i++)
        npts += d[i].row >= 0;
    assert_int_equal(npts, sizeof drawn / sizeof *drawn);
    for (size_t i = 0; i < sizeof drawn / sizeof *drawn; i++) {
        const struct crow *r = &cpu_rows[drawn[i]];
        const struct dpt *p = find_row(d, n, drawn[i]);
        if (!p)
            fail_msg("row %d not drawn:\n%s", drawn[i], dat);
        assert_close(p->x, num(r->flops) / num(r->bytes), 0, 1e-9);
        assert_close(p->y, num(r->tflops), 0, 1e-9);
    }
    assert_string_equal(find_row(d, n, 0)->block, "msa/cpu");
    assert_string_equal(find_row(d, n, 7)->block, "full/ref");
    assert_string_equal(find_row(d, n, 9)->block, "msa/cpu (est.)");
    /* the evil name as a plain label */
    assert_string_equal(find_row(d, n, 8)->block, "x_touch PWNED__(touch PWNED2)___m/cpu");
    assert_non_null(strstr(dat, "rows left out (no positive finite flops, bytes_model or "
                                "useful_tflops): 5\n"));

    /* one roof, the CPU's: (x, min(P, x B)) at the left edge, the ridge and
     * the right edge; the GPU has no rows, so no roof */
    const double P = 50e-3, B = 10, ridge = P * 1e3 / B;
    const double xl = fmin(100, ridge) / 2, xh = fmax(800, ridge) * 2;
    size_t nroof = 0;
    const struct dpt *roof = NULL;
    for (size_t i = 0; i < n; i++)
        if (d[i].row < 0) {
            roof = roof ? roof : &d[i];
            nroof++;
            assert_non_null(strstr(d[i].block, "roof CPU"));
            assert_close(d[i].y, fmin(P, d[i].x * B * 1e-3), 0, 1e-9);
        }
    assert_int_equal(nroof, 3);
    assert_close(roof[0].x, xl, 0, 1e-9);
    assert_close(roof[1].x, ridge, 0, 1e-9);
    assert_close(roof[1].y, P, 0, 1e-9);
    assert_close(roof[2].x, xh, 0, 1e-9);

    /* nothing from the CSV reaches gnuplot as code */
    const char *gp = slurp(fig, "roofline.gp");
    assert_false(code_has(gp, "`$@"));
    assert_false(code_has(dat, "`$@"));
    assert_non_null(strstr(gp, "title 'x_touch PWNED__(touch PWNED2)___m/cpu'"));
    assert_non_null(strstr(gp, "set logscale x 10\nset logscale y 10\n"));
    assert_non_null(strstr(gp, "CPU roof (0.05 TFLOP/s, 10 GB/s)"));
    assert_null(strstr(gp, "GPU roof"));
    assert_null(strstr(gp, "no peak rates"));
    char p[256];
    snprintf(p, sizeof p, "%s/PWNED", fig);
    assert_int_equal(access(p, F_OK), -1);
    snprintf(p, sizeof p, "%s/PWNED2", fig);
    assert_int_equal(access(p, F_OK), -1);
    if (rc == 0) {
        struct stat st;
        snprintf(p, sizeof p, "%s/roofline.png", fig);
        assert_int_equal(stat(p, &st), 0);
        assert_true(st.st_size > 1000);
    }
}

/* Without peaks (none in meta.json, or no meta.json): points, no roof, a note. */
static void test_no_peaks(void **state) {
    (void)state;
    const char *metas[2] = {"{\"device\": \"Test CPU\", \"cpu_sgemm_gflops\": null}\n", NULL};
    for (int m = 0; m < 2; m++) {
        char dir[128], fig[160];
        snprintf(dir, sizeof dir, "%s/nopeak%d", root, m);
        snprintf(fig, sizeof fig, "%s/fig", dir);
        write_run(dir, cpu_rows, sizeof cpu_rows / sizeof *cpu_rows, metas[m]);
        const int rc = plot(dir);
        assert_true(rc == 0 || rc == 1);
        const char *dat = slurp(fig, "roofline.dat");
        struct dpt d[64];
        size_t n = read_dat(dat, d, 64), npts = 0;
        for (size_t i = 0; i < n; i++) {
            assert_true(d[i].row >= 0); /* no roof block */
            npts++;
        }
        assert_int_equal(npts, 5);
        const char *gp = slurp(fig, "roofline.gp");
        assert_non_null(strstr(gp, "no peak rates in meta.json: points without roofs"));
        assert_null(strstr(gp, " roof ("));
    }
}

/* GPU rows (cuda kernels and torch peers) get the GPU roof only. */
static void test_gpu_roof(void **state) {
    (void)state;
    char dir[128], fig[160];
    snprintf(dir, sizeof dir, "%s/gpu", root);
    snprintf(fig, sizeof fig, "%s/fig", dir);
    write_run(dir, gpu_rows, 2,
              "{\"device\": \"Test GPU\", \"cpu_sgemm_gflops\": 50, \"cpu_read_gbps\": 10,\n"
              " \"gpu_bf16_gemm_tflops\": 800, \"gpu_copy_gbps\": 2500}\n");
    const int rc = plot(dir);
    assert_true(rc == 0 || rc == 1);
    const char *dat = slurp(fig, "roofline.dat");
    struct dpt d[64];
    size_t n = read_dat(dat, d, 64), nroof = 0;
    for (size_t i = 0; i < n; i++)
        if (d[i].row < 0) {
            nroof++;
            assert_non_null(strstr(d[i].block, "roof GPU"));
            assert_close(d[i].y, fmin(800, d[i].x * 2500 * 1e-3), 0, 1e-9);
        }
    assert_int_equal(nroof, 3);
    assert_close(find_row(d, n, 1)->x, 20000, 0, 1e-9);
    assert_string_equal(find_row(d, n, 1)->block, "flash/torch");
    const char *gp = slurp(fig, "roofline.gp");
    assert_non_null(strstr(gp, "GPU roof (800 TFLOP/s, 2500 GB/s)"));
    assert_null(strstr(gp, "CPU roof"));
}

static int setup(void **state) {
    (void)state;
    snprintf(root, sizeof root, "/tmp/msabench_roof_XXXXXX");
    return mkdtemp(root) ? 0 : -1;
}

static int teardown(void **state) {
    (void)state;
    char cmd[128];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", root);
    return system(cmd) == 0 ? 0 : -1;
}

int main(void) {
    const struct CMUnitTest tests[] = {cmocka_unit_test(test_points_and_cpu_roof),
                                       cmocka_unit_test(test_no_peaks),
                                       cmocka_unit_test(test_gpu_roof)};
    return cmocka_run_group_tests(tests, setup, teardown);
}
