/* test_moba.c - `moba` (baselines/moba): cpu against ref on the awkward
 * shapes (contemp_harness.h, per-head selection rows); the ref against a
 * brute-force selection and masked dense attention built here from the
 * definition (no code shared with the implementation) on tiny shapes with
 * exact ties; what supports() refuses; the cost. */
#include "contemp_harness.h"

extern const struct attn_method attn_method_moba;

static void test_cpu_vs_ref(void **state) {
    (void)state;
    ch_run_all(&attn_method_moba, NULL);
}

static void test_verdicts(void **state) {
    (void)state;
    ch_verdict_rejects();
}

struct scored {
    double s;
    int32_t id;
};
static int by_score(const void *a, const void *b) { /* best first, ties: smaller id */
    const struct scored *x = a, *y = b;
    if (x->s != y->s)
        return x->s < y->s ? 1 : -1;
    return (x->id > y->id) - (x->id < y->id);
}

static void check_first_principles(const struct ch_case *c) {
    const struct attn_shape *s = &c->s;
    struct ch_inputs in;
    ch_inputs_make(&in, c);
    double *o;
    int32_t *sel;
    ch_ref_all(&attn_method_moba, c, &in, &o, &sel);
    const int64_t N = s->seq_len, d = s->head_dim, G = s->heads_q / s->heads_kv;
    const int64_t bk = c->p.block_size, nb = (N + bk - 1) / bk, w = c->p.topk;
    const double *q = in.d[0], *k = in.d[1];
    int32_t *want = malloc((size_t)w * 4);
    unsigned char *chosen = calloc((size_t)nb, 1), *mask = calloc((size_t)N, 1);
    struct scored *sc = calloc((size_t)nb, sizeof *sc);
    double *out = malloc((size_t)d * 8);
    int64_t ties = 0;
    for (int64_t b = 0; b < s->batch; b++)
        for (int64_t t = 0; t < s->q_len; t++)
            for (int64_t h = 0; h < s->heads_q; h++) {
                const int64_t pos = N - s->q_len + t, bi = pos / bk, r = h / G;
                for (int64_t x = 0; x < bi; x++) {
                    sc[x] = (struct scored){0, (int32_t)x};
                    for (int64_t y = 0; y < d; y++) {
                        double mean = 0;
                        for (int64_t j = x * bk; j < x * bk + bk; j++)
                            mean += k[((b * N + j) * s->heads_kv + r) * d + y] / (double)bk;
                        sc[x].s += q[((b * s->q_len + t) * s->heads_q + h) * d + y] * mean;
                    }
                }
                qsort(sc, (size_t)bi, sizeof *sc, by_score);
                for (int64_t x = 0; x + 1 < bi; x++)
                    ties += sc[x].s == sc[x + 1].s;
                memset(chosen, 0, (size_t)nb);
                chosen[bi] = 1;
                for (int64_t x = 0; x < bi && x < w - 1; x++)
                    chosen[sc[x].id] = 1;
                ch_row_from_flags(chosen, nb, want, (int32_t)w);
                const int32_t *got = sel + ((b * s->heads_q + h) * s->q_len + t) * w;
                for (int64_t x = 0; x < w; x++)
                    if (got[x] != want[x])
                        fail_msg("moba ref row b=%lld t=%lld h=%lld slot %lld: %d, brute force %d",
                                 (long long)b, (long long)t, (long long)h, (long long)x, got[x],
                                 want[x]);
                for (int64_t j = 0; j < N; j++)
                    mask[j] = j <= pos && chosen[j / bk];
                ch_masked_attn(s, q, k, in.d[2], b, t, h, mask, out);
                const double *oh = o + ((b * s->q_len + t) * s->heads_q + h) * d;
                for (int64_t y = 0; y < d; y++)
                    assert_close(oh[y], out[y], 1e-12, 1e-10);
            }
    if (c->fill == CH_DUP)
        assert_true(ties > 0);
    free(want), free(chosen), free(mask), free(sc), free(out), free(o), free(sel);
    ch_inputs_free(&in);
}

static void test_first_principles(void **state) {
    (void)state;
    struct ch_case c = ch_make(2, 37, 37, 4, 2, 4, 4, 4, true, CH_DUP, false, 7);
    check_first_principles(&c);
    c = ch_make(1, 64, 64, 8, 2, 8, 4, 5, true, CH_UNIF, false, 8);
    check_first_principles(&c);
    c = ch_make(1, 50, 6, 4, 1, 4, 8, 3, true, CH_DUP, false, 9); /* decode */
    check_first_principles(&c);
}

static void test_refusals(void **state) {
    (void)state;
    struct ch_case c = ch_make(1, 64, 64, 4, 1, 8, 8, 4, false, CH_UNIF, false, 1);
    const char *why = NULL;
    for (int i = 0; i < 2; i++) {
        assert_false(attn_method_moba.impls[i]->supports(&c.s, &c.p, &why));
        assert_non_null(strstr(why, "causal"));
    }
    c.s.causal = true;
    assert_true(attn_method_moba.impls[1]->supports(&c.s, &c.p, &why));
    struct attn_cost cost;
    assert_int_equal(attn_method_moba.cost(&c.s, &c.p, 4, &cost), ATTN_OK);
    assert_true(cost.flops_main > 0 && cost.flops_main < cost.flops_dense);
    assert_true(cost.bytes_model > 0 && cost.mem_model > 0);
    assert_int_equal(attn_method_moba.sel_layout, ATTN_SEL_HEAD_BLOCKS);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_verdicts),
        cmocka_unit_test(test_refusals),
        cmocka_unit_test(test_first_principles),
        cmocka_unit_test(test_cpu_vs_ref),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
