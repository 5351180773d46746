#!/bin/sh
# contemporaries_fig.sh [RUN_DIR [OUT_DIR]] - the contemporaries' recall against token budget
# (issue 14): prints the mass_coverage tables the README quotes (method x budget x input, from
# RUN_DIR/results.csv, default results/contemporaries/run, made by
# `msabench run experiments/contemporaries.yaml -o results/contemporaries/run`), writes them to
# OUT_DIR/table.md (default results/contemporaries), and runs `msabench plot` into
# OUT_DIR/figures, whose budget_<mode>_<input>.png are mass_coverage and block_recall against
# the budget, one line per method ($MSABENCH: the binary, default build/ci/msabench).
# The sweep zips the budgets: topk * block_size = dsa_tokens = (window + global + random) *
# block_size on every point, so a row's budget is its topk * block_size.
set -eu
run=${1:-results/contemporaries/run}
out=${2:-results/contemporaries}
mkdir -p "$out"
python3 - "$run/results.csv" "$out/table.md" <<'PY'
import csv, sys
order = ["msa", "nsa", "moba", "dsa", "quest", "bigbird"]
rows = [r for r in csv.DictReader(open(sys.argv[1]))
        if r["status"] in ("ok", "estimated") and r["mass_coverage"] not in ("", "nan")]
def inp(r):
    if r["data"] == "file":
        return "real " + r["key"].rsplit("file=", 1)[-1].split(",")[0]
    return "%s, noise %g" % (r["data"], float(r["index_noise"]))
def tok(b):
    return "%dK" % (b // 1024) if b % 1024 == 0 else str(b)
cell = {}
for r in rows:
    b = int(r["topk"]) * int(r["block_size"])
    cell.setdefault((r["mode"], r["data"] == "file", r["seq_len"]), {})[(r["method"], inp(r), b)] = float(r["mass_coverage"])
out = []
for (mode, real, n), c in sorted(cell.items(), key=lambda x: (x[0][1], x[0][0] != "prefill")):
    budgets = sorted({k[2] for k in c})
    inputs = sorted({k[1] for k in c}, key=lambda s: (s.split(",")[0], float(s.split()[-1]) if "noise" in s else s))
    out.append("**%s, N = %s, %s** (mass_coverage; budget = tokens per query)\n" % (mode, n, "real captures" if real else "structured data"))
    out.append("| method | input | " + " | ".join(tok(b) for b in budgets) + " |")
    out.append("|---|---|" + "---|" * len(budgets))
    for m in order:
        lines = []
        for i in inputs:
            if any((m, i, b) in c for b in budgets):
                lines.append((i, " | ".join("%.3f" % c[(m, i, b)] if (m, i, b) in c else "" for b in budgets)))
        # a method that reads no index gives the same row at every index_noise: one row
        if not real and len(lines) > 1 and len({v for _, v in lines}) == 1:
            lines = [(lines[0][0].split(",")[0] + ", any noise (reads no index)", lines[0][1])]
        for i, v in lines:
            out.append("| %s | %s | %s |" % (m, i, v))
    out.append("")
text = "\n".join(out)
print(text)
open(sys.argv[2], "w").write(text + "\n")
PY
"${MSABENCH:-build/ci/msabench}" plot "$run/results.csv" -o "$out/figures" --format png >/dev/null 2>&1
echo "contemporaries_fig.sh: $out/table.md, $out/figures/budget_*.png (msabench plot)"
