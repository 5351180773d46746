/* test_data.c - input generators and the .npy loader.
 *
 * Speed (not run here: 2 GiB of inputs): data_make at N = 2^20, Hq = 4,
 * Hkv = 1, d = d_idx = 64, prefill, on this shared 2-core AMD EPYC VM:
 * normal 2.4 s (load ~3) to 5 s (load ~8), structured 3.8-5.7 s; about half
 * of it is first-touch page faults of the VM, the rest 2.9 ns per normal on
 * one core (vectorized Box-Muller, src/rng.c). */
#include "testutil.h"

#include "alloc.h"
#include "data.h"
#include "rng.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static char tmpdir[256];

static const char *tmp_path(const char *name) {
    static char buf[4][512];
    static int slot;
    slot = (slot + 1) % 4;
    snprintf(buf[slot], sizeof buf[slot], "%s/%s", tmpdir, name);
    return buf[slot];
}

static int setup(void **state) {
    (void)state;
    snprintf(tmpdir, sizeof tmpdir, "/tmp/msabench_test_data_XXXXXX");
    return mkdtemp(tmpdir) ? 0 : -1;
}

static int teardown(void **state) {
    (void)state;
    char cmd[600];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", tmpdir);
    return system(cmd) == 0 ? 0 : -1;
}

static struct attn_shape shape(int64_t B, int64_t N, int64_t T, int64_t Hq, int64_t Hkv, int64_t d,
                               int64_t di, bool causal) {
    struct attn_shape s = {.batch = B,
                           .seq_len = N,
                           .q_len = T,
                           .heads_q = Hq,
                           .heads_kv = Hkv,
                           .head_dim = d,
                           .index_dim = di,
                           .mode = T == N ? ATTN_PREFILL : ATTN_DECODE,
                           .causal = causal};
    return s;
}

static bool same_inputs(const struct attn_inputs *a, const struct attn_inputs *b) {
    const struct attn_shape *s = &a->shape;
    return memcmp(a->q, b->q, (size_t)attn_numel_q(s) * 4) == 0 &&
           memcmp(a->k, b->k, (size_t)attn_numel_kv(s) * 4) == 0 &&
           memcmp(a->v, b->v, (size_t)attn_numel_kv(s) * 4) == 0 &&
           memcmp(a->qidx, b->qidx, (size_t)attn_numel_qidx(s) * 4) == 0 &&
           memcmp(a->kidx, b->kidx, (size_t)attn_numel_kidx(s) * 4) == 0;
}

/* ---- generators --------------------------------------------------------- */

static void test_reproducible(void **state) {
    (void)state;
    const struct attn_shape s = shape(2, 333, 333, 4, 2, 24, 16, true);
    for (int kind = DATA_NORMAL; kind <= DATA_STRUCTURED; kind++) {
        struct data_spec sp = {.kind = (enum data_kind)kind, .seed = 42, .index_noise = 0.7};
        struct attn_inputs a, b, c;
        setenv("MSABENCH_THREADS", "1", 1);
        assert_int_equal(data_make(&sp, &s, &a), ATTN_OK);
        setenv("MSABENCH_THREADS", "3", 1); /* values must not depend on the split */
        assert_int_equal(data_make(&sp, &s, &b), ATTN_OK);
        unsetenv("MSABENCH_THREADS");
        assert_true(same_inputs(&a, &b));
        sp.seed = 43;
        assert_int_equal(data_make(&sp, &s, &c), ATTN_OK);
        const int64_t n = attn_numel_q(&s);
        int64_t differ = 0;
        for (int64_t i = 0; i < n; i++)
            differ += a.q[i] != c.q[i];
        assert_true(differ > n * 9 / 10);
        assert_true(memcmp(a.k, c.k, (size_t)attn_numel_kv(&s) * 4) != 0);
        assert_true(memcmp(a.kidx, c.kidx, (size_t)attn_numel_kidx(&s) * 4) != 0);
        data_free(&a);
        data_free(&b);
        data_free(&c);
        assert_null(a.q);
    }
}

/* Decode q / qidx are the last rows of the prefill ones; K/V are the same. */
static void test_decode_is_tail(void **state) {
    (void)state;
    for (int kind = DATA_NORMAL; kind <= DATA_STRUCTURED; kind++) {
        struct data_spec sp = {.kind = (enum data_kind)kind, .seed = 9, .index_noise = 0.3};
        const struct attn_shape sp_s = shape(2, 150, 150, 4, 2, 16, 16, true);
        const struct attn_shape dc_s = shape(2, 150, 5, 4, 2, 16, 16, true);
        struct attn_inputs p, d;
        assert_int_equal(data_make(&sp, &sp_s, &p), ATTN_OK);
        assert_int_equal(data_make(&sp, &dc_s, &d), ATTN_OK);
        for (int64_t b = 0; b < 2; b++) {
            assert_memory_equal(d.q + b * 5 * 64, p.q + (b * 150 + 145) * 64, 5 * 64 * 4);
            assert_memory_equal(d.qidx + b * 5 * 32, p.qidx + (b * 150 + 145) * 32, 5 * 32 * 4);
        }
        assert_memory_equal(d.k, p.k, (size_t)attn_numel_kv(&sp_s) * 4);
        assert_memory_equal(d.kidx, p.kidx, (size_t)attn_numel_kidx(&sp_s) * 4);
        data_free(&p);
        data_free(&d);
    }
}

/* Moments of 2^21 normals: mean 0 (sd 7e-4), variance 1 (sd 1e-3), E z^4 = 3
 * (sd 7e-3), P(|z| > 3) = 0.0027 (sd 3.6e-5); tolerances are ~6 sd. */
static void test_normal_moments(void **state) {
    (void)state;
    const struct attn_shape s = shape(1, 4096, 4096, 8, 2, 64, 64, false);
    struct data_spec sp = {.kind = DATA_NORMAL, .seed = 5};
    struct attn_inputs in;
    assert_int_equal(data_make(&sp, &s, &in), ATTN_OK);
    const int64_t n = attn_numel_q(&s);
    double m1 = 0, m2 = 0, m4 = 0, tail = 0, mx = 0;
    for (int64_t i = 0; i < n; i++) {
        const double z = in.q[i];
        m1 += z, m2 += z * z, m4 += z * z * z * z, tail += fabs(z) > 3;
        mx = fmax(mx, fabs(z));
    }
    m1 /= n, m2 /= n, m4 /= n, tail /= n;
    print_message("n %lld: mean %.5f var %.5f E z^4 %.4f P(|z|>3) %.5f max %.2f\n", (long long)n,
                  m1, m2, m4, tail, mx);
    assert_close(m1, 0, 0.004, 0);
    assert_close(m2, 1, 0.006, 0);
    assert_close(m4, 3, 0.045, 0);
    assert_close(tail, 0.0026998, 0.0002, 0);
    assert_true(mx < 6.6); /* 31-bit radius: |z| <= 6.56 */
    /* k, v, qidx, kidx are independent streams */
    double kq = 0;
    for (int64_t i = 0; i < attn_numel_kv(&s); i++)
        kq += (double)in.k[i] * in.q[i];
    assert_close(kq / (double)attn_numel_kv(&s), 0, 0.01, 0);
    data_free(&in);

    /* the sequential API */
    uint64_t st = 77;
    double u = 0, z2 = 0;
    for (int i = 0; i < 100000; i++) {
        u += attn_rng_uniform(&st);
        const double z = attn_rng_normal(&st);
        z2 += z * z;
    }
    assert_close(u / 100000, 0.5, 0.005, 0);
    assert_close(z2 / 100000, 1.0, 0.03, 0);
}

/* Bulk (vectorized) fill, odd offsets and scalar draws give the same bits. */
static void test_rng_counter_consistency(void **state) {
    (void)state;
    const uint64_t key = rng_stream_key(3, 17);
    float buf[1000];
    for (uint64_t off = 0; off < 5; off++) {
        rng_normal_fill_f32(key, 1000 + off, 997, buf);
        for (int i = 0; i < 997; i++)
            assert_true(buf[i] == (float)rng_normal_at(key, 1000 + off + (uint64_t)i));
    }
    /* draw c of the stream from key equals the (c+1)-th attn_rng_next from key */
    uint64_t st = key;
    for (uint64_t c = 0; c < 10; c++)
        assert_true(attn_rng_next(&st) == rng_at(key, c));
}

/* Structured data: with index_noise 0 and d_idx == d the index score is the
 * group-mean attention logit (times sqrt(d)): qidx_r . kidx_j == mean_h q_h . k_r(j). */
static void test_structured_index_is_group_mean(void **state) {
    (void)state;
    const struct attn_shape s = shape(1, 300, 300, 6, 2, 32, 32, true);
    struct data_spec sp = {.kind = DATA_STRUCTURED, .seed = 8, .index_noise = 0};
    struct attn_inputs in;
    assert_int_equal(data_make(&sp, &s, &in), ATTN_OK);
    double worst = 0, lmax = 0;
    for (int64_t t = 0; t < 300; t += 7)
        for (int64_t r = 0; r < 2; r++)
            for (int64_t j = 0; j <= t; j += 3) {
                double idx = 0, mean = 0;
                for (int64_t c = 0; c < 32; c++)
                    idx += (double)in.qidx[(t * 2 + r) * 32 + c] * in.kidx[j * 32 + c];
                for (int64_t g = 0; g < 3; g++) {
                    double dot = 0;
                    for (int64_t c = 0; c < 32; c++)
                        dot +=
                            (double)in.q[(t * 6 + r * 3 + g) * 32 + c] * in.k[(j * 2 + r) * 32 + c];
                    mean += dot / 3;
                    lmax = fmax(lmax, fabs(dot) / sqrt(32.0));
                }
                worst = fmax(worst, fabs(idx - mean) / (1 + fabs(mean)));
            }
    print_message("index vs group-mean logit: worst rel diff %.2e; max |logit| %.1f\n", worst,
                  lmax);
    assert_true(worst < 1e-5);
    assert_true(lmax < 30); /* peaky but finite */
    assert_true(lmax > 3);
    data_free(&in);
    /* negative noise is refused */
    sp.index_noise = -1;
    assert_int_equal(data_make(&sp, &s, &in), ATTN_ERR_INVALID);
    assert_null(in.q);
}

/* ---- .npy ------------------------------------------------------------------ */

/* Writes a v1.0 .npy with the given header dict and raw payload. */
static void write_npy_raw(const char *path, const char *dict, const void *data, size_t bytes) {
    char hdr[256];
    int n = snprintf(hdr, sizeof hdr, "%s", dict);
    while ((10 + n + 1) % 64)
        hdr[n++] = ' ';
    hdr[n++] = '\n';
    FILE *f = fopen(path, "wb");
    assert_non_null(f);
    const unsigned char pre[10] = {0x93, 'N', 'U', 'M', 'P', 'Y', 1, 0, (unsigned char)n, 0};
    assert_int_equal(fwrite(pre, 1, 10, f), 10);
    assert_int_equal(fwrite(hdr, 1, (size_t)n, f), n);
    if (bytes)
        assert_int_equal(fwrite(data, 1, bytes, f), bytes);
    fclose(f);
}

static void test_npy_roundtrip_f32(void **state) {
    (void)state;
    float x[2 * 3 * 4 * 5];
    for (int i = 0; i < 120; i++)
        x[i] = (float)(i * 0.37 - 11.0);
    x[7] = -0.0f, x[8] = 1e-40f, x[9] = 3.4e38f;
    const int64_t dims[4] = {2, 3, 4, 5};
    const char *p = tmp_path("a.npy");
    assert_int_equal(npy_save_f32(p, x, 4, dims), ATTN_OK);
    struct npy_array a;
    assert_int_equal(npy_load(p, 0, &a), ATTN_OK);
    assert_int_equal(a.ndim, 4);
    for (int i = 0; i < 4; i++)
        assert_int_equal(a.dims[i], dims[i]);
    assert_memory_equal(a.data, x, sizeof x);
    npy_free(&a);
    assert_null(a.data);
    /* 3-d and 1-d shapes; int32 saves too */
    assert_int_equal(npy_save_f32(p, x, 3, (int64_t[]){6, 4, 5}), ATTN_OK);
    assert_int_equal(npy_load(p, 0, &a), ATTN_OK);
    assert_int_equal(a.ndim, 3);
    assert_int_equal(a.dims[0], 6);
    npy_free(&a);
    assert_int_equal(npy_save_f32(p, x, 1, (int64_t[]){120}), ATTN_OK);
    assert_int_equal(npy_load(p, 0, &a), ATTN_OK);
    assert_int_equal(a.ndim, 1);
    assert_int_equal(a.dims[0], 120);
    npy_free(&a);
    int32_t iv[3] = {1, -2, 3};
    assert_int_equal(npy_save_i32(tmp_path("i.npy"), iv, 1, (int64_t[]){3}), ATTN_OK);
    FILE *f = fopen(tmp_path("i.npy"), "rb");
    char head[128] = {0};
    assert_true(fread(head, 1, 127, f) > 64);
    fclose(f);
    assert_non_null(strstr(head + 10, "'<i4'"));
    assert_non_null(strstr(head + 10, "(3,)"));
}

static void test_npy_f16_bf16(void **state) {
    (void)state;
    /* float16 bits -> value: 1, -2, 65504 (max), 2^-24 (smallest subnormal), -0, -65504,
     * 0.333 (inf converts too, but inputs must be finite: see test_npy_nonfinite) */
    const uint16_t h[8] = {0x3c00, 0xc000, 0x7bff, 0x0001, 0x8000, 0xfbff, 0x3555, 0x0200};
    const float hv[8] = {1.0f, -2.0f, 65504.0f, 0x1p-24f, -0.0f, -65504.0f, 0x1.554p-2f, 0x1p-15f};
    write_npy_raw(tmp_path("h.npy"),
                  "{'descr': '<f2', 'fortran_order': False, 'shape': (2, 2, 2), }", h, sizeof h);
    struct npy_array a;
    assert_int_equal(npy_load(tmp_path("h.npy"), 0, &a), ATTN_OK);
    assert_int_equal(a.ndim, 3);
    for (int i = 0; i < 8; i++) {
        assert_true(a.data[i] == hv[i]);
        assert_true(signbit(a.data[i]) == signbit(hv[i]));
    }
    npy_free(&a);
    /* bfloat16 as uint16: the top half of the float32 bits */
    const float bv[6] = {1.0f, -3.5f, 0x1.fep127f, 0x1p-133f, 0.15625f, -1e10f};
    uint16_t b[6];
    for (int i = 0; i < 6; i++) {
        uint32_t u;
        memcpy(&u, &bv[i], 4);
        b[i] = (uint16_t)(u >> 16);
    }
    write_npy_raw(tmp_path("b.npy"),
                  "{'descr': '<u2', 'fortran_order': False, 'shape': (1, 3, 2, 1), }", b, sizeof b);
    assert_int_equal(npy_load(tmp_path("b.npy"), 1, &a), ATTN_OK);
    assert_int_equal(a.ndim, 4);
    for (int i = 0; i < 6; i++) {
        uint32_t u;
        memcpy(&u, &bv[i], 4);
        uint32_t want = u & 0xffff0000u, got;
        memcpy(&got, &a.data[i], 4);
        assert_int_equal(got, want);
    }
    npy_free(&a);
    /* without the bf16 flag, '<u2' is just an unsupported dtype */
    assert_int_equal(npy_load(tmp_path("b.npy"), 0, &a), ATTN_ERR_PARSE);
    assert_non_null(strstr(attn_last_error(), "<u2"));
}

static void expect_error(const char *path, enum attn_status want, const char *needle) {
    struct npy_array a;
    attn_clear_error();
    assert_int_equal(npy_load(path, 1, &a), want);
    assert_null(a.data);
    print_message("  %s\n", attn_last_error());
    assert_non_null(strstr(attn_last_error(), needle));
}

static void test_npy_errors(void **state) {
    (void)state;
    float x[8] = {0};
    expect_error(tmp_path("missing.npy"), ATTN_ERR_IO, "missing.npy");
    FILE *f = fopen(tmp_path("text.npy"), "wb");
    fputs("hello, I am not a numpy file at all\n", f);
    fclose(f);
    expect_error(tmp_path("text.npy"), ATTN_ERR_PARSE, "bad magic");
    write_npy_raw(tmp_path("f8.npy"), "{'descr': '<f8', 'fortran_order': False, 'shape': (1,), }",
                  x, 8);
    expect_error(tmp_path("f8.npy"), ATTN_ERR_PARSE, "'<f8'");
    write_npy_raw(tmp_path("be.npy"), "{'descr': '>f4', 'fortran_order': False, 'shape': (2,), }",
                  x, 8);
    expect_error(tmp_path("be.npy"), ATTN_ERR_PARSE, "'>f4'");
    write_npy_raw(tmp_path("fo.npy"), "{'descr': '<f4', 'fortran_order': True, 'shape': (2, 2), }",
                  x, 16);
    expect_error(tmp_path("fo.npy"), ATTN_ERR_PARSE, "Fortran");
    write_npy_raw(tmp_path("tr.npy"), "{'descr': '<f4', 'fortran_order': False, 'shape': (4, 2), }",
                  x, 31);
    expect_error(tmp_path("tr.npy"), ATTN_ERR_PARSE, "truncated");
    write_npy_raw(tmp_path("h16.npy"), "{'descr': '<f2', 'fortran_order': False, 'shape': (9,), }",
                  x, 16);
    expect_error(tmp_path("h16.npy"), ATTN_ERR_PARSE, "truncated");
    write_npy_raw(tmp_path("noshape.npy"), "{'descr': '<f4', 'fortran_order': False, }", x, 8);
    expect_error(tmp_path("noshape.npy"), ATTN_ERR_PARSE, "shape");
    f = fopen(tmp_path("short.npy"), "wb");
    fwrite("\x93NUMPY\x01\x00\x50", 1, 9, f); /* header cut off */
    fclose(f);
    expect_error(tmp_path("short.npy"), ATTN_ERR_PARSE, "truncated");
}

/* ---- file inputs ------------------------------------------------------------- */

static void save(const char *name, const float *x, int ndim, const int64_t *dims) {
    assert_int_equal(npy_save_f32(tmp_path(name), x, ndim, dims), ATTN_OK);
}

static void test_file_inputs(void **state) {
    (void)state;
    /* a real-looking capture: N = 40, Hq = 4, Hkv = 2, d = 8 */
    const struct attn_shape gen = shape(1, 40, 40, 4, 2, 8, 8, true);
    struct data_spec ns = {.kind = DATA_NORMAL, .seed = 1};
    struct attn_inputs src;
    assert_int_equal(data_make(&ns, &gen, &src), ATTN_OK);
    save("q.npy", src.q, 3, (int64_t[]){40, 4, 8});
    save("k.npy", src.k, 4, (int64_t[]){1, 40, 2, 8});
    save("v.npy", src.v, 3, (int64_t[]){40, 2, 8});
    save("qi.npy", src.qidx, 3, (int64_t[]){40, 2, 8});
    save("ki.npy", src.kidx, 3, (int64_t[]){40, 1, 8});
    struct data_spec fs = {.kind = DATA_FILE};
    snprintf(fs.q_path, DATA_PATH_MAX, "%s", tmp_path("q.npy"));
    snprintf(fs.k_path, DATA_PATH_MAX, "%s", tmp_path("k.npy"));
    snprintf(fs.v_path, DATA_PATH_MAX, "%s", tmp_path("v.npy"));
    snprintf(fs.qidx_path, DATA_PATH_MAX, "%s", tmp_path("qi.npy"));
    snprintf(fs.kidx_path, DATA_PATH_MAX, "%s", tmp_path("ki.npy"));
    struct attn_inputs in;
    assert_int_equal(data_make(&fs, &gen, &in), ATTN_OK);
    assert_true(same_inputs(&in, &src));
    data_free(&in);

    /* decode: q/qidx files of N rows give their last q_len rows */
    struct attn_shape dec = gen;
    dec.mode = ATTN_DECODE, dec.q_len = 3;
    assert_int_equal(data_make(&fs, &dec, &in), ATTN_OK);
    assert_memory_equal(in.q, src.q + 37 * 32, 3 * 32 * 4);
    assert_memory_equal(in.qidx, src.qidx + 37 * 16, 3 * 16 * 4);
    data_free(&in);
    /* ... or exactly q_len rows */
    save("q3.npy", src.q + 37 * 32, 3, (int64_t[]){3, 4, 8});
    snprintf(fs.q_path, DATA_PATH_MAX, "%s", tmp_path("q3.npy"));
    assert_int_equal(data_make(&fs, &dec, &in), ATTN_OK);
    assert_memory_equal(in.q, src.q + 37 * 32, 3 * 32 * 4);
    data_free(&in);
    snprintf(fs.q_path, DATA_PATH_MAX, "%s", tmp_path("q.npy"));

    /* training-free index when qidx/kidx are not given: group means */
    fs.qidx_path[0] = fs.kidx_path[0] = '\0';
    assert_int_equal(data_make(&fs, &gen, &in), ATTN_OK);
    for (int64_t t = 0; t < 40; t += 13)
        for (int64_t c = 0; c < 8; c++) {
            assert_close(in.qidx[(t * 2 + 1) * 8 + c],
                         0.5 * (src.q[(t * 4 + 2) * 8 + c] + src.q[(t * 4 + 3) * 8 + c]), 1e-6, 0);
            assert_close(in.kidx[t * 8 + c],
                         0.5 * (src.k[(t * 2) * 8 + c] + src.k[(t * 2 + 1) * 8 + c]), 1e-6, 0);
        }
    data_free(&in);
    struct attn_shape wide = gen;
    wide.index_dim = 16;
    assert_int_equal(data_make(&fs, &wide, &in), ATTN_ERR_INVALID);
    assert_non_null(strstr(attn_last_error(), "index_dim"));

    /* a method that needs Hkv = Hq gets each KV head repeated G times */
    struct attn_shape mha = gen;
    mha.heads_kv = 4;
    assert_int_equal(data_make(&fs, &mha, &in), ATTN_OK);
    for (int64_t h = 0; h < 4; h++)
        assert_memory_equal(in.k + (5 * 4 + h) * 8, src.k + (5 * 2 + h / 2) * 8, 32);
    data_free(&in);

    /* wrong shapes say what was expected and what the file holds */
    struct attn_shape bad = gen;
    bad.head_dim = 16, bad.index_dim = 16;
    assert_int_equal(data_make(&fs, &bad, &in), ATTN_ERR_INVALID);
    print_message("  %s\n", attn_last_error());
    assert_non_null(strstr(attn_last_error(), "[40, 4, 8]"));
    assert_non_null(strstr(attn_last_error(), "d=16"));
    bad = gen;
    bad.seq_len = bad.q_len = 41;
    assert_int_equal(data_make(&fs, &bad, &in), ATTN_ERR_INVALID);
    assert_non_null(strstr(attn_last_error(), "N=41"));
    bad = gen;
    bad.batch = 2;
    assert_int_equal(data_make(&fs, &bad, &in), ATTN_ERR_INVALID);
    assert_non_null(strstr(attn_last_error(), "B=2"));
    /* only one of qidx / kidx */
    snprintf(fs.qidx_path, DATA_PATH_MAX, "%s", tmp_path("qi.npy"));
    assert_int_equal(data_make(&fs, &gen, &in), ATTN_ERR_INVALID);
    fs.qidx_path[0] = '\0';
    /* a missing file is named, with the tensor it was for */
    snprintf(fs.v_path, DATA_PATH_MAX, "%s", tmp_path("nope.npy"));
    assert_int_equal(data_make(&fs, &gen, &in), ATTN_ERR_IO);
    assert_non_null(strstr(attn_last_error(), "nope.npy"));
    assert_non_null(strstr(attn_last_error(), "data file v"));
    assert_null(in.q);
    fs.v_path[0] = '\0';
    assert_int_equal(data_make(&fs, &gen, &in), ATTN_ERR_INVALID);
    data_free(&src);
    assert_true(strcmp(data_kind_str(DATA_STRUCTURED), "structured") == 0);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_reproducible),
        cmocka_unit_test(test_decode_is_tail),
        cmocka_unit_test(test_normal_moments),
        cmocka_unit_test(test_rng_counter_consistency),
        cmocka_unit_test(test_structured_index_is_group_mean),
        cmocka_unit_test(test_npy_roundtrip_f32),
        cmocka_unit_test(test_npy_f16_bf16),
        cmocka_unit_test(test_npy_errors),
        cmocka_unit_test(test_file_inputs),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
