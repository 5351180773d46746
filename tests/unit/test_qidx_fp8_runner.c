/* test_qidx_fp8_runner.c - an implementation flagged ATTN_F_QIDX_FP8 is checked
 * against the float64 ref fed the e4m3-rounded Qidx (msa_fp8_round.h).  The
 * inputs make rounding flip a block choice: each Qidx row is (a, a(1 - 2^-8),
 * noise) with a the row's max, so a lands on e4m3 256 exactly and a(1 - 2^-8)
 * = 255 rounds up to 256; block 2's keys score a, block 1's score the second
 * value, block 0's score -(both).  Unrounded, rows of block 3 pick block 2;
 * rounded, the two tie and block 1 (the smaller id) wins; a Qidx row left at
 * zero picks block 0.  A fake msa implementation rounds its queries and runs
 * the ref: with the flag it validates, without it it must fail. */
#include "alloc.h"
#include "device.h"
#include "msa/msa_fp8_round.h"
#include "runner_int.h"
#include "testutil.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum { B = 2, N = 64, HQ = 4, HKV = 2, D = 8, DI = 8, BK = 16, TOPK = 2 };

static const struct attn_shape shape = {.batch = B,
                                        .seq_len = N,
                                        .q_len = N,
                                        .heads_q = HQ,
                                        .heads_kv = HKV,
                                        .head_dim = D,
                                        .index_dim = DI,
                                        .mode = ATTN_PREFILL,
                                        .causal = true};

static struct attn_impl fake = {.api_version = ATTN_API_VERSION,
                                .method = "msa",
                                .backend = "cpu",
                                .variant = "fake_q8",
                                .flags = ATTN_F_INDEX | ATTN_F_SELECT | ATTN_F_QIDX_FP8};

static float frand(uint64_t *s) { /* [-1, 1) */
    *s = *s * 6364136223846793005ULL + 1442695040888963407ULL;
    return (float)((double)(*s >> 11) * 0x1p-52 - 1.0);
}

/* The input set as runner_input_get leaves it, with the crafted index inputs. */
static void make_inputs(struct input_set *is) {
    memset(is, 0, sizeof *is);
    is->valid = true;
    is->shape = shape;
    struct attn_inputs *in = &is->f32;
    in->shape = shape;
    const int64_t nq = attn_numel_q(&shape), nkv = attn_numel_kv(&shape);
    in->q = attn_host_alloc((size_t)nq * sizeof(float));
    in->k = attn_host_alloc((size_t)nkv * sizeof(float));
    in->v = attn_host_alloc((size_t)nkv * sizeof(float));
    in->qidx = attn_host_alloc((size_t)attn_numel_qidx(&shape) * sizeof(float));
    in->kidx = attn_host_alloc((size_t)attn_numel_kidx(&shape) * sizeof(float));
    assert_true(in->q && in->k && in->v && in->qidx && in->kidx);
    uint64_t seed = 12345;
    for (int64_t i = 0; i < nq; i++)
        in->q[i] = frand(&seed);
    for (int64_t i = 0; i < nkv; i++) {
        in->k[i] = frand(&seed);
        in->v[i] = frand(&seed);
    }
    for (int64_t b = 0; b < B; b++)
        for (int64_t t = 0; t < N; t++)
            for (int64_t h = 0; h < HKV; h++) {
                float *r = in->qidx + ((b * N + t) * HKV + h) * DI;
                const float a = (float)ldexp(1, (int)((t + 3 * h + 5 * b) % 9) - 4);
                r[0] = a;
                r[1] = a * (1 - 0x1p-8f);
                for (int c = 2; c < DI; c++) /* below a: the max stays r[0] */
                    r[c] = 0.5f * a * frand(&seed);
            }
    for (int64_t b = 0; b < B; b++)
        for (int64_t j = 0; j < N; j++) {
            float *r = in->kidx + (b * N + j) * DI;
            memset(r, 0, DI * sizeof(float));
            if (j / BK == 0)
                r[0] = r[1] = -1;
            else if (j / BK == 1)
                r[1] = 1;
            else if (j / BK == 2)
                r[0] = 1;
        }
}

static double *to_f64(const float *x, int64_t n, bool bf16) {
    double *d = malloc((size_t)n * sizeof *d);
    assert_non_null(d);
    for (int64_t i = 0; i < n; i++)
        d[i] = bf16 ? (double)attn_bf16_to_f32(attn_f32_to_bf16(x[i])) : (double)x[i];
    return d;
}

/* The msa ref on every row with the given Qidx: o [B, N, HQ, D], sel [B, HKV, N, TOPK]. */
static void ref_all(const struct attn_params *p, const struct attn_inputs *in, const double *qidx,
                    bool bf16, double *o, int32_t *sel) {
    const struct attn_impl *ref = attn_registry_ref("msa");
    assert_non_null(ref);
    double *q = to_f64(in->q, attn_numel_q(&shape), bf16);
    double *k = to_f64(in->k, attn_numel_kv(&shape), bf16);
    double *v = to_f64(in->v, attn_numel_kv(&shape), bf16);
    double *kidx = to_f64(in->kidx, attn_numel_kidx(&shape), bf16);
    void *ws = attn_host_alloc(ref->workspace_size(&shape, p)), *ctx = NULL;
    assert_non_null(ws);
    assert_int_equal(ref->init(&ctx, &shape, p, ws, NULL), ATTN_OK);
    const struct attn_io io = {
        .q = q, .k = k, .v = v, .qidx = qidx, .kidx = kidx, .o = o, .sel = sel};
    assert_int_equal(ref->run(ctx, &io), ATTN_OK);
    ref->free(ctx);
    attn_host_free(ws);
    free(q);
    free(k);
    free(v);
    free(kidx);
}

/* Qidx as float64 (bf16-rounded or not), every row rounded to e4m3 when fp8. */
static double *qidx_of(const struct attn_inputs *in, bool bf16, bool fp8) {
    double *d = to_f64(in->qidx, attn_numel_qidx(&shape), bf16);
    for (int64_t r = 0; fp8 && r < B * N * HKV; r++)
        msa_qidx_round_fp8(d + r * DI, DI, d + r * DI);
    return d;
}

static const struct attn_params params = {.block_size = BK, .topk = TOPK};

/* The fake's output on all rows (float32, as a cpu backend) and selection. */
static void fake_run(const struct attn_inputs *in, float *o, int32_t *sel) {
    const int64_t nq = attn_numel_q(&shape);
    double *o64 = calloc((size_t)nq, sizeof *o64), *qidx = qidx_of(in, false, true);
    assert_non_null(o64);
    ref_all(&params, in, qidx, false, o64, sel);
    for (int64_t i = 0; i < nq; i++)
        o[i] = (float)o64[i];
    free(o64);
    free(qidx);
}

/* The rows picked by the crafted inputs: block 1 rounded, block 2 not. */
static void test_inputs_flip(void **state) {
    (void)state;
    struct input_set is;
    make_inputs(&is);
    int32_t *s8 = malloc(B * HKV * N * TOPK * sizeof *s8), *s64 = malloc(B * HKV * N * TOPK * 4);
    double *o = calloc((size_t)attn_numel_q(&shape), sizeof *o);
    double *q8 = qidx_of(&is.f32, false, true), *q64 = qidx_of(&is.f32, false, false);
    assert_true(s8 && s64 && o);
    ref_all(&params, &is.f32, q8, false, o, s8);
    ref_all(&params, &is.f32, q64, false, o, s64);
    for (int64_t bh = 0; bh < B * HKV; bh++)
        for (int64_t t = 3 * BK; t < N; t++) {
            assert_int_equal(s8[(bh * N + t) * TOPK], 1);
            assert_int_equal(s64[(bh * N + t) * TOPK], 2);
        }
    free(s8);
    free(s64);
    free(o);
    free(q8);
    free(q64);
    runner_input_set_free(&is);
}

/* runner_validate on the fake's output; returns its status, reason in why. */
static enum attn_status validate(struct input_set *is, uint32_t flags, const int64_t *rows,
                                 int64_t nr, char *why, size_t whyn) {
    const int64_t nq = attn_numel_q(&shape);
    float *o = malloc((size_t)nq * sizeof *o);
    int32_t *sel = malloc(B * HKV * N * TOPK * sizeof *sel);
    assert_true(o && sel);
    fake_run(&is->f32, o, sel);
    struct sweep_point pt = {.shape = shape, .params = params};
    struct result_row row;
    memset(&row, 0, sizeof row);
    struct attn_impl im = fake;
    im.flags = flags;
    struct job j = {.pt = &pt, .is = is, .im = &im, .shape = shape, .row = &row};
    const enum attn_status st = runner_validate(&j, is, o, sel, TOPK, rows, nr);
    snprintf(why, whyn, "%s", row.reason);
    free(o);
    free(sel);
    return st;
}

static void test_validate_with_flag(void **state) {
    (void)state;
    struct input_set is;
    char why[512];
    int64_t all[N];
    for (int64_t t = 0; t < N; t++)
        all[t] = t;
    make_inputs(&is);
    enum attn_status st = validate(&is, fake.flags, all, N, why, sizeof why);
    if (st != ATTN_OK)
        print_error("flagged fake on all rows: %s (%s)\n", attn_status_str(st), why);
    assert_int_equal(st, ATTN_OK);
    runner_input_set_free(&is);

    /* sampled rows, unsorted, the last one in the flipping block: only they are rounded */
    const int64_t rows[] = {5, 50, 33, 0, 63};
    const int64_t nr = (int64_t)(sizeof rows / sizeof rows[0]);
    make_inputs(&is);
    st = validate(&is, fake.flags, rows, nr, why, sizeof why);
    if (st != ATTN_OK)
        print_error("flagged fake on sampled rows: %s (%s)\n", attn_status_str(st), why);
    assert_int_equal(st, ATTN_OK);
    assert_non_null(is.filled_q8[0]);
    int64_t done = 0;
    for (int64_t t = 0; t < N; t++)
        done += is.filled_q8[0][t];
    assert_int_equal(done, nr);
    for (int64_t r = 0; r < nr; r++)
        assert_int_equal(is.filled_q8[0][rows[r]], 1);
    assert_null(is.dq8[1]); /* a cpu implementation: no bf16 copy */
    runner_input_set_free(&is);
}

static void test_validate_without_flag_fails(void **state) {
    (void)state;
    struct input_set is;
    char why[512];
    const int64_t rows[] = {5, 50, 33, 0, 63};
    make_inputs(&is);
    const enum attn_status st =
        validate(&is, fake.flags & ~ATTN_F_QIDX_FP8, rows, 5, why, sizeof why);
    assert_int_equal(st, ATTN_ERR_VALIDATION);
    assert_non_null(strstr(why, "validation"));
    assert_null(is.dq8[0]); /* without the flag nothing is rounded */
    runner_input_set_free(&is);
}

/* The ref the runner runs for a device (bf16) implementation reads the bf16
 * Qidx rounded to e4m3: output and selection equal, bit for bit, the ref on
 * a Qidx the test rounds itself; rows the sample skips stay unread zeros. */
static void test_ref_rows_bf16(void **state) {
    (void)state;
    struct input_set is;
    make_inputs(&is);
    struct sweep_point pt = {.shape = shape, .params = params};
    struct result_row row;
    memset(&row, 0, sizeof row);
    struct job j = {.pt = &pt, .is = &is, .im = &fake, .shape = shape, .row = &row};
    const int64_t rows[] = {63, 17, 48, 40, 2, 55};
    const int64_t nr = (int64_t)(sizeof rows / sizeof rows[0]);
    for (int bf16 = 0; bf16 < 2; bf16++) {
        double *o64 = NULL;
        int32_t *sel = NULL;
        assert_int_equal(runner_ref_on_rows(&j, &is, bf16, rows, nr, TOPK, &o64, &sel), ATTN_OK);
        double *want = calloc((size_t)attn_numel_q(&shape), sizeof *want);
        int32_t *wsel = malloc(B * HKV * N * TOPK * sizeof *wsel);
        double *q8 = qidx_of(&is.f32, bf16, true);
        assert_true(want && wsel);
        ref_all(&params, &is.f32, q8, bf16, want, wsel);
        const double *got_q = NULL;
        assert_int_equal(runner_input_qidx_fp8(&is, bf16, rows, nr, &got_q), ATTN_OK);
        assert_true(got_q == is.dq8[bf16]);
        for (int64_t b = 0; b < B; b++)
            for (int64_t r = 0; r < nr; r++) {
                const int64_t t = rows[r];
                const int64_t qo = (b * N + t) * HKV * DI, oo = (b * N + t) * HQ * D;
                assert_memory_equal(got_q + qo, q8 + qo, HKV * DI * sizeof(double));
                assert_memory_equal(o64 + oo, want + oo, HQ * D * sizeof(double));
                for (int64_t h = 0; h < HKV; h++) {
                    const int64_t so = ((b * HKV + h) * N + t) * TOPK;
                    assert_memory_equal(sel + so, wsel + so, TOPK * sizeof(int32_t));
                    if (t >= 3 * BK)
                        assert_int_equal(sel[so], 1); /* the rounded choice */
                }
            }
        for (int64_t i = 0; i < B * N * HKV * DI; i++) /* unsampled rows never written */
            if (!is.filled_q8[bf16][(i / (HKV * DI)) % N])
                assert_true(got_q[i] == 0);
        free(o64);
        attn_host_free(sel);
        free(want);
        free(wsel);
        free(q8);
    }
    runner_input_set_free(&is);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_inputs_flip),
        cmocka_unit_test(test_validate_with_flag),
        cmocka_unit_test(test_validate_without_flag_fails),
        cmocka_unit_test(test_ref_rows_bf16),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
