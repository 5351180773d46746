/* test_gpu_bigbird.c - BigBird on CUDA (q_outer and ws) against the float64 oracles, on
 * inputs rounded to bf16 once on the host (SPEC §8): the selection equals the host pattern
 * (bigbird_fill_sel) exactly; O against the float64 block-sparse oracle on it (rel L2 <= 1e-2,
 * max abs <= 2x a naive bf16 computation, NaN never passes; gpu_cases.h) and against
 * attn_bigbird_ref.  q_outer on bb-* (N not a multiple of Bk, GQA 4 / 16 / 1, non-causal,
 * decode q_len 4, large logits); ws on its own shapes (bbw-*: Bk 128, d 128, prefill).
 *   test_gpu_bigbird          all cases
 *   test_gpu_bigbird small    the sanitizer subset
 *   test_gpu_bigbird NAME     the cases whose name contains NAME
 * Exits 77 without a GPU.  (Split from test_gpu_msa.c, which had grown past 900 lines.) */
#include "testutil.h"

#include "bigbird/bigbird_pattern.h"
#include "device.h"

#ifdef MSABENCH_HAVE_CUDA
#include "gpu_cases.h"

/* variant: NULL = the first registered (q_outer) */
static void bigbird_case(const struct tcase *tc, uint64_t seed, const char *variant) {
    struct inputs in;
    make_inputs(&in, tc, seed);
    in.p.bb_window = 3;
    in.p.bb_global = 2;
    in.p.bb_random = 2;
    int64_t *rows = NULL;
    const int64_t nr = pick_rows(&in.s, &rows);
    const struct attn_impl *im = attn_registry_find("bigbird", "cuda", variant);
    assert_non_null(im);
    const char *why = NULL;
    if (!im->supports(&in.s, &in.p, &why))
        fail_msg("bigbird/cuda/%s does not support %s: %s", im->variant, tc->name, why);
    const int32_t width = im->sel_width(&in.s, &in.p);
    const size_t nsel = (size_t)(tc->B * tc->Hkv * tc->q_len * width);
    printf("  bigbird/%s %s: width %d\n", im->variant, tc->name, width);
    float *o = malloc(in.nq * sizeof *o);
    int32_t *sel = malloc(nsel * sizeof *sel), *want = malloc(nsel * sizeof *want);
    assert_non_null(o);
    assert_non_null(sel);
    assert_non_null(want);
    device_run(im, &in, false, o, sel, nsel);
    bigbird_fill_sel(&in.s, &in.p, want, NULL, 0);
    if (memcmp(sel, want, nsel * sizeof *sel) != 0)
        fail_msg("bigbird/cuda/%s: selection differs from the host pattern", im->variant);
    check_output(&in, o, sel, width, rows, nr, im->variant);
    /* and against the registered float64 oracle itself */
    const struct attn_impl *ref = attn_registry_ref("bigbird");
    assert_non_null(ref);
    double *oref = calloc(in.nq, sizeof *oref);
    assert_non_null(oref);
    void *rctx = NULL, *rws = NULL;
    const size_t rwsz = ref->workspace_size(&in.s, &in.p);
    rws = rwsz ? attn_host_alloc(rwsz) : NULL;
    assert_int_equal(ref->init(&rctx, &in.s, &in.p, rws, NULL), ATTN_OK);
    struct attn_io rio = {in.qd, in.kd, in.vd, NULL, NULL, oref, NULL, rows, nr};
    assert_int_equal(ref->run(rctx, &rio), ATTN_OK);
    ref->free(rctx);
    attn_host_free(rws);
    double num = 0, den = 0;
    for (int64_t b = 0; b < tc->B; b++)
        for (int64_t i = 0; i < nr; i++) {
            const size_t off = (size_t)((b * tc->q_len + rows[i]) * tc->Hq * tc->d);
            for (size_t c = 0; c < (size_t)(tc->Hq * tc->d); c++) {
                const double x = o[off + c], y = oref[off + c];
                num += (x - y) * (x - y);
                den += y * y;
            }
        }
    const double rel = sqrt(num / den);
    printf("    bigbird/%s vs attn_bigbird_ref  rel %.2e\n", im->variant, rel);
    if (!(rel <= 1e-2))
        fail_msg("bigbird/cuda/%s: rel L2 %.3e > 1e-2 against the ref", im->variant, rel);
    free(o), free(sel), free(want), free(oref), free(rows);
    free_inputs(&in);
}

static const struct tcase bb_cases[] = {
    {"bb-g4-n1000", 1, 1000, 1000, 16, 4, 128, 64, 64, 0, true, ATTN_PREFILL, 1.0, false, 0, 0,
     true},
    {"bb-g16-n777", 2, 777, 777, 16, 1, 64, 64, 32, 0, true, ATTN_PREFILL, 3.9, false, 0, 0, false},
    {"bb-full-n500", 1, 500, 500, 8, 8, 64, 64, 64, 0, false, ATTN_PREFILL, 1.0, false, 0, 0,
     false},
    {"bb-decode-q4", 1, 3000, 4, 16, 4, 128, 64, 64, 0, true, ATTN_DECODE, 1.0, false, 0, 0, false},
};

/* bigbird/cuda/ws (flash ws_v1 over each query tile's block list: Bk 128, d 128, prefill):
 * N not a multiple of 128 (a partial last tile) and a multiple (whole tiles), GQA 4 / 16 / 1 /
 * 8, B 2 with random blocks spread over 32, large logits, non-causal (global tiles list every
 * block). */
static const struct tcase bbw_cases[] = {
    {"bbw-g4-n1000", 1, 1000, 1000, 16, 4, 128, 64, 128, 0, true, ATTN_PREFILL, 1.0, false, 0, 0,
     true},
    {"bbw-g16-n4000-big", 2, 4000, 4000, 16, 1, 128, 64, 128, 0, true, ATTN_PREFILL, 3.9, false, 0,
     0, false},
    {"bbw-g1-full-n700", 1, 700, 700, 4, 4, 128, 64, 128, 0, false, ATTN_PREFILL, 1.0, false, 0, 0,
     true},
    {"bbw-g8-n1280", 1, 1280, 1280, 16, 2, 128, 64, 128, 0, true, ATTN_PREFILL, 1.0, false, 0, 0,
     false},
};

static void test_bigbird_case(void **state) {
    struct tcase tc = *(const struct tcase *)*state;
    const uint64_t seed = 2000 + (uint64_t)((const struct tcase *)*state - bb_cases);
    tc.k = 1; /* unused by bigbird */
    bigbird_case(&tc, seed, NULL);
}

static void test_bigbird_ws_case(void **state) {
    struct tcase tc = *(const struct tcase *)*state;
    const uint64_t seed = 2100 + (uint64_t)((const struct tcase *)*state - bbw_cases);
    tc.k = 1;
    bigbird_case(&tc, seed, "ws");
}

int main(int argc, char **argv) {
    if (!attn_device_available())
        return 77;
    const bool small_only = argc > 1 && strcmp(argv[1], "small") == 0;
    const char *filter = argc > 1 && !small_only ? argv[1] : NULL;
    enum { NB = sizeof bb_cases / sizeof bb_cases[0], NW = sizeof bbw_cases / sizeof bbw_cases[0] };
    struct CMUnitTest tests[NB + NW];
    size_t n = 0;
    for (size_t i = 0; i < NB; i++)
        if ((!small_only || bb_cases[i].small) && (!filter || strstr(bb_cases[i].name, filter)))
            tests[n++] = (struct CMUnitTest){bb_cases[i].name, test_bigbird_case, NULL, NULL,
                                             (void *)&bb_cases[i]};
    for (size_t i = 0; i < NW; i++)
        if ((!small_only || bbw_cases[i].small) && (!filter || strstr(bbw_cases[i].name, filter)))
            tests[n++] = (struct CMUnitTest){bbw_cases[i].name, test_bigbird_ws_case, NULL, NULL,
                                             (void *)&bbw_cases[i]};
    return _cmocka_run_group_tests("gpu_bigbird", tests, n, NULL, NULL);
}
#else
int main(void) {
    return 77;
}
#endif
