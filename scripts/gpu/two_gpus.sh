#!/bin/sh
# Wall time of one sweep on one GPU and with --gpus 0,1 on the same 2-GPU machine
# (results/gpu/multigpu).  There: OUT=$OUT sh scripts/gpu/two_gpus.sh [SWEEP]
# (device tool, kind nvidia-h100-x2, carry [".gpu-run"]).
set -u
. scripts/gpu/unpack.sh
sweep="${1:-experiments/gpu_smoke.yaml}"
OUT="${OUT:-./gpu-out}"
export LD_LIBRARY_PATH="$PWD/.gpu-run:${LD_LIBRARY_PATH:-}"
nvidia-smi -L
s=$(date +%s%N); ./.gpu-run/msabench run "$sweep" -o "$OUT/one" --quiet 2>&1 | tail -1; e=$(date +%s%N)
one=$(( (e - s) / 1000000 ))
s=$(date +%s%N); ./.gpu-run/msabench run "$sweep" -o "$OUT/two" --gpus 0,1 --quiet 2>&1 | tail -4; e=$(date +%s%N)
two=$(( (e - s) / 1000000 ))
python3 -c "print('wall one GPU: %.1f s; two GPUs (--gpus 0,1): %.1f s; speedup %.2fx' % ($one/1e3, $two/1e3, $one/$two))" | tee "$OUT/walltime.txt"
rm -rf "$OUT"/two/shard-*
