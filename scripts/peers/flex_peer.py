#!/usr/bin/env python3
"""FlexAttention on each method's identical exported selection (issue 7 target 2,
issue 15), in msabench's CSV schema.

    python3 scripts/peers/flex_peer.py EXPORT_DIR RESULTS.csv PEERS.csv [--timeout S]
        [--budget S] [--keep] [--append] [--methods msa,nsa,dsa,moba,bigbird]

EXPORT_DIR is what `msabench run SWEEP --export EXPORT_DIR` wrote: per point q, k, v
(bf16 bits), the method's own selection in its layout (selmask.py) and a sample of
msabench's output rows.  For every exported causal-prefill point of a method in
--methods (in that order; one per point and method: its first exported variant) it
writes rows under the point's key (so `plot` and `compare` line them up):

  <m>/torch/flex_identical  FlexAttention (torch.compile) computing the identical
      output from that selection.  Group selections (msa, nsa, bigbird: blocks; dsa:
      tokens) lay the queries out [Hkv, token, G] (one flex "head" per KV group, G
      rows per token): a 128-row query block is 128/G tokens and its block mask is
      the union of their selections -- 16x fewer blocks than [Hq, token] at G = 16,
      the peer's best shot.  moba's per-head selections take the cheaper of that and
      [Hq, token] with GQA.  Blocks every row of the query block chose whole and
      that are wholly visible are `full` (no mask_mod); the rest are partial, with
      a mask_mod admitting exactly the row's selection (`sel[h, t, i] == kv // Bk`
      over its k entries and kv <= pos; dsa: a bit per key of each (group, token)).
      Checked against a float64 evaluation of the exported selection on the
      exported sample rows and against msabench's rows (selmask.verdict, SPEC 8's
      bf16 rule): a disagreeing output is a failed row with the errors, never ok.
  msa/torch/flex_16blocks   the idealized block-sparse reference: every 128-query
      block of every head attends its own block (causal) and 15 earlier blocks
      (seeded random), i.e. MSA's budget with perfectly coherent selections.

Timed as the runner times (L2 flushed before each sample, CUDA events, median);
the block masks are built outside the timed range (a method's selection is not
part of its main-branch time either).  Past --budget seconds the remaining points
are skipped rows.  Exports are deleted after use unless --keep.
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
import selmask as sm  # noqa: E402  (masks, float64 check, verdict: numpy, CPU-tested)

DEV = "cuda"
FLEX = torch.compile(flex_attention, dynamic=False)
# one compile per mask_mod closure (method, layout, length): past dynamo's default
# limit of 8 it would fall back to eager flex, which materializes the scores
for _k in ("cache_size_limit", "recompile_limit", "accumulated_cache_size_limit",
           "accumulated_recompile_limit"):
    if hasattr(torch._dynamo.config, _k):
        setattr(torch._dynamo.config, _k, max(256, getattr(torch._dynamo.config, _k)))


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


def to_dev(a):
    return torch.from_numpy(np.ascontiguousarray(a)).to(DEV)


def block_mask(plan, sel, layout, G, L, n_kv, bk, qpos0):
    """BlockMask of a selmask.flex_plan: the plan's partial / full block lists and
    the mask_mod that admits exactly the selection's keys in partial blocks."""
    rpt, heads = plan["rows_per_tok"], plan["heads"]
    if layout == "group_tokens":
        # one bit per key of every (group, token): a 2048-token list is too long
        # for a mask_mod of comparisons
        # (int64 words: 2^30 of them at 128K, so every index fits int32)
        H, _, w = sel.shape
        nw = (n_kv + 63) // 64
        words = torch.zeros(H, L, nw, dtype=torch.int64, device=DEV)
        for h in range(H):
            for t0 in range(0, L, 8192):
                s = to_dev(sel[h, t0:t0 + 8192]).long()
                ok = s >= 0
                bit = torch.where(ok, torch.ones_like(s) << (s & 63), 0)
                # distinct tokens: their bits never collide, so the sum is the OR
                words[h, t0:t0 + 8192].scatter_add_(-1, torch.where(ok, s >> 6, 0), bit)

        def mask_mod(b, h, q_idx, kv_idx):
            t = q_idx // G
            word = words[h, t, kv_idx // 64]
            return (((word >> (kv_idx % 64)) & 1) != 0) & (kv_idx <= t + qpos0)
    else:
        sel_c = to_dev(sel)
        k = sel.shape[-1]
        head_rows = layout == "head_blocks" and heads == "kv"

        def mask_mod(b, h, q_idx, kv_idx):
            t = q_idx // rpt
            hs = h * G + q_idx % G if head_rows else h
            blk = kv_idx // bk
            m = sel_c[hs, t, 0] == blk
            for i in range(1, k):
                m = m | (sel_c[hs, t, i] == blk)
            return m & (kv_idx <= t + qpos0)

    pn, pi, fn, fi = (to_dev(plan[x])[None] for x in ("pn", "pi", "fn", "fi"))
    return from_kv_blocks(pn, pi, fn, fi, BLOCK_SIZE=(128, bk), mask_mod=mask_mod,
                          seq_lengths=(L * rpt, n_kv))


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


def load_host(sub, rows):
    """The host side of a point: the float32 sampled query rows, K, V and the
    selection, for the float64 check."""
    qb = np.load(os.path.join(sub, "q.npy"), mmap_mode="r")
    q_rows = sm.bf16_to_f32(np.asarray(qb[0, rows]))
    k = sm.bf16_to_f32(np.load(os.path.join(sub, "k.npy"))[0])
    v = sm.bf16_to_f32(np.load(os.path.join(sub, "v.npy"))[0])
    return q_rows, k, v


def one_point(w, base, sub, args):
    """The flex_identical row of one exported point (and msa's flex_16blocks)."""
    method = base["method"]
    layout = sm.LAYOUT[method]
    B, N, L = int(base["batch"]), int(base["seq_len"]), int(base["q_len"])
    hq, hkv, d = int(base["heads_q"]), int(base["heads_kv"]), int(base["head_dim"])
    bk = int(base["block_size"])
    G = hq // hkv
    variants = ("flex_identical", "flex_16blocks") if method == "msa" else ("flex_identical",)
    why = None
    if base["mode"] != "prefill" or base["causal"] != "1":
        why = "causal prefill points only"
    elif B != 1 or bk != 128 or 128 % G:
        why = "needs B = 1, Bk = 128 and G dividing 128"
    if why:
        for var in variants:
            w.row(base, var, method, "skipped", why)
        return
    qpos0 = N - L
    flops_main = float(base.get("flops_main") or "nan")
    t0 = time.time()
    rows = np.load(os.path.join(sub, "rows.npy"))
    o_ours = np.load(os.path.join(sub, "o_rows.npy"))[0]              # [n, Hq, d]
    sel = np.load(os.path.join(sub, "sel.npy"))[0]                    # [H, L, w]
    q_rows, k_h, v_h = load_host(sub, rows)
    ref = sm.ref_rows(layout, q_rows, k_h, v_h, sel, rows, bk, qpos0)
    err_ours = sm.rel_l2(o_ours, ref)
    del k_h, v_h
    plan = sm.flex_plan(layout, sel, G, L, N, qpos0, bk)
    t_prep = time.time() - t0
    kv = plan["heads"] == "kv"
    q = load_bf16(os.path.join(sub, "q.npy"))[0]                      # [L, Hq, d]
    if kv:   # [Hkv, token, G]: the G heads of a group on consecutive rows
        qp = q.view(L, hkv, G, d).permute(1, 0, 2, 3).reshape(1, hkv, L * G, d).contiguous()
    else:    # [Hq, token], GQA in flex
        qp = q.permute(1, 0, 2).unsqueeze(0).contiguous()
    del q
    kp = load_bf16(os.path.join(sub, "k.npy"))[0].permute(1, 0, 2).unsqueeze(0).contiguous()
    vp = load_bf16(os.path.join(sub, "v.npy"))[0].permute(1, 0, 2).unsqueeze(0).contiguous()
    scale = 1.0 / math.sqrt(d)
    npart, nfull = float(plan["pn"].mean()), float(plan["fn"].mean())
    shape = ("%d tokens x %d heads" % (128 // G, G)) if kv else "128 tokens of one head"
    try:
        bm = block_mask(plan, sel, layout, G, L, N, bk, qpos0)

        def fn():
            return FLEX(qp, kp, vp, block_mask=bm, scale=scale, enable_gqa=not kv)

        t1 = time.time()
        out = fn()
        torch.cuda.synchronize()
        t_first = time.time() - t1
        o = out[0].view(hkv, L, G, d).permute(1, 0, 2, 3).reshape(L, hq, d) if kv else \
            out[0].permute(1, 0, 2)
        got = o[torch.from_numpy(rows).to(DEV)].float().cpu().numpy()
        del out, o
        err_flex, err_vs = sm.rel_l2(got, ref), sm.rel_l2(got, o_ours)
        reason = ("identical selection; blocks per 128-row query block (%s): %.1f partial + "
                  "%.1f full; rel L2 vs float64 %.2e (msabench %.2e), vs msabench %.2e; "
                  "prep %.0f s, compile + first call %.0f s"
                  % (shape, npart, nfull, err_flex, err_ours, err_vs, t_prep, t_first))
        bad = sm.verdict(err_flex, err_vs, err_ours)
        if bad:
            w.row(base, "flex_identical", method, "failed",
                  "output check failed: %s; %s" % (bad, reason), val=(len(rows), err_flex))
        else:
            s = cold_samples(fn, min_samples=5, timeout=args["timeout"])
            w.row(base, "flex_identical", method, "ok", reason, flops_main, None, None, s,
                  {"t_attn_ms": sorted(s)[len(s) // 2]}, val=(len(rows), err_flex))
        del bm
    except Exception as e:  # noqa: BLE001  (out of memory, compile failure: a row with the reason)
        w.row(base, "flex_identical", method, "failed", "%s: %s" % (type(e).__name__, str(e)[:150]))
    torch.cuda.empty_cache()
    if method != "msa":
        return

    # --- idealized: 16 blocks per 128-query block, [Hq, token] layout with GQA ---
    try:
        qh = qp[0].view(hkv, L, G, d).permute(0, 2, 1, 3).reshape(1, hq, L, d).contiguous() \
            if kv else qp
        del qp
        bm, pairs = ideal_mask(L, bk, int(base["topk"]), int(base["seed"]))
        fl = 4.0 * hq * d * pairs

        def fn16():
            FLEX(qh, kp, vp, block_mask=bm, scale=scale, enable_gqa=True)

        s = cold_samples(fn16, min_samples=5, timeout=args["timeout"])
        w.row(base, "flex_16blocks", method, "ok",
              "idealized: own block (causal) + 15 random earlier blocks per 128-query block",
              fl, None, None, s, {"t_attn_ms": sorted(s)[len(s) // 2]})
    except Exception as e:  # noqa: BLE001
        w.row(base, "flex_16blocks", method, "failed", "%s: %s" % (type(e).__name__, str(e)[:150]))
    torch.cuda.empty_cache()


def parse_args(argv):
    """EXPORT_DIR RESULTS.csv PEERS.csv [--timeout S] [--budget S] [--keep] [--append]
    [--methods a,b]: shared by fsa_peer.py."""
    args = {"timeout": 10.0, "budget": float("inf"), "keep": "--keep" in argv,
            "append": "--append" in argv, "methods": ["msa", "nsa", "dsa", "moba", "bigbird"]}
    for i, a in enumerate(argv[:-1]):
        if a in ("--timeout", "--budget"):
            args[a[2:]] = float(argv[i + 1])
        if a == "--methods":
            args["methods"] = argv[i + 1].split(",")
    return args


def each_point(exp, src, dst, args, name, fn, skip_variants):
    """Calls fn(writer, msabench_row, folder, args) for every exported bf16 point of
    args' methods, in their order; past --budget seconds the rest are skipped rows."""
    rows = list(csv.DictReader(open(src)))
    header = list(rows[0].keys()) if rows else []
    w = Writer(dst, header, append=args["append"])
    idx = os.path.join(exp, "index.tsv")
    lines = [l.rstrip("\n").split("\t") for l in open(idx)] if os.path.exists(idx) else []
    order = {m: i for i, m in enumerate(args["methods"])}     # --methods order: first first
    lines.sort(key=lambda l: order.get(l[2], len(order)))
    t0 = time.time()
    done, seen = 0, set()
    for tag, key, method, backend, variant, dtype in lines:
        ours = [r for r in rows if r["key"] == key and r["method"] == method and
                r["backend"] == backend and r["variant"] == variant]
        sub = os.path.join(exp, tag)
        # one peer row per (point, method), from its first exported variant
        if method not in args["methods"] or dtype != "bf16" or not ours or (key, method) in seen:
            if not args["keep"]:
                shutil.rmtree(sub, ignore_errors=True)
            continue
        seen.add((key, method))
        if time.time() - t0 > args["budget"]:
            for var in skip_variants(method):
                w.row(ours[0], var[1], method, "skipped",
                      "%s: its time budget of %.0f s was spent on earlier points"
                      % (name, args["budget"]), backend=var[0])
        else:
            t1 = time.time()
            fn(w, ours[0], sub, args)
            done += 1
            print("%s: %s/%s N=%s done in %.0f s" % (name, method, variant, ours[0]["seq_len"],
                                                    time.time() - t1), flush=True)
        if not args["keep"]:
            shutil.rmtree(sub, ignore_errors=True)
    print("%s: %d of %d exported points in %.0f s -> %s"
          % (name, done, len(lines), time.time() - t0, dst))
    return 0


def main():
    if len(sys.argv) < 4:
        print(__doc__)
        return 2
    args = parse_args(sys.argv)
    return each_point(sys.argv[1], sys.argv[2], sys.argv[3], args, "flex", one_point,
                      lambda m: [("torch", "flex_identical")] +
                      ([("torch", "flex_16blocks")] if m == "msa" else []))


if __name__ == "__main__":
    sys.exit(main())
