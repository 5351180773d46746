#!/usr/bin/env python3
"""flash-sparse-attn (FSA, Triton) on the identical exported selection (issue 15), in
msabench's CSV schema.

    python3 scripts/peers/fsa_peer.py EXPORT_DIR RESULTS.csv PEERS.csv [--timeout S]
        [--budget S] [--keep] [--append] [--methods nsa,dsa,...] [--tiles 16x64,16x128]

Rows `<method>/fsa/identical` for every exported causal-prefill point (bf16) of a
method whose selection one KV group shares (msa, nsa, bigbird: blocks; dsa: tokens).

FSA 2.0.6's entry points that take an index list: flash_sparse_attn_func (prefill)
takes none (its sparsity is a softmax threshold that skips blocks of small weight,
not a given selection); the decode entry flash_sparse_attn_with_kvcache_func takes
gather_kv_indices [batch, topk]: key positions per batch item, shared by all its
heads, -1 masked.  So each (KV group, token) is one batch item: its G query heads
as one decode query ([Hkv * L, G, d]), the head-major KV of all groups as one
sequence (K [1, Hkv * N, 1, d], broadcast over the batch with stride 0: no copy),
and the token's visible selected keys (+ the group's offset) as its gather list
(selmask.gather_list; blocks expand to their Bk keys).  softmax_threshold = 0 keeps
every key (FSA's default 1 skips blocks below 1/visible of the mass: approximate).
That is FSA's own token-gather decode path doing a prefill one query at a time,
the way sparse-prefill kernels of the DSA kind work; the row's reason says so.
Per-head selections (moba) would need one batch item per (token, head): skipped
with the size.  Checked as flex_peer.py checks (selmask.verdict).  flashinfer gets
a skipped row (its wheel cannot reach the GPU machine).
FSA is imported lazily: without it every row is skipped with the import error.
FSA 2.0.6 imports `triton_kernels` (triton's repo, not on PyPI) at package import, only for
its projection kernels (flash_proj_*), which the attention entries never call.  When the
real package is absent, stub modules whose names raise on use let the import go on; the
row's reason says so, and a call into the stub fails the row rather than faking it.
"""
import math
import os
import sys
import time

import numpy as np
import torch

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from peers import cold_samples  # noqa: E402
import selmask as sm  # noqa: E402
from flex_peer import DEV, each_point, load_bf16, load_host, parse_args  # noqa: E402

FLASHINFER = ("flashinfer-python 0.7.4 wheel is 101 MB; the GPU machine has no network and a "
              "call carries at most 64 MiB")
FSA = {}


def stub_triton_kernels():
    """Stub triton_kernels.{matmul_ogs,numerics} when the real one is missing; True if stubbed."""
    import importlib.util
    import types
    try:
        if importlib.util.find_spec("triton_kernels.matmul_ogs") is not None:
            return False
    except ImportError:
        pass

    def unusable(name):
        def f(*a, **k):
            raise RuntimeError("triton_kernels stub: %s is not available on this machine" % name)
        return f
    names = {"matmul_ogs": ("matmul_ogs", "PrecisionConfig", "FlexCtx"),
             "numerics": ("InFlexData", "OutFlexData")}
    pkg = types.ModuleType("triton_kernels")
    pkg.__path__ = []
    sys.modules["triton_kernels"] = pkg
    for mod, fns in names.items():
        m = types.ModuleType("triton_kernels." + mod)
        for fn in fns:
            setattr(m, fn, unusable(fn))
        sys.modules["triton_kernels." + mod] = m
        setattr(pkg, mod, m)
    return True


def fsa_func():
    """flash_sparse_attn_with_kvcache_func, or raises with why not."""
    if "fn" not in FSA:
        FSA["stub"] = stub_triton_kernels()
        try:
            from flash_sparse_attn import flash_sparse_attn_with_kvcache_func as f
            import flash_sparse_attn
            FSA["fn"], FSA["version"] = f, getattr(flash_sparse_attn, "__version__", "?")
        except Exception as e:  # noqa: BLE001  (missing wheel, triton too old)
            FSA["fn"], FSA["why"] = None, "flash_sparse_attn not importable: %s: %s" % (
                type(e).__name__, str(e)[:160])
    if FSA["fn"] is None:
        raise ImportError(FSA["why"])
    return FSA["fn"]


def gather_all(layout, sel, L, N, qpos0, bk):
    """gather_kv_indices [Hkv * L, W] on the device, built on the host in chunks."""
    H = sel.shape[0]
    first = sm.gather_list(layout, sel, 0, 0, 1, qpos0, bk, N, 0)
    g = torch.empty(H * L, first.shape[1], dtype=torch.int32, device=DEV)
    step = max(1, (64 << 20) // (4 * first.shape[1]))          # ~64 MiB a chunk
    for h in range(H):
        for t0 in range(0, L, step):
            t1 = min(L, t0 + step)
            part = sm.gather_list(layout, sel, h, t0, t1, qpos0, bk, N, h * N)
            g[h * L + t0:h * L + t1].copy_(torch.from_numpy(part))
    return g


def one_point(w, base, sub, args):
    method = base["method"]
    layout = sm.LAYOUT[method]
    w.row(base, "identical", method, "skipped", FLASHINFER, backend="flashinfer")
    B, N, L = int(base["batch"]), int(base["seq_len"]), int(base["q_len"])
    hq, hkv, d = int(base["heads_q"]), int(base["heads_kv"]), int(base["head_dim"])
    bk = int(base["block_size"])
    G = hq // hkv
    why = None
    if base["mode"] != "prefill" or base["causal"] != "1":
        why = "causal prefill points only"
    elif B != 1:
        why = "needs B = 1"
    elif layout == "head_blocks":
        w_sel = int(base["topk"]) * bk
        why = ("per-head selection: fsa's gather_kv_indices is one list per batch item shared "
               "by its heads, so each (token, head) would be a batch item of one query row: "
               "%.0f GiB of indices at this point" % (hq * L * w_sel * 4 / 2**30))
    if why is None:
        try:
            fn_fsa = fsa_func()
        except ImportError as e:
            why = str(e)
    if why:
        w.row(base, "identical", method, "skipped", why, backend="fsa")
        return
    qpos0 = N - L
    flops_main = float(base.get("flops_main") or "nan")
    t0 = time.time()
    rows = np.load(os.path.join(sub, "rows.npy"))
    o_ours = np.load(os.path.join(sub, "o_rows.npy"))[0]
    sel = np.load(os.path.join(sub, "sel.npy"))[0]
    q_rows, k_h, v_h = load_host(sub, rows)
    ref = sm.ref_rows(layout, q_rows, k_h, v_h, sel, rows, bk, qpos0)
    err_ours = sm.rel_l2(o_ours, ref)
    del k_h, v_h
    try:
        g = gather_all(layout, sel, L, N, qpos0, bk)
        del sel
        W = g.shape[1]
        q = load_bf16(os.path.join(sub, "q.npy"))[0]                  # [L, Hq, d]
        qp = q.view(L, hkv, G, d).permute(1, 0, 2, 3).reshape(hkv * L, G, d).contiguous()
        del q
        kp = load_bf16(os.path.join(sub, "k.npy"))[0].permute(1, 0, 2).reshape(1, hkv * N, 1, d)
        vp = load_bf16(os.path.join(sub, "v.npy"))[0].permute(1, 0, 2).reshape(1, hkv * N, 1, d)
        kp, vp = kp.contiguous(), vp.contiguous()
        out = torch.empty_like(qp)
        # batch items ride the grid's y axis (at most 65535 a launch) and the kernel's
        # offsets are int32 (batch_idx * stride below 2^31): a few launches per call
        per = max(1, min(65535, (2**31 - 1) // max(G * d, W)))
        t_prep = time.time() - t0
        scale = 1.0 / math.sqrt(d)

        def call(tile):
            for b0 in range(0, hkv * L, per):
                b1 = min(hkv * L, b0 + per)
                fn_fsa(qp[b0:b1], kp.expand(b1 - b0, -1, -1, -1), vp.expand(b1 - b0, -1, -1, -1),
                       softmax_scale=scale, softmax_threshold=0.0, gather_kv_indices=g[b0:b1],
                       out=out[b0:b1], is_autotune=False, tile_mn=tile)

        # FSA's own non-autotuned launch is (16, 64) with 4 warps; try the given
        # tiles once each and time the fastest (its autotuner compiles 54 configs)
        tm = max(16, 1 << (G - 1).bit_length())
        tiles = [(tm, int(x.split("x")[1])) for x in args.get("tiles", "16x64,16x128").split(",")]
        best, t_first = None, time.time()
        for tile in tiles:
            call(tile)
            torch.cuda.synchronize()
            a, b = torch.cuda.Event(enable_timing=True), torch.cuda.Event(enable_timing=True)
            a.record()
            call(tile)
            b.record()
            b.synchronize()
            if best is None or a.elapsed_time(b) < best[1]:
                best = (tile, a.elapsed_time(b))
        t_first = time.time() - t_first
        tile = best[0]
        call(tile)
        torch.cuda.synchronize()
        o = out.view(hkv, L, G, d).permute(1, 0, 2, 3).reshape(L, hq, d)
        got = o[torch.from_numpy(rows).to(DEV)].float().cpu().numpy()
        err_fsa, err_vs = sm.rel_l2(got, ref), sm.rel_l2(got, o_ours)
        reason = ("identical selection through fsa %s's decode gather path: %d (group, token) "
                  "batch items x %d heads in %d launches, %d gather slots each, tile %dx%d, "
                  "threshold 0; rel L2 vs float64 %.2e (msabench %.2e), vs msabench %.2e; "
                  "prep %.0f s, compile + tries %.0f s%s"
                  % (FSA.get("version"), hkv * L, G, -(-hkv * L // per), W, tile[0], tile[1],
                     err_fsa, err_ours, err_vs, t_prep, t_first,
                     "; triton_kernels stubbed (projection kernels, unused)" if FSA.get("stub") else ""))
        bad = sm.verdict(err_fsa, err_vs, err_ours)
        if bad:
            w.row(base, "identical", method, "failed", "output check failed: %s; %s" % (bad, reason),
                  val=(len(rows), err_fsa), backend="fsa")
        else:
            s = cold_samples(lambda: call(tile), min_samples=5, timeout=args["timeout"])
            w.row(base, "identical", method, "ok", reason, flops_main, None, None, s,
                  {"t_attn_ms": sorted(s)[len(s) // 2]}, val=(len(rows), err_fsa), backend="fsa")
    except Exception as e:  # noqa: BLE001  (out of memory, a Triton compile error: the reason)
        w.row(base, "identical", method, "failed", "%s: %s" % (type(e).__name__, str(e)[:200]),
              backend="fsa")
    torch.cuda.empty_cache()


def main():
    if len(sys.argv) < 4:
        print(__doc__)
        return 2
    args = parse_args(sys.argv)
    for i, a in enumerate(sys.argv[:-1]):
        if a == "--tiles":
            args["tiles"] = sys.argv[i + 1]
    return each_point(sys.argv[1], sys.argv[2], sys.argv[3], args, "fsa", one_point,
                      lambda m: [("flashinfer", "identical"), ("fsa", "identical")])


if __name__ == "__main__":
    sys.exit(main())
