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

/* Brute force from the definition, then the ref's rows and outputs. */
static void check_first_principles(struct ch_case *c) {
    const struct attn_shape *s = &c->s;
    struct ch_inputs in;
    ch_inputs_make(&in, c);
    double *o;
    int32_t *sel;
    ch_ref_all(&attn_method_nsa, c, &in, &o, &sel);
    const int64_t N = s->seq_len, d = s->head_dim, G = s->heads_q / s->heads_kv;
    const int64_t bk = c->p.block_size, nb = (N + bk - 1) / bk, w = c->p.topk;
    const double *q = in.d[0], *k = in.d[1];
    int32_t *want = malloc((size_t)w * 4);
    unsigned char *chosen = calloc((size_t)nb, 1), *mask = calloc((size_t)N, 1);
    struct scored *sc = calloc((size_t)nb, sizeof *sc);
    double *out = malloc((size_t)d * 8), *kc = calloc((size_t)(nb * d), 8);
    int64_t ties = 0;
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
                    sc[x] = (struct scored){0, (int32_t)x};
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
                        sc[x].s += l[x] / z;
                }
                memset(chosen, 0, (size_t)nb);
                chosen[0] = 1;
                int64_t n = 1;
                for (int64_t x = bi; x >= 0 && x > bi - c->p.nsa_local; x--)
                    n += !chosen[x], chosen[x] = 1;
                qsort(sc, (size_t)bi, sizeof *sc, by_score);
                for (int64_t x = 0; x + 1 < bi; x++)
                    ties += sc[x].s == sc[x + 1].s;
                for (int64_t x = 0; x < bi && n < w; x++)
                    if (!chosen[sc[x].id])
                        chosen[sc[x].id] = 1, n++;
                ch_row_from_flags(chosen, nb, want, (int32_t)w);
                const int32_t *got = sel + ((b * s->heads_kv + r) * s->q_len + t) * w;
                for (int64_t x = 0; x < w; x++)
                    if (got[x] != want[x])
                        fail_msg("nsa ref row b=%lld t=%lld r=%lld slot %lld: %d, brute force %d",
                                 (long long)b, (long long)t, (long long)r, (long long)x, got[x],
                                 want[x]);
                for (int64_t j = 0; j < N; j++)
                    mask[j] = j <= pos && chosen[j / bk];
                for (int64_t h = r * G; h < (r + 1) * G; h++) {
                    ch_masked_attn(s, q, k, in.d[2], b, t, h, mask, out);
                    const double *oh = o + ((b * s->q_len + t) * s->heads_q + h) * d;
                    for (int64_t y = 0; y < d; y++)
                        assert_close(oh[y], out[y], 1e-12, 1e-10);
                }
            }
    if (c->fill == CH_DUP)
        assert_true(ties > 0); /* the duplicated blocks did tie */
    free(want), free(chosen), free(mask), free(sc), free(out), free(kc), free(o), free(sel);
    ch_inputs_free(&in);
}

static void test_first_principles(void **state) {
    (void)state;
    struct ch_case c = ch_make(2, 37, 37, 4, 2, 4, 4, 4, true, CH_DUP, false, 7);
    c.p.nsa_local = 2;
    check_first_principles(&c);
    c = ch_make(1, 64, 64, 8, 2, 8, 4, 5, true, CH_UNIF, false, 8);
    check_first_principles(&c);
    c = ch_make(1, 50, 6, 4, 1, 4, 8, 3, true, CH_DUP, false, 9); /* decode */
    c.p.nsa_local = 2;
    check_first_principles(&c);
}

static void test_refusals(void **state) {
    (void)state;
    struct ch_case c = ch_make(1, 64, 64, 4, 1, 8, 8, 4, false, CH_UNIF, false, 1);
    const char *why = NULL;
    for (int i = 0; i < 2; i++) {
        assert_false(attn_method_nsa.impls[i]->supports(&c.s, &c.p, &why));
        assert_non_null(strstr(why, "causal"));
    }
    c.s.causal = true;
    c.p.nsa_local = 4;
    assert_false(attn_method_nsa.impls[1]->supports(&c.s, &c.p, &why));
    assert_non_null(strstr(why, "topk"));
    c.p.nsa_local = 3;
    assert_true(attn_method_nsa.impls[1]->supports(&c.s, &c.p, &why));
    struct attn_cost cost;
    assert_int_equal(attn_method_nsa.cost(&c.s, &c.p, 4, &cost), ATTN_OK);
    assert_true(cost.flops_main > 0 && cost.flops_main < cost.flops_dense);
    assert_true(cost.bytes_model > 0 && cost.mem_model > 0);
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
