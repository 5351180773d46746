/* test_sel_layout.c - src/sel_layout.c: rows per layout, the row a query head
 * reads, the keys a row covers (causal cut, partial last block, tokens,
 * padding, bad ids), the blocks a token row touches, mass_coverage by hand;
 * then, for one method of each layout (nsa, moba, dsa refs), attention over
 * exactly the keys sel_layout_cover reports reproduces the method's output:
 * the helpers mean what the methods do. */
#include "testutil.h"

#include "alloc.h"
#include "method.h"
#include "sel_layout.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

extern const struct attn_method attn_method_nsa, attn_method_moba, attn_method_dsa;

static struct attn_shape shape(int64_t N, int64_t q_len, int64_t hq, int64_t hkv, bool causal) {
    return (struct attn_shape){.batch = 2,
                               .seq_len = N,
                               .q_len = q_len,
                               .heads_q = hq,
                               .heads_kv = hkv,
                               .head_dim = 8,
                               .index_dim = 8,
                               .mode = q_len == N ? ATTN_PREFILL : ATTN_DECODE,
                               .causal = causal};
}

static void test_rows_and_offsets(void **state) {
    (void)state;
    const struct attn_shape s = shape(10, 3, 8, 2, true);
    assert_int_equal(sel_layout_heads(ATTN_SEL_GROUP_BLOCKS, &s), 2);
    assert_int_equal(sel_layout_heads(ATTN_SEL_GROUP_TOKENS, &s), 2);
    assert_int_equal(sel_layout_heads(ATTN_SEL_HEAD_BLOCKS, &s), 8);
    assert_int_equal(sel_layout_heads(ATTN_SEL_NONE, &s), 0);
    assert_int_equal(sel_layout_numel(ATTN_SEL_HEAD_BLOCKS, &s, 4), 2 * 8 * 3 * 4);
    assert_int_equal(sel_layout_numel(ATTN_SEL_GROUP_BLOCKS, &s, 4), 2 * 2 * 3 * 4);
    assert_int_equal(sel_layout_numel(ATTN_SEL_NONE, &s, 4), 0);
    /* head 5 of batch 1, row 2: group 1 (G = 4) or its own row */
    assert_int_equal(sel_layout_row_offset(ATTN_SEL_GROUP_BLOCKS, &s, 4, 1, 5, 2),
                     ((1 * 2 + 1) * 3 + 2) * 4);
    assert_int_equal(sel_layout_row_offset(ATTN_SEL_HEAD_BLOCKS, &s, 4, 1, 5, 2),
                     ((1 * 8 + 5) * 3 + 2) * 4);
    assert_int_equal(sel_layout_row_offset(ATTN_SEL_HEAD_BLOCKS, &s, 4, 1, 8, 2), -1);
    assert_int_equal(sel_layout_row_offset(ATTN_SEL_GROUP_TOKENS, &s, 4, 2, 0, 0), -1);
    assert_int_equal(sel_layout_row_offset(ATTN_SEL_GROUP_TOKENS, &s, 4, 0, 0, 3), -1);
    assert_int_equal(sel_layout_row_offset(ATTN_SEL_NONE, &s, 4, 0, 0, 0), -1);
}

static void test_cover(void **state) {
    (void)state;
    const struct attn_shape s = shape(10, 10, 2, 1, true); /* blocks of 4: [0,4) [4,8) [8,10) */
    unsigned char m[10];
    const int32_t blocks[4] = {2, 0, -1, -1};
    assert_int_equal(sel_layout_cover(ATTN_SEL_GROUP_BLOCKS, &s, 4, blocks, 4, 9, m), 6);
    const unsigned char want9[10] = {1, 1, 1, 1, 0, 0, 0, 0, 1, 1};
    assert_memory_equal(m, want9, 10);
    /* causal cut: at pos 8 block 2 holds one visible key; at pos 5 none */
    assert_int_equal(sel_layout_cover(ATTN_SEL_GROUP_BLOCKS, &s, 4, blocks, 4, 8, m), 5);
    assert_int_equal(sel_layout_cover(ATTN_SEL_HEAD_BLOCKS, &s, 4, blocks, 4, 5, m), 4);
    const struct attn_shape nc = shape(10, 2, 2, 1, false);
    assert_int_equal(sel_layout_cover(ATTN_SEL_GROUP_BLOCKS, &nc, 4, blocks, 4, 8, m), 6);
    /* tokens: each id one key; a repeated id counts once; invisible ids drop */
    const int32_t toks[5] = {1, 3, 3, 7, -1};
    assert_int_equal(sel_layout_cover(ATTN_SEL_GROUP_TOKENS, &s, 4, toks, 5, 6, m), 2);
    assert_int_equal(sel_layout_cover(ATTN_SEL_GROUP_TOKENS, &s, 4, toks, 5, 9, m), 3);
    const unsigned char wantt[10] = {0, 1, 0, 1, 0, 0, 0, 1, 0, 0};
    assert_memory_equal(m, wantt, 10);
    /* bad ids: block 3 of 3 blocks, token 10 of 10, anything below -1 */
    const int32_t bad_b[2] = {3, -1}, bad_t[2] = {10, -1}, bad_n[2] = {0, -2};
    assert_int_equal(sel_layout_cover(ATTN_SEL_GROUP_BLOCKS, &s, 4, bad_b, 2, 9, m), -1);
    assert_int_equal(sel_layout_cover(ATTN_SEL_GROUP_TOKENS, &s, 4, bad_t, 2, 9, m), -1);
    assert_int_equal(sel_layout_cover(ATTN_SEL_HEAD_BLOCKS, &s, 4, bad_n, 2, 9, m), -1);
    assert_int_equal(sel_layout_cover(ATTN_SEL_NONE, &s, 4, blocks, 4, 9, m), -1);
}

static void test_row_blocks(void **state) {
    (void)state;
    const struct attn_shape s = shape(10, 10, 2, 1, true);
    int32_t out[8];
    const int32_t toks[6] = {9, 1, 3, 8, 4, -1};
    assert_int_equal(sel_layout_row_blocks(ATTN_SEL_GROUP_TOKENS, &s, 4, toks, 6, out, 8), 3);
    assert_int_equal(out[0], 0);
    assert_int_equal(out[1], 1);
    assert_int_equal(out[2], 2);
    const int32_t blocks[3] = {2, 0, -1};
    assert_int_equal(sel_layout_row_blocks(ATTN_SEL_HEAD_BLOCKS, &s, 4, blocks, 3, out, 8), 2);
    assert_int_equal(out[0], 0);
    assert_int_equal(out[1], 2);
    const int32_t bad[1] = {3};
    assert_int_equal(sel_layout_row_blocks(ATTN_SEL_GROUP_BLOCKS, &s, 4, bad, 1, out, 8), -1);
}

/* Uniform dense probabilities over the visible keys. */
static void uniform_p(const struct attn_shape *s, int64_t t, double *p) {
    const int64_t pos = attn_qpos(s, t), n = s->causal ? pos + 1 : s->seq_len;
    for (int64_t h = 0; h < s->heads_q; h++)
        for (int64_t j = 0; j < s->seq_len; j++)
            p[h * s->seq_len + j] = j < n ? 1.0 / (double)n : 0;
}

static void test_mass_coverage(void **state) {
    (void)state;
    struct attn_shape s = shape(8, 1, 2, 1, true); /* decode, pos 7, blocks [0,4) [4,8) */
    s.batch = 1;
    double p[16];
    unsigned char m[8];
    uniform_p(&s, 0, p);
    /* per head: head 0 keeps block 0 (half), head 1 keeps both (all): mean 0.75 */
    const int32_t head_sel[4] = {0, -1, 0, 1};
    assert_close(sel_layout_mass_coverage(ATTN_SEL_HEAD_BLOCKS, &s, 4, head_sel, 2, 0, 0, p, m),
                 0.75, 1e-15, 0);
    /* group: both heads share block 1: half */
    const int32_t grp[2] = {1, -1};
    assert_close(sel_layout_mass_coverage(ATTN_SEL_GROUP_BLOCKS, &s, 4, grp, 2, 0, 0, p, m), 0.5,
                 1e-15, 0);
    /* tokens 0, 5, 7: 3/8 */
    const int32_t tok[4] = {0, 5, 7, -1};
    assert_close(sel_layout_mass_coverage(ATTN_SEL_GROUP_TOKENS, &s, 4, tok, 4, 0, 0, p, m), 0.375,
                 1e-15, 0);
    const int32_t bad[2] = {2, -1};
    assert_true(isnan(sel_layout_mass_coverage(ATTN_SEL_GROUP_BLOCKS, &s, 4, bad, 2, 0, 0, p, m)));
}

/* The method's ref output equals softmax attention over sel_layout_cover's keys. */
static void check_method(const struct attn_method *m, int32_t topk, int32_t tokens) {
    const struct attn_shape s = {.batch = 2,
                                 .seq_len = 45,
                                 .q_len = 45,
                                 .heads_q = 4,
                                 .heads_kv = 2,
                                 .head_dim = 8,
                                 .index_dim = 8,
                                 .mode = ATTN_PREFILL,
                                 .causal = true};
    struct attn_params p;
    attn_params_defaults(&p);
    p.block_size = 8;
    p.topk = topk;
    p.dsa_tokens = tokens;
    const struct attn_impl *ref = m->impls[0];
    const int32_t w = ref->sel_width(&s, &p);
    const int64_t nq = attn_numel_q(&s), nkv = attn_numel_kv(&s), N = s.seq_len, d = s.head_dim;
    double *q = malloc((size_t)nq * 8), *k = malloc((size_t)nkv * 8), *v = malloc((size_t)nkv * 8);
    double *qi = malloc((size_t)attn_numel_qidx(&s) * 8),
           *ki = malloc((size_t)attn_numel_kidx(&s) * 8);
    double *o = malloc((size_t)nq * 8);
    int32_t *sel = malloc((size_t)sel_layout_numel(m->sel_layout, &s, w) * 4);
    unsigned char *mask = malloc((size_t)N);
    assert_true(q && k && v && qi && ki && o && sel && mask);
    uint64_t st = 99;
    double *all[5] = {q, k, v, qi, ki};
    const int64_t n[5] = {nq, nkv, nkv, attn_numel_qidx(&s), attn_numel_kidx(&s)};
    for (int i = 0; i < 5; i++)
        for (int64_t j = 0; j < n[i]; j++) {
            st = st * 6364136223846793005ull + 1442695040888963407ull;
            all[i][j] = (double)(st >> 40) / (double)(1u << 23) - 1.0;
        }
    void *ws = attn_host_alloc(ref->workspace_size(&s, &p)), *ctx = NULL;
    assert_int_equal(ref->init(&ctx, &s, &p, ws, NULL), ATTN_OK);
    struct attn_io io = {q, k, v, qi, ki, o, sel, NULL, 0};
    assert_int_equal(ref->run(ctx, &io), ATTN_OK);
    ref->free(ctx);
    attn_host_free(ws);
    for (int64_t b = 0; b < s.batch; b++)
        for (int64_t t = 0; t < s.q_len; t++)
            for (int64_t h = 0; h < s.heads_q; h++) {
                const int64_t off = sel_layout_row_offset(m->sel_layout, &s, w, b, h, t);
                assert_true(off >= 0);
                assert_true(sel_layout_cover(m->sel_layout, &s, p.block_size, sel + off, w,
                                             attn_qpos(&s, t), mask) > 0);
                const int64_t r = h / 2;
                double sc[45], mx = -INFINITY, z = 0;
                for (int64_t j = 0; j < N; j++) {
                    sc[j] = 0;
                    for (int64_t c = 0; c < d; c++)
                        sc[j] += q[((b * s.q_len + t) * s.heads_q + h) * d + c] *
                                 k[((b * N + j) * s.heads_kv + r) * d + c];
                    sc[j] /= sqrt((double)d);
                    if (mask[j] && sc[j] > mx)
                        mx = sc[j];
                }
                for (int64_t j = 0; j < N; j++)
                    z += mask[j] ? exp(sc[j] - mx) : 0;
                for (int64_t c = 0; c < d; c++) {
                    double acc = 0;
                    for (int64_t j = 0; j < N; j++)
                        acc += mask[j]
                                   ? exp(sc[j] - mx) / z * v[((b * N + j) * s.heads_kv + r) * d + c]
                                   : 0;
                    assert_close(o[((b * s.q_len + t) * s.heads_q + h) * d + c], acc, 1e-12, 1e-10);
                }
            }
    free(q), free(k), free(v), free(qi), free(ki), free(o), free(sel), free(mask);
}

static void test_cover_matches_methods(void **state) {
    (void)state;
    check_method(&attn_method_nsa, 3, 0);
    check_method(&attn_method_moba, 3, 0);
    check_method(&attn_method_dsa, 1, 11);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_rows_and_offsets),
        cmocka_unit_test(test_cover),
        cmocka_unit_test(test_row_blocks),
        cmocka_unit_test(test_mass_coverage),
        cmocka_unit_test(test_cover_matches_methods),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
