/* test_method_decl.c - the method declarations (method.h) and the registry that
 * lists them: every implementation belongs to exactly one method, every method
 * has its float64 oracle first, knobs lie inside struct attn_params with their
 * defaults in range and one meaning per name, styles parse, costs run, and the
 * runner's, `report`'s and `fit-index`'s sources name no method: they look methods up
 * by the roles of method.h (issue 14). */
#include "testutil.h"

#include "method.h"
#include "model.h"
#include "sweep.h"

#include <ctype.h>
#include <dirent.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void test_impls_belong_to_one_method(void **state) {
    (void)state;
    for (size_t i = 0; i < attn_registry_count(); i++) {
        const struct attn_impl *im = attn_registry_get(i);
        int owners = 0;
        for (size_t m = 0; m < attn_method_count(); m++) {
            const struct attn_method *am = attn_method_get(m);
            for (int k = 0; k < am->n_impls; k++)
                if (am->impls[k] == im) {
                    owners++;
                    if (strcmp(am->name, im->method) != 0)
                        fail_msg("%s/%s/%s is listed by method %s", im->method, im->backend,
                                 im->variant, am->name);
                }
        }
        if (owners != 1)
            fail_msg("%s/%s/%s belongs to %d methods", im->method, im->backend, im->variant,
                     owners);
    }
    /* and every listed impl is registered */
    size_t listed = 0;
    for (size_t m = 0; m < attn_method_count(); m++)
        listed += (size_t)attn_method_get(m)->n_impls;
    assert_int_equal(listed, attn_registry_count());
}

static void test_methods(void **state) {
    (void)state;
    assert_true(attn_method_count() >= 6);
    assert_null(attn_method_get(attn_method_count()));
    const uint32_t shared = ATTN_F_MHA | ATTN_F_INDEX | ATTN_F_SELECT | ATTN_F_APPROX;
    for (size_t m = 0; m < attn_method_count(); m++) {
        const struct attn_method *am = attn_method_get(m);
        assert_int_equal(am->api_version, ATTN_METHOD_API_VERSION);
        assert_non_null(am->name);
        assert_true(am->doc && am->doc[0]);
        assert_ptr_equal(attn_method_find(am->name), am);
        assert_true(attn_method_known(am->name));
        for (size_t o = 0; o < m; o++)
            if (!strcmp(attn_method_get(o)->name, am->name))
                fail_msg("method %s declared twice", am->name);
        /* the oracle first, and only one */
        if (am->n_impls < 1 || !(am->impls[0]->flags & ATTN_F_ORACLE) ||
            strcmp(am->impls[0]->backend, "ref") != 0)
            fail_msg("%s: the first impl is not a float64 ref with ATTN_F_ORACLE", am->name);
        assert_ptr_equal(attn_registry_ref(am->name), am->impls[0]);
        for (int k = 1; k < am->n_impls; k++)
            if (am->impls[k]->flags & ATTN_F_ORACLE)
                fail_msg("%s: a second oracle %s", am->name, am->impls[k]->variant);
        /* SPEC §8 tolerances: never wider */
        if (!(am->tol_f32 > 0 && am->tol_f32 <= 1e-5 && am->tol_bf16 > 0 && am->tol_bf16 <= 1e-2))
            fail_msg("%s: tolerances %g / %g outside SPEC §8", am->name, am->tol_f32, am->tol_bf16);
        /* shared flags agree with every impl; a selection has a layout */
        for (int k = 0; k < am->n_impls; k++)
            if ((am->impls[k]->flags & shared) != (am->flags & shared))
                fail_msg("%s/%s: flags 0x%x differ from the method's 0x%x", am->name,
                         am->impls[k]->variant, am->impls[k]->flags & shared, am->flags & shared);
        /* SELECT (the runner reads the selection) and a layout go together: the
         * runner's recall, validation and export read every layout (sel_layout.h) */
        if ((am->flags & ATTN_F_SELECT) && am->sel_layout == ATTN_SEL_NONE)
            fail_msg("%s: ATTN_F_SELECT without a sel_layout", am->name);
        if (!(am->flags & ATTN_F_SELECT) && am->sel_layout != ATTN_SEL_NONE)
            fail_msg("%s: sel_layout %d without ATTN_F_SELECT", am->name, (int)am->sel_layout);
        /* every stage an impl times is one of the method's */
        for (int k = 0; k < am->n_impls; k++)
            for (int s = 0; s < am->impls[k]->n_stages; s++) {
                bool found = false;
                for (int t = 0; t < am->n_stages; t++)
                    found |= !strcmp(am->stages[t], am->impls[k]->stage_names[s]);
                if (!found)
                    fail_msg("%s/%s: stage %s is not declared", am->name, am->impls[k]->variant,
                             am->impls[k]->stage_names[s]);
            }
        /* plot style: "... '#rrggbb' ... pt N", a colour no other method has */
        const char *hash = am->plot_style ? strchr(am->plot_style, '#') : NULL;
        if (!hash || strspn(hash + 1, "0123456789abcdefABCDEF") < 6 ||
            !strstr(am->plot_style, "pt "))
            fail_msg("%s: plot_style '%s' does not parse", am->name,
                     am->plot_style ? am->plot_style : "(null)");
        for (size_t o = 0; o < m; o++) {
            const char *h2 = strchr(attn_method_get(o)->plot_style, '#');
            if (!strncmp(hash, h2, 7))
                fail_msg("%s and %s share the colour %.7s", am->name, attn_method_get(o)->name,
                         hash);
        }
    }
    assert_null(attn_method_find("no_such"));
    assert_false(attn_method_known("no_such"));
}

/* The validation bound each implementation gets (SPEC §8): its method's fp32
 * tolerance, never above 1e-5, for host impls; the bf16 one, never above 1e-2,
 * for device impls. */
static void test_tolerances(void **state) {
    (void)state;
    for (size_t m = 0; m < attn_method_count(); m++) {
        const struct attn_method *am = attn_method_get(m);
        assert_true(am->tol_f32 > 0 && am->tol_f32 <= 1e-5);
        assert_true(am->tol_bf16 > 0 && am->tol_bf16 <= 1e-2);
        for (int i = 0; i < am->n_impls; i++) {
            const struct attn_impl *im = am->impls[i];
            const double want = (im->flags & ATTN_F_DEVICE) ? am->tol_bf16 : am->tol_f32;
            if (attn_method_tol(am, im) != want)
                fail_msg("%s/%s/%s validated at %g, declared %g", im->method, im->backend,
                         im->variant, attn_method_tol(am, im), want);
        }
    }
}

static void test_knobs(void **state) {
    (void)state;
    for (size_t m = 0; m < attn_method_count(); m++) {
        const struct attn_method *am = attn_method_get(m);
        for (int i = 0; i < am->n_knobs; i++) {
            const struct attn_knob *k = &am->knobs[i];
            const size_t size = k->type == ATTN_KNOB_U64 ? 8 : 4;
            assert_non_null(k->name);
            assert_true(k->doc && k->doc[0]);
            if (k->offset + size > sizeof(struct attn_params) || k->offset % size != 0)
                fail_msg("%s.%s: offset %zu outside struct attn_params", am->name, k->name,
                         k->offset);
            if (!(k->lo <= k->def && k->def <= k->hi))
                fail_msg("%s.%s: default %g outside [%g, %g]", am->name, k->name, k->def, k->lo,
                         k->hi);
            if (k->def != (double)(int64_t)k->def)
                fail_msg("%s.%s: default %g is not an integer", am->name, k->name, k->def);
            if ((k->kflags & ATTN_KNOB_POW2) && ((int64_t)k->def & ((int64_t)k->def - 1)))
                fail_msg("%s.%s: default %g is not a power of two", am->name, k->name, k->def);
            assert_ptr_equal(attn_method_knob(am, k->name), k);
            /* one name, one meaning across methods */
            for (size_t o = 0; o <= m; o++) {
                const struct attn_method *bm = attn_method_get(o);
                for (int j = 0; j < bm->n_knobs && !(o == m && j >= i); j++) {
                    const struct attn_knob *q = &bm->knobs[j];
                    if (!strcmp(q->name, k->name) &&
                        (q->offset != k->offset || q->type != k->type || q->def != k->def ||
                         q->lo != k->lo || q->hi != k->hi || q->kflags != k->kflags))
                        fail_msg("knob %s means different things in %s and %s", k->name, bm->name,
                                 am->name);
                    if (strcmp(q->name, k->name) != 0 && q->offset == k->offset)
                        fail_msg("knobs %s.%s and %s.%s share an offset", bm->name, q->name,
                                 am->name, k->name);
                }
            }
        }
    }
    /* attn_params_defaults is the tables' defaults (topk 8: the committed keys' k8) */
    struct attn_params p;
    attn_params_defaults(&p);
    for (size_t m = 0; m < attn_method_count(); m++) {
        const struct attn_method *am = attn_method_get(m);
        for (int i = 0; i < am->n_knobs; i++)
            assert_true(attn_knob_get(&am->knobs[i], &p) == am->knobs[i].def);
    }
    assert_int_equal(p.topk, 8);
    assert_int_equal(p.block_size, 64);
}

static void test_costs(void **state) {
    (void)state;
    struct attn_shape s = {.batch = 1,
                           .seq_len = 300,
                           .q_len = 300,
                           .heads_q = 8,
                           .heads_kv = 2,
                           .head_dim = 64,
                           .index_dim = 32,
                           .mode = ATTN_PREFILL,
                           .causal = true};
    struct attn_params p;
    attn_params_defaults(&p);
    for (size_t m = 0; m < attn_method_count(); m++) {
        const struct attn_method *am = attn_method_get(m);
        struct attn_cost c;
        struct attn_shape sh = s;
        if (am->flags & ATTN_F_MHA)
            sh.heads_kv = sh.heads_q;
        assert_non_null(am->cost);
        assert_int_equal(model_cost(am->name, &sh, &p, 4, &c), ATTN_OK);
        if (!(c.flops > 0 && c.flops_dense > 0 && c.bytes_model > 0 && c.mem_model > 0))
            fail_msg("%s: a cost is not positive", am->name);
    }
    struct attn_cost c;
    assert_int_equal(model_cost("no_such", &s, &p, 4, &c), ATTN_ERR_INVALID);
}

/* Words of a C file outside comments; '_' separates words, so "msa_cuda" holds "msa". */
static bool names_word(const char *text, const char *word, int *line) {
    size_t wl = strlen(word);
    int ln = 1;
    for (const char *p = text; *p;) {
        if (p[0] == '/' && p[1] == '*') {
            const char *e = strstr(p + 2, "*/");
            for (const char *q = p; q < (e ? e : p + strlen(p)); q++)
                ln += *q == '\n';
            p = e ? e + 2 : p + strlen(p);
        } else if (p[0] == '/' && p[1] == '/') {
            while (*p && *p != '\n')
                p++;
        } else if (isalnum((unsigned char)*p)) {
            const char *s = p;
            while (isalnum((unsigned char)*p))
                p++;
            if ((size_t)(p - s) == wl && !strncmp(s, word, wl)) {
                *line = ln;
                return true;
            }
        } else {
            ln += *p == '\n';
            p++;
        }
    }
    return false;
}

/* rel (from the source root) names no method outside comments, except the
 * words of allowed (NULL-terminated; words that mean something else there). */
static void check_names_no_method(const char *rel, const char *const *allowed) {
    FILE *fp = fopen(tu_src_path(rel), "rb");
    assert_non_null(fp);
    fseek(fp, 0, SEEK_END);
    long n = ftell(fp);
    fseek(fp, 0, SEEK_SET);
    char *text = malloc((size_t)n + 1);
    assert_non_null(text);
    assert_int_equal(fread(text, 1, (size_t)n, fp), (size_t)n);
    text[n] = '\0';
    fclose(fp);
    for (size_t m = 0; m < attn_method_count(); m++) {
        const char *name = attn_method_get(m)->name;
        bool ok = false;
        for (size_t a = 0; allowed && allowed[a]; a++)
            ok |= !strcmp(allowed[a], name);
        int line = 0;
        if (!ok && names_word(text, name, &line))
            fail_msg("%s:%d names the method '%s'", rel, line, name);
    }
    free(text);
}

/* Every src/runner*.c and runner*.h (the runner may be split by concern). */
static void test_runner_names_no_method(void **state) {
    (void)state;
    DIR *dir = opendir(tu_src_path("src"));
    assert_non_null(dir);
    int seen = 0;
    for (struct dirent *e; (e = readdir(dir));) {
        const size_t len = strlen(e->d_name);
        if (strncmp(e->d_name, "runner", 6) != 0 || len < 8 ||
            (strcmp(e->d_name + len - 2, ".c") && strcmp(e->d_name + len - 2, ".h")))
            continue;
        char rel[300];
        snprintf(rel, sizeof rel, "src/%s", e->d_name);
        check_names_no_method(rel, NULL);
        seen++;
    }
    closedir(dir);
    assert_true(seen >= 1);
}

/* `report` and `fit-index` find their methods by the roles of method.h. */
static void test_verbs_name_no_method(void **state) {
    (void)state;
    check_names_no_method("src/report.c", NULL);
    /* "full" there is the training phase of curve.csv (full support), not the method */
    static const char *const fit_allowed[] = {"full", NULL};
    check_names_no_method("src/fit_index.c", fit_allowed);
    /* plot's baselines and highlight come from roles too */
    static const char *const plots[] = {
        "src/plot.c",        "src/plot_figs.c",      "src/plot_recall.c",  "src/plot_data.c",
        "src/plot_budget.c", "src/plot_coherence.c", "src/plot_roofline.c"};
    for (size_t i = 0; i < sizeof plots / sizeof plots[0]; i++)
        check_names_no_method(plots[i], NULL);
}

/* Each role is held by exactly one method, never by an impl, and fits what the
 * verb does with it. */
static void test_roles(void **state) {
    (void)state;
    static const uint32_t roles[] = {ATTN_F_DENSE_REF, ATTN_F_FIT_INDEX, ATTN_F_FIT_PEER,
                                     ATTN_F_GQA_REF};
    for (size_t r = 0; r < sizeof roles / sizeof roles[0]; r++) {
        int holders = 0;
        for (size_t m = 0; m < attn_method_count(); m++)
            holders += (attn_method_get(m)->flags & roles[r]) != 0;
        if (holders != 1)
            fail_msg("role 0x%x is held by %d methods", roles[r], holders);
    }
    for (size_t i = 0; i < attn_registry_count(); i++)
        assert_int_equal(attn_registry_get(i)->flags & ATTN_F_METHOD_ROLES, 0);
    /* dense: exact, no selection; fit: an index branch and block selections per
     * group (recall_measure's layout); both fit-index methods run on the cpu */
    const struct attn_method *dense = attn_method_with_role(ATTN_F_DENSE_REF);
    const struct attn_method *fit = attn_method_with_role(ATTN_F_FIT_INDEX);
    const struct attn_method *peer = attn_method_with_role(ATTN_F_FIT_PEER);
    assert_true(dense && fit && peer);
    assert_int_equal(dense->flags & (ATTN_F_APPROX | ATTN_F_SELECT | ATTN_F_MHA), 0);
    assert_true((fit->flags & ATTN_F_INDEX) && (fit->flags & ATTN_F_SELECT));
    assert_int_equal(fit->sel_layout, ATTN_SEL_GROUP_BLOCKS);
    assert_true(peer->flags & ATTN_F_SELECT);
    assert_int_equal(peer->flags & ATTN_F_INDEX, 0);
    assert_int_equal(peer->sel_layout, ATTN_SEL_GROUP_BLOCKS);
    assert_non_null(attn_registry_find(fit->name, "cpu", NULL));
    assert_non_null(attn_registry_find(peer->name, "cpu", NULL));
    assert_null(attn_method_with_role(0));
    /* the GQA dense: exact, no selection, one K/V head per group */
    const struct attn_method *gqa = attn_method_with_role(ATTN_F_GQA_REF);
    assert_non_null(gqa);
    assert_int_equal(gqa->flags & (ATTN_F_APPROX | ATTN_F_SELECT | ATTN_F_MHA), 0);
    assert_string_equal(attn_role_name(ATTN_F_GQA_REF), gqa->name);
    assert_string_equal(attn_role_name(0), "");
}

/* Today's methods keep today's keys byte for byte (committed baselines match). */
static void test_point_keys_unchanged(void **state) {
    (void)state;
    static const char yaml[] = "methods: [full, gqa, flash, msa, bigbird, performer]\n"
                               "axes: {seq_len: 1024}\n";
    struct sweep_spec sp;
    assert_int_equal(sweep_load_buffer("k.yaml", yaml, sizeof yaml - 1, &sp, stderr), ATTN_OK);
    assert_int_equal(sp.n_points, 1);
    char key[1024], mkey[1024];
    sweep_point_key(&sp.points[0], key, sizeof key);
    assert_string_equal(key, "prefill,c1,B1,N1024,q1024,hq8,hkv2,d64,di64,bk64,k8,bbw3,bbg2,"
                             "bbr3,pfm0,pfc64,normal,noise0,s1,auto");
    for (size_t m = 0; m < attn_method_count(); m++) {
        sweep_point_key_method(&sp.points[0], attn_method_get(m)->name, mkey, sizeof mkey);
        bool legacy = false;
        static const char *const six[] = {"full", "gqa", "flash", "msa", "bigbird", "performer"};
        for (size_t i = 0; i < 6; i++)
            legacy |= !strcmp(six[i], attn_method_get(m)->name);
        if (legacy)
            assert_string_equal(mkey, key);
        else /* a newer method: today's tokens first, its own knobs after */
            assert_int_equal(strncmp(mkey, key, strlen(key)), 0);
    }
    sweep_free(&sp);
}

/* msa's check_selection (moved from the runner): the ref's own selection passes;
 * a ranked block swapped for the worst one, the local block moved, or a wrong pad
 * fails, on bf16-like (low precision) and fp32 inputs alike. */
static void test_msa_check_selection(void **state) {
    (void)state;
    const struct attn_method *m = attn_method_find("msa");
    const struct attn_impl *ref = attn_registry_ref("msa");
    assert_non_null(m);
    assert_non_null(m->check_selection);
    struct attn_shape s = {.batch = 1,
                           .seq_len = 200,
                           .q_len = 200,
                           .heads_q = 4,
                           .heads_kv = 2,
                           .head_dim = 32,
                           .index_dim = 32,
                           .mode = ATTN_PREFILL,
                           .causal = true};
    struct attn_params p;
    attn_params_defaults(&p);
    p.block_size = 16;
    p.topk = 4;
    const size_t nq = (size_t)attn_numel_q(&s), nkv = (size_t)attn_numel_kv(&s);
    const size_t nqi = (size_t)attn_numel_qidx(&s), nki = (size_t)attn_numel_kidx(&s);
    double *q = malloc(nq * sizeof *q), *k = malloc(nkv * sizeof *k), *v = malloc(nkv * sizeof *v);
    double *qi = malloc(nqi * sizeof *qi), *ki = malloc(nki * sizeof *ki),
           *o = malloc(nq * sizeof *o);
    uint64_t x = 12345;
    double *bufs[5] = {q, k, v, qi, ki};
    const size_t ns[5] = {nq, nkv, nkv, nqi, nki};
    for (int b = 0; b < 5; b++)
        for (size_t i = 0; i < ns[b]; i++) {
            x = x * 6364136223846793005ULL + 1442695040888963407ULL;
            bufs[b][i] = (double)(x >> 11) / 9007199254740992.0 * 2 - 1;
        }
    const int32_t width = ref->sel_width(&s, &p);
    const size_t nsel = (size_t)(s.batch * s.heads_kv * s.q_len * width);
    int32_t *sel = malloc(nsel * sizeof *sel), *mine = malloc(nsel * sizeof *mine);
    const size_t wsb = ref->workspace_size(&s, &p);
    void *ws = wsb ? malloc(wsb) : NULL, *ctx = NULL;
    assert_int_equal(ref->init(&ctx, &s, &p, ws, NULL), ATTN_OK);
    struct attn_io io = {.q = q, .k = k, .v = v, .qidx = qi, .kidx = ki, .o = o, .sel = sel};
    assert_int_equal(ref->run(ctx, &io), ATTN_OK);
    ref->free(ctx);
    const int64_t rows[3] = {0, 100, 199}; /* first row, middle, last */
    char why[256];
    for (int lp = 0; lp < 2; lp++) {
        struct attn_sel_check c = {.shape = &s,
                                   .params = &p,
                                   .q = q,
                                   .k = k,
                                   .qidx = qi,
                                   .kidx = ki,
                                   .sel = mine,
                                   .ref_sel = sel,
                                   .width = width,
                                   .rows = rows,
                                   .n_rows = 3,
                                   .low_precision = lp == 1};
        memcpy(mine, sel, nsel * sizeof *sel);
        assert_int_equal(m->check_selection(&c, why, sizeof why), 0);
        /* row 199, group 1: its local block is 12; swap ranked block 0 for a block the
         * ref did not pick (the worst visible one is never >= the k-1-th best) */
        int32_t *r = mine + ((0 * s.heads_kv + 1) * s.q_len + 199) * width;
        assert_int_equal(r[p.topk - 1], 199 / 16);
        double worst = INFINITY;
        int32_t wb = -1;
        for (int32_t blk = 0; blk < 12; blk++) {
            bool picked = false;
            for (int e = 0; e < p.topk; e++)
                picked |= r[e] == blk;
            double mx = -INFINITY;
            for (int64_t j = blk * 16; j < blk * 16 + 16; j++) {
                double acc = 0;
                for (int d = 0; d < 32; d++)
                    acc += qi[(199 * 2 + 1) * 32 + d] * ki[j * 32 + d];
                mx = acc > mx ? acc : mx;
            }
            if (!picked && mx < worst)
                worst = mx, wb = blk;
        }
        r[0] = wb;
        assert_int_equal(m->check_selection(&c, why, sizeof why), 1);
        memcpy(mine, sel, nsel * sizeof *sel);
        const int32_t t = r[0]; /* local block not last */
        r[0] = r[p.topk - 1];
        r[p.topk - 1] = t;
        assert_int_equal(m->check_selection(&c, why, sizeof why), 1);
        memcpy(mine, sel, nsel * sizeof *sel);
        mine[((0 * s.heads_kv + 0) * s.q_len + 0) * width + width - 1] = 0; /* row 0: a pad */
        assert_int_equal(m->check_selection(&c, why, sizeof why), width > 1 ? 1 : 0);
    }
    free(q), free(k), free(v), free(qi), free(ki), free(o), free(sel), free(mine), free(ws);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_impls_belong_to_one_method),
        cmocka_unit_test(test_methods),
        cmocka_unit_test(test_tolerances),
        cmocka_unit_test(test_knobs),
        cmocka_unit_test(test_costs),
        cmocka_unit_test(test_runner_names_no_method),
        cmocka_unit_test(test_verbs_name_no_method),
        cmocka_unit_test(test_roles),
        cmocka_unit_test(test_point_keys_unchanged),
        cmocka_unit_test(test_msa_check_selection),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
