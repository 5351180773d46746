/* test_sweep.c - the YAML sweep loader: good files expand to the expected
 * points; every bad file (tests/data/sweeps/bad_*.yaml) reports the errors its
 * "# expect: LINE:COL: text" comments list, at exactly that place. */
#include "runner.h"
#include "sweep.h"
#include "testutil.h"

#include <dirent.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* Loads a fixture; returns the status, the error text in *errs (malloc'd). */
static enum attn_status load_fixture(const char *name, struct sweep_spec *s, char **errs) {
    char path[1024];
    size_t n = 0;
    snprintf(path, sizeof path, "%s", tu_src_path("tests/data/sweeps"));
    strncat(path, "/", sizeof path - strlen(path) - 1);
    strncat(path, name, sizeof path - strlen(path) - 1);
    FILE *err = open_memstream(errs, &n);
    assert_non_null(err);
    enum attn_status st = sweep_load(path, s, err);
    fclose(err);
    return st;
}

static enum attn_status load_text(const char *name, const char *text, struct sweep_spec *s,
                                  char **errs) {
    size_t n = 0;
    FILE *err = open_memstream(errs, &n);
    assert_non_null(err);
    enum attn_status st = sweep_load_buffer(name, text, strlen(text), s, err);
    fclose(err);
    return st;
}

static void expect_ok(const char *name, struct sweep_spec *s) {
    char *errs = NULL;
    enum attn_status st = load_fixture(name, s, &errs);
    if (st != ATTN_OK)
        print_error("%s: %s\n%s", name, attn_status_str(st), errs);
    assert_int_equal(st, ATTN_OK);
    assert_string_equal(errs, "");
    free(errs);
}

static size_t count_lines(const char *s) {
    size_t n = 0;
    for (; *s; s++)
        n += *s == '\n';
    return n;
}

/* True when errs holds a line "<anything>:line:col: ...sub...". */
static bool has_error(const char *errs, int line, int col, const char *sub) {
    char pos[32];
    snprintf(pos, sizeof pos, ":%d:%d: ", line, col);
    for (const char *l = errs; *l;) {
        const char *end = strchr(l, '\n');
        size_t len = end ? (size_t)(end - l) : strlen(l);
        char buf[1024];
        snprintf(buf, sizeof buf, "%.*s", (int)len, l);
        const char *p = strstr(buf, pos);
        if (p && strstr(p + strlen(pos), sub))
            return true;
        l += len + (end ? 1 : 0);
    }
    return false;
}

static bool points_has(const struct sweep_spec *s, const char *key) {
    char buf[1024];
    for (size_t i = 0; i < s->n_points; i++) {
        sweep_point_key(&s->points[i], buf, sizeof buf);
        if (!strcmp(buf, key))
            return true;
    }
    return false;
}

/* ---------------------------------------------------------------- good -- */

static void test_defaults(void **state) {
    (void)state;
    struct sweep_spec s;
    sweep_defaults(&s);
    assert_close(s.timing.warmup_ms, 25, 0, 0);
    assert_int_equal(s.timing.min_samples, 10);
    assert_int_equal(s.timing.max_samples, 200);
    assert_close(s.timing.max_noise, 0.03, 0, 0);
    assert_close(s.timing.timeout_s, 10, 0, 0);
    assert_int_equal(s.validate_rows, 16);
    assert_true(s.recall_enabled);
    assert_int_equal(s.recall_rows, 256);
    assert_int_equal(s.recall_all_rows_below, 4096);
    assert_close(s.cpu_max_seconds, 30, 0, 0);
    assert_int_equal(s.n_backends, 2);
    assert_string_equal(s.backends[0], "ref");
    assert_string_equal(s.backends[1], "cpu");
    assert_null(s.points);
}

static uint64_t fnv(const char *p, size_t n) {
    uint64_t h = 14695981039346656037ull;
    for (size_t i = 0; i < n; i++)
        h = (h ^ (unsigned char)p[i]) * 1099511628211ull;
    return h;
}

static void test_good_defaults(void **state) {
    (void)state;
    struct sweep_spec s;
    expect_ok("good_defaults.yaml", &s);
    assert_string_equal(s.name, "good_defaults");
    assert_int_equal(s.n_methods, 1);
    assert_string_equal(s.methods[0], "gqa");
    assert_int_equal(s.n_variants, 0);
    assert_string_equal(s.output_dir, ""); /* main.c adds the timestamped default */
    assert_int_equal(s.n_points, 1);
    char key[512];
    sweep_point_key(&s.points[0], key, sizeof key);
    assert_string_equal(key, "prefill,c1,B1,N1024,q1024,hq8,hkv2,d64,di64,bk64,k8,bbw3,bbg2,bbr3,"
                             "pfm0,pfc64,normal,noise0,s1,auto");
    assert_int_equal(s.points[0].params.seed, 1);
    assert_int_equal(s.points[0].data.seed, 1);
    /* hash: FNV-1a 64 of the bytes "methods: gqa\n" */
    char want[17];
    snprintf(want, sizeof want, "%016llx", (unsigned long long)fnv("methods: gqa\n", 13));
    assert_string_equal(s.hash, want);
    assert_non_null(strstr(s.path, "good_defaults.yaml"));
    sweep_free(&s);
}

static void test_good_basic(void **state) {
    (void)state;
    struct sweep_spec s;
    expect_ok("good_basic.yaml", &s);
    assert_string_equal(s.name, "basic");
    assert_int_equal(s.n_methods, 3);
    assert_string_equal(s.methods[2], "flash");
    assert_int_equal(s.n_points, 4);
    for (size_t i = 0; i < s.n_points; i++) {
        const struct attn_shape *sh = &s.points[i].shape;
        assert_int_equal(sh->heads_kv, 2);
        assert_int_equal(sh->q_len, sh->seq_len);
        assert_true(sh->causal);
    }
    assert_true(points_has(&s, "prefill,c1,B1,N512,q512,hq16,hkv2,d64,di64,bk64,k8,bbw3,bbg2,"
                               "bbr3,pfm0,pfc64,normal,noise0,s1,auto"));
    assert_true(points_has(&s, "prefill,c1,B1,N256,q256,hq8,hkv2,d64,di64,bk64,k8,bbw3,bbg2,"
                               "bbr3,pfm0,pfc64,normal,noise0,s1,auto"));
    sweep_free(&s);
    assert_null(s.points);
    assert_int_equal(s.n_points, 0);
}

static void test_good_range(void **state) {
    (void)state;
    struct sweep_spec s;
    expect_ok("good_range.yaml", &s);
    assert_int_equal(s.n_points, 15);
    int seen_n = 0, seen_bk = 0;
    for (size_t i = 0; i < s.n_points; i++) {
        int64_t n = s.points[i].shape.seq_len;
        int32_t bk = s.points[i].params.block_size;
        assert_true(n >= 1024 && n <= 16384 && (n & (n - 1)) == 0);
        assert_true(bk == 32 || bk == 64 || bk == 128);
        seen_n |= (int)(n >> 10);
        seen_bk |= bk;
    }
    assert_int_equal(seen_n, 1 | 2 | 4 | 8 | 16);
    assert_int_equal(seen_bk, 32 | 64 | 128);
    sweep_free(&s);
}

static void test_good_zip(void **state) {
    (void)state;
    struct sweep_spec s;
    expect_ok("good_zip.yaml", &s);
    assert_int_equal(s.n_points, 6); /* 2 seq_len x 3 zipped pairs, not 2 x 3 x 3 */
    for (size_t i = 0; i < s.n_points; i++) {
        int32_t bk = s.points[i].params.block_size, k = s.points[i].params.topk;
        assert_true((bk == 32 && k == 32) || (bk == 64 && k == 16) || (bk == 128 && k == 8));
    }
    sweep_free(&s);

    /* Zipped heads: (8,2) and (6,3) are fine; the cartesian (6,2) is never made. */
    char *errs = NULL;
    assert_int_equal(load_text("zip_heads.yaml",
                               "methods: [gqa]\n"
                               "zip: {h: {heads_q: [8, 6], heads_kv: [2, 3]}}\n",
                               &s, &errs),
                     ATTN_OK);
    assert_string_equal(errs, "");
    free(errs);
    assert_int_equal(s.n_points, 2);
    assert_int_equal(s.points[1].shape.heads_q, 6);
    assert_int_equal(s.points[1].shape.heads_kv, 3);
    sweep_free(&s);
}

static void test_good_include(void **state) {
    (void)state;
    struct sweep_spec s;
    expect_ok("good_include.yaml", &s);
    /* 2 axes points + 3 includes, one of which equals an axes point. */
    assert_int_equal(s.n_points, 4);
    /* Unset keys take the axes' first values: heads_kv 4 here. */
    assert_true(points_has(&s, "prefill,c1,B1,N65536,q65536,hq32,hkv4,d64,di64,bk64,k8,bbw3,"
                               "bbg2,bbr3,pfm0,pfc64,normal,noise0,s1,auto"));
    assert_true(points_has(&s, "decode,c1,B1,N2048,q4,hq16,hkv4,d64,di64,bk64,k8,bbw3,bbg2,bbr3,"
                               "pfm0,pfc64,normal,noise0,s1,auto"));
    assert_int_equal(s.points[s.n_points - 1].shape.mode, ATTN_DECODE);
    sweep_free(&s);
}

static void test_prefill_dedupe(void **state) {
    (void)state;
    struct sweep_spec s;
    expect_ok("good_prefill_dedupe.yaml", &s);
    /* prefill: 2 seq_len (q_len forced); decode: 2 x 3 */
    assert_int_equal(s.n_points, 8);
    int prefill = 0;
    for (size_t i = 0; i < s.n_points; i++) {
        const struct attn_shape *sh = &s.points[i].shape;
        if (sh->mode == ATTN_PREFILL) {
            prefill++;
            assert_int_equal(sh->q_len, sh->seq_len);
        } else {
            assert_true(sh->q_len == 1 || sh->q_len == 4 || sh->q_len == 8);
        }
        assert_null(attn_shape_check(sh, &s.points[i].params));
    }
    assert_int_equal(prefill, 2);
    sweep_free(&s);
}

static void test_good_full(void **state) {
    (void)state;
    struct sweep_spec s;
    expect_ok("good_full.yaml", &s);
    assert_string_equal(s.name, "everything-1");
    assert_int_equal(s.n_methods, 3);
    assert_int_equal(s.n_backends, 2);
    assert_string_equal(s.backends[1], "cuda");
    assert_int_equal(s.n_variants, 1);
    assert_string_equal(s.variants[0], "kv_outer");
    assert_close(s.timing.warmup_ms, 50, 0, 0);
    assert_int_equal(s.timing.min_samples, 5);
    assert_int_equal(s.timing.max_samples, 50);
    assert_close(s.timing.min_time_ms, 100, 0, 0);
    assert_close(s.timing.max_noise, 0.05, 0, 0);
    assert_close(s.timing.timeout_s, 20, 0, 0);
    assert_close(s.mem_limit, 8.0 * 1024 * 1024 * 1024, 0, 0);
    assert_close(s.dev_mem_limit, 60.0 * 1024 * 1024 * 1024, 0, 0);
    assert_close(s.cpu_max_seconds, 12.5, 0, 0);
    assert_int_equal(s.validate_rows, 32);
    assert_false(s.recall_enabled);
    assert_int_equal(s.recall_rows, 128);
    assert_int_equal(s.recall_all_rows_below, 2048);
    assert_string_equal(s.output_dir, "/tmp/msabench-out");
    assert_int_equal(s.n_points, 4); /* causal x index_noise */
    const struct sweep_point *p = &s.points[0];
    assert_int_equal(p->shape.mode, ATTN_DECODE);
    assert_int_equal(p->shape.batch, 2);
    assert_int_equal(p->shape.q_len, 8);
    assert_int_equal(p->shape.heads_q, 64);
    assert_int_equal(p->shape.head_dim, 128);
    assert_int_equal(p->shape.index_dim, 32);
    assert_int_equal(p->params.block_size, 128);
    assert_int_equal(p->params.topk, 16);
    assert_int_equal(p->params.bb_window, 5);
    assert_int_equal(p->params.bb_global, 1);
    assert_int_equal(p->params.bb_random, 0);
    assert_int_equal(p->params.pf_features, 256);
    assert_int_equal(p->params.pf_chunk, 128);
    assert_int_equal(p->params.seed, 7);
    assert_int_equal(p->dtype, SWEEP_DTYPE_BF16);
    assert_int_equal(p->data.kind, DATA_STRUCTURED);
    assert_true(points_has(&s, "decode,c0,B2,N4096,q8,hq64,hkv4,d128,di32,bk128,k16,bbw5,bbg1,"
                               "bbr0,pfm256,pfc128,structured,noise0.25,s7,bf16"));
    sweep_free(&s);
}

static void test_good_file(void **state) {
    (void)state;
    struct sweep_spec s;
    char want[1024];
    expect_ok("good_file.yaml", &s);
    assert_int_equal(s.n_points, 1);
    const struct data_spec *d = &s.points[0].data;
    assert_int_equal(d->kind, DATA_FILE);
    /* relative paths resolve against the sweep file's directory */
    snprintf(want, sizeof want, "%s/npy/q.npy", tu_src_path("tests/data/sweeps"));
    assert_string_equal(d->q_path, want);
    snprintf(want, sizeof want, "%s/npy/k.npy", tu_src_path("tests/data/sweeps"));
    assert_string_equal(d->k_path, want);
    assert_string_equal(d->v_path, "/abs/v.npy");
    assert_string_equal(d->qidx_path, "");
    char key[1024];
    sweep_point_key(&s.points[0], key, sizeof key);
    assert_non_null(strstr(key, ",file,"));
    assert_int_equal(strcmp(key + strlen(key) - 8, ",q=q.npy"), 0);
    assert_close(s.mem_limit, 512.0 * 1024 * 1024, 0, 0);
    assert_close(s.dev_mem_limit, 2e9, 0, 0);
    sweep_free(&s);
}

/* `file:` as a list of named entries: every axis point once per entry, the
 * name in the key, paths resolved per entry. */
static void test_file_list(void **state) {
    (void)state;
    struct sweep_spec s;
    char *errs = NULL;
    const char *text = "methods: [msa]\naxes: {data: file, seq_len: 2048, block_size: [32, 64]}\n"
                       "file:\n"
                       "  - {name: L03, q: a/L03_q.npy, k: a/L03_k.npy, v: a/L03_v.npy}\n"
                       "  - {name: L03-fit, q: a/L03_q.npy, k: a/L03_k.npy, v: a/L03_v.npy,\n"
                       "     qidx: f/qidx.npy, kidx: f/kidx.npy}\n"
                       "  - {name: L14, q: /x/L14_q.npy, k: /x/L14_k.npy, v: /x/L14_v.npy}\n";
    enum attn_status st = load_text("dir/list.yaml", text, &s, &errs);
    if (st != ATTN_OK)
        print_error("%s", errs);
    assert_int_equal(st, ATTN_OK);
    free(errs);
    assert_int_equal(s.n_points, 6);
    const char *names[3] = {"L03", "L03-fit", "L14"};
    for (size_t i = 0; i < 6; i++) {
        const struct sweep_point *p = &s.points[i];
        char key[1024], want[64];
        assert_string_equal(p->file_name, names[i / 2]);
        assert_int_equal(p->params.block_size, i % 2 ? 64 : 32);
        sweep_point_key(p, key, sizeof key);
        snprintf(want, sizeof want, ",file=%s", names[i / 2]);
        assert_int_equal(strcmp(key + strlen(key) - strlen(want), want), 0);
    }
    assert_string_equal(s.points[0].data.q_path, "dir/a/L03_q.npy");
    assert_string_equal(s.points[0].data.qidx_path, "");
    assert_string_equal(s.points[2].data.qidx_path, "dir/f/qidx.npy");
    assert_string_equal(s.points[2].data.kidx_path, "dir/f/kidx.npy");
    assert_string_equal(s.points[4].data.v_path, "/x/L14_v.npy");
    sweep_free(&s);
}

static void test_sizes(void **state) {
    (void)state;
    static const struct {
        const char *text;
        double bytes;
    } cases[] = {{"1024", 1024},    {"2GB", 2e9},  {"512MiB", 536870912.0},
                 {"1.5 KiB", 1536}, {"3TB", 3e12}, {"7B", 7}};
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char text[128], *errs = NULL;
        struct sweep_spec s;
        snprintf(text, sizeof text, "methods: gqa\nlimits: {memory: %s}\n", cases[i].text);
        assert_int_equal(load_text("sizes.yaml", text, &s, &errs), ATTN_OK);
        free(errs);
        assert_close(s.mem_limit, cases[i].bytes, 0, 0);
        sweep_free(&s);
    }
}

/* ----------------------------------------------------------------- bad -- */

/* Every bad_*.yaml: parse error, nothing left in the spec, and each
 * "# expect: L:C: text" line found at exactly L:C. */
static void test_bad_files(void **state) {
    (void)state;
    const char *dir = tu_src_path("tests/data/sweeps");
    char dirbuf[1024];
    snprintf(dirbuf, sizeof dirbuf, "%s", dir);
    DIR *dp = opendir(dirbuf);
    assert_non_null(dp);
    int n_files = 0, failures = 0;
    struct dirent *de;
    while ((de = readdir(dp))) {
        const char *nm = de->d_name;
        size_t len = strlen(nm);
        if (strncmp(nm, "bad_", 4) != 0 || len < 5 || strcmp(nm + len - 5, ".yaml") != 0)
            continue;
        n_files++;
        char path[2048], line[1024], *errs = NULL;
        snprintf(path, sizeof path, "%s/%s", dirbuf, nm);
        struct sweep_spec s;
        memset(&s, 0x5a, sizeof s);
        enum attn_status st = load_fixture(nm, &s, &errs);
        bool bad = false;
        if (st != ATTN_ERR_PARSE) {
            print_error("%s: status %s, want parse error\n", nm, attn_status_str(st));
            bad = true;
        }
        if (s.points != NULL || s.n_points != 0 || s.n_methods != 0) {
            print_error("%s: spec not freed and zeroed\n", nm);
            bad = true;
        }
        FILE *f = fopen(path, "r");
        assert_non_null(f);
        int n_expect = 0;
        long want_count = -1;
        while (fgets(line, sizeof line, f)) {
            int l, c, off = 0;
            line[strcspn(line, "\n")] = '\0';
            if (sscanf(line, "# expect-count: %ld", &want_count) == 1)
                continue;
            if (sscanf(line, "# expect: %d:%d: %n", &l, &c, &off) < 2 || off == 0)
                continue;
            n_expect++;
            if (!has_error(errs, l, c, line + off)) {
                print_error("%s: missing %d:%d: %s\n", nm, l, c, line + off);
                bad = true;
            }
        }
        fclose(f);
        if (n_expect == 0) {
            print_error("%s: no '# expect:' line\n", nm);
            bad = true;
        }
        if (want_count >= 0 && (long)count_lines(errs) != want_count) {
            print_error("%s: %zu errors, want %ld\n", nm, count_lines(errs), want_count);
            bad = true;
        }
        if (bad)
            print_error("---- %s reported:\n%s----\n", nm, errs), failures++;
        free(errs);
    }
    closedir(dp);
    assert_int_equal(failures, 0);
    assert_true(n_files >= 20);
}

static void test_multi_errors_sorted(void **state) {
    (void)state;
    struct sweep_spec s;
    char *errs = NULL;
    assert_int_equal(load_fixture("bad_multi.yaml", &s, &errs), ATTN_ERR_PARSE);
    /* all eight, sorted by position */
    assert_int_equal(count_lines(errs), 8);
    int prev = 0;
    for (const char *l = errs; *l; l = strchr(l, '\n') + 1) {
        const char *p = strstr(l, ".yaml:");
        assert_non_null(p);
        int line = atoi(p + 6);
        assert_true(line >= prev);
        prev = line;
    }
    /* attn_last_error names the first one */
    assert_non_null(strstr(attn_last_error(), "bad_multi.yaml:11:11"));
    free(errs);
}

static void test_missing_file(void **state) {
    (void)state;
    struct sweep_spec s;
    char *errs = NULL;
    assert_int_equal(load_fixture("no_such_file.yaml", &s, &errs), ATTN_ERR_IO);
    assert_non_null(strstr(errs, "no_such_file.yaml"));
    assert_non_null(strstr(attn_last_error(), "no_such_file.yaml"));
    assert_null(s.points);
    free(errs);
    /* a directory is unreadable too */
    assert_int_equal(load_fixture("", &s, &errs), ATTN_ERR_IO);
    free(errs);
}

static void test_huge(void **state) {
    (void)state;
    size_t n = ((size_t)1 << 20) + 1;
    char *buf = malloc(n), *errs = NULL, path[] = "/tmp/msabench_sweep_XXXXXX";
    struct sweep_spec s;
    size_t elen = 0;
    assert_non_null(buf);
    memset(buf, '#', n); /* one giant comment: valid YAML, but too big */
    FILE *err = open_memstream(&errs, &elen);
    assert_int_equal(sweep_load_buffer("huge.yaml", buf, n, &s, err), ATTN_ERR_PARSE);
    fclose(err);
    assert_true(has_error(errs, 1, 1, "larger than 1 MiB"));
    free(errs);
    /* and from a file */
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    assert_int_equal(write(fd, buf, n), (ssize_t)n);
    close(fd);
    err = open_memstream(&errs, &elen);
    assert_int_equal(sweep_load(path, &s, err), ATTN_ERR_PARSE);
    fclose(err);
    assert_true(has_error(errs, 1, 1, "larger than 1 MiB"));
    unlink(path);
    free(errs);
    free(buf);
}

static void test_deep_buffer(void **state) {
    (void)state;
    size_t depth = 200000;
    char *buf = malloc(2 * depth + 32), *errs = NULL;
    struct sweep_spec s;
    assert_non_null(buf);
    size_t j = (size_t)sprintf(buf, "methods: ");
    for (size_t i = 0; i < depth; i++)
        buf[j++] = '[';
    for (size_t i = 0; i < depth; i++)
        buf[j++] = ']';
    buf[j] = '\0';
    /* root map = level 1, so the 16th '[' (column 10 + 15) is level 17 */
    assert_int_equal(load_text("deep.yaml", buf, &s, &errs), ATTN_ERR_PARSE);
    assert_true(has_error(errs, 1, 25, "nesting deeper than 16 levels"));
    assert_int_equal(count_lines(errs), 1);
    free(errs);
    free(buf);
}

static void test_error_cap(void **state) {
    (void)state;
    /* 300 distinct unknown keys: 200 shown, then a count of the rest */
    char *buf = malloc(300 * 16 + 32), *errs = NULL;
    struct sweep_spec s;
    size_t j = (size_t)sprintf(buf, "methods: gqa\n");
    for (int i = 0; i < 300; i++)
        j += (size_t)sprintf(buf + j, "k%d: 1\n", i);
    assert_int_equal(load_text("many.yaml", buf, &s, &errs), ATTN_ERR_PARSE);
    assert_int_equal(count_lines(errs), 201);
    assert_non_null(strstr(errs, "100 more errors not shown"));
    assert_true(has_error(errs, 2, 1, "unknown key 'k0'"));
    free(errs);
    free(buf);
}

/* Small inline cases for the rarer messages. */
static void test_inline_errors(void **state) {
    (void)state;
    static const struct {
        const char *text;
        int line, col;
        const char *msg;
    } cases[] = {
        {"methods: gqa\nname: \"a\\0b\"\n", 2, 7, "a NUL character is not allowed"},
        {"methods: gqa\ninclude: [{seq_len: 64..128}]\n", 2, 21,
         "takes a single value, not a range"},
        {"methods: gqa\ninclude: []\n", 2, 10, "include: empty list"},
        {"methods: gqa\ninclude: [{}]\n", 2, 11, "include: empty entry"},
        {"methods: gqa\nzip: {}\n", 2, 6, "zip: empty mapping"},
        {"methods: gqa\nzip: {g: {}}\n", 2, 10, "zip group 'g': empty"},
        {"methods: gqa\nzip: [1]\n", 2, 6, "zip: expected a mapping of named groups"},
        {"methods: gqa\nrecall: {all_rows_below: -1}\n", 2, 26, "must be at least 0, got -1"},
        {"methods: gqa\nrecall: {enabled: 1}\n", 2, 19, "recall.enabled: expected true or false"},
        {"methods: gqa\nvalidate: {rows: 0}\n", 2, 18, "validate.rows must be positive, got 0"},
        {"methods: gqa\noutput: {dir: ''}\n", 2, 15, "output.dir: empty string"},
        {"methods: gqa\nlimits: {memory: .inf}\n", 2, 18, "non-finite number"},
        {"methods: gqa\nlimits: {memory: 1e300TiB}\n", 2, 18, "is too large"},
        {"methods: gqa\nlimits: {memory: lots}\n", 2, 18, "expected a size such as 8GiB"},
        {"methods: gqa\naxes: {seed: 99999999999999999999}\n", 2, 14, "is too large"},
        {"methods: gqa\naxes: {seq_len: 4.5}\n", 2, 17, "expected an integer, got '4.5'"},
        {"methods: gqa\naxes: {index_noise: -0.1}\n", 2, 21, "index_noise must be >= 0"},
        {"methods: gqa\naxes: {seq_len: {a: 1}}\n", 2, 17, "expected a value, a list or a range"},
        {"methods: gqa\naxes: {seq_len: [[1]]}\n", 2, 18, "seq_len: expected a value, got a list"},
        {"methods: gqa\naxes: {block_size: 1..2147483648}\n", 2, 20,
         "block_size 2147483648 is too large"},
        {"methods: gqa\naxes: {bb_window: 0, bb_global: -1}\n", 2, 19,
         "bb_window must be at least 1"},
        {"methods: gqa\naxes: {bb_window: 0, bb_global: -1}\n", 2, 33, "bb_global must be >= 0"},
        {"methods: [gqa, gqa]\n", 1, 16, "'gqa' is listed twice"},
        {"methods: gqa\n[a]: 1\n", 2, 1, "keys must be names"},
        {"methods: gqa\nfile: {q: q, k: k, v: v, w: w}\n", 2, 26, "unknown key 'w' in file"},
        {"methods: gqa\nfile: []\n", 2, 7, "file: a list needs 1 to 32 entries, got 0"},
        {"methods: gqa\nfile: [{q: q, k: k, v: v}, {name: b, q: q, k: k, v: v}]\n", 2, 8,
         "file entry 1 needs a name"},
        {"methods: gqa\nfile: [{name: a, q: q, k: k, v: v}, {name: a, q: q, k: k, v: v}]\n", 2, 37,
         "file entry 2: name 'a' repeats entry 1"},
        {"methods: gqa\nfile: [{name: a, q: q, k: k}]\n", 2, 8,
         "file entry 1 needs q, k and v (missing: v)"},
        {"methods: gqa\nfile: [{name: 'a b', q: q, k: k, v: v}]\n", 2, 15,
         "file.name 'a b' may only hold"},
        {"methods: gqa\nfile: [1]\n", 2, 8, "file: expected a mapping"},
        {"methods: gqa\n\xff\n", 2, 1, "invalid input"},
        {"methods: gqa\ninclude:\n  - {seq_len: 64}\n  - {seq_len: 64, mode: decode, q_len: 9}\n",
         4, 40, "q_len 9 is outside 1..8 in decode"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        struct sweep_spec s;
        char *errs = NULL;
        enum attn_status st = load_text("inline.yaml", cases[i].text, &s, &errs);
        bool ok =
            st == ATTN_ERR_PARSE && has_error(errs, cases[i].line, cases[i].col, cases[i].msg);
        if (!ok)
            print_error("case %zu: want %d:%d: %s\ngot (%s):\n%s", i, cases[i].line, cases[i].col,
                        cases[i].msg, attn_status_str(st), errs);
        free(errs);
        assert_true(ok);
    }
}

/* More than 32 methods, a resolved path too long, includes past the point cap. */
static void test_limits(void **state) {
    (void)state;
    struct sweep_spec s;
    char *buf = malloc(1000000), *errs = NULL; /* < 1 MiB of YAML */
    size_t j = (size_t)sprintf(buf, "methods: gqa\nvariants: [");
    for (int i = 0; i < 33; i++)
        j += (size_t)sprintf(buf + j, "%sv%d", i ? ", " : "", i);
    j += (size_t)sprintf(buf + j, "]\nfile: {q: ");
    for (int i = 0; i < 600; i++)
        buf[j++] = 'x';
    j += (size_t)sprintf(buf + j, ", k: k, v: v}\n");
    assert_int_equal(load_text("dir/limits.yaml", buf, &s, &errs), ATTN_ERR_PARSE);
    assert_true(has_error(errs, 2, 162, "variants: more than 32 entries"));
    assert_true(has_error(errs, 3, 11, "file.q: too long"));
    free(errs);
    /* 99999 axis points + 2 includes > 100000 */
    j = (size_t)sprintf(buf, "methods: gqa\naxes:\n  seed: [");
    for (int i = 0; i < 99999; i++)
        j += (size_t)sprintf(buf + j, "%s%d", i ? "," : "", i);
    sprintf(buf + j, "]\ninclude: [{seed: 100000}, {seed: 100001}]\n");
    assert_int_equal(load_text("cap.yaml", buf, &s, &errs), ATTN_ERR_PARSE);
    assert_true(has_error(errs, 3, 3, "expands to 100001 points, more than 100000"));
    free(errs);
    /* exactly 100000 is fine */
    sprintf(buf + j, "]\ninclude: [{seed: 100000}]\n");
    assert_int_equal(load_text("cap.yaml", buf, &s, &errs), ATTN_OK);
    assert_int_equal(s.n_points, 100000);
    sweep_free(&s);
    free(errs);
    free(buf);
}

static void test_every_combination_checked(void **state) {
    (void)state;
    struct sweep_spec s;
    char *errs = NULL;
    /* The include point takes heads_q 4 (the axis's first value) with its own
     * heads_kv 8: reported inside the include entry, at the 8. */
    assert_int_equal(load_text("combo.yaml",
                               "methods: gqa\n"
                               "axes: {heads_q: [4, 12], heads_kv: 4}\n"
                               "include:\n"
                               "  - {heads_kv: 8}\n",
                               &s, &errs),
                     ATTN_ERR_PARSE);
    assert_true(has_error(errs, 4, 16, "heads_q 4 is not a multiple of heads_kv 8"));
    assert_int_equal(count_lines(errs), 1);
    free(errs);
    /* decode q_len against every seq_len, reported at q_len */
    assert_int_equal(load_text("combo2.yaml",
                               "methods: gqa\n"
                               "axes: {mode: decode, seq_len: [2, 16], q_len: [1, 4]}\n",
                               &s, &errs),
                     ATTN_ERR_PARSE);
    assert_true(has_error(errs, 2, 51, "q_len 4 exceeds seq_len 2 in decode"));
    assert_int_equal(count_lines(errs), 1);
    free(errs);
}

static void test_shape_guard(void **state) {
    (void)state;
    struct sweep_spec s;
    char *errs = NULL;
    /* every value is fine alone but the tensor size overflows int64 */
    assert_int_equal(load_text("overflow.yaml",
                               "methods: gqa\n"
                               "axes: {batch: 2147483647, seq_len: 16777216, heads_q: 2147483647,"
                               " heads_kv: 1, head_dim: 256}\n",
                               &s, &errs),
                     ATTN_ERR_PARSE);
    assert_true(has_error(errs, 2, 7, "tensor size overflows int64"));
    free(errs);
}

static void test_null_err_stream(void **state) {
    (void)state;
    struct sweep_spec s;
    const char *text = "methods: [nope]\n";
    assert_int_equal(sweep_load_buffer("x.yaml", text, strlen(text), &s, NULL), ATTN_ERR_PARSE);
    assert_non_null(strstr(attn_last_error(), "unknown method 'nope'"));
    assert_int_equal(sweep_load_buffer("dir/sub/my.sweep.yaml", "methods: msa", 12, &s, NULL),
                     ATTN_OK);
    assert_string_equal(s.name, "my.sweep");
    sweep_free(&s);
}

/* "method/variant" entries restrict only their method (runner.c variant_wanted). */
static void test_variants_per_method(void **state) {
    (void)state;
    struct sweep_spec s;
    char *errs = NULL;
    const char *text = "methods: [nsa, moba]\nbackends: [ref, cpu]\nvariants: [nsa/blas]\n";
    assert_int_equal(load_text("v.yaml", text, &s, &errs), ATTN_OK);
    free(errs);
    const struct attn_impl *im[16];
    const size_t n = runner_select(&s, im, 16);
    size_t nsa = 0, moba = 0;
    for (size_t i = 0; i < n; i++) {
        if (!strcmp(im[i]->method, "nsa")) {
            assert_string_equal(im[i]->variant, "blas");
            nsa++;
        }
        moba += !strcmp(im[i]->method, "moba");
    }
    assert_int_equal(nsa, 1);
    assert_int_equal(moba, 2); /* no entry for moba, no plain name: all of its variants */
    sweep_free(&s);
    /* a plain name applies to the methods without an entry of their own */
    text = "methods: [nsa, moba]\nbackends: [ref, cpu]\nvariants: [nsa/blas, nope]\n";
    assert_int_equal(load_text("v.yaml", text, &s, &errs), ATTN_OK);
    free(errs);
    const size_t n2 = runner_select(&s, im, 16);
    assert_int_equal(n2, 1);
    assert_string_equal(im[0]->method, "nsa");
    sweep_free(&s);
    text = "methods: [nsa]\nvariants: [nosuch/tc, nsa/]\n";
    assert_int_equal(load_text("v.yaml", text, &s, &errs), ATTN_ERR_PARSE);
    assert_non_null(strstr(errs, "'nosuch/tc' is not 'method/variant'"));
    assert_non_null(strstr(errs, "'nsa/' is not 'method/variant'"));
    free(errs);
}

/* --------------------------------------------------------------- keys -- */

static void test_point_key(void **state) {
    (void)state;
    struct sweep_spec s;
    expect_ok("good_defaults.yaml", &s);
    const struct sweep_point base = s.points[0];
    sweep_free(&s);
    char k0[1024], k1[1024];
    sweep_point_key(&base, k0, sizeof k0);
    /* every field that distinguishes points changes the key */
    for (int f = 0; f < 21; f++) {
        struct sweep_point p = base;
        switch (f) {
        case 0:
            p.shape.mode = ATTN_DECODE;
            break;
        case 1:
            p.shape.causal = false;
            break;
        case 2:
            p.shape.batch = 2;
            break;
        case 3:
            p.shape.seq_len = 2048;
            break;
        case 4:
            p.shape.q_len = 4;
            break;
        case 5:
            p.shape.heads_q = 16;
            break;
        case 6:
            p.shape.heads_kv = 4;
            break;
        case 7:
            p.shape.head_dim = 128;
            break;
        case 8:
            p.shape.index_dim = 32;
            break;
        case 9:
            p.params.block_size = 128;
            break;
        case 10:
            p.params.topk = 4;
            break;
        case 11:
            p.params.bb_window = 5;
            break;
        case 12:
            p.params.bb_global = 0;
            break;
        case 13:
            p.params.bb_random = 1;
            break;
        case 14:
            p.params.pf_features = 100;
            break;
        case 15:
            p.params.pf_chunk = 32;
            break;
        case 16:
            p.data.kind = DATA_STRUCTURED;
            break;
        case 17:
            p.data.index_noise = 0.1;
            break;
        case 18:
            p.data.seed = 2;
            break;
        case 19:
            p.dtype = SWEEP_DTYPE_F32;
            break;
        case 20:
            p.data.kind = DATA_FILE;
            snprintf(p.data.q_path, sizeof p.data.q_path, "/a/b/act_q.npy");
            break;
        }
        sweep_point_key(&p, k1, sizeof k1);
        if (!strcmp(k0, k1))
            print_error("field %d does not change the key %s\n", f, k0);
        assert_string_not_equal(k0, k1);
        if (f == 20)
            assert_non_null(strstr(k1, ",file,") && strstr(k1, ",q=act_q.npy"));
    }
    /* index_noise keeps full precision: nearby values give different keys */
    struct sweep_point a = base, b = base;
    a.data.index_noise = 0.1;
    b.data.index_noise = 0.1 + 1e-12;
    sweep_point_key(&a, k0, sizeof k0);
    sweep_point_key(&b, k1, sizeof k1);
    assert_string_not_equal(k0, k1);
    assert_non_null(strstr(k0, ",noise0.1,"));
    /* truncation is safe */
    char small[8];
    sweep_point_key(&base, small, sizeof small);
    assert_string_equal(small, "prefill");
    assert_string_equal(sweep_dtype_str(SWEEP_DTYPE_AUTO), "auto");
    assert_string_equal(sweep_dtype_str(SWEEP_DTYPE_F64), "f64");
    assert_string_equal(sweep_dtype_str(SWEEP_DTYPE_F32), "f32");
    assert_string_equal(sweep_dtype_str(SWEEP_DTYPE_BF16), "bf16");
}

/* Inputs the fuzzer once crashed on (tests/data/sweeps/crash_*.yaml), each with
 * the outcome it must have now.  Every crash_ file needs a line here. */
static const struct {
    const char *file;
    enum attn_status status;
    size_t n_points;   /* when ATTN_OK */
    const char *error; /* a substring, when ATTN_ERR_PARSE */
} crashes[] = {
    /* qsort(NULL, 0, ...) on an error-free file: UBSan "null pointer passed as argument 1" */
    {"crash_qsort_null.yaml", ATTN_OK, 1, NULL},
    /* an include entry with a bad heads_kv left 0 in the point: heads_q % 0 (UBSan) */
    {"crash_heads_kv_zero_div.yaml", ATTN_ERR_PARSE, 0, "unknown key 's4code'"},
};

static void test_crash_fixtures(void **state) {
    (void)state;
    for (size_t i = 0; i < sizeof crashes / sizeof crashes[0]; i++) {
        struct sweep_spec s;
        char *errs = NULL;
        enum attn_status st = load_fixture(crashes[i].file, &s, &errs);
        if (st != crashes[i].status)
            print_error("%s: %s\n%s", crashes[i].file, attn_status_str(st), errs);
        assert_int_equal(st, crashes[i].status);
        if (st == ATTN_OK) {
            assert_int_equal(s.n_points, crashes[i].n_points);
            sweep_free(&s);
        } else {
            const char *want = crashes[i].error ? crashes[i].error : "";
            assert_non_null(strstr(errs, want));
        }
        free(errs);
    }
    char dirbuf[1024];
    snprintf(dirbuf, sizeof dirbuf, "%s", tu_src_path("tests/data/sweeps"));
    DIR *dp = opendir(dirbuf);
    assert_non_null(dp);
    struct dirent *de;
    while ((de = readdir(dp))) {
        if (strncmp(de->d_name, "crash_", 6) != 0)
            continue;
        bool listed = false;
        for (size_t i = 0; i < sizeof crashes / sizeof crashes[0]; i++)
            listed |= !strcmp(crashes[i].file, de->d_name);
        if (!listed)
            print_error("%s has no case in crashes[]\n", de->d_name);
        assert_true(listed);
    }
    closedir(dp);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_defaults),
        cmocka_unit_test(test_good_defaults),
        cmocka_unit_test(test_good_basic),
        cmocka_unit_test(test_good_range),
        cmocka_unit_test(test_good_zip),
        cmocka_unit_test(test_good_include),
        cmocka_unit_test(test_prefill_dedupe),
        cmocka_unit_test(test_good_full),
        cmocka_unit_test(test_good_file),
        cmocka_unit_test(test_file_list),
        cmocka_unit_test(test_sizes),
        cmocka_unit_test(test_bad_files),
        cmocka_unit_test(test_multi_errors_sorted),
        cmocka_unit_test(test_missing_file),
        cmocka_unit_test(test_huge),
        cmocka_unit_test(test_deep_buffer),
        cmocka_unit_test(test_error_cap),
        cmocka_unit_test(test_inline_errors),
        cmocka_unit_test(test_limits),
        cmocka_unit_test(test_every_combination_checked),
        cmocka_unit_test(test_shape_guard),
        cmocka_unit_test(test_null_err_stream),
        cmocka_unit_test(test_variants_per_method),
        cmocka_unit_test(test_point_key),
        cmocka_unit_test(test_crash_fixtures),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
