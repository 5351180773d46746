#!/bin/sh
# coherence_fig.sh [RUN_DIR [OUT_DIR]] - the speed-against-coherence figure (issue 17):
# one point per msa row of RUN_DIR/results.csv (default results/coherence/run), x =
# adjacent_overlap, y = useful TFLOP/s, labelled by data kind (and capture).  Writes
# OUT_DIR/coherence.dat, coherence.gp, coherence.png (default results/coherence) and
# prints the table the README quotes.  GPU run: sh scripts/coherence_fig.sh
# results/gpu/coherence results/gpu/coherence.
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
cat >"$out/coherence.gp" <<'GP'
set terminal pngcairo size 900,560 font ",10" noenhanced
set output "coherence.png"
set title "MSA speed against selection coherence (adjacent_overlap, SPEC 5.2)"
set xlabel "adjacent_overlap (share of a query's blocks its neighbour also selects)"
set ylabel "useful TFLOP/s"
set xrange [0:1.05]
set grid
set key off
plot "coherence.dat" using 4:8 with points pt 7 ps 1.4 lc rgb "#1f77b4", \
     "coherence.dat" using 4:8:(sprintf("%s N=%s", stringcolumn(1), stringcolumn(3))) with labels offset 0,1 font ",8"
GP
(cd "$out" && gnuplot coherence.gp)
echo "coherence_fig.sh: $out/coherence.png"
