/* test_registry.c - invariants of the implementation table (src/registry.c)
 * that the runner and test_vs_ref rely on. */
#include "testutil.h"

#include "attn.h"

#include <stdio.h>
#include <string.h>

static const struct attn_impl *impl(size_t i) {
    const struct attn_impl *im = attn_registry_get(i);
    assert_non_null(im);
    return im;
}

static void test_nonempty_and_bounds(void **state) {
    (void)state;
    assert_true(attn_registry_count() > 0);
    assert_null(attn_registry_get(attn_registry_count()));
    assert_null(attn_registry_get((size_t)-1));
}

static void test_fields(void **state) {
    (void)state;
    for (size_t i = 0; i < attn_registry_count(); i++) {
        const struct attn_impl *im = impl(i);
        assert_int_equal(im->api_version, ATTN_API_VERSION);
        assert_non_null(im->method);
        assert_non_null(im->backend);
        assert_non_null(im->variant);
        assert_true(im->variant[0] != '\0');
        if (!attn_method_known(im->method))
            fail_msg("impl %zu: unknown method '%s'", i, im->method);
        if (!attn_backend_known(im->backend))
            fail_msg("impl %zu: unknown backend '%s'", i, im->backend);
        assert_non_null(im->supports);
        assert_non_null(im->workspace_size);
        assert_non_null(im->init);
        assert_non_null(im->run);
        assert_non_null(im->free);
        if (im->n_stages > 0) {
            assert_non_null(im->stage_names);
            assert_non_null(im->run_stage);
            for (int s = 0; s < im->n_stages; s++)
                assert_non_null(im->stage_names[s]);
        }
        assert_true(im->n_stages >= 0);
        if (im->flags & ATTN_F_SELECT)
            assert_non_null(im->sel_width);
        /* the ref backend and the oracle flag go together */
        assert_int_equal((im->flags & ATTN_F_ORACLE) != 0, strcmp(im->backend, "ref") == 0);
        /* device buffers only on the cuda backend */
        assert_int_equal((im->flags & ATTN_F_DEVICE) != 0, strcmp(im->backend, "cuda") == 0);
    }
}

static void test_unique_triples(void **state) {
    (void)state;
    const size_t n = attn_registry_count();
    for (size_t i = 0; i < n; i++)
        for (size_t j = i + 1; j < n; j++) {
            const struct attn_impl *a = impl(i), *b = impl(j);
            if (strcmp(a->method, b->method) == 0 && strcmp(a->backend, b->backend) == 0 &&
                strcmp(a->variant, b->variant) == 0)
                fail_msg("%s/%s/%s registered twice (%zu and %zu)", a->method, a->backend,
                         a->variant, i, j);
        }
}

/* Every method in the table has exactly one ATTN_F_ORACLE ref, backend "ref",
 * and attn_registry_ref() returns it; its flags agree with the method's. */
static void test_one_oracle_per_method(void **state) {
    (void)state;
    for (size_t i = 0; i < attn_registry_count(); i++) {
        const struct attn_impl *im = impl(i);
        int oracles = 0;
        for (size_t j = 0; j < attn_registry_count(); j++) {
            const struct attn_impl *o = impl(j);
            if (strcmp(o->method, im->method) == 0 && (o->flags & ATTN_F_ORACLE)) {
                oracles++;
                assert_string_equal(o->backend, "ref");
            }
        }
        if (oracles != 1)
            fail_msg("method %s has %d ATTN_F_ORACLE refs, want 1", im->method, oracles);
        const struct attn_impl *ref = attn_registry_ref(im->method);
        assert_non_null(ref);
        assert_true(ref->flags & ATTN_F_ORACLE);
        assert_string_equal(ref->method, im->method);
        /* the ref takes the same shapes and buffers as the method */
        const uint32_t same = ATTN_F_MHA | ATTN_F_INDEX | ATTN_F_SELECT;
        if ((ref->flags & same) != (im->flags & same))
            fail_msg("%s/%s/%s flags 0x%x differ from its ref's 0x%x", im->method, im->backend,
                     im->variant, im->flags & same, ref->flags & same);
    }
    assert_null(attn_registry_ref("no-such-method"));
}

static void test_find(void **state) {
    (void)state;
    for (size_t i = 0; i < attn_registry_count(); i++) {
        const struct attn_impl *im = impl(i);
        assert_ptr_equal(attn_registry_find(im->method, im->backend, im->variant), im);
        /* NULL variant: the first one registered for (method, backend) */
        const struct attn_impl *first = attn_registry_find(im->method, im->backend, NULL);
        assert_non_null(first);
        for (size_t j = 0; j < attn_registry_count(); j++) {
            const struct attn_impl *o = impl(j);
            if (strcmp(o->method, im->method) == 0 && strcmp(o->backend, im->backend) == 0) {
                assert_ptr_equal(first, o);
                break;
            }
        }
    }
    assert_null(attn_registry_find("gqa", "ref", "no-such-variant"));
    assert_null(attn_registry_find("no-such-method", "ref", NULL));
    assert_null(attn_registry_find("gqa", "no-such-backend", NULL));
    assert_false(attn_method_known("no-such-method"));
    assert_false(attn_backend_known("no-such-backend"));
}

/* supports() answers a bad shape with a reason, and does not crash on a good one. */
static void test_supports_reasons(void **state) {
    (void)state;
    struct attn_params p;
    attn_params_defaults(&p);
    const struct attn_shape bad = {.batch = 1,
                                   .seq_len = 64,
                                   .q_len = 64,
                                   .heads_q = 6,
                                   .heads_kv = 4,
                                   .head_dim = 64,
                                   .index_dim = 64,
                                   .mode = ATTN_PREFILL,
                                   .causal = true};
    for (size_t i = 0; i < attn_registry_count(); i++) {
        const struct attn_impl *im = impl(i);
        const char *why = NULL;
        if (im->supports(&bad, &p, &why))
            fail_msg("%s/%s/%s accepts heads_q %% heads_kv != 0", im->method, im->backend,
                     im->variant);
        assert_non_null(why);
        assert_true(why[0] != '\0');
        assert_true(im->supports(&bad, &p, NULL) == false); /* why may be NULL */
    }
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_nonempty_and_bounds),
        cmocka_unit_test(test_fields),
        cmocka_unit_test(test_unique_triples),
        cmocka_unit_test(test_one_oracle_per_method),
        cmocka_unit_test(test_find),
        cmocka_unit_test(test_supports_reasons),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
