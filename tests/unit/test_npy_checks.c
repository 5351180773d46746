/* test_npy_checks.c - .npy inputs the loader must refuse (issue 13): NaN or Inf
 * anywhere (the error names the first one's index), a header-length field that
 * stops short of the header's newline (the data was read misaligned), and a
 * FIFO or a folder given as the path (refused at once, never blocking). */
#include "data.h"
#include "testutil.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static char dir[64];

/* A v1.0 file: magic, header length hl_field (0 = the true one), the dict
 * padded to 64 bytes with its newline, then the data. */
static char *npy_bytes(const char *dict, const void *data, size_t bytes, int hl_delta,
                       size_t *len) {
    char hdr[256];
    int n = snprintf(hdr, sizeof hdr, "%s", dict);
    while ((10 + n + 1) % 64)
        hdr[n++] = ' ';
    hdr[n++] = '\n';
    const size_t hl = (size_t)((int)n + hl_delta);
    char *b = malloc(10 + (size_t)n + bytes);
    memcpy(b, "\x93NUMPY\x01\x00", 8);
    b[8] = (char)(hl & 0xff);
    b[9] = (char)(hl >> 8);
    memcpy(b + 10, hdr, (size_t)n);
    memcpy(b + 10 + n, data, bytes);
    *len = 10 + (size_t)n + bytes;
    return b;
}

static enum attn_status load_bytes(const char *buf, size_t len, struct npy_array *a) {
    FILE *f = fmemopen((void *)buf, len, "rb");
    assert_non_null(f);
    enum attn_status st = npy_load_stream("mem.npy", f, 0, a);
    fclose(f);
    return st;
}

static void test_nonfinite_refused_with_index(void **state) {
    (void)state;
    float x[2 * 3 * 4];
    for (int i = 0; i < 24; i++)
        x[i] = (float)i * 0.5f;
    struct npy_array a;
    size_t len;
    const char *dict = "{'descr': '<f4', 'fortran_order': False, 'shape': (2, 3, 4), }";
    char *b = npy_bytes(dict, x, sizeof x, 0, &len);
    assert_int_equal(load_bytes(b, len, &a), ATTN_OK);
    npy_free(&a);
    free(b);
    /* NaN at flat 17 = [1, 1, 1]; an Inf later must not be the one named */
    x[17] = NAN;
    x[20] = INFINITY;
    b = npy_bytes(dict, x, sizeof x, 0, &len);
    assert_int_equal(load_bytes(b, len, &a), ATTN_ERR_PARSE);
    assert_null(a.data);
    const char *e = attn_last_error();
    if (!strstr(e, "mem.npy") || !strstr(e, "element 17 [1, 1, 1]") || !strstr(e, "NaN")) {
        print_error("message: %s\n", e);
        fail();
    }
    free(b);
    x[17] = 1;
    x[3] = -INFINITY;
    b = npy_bytes(dict, x, sizeof x, 0, &len);
    assert_int_equal(load_bytes(b, len, &a), ATTN_ERR_PARSE);
    e = attn_last_error();
    if (!strstr(e, "element 3 [0, 0, 3]") || !strstr(e, "Inf")) {
        print_error("message: %s\n", e);
        fail();
    }
    free(b);
    /* float16 Inf (0x7c00) and bfloat16 NaN (0x7fc0) are refused the same way */
    uint16_t h[4] = {0x3c00, 0x3c00, 0x7c00, 0x3c00};
    b = npy_bytes("{'descr': '<f2', 'fortran_order': False, 'shape': (4,), }", h, sizeof h, 0,
                  &len);
    assert_int_equal(load_bytes(b, len, &a), ATTN_ERR_PARSE);
    assert_non_null(strstr(attn_last_error(), "element 2 [2]"));
    free(b);
    h[2] = 0x3f80;
    h[0] = 0x7fc0;
    b = npy_bytes("{'descr': '<u2', 'fortran_order': False, 'shape': (4,), }", h, sizeof h, 0,
                  &len);
    FILE *f = fmemopen(b, len, "rb");
    assert_int_equal(npy_load_stream("bf.npy", f, 1, &a), ATTN_ERR_PARSE);
    fclose(f);
    assert_non_null(strstr(attn_last_error(), "element 0 [0]"));
    free(b);
}

static void test_short_header_length_refused(void **state) {
    (void)state;
    float x[8] = {1, 2, 3, 4, 5, 6, 7, 8};
    struct npy_array a;
    size_t len;
    const char *dict = "{'descr': '<f4', 'fortran_order': False, 'shape': (2,), }";
    /* the field says 8 bytes fewer: the dict still parses, but the "data"
     * would start inside the header's padding */
    char *b = npy_bytes(dict, x, sizeof x, -8, &len);
    assert_int_equal(load_bytes(b, len, &a), ATTN_ERR_PARSE);
    assert_non_null(strstr(attn_last_error(), "header-length"));
    assert_null(a.data);
    free(b);
    b = npy_bytes(dict, x, sizeof x, -1, &len); /* just the newline cut off */
    assert_int_equal(load_bytes(b, len, &a), ATTN_ERR_PARSE);
    free(b);
    b = npy_bytes(dict, x, sizeof x, 0, &len); /* the true length reads */
    assert_int_equal(load_bytes(b, len, &a), ATTN_OK);
    assert_true(a.data[0] == 1.0f && a.data[1] == 2.0f);
    npy_free(&a);
    free(b);
}

static void test_fifo_and_folder_refused(void **state) {
    (void)state;
    char fifo[128];
    snprintf(fifo, sizeof fifo, "%s/q.npy", dir);
    assert_int_equal(mkfifo(fifo, 0600), 0);
    struct npy_array a;
    alarm(10); /* a blocking open would hang here: fail loudly instead */
    assert_int_equal(npy_load(fifo, 0, &a), ATTN_ERR_IO);
    alarm(0);
    assert_non_null(strstr(attn_last_error(), "FIFO"));
    assert_int_equal(npy_load(dir, 0, &a), ATTN_ERR_IO);
    assert_non_null(strstr(attn_last_error(), "folder"));
    unlink(fifo);
}

static int setup(void **state) {
    (void)state;
    snprintf(dir, sizeof dir, "/tmp/msabench_npychk_XXXXXX");
    return mkdtemp(dir) ? 0 : -1;
}

static int teardown(void **state) {
    (void)state;
    return rmdir(dir);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_nonfinite_refused_with_index),
        cmocka_unit_test(test_short_header_length_refused),
        cmocka_unit_test(test_fifo_and_folder_refused),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
