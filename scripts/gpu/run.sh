#!/bin/sh
# Runs on the GPU machine (no build there): the GPU tests, compute-sanitizer on
# small cases, a sweep through msabench, and the PyTorch peers at the same points.
# Everything lands in $OUT (default ./gpu-out): tests.log, results.csv, meta.json,
# peers.csv, and a short table printed last.
#   sh scripts/gpu/run.sh SWEEP.yaml [--no-tests] [--no-peers]
set -u
. scripts/gpu/unpack.sh
sweep="$1"; shift
tests=1; peers=1
for a in "$@"; do
    case "$a" in --no-tests) tests=0 ;; --no-peers) peers=0 ;; esac
done
OUT="${OUT:-./gpu-out}"
mkdir -p "$OUT"
export LD_LIBRARY_PATH="$PWD/.gpu-run:${LD_LIBRARY_PATH:-}"
export MSABENCH_SRC="$PWD"
nvidia-smi --query-gpu=name,memory.total,clocks.max.sm,driver_version --format=csv,noheader
if [ $tests = 1 ]; then
    for t in .gpu-run/tests/test_gpu_device .gpu-run/tests/test_gpu_dense \
             .gpu-run/tests/test_gpu_msa .gpu-run/tests/test_gpu_bigbird \
             .gpu-run/tests/test_gpu_performer; do
        [ -x "$t" ] || continue
        if "$t" >>"$OUT/tests.log" 2>&1; then echo "$(basename "$t"): ok"; else echo "$(basename "$t"): FAILED"; fi
    done
    compute-sanitizer --tool memcheck .gpu-run/tests/test_gpu_dense small 2>&1 | tail -1 | sed 's/^/memcheck dense: /'
fi
# results straight into $OUT: a run cut short still brings back every finished row
./.gpu-run/msabench run "$sweep" -o "$OUT" --quiet 2>&1 | tail -30
if [ $peers = 1 ]; then
    PYTHONUNBUFFERED=1 python3 scripts/peers/peers.py "$OUT/results.csv" "$OUT/peers.csv" 2>&1 | tail -40
fi
python3 scripts/gpu/summary.py "$OUT"
