#!/bin/sh
# The issue-7 target run (results/gpu/run2): the peers first, at the points of
# both GPU sweeps (taken from `msabench estimate` CSVs, which carry the same point
# keys), then the sweeps themselves, all in one call on one card.
#   here:  sh scripts/gpu/stage.sh && sh scripts/gpu/targets.sh prepare
#   there: OUT=$OUT sh scripts/gpu/targets.sh run     (device tool, carry [".gpu-run"])
# Writes $OUT/peer/ and $OUT/h100/: results.csv, peers.csv, meta.json, copy_bw.txt,
# and prints the target tables (scripts/gpu/summary.py).  Peers first, so a call
# cut short still has them; msabench writes rows as it goes.
set -u
case "${1:-}" in
prepare)
    bin="${MSABENCH:-build/dev/msabench}"
    "$bin" estimate experiments/gpu_h100.yaml -o /tmp/msabench_est_h100 >/dev/null 2>&1
    "$bin" estimate experiments/gpu_peer.yaml -o /tmp/msabench_est_peer >/dev/null 2>&1
    cp /tmp/msabench_est_h100/results.csv .gpu-run/est_h100.csv
    cp /tmp/msabench_est_peer/results.csv .gpu-run/est_peer.csv
    echo "targets.sh: point lists staged in .gpu-run/" ;;
run)
    OUT="${OUT:-./gpu-out}"
    export LD_LIBRARY_PATH="$PWD/.gpu-run:${LD_LIBRARY_PATH:-}"
    mkdir -p "$OUT/peer" "$OUT/h100"
    PYTHONUNBUFFERED=1 python3 scripts/peers/peers.py .gpu-run/est_peer.csv "$OUT/peer/peers.csv" --timeout 5 2>&1 | tail -3
    ./.gpu-run/msabench run experiments/gpu_peer.yaml -o "$OUT/peer" --quiet 2>&1 | tail -3
    PYTHONUNBUFFERED=1 python3 scripts/peers/peers.py .gpu-run/est_h100.csv "$OUT/h100/peers.csv" --timeout 5 2>&1 | tail -3
    ./.gpu-run/msabench run experiments/gpu_h100.yaml -o "$OUT/h100" --quiet 2>&1 | tail -5
    python3 scripts/gpu/summary.py "$OUT/peer"
    python3 scripts/gpu/summary.py "$OUT/h100" ;;
*)
    echo "usage: $0 prepare | run" >&2; exit 2 ;;
esac
