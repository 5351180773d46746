#!/usr/bin/env python3
"""The GPU targets as ratios measured in one run on one card.

    python3 scripts/gpu/summary.py DIR     (DIR holds results.csv, peers.csv, copy_bw.txt, meta.json)

Prints a markdown table per target; every figure is a median from those files.
"""
import csv
import json
import os
import sys


def load(path):
    return list(csv.DictReader(open(path))) if os.path.exists(path) else []


def num(r, k):
    try:
        return float(r[k])
    except (KeyError, ValueError, TypeError):
        return float("nan")


def pick(rows, **kw):
    return [r for r in rows if all(r.get(k) == v for k, v in kw.items())]


def fmt(x, unit=""):
    return "n/a" if x != x else ("%.3g%s" % (x, unit))


def main():
    d = sys.argv[1] if len(sys.argv) > 1 else "."
    ours = load(os.path.join(d, "results.csv"))
    peers = load(os.path.join(d, "peers.csv"))
    meta = json.load(open(os.path.join(d, "meta.json"))) if os.path.exists(os.path.join(d, "meta.json")) else {}
    bw = float(open(os.path.join(d, "copy_bw.txt")).read()) if os.path.exists(os.path.join(d, "copy_bw.txt")) else float("nan")
    allr = ours + peers
    print("card: %s; binary built from git %s" % (meta.get("device", "?"), meta.get("build_rev", meta.get("git_rev", "?"))[:12]))
    print("measured copy bandwidth (read+write): %s GB/s\n" % fmt(bw))

    def med(rows):
        """The fastest ok row's median (e.g. the best flash variant)."""
        ok = [num(r, "median_ms") for r in rows if r["status"] == "ok"]
        return min(ok) if ok else float("nan")

    print("## 1. flash prefill, useful TFLOP/s (ours / FA2 / cuDNN)")
    print("| N | Hq | ours (variant) | torch flash | torch cuDNN | ours/FA2 | ours/cuDNN |\n|---|---|---|---|---|---|---|")
    for r in pick(ours, method="flash", backend="cuda", mode="prefill"):
        if r["status"] != "ok":
            continue
        f2 = pick(peers, key=r["key"], variant="sdpa_flash")
        cu = pick(peers, key=r["key"], variant="sdpa_cudnn")
        a, b, c = num(r, "useful_tflops"), (num(f2[0], "useful_tflops") if f2 else float("nan")), \
            (num(cu[0], "useful_tflops") if cu else float("nan"))
        print("| %s | %s | %s (%s) | %s | %s | %s | %s |" % (r["seq_len"], r["heads_q"], fmt(a), r["variant"], fmt(b), fmt(c), fmt(a / b), fmt(a / c)))

    # MSA's prefill points in file order, and the main-branch variants among their rows
    msa_pre = pick(ours, method="msa", backend="cuda", mode="prefill")
    mv = [v for v in ("kv_outer", "q_outer", "kv_outer_bf16", "kv_outer_wgmma", "kv_outer_wgp",
                      "kv_outer_fp8idx") if pick(msa_pre, variant=v)]

    keys = []
    for r in msa_pre:
        if r["key"] not in keys:
            keys.append(r["key"])
    msa_points = [(k, pick(msa_pre, key=k)) for k in keys]

    def fastest(xs):
        ok = [x for x in xs if x == x]
        return min(ok) if ok else float("nan")

    flex = pick(peers, method="msa", variant="flex_identical")
    if flex:
        print("\n## 2. MSA main branch (attn + combine) vs FlexAttention on the identical selection")
        print("| N | data | %s | flex identical | flex 16 blocks (ideal) | vs flex identical | vs flex ideal | flex check |\n|---|---|%s---|---|---|---|---|" % (
            " | ".join("msa %s main" % v for v in mv), "---|" * len(mv)))
        for key, rows in msa_points:
            def main_ms(v):
                ok = [x for x in rows if x["variant"] == v and x["status"] == "ok"]
                return num(ok[0], "t_attn_ms") + num(ok[0], "t_combine_ms") if ok else float("nan")
            ms = [main_ms(v) for v in mv]
            best = fastest(ms)
            fi = pick(peers, key=key, method="msa", variant="flex_identical")
            fd = med(pick(peers, key=key, method="msa", variant="flex_16blocks"))
            fm = med(fi)
            chk = ("%s, rel L2 %s" % (fi[0]["status"], fmt(num(fi[0], "val_rel_err")))) if fi else "n/a"
            print("| %s | %s | %s | %s | %s | %sx | %sx | %s |" % (rows[0]["seq_len"], rows[0]["data"], " | ".join(fmt(x) for x in ms),
                                                              fmt(fm), fmt(fd), fmt(fm / best), fmt(fd / best), chk))
        for r in flex:
            print("(flex, %s %s: %s)" % (r["seq_len"], r["data"], r["reason"][:200]))

    print("\n## 3. MSA index + Top-k vs torch matmul+amax+topk (prefill, same shapes)")
    print("| N | Hq | ours index | ours topk | torch index | torch topk | ratio |\n|---|---|---|---|---|---|---|")
    for key, rows in msa_points:
        ok = [x for x in rows if x["status"] == "ok"]
        p = pick(peers, key=key, variant="index_topk", status="ok")
        if not ok or not p:
            continue
        r = min(ok, key=lambda x: num(x, "t_index_ms") + num(x, "t_topk_ms"))  # the same kernels in every variant
        oi, ot = num(r, "t_index_ms"), num(r, "t_topk_ms")
        pi, pt = num(p[0], "t_index_ms"), num(p[0], "t_topk_ms")
        print("| %s | %s | %s ms | %s ms | %s ms | %s ms | %sx |" % (r["seq_len"], r["heads_q"], fmt(oi), fmt(ot), fmt(pi), fmt(pt), fmt((pi + pt) / (oi + ot))))

    print("\n## 4. MSA end to end vs dense (prefill): speedup = dense median / the fastest MSA median")
    print("| N | Hq | data | %s | flash (ours) | torch cuDNN | vs cuDNN | vs flash |\n|---|---|---|%s---|---|---|---|" % (
        " | ".join("msa %s" % v for v in mv), "---|" * len(mv)))
    for key, rows in msa_points:
        ms = [med([x for x in rows if x["variant"] == v]) for v in mv]
        best = fastest(ms)
        fl = med(pick(ours, key=key, method="flash", backend="cuda"))
        cu = med(pick(peers, key=key, variant="sdpa_cudnn"))
        print("| %s | %s | %s | %s | %s | %s | %sx | %sx |" % (rows[0]["seq_len"], rows[0]["heads_q"], rows[0]["data"],
                                                        " | ".join(fmt(x) for x in ms), fmt(fl), fmt(cu), fmt(cu / best), fmt(fl / best)))

    print("\n## 5/6. decode (q_len 1): MSA vs dense, and flash's bandwidth")
    print("| N | B | Hq | msa kv_outer | flash (ours) | torch flash | torch cuDNN | vs cuDNN | vs ours flash | flash GB/s | of copy |\n|---|---|---|---|---|---|---|---|---|---|---|")
    seen = set()
    for r in pick(ours, method="flash", backend="cuda", mode="decode", q_len="1"):
        key = r["key"]
        if key in seen:
            continue
        seen.add(key)
        ms = med(pick(ours, key=key, method="msa", variant="kv_outer"))
        fl, f2 = med(pick(ours, key=key, method="flash", backend="cuda")), med(pick(peers, key=key, variant="sdpa_flash"))
        cu = med(pick(peers, key=key, variant="sdpa_cudnn"))
        gb = num(r, "gbps")
        print("| %s | %s | %s | %s | %s | %s | %s | %sx | %sx | %s | %s |" % (r["seq_len"], r["batch"], r["heads_q"], fmt(ms), fmt(fl), fmt(f2), fmt(cu), fmt(cu / ms), fmt(fl / ms), fmt(gb), fmt(gb / bw)))

    ident = [p for p in peers if p["variant"] in ("flex_identical", "identical")]
    if ident:
        # the main branch (attn + combine stages) where the row timed its stages apart, which
        # every CUDA method with a selection does; else the whole call, selection included (a
        # lower bound on main vs peer)
        print("\n## 7. each method vs outside peers on its identical selection (speedup = peer / ours)")
        print("| method | N | ours (what) | flex identical | vs flex | fsa identical | vs fsa | checks |\n"
              "|---|---|---|---|---|---|---|---|")
        seen = set()
        for p in ident:
            m, key = p["method"], p["key"]
            if (m, key) in seen:
                continue
            seen.add((m, key))
            mine = [r for r in pick(ours, key=key, method=m, backend="cuda") if r["status"] == "ok"]
            t = [(num(r, "t_attn_ms") + (num(r, "t_combine_ms") if r.get("t_combine_ms") else 0),
                  r["variant"]) for r in mine if r.get("t_attn_ms")]
            what = "main branch"
            if not t:
                t = [(num(r, "median_ms"), r["variant"]) for r in mine]
                what = "whole, selection included"
            t = [x for x in t if x[0] == x[0]]
            # the fastest variant (bigbird: q_outer or ws), named
            o, var = min(t) if t else (float("nan"), "-")
            what = "%s, %s" % (var, what)
            fx = pick(peers, key=key, method=m, variant="flex_identical")
            fs = pick(peers, key=key, method=m, backend="fsa")
            fm, sm_ = med(fx), med(fs)
            chk = "; ".join("%s %s%s" % (x[0]["backend"], x[0]["status"],
                                         (" " + x[0]["reason"][:70]) if x[0]["status"] != "ok" else "")
                            for x in (fx, fs) if x)
            print("| %s | %s | %s ms (%s) | %s | %sx | %s | %sx | %s |" % (
                m, p["seq_len"], fmt(o), what, fmt(fm), fmt(fm / o), fmt(sm_), fmt(sm_ / o), chk))

    bench = os.path.join(d, "bench.txt")
    if os.path.exists(bench):
        # tests/gpu/test_gpu_bench_decode: "decode B=32 N=1048576: msa kv_outer X ms, flash Y ms: ..."
        print("\n## 5. decode from test_gpu_bench_decode (inputs drawn on the device), torch peers same call")
        print("| N | B | msa kv_outer | flash (ours) | torch flash | torch cuDNN | vs ours flash | vs torch flash | vs cuDNN |\n|---|---|---|---|---|---|---|---|---|")
        for line in open(bench):
            if not line.startswith("decode B="):
                continue
            f = line.replace(":", " ").replace(",", " ").split()
            b, n = f[1].split("=")[1], f[2].split("=")[1]
            ms, fl = float(f[5]), float(f[8])
            pk = [p for p in peers if p["batch"] == b and p["seq_len"] == n and p["q_len"] == "1"]
            f2 = med([p for p in pk if p["variant"] == "sdpa_flash"])
            cu = med([p for p in pk if p["variant"] == "sdpa_cudnn"])
            print("| %s | %s | %s | %s | %s | %s | %sx | %sx | %sx |" % (n, b, fmt(ms), fmt(fl), fmt(f2), fmt(cu), fmt(fl / ms), fmt(f2 / ms), fmt(cu / ms)))

    bad = [r for r in ours if r["status"] == "failed"]
    print("\nrows: %d ours (%d failed), %d peers" % (len(ours), len(bad), len(peers)))
    for r in bad[:10]:
        print("  failed: %s %s/%s N=%s %s: %s" % (r["method"], r["backend"], r["variant"], r["seq_len"], r["mode"], r["reason"][:120]))


if __name__ == "__main__":
    main()
