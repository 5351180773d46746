/* test_cli.c - the CLI end to end: a matrix of malformed inputs (each must
 * exit non-zero with a message naming the problem, no sanitizer report and
 * no results file), and interrupted runs (SIGINT and SIGKILL) completed by
 * --resume to the same rows as an uninterrupted run. */
#include "testutil.h"

#include "results.h"

#include <math.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static char tmpdir[256];

static void write_file(const char *path, const void *data, size_t n) {
    FILE *f = fopen(path, "wb");
    assert_non_null(f);
    assert_int_equal(fwrite(data, 1, n, f), n);
    fclose(f);
}

/* Runs msabench args (NULL-terminated) in tmpdir; returns the exit status,
 * stdout+stderr in *out. */
static int run_cli(char **out, const char *const *args) {
    char log[512];
    snprintf(log, sizeof log, "%s/cli.log", tmpdir);
    struct tu_result r = tu_run(tmpdir, log, 0, NULL, args);
    *out = r.out;
    return r.rc;
}

#define RUN_CLI(out, ...) run_cli(out, (const char *[]){__VA_ARGS__, NULL})

static int file_exists(const char *path) {
    struct stat st;
    return stat(path, &st) == 0;
}

/* npy v1.0 header with the given descr and shape, followed by nbytes of zeros. */
static void write_npy(const char *path, const char *descr, const char *shape, size_t nbytes) {
    char hdr[256];
    int n = snprintf(hdr, sizeof hdr, "{'descr': '%s', 'fortran_order': False, 'shape': %s, }",
                     descr, shape);
    int total = 10 + n + 1;
    int pad = (64 - total % 64) % 64;
    size_t hl = (size_t)(n + pad + 1);
    unsigned char *buf = calloc(1, 10 + hl + nbytes);
    memcpy(buf, "\x93NUMPY\x01\x00", 8);
    buf[8] = (unsigned char)(hl & 0xff);
    buf[9] = (unsigned char)(hl >> 8);
    memcpy(buf + 10, hdr, (size_t)n);
    memset(buf + 10 + n, ' ', (size_t)pad);
    buf[10 + hl - 1] = '\n';
    write_file(path, buf, 10 + hl + nbytes);
    free(buf);
}

struct bad_case {
    const char *name;    /* fixture file name (in tmpdir) */
    const char *content; /* NULL: no file written */
    const char *args;    /* words split at spaces; %s = the fixture */
    const char *expect;  /* substring the message must hold */
    int want_loc;        /* message must carry name:line:col */
};

#define GOOD_HEAD "methods: [gqa]\nbackends: [cpu]\n"

static const struct bad_case cases[] = {
    {"broken.yaml", "methods: [gqa\nbackends: [cpu]\n", "run %s", "broken.yaml:", 1},
    {"quote.yaml", "name: \"unterminated\nmethods: [gqa]\n", "run %s", "quote.yaml:", 1},
    {"tabs.yaml", "methods:\n\t- gqa\n", "run %s", "tabs.yaml:", 1},
    {"type.yaml", GOOD_HEAD "axes: {seq_len: abc}\n", "run %s", "seq_len", 1},
    {"type2.yaml", GOOD_HEAD "axes: {causal: maybe}\n", "run %s", "causal", 1},
    {"unknown_top.yaml", GOOD_HEAD "colour: blue\n", "run %s", "colour", 1},
    {"unknown_axis.yaml", GOOD_HEAD "axes: {seqlen: 1024}\n", "run %s", "seqlen", 1},
    {"unknown_timing.yaml", GOOD_HEAD "timing: {samples: 3}\n", "run %s", "samples", 1},
    {"empty_axis.yaml", GOOD_HEAD "axes: {seq_len: []}\n", "run %s", "empty", 1},
    {"empty_methods.yaml", "methods: []\n", "run %s", "empty", 1},
    {"negative.yaml", GOOD_HEAD "axes: {heads_q: -8}\n", "run %s", "heads_q", 1},
    {"zero.yaml", GOOD_HEAD "axes: {batch: 0}\n", "run %s", "batch", 1},
    {"ratio.yaml", GOOD_HEAD "axes: {heads_q: 6, heads_kv: 4}\n", "run %s", "multiple", 1},
    {"blocksize.yaml", GOOD_HEAD "axes: {block_size: 48}\n", "run %s", "power of two", 1},
    {"method.yaml", "methods: [sparse_magic]\n", "run %s", "sparse_magic", 1},
    {"backend.yaml", "methods: [gqa]\nbackends: [tpu]\n", "run %s", "tpu", 1},
    {"nan.yaml", GOOD_HEAD "timing: {max_noise: .nan}\n", "run %s", "max_noise", 1},
    {"inf.yaml", GOOD_HEAD "axes: {index_noise: .inf}\n", "run %s", "index_noise", 1},
    {"dupkey.yaml", "methods: [gqa]\nmethods: [flash]\n", "run %s", "duplicate", 1},
    {"absurd.yaml", GOOD_HEAD "axes: {seq_len: 99999999999999999999999}\n", "run %s", "seq_len", 1},
    {"huge_n.yaml", GOOD_HEAD "axes: {seq_len: 33554432}\n", "run %s", "seq_len", 1},
    {"headdim.yaml", GOOD_HEAD "axes: {head_dim: 100}\n", "run %s", "head_dim", 1},
    {"decode_q.yaml", GOOD_HEAD "axes: {mode: decode, q_len: 9}\n", "run %s", "q_len", 1},
    {"range.yaml", GOOD_HEAD "axes: {seq_len: 1000..4096}\n", "run %s", "power", 1},
    {"zip.yaml", GOOD_HEAD "zip: {g: {topk: [1, 2], block_size: [32]}}\n", "run %s", "zip", 1},
    {"mem.yaml", GOOD_HEAD "limits: {memory: lots}\n", "run %s", "memory", 1},
    {"toplist.yaml", "- methods\n- gqa\n", "run %s", "toplist.yaml:", 1},
    {"empty.yaml", "", "run %s", "empty.yaml", 0},
    {"deep.yaml", GOOD_HEAD "axes: {seq_len: [[[[[[[[[[[[[[[[[[[[[[1]]]]]]]]]]]]]]]]]]]]]}\n",
     "run %s", "deep.yaml:", 1},
    {"missing_sweep", NULL, "run does_not_exist.yaml", "does_not_exist.yaml", 0},
    {"estimate_bad.yaml", GOOD_HEAD "axes: {heads_kv: 0}\n", "estimate %s", "heads_kv", 1},
    {"badopt", NULL, "run --frobnicate", "frobnicate", 0},
    {"noverb", NULL, "frobnicate", "unknown verb", 0},
    {"nofile", NULL, "run", "usage", 0},
};

static void check_no_sanitizer(const char *out) {
    assert_null(strstr(out, "AddressSanitizer"));
    assert_null(strstr(out, "runtime error:"));
    assert_null(strstr(out, "LeakSanitizer"));
}

static void test_bad_sweeps(void **state) {
    (void)state;
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        const struct bad_case *c = &cases[i];
        char path[512], words[256], outdir[600];
        snprintf(path, sizeof path, "%s/%s", tmpdir, c->name);
        if (c->content)
            write_file(path, c->content, strlen(c->content));
        snprintf(outdir, sizeof outdir, "%s/out_%zu", tmpdir, i);
        /* c->args split at spaces, %s = the fixture; -o OUTDIR after one */
        const char *argv[8];
        int n = 0;
        bool hole = false;
        snprintf(words, sizeof words, "%s", c->args);
        for (char *w = strtok(words, " "); w; w = strtok(NULL, " ")) {
            assert_true(n < 5);
            hole |= !strcmp(w, "%s");
            argv[n++] = !strcmp(w, "%s") ? c->name : w;
        }
        if (hole) {
            argv[n++] = "-o";
            argv[n++] = outdir;
        }
        argv[n] = NULL;
        char *out = NULL;
        int rc = run_cli(&out, argv);
        assert_non_null(out);
        if (rc == 0 || !strstr(out, c->expect)) {
            print_error("case %s: exit %d, output:\n%s\n(expected '%s')\n", c->name, rc, out,
                        c->expect);
            fail();
        }
        if (c->want_loc) {
            /* name:line:col: somewhere in the message */
            char pat[300];
            snprintf(pat, sizeof pat, "%s:", c->name);
            const char *p = strstr(out, pat);
            int line = 0, col = 0;
            if (!p || sscanf(p + strlen(pat), "%d:%d:", &line, &col) != 2 || line < 1 || col < 1) {
                print_error("case %s: no file:line:col in:\n%s\n", c->name, out);
                fail();
            }
        }
        check_no_sanitizer(out);
        char res[700];
        snprintf(res, sizeof res, "%s/results.csv", outdir);
        if (file_exists(res)) {
            print_error("case %s: left a results file behind\n", c->name);
            fail();
        }
        free(out);
    }
}

/* Bad data files: the sweep parses, every point fails with a reason naming the
 * problem, the run exits non-zero, and the results file holds whole failed rows. */
static void test_bad_npy(void **state) {
    (void)state;
    struct {
        const char *file, *descr, *shape;
        size_t bytes;
        const char *expect;
    } npys[] = {
        {"shape.npy", "<f4", "(64, 3, 32)", 64 * 3 * 32 * 4, "shape"},
        {"dtype.npy", "<i8", "(64, 2, 32)", 64 * 2 * 32 * 8, "dtype"},
        {"trunc.npy", "<f4", "(64, 2, 32)", 100, "truncat"},
        {"missing.npy", NULL, NULL, 0, "missing.npy"},
    };
    write_npy("/dev/null", "<f4", "(1,)", 0); /* exercise the writer once */
    char good[512];
    snprintf(good, sizeof good, "%s/good_k.npy", tmpdir);
    write_npy(good, "<f4", "(64, 2, 32)", 64 * 2 * 32 * 4);
    for (size_t i = 0; i < sizeof npys / sizeof npys[0]; i++) {
        char path[512], yaml[2048], yp[512], yname[64], od[600];
        snprintf(path, sizeof path, "%s/%s", tmpdir, npys[i].file);
        if (npys[i].descr)
            write_npy(path, npys[i].descr, npys[i].shape, npys[i].bytes);
        snprintf(yaml, sizeof yaml,
                 "methods: [gqa]\nbackends: [cpu]\n"
                 "axes: {seq_len: 64, heads_q: 4, heads_kv: 2, head_dim: 32, data: file}\n"
                 "file: {q: %s, k: good_k.npy, v: good_k.npy}\n"
                 "timing: {min_samples: 1, timeout_s: 1}\n",
                 npys[i].file);
        snprintf(yp, sizeof yp, "%s/npy_%zu.yaml", tmpdir, i);
        write_file(yp, yaml, strlen(yaml));
        snprintf(yname, sizeof yname, "npy_%zu.yaml", i);
        snprintf(od, sizeof od, "%s/npyout_%zu", tmpdir, i);
        char *out = NULL;
        int rc = RUN_CLI(&out, "run", yname, "-o", od, "--quiet");
        if (rc == 0 || !strstr(out, npys[i].expect)) {
            print_error("npy case %s: exit %d, output:\n%s\n", npys[i].file, rc, out);
            fail();
        }
        check_no_sanitizer(out);
        free(out);
    }
}

static void test_unwritable_output(void **state) {
    (void)state;
    char yp[512], *out = NULL;
    const char *y = GOOD_HEAD "axes: {seq_len: 64, head_dim: 32}\n";
    snprintf(yp, sizeof yp, "%s/ok.yaml", tmpdir);
    write_file(yp, y, strlen(y));
    int rc = RUN_CLI(&out, "run", "ok.yaml", "-o", "/proc/msabench_cannot_write");
    assert_int_not_equal(rc, 0);
    assert_non_null(strstr(out, "/proc/msabench_cannot_write"));
    check_no_sanitizer(out);
    free(out);
}

static void test_bad_csv_for_verbs(void **state) {
    (void)state;
    const char *csv = "sweep,key,method\nx,y,gqa\n";
    char p[512], *out = NULL;
    snprintf(p, sizeof p, "%s/thin.csv", tmpdir);
    write_file(p, csv, strlen(csv));
    int rc = RUN_CLI(&out, "compare", "thin.csv", "thin.csv");
    assert_int_not_equal(rc, 0);
    assert_non_null(strstr(out, "column"));
    check_no_sanitizer(out);
    free(out);
    rc = RUN_CLI(&out, "plot", "thin.csv", "-o", "thin_figs");
    assert_int_not_equal(rc, 0);
    assert_non_null(strstr(out, "column"));
    check_no_sanitizer(out);
    free(out);
    rc = RUN_CLI(&out, "compare", "nope.csv", "thin.csv");
    assert_int_not_equal(rc, 0);
    assert_non_null(strstr(out, "nope.csv"));
    free(out);
}

/* Host rows carry the floor measured beside them (compare --normalize); a
 * results file from before that column is refused by --resume, by name. */
static void test_floor_column(void **state) {
    (void)state;
    const char *y = "name: fl\nmethods: [gqa]\nbackends: [cpu]\n"
                    "axes: {seq_len: [64, 128], heads_q: 4, heads_kv: 2, head_dim: 32}\n"
                    "timing: {warmup_ms: 1, min_samples: 3, max_samples: 5, timeout_s: 2}\n";
    char yp[512], csv[600], dir[512], *out = NULL;
    snprintf(yp, sizeof yp, "%s/fl.yaml", tmpdir);
    write_file(yp, y, strlen(y));
    snprintf(dir, sizeof dir, "%s/fl", tmpdir);
    assert_int_equal(RUN_CLI(&out, "run", "fl.yaml", "-o", dir, "--quiet"), 0);
    free(out);
    snprintf(csv, sizeof csv, "%s/fl/results.csv", tmpdir);
    struct csv_table t = {0};
    assert_int_equal(csv_read(csv, &t), ATTN_OK);
    assert_int_equal(t.nrow, 2);
    for (size_t i = 0; i < t.nrow; i++) {
        double f = csv_num(&t, i, "floor_ms"), m = csv_num(&t, i, "median_ms");
        assert_true(f > 0 && isfinite(f));
        assert_true(m > 0 && isfinite(m));
    }
    csv_free(&t);
    /* the same file without its last column: an older version's */
    char *s = tu_read_all(csv), *w = s, *r = s;
    while (*r) {
        char *nl = strchr(r, '\n'), *end = nl ? nl : r + strlen(r), *c = end;
        while (c > r && *c != ',')
            c--;
        memmove(w, r, (size_t)(c - r));
        w += c - r;
        if (nl)
            *w++ = '\n';
        r = nl ? nl + 1 : end;
    }
    write_file(csv, s, (size_t)(w - s));
    free(s);
    assert_int_not_equal(RUN_CLI(&out, "run", "fl.yaml", "-o", dir, "--resume", "--quiet"), 0);
    assert_non_null(strstr(out, "older msabench"));
    assert_non_null(strstr(out, "fl/results.csv"));
    check_no_sanitizer(out);
    free(out);
}

/* ---- interrupted runs ---- */

static const char *slow_sweep =
    "name: interrupt\nmethods: [gqa, flash]\nbackends: [cpu]\n"
    "axes: {seq_len: [64, 128, 256, 512], heads_q: 4, heads_kv: 2, head_dim: 32,"
    " mode: [prefill, decode], q_len: 2}\n"
    "timing: {warmup_ms: 1, min_samples: 3, max_samples: 400, min_time_ms: 150, timeout_s: 2}\n"
    "validate: {rows: 2}\n";

/* Sorted identities (key|method|backend|variant) of whole rows; asserts every
 * line has the header's number of fields. */
static size_t row_ids(const char *path, char ids[][600], size_t max) {
    struct csv_table t = {0};
    if (csv_read(path, &t) != ATTN_OK) {
        print_error("%s\n", attn_last_error());
        fail();
    }
    size_t n = 0;
    for (size_t i = 0; i < t.nrow && n < max; i++, n++) {
        assert_true(strlen(csv_get(&t, i, "status")) > 0);
        snprintf(ids[n], 600, "%s|%s|%s|%s", csv_get(&t, i, "key"), csv_get(&t, i, "method"),
                 csv_get(&t, i, "backend"), csv_get(&t, i, "variant"));
    }
    csv_free(&t);
    qsort(ids, n, 600, (int (*)(const void *, const void *))strcmp);
    return n;
}

static void interrupt_and_resume(int sig) {
    char yp[512], dir[512], csv[600], ref[512], refcsv[600], *out = NULL;
    snprintf(yp, sizeof yp, "%s/interrupt.yaml", tmpdir);
    write_file(yp, slow_sweep, strlen(slow_sweep));
    /* uninterrupted reference */
    snprintf(ref, sizeof ref, "%s/int_ref_%d", tmpdir, sig);
    assert_int_equal(RUN_CLI(&out, "run", "interrupt.yaml", "-o", ref, "--quiet"), 0);
    free(out);
    snprintf(refcsv, sizeof refcsv, "%s/results.csv", ref);

    snprintf(dir, sizeof dir, "%s/int_%d", tmpdir, sig);
    snprintf(csv, sizeof csv, "%s/results.csv", dir);
    pid_t pid = tu_start(tmpdir, "/dev/null", 0, NULL,
                         (const char *[]){"run", "interrupt.yaml", "-o", dir, "--quiet", NULL});
    /* wait for a few finished rows (header + 3), then interrupt mid-run */
    for (int i = 0; i < 3000 && tu_count_lines(csv) < 4; i++)
        usleep(10000);
    kill(pid, sig);
    int wst = 0;
    waitpid(pid, &wst, 0);
    if (sig == SIGINT)
        assert_true(WIFEXITED(wst) && WEXITSTATUS(wst) == 130);
    else
        assert_true(WIFSIGNALED(wst));
    static char a[64][600], b[64][600];
    size_t na = row_ids(csv, a, 64), nref = row_ids(refcsv, b, 64);
    assert_true(na >= 3);
    assert_true(na < nref); /* it really was interrupted */
    assert_int_equal(RUN_CLI(&out, "run", "interrupt.yaml", "-o", dir, "--resume", "--quiet"), 0);
    free(out);
    na = row_ids(csv, a, 64);
    assert_int_equal(na, nref);
    for (size_t i = 0; i < na; i++)
        assert_string_equal(a[i], b[i]);
}

static void test_sigint_resume(void **state) {
    (void)state;
    interrupt_and_resume(SIGINT);
}

static void test_sigkill_resume(void **state) {
    (void)state;
    interrupt_and_resume(SIGKILL);
}

static int setup(void **state) {
    (void)state;
    snprintf(tmpdir, sizeof tmpdir, "/tmp/msabench_cli_XXXXXX");
    return mkdtemp(tmpdir) ? 0 : -1;
}

static int teardown(void **state) {
    (void)state;
    char cmd[300];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", tmpdir);
    return system(cmd) == 0 ? 0 : -1;
}

/* The body of a .npy written by npy_save (v1 header): *hdr gets the header text. */
static void *npy_body(const char *path, char *hdr, size_t hn, size_t *nbytes) {
    char *all = NULL;
    FILE *f = fopen(path, "rb");
    assert_non_null(f);
    fseek(f, 0, SEEK_END);
    long n = ftell(f);
    fseek(f, 0, SEEK_SET);
    all = malloc((size_t)n);
    assert_int_equal(fread(all, 1, (size_t)n, f), (size_t)n);
    fclose(f);
    const size_t hl = (size_t)(unsigned char)all[8] | (size_t)(unsigned char)all[9] << 8;
    snprintf(hdr, hn, "%.*s", (int)hl, all + 10);
    *nbytes = (size_t)n - 10 - hl;
    void *body = malloc(*nbytes);
    memcpy(body, all + 10 + hl, *nbytes);
    free(all);
    return body;
}

/* --export: the selection, inputs and output rows a FlexAttention peer reads
 * must be consistent: the float64 MSA main branch recomputed from the exported
 * q, k, v and selection matches the exported output rows (fp32 rule, 1e-5), and
 * every selection row is well formed (local block last, -1 only as padding). */
static void test_export(void **state) {
    (void)state;
    enum { HQ = 8, HKV = 2, D = 32, BK = 64, K = 3 };
    const int64_t ns[2] = {300, 517};
    char yp[512], *out = NULL, od[600], ed[600], path[1200], hdr[512];
    const char *y = "methods: [msa]\nbackends: [cpu]\n"
                    "axes: {seq_len: [300, 517], heads_q: 8, heads_kv: 2, head_dim: 32,\n"
                    "       index_dim: 32, block_size: 64, topk: 3, seed: 9}\n"
                    "timing: {min_samples: 1, max_samples: 2, timeout_s: 2}\nvalidate: {rows: 6}\n";
    snprintf(yp, sizeof yp, "%s/exp.yaml", tmpdir);
    write_file(yp, y, strlen(y));
    for (int rep = 0; rep < 2; rep++) { /* a second run leaves the export as it is */
        snprintf(od, sizeof od, "%s/exp_out%d", tmpdir, rep);
        snprintf(ed, sizeof ed, "%s/exp", tmpdir);
        int rc = RUN_CLI(&out, "run", "exp.yaml", "-o", od, "--export", ed, "--quiet");
        if (rc != 0)
            print_error("export run: exit %d\n%s\n", rc, out);
        assert_int_equal(rc, 0);
        free(out);
    }
    snprintf(path, sizeof path, "%s/exp/index.tsv", tmpdir);
    char *idx = tu_read_all(path);
    assert_non_null(idx);
    int lines = 0;
    for (char *l = idx; (l = strchr(l, '\n')) != NULL; l++)
        lines++;
    assert_int_equal(lines, 2); /* one per point, the second run added none */
    char *line = idx;
    for (int p = 0; p < 2; p++) {
        char tag[64], key[600], method[32], backend[32], variant[32], dtype[16];
        assert_int_equal(sscanf(line, "%63s %599s %31s %31s %31s %15s", tag, key, method, backend,
                                variant, dtype),
                         6);
        assert_string_equal(method, "msa");
        assert_string_equal(dtype, "f32");
        const int64_t n = strstr(key, "N517") ? 517 : 300;
        assert_true(n == ns[0] || n == ns[1]);
        size_t nb;
        snprintf(path, sizeof path, "%s/exp/%s/sel.npy", tmpdir, tag);
        int32_t *sel = npy_body(path, hdr, sizeof hdr, &nb);
        assert_int_equal(nb, (size_t)(HKV * n * K) * 4);
        assert_non_null(strstr(hdr, "'<i4'"));
        snprintf(path, sizeof path, "%s/exp/%s/q.npy", tmpdir, tag);
        float *q = npy_body(path, hdr, sizeof hdr, &nb);
        assert_int_equal(nb, (size_t)(n * HQ * D) * 4);
        snprintf(path, sizeof path, "%s/exp/%s/k.npy", tmpdir, tag);
        float *k = npy_body(path, hdr, sizeof hdr, &nb);
        snprintf(path, sizeof path, "%s/exp/%s/v.npy", tmpdir, tag);
        float *v = npy_body(path, hdr, sizeof hdr, &nb);
        assert_int_equal(nb, (size_t)(n * HKV * D) * 4);
        snprintf(path, sizeof path, "%s/exp/%s/rows.npy", tmpdir, tag);
        int64_t *rows = npy_body(path, hdr, sizeof hdr, &nb);
        const int64_t nr = (int64_t)(nb / 8);
        assert_int_equal(nr, 6);
        snprintf(path, sizeof path, "%s/exp/%s/o_rows.npy", tmpdir, tag);
        float *orow = npy_body(path, hdr, sizeof hdr, &nb);
        assert_int_equal(nb, (size_t)(nr * HQ * D) * 4);
        for (int64_t g = 0; g < HKV; g++)
            for (int64_t t = 0; t < n; t++) {
                const int32_t *r = sel + (g * n + t) * K;
                int valid = 0;
                while (valid < K && r[valid] >= 0)
                    valid++;
                for (int i = valid; i < K; i++)
                    assert_int_equal(r[i], -1);
                assert_true(valid >= 1);
                assert_int_equal(r[valid - 1], t / BK); /* local block last */
                for (int i = 0; i < valid - 1; i++)
                    assert_true(r[i] >= 0 && r[i] < t / BK);
            }
        double num = 0, den = 0;
        for (int64_t ri = 0; ri < nr; ri++) {
            const int64_t t = rows[ri];
            for (int h = 0; h < HQ; h++) {
                const int g = h / (HQ / HKV);
                const int32_t *r = sel + (g * n + t) * K;
                double m = -1e300, l = 0, acc[D] = {0};
                for (int pass = 0; pass < 2; pass++)
                    for (int i = 0; i < K && r[i] >= 0; i++)
                        for (int64_t j = (int64_t)r[i] * BK; j < (int64_t)r[i] * BK + BK && j <= t;
                             j++) {
                            double sc = 0;
                            for (int c = 0; c < D; c++)
                                sc += (double)q[(t * HQ + h) * D + c] * k[(j * HKV + g) * D + c];
                            sc /= sqrt((double)D);
                            if (pass == 0) {
                                m = sc > m ? sc : m;
                                continue;
                            }
                            const double w = exp(sc - m);
                            l += w;
                            for (int c = 0; c < D; c++)
                                acc[c] += w * v[(j * HKV + g) * D + c];
                        }
                for (int c = 0; c < D; c++) {
                    const double want = acc[c] / l, got = orow[(ri * HQ + h) * D + c];
                    assert_false(got != got);
                    num += (got - want) * (got - want);
                    den += want * want;
                }
            }
        }
        assert_true(den > 0);
        if (sqrt(num / den) > 1e-5)
            print_error("export N=%lld: output rows vs recomputation rel L2 %.3g\n", (long long)n,
                        sqrt(num / den));
        assert_true(sqrt(num / den) <= 1e-5);
        free(sel), free(q), free(k), free(v), free(rows), free(orow);
        line = strchr(line, '\n') + 1;
    }
    free(idx);
    snprintf(ed, sizeof ed, "%s/exp2", tmpdir);
    assert_int_equal(RUN_CLI(&out, "run", "exp.yaml", "--gpus", "0", "--export", ed), 2);
    assert_non_null(strstr(out, "--export"));
    free(out);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_export),
        cmocka_unit_test(test_bad_sweeps),
        cmocka_unit_test(test_bad_npy),
        cmocka_unit_test(test_unwritable_output),
        cmocka_unit_test(test_bad_csv_for_verbs),
        cmocka_unit_test(test_floor_column),
        cmocka_unit_test(test_sigint_resume),
        cmocka_unit_test(test_sigkill_resume),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
