/* test_gpu_device.c - the device plumbing on a real GPU: metadata, bf16 upload
 * and download, memset, cold timing and graph timing, error recovery.
 * Exits 77 (skipped) without a GPU. */
#include "testutil.h"

#include "alloc.h"
#include "device.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

static void test_meta(void **state) {
    (void)state;
    char buf[1024];
    assert_int_equal(attn_device_meta_json(buf, sizeof buf), ATTN_OK);
    assert_non_null(strstr(buf, "\"sm_count\": "));
    assert_non_null(strstr(buf, "\"l2_bytes\": "));
    assert_non_null(strstr(buf, "\"cublas_version\": "));
    char tiny[8];
    assert_int_not_equal(attn_device_meta_json(tiny, sizeof tiny), ATTN_OK);
    assert_true(attn_device_l2_bytes() > 0);
    assert_true(attn_device_mem_total() > attn_device_l2_bytes());
    assert_non_null(attn_device_stream());
}

/* Upload rounds exactly like attn_f32_to_bf16; download gives it back bit for bit. */
static void test_roundtrip(void **state) {
    (void)state;
    const size_t n = ((size_t)1 << 22) + 1234; /* crosses the staging chunk */
    float *x = malloc(n * sizeof *x), *y = malloc(n * sizeof *y);
    assert_non_null(x);
    assert_non_null(y);
    srand(7);
    for (size_t i = 0; i < n; i++)
        x[i] = ((float)rand() / RAND_MAX - 0.5f) * powf(2.0f, (float)(rand() % 40 - 20));
    x[0] = INFINITY;
    x[1] = -0.0f;
    void *d = NULL;
    size_t before = attn_dev_current();
    assert_int_equal(attn_dev_upload_bf16(&d, x, n), ATTN_OK);
    assert_non_null(d);
    assert_true(attn_dev_current() >= before + n * 2);
    memset(y, 0xff, n * sizeof *y);
    assert_int_equal(attn_dev_download_bf16(y, d, n), ATTN_OK);
    for (size_t i = 0; i < n; i++) {
        float want = attn_bf16_to_f32(attn_f32_to_bf16(x[i]));
        if (memcmp(&want, &y[i], 4) != 0)
            fail_msg("element %zu: %g -> %g, expected %g", i, (double)x[i], (double)y[i],
                     (double)want);
    }
    /* memset + i32 download */
    int32_t h[16];
    assert_int_equal(attn_dev_memset(d, 0x01, sizeof h), ATTN_OK);
    assert_int_equal(attn_dev_download_i32(h, d, 16), ATTN_OK);
    for (int i = 0; i < 16; i++)
        assert_int_equal(h[i], 0x01010101);
    attn_dev_free(d);
    assert_int_equal(attn_dev_current(), before);
    free(x);
    free(y);
}

struct work {
    void *buf;
    size_t bytes;
    int fail_at;
};

static enum attn_status do_memset(void *arg) {
    struct work *w = arg;
    return attn_dev_memset(w->buf, 3, w->bytes);
}

static enum attn_status do_memset_rep(void *arg, int rep) {
    struct work *w = arg;
    if (rep == w->fail_at) {
        attn_set_error("planted failure");
        return ATTN_ERR_INTERNAL;
    }
    return attn_dev_memset(w->buf, rep & 0xff, w->bytes);
}

static void test_timing(void **state) {
    (void)state;
    struct work w = {attn_dev_alloc((size_t)256 << 20), (size_t)256 << 20, -1};
    assert_non_null(w.buf);
    double ms = 0;
    assert_int_equal(attn_dev_time(do_memset, &w, &ms), ATTN_OK);
    assert_int_equal(attn_dev_time(do_memset, &w, &ms), ATTN_OK);
    /* 256 MiB written at < 5 TB/s takes > 0.05 ms, and a memset is not 1 s. */
    assert_true(ms > 0.05 && ms < 1000);
    double per = 0;
    assert_int_equal(attn_dev_time_graph(do_memset_rep, &w, 8, &per), ATTN_OK);
    assert_true(per > 0.05 && per < 1000);
    /* A failure inside capture comes back and leaves the stream usable. */
    w.fail_at = 3;
    assert_int_equal(attn_dev_time_graph(do_memset_rep, &w, 8, &per), ATTN_ERR_INTERNAL);
    assert_int_equal(attn_dev_time(do_memset, &w, &ms), ATTN_OK);
    assert_int_equal(attn_dev_sync(), ATTN_OK);
    attn_dev_free(w.buf);
}

int main(void) {
    if (!attn_device_available())
        return 77;
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_meta),
        cmocka_unit_test(test_roundtrip),
        cmocka_unit_test(test_timing),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
