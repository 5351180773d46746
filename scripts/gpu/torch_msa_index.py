"""torch_msa_index.py - MSA's index branch + Top-k written in plain torch, the peer of
kernels/msa/msa_index.cu + msa_topk.cu, at the paper point (Hkv=4, d_idx=128, Bk=128,
k=16, causal, bf16), timed like tests/gpu/test_gpu_bench_msa.c: L2 flushed before
each sample, CUDA events around one call, median.

Per chunk of C queries: scores = Qidx[chunk] @ Kidx[:end]^T (bf16 GEMM, only the keys
the chunk can see), block max (amax over Bk), blocks at or after the local block set
to -inf (a non-local visible block has every token visible, so no token mask is
needed), torch.topk(k-1), then the local block.  Token scores do go through memory:
that is the cost the fused kernel avoids.

usage: python3 scripts/gpu/torch_msa_index.py [N ...]   (default 131072)
"""
import statistics
import sys

import torch

dev = "cuda"
HKV, DI, BK, K = 4, 128, 128, 16
flush = torch.empty(256 << 20, dtype=torch.uint8, device=dev)


def timeit(fn, samples):
    fn()
    torch.cuda.synchronize()
    ts = []
    for i in range(samples):
        flush.fill_(i & 0xFF)
        a = torch.cuda.Event(enable_timing=True)
        b = torch.cuda.Event(enable_timing=True)
        a.record()
        fn()
        b.record()
        b.synchronize()
        ts.append(a.elapsed_time(b))
    return statistics.median(ts), min(ts), max(ts)


def run(n, chunk=4096, samples=3):
    qidx = torch.randn(n, HKV, DI, device=dev, dtype=torch.bfloat16)
    kidx = torch.randn(n, DI, device=dev, dtype=torch.bfloat16)
    sel = torch.empty(n, HKV, K, dtype=torch.int64, device=dev)
    t_all = torch.arange(n, device=dev)

    def index_topk(split=None):
        for c0 in range(0, n, chunk):
            c1 = min(n, c0 + chunk)
            end = c1  # causal: keys < c1
            nbc = (end + BK - 1) // BK
            kpad = torch.nn.functional.pad(kidx[:end], (0, 0, 0, nbc * BK - end))
            s = qidx[c0:c1].reshape(-1, DI) @ kpad.T  # [(c1-c0)*HKV, nbc*BK] bf16
            bmax = s.view(c1 - c0, HKV, nbc, BK).amax(-1).float()
            local = (t_all[c0:c1] // BK).view(-1, 1, 1)
            blk = torch.arange(nbc, device=dev).view(1, 1, -1)
            bmax.masked_fill_(blk >= local, float("-inf"))
            if split == "gemm":
                continue
            kk = min(K - 1, nbc)
            top = bmax.topk(kk, dim=-1)
            # rows with fewer candidates than k-1 pick -inf blocks: drop them like -1
            idx = torch.where(top.values > float("-inf"), top.indices, -1)
            sel[c0:c1, :, :kk] = idx
            sel[c0:c1, :, kk] = local.view(-1, 1)

    med, lo, hi = timeit(index_topk, samples)
    gmed, _, _ = timeit(lambda: index_topk("gemm"), samples)
    flops = 2.0 * HKV * DI * n * (n + 1) / 2
    print(f"torch index+topk N={n}: median {med:9.3f} ms (min {lo:.3f} max {hi:.3f}) | "
          f"gemm+amax+mask {gmed:9.3f} ms, topk+rest {med - gmed:8.3f} ms | "
          f"{flops / med * 1e-9:6.1f} TFLOP/s (causal index FLOPs)", flush=True)


if __name__ == "__main__":
    print("torch", torch.__version__, torch.cuda.get_device_name(), flush=True)
    ns = [int(x) for x in sys.argv[1:]] or [131072]
    for n in ns:
        run(n)
