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

static void check_first_principles(const struct ch_case *c) {
    const struct attn_shape *s = &c->s;
    const int64_t bk = c->p.block_size, nb = (s->seq_len + bk - 1) / bk;
    struct ch_fp f;
    ch_fp_begin(&f, &attn_method_moba, c, nb, c->p.topk);
    const int64_t N = f.N, d = f.d;
    const double *q = f.in.d[0], *k = f.in.d[1];
    for (int64_t b = 0; b < s->batch; b++)
        for (int64_t t = 0; t < s->q_len; t++)
            for (int64_t h = 0; h < s->heads_q; h++) {
                const int64_t pos = N - s->q_len + t, bi = pos / bk, r = h / f.G;
                for (int64_t x = 0; x < bi; x++) {
                    f.sc[x] = (struct ch_scored){0, (int32_t)x};
                    for (int64_t y = 0; y < d; y++) {
                        double mean = 0;
                        for (int64_t j = x * bk; j < x * bk + bk; j++)
                            mean += k[((b * N + j) * s->heads_kv + r) * d + y] / (double)bk;
                        f.sc[x].s += q[((b * s->q_len + t) * s->heads_q + h) * d + y] * mean;
                    }
                }
                ch_fp_sort(&f, bi);
                memset(f.chosen, 0, (size_t)nb);
                f.chosen[bi] = 1;
                for (int64_t x = 0; x < bi && x < f.w - 1; x++)
                    f.chosen[f.sc[x].id] = 1;
                ch_fp_check_row(&f, nb, b, t, h, "h");
                for (int64_t j = 0; j < N; j++)
                    f.mask[j] = j <= pos && f.chosen[j / bk];
                ch_fp_check_out(&f, b, t, h, f.mask);
            }
    if (c->fill == CH_DUP)
        assert_true(f.ties > 0);
    ch_fp_end(&f);
}

static void test_first_principles(void **state) {
    (void)state;
    for (int i = 0; i < CH_FP_TINY; i++) {
        const struct ch_case c = ch_fp_tiny(i);
        check_first_principles(&c);
    }
}

static void test_refusals(void **state) {
    (void)state;
    struct ch_case c = ch_make(1, 64, 64, 4, 1, 8, 8, 4, false, CH_UNIF, false, 1);
    ch_refused(&attn_method_moba, &c, "causal");
    c.s.causal = true;
    const char *why = NULL;
    assert_true(attn_method_moba.impls[1]->supports(&c.s, &c.p, &why));
    struct attn_cost cost;
    ch_cost_sparse(&attn_method_moba, &c, &cost);
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
