/* test_device_nogpu.c - the device API degrades to errors, never crashes, when
 * no GPU is visible (CI builds with nvcc but has no GPU; CPU-only builds use
 * the stub).  With a GPU present it only checks the answers agree. */
#include "testutil.h"

#include "alloc.h"
#include "device.h"

#include <math.h>
#include <string.h>

static void test_no_device_refuses(void **state) {
    (void)state;
    if (attn_device_available()) {
        assert_true(attn_device_mem_total() > 0);
        assert_true(attn_device_l2_bytes() > 0);
        return;
    }
    char buf[256] = "x";
    assert_int_not_equal(attn_device_meta_json(buf, sizeof buf), ATTN_OK);
    assert_int_equal(attn_device_mem_total(), 0);
    assert_int_equal(attn_device_l2_bytes(), 0);
    assert_null(attn_device_stream());
    void *d = (void *)&buf;
    float x[4] = {1, 2, 3, 4};
    assert_int_not_equal(attn_dev_upload_bf16(&d, x, 4), ATTN_OK);
    assert_null(d);
    assert_int_not_equal(attn_dev_sync(), ATTN_OK);
    assert_null(attn_dev_alloc(16));
}

/* Round to nearest even, Inf kept, NaN stays NaN: the host side of every upload. */
static void test_bf16_rounding(void **state) {
    (void)state;
    assert_int_equal(attn_f32_to_bf16(1.0f), 0x3f80);
    assert_int_equal(attn_f32_to_bf16(-2.0f), 0xc000);
    /* 1 + 2^-8 is halfway between 1 and 1 + 2^-7: ties to even (1.0). */
    assert_int_equal(attn_f32_to_bf16(1.0f + 1.0f / 256), 0x3f80);
    /* 1 + 3*2^-8 is halfway between 1+2^-7 (odd) and 1+2^-6: rounds up to even. */
    assert_int_equal(attn_f32_to_bf16(1.0f + 3.0f / 256), 0x3f82);
    assert_true(attn_bf16_to_f32(attn_f32_to_bf16(INFINITY)) > 1e38f);
    assert_true(isnan(attn_bf16_to_f32(attn_f32_to_bf16(NAN))));
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_no_device_refuses),
        cmocka_unit_test(test_bf16_rounding),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
