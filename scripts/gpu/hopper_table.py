#!/usr/bin/env python3
"""Issue 16's six Hopper targets as one Markdown table, read from one targets.sh output.

    python3 scripts/gpu/hopper_table.py OUTDIR [--regress PATH]

OUTDIR is what `targets.sh run` wrote ($OUT: msa/, flex/, decode/, peer/, regress/, each with
results.csv, peers.csv, meta.json, bench.txt, regress.txt) or a committed results/gpu/runN;
OUTDIR itself and its sub-folders one level down are read.  --regress names regress.sh's
output (a file, or a folder holding regress.txt) when it is not OUTDIR/regress/regress.txt.
Every ratio is taken from the rows of one folder, i.e. one device call; a target whose rows
are absent says "not measured" and why.  Rows that are not status ok (estimated, skipped,
failed) are never used as figures.  Where several folders timed a point, the stage made for
the target is shown (peer for 1, msa for 2 and 4, flex for 3, decode's bench.txt for 5); any
other folder (frontier-N, regress, ...) fills only the points no such stage timed.
"""
import json
import os
import re
import sys

from summary import fmt, load, num, pick

RUN_FILES = ("results.csv", "peers.csv", "bench.txt", "bench_decode.txt", "regress.txt")
FLASH_VARIANTS = ("wgmma_v1", "ws_v1", "mma_v1")
PAPER = dict(heads_kv="4", head_dim="128", batch="1")  # every target's shape but Hq
M = 1048576
# MSA with its index on e4m3 tensor cores: other index numerics than the bf16 targets', so its
# figures are shown beside targets 2 and 4 and never decide their verdicts
E4M3_INDEX = ("kv_outer_fp8idx",)


def tok(n):
    n = int(n)
    return "%dM" % (n // M) if n % M == 0 else ("%dK" % (n // 1024) if n % 1024 == 0 else str(n))


def card_of(meta):
    g = meta.get("gpu")
    return meta.get("device") or (g.get("gpu") if isinstance(g, dict) else None)


class Folder:
    def __init__(self, path, root):
        self.path = path
        rel = os.path.relpath(path, root)
        self.name = os.path.basename(os.path.normpath(root)) if rel == "." else rel
        self.ours = load(os.path.join(path, "results.csv"))
        self.peers = load(os.path.join(path, "peers.csv"))
        mp = os.path.join(path, "meta.json")
        self.meta = json.load(open(mp)) if os.path.exists(mp) else {}
        self.sweep = self.meta.get("sweep", "")
        self.card = card_of(self.meta)
        self.bench = None
        for b in ("bench.txt", "bench_decode.txt"):
            if os.path.exists(os.path.join(path, b)):
                self.bench = parse_bench(os.path.join(path, b))
                self.card = self.card or self.bench["card"]
                break


def folders(root):
    """root and its sub-folders (one level) that hold a run's files."""
    subs = sorted(os.path.join(root, x) for x in os.listdir(root))
    return [Folder(d, root) for d in [root] + subs
            if os.path.isdir(d) and any(os.path.exists(os.path.join(d, f)) for f in RUN_FILES)]


def parse_bench(path):
    """tests/gpu/test_gpu_bench_decode's text: eager and graph medians per (method, B).
    msa = kv_outer on bf16 keys, msa8 = decode_fp8, msa8p = decode_fp8_pdl, flash = mma_v1."""
    out = {"path": path, "card": None, "eager": {}, "graph": {}, "n": {}}
    for line in open(path):
        m = re.match(r'device: "gpu": "([^"]*)"', line)
        if m:
            out["card"] = m.group(1)
        m = re.match(r"(msa8p|msa8|msa|flash)\s+B=(\d+)\s+N=(\d+)\s+q=1\s+median\s+([\d.]+) ms", line)
        if m:
            out["eager"][(m.group(1), m.group(2))] = float(m.group(4))
            out["n"][m.group(2)] = m.group(3)
        m = re.match(r"(msa8p|msa8|msa|flash)\s+B=(\d+)\s+graph\s+median\s+([\d.]+) ms", line)
        if m:
            out["graph"][(m.group(1), m.group(2))] = float(m.group(3))
    return out


def fastest(rows):
    """The ok row with the smallest median (e.g. the best flash variant), or None."""
    ok = [r for r in rows if r["status"] == "ok" and num(r, "median_ms") > 0]
    return min(ok, key=lambda r: num(r, "median_ms")) if ok else None


def why_not(rows, what):
    """Why rows give no figure: absent, or their status and reason."""
    if not rows:
        return "no %s row" % what
    r = rows[0]
    return "%s %s%s" % (what, r["status"], (": " + r["reason"][:60]) if r["reason"] else "")


def by_key(rows):
    keys = []
    for r in rows:
        if r["key"] not in keys:
            keys.append(r["key"])
    return [(k, [r for r in rows if r["key"] == k]) for k in keys]


def verdict(x, goal):
    if x != x:
        return "not measured"
    return "met" if x >= goal else "missed by %.1f%%" % (100 * (1 - x / goal))


def line(f, point, measured, peer, ratio, goal_s, x, goal, rank, count=True, v=None, need=None):
    """One table row; x is the figure the target's goal is checked on (nan: not measured),
    need the point of the target's list it covers (point without the labels that do not
    change the figure)."""
    return dict(folder=f.name if f else "-", point=point, measured=measured, peer=peer,
                ratio=ratio, goal_s=goal_s, x=x, goal=goal, rank=rank, count=count,
                verdict=v or verdict(x, goal), need=need or point)


def label(r, k=True):
    """What sets a row apart from the target's own point: data other than normal, another k
    (k=False: a dense method, which ignores k)."""
    return "".join([" " + r["data"]] if r["data"] != "normal" else []) + \
        ("" if r["topk"] == "16" or not k else " k=%s" % r["topk"])


def ms(x):
    return "%.0f" % x if x >= 100 else fmt(x)


def rank_of(f, prefs):
    """0 for the stage made for the target, 1 for the next, ...; any other folder last."""
    for i, sw in enumerate(prefs):
        if f.sweep in sw:
            return i
    return len(prefs)


def keep_best(lines):
    """Per point, the lines of the best-ranked folders that measured it (a point timed by
    its own stage is not repeated from another call); unmeasured lines only where no folder
    measured the point."""
    out = []
    for p in dict.fromkeys(l["point"] for l in lines):
        ls = [l for l in lines if l["point"] == p]
        got = [l for l in ls if l["x"] == l["x"] or not l["count"]]
        use = got or ls
        r = min(l["rank"] for l in use)
        out += [l for l in use if l["rank"] == r]
    return out


def t1(fs):
    prefs = (("gpu_peer",), ("gpu_targets", "gpu_h100"))
    lines = []
    for f in fs:
        rows = [r for r in pick(f.ours, method="flash", backend="cuda", mode="prefill", **PAPER)
                if r["variant"] in FLASH_VARIANTS and r["heads_q"] in ("32", "64")
                and 16384 <= int(r["seq_len"]) <= 131072]
        for key, rs in by_key(rows):
            need = "N=%s Hq=%s" % (tok(rs[0]["seq_len"]), rs[0]["heads_q"])
            o = fastest(rs)
            cu = pick(f.peers, key=key, variant="sdpa_cudnn")
            c = fastest(cu)
            if not o or not c:
                why = why_not(rs, "flash") if not o else why_not(cu, "cuDNN")
                lines.append(line(f, need + label(rs[0], k=False), "-", "-", "-", ">= 1.0x", float("nan"), 1.0,
                                  rank_of(f, prefs), v="not measured: " + why, need=need))
                continue
            om, cm = num(o, "median_ms"), num(c, "median_ms")
            lines.append(line(f, need + label(rs[0], k=False), "%s ms (%s)" % (ms(om), o["variant"]),
                              "cuDNN %s ms" % ms(cm), "%.2fx" % (cm / om), ">= 1.0x", cm / om, 1.0,
                              rank_of(f, prefs), need=need))
    need = ["N=%s Hq=%s" % (tok(n), h) for h in ("32", "64") for n in (16384, 32768, 65536, 131072)]
    return keep_best(lines), need, "peer"


def t2(fs):
    prefs = (("gpu_targets", "gpu_h100"), ("gpu_flex",))
    lines = []
    for f in fs:
        rows = [r for r in pick(f.ours, method="msa", backend="cuda", mode="prefill", **PAPER)
                if 131072 <= int(r["seq_len"]) <= M]
        gemm = f.meta.get("gpu_bf16_gemm_tflops")
        for key, rs in by_key(rows):
            r0 = rs[0]
            need = "N=%s Hq=%s" % (tok(r0["seq_len"]), r0["heads_q"])
            # TFLOP/s of the index stage (scores + fused block max) of each ok variant
            ok = [(num(r, "flops_index") / num(r, "t_index_ms") / 1e9, r["variant"]) for r in rs
                  if r["status"] == "ok" and num(r, "t_index_ms") > 0 and num(r, "flops_index") > 0]
            if not ok:
                lines.append(line(f, need + label(r0), "-", "-", "-", ">= 680 TFLOP/s", float("nan"), 680,
                                  rank_of(f, prefs), v="not measured: " + why_not(rs, "msa"), need=need))
                continue
            e4 = [x for x in ok if x[1] in E4M3_INDEX]
            ok = [x for x in ok if x[1] not in E4M3_INDEX]
            e4s = "".join("; e4m3 index %s %.0f, not counted" % (v_, x) for x, v_ in e4)
            if not ok:
                lines.append(line(f, need + label(r0), "-" + e4s, "-", "-", ">= 680 TFLOP/s", float("nan"), 680,
                                  rank_of(f, prefs), v="not measured: no bf16-index variant ok", need=need))
                continue
            tf, var = max(ok)
            # torch's matmul + mask + amax on the same key: its t_index_ms, our FLOP count
            prow = pick(f.peers, key=key, method="msa", variant="index_topk")
            p = fastest(prow)
            ptf = num(r0, "flops_index") / num(p, "t_index_ms") / 1e9 if p and num(p, "t_index_ms") > 0 else float("nan")
            peer = "torch matmul+amax %.1f TFLOP/s" % ptf if ptf == ptf else "- (%s)" % why_not(prow, "torch index_topk")
            if gemm:
                peer += "; card's bf16 GEMM %.0f TFLOP/s (meta.json)" % float(gemm)
            lines.append(line(f, need + label(r0), "%.0f TFLOP/s (%s)%s" % (tf, var, e4s), peer,
                              "%.1fx torch" % (tf / ptf) if ptf == ptf else "-", ">= 680 TFLOP/s",
                              tf, 680, rank_of(f, prefs), need=need))
    need = ["N=%s Hq=64" % tok(n) for n in (131072, 262144, 524288, M)]
    return keep_best(lines), need, "msa"


def t3(fs):
    prefs = (("gpu_flex",), ("gpu_targets", "gpu_h100"))
    lines = []
    for f in fs:
        # the paper point itself (k 16, Bk 128, d_idx 128): the main branch's work depends on them
        rows = pick(f.ours, method="msa", backend="cuda", mode="prefill", seq_len=str(M), heads_q="64",
                    topk="16", block_size="128", index_dim="128", **PAPER)
        for key, rs in by_key(rows):
            r0 = rs[0]
            data = r0["data"]
            pt = "N=1M %s" % data
            # useful TFLOP/s of the main branch: attn + combine stages, selection excluded
            ok = sorted([(num(r, "flops_main") / (num(r, "t_attn_ms") + (num(r, "t_combine_ms") if r["t_combine_ms"] else 0)) / 1e9,
                          r["variant"]) for r in rs if r["status"] == "ok" and num(r, "t_attn_ms") > 0], reverse=True)
            normal = data == "normal"
            if not ok:
                lines.append(line(f, pt, "-", "-", "-", ">= 250 TFLOP/s", float("nan"), 250, rank_of(f, prefs),
                                  count=normal, v="not measured: " + why_not(rs, "msa")))
                continue
            tf, var = ok[0]
            meas = "%.0f TFLOP/s (%s)" % (tf, var) + "".join("; %s %.0f" % (v_, x) for x, v_ in ok[1:])
            fl = fastest(pick(f.peers, key=key, method="msa", variant="flex_identical"))
            ftf = num(fl, "flops_main") / num(fl, "median_ms") / 1e9 if fl else float("nan")
            v = None if normal else "%s (structured data: beside the target, which is on normal)" % verdict(tf, 250)
            lines.append(line(f, pt, meas, "flex, identical selection %.1f TFLOP/s" % ftf if fl else "- (no flex peer in this folder)",
                              "%.2fx flex" % (tf / ftf) if fl else "-", ">= 250 TFLOP/s", tf, 250,
                              rank_of(f, prefs), count=normal, v=v))
    return keep_best(lines), ["N=1M normal"], "flex"


def t4(fs):
    prefs = (("gpu_targets", "gpu_h100"),)
    lines, even = [], []
    for f in fs:
        rows = pick(f.ours, method="msa", backend="cuda", mode="prefill", heads_q="64", topk="16",
                    block_size="128", index_dim="128", **PAPER)
        pts = {}  # data -> [(N, msa ms, cuDNN ms)] where both were timed
        for key, rs in by_key(rows):
            r0 = rs[0]
            o = fastest([r for r in rs if r["variant"] not in E4M3_INDEX])
            e4 = fastest([r for r in rs if r["variant"] in E4M3_INDEX])
            cu = pick(f.peers, key=key, variant="sdpa_cudnn")
            c = fastest(cu)
            if o and c:
                pts.setdefault(r0["data"], []).append((int(r0["seq_len"]), num(o, "median_ms"), num(c, "median_ms")))
            if r0["seq_len"] != str(M):
                continue
            pt = "N=1M %s" % r0["data"]
            if e4 and c:
                em, cm = num(e4, "median_ms"), num(c, "median_ms")
                lines.append(line(f, pt + ", e4m3 index", "%s ms (%s)" % (ms(em), e4["variant"]),
                                  "cuDNN %s ms" % ms(cm), "%.1fx" % (cm / em), ">= 30x", cm / em, 30,
                                  rank_of(f, prefs), count=False,
                                  v="beside the target, not counted: %s" % verdict(cm / em, 30)))
            if not o or not c:
                why = why_not(rs, "msa") if not o else why_not(cu, "cuDNN")
                lines.append(line(f, pt, "-", "-", "-", ">= 30x", float("nan"), 30, rank_of(f, prefs),
                                  v="not measured: " + why, need="N=1M"))
                continue
            om, cm = num(o, "median_ms"), num(c, "median_ms")
            lines.append(line(f, pt, "%s ms (%s)" % (ms(om), o["variant"]), "cuDNN %s ms" % ms(cm),
                              "%.1fx" % (cm / om), ">= 30x", cm / om, 30, rank_of(f, prefs), need="N=1M"))
        for data, p in pts.items():
            p.sort()
            if len(set(n for n, _, _ in p)) < 2:
                continue  # a break-even length needs several lengths in one call
            win = [x for x in p if x[1] < x[2]]
            if not win:
                m = "none: MSA slower at every length (%s..%s)" % (tok(p[0][0]), tok(p[-1][0]))
            elif win[0] is p[0]:
                m = "<= %s (MSA already faster at the shortest length timed)" % tok(p[0][0])
            else:
                lo = [x for x in p if x[0] < win[0][0]][-1]
                m = "%s (MSA %s vs cuDNN %s ms; at %s: %s vs %s ms)" % (
                    tok(win[0][0]), ms(win[0][1]), ms(win[0][2]), tok(lo[0]), ms(lo[1]), ms(lo[2]))
            even.append(line(f, "break-even length, %s" % data, m, "cuDNN, same call", "-", "(reported)",
                             float("nan"), 1, rank_of(f, prefs), count=False, v="reported"))
    if not even:
        even = [line(None, "break-even length", "-", "-", "-", "(reported)", float("nan"), 1, 0, count=False,
                     v="not measured: no folder times MSA and cuDNN at several lengths (stage msa)")]
    return keep_best(lines) + keep_best(even), ["N=1M"], "msa"


def t5(fs):
    goals = {"1": 9.0, "32": 10.0}
    lines = []
    for f in fs:
        b = f.bench
        if not b:
            continue
        rank = 0 if f.sweep == "gpu_decode_b32" else 1
        for B, goal in goals.items():
            n = b["n"].get(B)
            pt = "B=%s N=1M" % B
            fl = b["eager"].get(("flash", B))
            fp8 = [(b["eager"][(m, B)], m) for m in ("msa8", "msa8p") if (m, B) in b["eager"]]
            if n != str(M) or not fl or not fp8:
                why = ("no batch-%s line at 1M" % B if n != str(M) else "no flash line" if not fl else
                       "no fp8-key line (msa8: decode_fp8; a build before it, or it did not run)")
                lines.append(line(f, pt, "-", "-", "-", ">= %gx" % goal, float("nan"), goal, rank,
                                  v="not measured: %s has %s" % (os.path.basename(b["path"]), why)))
                continue
            t, m = min(fp8)
            name = {"msa8": "decode_fp8", "msa8p": "decode_fp8_pdl"}[m]
            g, gf = b["graph"].get((m, B)), b["graph"].get(("flash", B))
            gr = "; as graphs %.2fx" % (gf / g) if g and gf else ""
            lines.append(line(f, pt, "%s ms (%s, eager)" % (fmt(t), name), "our flash %s ms" % fmt(fl),
                              "%.2fx%s" % (fl / t, gr), ">= %gx" % goal, fl / t, goal, rank))
    return keep_best(lines), ["B=1 N=1M", "B=32 N=1M"], "decode"


def regress_log(path):
    """regress.sh's output: `msabench compare`'s base line and its summary counts."""
    txt = open(path, errors="replace").read()
    m = re.search(r"^base: (.*)$", txt, re.M)
    s = re.search(r"^summary:(.*)$", txt, re.M)
    e = re.search(r"^(compare: (?!warning).*|unpack: .*)$", txt, re.M)
    x = re.search(r"^regress\.sh exit (\d+)$", txt, re.M)  # targets.sh's regress stage adds it
    return {"base": m.group(1) if m else None, "exit": x.group(1) if x else None,
            "counts": dict((k, int(v)) for k, v in re.findall(r"(\S+) (\d+),", s.group(1))) if s else None,
            "error": e.group(1) if e else None}


def t6(root, fs, given):
    """[line] or [] with the reason."""
    c = given or os.path.join(root, "regress")
    path = os.path.join(c, "regress.txt") if os.path.isdir(c) else c
    if not os.path.exists(path):
        rf = [f for f in fs if f.sweep == "gpu_regress"]
        return [], ("%s has regress.sh's rows but not its compare output (%s absent)" % (rf[0].name, path) if rf
                    else "%s absent (stage regress: `targets.sh run regress` writes it)" % path)
    r = regress_log(path)
    f = next((f for f in fs if os.path.abspath(f.path) == os.path.dirname(os.path.abspath(path))), None)
    if r["counts"] is None:
        l = line(f, "regress.sh", "-", r["base"] or "-", "-", "no NEW row", float("nan"), 1, 0,
                 v="not measured: no compare summary in %s%s" % (path, " (%s)" % r["error"] if r["error"] else ""))
    else:
        new = r["counts"].get("NEW", 0)
        l = line(f, "regress.sh", ", ".join("%s %d" % kv for kv in r["counts"].items()) +
                 (" (exit %s)" % r["exit"] if r["exit"] else ""),
                 "baseline %s" % (r["base"] or "?"), "-", "no NEW row", 1.0 if new == 0 else 0.0, 1, 0,
                 v="met" if new == 0 else "missed: %d NEW rows (keys the baseline lacks)" % new)
    l["folder"] = f.name if f else os.path.relpath(path, root)
    return [l], ""


def overall(lines, need, stage, root):
    """One verdict per target: the worst counted line, and the points no folder measured."""
    got = [l for l in lines if l["count"] and l["x"] == l["x"]]
    missing = [p for p in need if not any(l["need"] == p and l["count"] and l["x"] == l["x"] for l in lines)]
    if not got:
        d = os.path.join(root, stage)
        where = "stage %s: %s/ %s" % (stage, d, "absent" if not os.path.isdir(d) else "lacks them")
        why = list(dict.fromkeys("%s: %s" % (l["folder"], l["verdict"][len("not measured: "):]) for l in lines
                                 if l["count"] and l["verdict"].startswith("not measured")))
        beside = [l for l in lines if not l["count"] and l["x"] == l["x"]]
        return "not measured: %s%s" % ("; ".join(why) if why else "no folder has its rows (%s)" % where,
                                       "; only figures beside the target above" if beside else "")
    worst = min(got, key=lambda l: l["x"] / l["goal"])
    v = "met" if worst["x"] >= worst["goal"] else "%s (worst: %s, %s)" % (worst["verdict"], worst["point"], worst["folder"])
    if missing:
        v += "; not measured: " + ", ".join(missing)
    return v


TARGETS = [
    "flash prefill vs cuDNN, Hq 32/64, 16K..128K",
    "MSA index (scores + fused block max), 128K..1M",
    "MSA main branch (attn + combine), 1M, useful TFLOP/s",
    "MSA end to end vs cuDNN, paper shape, 1M",
    "MSA decode, fp8 index keys, vs our flash decode, 1M",
    "GPU regression baseline (regress.sh)",
]


def main():
    args = sys.argv[1:]
    given = None
    if "--regress" in args:
        i = args.index("--regress")
        given = args[i + 1] if i + 1 < len(args) else ""
        del args[i:i + 2]
    if len(args) != 1 or not os.path.isdir(args[0]) or given == "":
        print("usage: hopper_table.py OUTDIR [--regress FILE|DIR]", file=sys.stderr)
        sys.exit(2)
    root = args[0]
    fs = folders(root)
    print("# Issue 16 (Hopper-native kernels): the six targets, from %s\n" % root)
    print("Every ratio is from the rows of ONE folder, i.e. one device call: ours and its peer (or")
    print("floor) timed in the same call on the same card; the folder is named on each line.")
    print("Only status-ok rows give figures; the targets are for an H100, bf16.\n")
    print("| folder | sweep | card (meta.json) | build | started |\n|---|---|---|---|---|")
    for f in fs:
        print("| %s | %s | %s | %s | %s |" % (f.name, f.sweep or ("-" if not f.bench else "decode bench text"),
                                           f.card or "unknown (no meta.json)",
                                           str(f.meta.get("build_rev", f.meta.get("git_rev", "-")))[:12],
                                           f.meta.get("start_time", "-")))
    cards = sorted(set(f.card for f in fs if f.card))
    if len(cards) > 1:
        print("\n**The folders ran on different cards (%s)**: compare figures only within a folder." % ", ".join(cards))
    if any("H100" not in c for c in cards):
        print("\nNot every card here is an H100: a figure from another card does not settle an H100 target.")

    print("\n| # | target | folder | point | measured | peer / floor (same folder) | ratio | target | verdict |")
    print("|---|---|---|---|---|---|---|---|---|")
    verdicts = []
    for i, t in enumerate((t1, t2, t3, t4, t5)):
        lines, need, stage = t(fs)
        verdicts.append(overall(lines, need, stage, root))
        if not lines:
            lines = [line(None, "-", "-", "-", "-", "-", float("nan"), 1, 0, v=verdicts[-1])]
        for l in lines:
            print("| %d | %s | %s | %s | %s | %s | %s | %s | %s |" % (
                i + 1, TARGETS[i], l["folder"], l["point"], l["measured"], l["peer"], l["ratio"],
                l["goal_s"], l["verdict"]))
    lines, why = t6(root, fs, given)
    verdicts.append(lines[0]["verdict"] if lines else "not measured: " + why)
    for l in lines or [line(None, "-", "-", "-", "-", "no NEW row", float("nan"), 1, 0, v=verdicts[-1])]:
        print("| 6 | %s | %s | %s | %s | %s | %s | %s | %s |" % (
            TARGETS[5], l["folder"], l["point"], l["measured"], l["peer"], l["ratio"], l["goal_s"], l["verdict"]))

    print("\n| # | target | verdict |\n|---|---|---|")
    for i, v in enumerate(verdicts):
        print("| %d | %s | %s |" % (i + 1, TARGETS[i], v))


if __name__ == "__main__":
    main()
