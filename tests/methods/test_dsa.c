/* test_dsa.c - `dsa` (baselines/dsa): cpu against ref on the awkward shapes
 * (contemp_harness.h, token budget Bk * topk per case, and budgets 1, 7 and
 * above N); the ref against a brute-force token selection and masked dense
 * attention built here from the definition (no code shared with the
 * implementation) on tiny shapes with exact ties (ReLU zeros, duplicated
 * index keys); sel_width; the cost. */
#include "contemp_harness.h"

extern const struct attn_method attn_method_dsa;

static bool vary_budget(struct ch_case *c, int idx) {
    static const int32_t odd[] = {1, 7, 5000};
    if (idx % 4 == 3)
        c->p.dsa_tokens = odd[(idx / 4) % 3];
    return true;
}

static void test_cpu_vs_ref(void **state) {
    (void)state;
    ch_run_all(&attn_method_dsa, vary_budget);
}

static void test_verdicts(void **state) {
    (void)state;
    ch_verdict_rejects();
}

static void check_first_principles(const struct ch_case *c) {
    const struct attn_shape *s = &c->s;
    const int64_t N = s->seq_len, di = s->index_dim;
    const int64_t w = c->p.dsa_tokens < N ? c->p.dsa_tokens : N;
    assert_int_equal(attn_method_dsa.impls[0]->sel_width(s, &c->p), w);
    struct ch_fp f;
    ch_fp_begin(&f, &attn_method_dsa, c, N, w);
    for (int64_t b = 0; b < s->batch; b++)
        for (int64_t t = 0; t < s->q_len; t++)
            for (int64_t r = 0; r < s->heads_kv; r++) {
                const int64_t pos = N - s->q_len + t;
                int64_t n = 0;
                for (int64_t j = 0; j < N; j++) {
                    if (s->causal && j > pos)
                        continue;
                    double dot = 0;
                    for (int64_t x = 0; x < di; x++)
                        dot += f.in.d[3][((b * s->q_len + t) * s->heads_kv + r) * di + x] *
                               f.in.d[4][(b * N + j) * di + x];
                    f.sc[n++] = (struct ch_scored){dot < 0 ? 0 : dot, (int32_t)j};
                }
                ch_fp_sort(&f, n);
                for (int64_t j = 0; j < N; j++)
                    f.chosen[j] = 0;
                for (int64_t x = 0; x < n && x < w; x++)
                    f.chosen[f.sc[x].id] = 1;
                ch_fp_check_row(&f, N, b, t, r, "r");
                for (int64_t h = r * f.G; h < (r + 1) * f.G; h++)
                    ch_fp_check_out(&f, b, t, h, f.chosen);
            }
    assert_true(f.ties > 0); /* ReLU zeros at least */
    ch_fp_end(&f);
}

static void test_first_principles(void **state) {
    (void)state;
    struct ch_case c = ch_make(2, 37, 37, 4, 2, 4, 4, 3, true, CH_DUP, false, 7);
    c.p.dsa_tokens = 9;
    check_first_principles(&c);
    c = ch_make(1, 40, 40, 8, 2, 8, 8, 2, false, CH_UNIF, false, 8); /* non-causal */
    c.p.dsa_tokens = 5;
    check_first_principles(&c);
    c = ch_make(1, 50, 6, 4, 1, 4, 8, 3, true, CH_DUP, false, 9); /* decode */
    c.p.dsa_tokens = 13;
    check_first_principles(&c);
    c = ch_make(1, 20, 20, 4, 4, 4, 4, 3, true, CH_UNIF, false, 10); /* budget > N */
    c.p.dsa_tokens = 2048;
    check_first_principles(&c);
}

static void test_width_and_cost(void **state) {
    (void)state;
    struct ch_case c = ch_make(1, 4096, 4096, 8, 2, 64, 64, 4, true, CH_UNIF, false, 1);
    assert_int_equal(attn_method_dsa.impls[1]->sel_width(&c.s, &c.p), 256);
    c.p.dsa_tokens = 0;
    const char *why = NULL;
    assert_false(attn_method_dsa.impls[1]->supports(&c.s, &c.p, &why));
    c.p.dsa_tokens = 512;
    struct attn_cost cost;
    assert_int_equal(attn_method_dsa.cost(&c.s, &c.p, 4, &cost), ATTN_OK);
    assert_true(cost.flops_main > 0 && cost.flops_main < cost.flops_dense);
    assert_true(cost.flops_index > 0 && cost.bytes_model > 0 && cost.mem_model > 0);
    assert_int_equal(attn_method_dsa.sel_layout, ATTN_SEL_GROUP_TOKENS);
    assert_true(attn_method_dsa.flags & ATTN_F_INDEX);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_verdicts),
        cmocka_unit_test(test_width_and_cost),
        cmocka_unit_test(test_first_principles),
        cmocka_unit_test(test_cpu_vs_ref),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
