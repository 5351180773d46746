/* test_quest.c - `quest` (baselines/quest): cpu against ref on the awkward
 * shapes (contemp_harness.h; prefill refused, decode q_len 1..8 causal and
 * not); the ref against a brute-force selection and masked dense attention
 * built here from the definition (no code shared with the implementation) on
 * tiny decode shapes with exact ties; what supports() refuses; the cost. */
#include "contemp_harness.h"

extern const struct attn_method attn_method_quest;

static void test_cpu_vs_ref(void **state) {
    (void)state;
    ch_run_all(&attn_method_quest, NULL);
}

static void test_verdicts(void **state) {
    (void)state;
    ch_verdict_rejects();
}

static void check_first_principles(const struct ch_case *c) {
    const struct attn_shape *s = &c->s;
    const int64_t bk = c->p.block_size, nb = (s->seq_len + bk - 1) / bk;
    struct ch_fp f;
    ch_fp_begin(&f, &attn_method_quest, c, nb, c->p.topk);
    const int64_t N = f.N, d = f.d;
    const double *q = f.in.d[0], *k = f.in.d[1];
    for (int64_t b = 0; b < s->batch; b++)
        for (int64_t t = 0; t < s->q_len; t++)
            for (int64_t h = 0; h < s->heads_q; h++) {
                const int64_t pos = N - s->q_len + t, r = h / f.G;
                for (int64_t j = 0; j < N; j++)
                    f.mask[j] = !s->causal || j <= pos;
                int64_t np = 0;
                for (int64_t pg = 0; pg < nb; pg++) {
                    double bnd = 0;
                    bool any = false;
                    for (int64_t y = 0; y < d; y++) {
                        double lo = 1e300, hi = -1e300;
                        for (int64_t j = pg * bk; j < N && j < pg * bk + bk; j++)
                            if (f.mask[j]) {
                                const double x = k[((b * N + j) * s->heads_kv + r) * d + y];
                                lo = x < lo ? x : lo;
                                hi = x > hi ? x : hi;
                                any = true;
                            }
                        const double qy = q[((b * s->q_len + t) * s->heads_q + h) * d + y];
                        bnd += qy * lo > qy * hi ? qy * lo : qy * hi;
                    }
                    if (any)
                        f.sc[np++] = (struct ch_scored){bnd, (int32_t)pg};
                }
                ch_fp_sort(&f, np);
                for (int64_t x = 0; x < nb; x++)
                    f.chosen[x] = 0;
                for (int64_t x = 0; x < np && x < f.w; x++)
                    f.chosen[f.sc[x].id] = 1;
                ch_fp_check_row(&f, nb, b, t, h, "h");
                for (int64_t j = 0; j < N; j++)
                    f.mask[j] = f.mask[j] && f.chosen[j / bk];
                ch_fp_check_out(&f, b, t, h, f.mask);
            }
    if (c->fill == CH_DUP)
        assert_true(f.ties > 0);
    ch_fp_end(&f);
}

static void test_first_principles(void **state) {
    (void)state;
    struct ch_case c = ch_make(2, 37, 3, 4, 2, 4, 4, 3, true, CH_DUP, false, 7);
    check_first_principles(&c);
    c = ch_make(1, 61, 8, 8, 2, 8, 8, 4, true, CH_INT30, false, 8);
    check_first_principles(&c);
    c = ch_make(1, 50, 5, 4, 1, 4, 8, 3, false, CH_DUP, false, 9); /* non-causal */
    check_first_principles(&c);
    c = ch_make(1, 20, 1, 4, 4, 4, 4, 9, true, CH_UNIF, false, 10); /* topk > pages */
    check_first_principles(&c);
}

static void test_refusals(void **state) {
    (void)state;
    struct ch_case c = ch_make(1, 64, 64, 4, 1, 8, 8, 4, true, CH_UNIF, false, 1);
    ch_refused(&attn_method_quest, &c, "prefill");
    const char *why = NULL;
    c.s.q_len = 4;
    c.s.mode = ATTN_DECODE;
    assert_true(attn_method_quest.impls[1]->supports(&c.s, &c.p, &why));
    c.s.seq_len = 4096;
    struct attn_cost cost;
    ch_cost_sparse(&attn_method_quest, &c, &cost);
    assert_int_equal(attn_method_quest.sel_layout, ATTN_SEL_HEAD_BLOCKS);
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
