#!/usr/bin/env python3
"""CPU check of selmask.py against msabench's own exports (tests/cli/peer_masks.sh).

    python3 scripts/peers/selmask_check.py EXPORT_DIR RESULTS.csv [--qb QB]

For every exported causal-prefill point of a method selmask.LAYOUT knows:
  1. the float64 evaluation of the exported selection (ref_rows) matches the
     exported output rows of the cpu backend (float32: rel L2 <= 1e-5), so the key
     sets the peers compute are msabench's;
  2. the FlexAttention block mask (flex_plan, query blocks of QB rows) admits, for
     every sampled row and head, exactly those keys (full blocks whole, partial
     blocks through the mask_mod);
  3. the flash-sparse-attn gather list holds exactly those keys, -1 in front and a
     valid key last;
  4. verdict() passes agreeing outputs and fails NaN or distant ones.
Exit 0 when all hold, 1 with the first few mismatches otherwise.
"""
import csv
import os
import sys

import numpy as np

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import selmask as sm  # noqa: E402


def check_point(base, sub, qb, bad):
    tagname = "%s/%s %s" % (base["method"], base["backend"], base["key"][:60])
    layout = sm.LAYOUT[base["method"]]
    q = sm.bf16_to_f32(np.load(os.path.join(sub, "q.npy")))[0]
    k = sm.bf16_to_f32(np.load(os.path.join(sub, "k.npy")))[0]
    v = sm.bf16_to_f32(np.load(os.path.join(sub, "v.npy")))[0]
    sel = np.load(os.path.join(sub, "sel.npy"))[0]
    rows = np.load(os.path.join(sub, "rows.npy"))
    o = np.load(os.path.join(sub, "o_rows.npy"))[0]
    L, hq = q.shape[0], q.shape[1]
    n, hkv = k.shape[0], k.shape[1]
    G, bk, qpos0 = hq // hkv, int(base["block_size"]), n - L
    ref = sm.ref_rows(layout, q[rows], k, v, sel, rows, bk, qpos0)
    e = sm.rel_l2(o, ref)
    if not e <= 1e-5:
        bad.append("%s: exported rows %.2e from the float64 evaluation" % (tagname, e))
    for force in ("kv", "q") if layout == "head_blocks" else (None,):
        plan = sm.flex_plan(layout, sel, G, L, n, qpos0, bk, QB=qb, force=force)
        check_rows(layout, sel, plan, rows, G, qpos0, bk, n, qb, tagname, bad)
        cells, sm.CELLS = sm.CELLS, 64          # many small chunks: the same lists
        tiny = sm.flex_plan(layout, sel, G, L, n, qpos0, bk, QB=qb, force=force)
        sm.CELLS = cells
        if any(not np.array_equal(plan[x], tiny[x]) for x in ("pn", "pi", "fn", "fi")):
            bad.append("%s: chunked union differs (%s layout)" % (tagname, plan["heads"]))
        if plan["pi"].shape != plan["fi"].shape:
            bad.append("%s: partial and full lists of different widths" % tagname)
    return sm.flex_plan(layout, sel, G, L, n, qpos0, bk, QB=qb)


def check_rows(layout, sel, plan, rows, G, qpos0, bk, n, qb, tagname, bad):
    hq = sel.shape[0] if layout == "head_blocks" else sel.shape[0] * G
    rpt = plan["rows_per_tok"]
    for t in rows.tolist():
        pos = qpos0 + t
        for h in range(hq):
            want = sm.key_set(layout, sm.sel_row(layout, sel, h, t, G), pos, bk, n)
            fh, r = (h // G, t * G + h % G) if plan["heads"] == "kv" else (h, t)
            got = sm.mask_keys(layout, sel, plan["pn"], plan["pi"], plan["fn"], plan["fi"],
                               fh, r, rpt, G, qpos0, bk, n, qb)
            if not np.array_equal(got, want):
                bad.append("%s: flex mask row %d head %d: %d keys, want %d (%s layout)"
                           % (tagname, t, h, len(got), len(want), plan["heads"]))
            hs = h if layout == "head_blocks" else h // G
            off = hs * n
            g = sm.gather_list(layout, sel, hs, t, t + 1, qpos0, bk, n, off, mult=16)[0]
            if g.shape[0] % 16 or g[-1] < 0 or not np.array_equal(np.sort(g[g >= 0]) - off, want):
                bad.append("%s: gather list row %d head %d wrong" % (tagname, t, h))


def main():
    if len(sys.argv) < 3:
        print(__doc__)
        return 2
    exp, src = sys.argv[1], sys.argv[2]
    qb = int(sys.argv[sys.argv.index("--qb") + 1]) if "--qb" in sys.argv else 16
    rows = list(csv.DictReader(open(src)))
    bad, seen = [], set()
    if sm.verdict(1e-3, 2e-3, 1e-3) is not None or sm.verdict(float("nan"), 0, 0) is None or \
            sm.verdict(2e-2, 1e-3, 1e-3) is None or sm.verdict(1e-3, 1e-3, 5e-2) is None:
        bad.append("verdict(): wrong decision")
    for line in open(os.path.join(exp, "index.tsv")):
        tag, key, method, backend, variant, dtype = line.rstrip("\n").split("\t")
        base = [r for r in rows if r["key"] == key and r["method"] == method and
                r["backend"] == backend and r["variant"] == variant]
        if method not in sm.LAYOUT or not base or base[0]["mode"] != "prefill":
            continue
        plan = check_point(base[0], os.path.join(exp, tag), qb, bad)
        seen.add(method)
        print("%s/%s: %s layout, %.1f partial + %.1f full blocks per %d-row block"
              % (method, backend, plan["heads"], plan["pn"].mean(), plan["fn"].mean(), qb))
    for b in bad[:10]:
        print("FAIL: " + b)
    if not seen:
        print("FAIL: no exported prefill point of %s" % ", ".join(sorted(sm.LAYOUT)))
        return 1
    print("selmask_check: %s checked, %d mismatches" % (", ".join(sorted(seen)), len(bad)))
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
