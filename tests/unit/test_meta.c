/* test_meta.c - meta.json through jansson: every committed meta.json under
 * results/ still reads; a written file carries issue 18's fields and reads back
 * with odd text intact; the write never follows a symlink (temporary created
 * with O_EXCL | O_NOFOLLOW, then renamed); malformed JSON is refused by
 * name:line:col. */
#include "device.h"
#include "meta.h"
#include "meta_read.h"
#include "testutil.h"

#include <dirent.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static char dir[64];

static size_t read_tree(const char *path) {
    size_t n = 0;
    DIR *d = opendir(path);
    if (!d)
        return 0;
    struct dirent *e;
    while ((e = readdir(d)) != NULL) {
        if (e->d_name[0] == '.')
            continue;
        char sub[2048];
        snprintf(sub, sizeof sub, "%s/%s", path, e->d_name);
        struct stat st;
        if (stat(sub, &st) != 0)
            continue;
        if (S_ISDIR(st.st_mode)) {
            n += read_tree(sub);
            continue;
        }
        const size_t l = strlen(e->d_name);
        if (l < 9 || strcmp(e->d_name + l - 9, "meta.json") != 0)
            continue;
        struct run_meta m;
        enum attn_status s = meta_read_file(sub, &m);
        if (s != ATTN_OK || !m.present || !meta_str(&m, "sweep") || !meta_str(&m, "device") ||
            !meta_str(&m, "sweep_hash")) {
            print_error("%s: %s\n", sub, s != ATTN_OK ? attn_last_error() : "fields missing");
            fail();
        }
        meta_free(&m);
        n++;
    }
    closedir(d);
    return n;
}

static void test_committed_meta_reads(void **state) {
    (void)state;
    size_t n = read_tree(tu_src_path("results"));
    print_message("read %zu committed meta.json files\n", n);
    assert_true(n >= 10); /* results/ holds 19 today */
}

static void write_meta(struct sweep_spec *spec, struct meta_run *m) {
    meta_begin(m, spec, dir);
    m->shard_count = 1;
    m->assigned_runs = 7;
    m->mem_limit = 1e9;
    meta_end(m);
    assert_int_equal(meta_write(m), ATTN_OK);
}

static void test_write_and_read_back(void **state) {
    (void)state;
    struct sweep_spec spec;
    sweep_defaults(&spec);
    snprintf(spec.name, sizeof spec.name, "q");
    snprintf(spec.path, sizeof spec.path, "we\"ird\\ `x` \n\t\x01 \xc3\xa9.yaml");
    snprintf(spec.hash, sizeof spec.hash, "0123456789abcdef");
    char *argv[] = {"msabench", "run", "a b.yaml", "it's", NULL};
    meta_set_command(4, argv);
    struct meta_run m;
    write_meta(&spec, &m);
    struct run_meta r;
    assert_int_equal(meta_read_file(m.path, &r), ATTN_OK);
    assert_true(r.present);
    assert_string_equal(meta_str(&r, "sweep_file"), spec.path);
    assert_true(meta_num(&r, "schema_version") == 2);
    assert_string_equal(meta_str(&r, "command_line"), "msabench run 'a b.yaml' 'it'\\''s'");
    assert_string_equal(meta_str(&r, "argv.2"), "a b.yaml");
    assert_non_null(meta_str(&r, "host_name"));
    assert_true(meta_num(&r, "cpu_sgemm_gflops") > 0);
    assert_true(meta_num(&r, "cpu_read_gbps") > 0);
    assert_true(meta_num(&r, "assigned_runs") == 7);
    assert_true(meta_num(&r, "mem_limit") == 1e9);
    assert_true(meta_num(&r, "calib_sgemm_ms") > 0);
    if (!attn_device_available()) {
        assert_null(meta_str(&r, "device_uuid"));
        assert_true(isnan(meta_num(&r, "gpu_bf16_gemm_tflops")));
    }
    meta_free(&r);
    unlink(m.path);
}

/* a symlink at meta.json or at the temporary name: its target is never written */
static void test_write_follows_no_symlink(void **state) {
    (void)state;
    struct sweep_spec spec;
    sweep_defaults(&spec);
    snprintf(spec.name, sizeof spec.name, "s");
    char target[128], link_tmp[128], link_meta[128];
    snprintf(target, sizeof target, "%s/target", dir);
    FILE *f = fopen(target, "w");
    assert_non_null(f);
    fputs("precious\n", f);
    fclose(f);
    snprintf(link_tmp, sizeof link_tmp, "%s/meta.json.tmp.%ld", dir, (long)getpid());
    snprintf(link_meta, sizeof link_meta, "%s/meta.json", dir);
    assert_int_equal(symlink(target, link_tmp), 0);
    assert_int_equal(symlink(target, link_meta), 0);
    struct meta_run m;
    write_meta(&spec, &m);
    char buf[32] = "";
    f = fopen(target, "r");
    assert_non_null(f);
    assert_non_null(fgets(buf, sizeof buf, f));
    fclose(f);
    assert_string_equal(buf, "precious\n");
    struct stat st;
    assert_int_equal(lstat(link_meta, &st), 0);
    assert_true(S_ISREG(st.st_mode)); /* the link was replaced, not followed */
    assert_int_equal(lstat(link_tmp, &st), 0);
    assert_true(S_ISLNK(st.st_mode)); /* left alone */
    unlink(link_tmp);
    unlink(link_meta);
    unlink(target);
}

static void test_malformed_refused(void **state) {
    (void)state;
    static const char *const bad[] = {
        "{\"a\": 1,\n \"a\": 2}", /* duplicate key */
        "[1, 2]",                 /* not an object */
        "{\"a\": }",              /* no value */
        "{\"a\": \"\\ud800\"}",   /* lone surrogate */
        "{\"a\": 1} {\"b\": 2}",  /* text after the value */
        "{\"a\": NaN}",           /* not JSON */
        "",                       /* empty */
        "{\"a\": \"x\xff\"}",     /* invalid UTF-8 */
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        struct run_meta r;
        enum attn_status s = meta_parse_buffer("bad.json", bad[i], strlen(bad[i]), &r);
        if (s != ATTN_ERR_PARSE || !strstr(attn_last_error(), "bad.json:") || r.present || r.n) {
            print_error("case %zu (%s): status %d, %s\n", i, bad[i], s, attn_last_error());
            fail();
        }
        meta_free(&r);
    }
    /* nesting is kept by dotted path; deep nesting is an error, not a crash */
    struct run_meta r;
    const char *ok = "{\"gpu\": {\"name\": \"H\\u00e9\", \"sm\": [1, 2.5]}, \"n\": null}";
    assert_int_equal(meta_parse_buffer("ok.json", ok, strlen(ok), &r), ATTN_OK);
    assert_string_equal(meta_str(&r, "gpu.name"), "H\xc3\xa9");
    assert_true(meta_num(&r, "gpu.sm.1") == 2.5);
    assert_null(meta_str(&r, "n"));
    meta_free(&r);
    char deep[40000];
    size_t k = 0;
    deep[k++] = '{';
    deep[k++] = '"';
    deep[k++] = 'a';
    deep[k++] = '"';
    deep[k++] = ':';
    for (int i = 0; i < 10000; i++)
        deep[k++] = '[';
    assert_int_equal(meta_parse_buffer("deep.json", deep, k, &r), ATTN_ERR_PARSE);
}

static int setup(void **state) {
    (void)state;
    snprintf(dir, sizeof dir, "/tmp/msabench_meta_XXXXXX");
    return mkdtemp(dir) ? 0 : -1;
}

static int teardown(void **state) {
    (void)state;
    return rmdir(dir);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_committed_meta_reads),
        cmocka_unit_test(test_write_and_read_back),
        cmocka_unit_test(test_write_follows_no_symlink),
        cmocka_unit_test(test_malformed_refused),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
