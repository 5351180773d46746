#!/bin/sh
# The GPU counterpart of the CPU gate, run on the GPU machine after
# scripts/gpu/stage.sh:  sh scripts/gpu/regress.sh
# Runs the fixed sweep experiments/gpu_regress.yaml (every CUDA variant of every method at
# SPEC §9's peer shape: prefill 16K and 64K, decode 1M with 1 and 8 queries) with its torch
# peers, and compares our rows with the baseline of this card: results/baseline/gpu-h100.csv
# (an H100, results/gpu/NOTES.md "GPU regression baseline") or gpu-h200.csv (an H200, run9),
# each made by this script; MSABENCH_GPU_BASELINE=FILE picks another.
# A different card is refused by `msabench compare` (its device check).
# GPU timings are steady (CV ~1%), so the threshold is 5%.
set -u
. scripts/gpu/unpack.sh
OUT="${OUT:-./gpu-out}"
mkdir -p "$OUT"
export LD_LIBRARY_PATH="$PWD/.gpu-run:${LD_LIBRARY_PATH:-}"
./.gpu-run/msabench run experiments/gpu_regress.yaml -o "$OUT" --quiet || exit 2
PYTHONUNBUFFERED=1 python3 scripts/peers/peers.py "$OUT/results.csv" "$OUT/peers.csv" | tail -1
python3 scripts/gpu/summary.py "$OUT" | sed -n '1,12p'
base="${MSABENCH_GPU_BASELINE:-}"
if [ -z "$base" ]; then
    case "$(nvidia-smi --query-gpu=name --format=csv,noheader 2>/dev/null | head -1)" in
    *H200*) base=results/baseline/gpu-h200.csv ;;
    *) base=results/baseline/gpu-h100.csv ;;
    esac
fi
echo "regress.sh: baseline $base"
exec ./.gpu-run/msabench compare "$base" "$OUT/results.csv" \
    --threshold "${MSABENCH_GPU_THRESHOLD:-5%}"
