/* test_nsa.c - `nsa` (baselines/nsa): cpu against ref on the awkward shapes
 * (contemp_harness.h), nsa_local 1..3; the ref against a brute-force
 * selection and masked dense attention built here from the definition (no
 * code shared with the implementation) on tiny shapes with exact ties; what
 * supports() refuses. */
#include "contemp_harness.h"

extern const struct attn_method attn_method_nsa;

static bool vary_local(struct ch_case *c, int idx) {
    c->p.nsa_local = 1 + idx % 3;
    if (c->p.nsa_local > c->p.topk - 1)
        c->p.nsa_local = c->p.topk > 1 ? c->p.topk - 1 : 1;
    return true;
}

static void test_cpu_vs_ref(void **state) {
    (void)state;
    ch_run_all(&attn_method_nsa, vary_local);
}

static void test_verdicts(void **state) {
    (void)state;
    ch_verdict_rejects();
    ch_large_logits_reach_88();
}

/* Brute force from the definition, then the ref's rows and outputs. */
static void check_first_principles(const struct ch_case *c) {
    const struct attn_shape *s = &c->s;
    const int64_t bk = c->p.block_size, nb = (s->seq_len + bk - 1) / bk;
    struct ch_fp f;
    ch_fp_begin(&f, &attn_method_nsa, c, nb, c->p.topk);
    const int64_t N = f.N, d = f.d, G = f.G, w = f.w;
    const double *q = f.in.d[0], *k = f.in.d[1];
    double *kc = calloc((size_t)(nb * d), 8);
    assert_non_null(kc);
    for (int64_t b = 0; b < s->batch; b++)
        for (int64_t t = 0; t < s->q_len; t++)
            for (int64_t r = 0; r < s->heads_kv; r++) {
                const int64_t pos = N - s->q_len + t, bi = pos / bk;
                for (int64_t x = 0; x < bi; x++)
                    for (int64_t y = 0; y < d; y++) {
                        double acc = 0;
                        for (int64_t j = x * bk; j < x * bk + bk; j++)
                            acc += k[((b * N + j) * s->heads_kv + r) * d + y];
                        kc[x * d + y] = acc / (double)bk;
                    }
                for (int64_t x = 0; x < bi; x++)
                    f.sc[x] = (struct ch_scored){0, (int32_t)x};
                for (int64_t h = r * G; h < (r + 1) * G; h++) {
                    double z = 0, l[64];
                    for (int64_t x = 0; x < bi; x++) {
                        l[x] = 0;
                        for (int64_t y = 0; y < d; y++)
                            l[x] +=
                                q[((b * s->q_len + t) * s->heads_q + h) * d + y] * kc[x * d + y];
                        l[x] = exp(l[x] / sqrt((double)d));
                        z += l[x];
                    }
                    for (int64_t x = 0; x < bi; x++)
                        f.sc[x].s += l[x] / z;
                }
                memset(f.chosen, 0, (size_t)nb);
                f.chosen[0] = 1;
                int64_t n = 1;
                for (int64_t x = bi; x >= 0 && x > bi - c->p.nsa_local; x--)
                    n += !f.chosen[x], f.chosen[x] = 1;
                ch_fp_sort(&f, bi);
                for (int64_t x = 0; x < bi && n < w; x++)
                    if (!f.chosen[f.sc[x].id])
                        f.chosen[f.sc[x].id] = 1, n++;
                ch_fp_check_row(&f, nb, b, t, r, "r");
                for (int64_t j = 0; j < N; j++)
                    f.mask[j] = j <= pos && f.chosen[j / bk];
                for (int64_t h = r * G; h < (r + 1) * G; h++)
                    ch_fp_check_out(&f, b, t, h, f.mask);
            }
    if (c->fill == CH_DUP)
        assert_true(f.ties > 0); /* the duplicated blocks did tie */
    free(kc);
    ch_fp_end(&f);
}

static void test_first_principles(void **state) {
    (void)state;
    for (int i = 0; i < CH_FP_TINY; i++) {
        struct ch_case c = ch_fp_tiny(i);
        if (i != 1)
            c.p.nsa_local = 2;
        check_first_principles(&c);
    }
}

static void test_refusals(void **state) {
    (void)state;
    struct ch_case c = ch_make(1, 64, 64, 4, 1, 8, 8, 4, false, CH_UNIF, false, 1);
    ch_refused(&attn_method_nsa, &c, "causal");
    const char *why = NULL;
    c.s.causal = true;
    c.p.nsa_local = 4;
    assert_false(attn_method_nsa.impls[1]->supports(&c.s, &c.p, &why));
    assert_non_null(strstr(why, "topk"));
    c.p.nsa_local = 3;
    assert_true(attn_method_nsa.impls[1]->supports(&c.s, &c.p, &why));
    struct attn_cost cost;
    ch_cost_sparse(&attn_method_nsa, &c, &cost);
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
