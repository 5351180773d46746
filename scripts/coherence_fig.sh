#!/bin/sh
# coherence_fig.sh [RUN_DIR [OUT_DIR]] - the coherence table and figures (issue 17): prints
# the table the README quotes (msa rows of RUN_DIR/results.csv, default
# results/coherence/run), writes it as OUT_DIR/coherence.dat (default results/coherence), and
# runs `msabench plot` into OUT_DIR/figures, whose coherence.png is speed against
# adjacent_overlap ($MSABENCH: the binary, default build/ci/msabench).  GPU run:
# sh scripts/coherence_fig.sh results/gpu/coherence/run results/gpu/coherence
set -eu
run=${1:-results/coherence/run}
out=${2:-results/coherence}
mkdir -p "$out"
python3 - "$run/results.csv" "$out/coherence.dat" <<'PY'
import csv, sys
rows = [r for r in csv.DictReader(open(sys.argv[1])) if r["method"] == "msa" and r["status"] == "ok"]
with open(sys.argv[2], "w") as f:
    f.write("# label backend N adjacent_overlap tile_distinct hot_share median_ms useful_tflops\n")
    print("| input | backend | N | adjacent_overlap | tile_distinct | hot_share | median ms | useful TFLOP/s |")
    print("|---|---|---|---|---|---|---|---|")
    for r in rows:
        lab = r["data"]
        if lab == "file":
            lab = "real-" + r["key"].rsplit("file=", 1)[-1]
        vals = [r[c] for c in ("adjacent_overlap", "tile_distinct", "hot_share", "median_ms", "useful_tflops")]
        f.write("%s %s %s %s\n" % (lab, r["backend"], r["seq_len"], " ".join(vals)))
        print("| %s | %s | %s | %s |" % (lab, r["backend"], r["seq_len"], " | ".join("%.4g" % float(v) for v in vals)))
PY
"${MSABENCH:-build/ci/msabench}" plot "$run/results.csv" -o "$out/figures" --format png >/dev/null 2>&1
echo "coherence_fig.sh: $out/figures/coherence.png (msabench plot's coherence figure)"
