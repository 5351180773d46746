#!/usr/bin/env python3
"""FlexAttention peers of MSA's main branch (issue 7, target 2), in msabench's CSV schema.

    python3 scripts/peers/flex_peer.py EXPORT_DIR RESULTS.csv PEERS.csv [--timeout S] [--keep]

EXPORT_DIR is what `msabench run SWEEP --export EXPORT_DIR` wrote: per point q, k, v
(bf16 bits), MSA's own selection sel [B, Hkv, q_len, k] and a sample of msabench's
output rows.  For every exported causal-prefill msa point it writes two rows under
the point's key (so `plot` and `compare` line them up with msabench's rows):

  msa/torch/flex_identical  FlexAttention (torch.compile) computing the identical
      MSA output from that selection.  The G query heads of a KV group share one
      selection per token, so the queries are laid out [Hkv, token, G] (one flex
      "head" per KV group, G rows per token): a 128-row query block is 128/G
      tokens and its block mask is the union of those tokens' selected blocks --
      16x fewer blocks than a [Hq, token] layout at G = 16, the peer's best shot.
      Blocks every token of the query block chose and that are wholly visible
      are `full` (no mask_mod); the rest are partial, with a per-token mask_mod
      `sel[h, t, 0] == kv // Bk | ... | sel[h, t, k-1] == kv // Bk`, and kv <= pos.
      Checked against msabench's output rows and a float64 evaluation of the
      same selection on the exported sample rows (SPEC 8's bf16 rule).
  msa/torch/flex_16blocks   the idealized block-sparse reference: every 128-query
      block of every head attends its own block (causal) and 15 earlier blocks
      (seeded random), i.e. MSA's budget with perfectly coherent selections.

Timed as the runner times (L2 flushed before each sample, CUDA events, median);
the block masks are built outside the timed range (MSA's selection is not part
of its main-branch time either).  Exports are deleted after use unless --keep.
"""
import csv
import math
import os
import shutil
import sys
import time

import numpy as np
import torch
from torch.nn.attention.flex_attention import BlockMask, flex_attention

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from peers import Writer, cold_samples  # noqa: E402  (same timing rules and CSV writer)

DEV = "cuda"
FLEX = torch.compile(flex_attention, dynamic=False)


def load_bf16(path):
    a = np.load(path, mmap_mode="r")
    if a.dtype != np.uint16:
        raise ValueError("%s: expected bf16 bits (<u2), got %s" % (path, a.dtype))
    return torch.from_numpy(np.array(a)).to(DEV).view(torch.bfloat16)


def from_kv_blocks(*a, **kw):
    """Forward-only block masks: the transposed (query-block) lists are for the
    backward pass and cost a dense pass over query x KV blocks."""
    try:
        return BlockMask.from_kv_blocks(*a, compute_q_blocks=False, **kw)
    except TypeError:
        return BlockMask.from_kv_blocks(*a, **kw)


def identical_mask(sel, n_kv, G, bk, qpos0):
    """Block mask of the union of the selections within each 128-row query block
    of the [token, G] layout; sel is [Hkv, L, k] int32 on the device."""
    H, L, k = sel.shape
    T = 128 // G                              # tokens per query block
    nqb = (L + T - 1) // T
    pad = nqb * T - L
    s = torch.nn.functional.pad(sel, (0, 0, 0, pad), value=-1).view(H, nqb, T * k)
    sv, _ = s.sort(-1)
    new = torch.ones_like(sv, dtype=torch.bool)
    new[..., 1:] = sv[..., 1:] != sv[..., :-1]
    run = new.cumsum(-1) - 1                  # run id of each sorted entry
    cnt = torch.zeros_like(sv).scatter_add_(-1, run, torch.ones_like(sv))
    val = torch.full_like(sv, -1).scatter_(-1, run, sv)
    valid = (val >= 0) & (torch.arange(T * k, device=DEV) <= run[..., -1:])
    qb = torch.arange(nqb, device=DEV)
    ntok = torch.clamp(L - qb * T, max=T)     # tokens present in each query block
    tmin = qpos0 + qb * T                     # first token's position
    full = valid & (cnt == ntok[None, :, None]) & ((val + 1) * bk - 1 <= tmin[None, :, None])
    part = valid & ~full
    big = torch.iinfo(torch.int32).max

    def pack(m):
        num = m.sum(-1, dtype=torch.int32)
        idx = torch.where(m, val, big).sort(-1).values
        idx = torch.where(idx == big, 0, idx).to(torch.int32)
        return num[None], idx[None].contiguous()

    pn, pi = pack(part)
    fn, fi = pack(full)
    sel_c = sel.contiguous()

    def mask_mod(b, h, q_idx, kv_idx):
        t = q_idx // G
        blk = kv_idx // bk
        m = sel_c[h, t, 0] == blk
        for i in range(1, k):
            m = m | (sel_c[h, t, i] == blk)
        return m & (kv_idx <= t + qpos0)

    bm = from_kv_blocks(pn, pi, fn, fi, BLOCK_SIZE=(128, bk), mask_mod=mask_mod,
                        seq_lengths=(L * G, n_kv))
    stats = (pn.float().mean().item(), fn.float().mean().item())
    return bm, stats


def ideal_mask(L, bk, k, seed):
    """16 (= k) blocks per 128-query block: its own (causal) and k-1 earlier ones."""
    assert bk == 128
    nqb = (L + 127) // 128
    g = torch.Generator(device=DEV).manual_seed(seed)
    r = torch.rand(nqb, nqb, device=DEV, generator=g)
    qb = torch.arange(nqb, device=DEV)
    r = torch.where(qb[None, :] < qb[:, None], r, -1.0)       # earlier blocks only
    top = r.topk(min(k - 1, nqb), dim=-1)
    ok = top.values >= 0
    fn = ok.sum(-1, dtype=torch.int32)
    fi = torch.where(ok, top.indices, 0).sort(-1).values.to(torch.int32)
    pn = torch.ones(nqb, dtype=torch.int32, device=DEV)
    pi = qb.to(torch.int32)[:, None]

    def causal(b, h, q_idx, kv_idx):
        return kv_idx <= q_idx

    bm = from_kv_blocks(pn[None, None], pi[None, None].contiguous(), fn[None, None],
                        fi[None, None].contiguous(), BLOCK_SIZE=(128, bk), mask_mod=causal,
                        seq_lengths=(L, L))
    pairs = float(fn.sum().item()) * 128 * 128
    for b in range(nqb):                      # the diagonal blocks, causal
        w = min(128, L - b * 128)
        pairs += w * (w + 1) / 2
    return bm, pairs


def ref_rows(q, k, v, sel, rows, bk, qpos0, G):
    """float64 MSA main branch on the given query rows: softmax over the visible keys
    of the selected blocks (sel [Hkv, L, k]).  Returns [n, Hq, d]."""
    Hq, d = q.shape[2], q.shape[3]
    out = torch.empty(len(rows), Hq, d, dtype=torch.float64, device=DEV)
    for n, t in enumerate(rows.tolist()):
        pos = qpos0 + t
        for h in range(Hq):
            g = h // G
            blks = sorted(set(int(x) for x in sel[g, t].tolist() if x >= 0))
            keys = torch.cat([torch.arange(b * bk, min(b * bk + bk, pos + 1), device=DEV) for b in blks])
            qq = q[0, t, h].double()
            kk = k[0, keys, g].double()
            s = kk @ qq / math.sqrt(d)
            p = torch.softmax(s, 0)
            out[n, h] = p @ v[0, keys, g].double()
    return out


def rel_l2(a, b):
    return (torch.linalg.vector_norm((a - b).double()) / torch.linalg.vector_norm(b.double())).item()


def one_point(w, base, sub, args):
    B, N, L = int(base["batch"]), int(base["seq_len"]), int(base["q_len"])
    hq, hkv, d = int(base["heads_q"]), int(base["heads_kv"]), int(base["head_dim"])
    bk, kk = int(base["block_size"]), int(base["topk"])
    G = hq // hkv
    why = None
    if base["mode"] != "prefill" or base["causal"] != "1":
        why = "causal prefill points only"
    elif B != 1 or bk != 128 or 128 % G:
        why = "needs B = 1, Bk = 128 and G dividing 128"
    if why:
        for var in ("flex_identical", "flex_16blocks"):
            w.row(base, var, "msa", "skipped", why)
        return
    qpos0 = N - L
    flops_main = float(base.get("flops_main") or "nan")
    q = load_bf16(os.path.join(sub, "q.npy"))          # [1, L, Hq, d]
    k = load_bf16(os.path.join(sub, "k.npy"))          # [1, N, Hkv, d]
    v = load_bf16(os.path.join(sub, "v.npy"))
    sel = torch.from_numpy(np.load(os.path.join(sub, "sel.npy"))).to(DEV)[0]   # [Hkv, L, k]
    rows = torch.from_numpy(np.load(os.path.join(sub, "rows.npy")))
    o_ours = torch.from_numpy(np.load(os.path.join(sub, "o_rows.npy"))).to(DEV)[0]  # [n, Hq, d]
    ref = ref_rows(q, k, v, sel, rows, bk, qpos0, G)
    err_ours = rel_l2(o_ours, ref)

    # --- identical output: queries as [Hkv, token * G] ---
    qp = q[0].view(L, hkv, G, d).permute(1, 0, 2, 3).reshape(1, hkv, L * G, d).contiguous()
    kp = k[0].permute(1, 0, 2).unsqueeze(0).contiguous()
    vp = v[0].permute(1, 0, 2).unsqueeze(0).contiguous()
    bm, (npart, nfull) = identical_mask(sel, N, G, bk, qpos0)
    scale = 1.0 / math.sqrt(d)
    try:
        out = FLEX(qp, kp, vp, block_mask=bm, scale=scale)
        torch.cuda.synchronize()
        got = out[0].view(hkv, L, G, d).permute(1, 0, 2, 3).reshape(L, hq, d)[rows.to(DEV)]
        err_flex = rel_l2(got.float(), ref)
        err_vs_ours = rel_l2(got.float(), o_ours)
        del out, got
        s = cold_samples(lambda: FLEX(qp, kp, vp, block_mask=bm, scale=scale),
                         min_samples=5, timeout=args["timeout"])
        ok = err_flex <= 1e-2 and err_flex == err_flex
        reason = ("identical selection; blocks per 128-row query block (%d tokens x %d heads): "
                  "%.1f partial + %.1f full; rel L2 vs float64 %.2e (msabench %.2e), vs msabench %.2e"
                  % (128 // G, G, npart, nfull, err_flex, err_ours, err_vs_ours))
        w.row(base, "flex_identical", "msa", "ok" if ok else "failed",
              reason if ok else "output check failed: " + reason, flops_main, None, None, s,
              {"t_attn_ms": sorted(s)[len(s) // 2]}, val=(len(rows), err_flex))
    except Exception as e:  # noqa: BLE001  (out of memory, compile failure: a row with the reason)
        w.row(base, "flex_identical", "msa", "failed", "%s: %s" % (type(e).__name__, str(e)[:150]))
    del qp, kp, vp, bm
    torch.cuda.empty_cache()

    # --- idealized: 16 blocks per 128-query block, [Hq, token] layout with GQA ---
    try:
        qh = q.permute(0, 2, 1, 3).contiguous()
        kh = k.permute(0, 2, 1, 3).contiguous()
        vh = v.permute(0, 2, 1, 3).contiguous()
        bm, pairs = ideal_mask(L, bk, kk, int(base["seed"]))
        fl = 4.0 * hq * d * pairs

        def fn():
            FLEX(qh, kh, vh, block_mask=bm, scale=scale, enable_gqa=True)

        s = cold_samples(fn, min_samples=5, timeout=args["timeout"])
        w.row(base, "flex_16blocks", "msa", "ok",
              "idealized: own block (causal) + 15 random earlier blocks per 128-query block",
              fl, None, None, s, {"t_attn_ms": sorted(s)[len(s) // 2]})
    except Exception as e:  # noqa: BLE001
        w.row(base, "flex_16blocks", "msa", "failed", "%s: %s" % (type(e).__name__, str(e)[:150]))
    torch.cuda.empty_cache()


def main():
    if len(sys.argv) < 4:
        print(__doc__)
        return 2
    exp, src, dst = sys.argv[1], sys.argv[2], sys.argv[3]
    args = {"timeout": 10.0, "keep": "--keep" in sys.argv}
    for i, a in enumerate(sys.argv):
        if a == "--timeout":
            args["timeout"] = float(sys.argv[i + 1])
    rows = list(csv.DictReader(open(src)))
    header = list(rows[0].keys()) if rows else []
    w = Writer(dst, header)
    idx = os.path.join(exp, "index.tsv")
    lines = [l.rstrip("\n").split("\t") for l in open(idx)] if os.path.exists(idx) else []
    t0 = time.time()
    for tag, key, method, backend, variant, dtype in lines:
        ours = [r for r in rows if r["key"] == key and r["method"] == method and
                r["backend"] == backend and r["variant"] == variant]
        sub = os.path.join(exp, tag)
        if method != "msa" or dtype != "bf16" or not ours:
            continue
        t1 = time.time()
        one_point(w, ours[0], sub, args)
        print("flex: N=%s done in %.0f s" % (ours[0]["seq_len"], time.time() - t1), flush=True)
        if not args["keep"]:
            shutil.rmtree(sub, ignore_errors=True)
    print("flex peers: %d exported points in %.0f s -> %s" % (len(lines), time.time() - t0, dst))
    return 0


if __name__ == "__main__":
    sys.exit(main())
