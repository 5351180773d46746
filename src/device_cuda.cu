/* device_cuda.cu - the runner's GPU API (device.h) on the CUDA runtime.
 *
 * One device (0), one non-blocking stream that every implementation gets, an
 * L2-flush buffer of >= 2x L2 and a pair of events, all made lazily on first
 * use and kept for the life of the process.  Without a GPU (CI: nvcc but no
 * driver or no device) attn_device_available() answers false and every other
 * call fails with ATTN_ERR_CUDA; nothing aborts.
 *
 * Note for .cu files using cuda_check.h: C++ forbids a goto that jumps over an
 * initialized declaration, so declare every local before the first check. */
#include "alloc.h"
#include "common/cuda_check.h"
#include "device.h"

#include <cuda_bf16.h>
#include <mutex>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

namespace {

struct dev_state {
    std::mutex mu;
    int probed; /* 0 = not yet, 1 = a GPU, -1 = none */
    int ready;  /* stream, events, flush buffer made */
    cudaStream_t stream;
    cudaEvent_t ev0, ev1;
    void *flush; /* raw cudaMalloc: harness memory, not counted in mem_peak */
    size_t flush_bytes;
    unsigned flush_val;
    cudaDeviceProp prop;
};
dev_state g;

/* Elements converted per staging chunk in uploads and downloads. */
const size_t CHUNK = (size_t)1 << 22;

bool probe(void) {
    std::lock_guard<std::mutex> lk(g.mu);
    if (g.probed == 0) {
        int n = 0;
        if (cudaGetDeviceCount(&n) != cudaSuccess || n <= 0 ||
            cudaGetDeviceProperties(&g.prop, 0) != cudaSuccess || cudaSetDevice(0) != cudaSuccess) {
            cudaGetLastError(); /* leave no sticky error behind */
            g.probed = -1;
        } else {
            g.probed = 1;
        }
    }
    return g.probed == 1;
}

/* Stream, events and flush buffer. */
enum attn_status ensure_ready(void) {
    enum attn_status st = ATTN_OK;
    size_t l2 = 0;
    if (!probe()) {
        attn_set_error("no CUDA device available");
        return ATTN_ERR_CUDA;
    }
    std::lock_guard<std::mutex> lk(g.mu);
    if (g.ready)
        return ATTN_OK;
    l2 = (size_t)g.prop.l2CacheSize;
    g.flush_bytes = 2 * l2 > ((size_t)64 << 20) ? 2 * l2 : ((size_t)64 << 20);
    CUDA_CHECK(cudaStreamCreateWithFlags(&g.stream, cudaStreamNonBlocking));
    CUDA_CHECK(cudaEventCreate(&g.ev0));
    CUDA_CHECK(cudaEventCreate(&g.ev1));
    CUDA_CHECK(cudaMalloc(&g.flush, g.flush_bytes));
    g.ready = 1;
cleanup:
    return st;
}

/* Evicts the L2: a memset of the flush buffer on the stream (changing value so
 * no layer can skip it as a no-op). */
enum attn_status flush_l2(void) {
    enum attn_status st = ATTN_OK;
    g.flush_val = (g.flush_val + 1) & 0xffu;
    CUDA_CHECK(cudaMemsetAsync(g.flush, (int)g.flush_val, g.flush_bytes, g.stream));
cleanup:
    return st;
}

void version_str(char *buf, size_t n, int v) { /* 12040 -> "12.4" */
    snprintf(buf, n, "%d.%d", v / 1000, (v % 1000) / 10);
}

} /* namespace */

extern "C" bool attn_device_available(void) {
    return probe();
}

extern "C" enum attn_status attn_device_meta_json(char *buf, size_t n) {
    enum attn_status st = ATTN_OK;
    int drv = 0, rt = 0, sm_khz = 0, mem_khz = 0, bus = 0, cbl[3] = {0, 0, 0};
    char drv_s[32], rt_s[32];
    int len = 0;
    if (n)
        buf[0] = '\0';
    if (!probe()) {
        attn_set_error("no CUDA device available");
        return ATTN_ERR_CUDA;
    }
    CUDA_CHECK(cudaDriverGetVersion(&drv));
    CUDA_CHECK(cudaRuntimeGetVersion(&rt));
    CUDA_CHECK(cudaDeviceGetAttribute(&sm_khz, cudaDevAttrClockRate, 0));
    CUDA_CHECK(cudaDeviceGetAttribute(&mem_khz, cudaDevAttrMemoryClockRate, 0));
    CUDA_CHECK(cudaDeviceGetAttribute(&bus, cudaDevAttrGlobalMemoryBusWidth, 0));
    CUBLAS_CHECK(cublasGetProperty(MAJOR_VERSION, &cbl[0]));
    CUBLAS_CHECK(cublasGetProperty(MINOR_VERSION, &cbl[1]));
    CUBLAS_CHECK(cublasGetProperty(PATCH_LEVEL, &cbl[2]));
    version_str(drv_s, sizeof drv_s, drv);
    version_str(rt_s, sizeof rt_s, rt);
    /* The device name comes from the driver: no quotes or backslashes in practice,
     * but replace them anyway so the JSON stays valid. */
    {
        char name[sizeof g.prop.name];
        memcpy(name, g.prop.name, sizeof name);
        name[sizeof name - 1] = '\0';
        for (char *c = name; *c; c++)
            if (*c == '"' || *c == '\\' || (unsigned char)*c < 0x20)
                *c = '_';
        len = snprintf(buf, n,
                       "\"gpu\": \"%s\", \"compute_capability\": \"%d.%d\", \"sm_count\": %d, "
                       "\"sm_clock_mhz\": %d, \"mem_clock_mhz\": %d, \"mem_bus_bits\": %d, "
                       "\"l2_bytes\": %d, \"mem_bytes\": %zu, \"smem_per_block_optin\": %zu, "
                       "\"driver_version\": \"%s\", \"runtime_version\": \"%s\", "
                       "\"cublas_version\": \"%d.%d.%d\"",
                       name, g.prop.major, g.prop.minor, g.prop.multiProcessorCount, sm_khz / 1000,
                       mem_khz / 1000, bus, g.prop.l2CacheSize, (size_t)g.prop.totalGlobalMem,
                       (size_t)g.prop.sharedMemPerBlockOptin, drv_s, rt_s, cbl[0], cbl[1], cbl[2]);
    }
    if (len < 0 || (size_t)len >= n) {
        attn_set_error("attn_device_meta_json: buffer of %zu bytes too small", n);
        st = ATTN_ERR_INVALID;
    }
cleanup:
    return st;
}

extern "C" size_t attn_device_mem_total(void) {
    return probe() ? (size_t)g.prop.totalGlobalMem : 0;
}

extern "C" size_t attn_device_l2_bytes(void) {
    return probe() ? (size_t)g.prop.l2CacheSize : 0;
}

extern "C" void *attn_device_stream(void) {
    return ensure_ready() == ATTN_OK ? (void *)g.stream : NULL;
}

extern "C" enum attn_status attn_dev_upload_bf16(void **dst, const float *src, size_t n) {
    enum attn_status st = ATTN_OK;
    uint16_t *stage = NULL;
    void *d = NULL;
    *dst = NULL;
    ATTN_CHECK(ensure_ready());
    d = attn_dev_alloc(n * sizeof(uint16_t));
    if (!d) {
        attn_set_error("attn_dev_upload_bf16: device allocation of %zu bytes failed", n * 2);
        st = ATTN_ERR_NOMEM;
        goto cleanup;
    }
    stage = (uint16_t *)malloc((n < CHUNK ? n : CHUNK) * sizeof *stage + 1);
    if (!stage) {
        st = ATTN_ERR_NOMEM;
        goto cleanup;
    }
    /* Rounds on the host with the same function the tests use for their refs. */
    for (size_t off = 0; off < n; off += CHUNK) {
        size_t m = n - off < CHUNK ? n - off : CHUNK;
        for (size_t i = 0; i < m; i++)
            stage[i] = attn_f32_to_bf16(src[off + i]);
        CUDA_CHECK(cudaMemcpyAsync((uint16_t *)d + off, stage, m * sizeof *stage,
                                   cudaMemcpyHostToDevice, g.stream));
        CUDA_CHECK(cudaStreamSynchronize(g.stream)); /* stage is reused */
    }
    *dst = d;
    d = NULL;
cleanup:
    free(stage);
    attn_dev_free(d);
    return st;
}

extern "C" enum attn_status attn_dev_download_bf16(float *dst, const void *src, size_t n) {
    enum attn_status st = ATTN_OK;
    uint16_t *stage = NULL;
    ATTN_CHECK(ensure_ready());
    stage = (uint16_t *)malloc((n < CHUNK ? n : CHUNK) * sizeof *stage + 1);
    if (!stage) {
        st = ATTN_ERR_NOMEM;
        goto cleanup;
    }
    for (size_t off = 0; off < n; off += CHUNK) {
        size_t m = n - off < CHUNK ? n - off : CHUNK;
        CUDA_CHECK(cudaMemcpyAsync(stage, (const uint16_t *)src + off, m * sizeof *stage,
                                   cudaMemcpyDeviceToHost, g.stream));
        CUDA_CHECK(cudaStreamSynchronize(g.stream));
        for (size_t i = 0; i < m; i++)
            dst[off + i] = attn_bf16_to_f32(stage[i]);
    }
cleanup:
    free(stage);
    return st;
}

extern "C" enum attn_status attn_dev_download_i32(int32_t *dst, const int32_t *src, size_t n) {
    enum attn_status st = ATTN_OK;
    ATTN_CHECK(ensure_ready());
    CUDA_CHECK(cudaMemcpyAsync(dst, src, n * sizeof *dst, cudaMemcpyDeviceToHost, g.stream));
    CUDA_CHECK(cudaStreamSynchronize(g.stream));
cleanup:
    return st;
}

extern "C" enum attn_status attn_dev_memset(void *dst, int byte, size_t n) {
    enum attn_status st = ATTN_OK;
    ATTN_CHECK(ensure_ready());
    CUDA_CHECK(cudaMemsetAsync(dst, byte, n, g.stream));
cleanup:
    return st;
}

extern "C" enum attn_status attn_dev_sync(void) {
    enum attn_status st = ATTN_OK;
    ATTN_CHECK(ensure_ready());
    CUDA_CHECK(cudaStreamSynchronize(g.stream));
    CUDA_CHECK(cudaGetLastError());
cleanup:
    return st;
}

extern "C" enum attn_status attn_dev_time(enum attn_status (*fn)(void *), void *arg, double *ms) {
    enum attn_status st = ATTN_OK;
    float t = 0;
    ATTN_CHECK(ensure_ready());
    ATTN_CHECK(flush_l2());
    CUDA_CHECK(cudaEventRecord(g.ev0, g.stream));
    ATTN_CHECK(fn(arg));
    CUDA_CHECK(cudaEventRecord(g.ev1, g.stream));
    CUDA_CHECK(cudaEventSynchronize(g.ev1));
    CUDA_CHECK(cudaGetLastError()); /* an asynchronous kernel fault shows up here */
    CUDA_CHECK(cudaEventElapsedTime(&t, g.ev0, g.ev1));
    *ms = t;
cleanup:
    return st;
}

extern "C" enum attn_status attn_dev_time_graph(enum attn_status (*fn)(void *, int), void *arg,
                                                int reps, double *ms_per_call) {
    enum attn_status st = ATTN_OK;
    cudaGraph_t graph = NULL;
    cudaGraphExec_t exec = NULL;
    bool capturing = false;
    float t = 0;
    if (reps <= 0) {
        attn_set_error("attn_dev_time_graph: reps must be positive");
        return ATTN_ERR_INVALID;
    }
    ATTN_CHECK(ensure_ready());
    /* ThreadLocal mode: an allocation inside fn during capture is an error. */
    CUDA_CHECK(cudaStreamBeginCapture(g.stream, cudaStreamCaptureModeThreadLocal));
    capturing = true;
    for (int r = 0; r < reps; r++)
        ATTN_CHECK(fn(arg, r));
    capturing = false;
    CUDA_CHECK(cudaStreamEndCapture(g.stream, &graph));
    CUDA_CHECK(cudaGraphInstantiate(&exec, graph, 0));
    CUDA_CHECK(cudaGraphUpload(exec, g.stream));
    ATTN_CHECK(flush_l2());
    CUDA_CHECK(cudaEventRecord(g.ev0, g.stream));
    CUDA_CHECK(cudaGraphLaunch(exec, g.stream));
    CUDA_CHECK(cudaEventRecord(g.ev1, g.stream));
    CUDA_CHECK(cudaEventSynchronize(g.ev1));
    CUDA_CHECK(cudaGetLastError());
    CUDA_CHECK(cudaEventElapsedTime(&t, g.ev0, g.ev1));
    *ms_per_call = (double)t / reps;
cleanup:
    if (capturing) { /* leave the stream usable after a failure inside fn */
        cudaGraph_t g2 = NULL;
        cudaStreamEndCapture(g.stream, &g2);
        if (g2)
            cudaGraphDestroy(g2);
        cudaGetLastError();
    }
    if (exec)
        cudaGraphExecDestroy(exec);
    if (graph)
        cudaGraphDestroy(graph);
    return st;
}
