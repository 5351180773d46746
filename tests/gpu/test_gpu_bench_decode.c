/* test_gpu_bench_decode.c - MSA decode against dense decode at batch 1 and 32
 * (issue 7 / issue 16, target 5), in one process on one card, timed eager and
 * as CUDA graphs.
 *
 *   test_gpu_bench_decode            quick smoke (ctest): N = 64K, batch 1 and 4
 *   test_gpu_bench_decode full       the paper point Hq=64, Hkv=4, d=d_idx=128, Bk=128,
 *                                    k=16, q_len 1, N = 2^20, batch 1 and 32
 *
 * Batch 32 at 1M is 64 GiB of K/V: msabench's runner, which draws inputs in
 * float32 on the host, cannot stage it, so this program draws N(0,1) bf16 on
 * the device and both methods read the same K/V buffers (MSA adds Qidx and
 * 8 GiB of Kidx).  Each is timed cold as the runner does (attn_dev_time: L2
 * flushed before each sample), median of `samples`.  Before timing, a batched
 * call is checked against B = 1 calls on the slices of batch elements 0, mid
 * and last (B = 1 at this shape is what the runner validates against the
 * float64 ref): relative L2 <= 1e-2, SPEC 8's bf16 bound, and no NaN.  Not bit
 * for bit: flash's split-KV count depends on the batch (SMs / (B * Hkv)), so
 * its fp32 sums run in another order; a wrong batch offset gives ~1.4.
 *
 * Graph timing (issue 16): serving engines (vLLM, SGLang) capture a decode
 * step in a CUDA graph, which removes the per-launch CPU and driver cost.  For
 * every method alike (flash mma_v1, MSA kv_outer on bf16 keys, MSA decode_fp8),
 * one run() is captured on the method's stream (global capture mode, PyTorch's
 * default: an allocation or a synchronization inside run() ends the capture),
 * instantiated and launched once over an O poisoned with 0xff; that O must
 * equal the eager call's bit for bit (same kernels, same inputs).  The graph is
 * then timed as the eager call is: attn_dev_time around one cudaGraphLaunch
 * (L2 flushed before each sample, events on the same stream), median of the
 * same number of samples.  A method whose run() cannot be captured is printed
 * as skipped with the CUDA error, never timed eagerly in its place.  Every
 * run() here queues kernels only (flash: split + merge; MSA decode: index,
 * Top-k, split attention, combine; host-side cudaFuncSetAttribute and
 * occupancy queries, which capture allows): no change was needed to capture
 * them.  A table per batch gives eager and graph ms and flash / MSA for both.
 *
 * Prediction before the first graph run (H100, full, B = 1): in the eager
 * timing the L2 flush (a ~100 MB memset, ~35 us) runs while the CPU queues the
 * call's kernels, so the CPU is rarely what the GPU waits for; a graph saves
 * the GPU-side gap at each kernel boundary, ~1 us each.  MSA fp8 0.0844 ->
 * ~0.080 ms (0.078-0.082: 3 boundaries and a single launch), flash 0.7187 ->
 * ~0.717 ms (1 boundary), so ~8.9x (8.7-9.2x): graphs alone are unlikely to
 * make 9x with margin; the ~0.028 ms after the index is mostly the small
 * kernels' own latency-bound run time, which only fusion removes.
 *
 * decode_fp8_pdl (issue 16, target 5 at B = 1): decode_fp8's kernels with
 * Top-k, attention and combine launched by programmatic dependent launch
 * (common/cuda_pdl.cuh).  Same inputs and fp8 cache as decode_fp8; its O must
 * equal decode_fp8's bit for bit after its first eager call, after the timed
 * calls (check_pdl: and after repeated and back-to-back calls) and (time_graph)
 * as a graph: a wait placed too late is a race, which shows up as a mismatch.
 * Prediction (H100, full, B = 1): ~2-3 us saved at each of its 3 dependent
 * boundaries, 0.0844 -> ~0.077-0.080 ms eager (~9.0-9.3x flash); as a graph a
 * little less again.  Not yet measured on a GPU.
 *
 * Exits 77 without a GPU. */
#include "alloc.h"
#include "attn.h"
#include "device.h"
#include "msa/msa_cuda.h"
#include <cuda_runtime.h>

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#ifdef MSABENCH_HAVE_CUDA
struct bench {
    const struct attn_impl *im;
    void *ctx, *ws;
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

static void bench_free(struct bench *b) {
    if (b->ctx)
        b->im->free(b->ctx);
    attn_dev_free(b->ws);
    b->ctx = b->ws = NULL;
}

/* init on shape s; io pointers are set by the caller */
static enum attn_status bench_init(struct bench *b, const struct attn_shape *s,
                                   const struct attn_params *p) {
    const char *why = NULL;
    if (!b->im || !b->im->supports(s, p, &why)) {
        attn_set_error("%s", why ? why : "implementation absent");
        return ATTN_ERR_UNSUPPORTED;
    }
    const size_t wsz = b->im->workspace_size(s, p);
    if (wsz && !(b->ws = attn_dev_alloc(wsz))) {
        attn_set_error("workspace of %zu MiB: out of device memory", wsz >> 20);
        return ATTN_ERR_NOMEM;
    }
    return b->im->init(&b->ctx, s, p, b->ws, attn_device_stream());
}

static const char *slice(const void *base, int64_t b, int64_t per) {
    return base ? (const char *)base + (size_t)(b * per) * 2 : NULL;
}

/* Batched output vs B = 1 outputs on the slices of elements 0, B/2, B-1;
 * *worst gets the largest relative L2. */
static int check_batch(const struct attn_impl *im, const struct attn_shape *s,
                       const struct attn_params *p, const struct attn_io *io, double *worst) {
    struct attn_shape s1 = *s;
    s1.batch = 1;
    const int64_t nq = attn_numel_q(&s1), nkv = attn_numel_kv(&s1);
    const int64_t nqi = attn_numel_qidx(&s1), nki = attn_numel_kidx(&s1);
    float *a = malloc((size_t)nq * sizeof *a), *c = malloc((size_t)nq * sizeof *c);
    void *o1 = attn_dev_alloc((size_t)nq * 2);
    int bad = -1;
    if (!a || !c || !o1)
        goto done;
    const int64_t which[3] = {0, s->batch / 2, s->batch - 1};
    bad = 0;
    for (int i = 0; i < 3 && !bad; i++) {
        const int64_t e = which[i];
        struct bench b1 = {im, NULL, NULL, {0}};
        b1.io.q = slice(io->q, e, nq);
        b1.io.k = slice(io->k, e, nkv);
        b1.io.v = slice(io->v, e, nkv);
        b1.io.qidx = slice(io->qidx, e, nqi);
        b1.io.kidx = slice(io->kidx, e, nki);
        b1.io.o = o1;
        if (bench_init(&b1, &s1, p) != ATTN_OK || call(&b1) != ATTN_OK ||
            attn_dev_download_bf16(a, o1, (size_t)nq) != ATTN_OK ||
            attn_dev_download_bf16(c, slice(io->o, e, nq), (size_t)nq) != ATTN_OK) {
            printf("  batch check: B=1 call failed: %s\n", attn_last_error());
            bad = -1;
        } else {
            double num = 0, den = 0;
            for (int64_t j = 0; j < nq; j++) {
                num += ((double)c[j] - a[j]) * ((double)c[j] - a[j]);
                den += (double)a[j] * a[j];
            }
            const double rel = den > 0 ? sqrt(num / den) : INFINITY;
            *worst = rel > *worst ? rel : *worst;
            if (!(rel <= 1e-2)) { /* NaN fails too */
                printf("  batch check: element %lld vs its B=1 run: rel L2 %.3g\n", (long long)e,
                       rel);
                bad = 1;
            }
        }
        bench_free(&b1);
    }
done:
    free(a);
    free(c);
    attn_dev_free(o1);
    return bad;
}

/* One method's figures at one batch size: eager and graph medians in ms (-1:
 * not measured), why the graph was not timed, and whether its output differed. */
struct timing {
    double eager, graph;
    char why[192];
    int bad; /* graph O differs from the eager O, or a graph launch failed */
};

/* attn_dev_time's cold discipline: one untimed warm-up, then `samples` (<= 64)
 * timed calls sorted into t; the median, or -1. */
static double time_cold(enum attn_status (*fn)(void *), void *arg, int samples, double *t) {
    double ms;
    if (attn_dev_time(fn, arg, &ms) != ATTN_OK)
        return -1;
    for (int i = 0; i < samples; i++)
        if (attn_dev_time(fn, arg, &t[i]) != ATTN_OK)
            return -1;
    qsort(t, (size_t)samples, sizeof t[0], cmp_d);
    return t[samples / 2];
}

struct graph_call {
    cudaGraphExec_t exec;
    cudaStream_t stream;
};

static enum attn_status launch_graph(void *arg) {
    const struct graph_call *g = arg;
    const cudaError_t e = cudaGraphLaunch(g->exec, g->stream);
    if (e != cudaSuccess) {
        attn_set_error("cudaGraphLaunch: %s", cudaGetErrorString(e));
        return ATTN_ERR_CUDA;
    }
    return ATTN_OK;
}

/* O's n bf16 values, raw, after the stream's work. */
static int download_raw(uint16_t *h, const void *o, size_t n, cudaStream_t st) {
    return cudaMemcpyAsync(h, o, n * 2, cudaMemcpyDeviceToHost, st) == cudaSuccess &&
                   cudaStreamSynchronize(st) == cudaSuccess
               ? 0
               : -1;
}

static size_t count_diff(const uint16_t *a, const uint16_t *b, size_t n, size_t *first) {
    size_t d = 0;
    for (size_t i = n; i-- > 0;)
        if (a[i] != b[i]) {
            *first = i;
            d++;
        }
    return d;
}

/* b->io.o holds the eager call's O.  Captures one run() on the method's stream
 * into a graph, checks one launch of it against that O bit for bit (O poisoned
 * first, so a graph that writes nothing fails), then times launches as the
 * eager call is timed.  Fills r->graph, or r->why (not capturable) or r->bad. */
static void time_graph(struct bench *b, size_t nq, int samples, double *t, struct timing *r) {
    cudaStream_t st = (cudaStream_t)attn_device_stream();
    cudaGraph_t graph = NULL;
    struct graph_call g = {NULL, st};
    uint16_t *ref = malloc(nq * 2), *got = malloc(nq * 2);
    cudaError_t e;
    size_t first = 0, nd;
    if (!ref || !got || attn_dev_sync() != ATTN_OK || download_raw(ref, b->io.o, nq, st) != 0 ||
        attn_dev_memset(b->io.o, 0xff, nq * 2) != ATTN_OK || attn_dev_sync() != ATTN_OK) {
        snprintf(r->why, sizeof r->why, "could not stage the check: %s", attn_last_error());
        r->bad = 1;
        goto done;
    }
    if ((e = cudaStreamBeginCapture(st, cudaStreamCaptureModeGlobal)) != cudaSuccess) {
        snprintf(r->why, sizeof r->why, "cudaStreamBeginCapture: %s", cudaGetErrorString(e));
        goto done;
    }
    const enum attn_status rs = call(b);
    e = cudaStreamEndCapture(st, &graph); /* always: leaves the stream out of capture */
    if (rs != ATTN_OK || e != cudaSuccess || !graph) {
        if (rs != ATTN_OK)
            snprintf(r->why, sizeof r->why, "not capturable: run() failed in capture: %s (%s)",
                     attn_last_error(), cudaGetErrorString(e));
        else
            snprintf(r->why, sizeof r->why, "not capturable: cudaStreamEndCapture: %s",
                     cudaGetErrorString(e));
        cudaGetLastError();
        goto done;
    }
    if ((e = cudaGraphInstantiate(&g.exec, graph, 0)) != cudaSuccess) {
        snprintf(r->why, sizeof r->why, "cudaGraphInstantiate: %s", cudaGetErrorString(e));
        g.exec = NULL;
        cudaGetLastError();
        goto done;
    }
    if (launch_graph(&g) != ATTN_OK || attn_dev_sync() != ATTN_OK ||
        download_raw(got, b->io.o, nq, st) != 0) {
        snprintf(r->why, sizeof r->why, "graph launch failed: %s", attn_last_error());
        r->bad = 1;
        goto done;
    }
    if ((nd = count_diff(ref, got, nq, &first)) != 0) {
        /* is the eager call itself reproducible?  then the graph computes otherwise */
        const unsigned want = ref[first], gave = got[first];
        size_t f2 = 0, nd2 = (size_t)-1;
        if (call(b) == ATTN_OK && download_raw(got, b->io.o, nq, st) == 0)
            nd2 = count_diff(ref, got, nq, &f2);
        snprintf(r->why, sizeof r->why,
                 "graph O differs from eager O in %zu of %zu values (first %zu: %04x vs %04x); "
                 "eager again differs in %s%zu",
                 nd, nq, first, want, gave, nd2 == (size_t)-1 ? "(failed) " : "",
                 nd2 == (size_t)-1 ? (size_t)0 : nd2);
        r->bad = 1;
        goto done;
    }
    r->graph = time_cold(launch_graph, &g, samples, t);
    if (r->graph < 0) {
        snprintf(r->why, sizeof r->why, "graph timing failed: %s", attn_last_error());
        r->bad = 1;
    }
done:
    if (g.exec)
        cudaGraphExecDestroy(g.exec);
    if (graph)
        cudaGraphDestroy(graph);
    free(ref);
    free(got);
}

/* O (nq bf16 values on the device) against want bit for bit: 0 when equal,
 * else 1 with the count and the first difference in r->why. */
static int check_same(const uint16_t *want, const void *o, size_t nq, const char *when,
                      struct timing *r) {
    uint16_t *got = malloc(nq * 2);
    size_t first = 0, nd = 0;
    int bad = 0;
    if (!got || attn_dev_sync() != ATTN_OK ||
        download_raw(got, o, nq, (cudaStream_t)attn_device_stream()) != 0) {
        snprintf(r->why, sizeof r->why, "%s: O could not be read back: %s", when,
                 attn_last_error());
        bad = 1;
    } else if ((nd = count_diff(want, got, nq, &first)) != 0) {
        snprintf(r->why, sizeof r->why,
                 "%s: O differs from decode_fp8's O in %zu of %zu values (first %zu: %04x vs "
                 "%04x)",
                 when, nd, nq, first, (unsigned)want[first], (unsigned)got[first]);
        bad = 1;
    }
    free(got);
    return bad;
}

/* decode_fp8_pdl's O against decode_fp8's after the timed calls, after each of
 * 8 more calls, and after 16 calls queued back to back (a race may hit only some
 * calls; back to back, a call's first kernel follows the last one's combine). */
static int check_pdl(struct bench *b, const uint16_t *want, size_t nq, struct timing *r) {
    if (check_same(want, b->io.o, nq, "after the timed calls", r))
        return 1;
    for (int i = 0; i < 8; i++)
        if (call(b) != ATTN_OK || check_same(want, b->io.o, nq, "a repeated call", r))
            return 1;
    for (int i = 0; i < 16; i++)
        if (call(b) != ATTN_OK) {
            snprintf(r->why, sizeof r->why, "call failed: %s", attn_last_error());
            return 1;
        }
    return check_same(want, b->io.o, nq, "16 calls back to back", r);
}

/* One method (variant: NULL = the first) at one batch size over shared inputs,
 * eager then graph.  decode_fp8's Kidx is the fp8 cache, which has no
 * per-element slices: its batch check is test_gpu_msa_fp8's B = 2 cases.
 * want (decode_fp8_pdl): decode_fp8's O, which O must equal bit for bit after
 * the first call and after the timed calls; out (decode_fp8): gets O. */
static void run_one(const char *method, const char *variant, const struct attn_shape *s,
                    const struct attn_params *p, struct attn_io io, int samples, struct timing *r,
                    const uint16_t *want, uint16_t *out) {
    struct bench b = {attn_registry_find(method, "cuda", variant), NULL, NULL, io};
    const bool fp8 = variant && strncmp(variant, "decode_fp8", 10) == 0;
    const bool pdl = variant && strcmp(variant, "decode_fp8_pdl") == 0;
    const char *name = pdl ? "msa8p" : fp8 ? "msa8" : method;
    const size_t nq = (size_t)attn_numel_q(s);
    double t[64], med;
    *r = (struct timing){-1, -1, "", 0};
    snprintf(r->why, sizeof r->why, "eager call not measured");
    if (bench_init(&b, s, p) != ATTN_OK) {
        printf("%-5s B=%-3lld skipped: %s\n", method, (long long)s->batch, attn_last_error());
        goto done;
    }
    if (call(&b) != ATTN_OK || attn_dev_sync() != ATTN_OK) {
        printf("%-5s B=%-3lld run failed: %s\n", method, (long long)s->batch, attn_last_error());
        goto done;
    }
    if (out && download_raw(out, b.io.o, nq, (cudaStream_t)attn_device_stream()) != 0) {
        printf("%-5s B=%-3lld O could not be read back\n", name, (long long)s->batch);
        goto done;
    }
    if (want && (r->bad = check_same(want, b.io.o, nq, "first call", r)) != 0) {
        printf("%-5s B=%-3lld FAILED: %s\n", name, (long long)s->batch, r->why);
        goto done;
    }
    double worst = 0;
    const int chk = s->batch > 1 && !fp8 ? check_batch(b.im, s, p, &io, &worst) : 0;
    if (chk != 0) {
        printf("%-5s B=%-3lld batch check %s\n", method, (long long)s->batch,
               chk > 0 ? "FAILED" : "could not run");
        goto done;
    }
    if (samples > 64)
        samples = 64;
    if ((med = time_cold(call, &b, samples, t)) < 0)
        goto done;
    if (want && (r->bad = check_pdl(&b, want, nq, r)) != 0) {
        printf("%-5s B=%-3lld FAILED: %s\n", name, (long long)s->batch, r->why);
        goto done;
    }
    r->eager = med;
    r->why[0] = '\0';
    const double kv_bytes = 4.0 * (double)attn_numel_kv(s); /* K and V, bf16 */
    const double idx_bytes = fp8 ? (double)msa_fp8_kidx_bytes(s->batch, s->seq_len, s->index_dim)
                                 : 2.0 * (double)attn_numel_kidx(s);
    char chk_s[64] = "";
    if (s->batch > 1)
        snprintf(chk_s, sizeof chk_s, fp8 ? " (no batch check)" : " batch check ok (rel L2 %.2g)",
                 worst);
    printf(
        "%-5s B=%-3lld N=%lld q=%lld median %9.4f ms (min %.4f max %.4f n=%d)%s | %s %.0f GB/s\n",
        name, (long long)s->batch, (long long)s->seq_len, (long long)s->q_len, med, t[0],
        t[samples - 1], samples, chk_s, strcmp(method, "msa") ? "K+V" : "Kidx",
        (strcmp(method, "msa") ? kv_bytes : idx_bytes) / (med * 1e6));
    time_graph(&b, nq, samples, t, r);
    if (r->graph > 0)
        printf("%-5s B=%-3lld graph  median %9.4f ms (min %.4f max %.4f n=%d) | O = eager O bit "
               "for bit | graph/eager %.3f\n",
               name, (long long)s->batch, r->graph, t[0], t[samples - 1], samples,
               r->graph / r->eager);
    else
        printf("%-5s B=%-3lld graph %s: %s\n", name, (long long)s->batch,
               r->bad ? "FAILED" : "skipped", r->why);
    if (want)
        printf("%-5s B=%-3lld O = decode_fp8's O bit for bit (first call, last timed call, 8 "
               "repeats, 16 back to back%s); PDL %s\n",
               name, (long long)s->batch, r->graph > 0 ? ", graph" : "",
               msa_cuda_pdl_available() ? "on" : "not available here: launched as decode_fp8");
    double stg[4];
    if (strcmp(method, "msa") == 0 && msa_cuda_profile_begin(b.ctx) == ATTN_OK &&
        call(&b) == ATTN_OK && msa_cuda_profile_end(b.ctx, stg) == ATTN_OK)
        printf("%-5s B=%-3lld stages: index %.4f  topk %.4f  attn %.4f  combine %.4f ms\n",
               fp8 ? name : "msa", (long long)s->batch, stg[0], stg[1], stg[2], stg[3]);
done:
    bench_free(&b);
    fflush(stdout);
}

/* *k8 = the fp8 cache of *ki ([B, N, 128] bf16, freed here): made whole when it
 * fits beside *ki, else one batch element at a time through a host copy. */
static int fp8_cache(void **ki, int64_t batch, int64_t n, void **k8) {
    const size_t per = (size_t)n * 128 * 2;
    uint16_t *h = NULL;
    void *part = NULL;
    int rc = 1;
    if (msa_cuda_fp8_kidx_alloc(*ki, batch, n, 128, k8) == ATTN_OK) {
        rc = 0;
        goto done;
    }
    h = malloc(per * (size_t)batch);
    if (!h || cudaMemcpy(h, *ki, per * (size_t)batch, cudaMemcpyDeviceToHost) != cudaSuccess)
        goto done;
    attn_dev_free(*ki);
    *ki = NULL;
    *k8 = attn_dev_alloc(msa_fp8_kidx_bytes(batch, n, 128));
    part = attn_dev_alloc(per);
    if (!*k8 || !part)
        goto done;
    for (int64_t e = 0; e < batch; e++)
        if (cudaMemcpy(part, (const char *)h + per * (size_t)e, per, cudaMemcpyHostToDevice) !=
                cudaSuccess ||
            msa_cuda_kidx_to_fp8_part(part, *k8, batch, n, 128, e * n, n, attn_device_stream()) !=
                ATTN_OK ||
            attn_dev_sync() != ATTN_OK)
            goto done;
    printf("msa8  B=%lld: fp8 cache made one batch element at a time (bf16 keys via the host)\n",
           (long long)batch);
    rc = 0;
done:
    if (rc && *k8) {
        attn_dev_free(*k8);
        *k8 = NULL;
    }
    attn_dev_free(*ki);
    *ki = NULL;
    attn_dev_free(part);
    free(h);
    return rc;
}

static void fmt_ms(char *buf, size_t n, double ms) {
    if (ms > 0)
        snprintf(buf, n, "%9.4f", ms);
    else
        snprintf(buf, n, "%9s", "-");
}

static void fmt_x(char *buf, size_t n, double num, double den) {
    if (num > 0 && den > 0)
        snprintf(buf, n, "%8.2fx", num / den);
    else
        snprintf(buf, n, "%9s", "-");
}

/* Eager and graph ms of the NM methods and flash / MSA in both modes, all
 * from this process; a graph not timed shows "-" and its reason below. */
enum { NM = 4 }; /* flash, msa bf16 keys, msa fp8 keys, msa fp8 keys with PDL */
static void print_table(int64_t batch, int64_t n, int samples, const struct timing r[NM]) {
    static const char *const names[NM] = {"flash mma_v1", "msa kv_outer (bf16 keys)",
                                          "msa decode_fp8 (fp8 keys)", "msa decode_fp8_pdl (PDL)"};
    static const char *const vs[NM] = {"", "msa (bf16 keys)", "msa (fp8 keys)", "msa (fp8, PDL)"};
    char e[32], g[32];
    printf("decode table B=%lld N=%lld (ms, cold L2, median of %d)\n", (long long)batch,
           (long long)n, samples);
    printf("  %-27s %9s %9s %9s\n", "method", "eager", "graph", "graph/eager");
    for (int i = 0; i < NM; i++) {
        fmt_ms(e, sizeof e, r[i].eager);
        fmt_ms(g, sizeof g, r[i].graph);
        char ratio[32];
        fmt_x(ratio, sizeof ratio, r[i].graph, r[i].eager);
        printf("  %-27s %s %s %s\n", names[i], e, g, ratio);
    }
    for (int i = 1; i < NM; i++) {
        fmt_x(e, sizeof e, r[0].eager, r[i].eager);
        fmt_x(g, sizeof g, r[0].graph, r[i].graph);
        printf("  flash / %-19s %s %s\n", vs[i], e, g);
    }
    for (int i = 0; i < NM; i++)
        if (r[i].graph <= 0)
            printf("  %s graph %s: %s\n", names[i], r[i].bad ? "FAILED" : "not timed", r[i].why);
    fflush(stdout);
}

static int bench_batch(int64_t n, int64_t batch, int samples) {
    struct attn_shape s = {batch, n, 1, 64, 4, 128, 128, ATTN_DECODE, true};
    struct attn_params p;
    attn_params_defaults(&p);
    p.block_size = 128;
    p.topk = 16;
    const size_t nq = (size_t)attn_numel_q(&s), nkv = (size_t)attn_numel_kv(&s);
    const size_t nqi = (size_t)attn_numel_qidx(&s), nki = (size_t)attn_numel_kidx(&s);
    struct attn_io io = {0};
    void *q = attn_dev_alloc(nq * 2), *k = attn_dev_alloc(nkv * 2), *v = attn_dev_alloc(nkv * 2);
    void *qi = attn_dev_alloc(nqi * 2), *ki = attn_dev_alloc(nki * 2), *o = attn_dev_alloc(nq * 2);
    uint16_t *o8 = malloc(nq * 2); /* decode_fp8's O, decode_fp8_pdl's reference */
    int rc = 1;
    void *st = attn_device_stream();
    if (!q || !k || !v || !qi || !ki || !o || !o8) {
        printf("B=%lld N=%lld: inputs do not fit the device (%.1f GiB)\n", (long long)batch,
               (long long)n, (double)(2 * nq * 2 + 2 * nkv * 2 + nqi * 2 + nki * 2) / (1 << 30));
        goto done;
    }
    if (msa_cuda_fill_normal_bf16(q, nq, 11, 1.0f, st) != ATTN_OK ||
        msa_cuda_fill_normal_bf16(k, nkv, 12, 1.0f, st) != ATTN_OK ||
        msa_cuda_fill_normal_bf16(v, nkv, 13, 1.0f, st) != ATTN_OK ||
        msa_cuda_fill_normal_bf16(qi, nqi, 14, 1.0f, st) != ATTN_OK ||
        msa_cuda_fill_normal_bf16(ki, nki, 15, 1.0f, st) != ATTN_OK || attn_dev_sync() != ATTN_OK) {
        printf("fill failed: %s\n", attn_last_error());
        goto done;
    }
    io = (struct attn_io){.q = q, .k = k, .v = v, .qidx = qi, .kidx = ki, .o = o};
    struct timing r[NM]; /* as print_table */
    run_one("msa", "kv_outer", &s, &p, io, samples, &r[1], NULL, NULL);
    /* the fp8 cache of the same keys: 4.4 GB does not fit beside 64 GiB of K/V
     * and the 8 GiB bf16 Kidx at B = 32, 1M (80 GB card), so the bf16 keys go to
     * the host and come back a batch element at a time */
    void *k8 = NULL;
    r[2] = r[3] = (struct timing){-1, -1, "fp8 key cache failed", 0};
    if (fp8_cache(&ki, batch, n, &k8) == 0) {
        struct attn_io io8 = io;
        io8.kidx = k8;
        run_one("msa", "decode_fp8", &s, &p, io8, samples, &r[2], NULL, o8);
        if (r[2].eager > 0)
            run_one("msa", "decode_fp8_pdl", &s, &p, io8, samples, &r[3], o8, NULL);
        else
            snprintf(r[3].why, sizeof r[3].why, "decode_fp8 (its reference) did not run");
        attn_dev_free(k8);
    } else {
        printf("msa8  B=%lld: fp8 key cache failed: %s\n", (long long)batch, attn_last_error());
    }
    io.kidx = NULL;
    run_one("flash", "mma_v1", &s, &p, io, samples, &r[0], NULL, NULL); /* wgmma_v1: prefill */
    const double tf = r[0].eager, tm = r[1].eager, t8 = r[2].eager, tp = r[3].eager;
    if (tm > 0 && tf > 0)
        printf("decode B=%lld N=%lld: msa kv_outer %.4f ms, flash %.4f ms: msa %.2fx faster\n",
               (long long)batch, (long long)n, tm, tf, tf / tm);
    if (t8 > 0 && tf > 0)
        printf("decode B=%lld N=%lld: msa decode_fp8 %.4f ms, flash %.4f ms: msa fp8 %.2fx "
               "faster (bf16 keys %.2fx)\n",
               (long long)batch, (long long)n, t8, tf, tf / t8, tm > 0 ? tf / tm : 0.0);
    if (tp > 0 && tf > 0 && t8 > 0)
        printf("decode B=%lld N=%lld: msa decode_fp8_pdl %.4f ms (decode_fp8 %.4f: %+.1f us), "
               "flash %.4f ms: %.2fx\n",
               (long long)batch, (long long)n, tp, t8, (tp - t8) * 1e3, tf, tf / tp);
    print_table(batch, n, samples, r);
    rc = tm > 0 && tf > 0 && t8 > 0 && tp > 0 && !r[0].bad && !r[1].bad && !r[2].bad && !r[3].bad
             ? 0
             : 1;
done:
    free(o8);
    attn_dev_free(q);
    attn_dev_free(k);
    attn_dev_free(v);
    attn_dev_free(qi);
    attn_dev_free(ki);
    attn_dev_free(o);
    return rc;
}

int main(int argc, char **argv) {
    if (!attn_device_available())
        return 77;
    char meta[1024];
    if (attn_device_meta_json(meta, sizeof meta) == ATTN_OK)
        printf("device: %s\n", meta);
    if (argc > 1 && strcmp(argv[1], "full") == 0)
        return bench_batch((int64_t)1 << 20, 1, 20) | bench_batch((int64_t)1 << 20, 32, 10);
    return bench_batch(65536, 1, 3) | bench_batch(65536, 4, 3);
}
#else
int main(void) {
    return 77;
}
#endif
