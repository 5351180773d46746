/* test_shard_env.c - `--shard auto` reads each engine's variables: Slurm arrays,
 * OpenMPI, PMI, Kubernetes Indexed Jobs (JOB_COMPLETION_INDEX + JOB_COMPLETIONS)
 * and SkyPilot (SKYPILOT_NODE_RANK / SKYPILOT_NUM_NODES); bad values are refused. */
#include "runner.h"
#include "testutil.h"

#include <stdlib.h>
#include <string.h>

static const char *const vars[] = {"SLURM_ARRAY_TASK_ID",
                                   "SLURM_ARRAY_TASK_COUNT",
                                   "SLURM_ARRAY_TASK_MIN",
                                   "OMPI_COMM_WORLD_RANK",
                                   "OMPI_COMM_WORLD_SIZE",
                                   "PMI_RANK",
                                   "PMI_SIZE",
                                   "PMIX_RANK",
                                   "JOB_COMPLETION_INDEX",
                                   "JOB_COMPLETIONS",
                                   "SKYPILOT_NODE_RANK",
                                   "SKYPILOT_NUM_NODES"};

static int clear_env(void **state) {
    (void)state;
    for (size_t i = 0; i < sizeof vars / sizeof *vars; i++)
        unsetenv(vars[i]);
    return 0;
}

static void expect(int index, int count) {
    int i = -1, n = -1;
    assert_int_equal(runner_shard_parse("auto", &i, &n), ATTN_OK);
    assert_int_equal(i, index);
    assert_int_equal(n, count);
}

static void test_slurm(void **state) {
    (void)state;
    setenv("SLURM_ARRAY_TASK_ID", "5", 1);
    setenv("SLURM_ARRAY_TASK_COUNT", "4", 1);
    setenv("SLURM_ARRAY_TASK_MIN", "3", 1);
    expect(2, 4);
}

static void test_mpi(void **state) {
    (void)state;
    setenv("OMPI_COMM_WORLD_RANK", "1", 1);
    setenv("OMPI_COMM_WORLD_SIZE", "2", 1);
    expect(1, 2);
}

static void test_k8s(void **state) {
    (void)state;
    setenv("JOB_COMPLETION_INDEX", "7", 1);
    setenv("JOB_COMPLETIONS", "8", 1);
    expect(7, 8);
    /* the index without the count is an error that names the missing variable */
    unsetenv("JOB_COMPLETIONS");
    int i, n;
    assert_int_equal(runner_shard_parse("auto", &i, &n), ATTN_ERR_INVALID);
    assert_non_null(strstr(attn_last_error(), "JOB_COMPLETIONS"));
    /* an index past the count is refused */
    setenv("JOB_COMPLETIONS", "7", 1);
    assert_int_equal(runner_shard_parse("auto", &i, &n), ATTN_ERR_INVALID);
}

static void test_skypilot(void **state) {
    (void)state;
    setenv("SKYPILOT_NODE_RANK", "0", 1);
    setenv("SKYPILOT_NUM_NODES", "3", 1);
    expect(0, 3);
    setenv("SKYPILOT_NODE_RANK", "x", 1);
    int i, n;
    assert_int_equal(runner_shard_parse("auto", &i, &n), ATTN_ERR_INVALID);
}

static void test_none(void **state) {
    (void)state;
    int i, n;
    assert_int_equal(runner_shard_parse("auto", &i, &n), ATTN_ERR_INVALID);
    assert_non_null(strstr(attn_last_error(), "SKYPILOT_NODE_RANK"));
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup(test_slurm, clear_env),
        cmocka_unit_test_setup(test_mpi, clear_env),
        cmocka_unit_test_setup(test_k8s, clear_env),
        cmocka_unit_test_setup(test_skypilot, clear_env),
        cmocka_unit_test_setup(test_none, clear_env),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
