#!/usr/bin/env python3
"""summarize.py - tables and figures of the real-activation results (stdlib +
gnuplot only).  Reads results/real/{fit,fit_all}/L*/report.json (fit-index's
held-out figures on the 8K capture) and results/real/runs/real_recall/results.csv
(the excerpt sweep), writes results/real/summary.md, by_layer.dat/.gp/.png."""
import csv
import glob
import json
import os
import subprocess
import sys

root = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
os.chdir(root)
out = "results/real"


def reports(folder):
    rows = []
    for p in sorted(glob.glob(os.path.join(out, folder, "L*", "report.json"))):
        r = json.load(open(p))
        layer = int(os.path.basename(os.path.dirname(p))[1:])
        rows.append((layer, r))
    return rows


lines = []
sanity = os.path.join(out, "capture", "sanity.json")
if os.path.exists(sanity):
    s = json.load(open(sanity))
    lines.append("Capture: %s, %d tokens of %s; forward-pass check: top-1 next-token accuracy "
                 "%.3f, perplexity %.2f over %d predictions.\n" % (
                     s["model"], s["tokens"], " + ".join(s["text"]), s["top1"], s["ppl"],
                     s["predicted"]))


def bigbird_of(layer):
    """BigBird on the same held-out rows (same seed and split) from any run that measured it."""
    for folder in ("fit", "fit_all"):
        p = os.path.join(out, folder, "L%02d" % layer, "report.json")
        if os.path.exists(p):
            r = json.load(open(p))
            if "bigbird" in r:
                return r["bigbird"]
    return {}


def fit_table(title, rows):
    if not rows:
        return
    r0 = rows[0][1]
    lines.append("### %s\n" % title)
    lines.append("N = %d, Bk = %d, k = %d, d_idx = %d; %d held-out query rows x %d groups per layer "
                 "(never trained on); %d Adam steps (%d full-support warmup), %d rows/step.\n" % (
                     r0["n"], r0["block_size"], r0["topk"], r0["index_dim"], r0["eval_rows"],
                     r0["heads_kv"], r0["steps"], r0["warmup"], r0["rows_per_step"]))
    lines.append("| layer | KL free | KL fitted | block recall free | fitted | BigBird | score recall "
                 "free | fitted | BigBird | coverage free | fitted | BigBird | out_rel_err free "
                 "| fitted | BigBird |")
    lines.append("|" + "---|" * 15)
    acc = [0.0] * 14
    nan = float("nan")
    for layer, r in rows:
        a, b, bb = r["start"], r["fitted"], r.get("bigbird") or bigbird_of(layer)
        ra, rb = a.get("runner", {}), b.get("runner", {})
        v = [a["kl"], b["kl"], a["block_recall"], b["block_recall"], bb.get("block_recall", nan),
             a["score_recall"], b["score_recall"], bb.get("score_recall", nan),
             a["mass_coverage"], b["mass_coverage"], bb.get("mass_coverage", nan),
             ra.get("out_rel_err", nan), rb.get("out_rel_err", nan), bb.get("out_rel_err", nan)]
        acc = [x + y for x, y in zip(acc, v)]
        lines.append("| %d | " % layer + " | ".join("%.3f" % x for x in v) + " |")
    lines.append("| mean | " + " | ".join("%.3f" % (x / len(rows)) for x in acc) + " |\n")


fit_table("fit-index on the 8K capture, excerpt layers (150 steps)", reports("fit"))
all_rows = reports("fit_all")
fit_table("fit-index on the 8K capture, every layer (%s)" % (
    "%d steps" % all_rows[0][1]["steps"] if all_rows else ""), all_rows)

# recall by layer figure from the every-layer fit (else the excerpt layers)
src = all_rows or reports("fit")
if src:
    with open(os.path.join(out, "by_layer.dat"), "w") as f:
        f.write("# layer block_free block_fit score_free score_fit cov_free cov_fit block_bb "
                "score_bb\n")
        for layer, r in src:
            a, b, bb = r["start"], r["fitted"], r.get("bigbird", {})
            f.write("%d %.4f %.4f %.4f %.4f %.4f %.4f %.4f %.4f\n" % (
                layer, a["block_recall"], b["block_recall"], a["score_recall"],
                b["score_recall"], a["mass_coverage"], b["mass_coverage"],
                bb.get("block_recall", float("nan")), bb.get("score_recall", float("nan"))))
    r0 = src[0][1]
    gp = """set terminal pngcairo size 1000,520 font ",10"
set output "by_layer.png"
set title "MSA index on real attention: SmolLM2-135M, N = %d, Bk = %d, k = %d, held-out rows"
set xlabel "layer"
set ylabel "recall"
set yrange [0.4:1.02]
set key bottom right font ",9"
set grid
set style rect fc rgb "#dddddd" fs solid 0.5 noborder
set object 1 rect from graph 0, first 0.70 to graph 1, first 0.75 behind
set object 2 rect from graph 0, first 0.90 to graph 1, first 0.94 behind
plot "by_layer.dat" using 1:2 with linespoints lc rgb "#1f77b4" dt 2 pt 6 title "block recall, training-free", \\
     "by_layer.dat" using 1:3 with linespoints lc rgb "#1f77b4" pt 7 title "block recall, fitted", \\
     "by_layer.dat" using 1:4 with linespoints lc rgb "#d62728" dt 2 pt 4 title "score recall, training-free", \\
     "by_layer.dat" using 1:5 with linespoints lc rgb "#d62728" pt 5 title "score recall, fitted", \\
     "by_layer.dat" using 1:8 with linespoints lc rgb "#9467bd" dt 3 pt 2 title "block recall, BigBird (same k)", \\
     "by_layer.dat" using 1:9 with linespoints lc rgb "#9467bd" dt 4 pt 3 title "score recall, BigBird (same k)", \\
     NaN with boxes fs solid 0.5 fc rgb "#dddddd" title "paper, trained MSA: block 0.70-0.75, score 0.90-0.94"
""" % (r0["n"], r0["block_size"], r0["topk"])
    open(os.path.join(out, "by_layer.gp"), "w").write(gp)
    try:
        subprocess.run(["gnuplot", "by_layer.gp"], cwd=out, check=True)
    except (OSError, subprocess.CalledProcessError) as e:
        print("summarize: gnuplot failed: %s" % e, file=sys.stderr)

# the excerpt sweep
csvp = os.path.join(out, "runs", "real_recall", "results.csv")
if os.path.exists(csvp):
    rows = [r for r in csv.DictReader(open(csvp)) if r["status"] == "ok"]
    def layer_of(key):
        for part in key.split(","):
            if part.startswith("file="):
                return part[5:]
        return "?"
    tab = {}
    for r in rows:
        lab = layer_of(r["key"])
        lay, idx = lab.rsplit("-", 1)
        m = r["method"] if r["method"] != "msa" else "msa-" + idx
        if r["method"] == "bigbird" and idx != "free":
            continue  # the same pattern for both entries
        tab[(lay, int(r["block_size"]), int(r["topk"]), m)] = r
    layers = sorted({k[0] for k in tab})
    lines.append("### Excerpt sweep (experiments/real_recall.yaml): N = 2048, every query row\n")
    lines.append("Block recall / score recall; MSA with the training-free and the fitted index, "
                 "BigBird at the same block count. Rows with k*Bk >= N select every block.\n")
    for lay in layers:
        lines.append("**%s**\n" % lay)
        lines.append("| Bk | k | MSA free | MSA fitted | BigBird | mass cov. free / fitted / BB "
                     "| out_rel_err free / fitted / BB |")
        lines.append("|---|---|---|---|---|---|---|")
        for bk in (32, 64, 128, 256):
            for k in (4, 8, 16, 32, 64):
                g = [tab.get((lay, bk, k, m)) for m in ("msa-free", "msa-fit", "bigbird")]
                if not any(g):
                    continue
                f = lambda r, c: "%.3f" % float(r[c]) if r and r[c] not in ("", "nan") else "-"
                lines.append("| %d | %d | %s | %s | %s | %s | %s |" % (
                    bk, k, *["%s / %s" % (f(r, "block_recall"), f(r, "score_recall")) for r in g],
                    " / ".join(f(r, "mass_coverage") for r in g),
                    " / ".join(f(r, "out_rel_err") for r in g)))
        lines.append("")

    # recall against budget at Bk = 64: k = 4..32 (k = 64 selects everything at N = 2048)
    with open(os.path.join(out, "budget.dat"), "w") as f:
        for lay in layers:
            for m in ("msa-free", "msa-fit", "bigbird"):
                f.write("# %s %s\n" % (lay, m))
                for k in (4, 8, 16, 32):
                    r = tab.get((lay, 64, k, m))
                    if r:
                        f.write("%d %s %s\n" % (k, r["block_recall"], r["score_recall"]))
                f.write("\n\n")
    colors = {"msa-free": "#1f77b4", "msa-fit": "#2ca02c", "bigbird": "#9467bd"}
    names = {"msa-free": "MSA training-free", "msa-fit": "MSA fitted", "bigbird": "BigBird"}
    pts = [6, 8, 4]
    plots = {1: [], 2: []}
    blk = 0
    for li, lay in enumerate(layers):
        for m in ("msa-free", "msa-fit", "bigbird"):
            for col in (1, 2):
                plots[col].append('"budget.dat" index %d using 1:%d with linespoints lc rgb "%s" '
                                  'pt %d %s title "%s %s"' % (
                                      blk, col + 1, colors[m], pts[li % 3],
                                      "dt 2" if m == "msa-free" else "", names[m], lay))
            blk += 1
    gp = ["set terminal pngcairo size 1200,520 font \",10\"", 'set output "budget.png"',
          'set multiplot layout 1,2 title "Real attention (SmolLM2-135M, excerpt N = 2048, '
          'Bk = 64): recall against blocks selected k"',
          "set logscale x 2", "set xrange [3.5:36]", "set xtics (4, 8, 16, 32)",
          "set yrange [0.4:1.01]", "set grid", 'set xlabel "blocks selected k (budget k x 64 tokens)"',
          "set key bottom right font \",8\""]
    for col, t in ((1, "block recall"), (2, "score recall")):
        gp.append('set title "%s"' % t)
        gp.append("plot " + ", \\\n     ".join(plots[col]))
    gp.append("unset multiplot")
    open(os.path.join(out, "budget.gp"), "w").write("\n".join(gp) + "\n")
    try:
        subprocess.run(["gnuplot", "budget.gp"], cwd=out, check=True)
    except (OSError, subprocess.CalledProcessError) as e:
        print("summarize: gnuplot failed: %s" % e, file=sys.stderr)

open(os.path.join(out, "summary.md"), "w").write("\n".join(lines) + "\n")
print("\n".join(lines))
