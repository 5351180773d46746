/* test_gpu_bench_msa.c - standalone timing of MSA on CUDA (its prefill variants).
 *
 *   test_gpu_bench_msa         quick smoke (ctest): prefill at N = 16K, one line each
 *   test_gpu_bench_msa index   the index stage alone at the paper point (Hkv=4,
 *                              d_idx=128, Bk=128, causal), every kernel version in the
 *                              same process, N = 128K .. 1M: median ms and TFLOP/s
 *                              (2*Hkv*d_idx*N(N+1)/2 / time); then MSA kv_outer end to
 *                              end at 1M with the default index kernel, then with mma.sync
 *   test_gpu_bench_msa index1 N V [GiB]  one index pass at N with version V (for a profiler);
 *                              with GiB, chunks of that many GiB of scores, timed; V 10
 *                              (MSA_INDEX_WS8): the e4m3 index of kv_outer_fp8idx, V 11
 *                              (MSA_INDEX_WS8_UNI) the same with ws_uni's key compares
 *   test_gpu_bench_msa main    the main branch: kv_outer (fp32 partials), kv_outer_bf16 and
 *                              kv_outer_wgmma (its four forms) side by side, paper point,
 *                              N = 128K, 256K, 1M
 *   test_gpu_bench_msa forms   kv_outer_wgmma's forms cta, wg, wgp, wg2 alone, N = 128K, 1M
 *   test_gpu_bench_msa full [all]  paper point Hq=64 Hkv=4 d=d_idx=128 Bk=128 k=16, bf16,
 *                              causal: prefill N = 16K .. 1M (q_outer up to 256K unless
 *                              "all") and decode q_len 1 and 8 at N = 1M, per-stage times
 *   test_gpu_bench_msa topk    Top-k alone, every kernel version in one process
 *                              (msa_cuda_set_topk_version 2..5), same paper point:
 *                              prefill N = 128K, 256K, 1M, decode q_len 1 and 8 at 1M
 *
 * Total: cold timing as the runner does it (attn_dev_time: L2 flushed before each
 * sample), median.  Stages: one more run with msa_cuda_profile_begin/_end (CUDA
 * events around each kernel group, summed per stage over the query chunks).
 * FLOPs as SPEC §3: index 2*Hkv*d_idx*(visible pairs), main 4*Hq*d*(visible keys
 * of the selected blocks), the latter counted for full ranked blocks.  Inputs are
 * N(0,1) bf16 drawn on the device (never zeros).  Exits 77 without a GPU. */
#include "alloc.h"
#include "attn.h"
#include "device.h"
#include "msa/msa_cuda.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#ifdef MSABENCH_HAVE_CUDA
struct bench {
    const struct attn_impl *im;
    void *ctx;
    struct attn_io io;
};

static enum attn_status call(void *arg) {
    struct bench *b = arg;
    return b->im->run(b->ctx, &b->io);
}

static int cmp_d(const void *a, const void *b) {
    const double x = *(const double *)a, y = *(const double *)b;
    return x < y ? -1 : x > y;
}

static void *rand_dev(size_t n, uint64_t seed) {
    void *d = attn_dev_alloc(n * 2);
    if (d && msa_cuda_fill_normal_bf16(d, n, seed, 1.0f, attn_device_stream()) != ATTN_OK) {
        attn_dev_free(d);
        return NULL;
    }
    return d;
}

/* Counted FLOPs (SPEC §3) of the index and of the main branch. */
static void count_flops(const struct attn_shape *s, const struct attn_params *p, double *fi,
                        double *fm) {
    double pairs = 0, sel = 0;
    const int64_t bk = p->block_size;
    for (int64_t t = 0; t < s->q_len; t++) {
        const int64_t pos = attn_qpos(s, t), bi = pos / bk;
        pairs += (double)(pos + 1);
        sel += (double)((bi < p->topk - 1 ? bi : p->topk - 1) * bk + pos % bk + 1);
    }
    *fi = 2.0 * s->batch * s->heads_kv * s->index_dim * pairs;
    *fm = 4.0 * s->batch * s->heads_q * s->head_dim * sel;
}

/* part_gib: KV-outer partial chunk budget in GiB (0 = the default). */
static int bench_one(const char *variant, const struct attn_shape *s, int samples, int part_gib) {
    struct attn_params p;
    attn_params_defaults(&p);
    p.block_size = 128;
    p.topk = 16;
    const struct attn_impl *im = attn_registry_find("msa", "cuda", variant);
    const char *why = NULL;
    struct bench b = {im, NULL, {0}};
    void *ws = NULL;
    int rc = 1;
    double t[32], ms, st[4];
    msa_cuda_set_chunk_bytes(0, (size_t)part_gib << 30);
    if (!im || !im->supports(s, &p, &why)) {
        printf("msa %-8s N=%-8lld skipped: %s\n", variant, (long long)s->seq_len,
               why ? why : "absent");
        return 1;
    }
    const size_t nq = (size_t)attn_numel_q(s), nkv = (size_t)attn_numel_kv(s);
    const size_t nqi = (size_t)attn_numel_qidx(s), nki = (size_t)attn_numel_kidx(s);
    b.io.q = rand_dev(nq, 1);
    b.io.k = rand_dev(nkv, 2);
    b.io.v = rand_dev(nkv, 3);
    b.io.qidx = rand_dev(nqi, 4);
    b.io.kidx = rand_dev(nki, 5);
    b.io.o = attn_dev_alloc(nq * 2);
    const size_t wsz = im->workspace_size(s, &p);
    if (wsz)
        ws = attn_dev_alloc(wsz);
    if (!b.io.q || !b.io.k || !b.io.v || !b.io.qidx || !b.io.kidx || !b.io.o || (wsz && !ws)) {
        printf("msa %-8s N=%-8lld skipped: out of device memory\n", variant, (long long)s->seq_len);
        goto done;
    }
    if (im->init(&b.ctx, s, &p, ws, attn_device_stream()) != ATTN_OK) {
        printf("msa %-8s init failed: %s\n", variant, attn_last_error());
        goto done;
    }
    if (samples > 32)
        samples = 32;
    if (attn_dev_time(call, &b, &ms) != ATTN_OK) { /* warm-up */
        printf("msa %-8s run failed: %s\n", variant, attn_last_error());
        goto done;
    }
    for (int i = 0; i < samples; i++)
        if (attn_dev_time(call, &b, &t[i]) != ATTN_OK) {
            printf("msa %-8s run failed: %s\n", variant, attn_last_error());
            goto done;
        }
    qsort(t, (size_t)samples, sizeof t[0], cmp_d);
    if (msa_cuda_profile_begin(b.ctx) != ATTN_OK || call(&b) != ATTN_OK ||
        msa_cuda_profile_end(b.ctx, st) != ATTN_OK) {
        printf("msa %-8s profile failed: %s\n", variant, attn_last_error());
        goto done;
    }
    {
        double fi, fm;
        count_flops(s, &p, &fi, &fm);
        const double med = t[samples / 2];
        if (part_gib)
            printf("[partial chunks of %d GiB] ", part_gib);
        printf("msa %-8s %s N=%-8lld q=%-7lld median %10.3f ms (min %.3f max %.3f n=%d) | "
               "index %9.3f  topk %8.3f  attn %9.3f  combine %7.3f ms | index %6.1f  main %6.1f  "
               "all %6.1f TFLOP/s\n",
               variant, s->mode == ATTN_DECODE ? "decode " : "prefill", (long long)s->seq_len,
               (long long)s->q_len, med, t[0], t[samples - 1], samples, st[0], st[1], st[2], st[3],
               st[0] > 0 ? fi / st[0] * 1e-9 : 0.0,
               st[2] + st[3] > 0 ? fm / (st[2] + st[3]) * 1e-9 : 0.0, (fi + fm) / med * 1e-9);
        if (s->mode == ATTN_DECODE) /* index reads Kidx once: its bandwidth */
            printf("msa %-8s decode N=%lld: index %.1f GB/s over Kidx (%zu MiB)\n", variant,
                   (long long)s->seq_len, (double)nki * 2 / (st[0] * 1e6), nki * 2 >> 20);
    }
    rc = 0;
done:
    if (b.ctx)
        im->free(b.ctx);
    attn_dev_free((void *)b.io.q);
    attn_dev_free((void *)b.io.k);
    attn_dev_free((void *)b.io.v);
    attn_dev_free((void *)b.io.qidx);
    attn_dev_free((void *)b.io.kidx);
    attn_dev_free(b.io.o);
    attn_dev_free(ws);
    msa_cuda_set_chunk_bytes(0, 0);
    fflush(stdout);
    return rc;
}

/* kv_outer_wgmma in its four forms (CTA tiles, warpgroup half-tiles, warp-specialized
 * half-tiles, half-tiles two CTAs an SM) side by side, then its default form again. */
static int bench_forms(const struct attn_shape *s, int samples) {
    static const char *const fname[4] = {"cta", "wg", "wgp", "wg2"};
    int rc = 0;
    for (int f = 0; f < 4; f++) {
        msa_cuda_set_kv_wgmma_form(f);
        printf("[kv_outer_wgmma form %s] ", fname[f]);
        rc |= bench_one("kv_outer_wgmma", s, samples, 0);
    }
    msa_cuda_set_kv_wgmma_form(MSA_KV_WGMMA_FORM_DEFAULT);
    return rc;
}

/* Top-k stage time of every version on one shape (index scores from N(0,1)
 * bf16 index inputs).  One query chunk of block scores (128K, decode): the
 * index runs once, then the topk stage alone is timed `samples` times per
 * version, versions interleaved.  Several chunks (256K, 1M): each sample is
 * the index and topk stages with the topk kernels' time summed over the
 * chunks.  Each version's selection must equal v2's on every row. */
static int bench_topk(const struct attn_shape *s, int samples) {
    enum { NV = 4 };
    static const int vers[NV] = {2, 3, 4, 5};
    struct attn_params p;
    attn_params_defaults(&p);
    p.block_size = 128;
    p.topk = 16;
    const struct attn_impl *im = attn_registry_find("msa", "cuda", "q_outer");
    const char *why = NULL;
    void *ctx = NULL, *ws = NULL, *dummy = NULL;
    int32_t *dsel = NULL, *sel = NULL, *sel2 = NULL;
    struct attn_io io = {0};
    int rc = 1;
    const int ver0 = msa_cuda_topk_version();
    double t[NV][16], st[4];
    unsigned long long ovf[NV] = {0};
    int64_t diff[NV] = {0};
    if (samples > 16)
        samples = 16;
    if (!im || !im->supports(s, &p, &why)) {
        printf("topk N=%lld skipped: %s\n", (long long)s->seq_len, why ? why : "absent");
        return 1;
    }
    const int64_t nb = attn_nblocks(s->seq_len, p.block_size);
    const size_t nsel = (size_t)(s->batch * s->heads_kv * s->q_len * p.topk);
    /* one chunk of block scores: msa_cuda.cu's default budget, 2 GiB */
    const bool one_chunk = (double)s->batch * s->heads_kv * nb * 4 * s->q_len <= 2147483648.0;
    io.qidx = rand_dev((size_t)attn_numel_qidx(s), 4);
    io.kidx = rand_dev((size_t)attn_numel_kidx(s), 5);
    dummy = attn_dev_alloc(256); /* q, k, v, o: the index and topk stages never read them */
    io.q = io.k = io.v = dummy;
    io.o = dummy;
    dsel = attn_dev_alloc(nsel * sizeof *dsel);
    io.sel = dsel;
    sel = malloc(nsel * sizeof *sel);
    sel2 = malloc(nsel * sizeof *sel2);
    const size_t wsz = im->workspace_size(s, &p);
    if (wsz)
        ws = attn_dev_alloc(wsz);
    if (!io.qidx || !io.kidx || !dummy || !dsel || !sel || !sel2 || (wsz && !ws)) {
        printf("topk N=%lld skipped: out of memory\n", (long long)s->seq_len);
        goto done;
    }
    if (im->init(&ctx, s, &p, ws, attn_device_stream()) != ATTN_OK)
        goto fail;
    if (one_chunk && im->run_stage(ctx, 0, &io) != ATTN_OK)
        goto fail;
    /* sample -1: warm-up (one chunk only: several chunks are long runs already);
     * the first sample's selection is compared with v2's */
    const int first = one_chunk ? -1 : 0;
    for (int sm = first; sm < samples; sm++)
        for (int v = 0; v < NV; v++) {
            if (msa_cuda_set_topk_version(vers[v]) != ATTN_OK ||
                msa_cuda_profile_begin(ctx) != ATTN_OK ||
                (!one_chunk && im->run_stage(ctx, 0, &io) != ATTN_OK) ||
                im->run_stage(ctx, 1, &io) != ATTN_OK || msa_cuda_profile_end(ctx, st) != ATTN_OK)
                goto fail;
            if (sm >= 0)
                t[v][sm] = st[1];
            if (sm == first) {
                unsigned long long n = 0;
                if (attn_dev_download_i32(v == 0 ? sel : sel2, dsel, nsel) != ATTN_OK ||
                    msa_cuda_topk_overflows(&n) != ATTN_OK)
                    goto fail;
                ovf[v] = n;
                for (size_t i = 0; v > 0 && i < nsel; i += (size_t)p.topk)
                    diff[v] += memcmp(sel + i, sel2 + i, (size_t)p.topk * sizeof *sel) != 0;
            }
            if (sm == first && v == 0 && !one_chunk)
                printf("topk N=%lld: index stage %.1f ms a run\n", (long long)s->seq_len, st[0]);
        }
    printf("topk %s N=%-8lld q=%-7lld rows %lld x up to %lld blocks, k=%d, %d sample(s) each:",
           s->mode == ATTN_DECODE ? "decode " : "prefill", (long long)s->seq_len,
           (long long)s->q_len, (long long)(s->batch * s->heads_kv * s->q_len), (long long)nb - 1,
           p.topk, samples);
    for (int v = 0; v < NV; v++) {
        qsort(t[v], (size_t)samples, sizeof t[v][0], cmp_d);
        printf(" v%d %.4f ms", vers[v], t[v][samples / 2]);
    }
    printf("\n");
    for (int v = 1; v < NV; v++)
        printf("topk %s N=%-8lld   v%d: %.2fx faster than v2 (median; min %.4f max %.4f ms), "
               "rows != v2: %lld, bisection chunks: %llu\n",
               s->mode == ATTN_DECODE ? "decode " : "prefill", (long long)s->seq_len, vers[v],
               t[0][samples / 2] / t[v][samples / 2], t[v][0], t[v][samples - 1],
               (long long)diff[v], ovf[v]);
    rc = diff[1] || diff[2] || diff[3] ? 1 : 0;
    goto done;
fail:
    printf("topk N=%lld failed: %s\n", (long long)s->seq_len, attn_last_error());
done:
    msa_cuda_set_topk_version(ver0);
    if (ctx)
        im->free(ctx);
    attn_dev_free((void *)io.qidx);
    attn_dev_free((void *)io.kidx);
    attn_dev_free(dummy);
    attn_dev_free(dsel);
    attn_dev_free(ws);
    free(sel);
    free(sel2);
    fflush(stdout);
    return rc;
}

/* The index stage alone: query chunks of <= 2 GiB of block scores, one after
 * another into one buffer (as MSA runs them), timed warm with events. */
struct ibench {
    struct msa_cuda_index_call c;
    int64_t cq;
};
static enum attn_status index_all(void *arg) {
    struct ibench *ib = arg;
    struct msa_cuda_index_call c = ib->c;
    for (int64_t t0 = 0; t0 < c.q_len; t0 += ib->cq) {
        c.t0 = t0;
        c.nt = c.q_len - t0 < ib->cq ? c.q_len - t0 : ib->cq;
        const enum attn_status st = msa_cuda_index_scores(&c, attn_device_stream());
        if (st != ATTN_OK)
            return st;
    }
    return ATTN_OK;
}

/* One untimed pass of ib, then `samples` (<= 8) timed ones, sorted into t: t[samples / 2] is
 * the median. */
static enum attn_status time_index(struct ibench *ib, int samples, double *t) {
    double ms;
    enum attn_status st = attn_dev_time(index_all, ib, &ms);
    for (int i = 0; st == ATTN_OK && i < samples; i++)
        st = attn_dev_time(index_all, ib, &t[i]);
    if (st == ATTN_OK)
        qsort(t, (size_t)samples, sizeof t[0], cmp_d);
    return st;
}

static int bench_index(void) {
    static const char *const names[MSA_INDEX_NVERSIONS] = {
        "mma.sync", "wgmma pairs", "wgmma n64",  "wgmma single", "ws",
        "ws rs",    "ws pipe",     "ws rs pipe", "ws uni",       "ws rs uni"};
    const int64_t Hkv = 4, di = 128, bk = 128;
    printf("index stage alone, Hkv=%lld d_idx=%lld Bk=%lld causal, wgmma %s\n", (long long)Hkv,
           (long long)di, (long long)bk,
           msa_cuda_index_wgmma_available() ? "available" : "NOT available");
    for (int64_t n = 131072; n <= ((int64_t)1 << 20); n *= 2) {
        const int64_t nb = (n + bk - 1) / bk;
        int64_t cq = ((int64_t)2 << 30) / (Hkv * nb * 4);
        if (cq > n)
            cq = n;
        struct ibench ib = {{NULL, NULL, NULL, 1, n, n, Hkv, di, bk, 0, 0, cq, true, 0}, cq};
        ib.c.qidx = rand_dev((size_t)(n * Hkv * di), 4);
        ib.c.kidx = rand_dev((size_t)(n * di), 5);
        ib.c.scores = attn_dev_alloc((size_t)(Hkv * cq * nb) * sizeof(float));
        if (!ib.c.qidx || !ib.c.kidx || !ib.c.scores) {
            printf("index N=%lld: out of device memory\n", (long long)n);
            return 1;
        }
        const double flops = 2.0 * Hkv * di * (double)n * (double)(n + 1) / 2;
        const int samples = n <= 262144 ? 5 : 3;
        for (int ver = MSA_INDEX_MMA; ver < MSA_INDEX_NVERSIONS; ver++) {
            double t[8];
            ib.c.version = ver;
            if (time_index(&ib, samples, t) != ATTN_OK) {
                printf("index %s N=%lld failed: %s\n", names[ver], (long long)n, attn_last_error());
                return 1;
            }
            printf(
                "index %-10s N=%-8lld median %10.3f ms (min %.3f max %.3f n=%d)  %6.1f TFLOP/s\n",
                names[ver], (long long)n, t[samples / 2], t[0], t[samples - 1], samples,
                flops / t[samples / 2] * 1e-9);
            fflush(stdout);
        }
        attn_dev_free((void *)ib.c.qidx);
        attn_dev_free((void *)ib.c.kidx);
        attn_dev_free(ib.c.scores);
    }
    return 0;
}

int main(int argc, char **argv) {
    if (!attn_device_available())
        return 77;
    char meta[1024];
    if (attn_device_meta_json(meta, sizeof meta) == ATTN_OK)
        printf("device: %s\n", meta);
    const bool full = argc > 1 && strcmp(argv[1], "full") == 0;
    struct attn_shape s = {1, 16384, 16384, 64, 4, 128, 128, ATTN_PREFILL, true};
    if (argc > 1 && strcmp(argv[1], "topk") == 0) {
        int rc = 0;
        s.seq_len = s.q_len = 131072;
        rc |= bench_topk(&s, 9);
        s.seq_len = s.q_len = 262144;
        rc |= bench_topk(&s, 3);
        s.seq_len = s.q_len = (int64_t)1 << 20;
        rc |= bench_topk(&s, 1);
        s.mode = ATTN_DECODE;
        s.q_len = 1;
        rc |= bench_topk(&s, 15);
        s.q_len = 8;
        rc |= bench_topk(&s, 15);
        return rc;
    }
    if (argc > 3 && strcmp(argv[1], "index1") == 0) { /* one index pass, for a profiler */
        /* optional 4th argument: the chunk budget in GiB of block scores (MSA's is 2); with
         * it the pass is timed (3 warm samples after an untimed one, median) */
        const int64_t n = atoll(argv[2]), nb = (n + 127) / 128;
        const int64_t gib = argc > 4 ? atoll(argv[4]) : 2;
        if (n < 1 || gib < 1 || gib > 16) {
            fprintf(stderr, "index1: N >= 1 and a budget of 1..16 GiB\n");
            return 2;
        }
        int64_t cq = (gib << 30) / (4 * nb * 4);
        cq = cq > n ? n : cq;
        struct ibench ib = {{NULL, NULL, NULL, 1, n, n, 4, 128, 128, 0, 0, cq, true, atoi(argv[3])},
                            cq};
        ib.c.qidx = rand_dev((size_t)(n * 4 * 128), 4);
        ib.c.kidx = rand_dev((size_t)(n * 128), 5);
        const bool e4m3 = ib.c.version >= MSA_INDEX_WS8; /* ws8 and ws8_uni: the key cache */
        void *k8 = NULL;
        if (e4m3 && ib.c.kidx && msa_cuda_fp8_kidx_alloc(ib.c.kidx, 1, n, 128, &k8) == ATTN_OK)
            ib.c.kidx = k8;
        ib.c.scores = attn_dev_alloc((size_t)(4 * cq * nb) * sizeof(float));
        if (!ib.c.qidx || !ib.c.kidx || (e4m3 && !k8) || !ib.c.scores)
            return 1;
        double t[3];
        if (argc > 4) {
            if (time_index(&ib, 3, t) != ATTN_OK)
                return 1;
            printf("index1 N=%lld version %d chunks of %lld rows (%lld GiB): median %.3f ms "
                   "(min %.3f max %.3f)  %.1f TFLOP/s\n",
                   (long long)n, ib.c.version, (long long)cq, (long long)gib, t[1], t[0], t[2],
                   2.0 * 4 * 128 * (double)n * (double)(n + 1) / 2 / t[1] * 1e-9);
        } else if (index_all(&ib) != ATTN_OK || attn_dev_sync() != ATTN_OK) {
            return 1;
        } else {
            printf("index1 N=%lld version %d done\n", (long long)n, ib.c.version);
        }
        return 0;
    }
    if (argc > 1 && strcmp(argv[1], "index") == 0) {
        const int rc = bench_index();
        s.seq_len = s.q_len = (int64_t)1 << 20;
        printf("index kernel for MSA: %d (0 mma.sync, 1 wgmma n128 pairs, 2 wgmma n64, "
               "3 wgmma n128 single, 4-9 ws, ws rs, ws pipe, ws rs pipe, ws uni, ws rs uni)\n",
               msa_cuda_index_version());
        int rc2 = bench_one("kv_outer", &s, 1, 0);
        msa_cuda_set_index_version(MSA_INDEX_MMA); /* the same with the old index kernel */
        printf("index kernel for MSA: %d (mma.sync)\n", msa_cuda_index_version());
        rc2 |= bench_one("kv_outer", &s, 1, 0);
        msa_cuda_set_index_version(MSA_INDEX_DEFAULT);
        return rc | rc2;
    }
    if (argc > 1 && strcmp(argv[1], "forms") == 0) { /* kv_outer_wgmma's four forms alone */
        int rc = 0;
        for (int64_t n = 131072; n <= ((int64_t)1 << 20); n *= 8) {
            s.seq_len = s.q_len = n;
            rc |= bench_forms(&s, n < 1048576 ? 3 : 2);
        }
        return rc;
    }
    if (argc > 1 && strcmp(argv[1], "main") == 0) {
        int rc = 0;
        for (int64_t n = 131072; n <= ((int64_t)1 << 20); n *= 2) {
            if (n == 524288)
                continue;
            s.seq_len = s.q_len = n;
            rc |= bench_one("kv_outer", &s, n < 1048576 ? 3 : 1, 0);
            rc |= bench_one("kv_outer_bf16", &s, n < 1048576 ? 3 : 1, 0);
            rc |= bench_forms(&s, n < 1048576 ? 3 : 1);
        }
        return rc;
    }
    if (!full)
        return bench_one("q_outer", &s, 2, 0) | bench_one("kv_outer", &s, 2, 0) |
               bench_one("kv_outer_bf16", &s, 2, 0);
    for (int64_t n = 16384; n <= ((int64_t)1 << 20); n *= 2) {
        s.seq_len = s.q_len = n;
        const int samples = n <= 131072 ? 5 : n <= 262144 ? 3 : 2;
        bench_one("kv_outer", &s, samples, 0);
        bench_one("kv_outer_bf16", &s, samples, 0);
        bench_one("kv_outer_wgmma", &s, samples, 0);
        if (n <= 262144 || (argc > 2 && strcmp(argv[2], "all") == 0))
            bench_one("q_outer", &s, samples, 0);
    }
    /* larger KV-outer query chunks: more queries share each K/V block load */
    s.seq_len = s.q_len = 131072;
    bench_one("kv_outer", &s, 3, 8);
    s.seq_len = s.q_len = (int64_t)1 << 20;
    bench_one("kv_outer", &s, 1, 8);
    s.mode = ATTN_DECODE;
    s.seq_len = (int64_t)1 << 20;
    s.q_len = 1;
    bench_one("kv_outer", &s, 20, 0);
    s.q_len = 8;
    bench_one("kv_outer", &s, 20, 0);
    return 0;
}
#else
int main(void) {
    return 77;
}
#endif
