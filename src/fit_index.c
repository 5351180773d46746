/* fit_index.c - `msabench fit-index`: train MSA's index branch on one captured
 * layer (index_fit.c) and report KL and recall on held-out query rows.
 *
 * Rows are split by a seeded coin per row: held out with probability
 * --holdout (uniform over positions), the rest trained on, except rows below
 * --holdout-below (so an excerpt of the first P tokens never has its query
 * rows trained on).  Training samples --rows query rows per Adam step; every
 * figure printed as "held-out" uses a seeded sample of the held-out rows only.  The final figures
 * are measured twice: by the trainer's own evaluator, and by the runner's path (the registered cpu
 * implementation of the method declared ATTN_F_FIT_INDEX, msa, fed the index, then recall_measure
 * against the float64 dense oracle), for the training-free start and the fitted index, beside the
 * ATTN_F_FIT_PEER method (bigbird) at the same block count.  Methods are looked up by those
 * roles (method.h), never named here. */
#include "alloc.h"
#include "attn.h"
#include "data.h"
#include "index_fit.h"
#include "method.h"
#include "recall.h"
#include "verbs.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

struct fit_opts {
    char q[DATA_PATH_MAX], k[DATA_PATH_MAX], v[DATA_PATH_MAX], out[DATA_PATH_MAX];
    struct ifit_config cfg;
    int64_t rows, eval_rows, holdout_below;
    int steps, warmup, eval_every;
    double lr, holdout;
    uint64_t seed;
    int init_random;
};

static void usage(FILE *f) {
    fprintf(
        f,
        "usage: msabench fit-index (--layer PREFIX | --q Q.npy --k K.npy [--v V.npy]) [options]\n"
        "  Trains MSA's index branch (Wq [Hkv, G*d, d_idx], Wk [Hkv*d, d_idx]) on one layer's\n"
        "  post-RoPE Q [N, Hq, d] and K [N, Hkv, d]: KL(stopgrad(P) || softmax(index scores)),\n"
        "  P = the group's dense attention averaged over its heads; full support during the\n"
        "  warmup, then the index's own top-k blocks.\n"
        "  --layer PREFIX      PREFIXq.npy, PREFIXk.npy, PREFIXv.npy (e.g. capture/L14_)\n"
        "  --dim N             index dim d_idx (default d; the training-free start needs d)\n"
        "  --rope-theta T      RoPE base of the capture: maps act on the un-rotated heads and\n"
        "                      the index is rotated again at d_idx (default 0: plain maps)\n"
        "  --rope-halves       RoPE pairs (p, p+d/2) (HF) instead of (2p, 2p+1) (GGML)\n"
        "  --block-size B      (128)   --topk K (16): sparse support and the recall figures\n"
        "  --rows R            query rows per step (256)\n"
        "  --steps S (300)     --warmup W (S/2): full-support steps first\n"
        "  --lr X (3e-3)       --seed S (1)   --init free|random (free)\n"
        "  --holdout F (0.25)  share of rows held out (a seeded coin per row); only these\n"
        "                      are evaluated (a seeded sample of --eval-rows R, 512)\n"
        "  --holdout-below P   never train on rows below P either (default 0)\n"
        "  --eval-every S      (50; 0 = only at the end)\n"
        "  --out DIR           writes wq.npy wk.npy qidx.npy kidx.npy report.json\n");
}

static int parse_i64(const char *s, int64_t lo, int64_t *out) {
    char *e;
    errno = 0;
    long long v = strtoll(s, &e, 10);
    if (errno || *e || v < lo)
        return -1;
    *out = v;
    return 0;
}

static int parse_f(const char *s, double lo, double hi, double *out) {
    char *e;
    errno = 0;
    double v = strtod(s, &e);
    if (errno || *e || !(v >= lo && v <= hi))
        return -1;
    *out = v;
    return 0;
}

static int parse_args(int argc, char **argv, struct fit_opts *o) {
    memset(o, 0, sizeof *o);
    o->cfg.block_size = 128, o->cfg.topk = 16;
    o->rows = 256, o->eval_rows = 512, o->steps = 300, o->warmup = -1, o->eval_every = 50;
    o->lr = 3e-3, o->holdout = 0.25, o->seed = 1;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i], *v = i + 1 < argc ? argv[i + 1] : NULL;
        int64_t x;
        double f;
#define NEED()                                                                                     \
    do {                                                                                           \
        if (!v) {                                                                                  \
            fprintf(stderr, "fit-index: %s needs a value\n", a);                                   \
            return -1;                                                                             \
        }                                                                                          \
        i++;                                                                                       \
    } while (0)
#define BAD()                                                                                      \
    do {                                                                                           \
        fprintf(stderr, "fit-index: bad value for %s: %s\n", a, v);                                \
        return -1;                                                                                 \
    } while (0)
        if (!strcmp(a, "-h") || !strcmp(a, "--help")) {
            usage(stdout);
            return 1;
        } else if (!strcmp(a, "--layer")) {
            NEED();
            if (snprintf(o->q, sizeof o->q, "%sq.npy", v) >= (int)sizeof o->q ||
                snprintf(o->k, sizeof o->k, "%sk.npy", v) >= (int)sizeof o->k ||
                snprintf(o->v, sizeof o->v, "%sv.npy", v) >= (int)sizeof o->v)
                BAD();
        } else if (!strcmp(a, "--q") || !strcmp(a, "--k") || !strcmp(a, "--v") ||
                   !strcmp(a, "--out")) {
            NEED();
            char *dst = a[2] == 'q' ? o->q : a[2] == 'k' ? o->k : a[2] == 'v' ? o->v : o->out;
            if (strlen(v) >= DATA_PATH_MAX)
                BAD();
            strcpy(dst, v);
        } else if (!strcmp(a, "--dim")) {
            NEED();
            if (parse_i64(v, 2, &x) || x % 2)
                BAD();
            o->cfg.d_idx = x;
        } else if (!strcmp(a, "--rope-theta")) {
            NEED();
            if (parse_f(v, 0, 1e12, &o->cfg.rope_theta))
                BAD();
        } else if (!strcmp(a, "--rope-halves")) {
            o->cfg.rope_halves = 1;
        } else if (!strcmp(a, "--block-size") || !strcmp(a, "--topk")) {
            NEED();
            if (parse_i64(v, 1, &x) || x > 1 << 20)
                BAD();
            *(a[2] == 'b' ? &o->cfg.block_size : &o->cfg.topk) = (int32_t)x;
        } else if (!strcmp(a, "--rows") || !strcmp(a, "--eval-rows") ||
                   !strcmp(a, "--holdout-below")) {
            NEED();
            if (parse_i64(v, a[2] == 'h' ? 0 : 1, &x))
                BAD();
            *(a[2] == 'r' ? &o->rows : a[2] == 'e' ? &o->eval_rows : &o->holdout_below) = x;
        } else if (!strcmp(a, "--steps") || !strcmp(a, "--warmup") || !strcmp(a, "--eval-every")) {
            NEED();
            if (parse_i64(v, 0, &x) || x > 10000000)
                BAD();
            *(a[2] == 's' ? &o->steps : a[2] == 'w' ? &o->warmup : &o->eval_every) = (int)x;
        } else if (!strcmp(a, "--lr")) {
            NEED();
            if (parse_f(v, 0, 10, &o->lr))
                BAD();
        } else if (!strcmp(a, "--holdout")) {
            NEED();
            if (parse_f(v, 0, 1, &f))
                BAD();
            o->holdout = f;
        } else if (!strcmp(a, "--seed")) {
            NEED();
            if (parse_i64(v, 0, &x))
                BAD();
            o->seed = (uint64_t)x;
        } else if (!strcmp(a, "--init")) {
            NEED();
            if (!strcmp(v, "free"))
                o->init_random = 0;
            else if (!strcmp(v, "random"))
                o->init_random = 1;
            else
                BAD();
        } else {
            fprintf(stderr, "fit-index: unknown option %s\n", a);
            usage(stderr);
            return -1;
        }
#undef NEED
#undef BAD
    }
    if (!o->q[0] || !o->k[0]) {
        fprintf(stderr, "fit-index: give --layer PREFIX or --q and --k\n");
        usage(stderr);
        return -1;
    }
    if (o->warmup < 0)
        o->warmup = o->steps / 2;
    return 0;
}

/* An .npy as [N, H, d] (a leading batch of 1 is dropped). */
static enum attn_status load3(const char *path, struct npy_array *a, int64_t *n, int64_t *h,
                              int64_t *d) {
    enum attn_status st = npy_load(path, 0, a);
    if (st != ATTN_OK)
        return st;
    const int off = a->ndim == 4 ? 1 : 0;
    if ((a->ndim != 3 && a->ndim != 4) || (a->ndim == 4 && a->dims[0] != 1)) {
        attn_set_error("%s: expected [N, H, d] or [1, N, H, d]", path);
        npy_free(a);
        return ATTN_ERR_INVALID;
    }
    *n = a->dims[off], *h = a->dims[off + 1], *d = a->dims[off + 2];
    const int64_t numel = *n * *h * *d;
    for (int64_t i = 0; i < numel; i++) /* NaN would train to NaN and a report of `nan` */
        if (!isfinite(a->data[i])) {
            attn_set_error("%s: element %lld (row %lld, head %lld, dim %lld) is %g; activations "
                           "must be finite",
                           path, (long long)i, (long long)(i / (*h * *d)), (long long)(i / *d % *h),
                           (long long)(i % *d), a->data[i]);
            npy_free(a);
            return ATTN_ERR_INVALID;
        }
    return ATTN_OK;
}

/* The runner's path: a cpu method (the fitted one with the given index, or the
 * peer) on rows, then recall_measure against the dense oracle. */
static enum attn_status runner_recall(const struct fit_opts *o, const char *method, int64_t n,
                                      int64_t hq, int64_t hkv, int64_t d, const float *q,
                                      const float *k, const float *v, const float *qidx,
                                      const float *kidx, const int64_t *rows, int64_t nr,
                                      struct recall_stats *out) {
    const struct attn_impl *im = attn_registry_find(method, "cpu", NULL);
    struct attn_shape s = {.batch = 1,
                           .seq_len = n,
                           .q_len = n,
                           .heads_q = hq,
                           .heads_kv = hkv,
                           .head_dim = d,
                           .index_dim = o->cfg.d_idx,
                           .mode = ATTN_PREFILL,
                           .causal = true};
    struct attn_params p;
    attn_params_defaults(&p);
    p.block_size = o->cfg.block_size, p.topk = o->cfg.topk;
    /* the peer (BigBird's knobs) at the same block count: window + global + random = k (as
     * the sweeps zip it); the fitted method reads none of them */
    p.bb_window = o->cfg.topk >= 6 ? 3 : 2, p.bb_global = o->cfg.topk >= 6 ? 2 : 1;
    p.bb_random = o->cfg.topk - p.bb_window - p.bb_global;
    p.seed = o->seed;
    void *ws = NULL, *ctx = NULL;
    float *ob = NULL;
    int32_t *sel = NULL;
    enum attn_status st = ATTN_OK;
    const char *why = NULL;
    if (!im) {
        attn_set_error("no %s cpu implementation registered", method);
        return ATTN_ERR_UNSUPPORTED;
    }
    if (!im->supports(&s, &p, &why)) {
        attn_set_error("%s cpu does not support this point: %s", method, why ? why : "?");
        return ATTN_ERR_UNSUPPORTED;
    }
    const int32_t width = im->sel_width ? im->sel_width(&s, &p) : 0;
    const size_t wsb = im->workspace_size(&s, &p);
    ws = wsb ? attn_host_alloc(wsb) : NULL;
    ob = attn_host_calloc((size_t)(n * hq * d) * sizeof(float));
    sel = attn_host_alloc((size_t)(hkv * n * width) * sizeof(int32_t));
    if ((wsb && !ws) || !ob || !sel) {
        attn_set_error("fit-index: out of memory for the %s run", method);
        st = ATTN_ERR_NOMEM;
        goto cleanup;
    }
    if ((st = im->init(&ctx, &s, &p, ws, NULL)) != ATTN_OK)
        goto cleanup;
    struct attn_io io = {.q = q,
                         .k = k,
                         .v = v,
                         .qidx = qidx,
                         .kidx = kidx,
                         .o = ob,
                         .sel = sel,
                         .rows = rows,
                         .n_rows = nr};
    if ((st = im->run(ctx, &io)) != ATTN_OK)
        goto cleanup;
    st = recall_measure(&s, &p, q, k, v, sel, width, ob, rows, nr, out);
cleanup:
    if (ctx)
        im->free(ctx);
    attn_host_free(ws);
    attn_host_free(ob);
    attn_host_free(sel);
    return st;
}

static uint64_t mix(uint64_t z) {
    z += 0x9e3779b97f4a7c15ull;
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
    return z ^ (z >> 31);
}
static double unit(uint64_t z) {
    return (double)(mix(z) >> 11) / 9007199254740992.0;
}

static double now_s(void) {
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + 1e-9 * (double)t.tv_nsec;
}

static bool eval_finite(const struct ifit_eval *e) {
    return isfinite(e->kl) && isfinite(e->block_recall) && isfinite(e->score_recall) &&
           isfinite(e->mass_coverage);
}

static bool recall_finite(const struct recall_stats *r) {
    return isfinite(r->block_recall) && isfinite(r->score_recall) && isfinite(r->mass_coverage) &&
           isfinite(r->out_rel_err);
}

static void json_eval(FILE *f, const char *name, const struct ifit_eval *e,
                      const struct recall_stats *r, int have_r, const char *tail) {
    fprintf(f,
            "  \"%s\": {\"kl\": %.6f, \"block_recall\": %.6f, \"score_recall\": %.6f, "
            "\"mass_coverage\": %.6f",
            name, e->kl, e->block_recall, e->score_recall, e->mass_coverage);
    if (have_r)
        fprintf(f,
                ", \"runner\": {\"rows\": %lld, \"block_recall\": %.6f, \"score_recall\": %.6f, "
                "\"mass_coverage\": %.6f, \"out_rel_err\": %.6f}",
                (long long)r->rows, r->block_recall, r->score_recall, r->mass_coverage,
                r->out_rel_err);
    fprintf(f, "}%s\n", tail);
}

int fit_index_main(int argc, char **argv) {
    struct fit_opts o;
    struct npy_array aq = {0}, ak = {0}, av = {0};
    struct ifit_state st;
    struct ifit_adam adq, adk;
    int64_t *train = NULL, *held = NULL, *evr = NULL, *batch = NULL;
    float *gq = NULL, *gk = NULL, *wq0 = NULL, *wk0 = NULL, *qidx = NULL, *kidx = NULL;
    float *qidx0 = NULL, *kidx0 = NULL;
    FILE *curve = NULL;
    int ret = 2;
    memset(&st, 0, sizeof st);
    memset(&adq, 0, sizeof adq);
    memset(&adk, 0, sizeof adk);
    int pa = parse_args(argc, argv, &o);
    if (pa)
        return pa > 0 ? 0 : 2;
    int64_t n, hq, hkv, d, n2, d2, n3 = 0, h3 = 0, d3 = 0;
    if (load3(o.q, &aq, &n, &hq, &d) || load3(o.k, &ak, &n2, &hkv, &d2) ||
        (o.v[0] && load3(o.v, &av, &n3, &h3, &d3))) {
        fprintf(stderr, "fit-index: %s\n", attn_last_error());
        goto cleanup;
    }
    if (n2 != n || d2 != d || hkv < 1 || hq % hkv ||
        (o.v[0] && (n3 != n || h3 != hkv || d3 != d))) {
        fprintf(stderr,
                "fit-index: shapes disagree: q [%lld, %lld, %lld], k [%lld, %lld, %lld]%s\n",
                (long long)n, (long long)hq, (long long)d, (long long)n2, (long long)hkv,
                (long long)d2, o.v[0] ? " (or v)" : "");
        goto cleanup;
    }
    if (!o.cfg.d_idx)
        o.cfg.d_idx = d;
    if (ifit_init(&st, aq.data, ak.data, n, hq, hkv, d, &o.cfg) != ATTN_OK) {
        fprintf(stderr, "fit-index: %s\n", attn_last_error());
        goto cleanup;
    }
    if (o.init_random)
        ifit_weights_random(&st, o.seed);
    else if (ifit_weights_free(&st) != ATTN_OK) {
        fprintf(stderr, "fit-index: %s (use --init random)\n", attn_last_error());
        goto cleanup;
    }
    /* split rows by seed */
    train = attn_host_alloc((size_t)n * sizeof *train);
    held = attn_host_alloc((size_t)n * sizeof *held);
    evr = attn_host_alloc((size_t)n * sizeof *evr);
    batch = attn_host_alloc((size_t)n * sizeof *batch);
    const int64_t nwq = hkv * st.in_q * o.cfg.d_idx, nwk = st.in_k * o.cfg.d_idx;
    gq = attn_host_alloc((size_t)nwq * sizeof(float));
    gk = attn_host_alloc((size_t)nwk * sizeof(float));
    wq0 = attn_host_alloc((size_t)nwq * sizeof(float));
    wk0 = attn_host_alloc((size_t)nwk * sizeof(float));
    qidx = attn_host_alloc((size_t)(n * hkv * o.cfg.d_idx) * sizeof(float));
    kidx = attn_host_alloc((size_t)(n * o.cfg.d_idx) * sizeof(float));
    if (!train || !held || !evr || !batch || !gq || !gk || !wq0 || !wk0 || !qidx || !kidx ||
        ifit_adam_init(&adq, nwq, o.lr) || ifit_adam_init(&adk, nwk, o.lr)) {
        fprintf(stderr, "fit-index: out of memory\n");
        goto cleanup;
    }
    memcpy(wq0, st.wq, (size_t)nwq * sizeof(float));
    memcpy(wk0, st.wk, (size_t)nwk * sizeof(float));
    /* held out by a seeded coin (uniform over positions, what gets evaluated);
     * rows below --holdout-below are never trained on either */
    int64_t nt = 0, nh = 0;
    for (int64_t i = 0; i < n; i++) {
        if (unit(o.seed * 0x100000001b3ull ^ (uint64_t)i) < o.holdout)
            held[nh++] = i;
        else if (i >= o.holdout_below)
            train[nt++] = i;
    }
    if (nh < 1 || (o.steps > 0 && nt < 1)) {
        fprintf(stderr, "fit-index: the split left %lld training and %lld held-out rows\n",
                (long long)nt, (long long)nh);
        goto cleanup;
    }
    /* evaluation rows: a seeded sample of the held-out rows (partial Fisher-Yates), sorted */
    int64_t ne = o.eval_rows < nh ? o.eval_rows : nh;
    memcpy(batch, held, (size_t)nh * sizeof *batch);
    for (int64_t t = 0; t < ne; t++) {
        const int64_t j =
            t + (int64_t)(unit(o.seed ^ 0xe7a1ull ^ ((uint64_t)t << 20)) * (double)(nh - t));
        const int64_t x = batch[t];
        batch[t] = batch[j], batch[j] = x;
        evr[t] = batch[t];
    }
    for (int64_t a = 1; a < ne; a++) /* insertion sort: ne is small */
        for (int64_t b = a; b > 0 && evr[b - 1] > evr[b]; b--) {
            const int64_t x = evr[b];
            evr[b] = evr[b - 1], evr[b - 1] = x;
        }
    printf("fit-index: N=%lld Hq=%lld Hkv=%lld d=%lld d_idx=%lld rope_theta=%g (%s) Bk=%d k=%d\n"
           "  rows: %lld train, %lld held out (%lld evaluated), none below %lld trained; %d steps "
           "of %lld rows, warmup %d, "
           "lr %g, seed %llu\n",
           (long long)n, (long long)hq, (long long)hkv, (long long)d, (long long)o.cfg.d_idx,
           o.cfg.rope_theta, o.cfg.rope_halves ? "halves" : "pairs", o.cfg.block_size, o.cfg.topk,
           (long long)nt, (long long)nh, (long long)ne, (long long)o.holdout_below, o.steps,
           (long long)o.rows, o.warmup, o.lr, (unsigned long long)o.seed);
    if (o.out[0]) {
        mkdir(o.out, 0777); /* may exist */
        char path[DATA_PATH_MAX + 32];
        snprintf(path, sizeof path, "%s/curve.csv", o.out);
        if (!(curve = fopen(path, "w"))) {
            fprintf(stderr, "fit-index: cannot write %s\n", path);
            goto cleanup;
        }
        fprintf(curve, "step,phase,train_kl,heldout_kl,block_recall,score_recall,mass_coverage\n");
    }
    struct ifit_eval e_free, e_fit;
    double t0 = now_s();
    if (ifit_evaluate(&st, evr, ne, &e_free) != ATTN_OK) {
        fprintf(stderr, "fit-index: %s\n", attn_last_error());
        goto cleanup;
    }
    printf(
        "  step %5d  %-6s held-out KL %.4f  block recall %.4f  score recall %.4f  coverage %.4f\n",
        0, "start", e_free.kl, e_free.block_recall, e_free.score_recall, e_free.mass_coverage);
    if (curve)
        fprintf(curve, "0,start,,%.6f,%.6f,%.6f,%.6f\n", e_free.kl, e_free.block_recall,
                e_free.score_recall, e_free.mass_coverage);
    const int64_t bsz = o.rows < nt ? o.rows : nt;
    double run_loss = 0;
    int run_cnt = 0;
    for (int step = 1; step <= o.steps; step++) {
        /* rows for this step: partial Fisher-Yates over the training rows */
        for (int64_t t = 0; t < bsz; t++) {
            const uint64_t key = (o.seed << 32) ^ ((uint64_t)step << 12) ^ (uint64_t)t ^ 0xba7cull;
            const int64_t j = t + (int64_t)(unit(key) * (double)(nt - t));
            const int64_t x = train[t];
            train[t] = train[j], train[j] = x;
            batch[t] = train[t];
        }
        const int sparse = step > o.warmup;
        double loss;
        if (ifit_loss_grad(&st, batch, bsz, sparse, &loss, gq, gk) != ATTN_OK) {
            fprintf(stderr, "fit-index: %s\n", attn_last_error());
            goto cleanup;
        }
        if (!isfinite(loss)) {
            fprintf(stderr, "fit-index: loss is %g at step %d (lower --lr)\n", loss, step);
            ret = 1;
            goto cleanup;
        }
        ifit_adam_step(&adq, st.wq, gq);
        ifit_adam_step(&adk, st.wk, gk);
        run_loss += loss, run_cnt++;
        if ((o.eval_every && step % o.eval_every == 0) || step == o.steps) {
            struct ifit_eval e;
            if (ifit_evaluate(&st, evr, ne, &e) != ATTN_OK) {
                fprintf(stderr, "fit-index: %s\n", attn_last_error());
                goto cleanup;
            }
            printf("  step %5d  %-6s train KL %.4f  held-out KL %.4f  block recall %.4f  score "
                   "recall %.4f  coverage %.4f  (%.0f s)\n",
                   step, sparse ? "sparse" : "full", run_loss / run_cnt, e.kl, e.block_recall,
                   e.score_recall, e.mass_coverage, now_s() - t0);
            fflush(stdout);
            if (curve)
                fprintf(curve, "%d,%s,%.6f,%.6f,%.6f,%.6f,%.6f\n", step, sparse ? "sparse" : "full",
                        run_loss / run_cnt, e.kl, e.block_recall, e.score_recall, e.mass_coverage);
            run_loss = 0, run_cnt = 0;
        }
    }
    if (ifit_evaluate(&st, evr, ne, &e_fit) != ATTN_OK ||
        ifit_project(&st, qidx, kidx) != ATTN_OK) {
        fprintf(stderr, "fit-index: %s\n", attn_last_error());
        goto cleanup;
    }
    if (!eval_finite(&e_free) || !eval_finite(&e_fit)) { /* JSON has no nan: refuse, say why */
        fprintf(stderr,
                "fit-index: held-out KL/recall/coverage is not finite (start %g %g %g %g, "
                "fitted %g %g %g %g): inputs too large for float32 scores?\n",
                e_free.kl, e_free.block_recall, e_free.score_recall, e_free.mass_coverage, e_fit.kl,
                e_fit.block_recall, e_fit.score_recall, e_fit.mass_coverage);
        ret = 1;
        goto cleanup;
    }
    /* the runner's path on the same held-out rows, training-free vs fitted */
    struct recall_stats r_free, r_fit, r_bb;
    int have_r = 0;
    const struct attn_method *fit = attn_method_with_role(ATTN_F_FIT_INDEX);
    const struct attn_method *peer = attn_method_with_role(ATTN_F_FIT_PEER);
    r_bb.rows = 0;
    if (o.v[0] && !fit) {
        fprintf(stderr, "fit-index: runner recall skipped: no method declares ATTN_F_FIT_INDEX\n");
    } else if (o.v[0]) {
        qidx0 = attn_host_alloc((size_t)(n * hkv * o.cfg.d_idx) * sizeof(float));
        kidx0 = attn_host_alloc((size_t)(n * o.cfg.d_idx) * sizeof(float));
        float *wq1 = st.wq, *wk1 = st.wk;
        st.wq = wq0, st.wk = wk0; /* the start's weights */
        enum attn_status s1 = qidx0 && kidx0 ? ifit_project(&st, qidx0, kidx0) : ATTN_ERR_NOMEM;
        st.wq = wq1, st.wk = wk1;
        if (s1 == ATTN_OK)
            s1 = runner_recall(&o, fit->name, n, hq, hkv, d, aq.data, ak.data, av.data, qidx0,
                               kidx0, evr, ne, &r_free);
        if (s1 == ATTN_OK)
            s1 = runner_recall(&o, fit->name, n, hq, hkv, d, aq.data, ak.data, av.data, qidx, kidx,
                               evr, ne, &r_fit);
        if (s1 == ATTN_OK && peer && o.cfg.topk >= 4)
            s1 = runner_recall(&o, peer->name, n, hq, hkv, d, aq.data, ak.data, av.data, NULL, NULL,
                               evr, ne, &r_bb);
        else
            r_bb.rows = 0;
        if (s1 == ATTN_OK && (!recall_finite(&r_free) || !recall_finite(&r_fit) ||
                              (r_bb.rows && !recall_finite(&r_bb))))
            attn_set_error("not finite (inputs too large for float32 scores?)");
        else if (s1 == ATTN_OK)
            have_r = 1;
        if (!have_r)
            fprintf(stderr, "fit-index: runner recall skipped: %s\n", attn_last_error());
    }
    printf("held-out (%lld rows x %lld groups), Bk=%d k=%d:\n"
           "  %-14s KL %.4f  block recall %.4f  score recall %.4f  coverage %.4f\n"
           "  %-14s KL %.4f  block recall %.4f  score recall %.4f  coverage %.4f\n",
           (long long)ne, (long long)hkv, o.cfg.block_size, o.cfg.topk,
           o.init_random ? "random start" : "training-free", e_free.kl, e_free.block_recall,
           e_free.score_recall, e_free.mass_coverage, "fitted", e_fit.kl, e_fit.block_recall,
           e_fit.score_recall, e_fit.mass_coverage);
    if (have_r)
        printf("  runner (%s cpu + recall_measure): start block %.4f score %.4f coverage %.4f "
               "out_rel_err %.4f; fitted block %.4f score %.4f coverage %.4f out_rel_err %.4f\n",
               fit->name, r_free.block_recall, r_free.score_recall, r_free.mass_coverage,
               r_free.out_rel_err, r_fit.block_recall, r_fit.score_recall, r_fit.mass_coverage,
               r_fit.out_rel_err);
    if (have_r && r_bb.rows)
        printf("  %s at the same block count: block %.4f score %.4f coverage %.4f "
               "out_rel_err %.4f\n",
               peer->name, r_bb.block_recall, r_bb.score_recall, r_bb.mass_coverage,
               r_bb.out_rel_err);
    if (o.out[0]) {
        char path[DATA_PATH_MAX + 32];
        const int64_t di = o.cfg.d_idx;
        const int64_t dwq[3] = {hkv, st.in_q, di}, dwk[2] = {st.in_k, di};
        const int64_t dqi[3] = {n, hkv, di}, dki[3] = {n, 1, di};
        struct {
            const char *name;
            const float *p;
            int nd;
            const int64_t *dims;
        } outs[] = {{"wq", st.wq, 3, dwq},
                    {"wk", st.wk, 2, dwk},
                    {"qidx", qidx, 3, dqi},
                    {"kidx", kidx, 3, dki}};
        for (size_t i = 0; i < sizeof outs / sizeof outs[0]; i++) {
            snprintf(path, sizeof path, "%s/%s.npy", o.out, outs[i].name);
            if (npy_save_f32(path, outs[i].p, outs[i].nd, outs[i].dims) != ATTN_OK) {
                fprintf(stderr, "fit-index: %s\n", attn_last_error());
                goto cleanup;
            }
        }
        snprintf(path, sizeof path, "%s/report.json", o.out);
        FILE *f = fopen(path, "w");
        if (!f) {
            fprintf(stderr, "fit-index: cannot write %s\n", path);
            goto cleanup;
        }
        fprintf(f, "{\n  \"q\": \"%s\", \"k\": \"%s\", \"v\": \"%s\",\n", o.q, o.k, o.v);
        fprintf(f,
                "  \"n\": %lld, \"heads_q\": %lld, \"heads_kv\": %lld, \"head_dim\": %lld, "
                "\"index_dim\": %lld, \"rope_theta\": %g, \"rope_halves\": %d,\n",
                (long long)n, (long long)hq, (long long)hkv, (long long)d, (long long)o.cfg.d_idx,
                o.cfg.rope_theta, o.cfg.rope_halves);
        fprintf(f,
                "  \"block_size\": %d, \"topk\": %d, \"steps\": %d, \"warmup\": %d, "
                "\"rows_per_step\": %lld, \"lr\": %g, \"seed\": %llu, \"init\": \"%s\",\n",
                o.cfg.block_size, o.cfg.topk, o.steps, o.warmup, (long long)o.rows, o.lr,
                (unsigned long long)o.seed, o.init_random ? "random" : "free");
        fprintf(f,
                "  \"train_rows\": %lld, \"heldout_rows\": %lld, \"heldout_below\": %lld, "
                "\"eval_rows\": %lld, \"seconds\": %.1f,\n",
                (long long)nt, (long long)nh, (long long)o.holdout_below, (long long)ne,
                now_s() - t0);
        json_eval(f, "start", &e_free, &r_free, have_r, ",");
        json_eval(f, "fitted", &e_fit, &r_fit, have_r, have_r && r_bb.rows ? "," : "");
        if (have_r && r_bb.rows)
            fprintf(f,
                    "  \"%s\": {\"rows\": %lld, \"block_recall\": %.6f, "
                    "\"score_recall\": %.6f, \"mass_coverage\": %.6f, \"out_rel_err\": %.6f}\n",
                    peer->name, (long long)r_bb.rows, r_bb.block_recall, r_bb.score_recall,
                    r_bb.mass_coverage, r_bb.out_rel_err);
        fprintf(f, "}\n");
        fclose(f);
        printf("wrote %s/{wq,wk,qidx,kidx}.npy, report.json, curve.csv\n", o.out);
    }
    ret = 0;
cleanup:
    if (curve)
        fclose(curve);
    npy_free(&aq);
    npy_free(&ak);
    npy_free(&av);
    ifit_free(&st);
    ifit_adam_free(&adq);
    ifit_adam_free(&adk);
    attn_host_free(train);
    attn_host_free(held);
    attn_host_free(evr);
    attn_host_free(batch);
    attn_host_free(gq);
    attn_host_free(gk);
    attn_host_free(wq0);
    attn_host_free(wk0);
    attn_host_free(qidx);
    attn_host_free(kidx);
    attn_host_free(qidx0);
    attn_host_free(kidx0);
    return ret;
}
