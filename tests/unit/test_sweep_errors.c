/* test_sweep_errors.c - the YAML sweep loader on bad input: every bad file
 * (tests/data/sweeps/bad_*.yaml) reports the errors its "# expect: LINE:COL:
 * text" comments list, at exactly that place; errors sorted and capped;
 * missing, huge and deeply nested input; the inline cases for the rarer
 * messages; the method, path and point limits; every combination checked;
 * tensor-size overflow; no error stream; and the inputs the fuzzer once crashed
 * on.  Loading helpers: sweep_fixture.h. */
#include "sweep_fixture.h"

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

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
        {"methods: gqa\nmethods2: x\n", 2, 1, "(did you mean 'methods'?)"},
        {"methods: nsx\n", 1, 10, "unknown method 'nsx' (did you mean 'nsa'?)"},
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

/* A plain variant name that a "method/variant" entry shadows: the sweep reads (a run folder's
 * recorded sweep.yaml stays readable), and lint names the place and the fix, which run
 * refuses on; with the entry qualified, no lint. */
static void test_variant_lint(void **state) {
    (void)state;
    struct sweep_spec s;
    char *errs = NULL;
    assert_int_equal(load_text("lint.yaml",
                               "methods: [msa, flash]\nbackends: cpu\n"
                               "variants: [tiled, blas, msa/loops]\n",
                               &s, &errs),
                     ATTN_OK);
    free(errs);
    errs = NULL;
    if (!strstr(s.lint, "lint.yaml:3:19: variants: 'blas' selects nothing: msa runs only its "
                        "'method/variant' entries here (write 'msa/blas')"))
        fail_msg("lint: '%s'", s.lint);
    sweep_free(&s);
    assert_int_equal(load_text("lint.yaml",
                               "methods: [msa, flash]\nbackends: cpu\n"
                               "variants: [tiled, msa/blas, msa/loops]\n",
                               &s, &errs),
                     ATTN_OK);
    free(errs);
    assert_string_equal(s.lint, "");
    sweep_free(&s);
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
        cmocka_unit_test(test_bad_files),      cmocka_unit_test(test_multi_errors_sorted),
        cmocka_unit_test(test_missing_file),   cmocka_unit_test(test_huge),
        cmocka_unit_test(test_deep_buffer),    cmocka_unit_test(test_error_cap),
        cmocka_unit_test(test_inline_errors),  cmocka_unit_test(test_variant_lint),
        cmocka_unit_test(test_limits),         cmocka_unit_test(test_every_combination_checked),
        cmocka_unit_test(test_shape_guard),    cmocka_unit_test(test_null_err_stream),
        cmocka_unit_test(test_crash_fixtures),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
