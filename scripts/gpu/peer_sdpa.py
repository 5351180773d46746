"""peer_sdpa.py - torch scaled_dot_product_attention (flash and cuDNN backends) at the
shapes of tests/gpu/test_gpu_bench_flash.c, timed the same way: L2 flushed (memset of
a 256 MiB buffer) before each sample, CUDA events around one call, median.

usage: python3 scripts/gpu/peer_sdpa.py [quick]
"""
import sys
import statistics
import torch
from torch.nn.attention import sdpa_kernel, SDPBackend
import torch.nn.functional as F

dev = "cuda"
flush = torch.empty(256 << 20, dtype=torch.uint8, device=dev)
print("torch", torch.__version__, torch.cuda.get_device_name(), flush=True)


def timeit(fn, samples):
    fn()
    torch.cuda.synchronize()
    ts = []
    for _ in range(samples):
        flush.fill_(len(ts) & 0xFF)
        a = torch.cuda.Event(enable_timing=True)
        b = torch.cuda.Event(enable_timing=True)
        a.record()
        fn()
        b.record()
        b.synchronize()
        ts.append(a.elapsed_time(b))
    return statistics.median(ts), min(ts), max(ts)


def run(backend, name, n, q_len, hq=32, hkv=4, d=128, causal=True, samples=10):
    q = torch.randn(1, hq, q_len, d, device=dev, dtype=torch.bfloat16)
    k = torch.randn(1, hkv, n, d, device=dev, dtype=torch.bfloat16)
    v = torch.randn(1, hkv, n, d, device=dev, dtype=torch.bfloat16)
    # causal with q_len < n: torch aligns top-left, so decode (1 query = the last
    # position) is run non-causal: it sees every key, as causal decode does.
    is_causal = causal and q_len == n
    how = "gqa"
    try:
        def fn():
            with sdpa_kernel([backend]):
                return F.scaled_dot_product_attention(q, k, v, is_causal=is_causal, enable_gqa=True)
        fn()
    except Exception:
        how = "expanded-kv"
        ke = k.repeat_interleave(hq // hkv, dim=1)
        ve = v.repeat_interleave(hq // hkv, dim=1)

        def fn():
            with sdpa_kernel([backend]):
                return F.scaled_dot_product_attention(q, ke, ve, is_causal=is_causal)
        try:
            fn()
        except Exception as e:  # noqa: BLE001
            print(f"{name:6s} N={n:<8d} q={q_len:<6d} failed: {str(e)[:100]}", flush=True)
            return
    med, lo, hi = timeit(fn, samples)
    pairs = (n * (n + 1) / 2) if is_causal else q_len * n
    flops = 4.0 * hq * d * pairs
    byts = 2.0 * (2 * hkv * n * d + 2 * hq * q_len * d)
    print(f"{name:6s} {how:11s} N={n:<8d} q={q_len:<6d} d={d} {'causal' if is_causal else 'full':6s} "
          f"median {med:9.3f} ms (min {lo:.3f}, max {hi:.3f})  {flops / med * 1e-9:7.1f} TFLOP/s  "
          f"{byts / med * 1e-6:7.1f} GB/s", flush=True)
    del q, k, v


quick = len(sys.argv) > 1 and sys.argv[1] == "quick"
backends = [(SDPBackend.FLASH_ATTENTION, "flash"), (SDPBackend.CUDNN_ATTENTION, "cudnn")]
for be, nm in backends:
    for n in ([4096] if quick else [16384, 32768, 65536, 131072]):
        run(be, nm, n, n, samples=5 if n >= 65536 else 10)
    if not quick:
        run(be, nm, 32768, 32768, d=64)
        for n in [1 << 19, 1 << 20]:
            run(be, nm, n, 1, samples=20)
