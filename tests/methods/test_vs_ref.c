/* test_vs_ref.c - every host implementation in the registry against its
 * method's float64 ref (SPEC §8), in the style of ggml's test-backend-ops.
 *
 * Generic: it walks attn_registry_get() and tests each implementation that is
 * neither ATTN_F_ORACLE nor ATTN_F_DEVICE, so methods registered later are
 * covered without editing this file.  For each awkward shape (N not a multiple
 * of any block size, GQA ratios 1/4/16, prefill and decode q_len 1..8, causal
 * and not, B 1 and 2, d 32/64/128, logits up to ~±50) and parameter set, shapes
 * the impl's (or the ref's) supports() refuses are skipped, the rest must pass:
 *   - output relative L2 error <= 1e-5 against the ref, computed in double;
 *     NaN / Inf never pass (outputs start as NaN, so unwritten rows fail too);
 *   - ATTN_F_SELECT: the same selection as the ref (same blocks, same -1
 *     padding; for msa also the local block in the last valid slot);
 *   - two run() calls on one ctx both pass (no state carried between calls);
 *   - nothing is written past workspace_size, o or sel (guard bytes), and the
 *     workspace starts as garbage (NaN bytes), never as zeros;
 *   - run() allocates nothing through the harness allocator;
 *   - every third case passes io->rows (a subset of rows) and compares only
 *     those rows, as the runner's validation does.
 * Index inputs (ATTN_F_INDEX) are multiples of 1/64 in [-4, 4]: their fp32
 * dot products are exact, so fp32 and float64 index scores agree and are
 * tie-free in practice, and the selection can be required to be identical. */
#include "testutil.h"

#include "alloc.h"
#include "attn.h"
#include "method.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define TOL 1e-5  /* SPEC §8, fp32 backends */
#define GUARD 256 /* guard bytes after every buffer an impl writes */
#define GUARD_BYTE 0xA5
#define SEL_UNSET (-2) /* selection sentinel: never a valid output */

/* ---- a small seeded generator (splitmix64) ------------------------------ */

static uint64_t rng_next(uint64_t *s) {
    uint64_t z = (*s += 0x9E3779B97F4A7C15ull);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
}
/* Uniform in [-1, 1) with 24 random bits: distinct floats, ties improbable. */
static float rng_unif(uint64_t *s) {
    return (float)((double)(rng_next(s) >> 40) / (double)(1u << 23) - 1.0);
}
static int64_t rng_pick(uint64_t *s, int64_t n) {
    return (int64_t)(rng_next(s) % (uint64_t)n);
}

/* Uniform values with standard deviation sigma. */
static void fill_float(float *x, int64_t n, float sigma, uint64_t *s) {
    const float a = sigma * sqrtf(3.0f);
    for (int64_t i = 0; i < n; i++)
        x[i] = a * rng_unif(s);
}
/* Multiples of 1/64 in [-4, 4]: products and sums of up to 128 terms are exact in fp32. */
static void fill_index(float *x, int64_t n, uint64_t *s) {
    for (int64_t i = 0; i < n; i++)
        x[i] = (float)(rng_pick(s, 513) - 256) / 64.0f;
}

/* ---- the verdicts (checked themselves by the can-fail cases below) ------- */

/* Relative L2 error of the float output against the double ref over the given
 * query rows (all when rows == NULL), every batch and head; +inf if any value
 * is NaN or Inf. */
static double out_err(const float *o, const double *ref, const struct attn_shape *s,
                      const int64_t *rows, int64_t nr) {
    const int64_t T = s->q_len, w = s->heads_q * s->head_dim, n = rows ? nr : T;
    double num = 0, den = 0;
    for (int64_t b = 0; b < s->batch; b++)
        for (int64_t r = 0; r < n; r++) {
            const int64_t off = (b * T + (rows ? rows[r] : r)) * w;
            for (int64_t i = 0; i < w; i++) {
                const double a = o[off + i], e = ref[off + i];
                if (!isfinite(a) || !isfinite(e))
                    return INFINITY;
                num += (a - e) * (a - e);
                den += e * e;
            }
        }
    return den > 0 ? sqrt(num / den) : sqrt(num);
}
static bool out_pass(double err) {
    return err <= TOL;
}

static int cmp_i32(const void *a, const void *b) {
    const int32_t x = *(const int32_t *)a, y = *(const int32_t *)b;
    return (x > y) - (x < y);
}

/* Valid entries first, then only -1; returns the valid count or -1 if malformed. */
static int sel_valid(const int32_t *row, int32_t w) {
    int nv = 0;
    while (nv < w && row[nv] >= 0)
        nv++;
    for (int i = nv; i < w; i++)
        if (row[i] != -1)
            return -1;
    return nv;
}

/* Same selection as the ref on the given rows: the same set of blocks, the
 * same padding, and (local_last) the same block in the last valid slot. */
static bool sel_equal(const int32_t *a, const int32_t *ref, int32_t w, const struct attn_shape *s,
                      int64_t heads, const int64_t *rows, int64_t nr, bool local_last, char *msg,
                      size_t msz) {
    const int64_t T = s->q_len, n = rows ? nr : T;
    int32_t x[1024], y[1024]; /* token selections (dsa) hold up to min(dsa_tokens, N) ids */
    if (w <= 0 || w > 1024) {
        snprintf(msg, msz, "sel_width %d out of the test's range", w);
        return false;
    }
    for (int64_t b = 0; b < s->batch; b++)
        for (int64_t g = 0; g < heads; g++)
            for (int64_t r = 0; r < n; r++) {
                const int64_t t = rows ? rows[r] : r;
                const int64_t off = ((b * heads + g) * T + t) * w;
                const int na = sel_valid(a + off, w), nb = sel_valid(ref + off, w);
                bool ok = na >= 0 && na == nb;
                if (ok && local_last && na > 0)
                    ok = a[off + na - 1] == ref[off + nb - 1];
                if (ok) {
                    memcpy(x, a + off, (size_t)na * sizeof *x);
                    memcpy(y, ref + off, (size_t)nb * sizeof *y);
                    qsort(x, (size_t)na, sizeof *x, cmp_i32);
                    qsort(y, (size_t)nb, sizeof *y, cmp_i32);
                    ok = memcmp(x, y, (size_t)na * sizeof *x) == 0;
                }
                if (!ok) {
                    int p = snprintf(msg, msz, "b=%lld group=%lld row=%lld: got", (long long)b,
                                     (long long)g, (long long)t);
                    for (int i = 0; i < w && p > 0 && (size_t)p < msz; i++)
                        p += snprintf(msg + p, msz - (size_t)p, " %d", a[off + i]);
                    for (int i = 0; i < w && p > 0 && (size_t)p < msz; i++)
                        p += snprintf(msg + p, msz - (size_t)p, "%s%d", i ? " " : ", ref ",
                                      ref[off + i]);
                    return false;
                }
            }
    return true;
}

static bool guard_intact(const void *buf, size_t bytes) {
    const unsigned char *g = (const unsigned char *)buf + bytes;
    for (size_t i = 0; i < GUARD; i++)
        if (g[i] != GUARD_BYTE)
            return false;
    return true;
}

/* ---- one case ----------------------------------------------------------- */

struct tensors {
    struct attn_shape s;
    float *q, *k, *v, *qidx, *kidx;       /* fp32 inputs */
    double *qd, *kd, *vd, *qidxd, *kidxd; /* the same values in double */
};

static double *to_double(const float *x, int64_t n) {
    double *y = malloc((size_t)n * sizeof *y);
    assert_non_null(y);
    for (int64_t i = 0; i < n; i++)
        y[i] = x[i];
    return y;
}

static void tensors_make(struct tensors *t, const struct attn_shape *s, bool index, float sigma,
                         uint64_t seed) {
    memset(t, 0, sizeof *t);
    t->s = *s;
    uint64_t st = seed;
    const int64_t nq = attn_numel_q(s), nkv = attn_numel_kv(s);
    t->q = malloc((size_t)nq * sizeof(float));
    t->k = malloc((size_t)nkv * sizeof(float));
    t->v = malloc((size_t)nkv * sizeof(float));
    assert_true(t->q && t->k && t->v);
    fill_float(t->q, nq, sigma, &st);
    fill_float(t->k, nkv, sigma, &st);
    fill_float(t->v, nkv, 1.0f, &st);
    t->qd = to_double(t->q, nq);
    t->kd = to_double(t->k, nkv);
    t->vd = to_double(t->v, nkv);
    if (index) {
        const int64_t nqi = attn_numel_qidx(s), nki = attn_numel_kidx(s);
        t->qidx = malloc((size_t)nqi * sizeof(float));
        t->kidx = malloc((size_t)nki * sizeof(float));
        assert_true(t->qidx && t->kidx);
        fill_index(t->qidx, nqi, &st);
        fill_index(t->kidx, nki, &st);
        t->qidxd = to_double(t->qidx, nqi);
        t->kidxd = to_double(t->kidx, nki);
    }
}

static void tensors_free(struct tensors *t) {
    void *p[] = {t->q, t->k, t->v, t->qidx, t->kidx, t->qd, t->kd, t->vd, t->qidxd, t->kidxd};
    for (size_t i = 0; i < sizeof p / sizeof p[0]; i++)
        free(p[i]);
}

/* Runs im once per entry of calls (fresh NaN output each time); the results of
 * the last call stay in o / sel.  Returns false with msg on any failure. */
static bool run_impl(const struct attn_impl *im, const struct attn_shape *s,
                     const struct attn_params *p, struct attn_io *io, int calls, bool oracle,
                     size_t o_bytes, size_t sel_bytes, bool (*check)(void *, char *, size_t),
                     void *check_arg, char *msg, size_t msz) {
    bool ok = false;
    void *ctx = NULL;
    const size_t ws = im->workspace_size(s, p);
    unsigned char *w = attn_host_alloc(ws + GUARD);
    if (!w) {
        snprintf(msg, msz, "cannot allocate a %zu-byte workspace", ws);
        return false;
    }
    memset(w, 0xFF, ws); /* garbage (NaN) start: impls may not assume zeros */
    memset(w + ws, GUARD_BYTE, GUARD);
    enum attn_status st = im->init(&ctx, s, p, w, NULL);
    if (st != ATTN_OK) {
        snprintf(msg, msz, "init: %s (%s)", attn_status_str(st), attn_last_error());
        goto cleanup;
    }
    for (int c = 0; c < calls; c++) {
        memset(io->o, 0xFF, o_bytes); /* NaN: rows left unwritten fail */
        if (io->sel)
            for (size_t i = 0; i < sel_bytes / sizeof(int32_t); i++)
                io->sel[i] = SEL_UNSET;
        attn_host_peak_reset();
        const size_t before = attn_host_current();
        st = im->run(ctx, io);
        if (st != ATTN_OK) {
            snprintf(msg, msz, "run #%d: %s (%s)", c + 1, attn_status_str(st), attn_last_error());
            goto cleanup;
        }
        if (!oracle && attn_host_peak() != before) {
            snprintf(msg, msz, "run #%d allocated %zu bytes through attn_host_alloc", c + 1,
                     attn_host_peak() - before);
            goto cleanup;
        }
        if (!guard_intact(w, ws)) {
            snprintf(msg, msz, "wrote past its %zu-byte workspace (workspace_size too small)", ws);
            goto cleanup;
        }
        if (!guard_intact(io->o, o_bytes) || (io->sel && !guard_intact(io->sel, sel_bytes))) {
            snprintf(msg, msz, "wrote past the end of o or sel");
            goto cleanup;
        }
        if (check && !check(check_arg, msg, msz)) {
            const size_t len = strlen(msg);
            snprintf(msg + len, msz - len, " (run #%d)", c + 1);
            goto cleanup;
        }
    }
    ok = true;
cleanup:
    if (ctx)
        im->free(ctx);
    attn_host_free(w);
    return ok;
}

struct case_spec {
    struct attn_shape s;
    struct attn_params p;
    float sigma; /* input scale of q and k: logit std = sigma^2 */
    bool use_rows;
    uint64_t seed;
};

struct compare_arg {
    const struct case_spec *cs;
    const struct attn_impl *im;
    const float *o;
    const double *o_ref;
    const int32_t *sel, *sel_ref;
    int32_t width;
    const int64_t *rows;
    int64_t nr;
    double err;
};

static bool compare_cb(void *arg, char *msg, size_t msz) {
    struct compare_arg *a = arg;
    a->err = out_err(a->o, a->o_ref, &a->cs->s, a->rows, a->nr);
    if (!out_pass(a->err)) {
        snprintf(msg, msz, "relative L2 error %.3g > %g", a->err, TOL);
        return false;
    }
    if (a->sel && !sel_equal(a->sel, a->sel_ref, a->width, &a->cs->s,
                             attn_sel_heads(attn_method_of(a->im), &a->cs->s), a->rows, a->nr,
                             strcmp(a->im->method, "msa") == 0, msg, msz))
        return false;
    return true;
}

enum verdict { V_PASS, V_SKIP, V_FAIL };

static enum verdict run_case(const struct attn_impl *im, const struct attn_impl *ref,
                             const struct case_spec *cs, double *err, char *msg, size_t msz) {
    const struct attn_shape *s = &cs->s;
    const struct attn_params *p = &cs->p;
    const char *why = NULL;
    if (!im->supports(s, p, &why) || !ref->supports(s, p, &why)) {
        snprintf(msg, msz, "%s", why ? why : "(no reason given)");
        return V_SKIP;
    }
    const bool index = (im->flags & ATTN_F_INDEX) != 0, select = (im->flags & ATTN_F_SELECT) != 0;
    enum verdict v = V_FAIL;
    struct tensors t;
    tensors_make(&t, s, index, cs->sigma, cs->seed);
    const int64_t nq = attn_numel_q(s);
    int32_t width = 0;
    if (select) {
        if (!im->sel_width || !ref->sel_width) {
            snprintf(msg, msz, "ATTN_F_SELECT without sel_width (impl or ref)");
            tensors_free(&t);
            return V_FAIL;
        }
        width = im->sel_width(s, p);
        if (width != ref->sel_width(s, p) || width <= 0) {
            snprintf(msg, msz, "sel_width %d differs from the ref's %d", width,
                     ref->sel_width(s, p));
            tensors_free(&t);
            return V_FAIL;
        }
    }
    /* selection rows of the method's layout: heads_q for per-head selections */
    const size_t nsel =
        (size_t)(s->batch * attn_sel_heads(attn_method_of(im), s) * s->q_len) * (size_t)width;
    float *o = malloc((size_t)nq * sizeof *o + GUARD);
    double *o_ref = malloc((size_t)nq * sizeof *o_ref + GUARD);
    int32_t *sel = select ? malloc(nsel * sizeof *sel + GUARD) : NULL;
    int32_t *sel_ref = select ? malloc(nsel * sizeof *sel_ref + GUARD) : NULL;
    assert_true(o && o_ref && (!select || (sel && sel_ref)));
    memset((char *)o + nq * (int64_t)sizeof *o, GUARD_BYTE, GUARD);
    memset((char *)o_ref + nq * (int64_t)sizeof *o_ref, GUARD_BYTE, GUARD);
    if (select) {
        memset((char *)sel + nsel * sizeof *sel, GUARD_BYTE, GUARD);
        memset((char *)sel_ref + nsel * sizeof *sel_ref, GUARD_BYTE, GUARD);
    }

    int64_t rows[3], nr = 0;
    if (cs->use_rows) { /* sorted, distinct: first, middle, last */
        const int64_t cand[3] = {0, s->q_len / 2, s->q_len - 1};
        for (int i = 0; i < 3; i++)
            if (nr == 0 || cand[i] != rows[nr - 1])
                rows[nr++] = cand[i];
    }
    const int64_t *rp = cs->use_rows ? rows : NULL;

    char sub[1536];
    struct attn_io io_ref = {t.qd, t.kd, t.vd, t.qidxd, t.kidxd, o_ref, sel_ref, rp, nr};
    if (!run_impl(ref, s, p, &io_ref, 1, true, (size_t)nq * sizeof *o_ref, nsel * sizeof *sel_ref,
                  NULL, NULL, sub, sizeof sub)) {
        snprintf(msg, msz, "ref %s/%s/%s: %s", ref->method, ref->backend, ref->variant, sub);
        goto cleanup;
    }
    struct compare_arg ca = {cs, im, o, o_ref, sel, sel_ref, width, rp, nr, 0};
    struct attn_io io = {t.q, t.k, t.v, t.qidx, t.kidx, o, sel, rp, nr};
    if (!run_impl(im, s, p, &io, 2, false, (size_t)nq * sizeof *o, nsel * sizeof *sel, compare_cb,
                  &ca, sub, sizeof sub)) {
        snprintf(msg, msz, "%s", sub);
        goto cleanup;
    }
    *err = ca.err;
    v = V_PASS;
cleanup:
    free(o);
    free(o_ref);
    free(sel);
    free(sel_ref);
    tensors_free(&t);
    return v;
}

/* ---- the shapes --------------------------------------------------------- */

static const int64_t test_n[] = {1, 63, 100, 257, 300};
static const int64_t test_g[] = {1, 4, 16};
static const int64_t test_d[] = {32, 64, 128};
static const int64_t test_didx[] = {16, 64, 128};
#define N_PARAM_SETS 4

static void param_set(int i, struct attn_params *p) {
    static const int32_t bs[N_PARAM_SETS] = {0, 16, 32, 64}, tk[N_PARAM_SETS] = {0, 2, 4, 8};
    attn_params_defaults(p);
    if (i > 0) {
        p->block_size = bs[i];
        p->topk = tk[i];
        p->seed = 1000u + (uint64_t)i;
    }
}

static const char *shape_str(const struct case_spec *c, char *buf, size_t n) {
    const struct attn_shape *s = &c->s;
    snprintf(buf, n,
             "%s B=%lld N=%lld q_len=%lld Hq=%lld Hkv=%lld d=%lld d_idx=%lld causal=%d "
             "Bk=%d k=%d sigma=%g rows=%s",
             s->mode == ATTN_PREFILL ? "prefill" : "decode", (long long)s->batch,
             (long long)s->seq_len, (long long)s->q_len, (long long)s->heads_q,
             (long long)s->heads_kv, (long long)s->head_dim, (long long)s->index_dim,
             (int)s->causal, c->p.block_size, c->p.topk, (double)c->sigma,
             c->use_rows ? "subset" : "all");
    return buf;
}

/* Logits q.k/sqrt(d) have standard deviation sigma^2 for our uniform inputs;
 * sqrt(12.5) puts the largest of ~10^5 pairs at about ±50-60 (checked by
 * logits_reach_50 below). */
#define SIGMA_BIG 3.5355339f

/* Calls fn for every case; the list is the same for every implementation. */
static void for_each_case(bool mha, void (*fn)(const struct case_spec *, void *), void *arg) {
    uint64_t st = 20261127u;
    int idx = 0, n_dec = 0;
    for (size_t in = 0; in < sizeof test_n / sizeof test_n[0]; in++)
        for (size_t ig = 0; ig < sizeof test_g / sizeof test_g[0]; ig++)
            for (int mode = 0; mode < 2; mode++)
                for (int causal = 0; causal < 2; causal++, idx++) {
                    struct case_spec c;
                    memset(&c, 0, sizeof c);
                    const int64_t N = test_n[in], G = test_g[ig];
                    c.s.seq_len = N;
                    c.s.mode = mode ? ATTN_DECODE : ATTN_PREFILL;
                    c.s.q_len = mode ? 1 + (n_dec++ % 8) : N; /* decode: 1..8 in turn */
                    if (c.s.q_len > N)
                        c.s.q_len = N;
                    c.s.heads_kv = G == 16 ? 1 : 1 + rng_pick(&st, 2);
                    c.s.heads_q = G * c.s.heads_kv;
                    if (mha)
                        c.s.heads_kv = c.s.heads_q;
                    c.s.head_dim = test_d[rng_pick(&st, 3)];
                    c.s.index_dim = test_didx[rng_pick(&st, 3)];
                    /* big prefills run B = 1 and d <= 64 to keep the float64 ref quick */
                    const bool big = !mode && N >= 257 && G >= 4;
                    c.s.batch = big ? 1 : 1 + rng_pick(&st, 2);
                    if (big && c.s.head_dim > 64)
                        c.s.head_dim = 64;
                    c.s.causal = causal != 0;
                    c.sigma = rng_pick(&st, 2) ? SIGMA_BIG : 1.0f;
                    c.use_rows = idx % 3 == 2;
                    /* decode is cheap: every parameter set; prefill: one, drawn */
                    const int first = mode ? 0 : (int)rng_pick(&st, N_PARAM_SETS);
                    const int last = mode ? N_PARAM_SETS - 1 : first;
                    for (int ps = first; ps <= last; ps++) {
                        param_set(ps, &c.p);
                        c.seed = rng_next(&st);
                        fn(&c, arg);
                    }
                }
}

/* ---- per-implementation test -------------------------------------------- */

struct tally {
    const struct attn_impl *im, *ref;
    int pass, skip, fail;
    double worst;
};

static void case_fn(const struct case_spec *c, void *arg) {
    struct tally *t = arg;
    char msg[2048], sh[256];
    double err = 0;
    switch (run_case(t->im, t->ref, c, &err, msg, sizeof msg)) {
    case V_PASS:
        t->pass++;
        t->worst = err > t->worst ? err : t->worst;
        break;
    case V_SKIP:
        t->skip++;
        break;
    case V_FAIL:
        t->fail++;
        print_error("%s/%s/%s FAILED on %s: %s\n", t->im->method, t->im->backend, t->im->variant,
                    shape_str(c, sh, sizeof sh), msg);
        break;
    }
}

static void test_impl(void **state) {
    const struct attn_impl *im = *state;
    struct tally t = {im, attn_registry_ref(im->method), 0, 0, 0, 0};
    if (!t.ref)
        fail_msg("method %s has no ATTN_F_ORACLE ref in the registry", im->method);
    for_each_case((im->flags & ATTN_F_MHA) != 0, case_fn, &t);
    print_message("%s/%s/%s: %d passed (worst rel L2 %.2e), %d skipped, %d failed\n", im->method,
                  im->backend, im->variant, t.pass, t.worst, t.skip, t.fail);
    assert_int_equal(t.fail, 0);
    if (t.pass == 0)
        fail_msg("supports() refused every test shape");
}

/* ---- the verdicts can fail ----------------------------------------------- */

/* A real attention output (the gqa ref on a small decode shape: 2 rows of
 * 4x32) as float; small, so one bad element moves the relative L2 error. */
static void small_output(struct attn_shape *s, float **o, double **o_ref) {
    const struct attn_impl *ref = attn_registry_ref("gqa");
    assert_non_null(ref);
    *s = (struct attn_shape){.batch = 1,
                             .seq_len = 8,
                             .q_len = 2,
                             .heads_q = 4,
                             .heads_kv = 1,
                             .head_dim = 32,
                             .index_dim = 16,
                             .mode = ATTN_DECODE,
                             .causal = true};
    struct attn_params p;
    attn_params_defaults(&p);
    struct tensors t;
    tensors_make(&t, s, false, 1.0f, 7);
    const int64_t n = attn_numel_q(s);
    *o_ref = malloc((size_t)n * sizeof **o_ref + GUARD);
    *o = malloc((size_t)n * sizeof **o);
    assert_true(*o_ref && *o);
    memset((char *)*o_ref + n * (int64_t)sizeof **o_ref, GUARD_BYTE, GUARD);
    struct attn_io io = {t.qd, t.kd, t.vd, NULL, NULL, *o_ref, NULL, NULL, 0};
    char msg[512];
    if (!run_impl(ref, s, &p, &io, 1, true, (size_t)n * sizeof **o_ref, 0, NULL, NULL, msg,
                  sizeof msg))
        fail_msg("%s", msg);
    for (int64_t i = 0; i < n; i++)
        (*o)[i] = (float)(*o_ref)[i];
    tensors_free(&t);
}

static void test_verdict_rejects(void **state) {
    (void)state;
    struct attn_shape s;
    float *o;
    double *o_ref;
    small_output(&s, &o, &o_ref);
    const int64_t n = attn_numel_q(&s);
    int64_t big = 0;
    for (int64_t i = 1; i < n; i++)
        if (fabsf(o[i]) > fabsf(o[big]))
            big = i;
    /* the exact result rounded to float passes */
    assert_true(out_pass(out_err(o, o_ref, &s, NULL, 0)));
    /* one element off by 1e-3 relative fails */
    const float keep = o[big];
    o[big] = keep * (1.0f + 1e-3f);
    const double e = out_err(o, o_ref, &s, NULL, 0);
    assert_true(e > 0 && !out_pass(e));
    /* one NaN, one Inf fail; a NaN in the ref fails too */
    o[big] = NAN;
    assert_false(out_pass(out_err(o, o_ref, &s, NULL, 0)));
    o[big] = INFINITY;
    assert_false(out_pass(out_err(o, o_ref, &s, NULL, 0)));
    o[big] = keep;
    o_ref[n - 1] = NAN;
    assert_false(out_pass(out_err(o, o_ref, &s, NULL, 0)));
    /* with a subset of rows, only those rows are looked at */
    o_ref[n - 1] = (double)o[n - 1];
    o[n - 1] = NAN; /* in row 1 */
    const int64_t row0 = 0, row1 = 1;
    assert_true(out_pass(out_err(o, o_ref, &s, &row0, 1)));
    assert_false(out_pass(out_err(o, o_ref, &s, &row1, 1)));
    free(o);
    free(o_ref);
}

static void test_sel_verdict_rejects(void **state) {
    (void)state;
    const struct attn_shape s = {.batch = 1,
                                 .seq_len = 4,
                                 .q_len = 2,
                                 .heads_q = 2,
                                 .heads_kv = 1,
                                 .head_dim = 8,
                                 .index_dim = 8,
                                 .mode = ATTN_DECODE};
    const int32_t ref[8] = {3, 1, 2, -1, 0, 2, 1, 3};
    int32_t a[8];
    char msg[256];
    memcpy(a, ref, sizeof a);
    assert_true(sel_equal(a, ref, 4, &s, s.heads_kv, NULL, 0, true, msg, sizeof msg));
    const int32_t perm[8] = {1, 3, 2, -1, 2, 0, 1, 3}; /* other order, same local block */
    assert_true(sel_equal(perm, ref, 4, &s, s.heads_kv, NULL, 0, true, msg, sizeof msg));
    a[5] = 3; /* a different block */
    assert_false(sel_equal(a, ref, 4, &s, s.heads_kv, NULL, 0, true, msg, sizeof msg));
    memcpy(a, ref, sizeof a);
    a[3] = 0; /* padding filled */
    assert_false(sel_equal(a, ref, 4, &s, s.heads_kv, NULL, 0, true, msg, sizeof msg));
    memcpy(a, ref, sizeof a);
    a[2] = -1; /* a block dropped */
    assert_false(sel_equal(a, ref, 4, &s, s.heads_kv, NULL, 0, true, msg, sizeof msg));
    memcpy(a, ref, sizeof a);
    a[6] = 3, a[7] = 1; /* local block not last */
    assert_false(sel_equal(a, ref, 4, &s, s.heads_kv, NULL, 0, true, msg, sizeof msg));
    a[1] = SEL_UNSET; /* never written */
    assert_false(sel_equal(a, ref, 4, &s, s.heads_kv, NULL, 0, false, msg, sizeof msg));
}

/* The large-logit inputs really reach about ±50. */
static void test_logits_reach_50(void **state) {
    (void)state;
    const struct attn_shape s = {.batch = 1,
                                 .seq_len = 300,
                                 .q_len = 300,
                                 .heads_q = 4,
                                 .heads_kv = 1,
                                 .head_dim = 128,
                                 .index_dim = 16};
    struct tensors t;
    tensors_make(&t, &s, false, SIGMA_BIG, 3);
    double mx = 0;
    for (int64_t i = 0; i < s.q_len * s.heads_q; i++)
        for (int64_t j = 0; j < s.seq_len; j++) {
            double acc = 0;
            for (int64_t c = 0; c < s.head_dim; c++)
                acc += t.qd[i * s.head_dim + c] * t.kd[j * s.head_dim + c];
            acc = fabs(acc) / sqrt((double)s.head_dim);
            mx = acc > mx ? acc : mx;
        }
    print_message("largest |logit| of a big-logit case: %.1f\n", mx);
    assert_true(mx > 40 && mx < 100);
    tensors_free(&t);
}

int main(void) {
    const size_t n = attn_registry_count();
    struct CMUnitTest *tests = calloc(n + 3, sizeof *tests);
    char(*names)[96] = calloc(n, sizeof *names);
    if (!tests || !names)
        return 1;
    size_t k = 0;
    tests[k++] = (struct CMUnitTest){"verdict_rejects", test_verdict_rejects, NULL, NULL, NULL};
    tests[k++] =
        (struct CMUnitTest){"sel_verdict_rejects", test_sel_verdict_rejects, NULL, NULL, NULL};
    tests[k++] = (struct CMUnitTest){"logits_reach_50", test_logits_reach_50, NULL, NULL, NULL};
    for (size_t i = 0; i < n; i++) {
        const struct attn_impl *im = attn_registry_get(i);
        if (im->flags & (ATTN_F_ORACLE | ATTN_F_DEVICE))
            continue;
        snprintf(names[i], sizeof names[i], "%s/%s/%s vs ref", im->method, im->backend,
                 im->variant);
        tests[k++] = (struct CMUnitTest){names[i], test_impl, NULL, NULL, (void *)(uintptr_t)im};
    }
    const int rc = _cmocka_run_group_tests("vs_ref", tests, k, NULL, NULL);
    free(tests);
    free(names);
    return rc;
}
