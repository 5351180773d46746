/* test_flash_threads.c - flash/cpu splits its (batch, KV head, query tile)
 * units over MSABENCH_THREADS threads: the output must be the same bits
 * whatever the thread count (each unit's result depends only on the unit),
 * and match the float64 ref (SPEC §8) on sampled rows.  Shapes are above
 * flash_cpu.c's FLASH_MT_FLOPS (1e9), where it starts threads: causal prefill
 * with a short last tile, GQA 4 and 16, and batched decode. */
#include "testutil.h"

#include "attn.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

static uint64_t rng_state;
static float unif(void) { /* splitmix64 -> [-1, 1) */
    uint64_t z = (rng_state += 0x9E3779B97F4A7C15ull);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    z ^= z >> 31;
    return (float)((double)(z >> 40) / (double)(1u << 23) - 1.0);
}

/* Runs impl with MSABENCH_THREADS=threads; o must hold the output. */
static void run_with(const struct attn_impl *im, const struct attn_shape *s, const float *q,
                     const float *k, const float *v, float *o, const char *threads) {
    setenv("MSABENCH_THREADS", threads, 1);
    struct attn_params p;
    attn_params_defaults(&p);
    size_t wsb = im->workspace_size(s, &p);
    float *ws = malloc(wsb ? wsb : 1);
    assert_non_null(ws);
    memset(ws, 0xff, wsb); /* NaN bytes: the workspace starts as garbage */
    void *ctx = NULL;
    assert_int_equal(im->init(&ctx, s, &p, ws, NULL), ATTN_OK);
    struct attn_io io = {.q = q, .k = k, .v = v, .o = o};
    assert_int_equal(im->run(ctx, &io), ATTN_OK);
    im->free(ctx);
    free(ws);
}

static void check_shape(const struct attn_shape *s) {
    const struct attn_impl *im = attn_registry_find("flash", "cpu", NULL);
    const struct attn_impl *ref = attn_registry_ref("flash");
    assert_non_null(im);
    assert_non_null(ref);
    const size_t nq = (size_t)(s->batch * s->q_len * s->heads_q * s->head_dim);
    const size_t nkv = (size_t)(s->batch * s->seq_len * s->heads_kv * s->head_dim);
    float *q = malloc(nq * sizeof *q), *k = malloc(nkv * sizeof *k), *v = malloc(nkv * sizeof *v);
    double *qd = malloc(nq * sizeof *qd), *kd = malloc(nkv * sizeof *kd),
           *vd = malloc(nkv * sizeof *vd), *od = malloc(nq * sizeof *od);
    float *o1 = malloc(nq * sizeof *o1), *o2 = malloc(nq * sizeof *o2),
          *o5 = malloc(nq * sizeof *o5);
    assert_true(q && k && v && qd && kd && vd && od && o1 && o2 && o5);
    rng_state = 0x5eed0000u + (uint64_t)s->seq_len;
    for (size_t i = 0; i < nq; i++)
        qd[i] = q[i] = 4 * unif(); /* logits up to ~±50 at d = 64 */
    for (size_t i = 0; i < nkv; i++) {
        kd[i] = k[i] = 4 * unif();
        vd[i] = v[i] = unif();
    }
    for (size_t i = 0; i < nq; i++)
        o1[i] = o2[i] = o5[i] = NAN;
    /* threads really share these shapes: a workspace slice each */
    struct attn_params pp;
    attn_params_defaults(&pp);
    setenv("MSABENCH_THREADS", "1", 1);
    const size_t ws1 = im->workspace_size(s, &pp);
    setenv("MSABENCH_THREADS", "2", 1);
    assert_int_equal(im->workspace_size(s, &pp), 2 * ws1);
    run_with(im, s, q, k, v, o1, "1");
    run_with(im, s, q, k, v, o2, "2");
    run_with(im, s, q, k, v, o5, "5");
    unsetenv("MSABENCH_THREADS");
    assert_memory_equal(o1, o2, nq * sizeof *o1);
    assert_memory_equal(o1, o5, nq * sizeof *o1);

    /* the ref on every 37th row (and the last), all batches and heads */
    int64_t rows[64], nr = 0;
    for (int64_t t = 0; t < s->q_len && nr < 63; t += 37)
        rows[nr++] = t;
    if (rows[nr - 1] != s->q_len - 1)
        rows[nr++] = s->q_len - 1;
    struct attn_params p;
    attn_params_defaults(&p);
    size_t wsb = ref->workspace_size(s, &p);
    void *ws = malloc(wsb ? wsb : 1), *ctx = NULL;
    assert_int_equal(ref->init(&ctx, s, &p, ws, NULL), ATTN_OK);
    struct attn_io io = {.q = qd, .k = kd, .v = vd, .o = od, .rows = rows, .n_rows = nr};
    assert_int_equal(ref->run(ctx, &io), ATTN_OK);
    ref->free(ctx);
    free(ws);
    const int64_t w = s->heads_q * s->head_dim;
    double num = 0, den = 0;
    for (int64_t b = 0; b < s->batch; b++)
        for (int64_t r = 0; r < nr; r++)
            for (int64_t i = 0; i < w; i++) {
                const size_t off = (size_t)((b * s->q_len + rows[r]) * w + i);
                const double e = o5[off] - od[off];
                num += e * e;
                den += od[off] * od[off];
            }
    assert_true(den > 0 && sqrt(num / den) <= 1e-5); /* NaN fails: the comparison is false */

    free(q), free(k), free(v), free(qd), free(kd), free(vd), free(od);
    free(o1), free(o2), free(o5);
}

static void test_prefill(void **state) {
    (void)state;
    /* 1100 positions, G = 4: 16-position tiles, the last one short; 1.24 GFLOP */
    struct attn_shape s = {.batch = 1,
                           .seq_len = 1100,
                           .q_len = 1100,
                           .heads_q = 8,
                           .heads_kv = 2,
                           .head_dim = 64,
                           .index_dim = 64,
                           .mode = ATTN_PREFILL,
                           .causal = true};
    check_shape(&s);
    s.heads_q = 16, s.heads_kv = 1; /* G = 16: 4-position tiles; 2.5 GFLOP */
    check_shape(&s);
}

static void test_decode(void **state) {
    (void)state;
    /* 4 x 2 units of 8 queries x 16 heads over 16K keys: 2.1 GFLOP */
    struct attn_shape s = {.batch = 4,
                           .seq_len = 16384,
                           .q_len = 8,
                           .heads_q = 32,
                           .heads_kv = 2,
                           .head_dim = 64,
                           .index_dim = 64,
                           .mode = ATTN_DECODE,
                           .causal = true};
    check_shape(&s);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_prefill),
        cmocka_unit_test(test_decode),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
