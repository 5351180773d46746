#!/bin/sh
# coherence.sh - MSA's GPU speed against selection coherence (issue 17):
# experiments/gpu_coherence.yaml (paper shape, bf16, 128K and 1M on normal, calibrated and
# coherent inputs), then the figure.  Same staging as the other scripts/gpu/*.sh:
#   here:  sh scripts/gpu/stage.sh            (builds and stages .gpu-run/)
#   there: OUT=$OUT sh scripts/gpu/coherence.sh run [N]   (device tool, carry [".gpu-run"]);
#          N (131072 or 1048576) runs that context length alone, into $OUT/coherence-N:
#          two calls when both do not fit one 10-minute call
#   here:  copy $OUT/coherence/{results.csv,meta.json} to results/gpu/coherence/run/, then
#          sh scripts/coherence_fig.sh results/gpu/coherence/run results/gpu/coherence
# The 1M points take most of the 10-minute call: the 128K ones run first and every row is
# written as it finishes, so a call cut short keeps them.
set -u
case "${1:-}" in
run)
    . scripts/gpu/unpack.sh
    OUT="${OUT:-./gpu-out}"
    export LD_LIBRARY_PATH="$PWD/.gpu-run:${LD_LIBRARY_PATH:-}"
    nvidia-smi --query-gpu=name,memory.total,clocks.max.sm,driver_version --format=csv,noheader
    y=experiments/gpu_coherence.yaml
    d="$OUT/coherence"
    if [ -n "${2:-}" ]; then
        d="$OUT/coherence-$2"
        y=/tmp/gpu_coherence_$2.yaml
        sed "s/seq_len: \[131072, 1048576\]/seq_len: $2/" experiments/gpu_coherence.yaml >"$y"
    fi
    mkdir -p "$d"
    ./.gpu-run/msabench run "$y" -o "$d" --force --quiet 2>&1 | tail -5
    python3 - "$d/results.csv" <<'PY'
import csv, sys
for r in csv.DictReader(open(sys.argv[1])):
    print(r["data"], r["seq_len"], r["status"], r["adjacent_overlap"], r["tile_distinct"],
          r["hot_share"], r["median_ms"], r["useful_tflops"], r["reason"])
PY
    ;;
*)
    echo "usage: $0 run [N]   (on the GPU machine, after scripts/gpu/stage.sh here)" >&2
    exit 2 ;;
esac
