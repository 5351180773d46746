/* alloc_cuda.cu - tracked device allocations (cudaMalloc; never managed memory). */
#include "alloc.h"

#include <atomic>
#include <cuda_runtime.h>
#include <mutex>
#include <unordered_map>

static std::atomic<size_t> dev_cur{0}, dev_peak{0};
static std::mutex mu;
static std::unordered_map<void *, size_t> sizes;

extern "C" void *attn_dev_alloc(size_t bytes) {
    void *p = nullptr;
    if (cudaMalloc(&p, bytes ? bytes : 1) != cudaSuccess) {
        cudaGetLastError(); /* clear the sticky-free error so later calls work */
        return nullptr;
    }
    {
        std::lock_guard<std::mutex> g(mu);
        sizes[p] = bytes;
    }
    size_t now = dev_cur.fetch_add(bytes) + bytes, pk = dev_peak.load();
    while (now > pk && !dev_peak.compare_exchange_weak(pk, now)) {
    }
    return p;
}

extern "C" void attn_dev_free(void *p) {
    if (!p)
        return;
    size_t b = 0;
    {
        std::lock_guard<std::mutex> g(mu);
        auto it = sizes.find(p);
        if (it != sizes.end()) {
            b = it->second;
            sizes.erase(it);
        }
    }
    dev_cur.fetch_sub(b);
    cudaFree(p);
}

extern "C" size_t attn_dev_current(void) {
    return dev_cur.load();
}
extern "C" size_t attn_dev_peak(void) {
    return dev_peak.load();
}
extern "C" void attn_dev_peak_reset(void) {
    dev_peak.store(dev_cur.load());
}
