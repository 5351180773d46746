#!/bin/sh
# coherence.sh - MSA's GPU speed against selection coherence (issue 17):
# experiments/gpu_coherence.yaml (paper shape, bf16, 128K and 1M on normal, calibrated and
# coherent inputs), then the figure.  Same staging as the other scripts/gpu/*.sh:
#   here:  sh scripts/gpu/stage.sh            (builds and stages .gpu-run/)
#   there: OUT=$OUT sh scripts/gpu/coherence.sh run   (device tool, carry [".gpu-run"])
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
    d="$OUT/coherence"
    mkdir -p "$d"
    ./.gpu-run/msabench run experiments/gpu_coherence.yaml -o "$d" --force --quiet 2>&1 | tail -5
    python3 - "$d/results.csv" <<'PY'
import csv, sys
for r in csv.DictReader(open(sys.argv[1])):
    print(r["data"], r["seq_len"], r["status"], r["adjacent_overlap"], r["tile_distinct"],
          r["hot_share"], r["median_ms"], r["useful_tflops"], r["reason"])
PY
    ;;
*)
    echo "usage: $0 run   (on the GPU machine, after scripts/gpu/stage.sh here)" >&2
    exit 2 ;;
esac
