/* test_csv.c - the CSV reader (results.h): RFC 4180 quoting, line endings,
 * lookups by name, and errors that name the file and line. */
#include "attn.h"
#include "results.h"
#include "testutil.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static char dir[64];
static char path[128];

static const char *write_tmp(const char *text, size_t len) {
    snprintf(path, sizeof path, "%s/t.csv", dir);
    FILE *f = fopen(path, "wb");
    assert_non_null(f);
    assert_int_equal(fwrite(text, 1, len, f), len);
    fclose(f);
    return path;
}
#define WRITE(s) write_tmp(s, sizeof(s) - 1)

static int setup(void **state) {
    (void)state;
    snprintf(dir, sizeof dir, "/tmp/msabench_csv_XXXXXX");
    return mkdtemp(dir) ? 0 : -1;
}
static int teardown(void **state) {
    (void)state;
    unlink(path);
    rmdir(dir);
    return 0;
}

static void test_plain(void **state) {
    (void)state;
    struct csv_table t;
    assert_int_equal(csv_read(WRITE("a,b,c\n1,2,3\n4,,6\n"), &t), ATTN_OK);
    assert_int_equal(t.ncol, 3);
    assert_int_equal(t.nrow, 2);
    assert_int_equal(csv_col(&t, "b"), 1);
    assert_int_equal(csv_col(&t, "zzz"), -1);
    assert_string_equal(csv_get(&t, 1, "c"), "6");
    assert_string_equal(csv_get(&t, 1, "b"), "");
    assert_string_equal(csv_get(&t, 0, "nope"), ""); /* absent column */
    assert_string_equal(csv_get(&t, 99, "a"), "");   /* absent row */
    assert_close(csv_num(&t, 1, "a"), 4, 0, 0);
    assert_true(isnan(csv_num(&t, 1, "b"))); /* empty = not measured */
    assert_true(isnan(csv_num(&t, 0, "nope")));
    csv_free(&t);
    assert_null(t.cell);
}

static void test_quoting(void **state) {
    (void)state;
    struct csv_table t;
    /* commas, doubled quotes, an embedded newline and CRLF, an empty quoted cell */
    assert_int_equal(csv_read(WRITE("name,reason,x\r\n"
                                    "msa,\"memory: 9 GiB > 8 GiB, skipped\",1.5\r\n"
                                    "gqa,\"said \"\"no\"\"\",2\r\n"
                                    "flash,\"two\nlines\",\"\"\r\n"),
                              &t),
                     ATTN_OK);
    assert_int_equal(t.nrow, 3);
    assert_string_equal(csv_get(&t, 0, "reason"), "memory: 9 GiB > 8 GiB, skipped");
    assert_string_equal(csv_get(&t, 1, "reason"), "said \"no\"");
    assert_string_equal(csv_get(&t, 2, "reason"), "two\nlines");
    assert_string_equal(csv_get(&t, 2, "x"), "");
    assert_string_equal(csv_get(&t, 0, "x"), "1.5"); /* no stray \r */
    csv_free(&t);
}

static void test_edges(void **state) {
    (void)state;
    struct csv_table t;
    /* no final newline, blank lines, numbers with spaces, a BOM, a header only */
    assert_int_equal(csv_read(WRITE("\xef\xbb\xbf"
                                    "a,b\n\n1, 2 \n\n3,x"),
                              &t),
                     ATTN_OK);
    assert_int_equal(t.nrow, 2);
    assert_int_equal(csv_col(&t, "a"), 0);
    assert_close(csv_num(&t, 0, "b"), 2, 0, 0);
    assert_true(isnan(csv_num(&t, 1, "b"))); /* not a number */
    assert_string_equal(csv_get(&t, 1, "b"), "x");
    csv_free(&t);
    assert_int_equal(csv_read(WRITE("a,b,c\n"), &t), ATTN_OK);
    assert_int_equal(t.nrow, 0);
    assert_int_equal(t.ncol, 3);
    csv_free(&t);
    /* a trailing empty cell counts */
    assert_int_equal(csv_read(WRITE("a,b\n1,\n"), &t), ATTN_OK);
    assert_string_equal(csv_get(&t, 0, "b"), "");
    csv_free(&t);
}

/* The error text must hold "<file>:<line>:" and the given words. */
static void expect_error(const char *file_text, size_t len, long line, const char *words) {
    struct csv_table t;
    const char *p = write_tmp(file_text, len);
    enum attn_status st = csv_read(p, &t);
    assert_int_not_equal(st, ATTN_OK);
    char where[160];
    snprintf(where, sizeof where, "%s:%ld:", p, line);
    const char *msg = attn_last_error();
    if (!strstr(msg, where) || !strstr(msg, words)) {
        print_error("error '%s' lacks '%s' or '%s'\n", msg, where, words);
        fail();
    }
    assert_null(t.cell);
    assert_null(t.col);
}
#define EXPECT_ERROR(s, line, words) expect_error(s, sizeof(s) - 1, line, words)

static void test_errors(void **state) {
    (void)state;
    EXPECT_ERROR("a,b,c\n1,2,3\n4,5\n", 3, "2 cells");
    EXPECT_ERROR("a,b\n1,2\n3,4,5\n", 3, "3 cells");
    EXPECT_ERROR("a,b\n1,\"multi\nline\"\n\"open,2\n", 4, "unterminated");
    EXPECT_ERROR("a,b\n\"x\"y,2\n", 2, "after a closing quote");
    EXPECT_ERROR("", 1, "empty");
    EXPECT_ERROR("\n\n", 1, "empty");
    EXPECT_ERROR("a,b,a\n1,2,3\n", 1, "'a' appears twice");
    /* the line number counts newlines inside quoted cells */
    EXPECT_ERROR("a,b\n\"x\ny\",1\n2\n", 4, "1 cells");

    struct csv_table t;
    assert_int_equal(csv_read("/nonexistent/dir/results.csv", &t), ATTN_ERR_IO);
    assert_non_null(strstr(attn_last_error(), "/nonexistent/dir/results.csv"));
}

/* A realistic results.csv row, many columns, read back by name. */
static void test_wide(void **state) {
    (void)state;
    char text[8192] = "";
    int ncol = 300;
    for (int c = 0; c < ncol; c++)
        snprintf(text + strlen(text), sizeof text - strlen(text), "%sc%d", c ? "," : "", c);
    strcat(text, "\n");
    for (int r = 0; r < 3; r++) {
        for (int c = 0; c < ncol; c++)
            snprintf(text + strlen(text), sizeof text - strlen(text), "%s%d", c ? "," : "",
                     r * 1000 + c);
        strcat(text, "\n");
    }
    struct csv_table t;
    assert_int_equal(csv_read(write_tmp(text, strlen(text)), &t), ATTN_OK);
    assert_int_equal(t.nrow, 3);
    assert_int_equal(t.ncol, ncol);
    assert_close(csv_num(&t, 2, "c299"), 2299, 0, 0);
    assert_close(csv_num(&t, 1, "c0"), 1000, 0, 0);
    csv_free(&t);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_plain),  cmocka_unit_test(test_quoting), cmocka_unit_test(test_edges),
        cmocka_unit_test(test_errors), cmocka_unit_test(test_wide),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
