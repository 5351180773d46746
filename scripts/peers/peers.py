#!/usr/bin/env python3
"""PyTorch peers at the points of an msabench GPU run, in msabench's CSV schema.

    python3 scripts/peers/peers.py RESULTS.csv PEERS.csv [--timeout S] [--max-pred S] [--no-bw]
                                   [--dense-all]

For every distinct cuda point of RESULTS.csv (same key, so `msabench plot` and
`compare` line them up) it times, with the runner's rules (L2 flushed before
each sample outside the timed range, CUDA events, warmup, noise stop, timeout):
  flash/torch/sdpa_flash   torch SDPA, FlashAttention-2 backend (dense; enable_gqa)
  flash/torch/sdpa_cudnn   torch SDPA, cuDNN backend
  msa/torch/index_topk     MSA's index branch the plain way: matmul over the
                           visible keys, mask, amax per block, topk (prefill)
and once per run the device copy bandwidth (read + write; not with --no-bw).  Points the model
says one call can't finish in --max-pred seconds are written as `estimated`.
The dense peers run at the points of a flash, gqa or full row; with --dense-all at every
point (a sweep of MSA rows alone, as targets.sh's e2e stage).
"""
import csv
import math
import os
import statistics
import sys
import time

import torch
import torch.nn.functional as F
from torch.nn.attention import SDPBackend, sdpa_kernel

DEV = "cuda"
L2 = torch.cuda.get_device_properties(0).L2_cache_size
FLUSH = torch.empty(max(2 * L2, 64 << 20), dtype=torch.uint8, device=DEV)


def cold_samples(fn, min_samples=10, max_samples=50, max_noise=0.03, timeout=10.0, warmup_ms=25.0):
    t0 = time.time()
    fn()
    torch.cuda.synchronize()
    while (time.time() - t0) * 1e3 < warmup_ms:
        fn()
        torch.cuda.synchronize()
    out, t0 = [], time.time()
    while True:
        FLUSH.zero_()
        a, b = torch.cuda.Event(enable_timing=True), torch.cuda.Event(enable_timing=True)
        a.record()
        fn()
        b.record()
        b.synchronize()
        out.append(a.elapsed_time(b))
        el = time.time() - t0
        if el >= timeout or len(out) >= max_samples or (min_samples == 1 and el * 3 >= timeout):
            break
        if len(out) >= max(min_samples, 2):
            m = statistics.fmean(out)
            if m > 0 and statistics.stdev(out) / m <= max_noise:
                break
    return out


def summary(xs):
    s = sorted(xs)
    n = len(s)

    def q(p):
        h = (n - 1) * p
        lo = int(math.floor(h))
        return s[lo] + (h - lo) * (s[min(lo + 1, n - 1)] - s[lo])

    m = statistics.fmean(s)
    cv = statistics.stdev(s) / m if n > 1 and m > 0 else 0.0
    return dict(median=q(0.5), p20=q(0.2), p80=q(0.8), mean=m, min=s[0], cv=cv)


def visible_pairs(n, q_len, causal):
    if not causal:
        return q_len * n
    if q_len == n:
        return n * (n + 1) / 2
    return sum(n - q_len + t + 1 for t in range(q_len))


class Writer:
    def __init__(self, path, header, append=False):
        # append: a second peer script adds its rows under the first one's header
        more = append and os.path.exists(path) and os.path.getsize(path) > 0
        self.f = open(path, "a" if more else "w", newline="")
        self.header = header
        self.w = csv.DictWriter(self.f, fieldnames=header, extrasaction="ignore")
        if not more:
            self.w.writeheader()
        self.f.flush()

    def row(self, base, variant, method, status, reason, flops=None, flops_dense=None,
            bytes_model=None, samples=None, stages=None, val=None, backend="torch"):
        r = {k: base.get(k, "") for k in self.header}
        for k in ("flops", "flops_index", "flops_main", "flops_dense", "bytes_model", "mem_model",
                  "mem_peak", "median_ms", "p20_ms", "p80_ms", "mean_ms", "min_ms", "cv",
                  "t_index_ms", "t_topk_ms", "t_attn_ms", "t_combine_ms", "useful_tflops",
                  "dense_tflops", "gbps", "val_rows", "val_rel_err", "val_max_abs", "recall_rows",
                  "block_recall", "score_recall", "mass_coverage", "out_rel_err", "samples_ms",
                  "floor_ms"):
            r[k] = ""
        r.update(method=method, backend=backend, variant=variant, status=status, reason=reason,
                 samples=0)
        if flops is not None:
            r["flops"] = "%.6g" % flops
            r["flops_main"] = "%.6g" % flops
        if flops_dense is not None:
            r["flops_dense"] = "%.6g" % flops_dense
        if bytes_model is not None:
            r["bytes_model"] = "%.6g" % bytes_model
        if samples:
            s = summary(samples)
            sec = s["median"] * 1e-3
            r.update(samples=len(samples), median_ms="%.6g" % s["median"], p20_ms="%.6g" % s["p20"],
                     p80_ms="%.6g" % s["p80"], mean_ms="%.6g" % s["mean"], min_ms="%.6g" % s["min"],
                     cv="%.6g" % s["cv"], samples_ms=";".join("%.6g" % x for x in samples))
            if flops is not None:
                r["useful_tflops"] = "%.6g" % (flops / sec * 1e-12)
            if flops_dense is not None:
                r["dense_tflops"] = "%.6g" % (flops_dense / sec * 1e-12)
            if bytes_model is not None:
                r["gbps"] = "%.6g" % (bytes_model / sec * 1e-9)
        if stages:
            for k, v in stages.items():
                r[k] = "%.6g" % v
        if val is not None:
            r["val_rows"], r["val_rel_err"] = val[0], "%.6g" % val[1]
        self.w.writerow(r)
        self.f.flush()


def dense_peers(w, base, args):
    B, N, L = int(base["batch"]), int(base["seq_len"]), int(base["q_len"])
    hq, hkv, d = int(base["heads_q"]), int(base["heads_kv"]), int(base["head_dim"])
    causal = base["causal"] == "1"
    pairs = visible_pairs(N, L, causal)
    flops = 4.0 * B * hq * d * pairs
    byts = 2.0 * (2 * B * L * hq * d + 2 * B * N * hkv * d)
    g = torch.Generator(device=DEV).manual_seed(int(base["seed"]))
    try:
        q = torch.randn(B, hq, L, d, device=DEV, dtype=torch.bfloat16, generator=g)
        k = torch.randn(B, hkv, N, d, device=DEV, dtype=torch.bfloat16, generator=g)
        v = torch.randn(B, hkv, N, d, device=DEV, dtype=torch.bfloat16, generator=g)
    except torch.OutOfMemoryError:
        for var in ("sdpa_flash", "sdpa_cudnn"):
            w.row(base, var, "flash", "skipped", "out of device memory for the inputs")
        torch.cuda.empty_cache()
        return
    # decode with q_len 1: the last query sees every key (no mask); q_len > 1 would need a
    # bottom-right causal mask, which is_causal (top-left) does not give.
    is_causal = causal and L == N
    if causal and L != N and L != 1:
        for var in ("sdpa_flash", "sdpa_cudnn"):
            w.row(base, var, "flash", "skipped", "decode with q_len > 1 needs a bottom-right mask")
        return
    for var, backend, rate in (("sdpa_flash", SDPBackend.FLASH_ATTENTION, 320e12),
                               ("sdpa_cudnn", SDPBackend.CUDNN_ATTENTION, 600e12)):
        pred = flops / rate
        if L > 8 and pred > args["max_pred"]:
            w.row(base, var, "flash", "estimated",
                  "predicted %.3g s per call > %g" % (pred, args["max_pred"]), flops, flops, byts)
            continue

        def fn():
            with sdpa_kernel([backend]):
                F.scaled_dot_product_attention(q, k, v, is_causal=is_causal, enable_gqa=True)

        long = pred > args["timeout"] / 3
        try:
            s = cold_samples(fn, min_samples=1 if long else 10, timeout=args["timeout"],
                             warmup_ms=0 if long else 25)
            w.row(base, var, "flash", "ok", "one sample: long call" if long and len(s) == 1 else "",
                  flops, flops, byts, s)
        except Exception as e:  # unsupported shape or out of memory: a row with the reason
            w.row(base, var, "flash", "failed", "%s: %s" % (type(e).__name__, str(e)[:150]),
                  flops, flops, byts)
        torch.cuda.synchronize()
    del q, k, v
    torch.cuda.empty_cache()


def index_peer(w, base, args):
    N, hkv, di = int(base["seq_len"]), int(base["heads_kv"]), int(base["index_dim"])
    bk, k = int(base["block_size"]), int(base["topk"])
    if N > args["index_max_n"]:
        w.row(base, "index_topk", "msa", "skipped",
              "torch index+topk above %d tokens not run (device time)" % args["index_max_n"])
        return
    nb = (N + bk - 1) // bk
    g = torch.Generator(device=DEV).manual_seed(int(base["seed"]) + 1)
    qi = torch.randn(hkv, N, di, device=DEV, dtype=torch.bfloat16, generator=g)
    ki = torch.randn(N, di, device=DEV, dtype=torch.bfloat16, generator=g)
    pad = nb * bk - N
    chunk = max(bk, min(N, (1 << 31) // (hkv * nb * bk * 2) // bk * bk))  # <= ~2 GB of scores
    scale = 1.0 / math.sqrt(di)
    out = torch.empty(hkv, N, k - 1 if k > 1 else 1, dtype=torch.int64, device=DEV)
    pos_all = torch.arange(N, device=DEV)
    kpos = torch.arange(nb * bk, device=DEV)

    def index_topk(split=None):
        t_idx = t_top = 0.0
        for c0 in range(0, N, chunk):
            c1 = min(N, c0 + chunk)
            if split is not None:
                split[0].record()
            s = torch.matmul(qi[:, c0:c1], ki.T) * scale  # (hkv, c, N)
            s = F.pad(s, (0, pad), value=float("-inf"))
            vis = kpos[None, :] <= pos_all[c0:c1, None]
            s = s.masked_fill(~vis[None], float("-inf"))
            bmax = s.view(hkv, c1 - c0, nb, bk).amax(-1)
            if split is not None:
                split[1].record()
            local = (pos_all[c0:c1] // bk)[None, :, None].expand(hkv, -1, 1)
            bmax.scatter_(2, local, float("-inf"))
            out[:, c0:c1] = bmax.topk(out.shape[-1], dim=-1).indices
            if split is not None:
                split[2].record()
                split[2].synchronize()
                t_idx += split[0].elapsed_time(split[1])
                t_top += split[1].elapsed_time(split[2])
        return t_idx, t_top

    flops = 2.0 * hkv * di * N * (N + 1) / 2
    byts = 2.0 * (hkv * N * di + N * di)
    s = cold_samples(index_topk, min_samples=5, timeout=args["timeout"])
    ev = [torch.cuda.Event(enable_timing=True) for _ in range(3)]
    FLUSH.zero_()
    ti, tt = index_topk(ev)
    w.row(base, "index_topk", "msa", "ok", "matmul + mask + amax + topk, %d-row chunks" % chunk,
          flops, None, byts, s, {"t_index_ms": ti, "t_topk_ms": tt})
    del qi, ki, out
    torch.cuda.empty_cache()


def copy_bandwidth():
    x = torch.empty(1 << 31, dtype=torch.uint8, device=DEV)
    y = torch.empty_like(x)
    s = cold_samples(lambda: y.copy_(x), min_samples=10, timeout=5)
    return 2 * x.numel() / (summary(s)["median"] * 1e-3) / 1e9


def main():
    if len(sys.argv) < 3:
        print(__doc__)
        return 2
    src, dst = sys.argv[1], sys.argv[2]
    args = {"timeout": 10.0, "max_pred": 40.0, "index_max_n": 262144}
    for i, a in enumerate(sys.argv):
        if a == "--timeout":
            args["timeout"] = float(sys.argv[i + 1])
        if a == "--max-pred":
            args["max_pred"] = float(sys.argv[i + 1])
    rows = list(csv.DictReader(open(src)))
    header = list(rows[0].keys()) if rows else []
    w = Writer(dst, header)
    seen_dense, seen_index = set(), set()
    t0 = time.time()
    # `full` rows carry heads_kv = heads_q (the runner's MHA shape): the GQA peers
    # take the shape of a flash or gqa row of the key when there is one (run2's
    # decode peers took full's and read 16x the K/V at Hq=64/Hkv=4).
    dense_row = {}
    for r in rows:
        if r["backend"] == "cuda" and r["method"] in ("flash", "gqa", "full"):
            if r["key"] not in dense_row or dense_row[r["key"]]["method"] == "full":
                dense_row[r["key"]] = r
    # --dense-all (targets.sh's e2e stage, MSA rows only): the dense peers at every point too
    if "--dense-all" in sys.argv:
        for r in rows:
            if r["backend"] == "cuda" and r["key"] not in dense_row:
                dense_row[r["key"]] = r
    for r in rows:
        if r["backend"] != "cuda":
            continue
        if r["key"] in dense_row and r["key"] not in seen_dense:
            seen_dense.add(r["key"])
            dense_peers(w, dense_row[r["key"]], args)
        if r["method"] == "msa" and r["mode"] == "prefill" and r["key"] not in seen_index:
            seen_index.add(r["key"])
            index_peer(w, r, args)
    if "--no-bw" in sys.argv:
        print("peers: %d dense points, %d index points in %.0f s -> %s"
              % (len(seen_dense), len(seen_index), time.time() - t0, dst))
        return 0
    bw = copy_bandwidth()
    print("peers: %d dense points, %d index points in %.0f s; copy bandwidth %.0f GB/s -> %s"
          % (len(seen_dense), len(seen_index), time.time() - t0, bw, dst))
    with open(dst.rsplit("/", 1)[0] + "/copy_bw.txt" if "/" in dst else "copy_bw.txt", "w") as f:
        f.write("%.1f\n" % bw)
    return 0


if __name__ == "__main__":
    sys.exit(main())
