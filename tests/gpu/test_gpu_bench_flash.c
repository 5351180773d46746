/* test_gpu_bench_flash.c - a standalone timing of the dense CUDA kernels.
 *
 *   test_gpu_bench_flash          quick smoke (ctest): flash at N = 4096, one line
 *   test_gpu_bench_flash full     the table: prefill B=1, Hq=32, Hkv=4, d=128, causal,
 *                                 N = 16K..128K (flash mma_v1 and wgmma_v1 side by side
 *                                 with their ratio, performer; gqa/cublas 4K..16K),
 *                                 d=64 at 32K, decode q_len=1 at N = 512K and 1M and
 *                                 q_len 2/4/8 at 1M (flash)
 *   test_gpu_bench_flash prefill  only the flash prefill pairs (16K..128K, d=128)
 *
 * Cold timing as the runner does it (attn_dev_time: L2 flushed before each sample),
 * median of the samples, useful TFLOP/s = 4*Hq*d*(visible pairs) / time; decode
 * also prints GB/s over the K/V bytes.  Inputs are random bf16 (a 32 MiB random block
 * tiled over the buffers: never zeros).  Exits 77 without a GPU. */
#include "alloc.h"
#include "attn.h"
#include "device.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#ifdef MSABENCH_HAVE_CUDA
#include <cuda_runtime.h>
#include <math.h>

enum attn_status performer_cuda_init_features(void **ctx, const struct attn_shape *s,
                                              const struct attn_params *p, void *ws, void *stream,
                                              const double *w);

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
    double x = *(const double *)a, y = *(const double *)b;
    return x < y ? -1 : x > y;
}

/* Fills n bf16 values on the device by tiling one random block. */
static void *rand_dev(size_t n, const void *blk, size_t blk_n) {
    void *d = attn_dev_alloc(n * 2);
    if (!d)
        return NULL;
    for (size_t off = 0; off < n; off += blk_n) {
        size_t m = n - off < blk_n ? n - off : blk_n;
        if (cudaMemcpy((char *)d + off * 2, blk, m * 2, cudaMemcpyDeviceToDevice) != cudaSuccess) {
            attn_dev_free(d);
            return NULL;
        }
    }
    return d;
}

/* Times one shape; prints a line; returns the median ms (or -1). */
static double bench_one(const char *method, const char *variant, const struct attn_shape *s,
                        int samples, const void *blk, size_t blk_n) {
    struct attn_params p;
    attn_params_defaults(&p);
    const bool perf = strcmp(method, "performer") == 0;
    double *w = NULL;
    const struct attn_impl *im = attn_registry_find(method, "cuda", variant);
    const char *why = NULL;
    double med = -1;
    struct bench b = {im, NULL, {0}};
    void *ws = NULL;
    if (!im || !im->supports(s, &p, &why)) {
        printf("%-6s N=%-8lld skipped: %s\n", method, (long long)s->seq_len, why ? why : "absent");
        return -1;
    }
    size_t nq = (size_t)attn_numel_q(s), nkv = (size_t)attn_numel_kv(s);
    b.io.q = rand_dev(nq, blk, blk_n);
    b.io.k = rand_dev(nkv, blk, blk_n);
    b.io.v = rand_dev(nkv, blk, blk_n);
    b.io.o = attn_dev_alloc(nq * 2);
    size_t wsz = im->workspace_size(s, &p);
    if (wsz)
        ws = attn_dev_alloc(wsz);
    if (!b.io.q || !b.io.k || !b.io.v || !b.io.o || (wsz && !ws)) {
        printf("%-6s N=%-8lld skipped: out of device memory\n", method, (long long)s->seq_len);
        goto done;
    }
    if (perf) { /* random features: the same cost as the generator's, no O(m d^2) set-up */
        const int64_t m = (int64_t)llround((double)s->head_dim * log((double)s->head_dim));
        const size_t nw = (size_t)(s->heads_kv * m * s->head_dim);
        w = malloc(nw * sizeof *w);
        if (!w)
            goto done;
        uint64_t x = 12345;
        for (size_t i = 0; i < nw; i++) {
            x ^= x << 13, x ^= x >> 7, x ^= x << 17;
            w[i] = (float)(((double)(x >> 11) / 9007199254740992.0 - 0.5) * 0.3);
        }
    }
    if ((perf ? performer_cuda_init_features(&b.ctx, s, &p, ws, attn_device_stream(), w)
              : im->init(&b.ctx, s, &p, ws, attn_device_stream())) != ATTN_OK) {
        printf("%-6s init failed: %s\n", method, attn_last_error());
        goto done;
    }
    double t[64], ms;
    if (samples > 64)
        samples = 64;
    if (attn_dev_time(call, &b, &ms) != ATTN_OK) { /* warm-up */
        printf("%-6s run failed: %s\n", method, attn_last_error());
        goto done;
    }
    for (int i = 0; i < samples; i++)
        if (attn_dev_time(call, &b, &t[i]) != ATTN_OK) {
            printf("%-6s run failed: %s\n", method, attn_last_error());
            goto done;
        }
    qsort(t, (size_t)samples, sizeof t[0], cmp_d);
    med = t[samples / 2];
    {
        double pairs = 0;
        for (int64_t i = 0; i < s->q_len; i++)
            pairs += s->causal ? (double)(attn_qpos(s, i) + 1) : (double)s->seq_len;
        double flops = 4.0 * s->batch * s->heads_q * s->head_dim * pairs;
        if (perf) { /* SPEC section 3: ~8 N m d per query head */
            const double m = (double)llround((double)s->head_dim * log((double)s->head_dim));
            flops = 8.0 * s->batch * s->heads_q * (double)s->seq_len * m * s->head_dim;
        }
        const double bytes = 2.0 * (2.0 * nkv + 2.0 * nq);
        printf("%-6s %-7s N=%-8lld q=%-6lld Hq=%lld Hkv=%lld d=%lld %s  median %9.3f ms "
               "(min %.3f, max %.3f, n=%d)  %7.1f TFLOP/s  %7.1f GB/s\n",
               method, im->variant, (long long)s->seq_len, (long long)s->q_len,
               (long long)s->heads_q, (long long)s->heads_kv, (long long)s->head_dim,
               s->causal ? "causal" : "full", med, t[0], t[samples - 1], samples,
               flops / med * 1e-9, bytes / med * 1e-6);
    }
done:
    if (b.ctx)
        im->free(b.ctx);
    attn_dev_free((void *)b.io.q);
    attn_dev_free((void *)b.io.k);
    attn_dev_free((void *)b.io.v);
    attn_dev_free(b.io.o);
    attn_dev_free(ws);
    free(w);
    fflush(stdout);
    return med;
}

int main(int argc, char **argv) {
    if (!attn_device_available())
        return 77;
    char meta[1024];
    if (attn_device_meta_json(meta, sizeof meta) == ATTN_OK)
        printf("device: %s\n", meta);
    const size_t blk_n = (size_t)16 << 20;
    float *h = malloc(blk_n * sizeof *h);
    if (!h)
        return 1;
    uint64_t x = 88172645463325252ull;
    for (size_t i = 0; i < blk_n; i++) { /* uniform in [-1.73, 1.73): unit variance */
        x ^= x << 13, x ^= x >> 7, x ^= x << 17;
        h[i] = (float)((double)(x >> 11) / 9007199254740992.0 * 3.4641 - 1.7320);
    }
    void *blk = NULL;
    if (attn_dev_upload_bf16(&blk, h, blk_n) != ATTN_OK)
        return 1;
    free(h);
    const bool full = argc > 1 && (strcmp(argv[1], "full") == 0 || strcmp(argv[1], "prefill") == 0);
    struct attn_shape s = {1, 4096, 4096, 32, 4, 128, 128, ATTN_PREFILL, true};
    if (!full) {
        return bench_one("flash", NULL, &s, 3, blk, blk_n) > 0 ? 0 : 1;
    }
    /* the two prefill kernels in the same process, alternating per size */
    static const int64_t ns[] = {16384, 32768, 65536, 131072};
    double ratio[4];
    for (int i = 0; i < 4; i++) {
        s.seq_len = s.q_len = ns[i];
        const int n = ns[i] >= 65536 ? 5 : 10;
        const double t1 = bench_one("flash", "mma_v1", &s, n, blk, blk_n);
        const double t2 = bench_one("flash", "wgmma_v1", &s, n, blk, blk_n);
        ratio[i] = t1 > 0 && t2 > 0 ? t1 / t2 : NAN;
    }
    for (int i = 0; i < 4; i++)
        printf("flash prefill N=%-7lld wgmma_v1 speedup over mma_v1: %.3fx\n", (long long)ns[i],
               ratio[i]);
    fflush(stdout);
    if (argc > 1 && strcmp(argv[1], "prefill") == 0) {
        attn_dev_free(blk);
        return 0;
    }
    for (int64_t n = 4096; n <= 16384; n *= 2) {
        s.seq_len = s.q_len = n;
        bench_one("gqa", NULL, &s, 5, blk, blk_n);
    }
    for (int64_t n = 16384; n <= 131072; n *= 2) {
        s.seq_len = s.q_len = n;
        bench_one("performer", NULL, &s, 5, blk, blk_n);
    }
    s.head_dim = 64;
    s.seq_len = s.q_len = 32768;
    bench_one("flash", NULL, &s, 10, blk, blk_n);
    s.head_dim = 128;
    s.mode = ATTN_DECODE;
    s.q_len = 1;
    for (int64_t n = (int64_t)1 << 19; n <= (int64_t)1 << 20; n *= 2) {
        s.seq_len = n;
        bench_one("flash", NULL, &s, 20, blk, blk_n);
    }
    s.seq_len = (int64_t)1 << 20;
    for (int64_t ql = 2; ql <= 8; ql *= 2) { /* 16, 32, 64 rows per KV group */
        s.q_len = ql;
        bench_one("flash", NULL, &s, 20, blk, blk_n);
    }
    attn_dev_free(blk);
    return 0;
}
#else
int main(void) {
    return 77;
}
#endif
