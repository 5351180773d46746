/* test_mem_limit.c - a point skipped for memory allocates nothing: the
 * harness allocator's peak stays where it was (issue 13, class 7: msa at
 * N=64K peaked at 574 MB under limits.memory: 1MiB, through recall's inputs). */
#include "alloc.h"
#include "results.h"
#include "runner.h"
#include "sweep.h"
#include "testutil.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static void run_and_check_peak(const char *yaml, size_t want_skipped) {
    struct sweep_spec spec;
    char *errs = NULL;
    size_t n = 0;
    FILE *err = open_memstream(&errs, &n);
    assert_non_null(err);
    enum attn_status st = sweep_load_buffer("mem.yaml", yaml, strlen(yaml), &spec, err);
    fclose(err);
    if (st != ATTN_OK)
        print_error("%s\n", errs);
    assert_int_equal(st, ATTN_OK);
    free(errs);

    char dir[] = "/tmp/msabench_memlimit_XXXXXX";
    assert_non_null(mkdtemp(dir));
    struct runner_opts o = {.out_dir = dir};
    struct runner_summary sum;
    attn_host_peak_reset();
    const size_t base = attn_host_current();
    st = runner_run(&spec, &o, &sum);
    const size_t peak = attn_host_peak();
    assert_int_equal(st, ATTN_OK);
    assert_int_equal(sum.skipped, want_skipped);
    assert_int_equal(sum.ok, 0);
    if (peak != base) {
        print_error("skipped points allocated %zu bytes through the harness allocator\n",
                    peak - base);
        fail();
    }
    char cmd[256];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
    assert_int_equal(system(cmd), 0);
    sweep_free(&spec);
}

/* msa (recall enabled, the default) and full, both over the limit */
static void test_skipped_for_memory_allocates_nothing(void **state) {
    (void)state;
    run_and_check_peak("methods: [msa, full]\nbackends: [cpu]\n"
                       "axes: {seq_len: [4096, 8192], heads_q: 4, heads_kv: 1, head_dim: 64}\n"
                       "limits: {memory: 1MiB}\n",
                       4);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_skipped_for_memory_allocates_nothing),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
