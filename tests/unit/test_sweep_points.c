/* test_sweep_points.c - the YAML sweep loader on good files: defaults,
 * axes, ranges, zip groups, includes, prefill dedupe and data files expand to
 * the expected points; sizes parse; "method/variant" entries restrict only
 * their method, and every method on every backend selects the whole registry;
 * every field that distinguishes points changes its key.
 * Loading helpers: sweep_fixture.h. */
#include "method.h"
#include "runner.h"
#include "sweep_fixture.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void expect_ok(const char *name, struct sweep_spec *s) {
    char *errs = NULL;
    enum attn_status st = load_fixture(name, s, &errs);
    if (st != ATTN_OK)
        print_error("%s: %s\n%s", name, attn_status_str(st), errs);
    assert_int_equal(st, ATTN_OK);
    assert_string_equal(errs, "");
    free(errs);
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

/* "method/variant" entries restrict only their method (runner.c variant_wanted). */
static void test_variants_per_method(void **state) {
    (void)state;
    struct sweep_spec s;
    char *errs = NULL;
    const char *text = "methods: [nsa, moba]\nbackends: [ref, cpu]\nvariants: [nsa/blas]\n";
    assert_int_equal(load_text("v.yaml", text, &s, &errs), ATTN_OK);
    free(errs);
    const struct attn_impl *im[16];
    size_t n = 0;
    assert_int_equal(runner_select_into(&s, im, 16, &n), ATTN_OK);
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
    assert_int_equal(runner_select_into(&s, im, 16, &n), ATTN_OK);
    assert_int_equal(n, 1);
    assert_string_equal(im[0]->method, "nsa");
    sweep_free(&s);
    text = "methods: [nsa]\nvariants: [nosuch/tc, nsa/]\n";
    assert_int_equal(load_text("v.yaml", text, &s, &errs), ATTN_ERR_PARSE);
    assert_non_null(strstr(errs, "'nosuch/tc' is not 'method/variant'"));
    assert_non_null(strstr(errs, "'nsa/' is not 'method/variant'"));
    free(errs);
}

/* Every method on every backend selects the whole registry, however large it
 * grows; where the room given is short of that, an error that names the
 * limit, never a silent cut (runner_select once stopped at 64 unseen). */
static void test_select_all(void **state) {
    (void)state;
    char text[1024] = "methods: [";
    for (size_t i = 0; i < attn_method_count(); i++) {
        size_t l = strlen(text);
        snprintf(text + l, sizeof text - l, "%s%s", i ? ", " : "", attn_method_get(i)->name);
    }
    strncat(text, "]\nbackends: [ref, cpu, cuda]\n", sizeof text - strlen(text) - 1);
    struct sweep_spec s;
    char *errs = NULL;
    assert_int_equal(load_text("all.yaml", text, &s, &errs), ATTN_OK);
    free(errs);
    const size_t total = attn_registry_count();
    const struct attn_impl **im = NULL;
    size_t n = 0;
    assert_int_equal(runner_select(&s, &im, &n), ATTN_OK);
    assert_int_equal(n, total);
    for (size_t i = 0; i < n; i++) /* registry order */
        assert_ptr_equal(im[i], attn_registry_get(i));
    char limit[64];
    snprintf(limit, sizeof limit, "more than the %zu implementations", total - 1);
    assert_int_equal(runner_select_into(&s, im, total - 1, &n), ATTN_ERR_INVALID);
    assert_non_null(strstr(attn_last_error(), limit));
    free(im);
    sweep_free(&s);
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

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_defaults),       cmocka_unit_test(test_good_defaults),
        cmocka_unit_test(test_good_basic),     cmocka_unit_test(test_good_range),
        cmocka_unit_test(test_good_zip),       cmocka_unit_test(test_good_include),
        cmocka_unit_test(test_prefill_dedupe), cmocka_unit_test(test_good_full),
        cmocka_unit_test(test_good_file),      cmocka_unit_test(test_file_list),
        cmocka_unit_test(test_sizes),          cmocka_unit_test(test_variants_per_method),
        cmocka_unit_test(test_select_all),     cmocka_unit_test(test_point_key),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
