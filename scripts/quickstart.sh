#!/bin/sh
# The README's first command: install what is missing, build, run the default
# sweep (experiments/quickstart.yaml: every method on the CPU at N = 1K..8K with
# recall and stage times, about 3 minutes on 2 cores), plot it and print its
# summary (`msabench report`: speedup over flash, break-even length, recall).
# On a machine where nvidia-smi sees a GPU it then builds the CUDA backend and
# runs a short GPU sweep with the torch peers (scripts/quickstart_gpu.sh).
# Results land in results/runs/quickstart-<timestamp>/ (GPU: .../gpu/).
#   scripts/quickstart.sh [--no-gpu]
set -eu
cd "$(dirname "$0")/.."
gpu=1
[ "${1:-}" = "--no-gpu" ] && gpu=0
sh scripts/install_deps.sh
cmake -S . -B build/release -DCMAKE_BUILD_TYPE=Release -DMSABENCH_TESTS=OFF -DMSABENCH_CUDA=OFF >/dev/null
cmake --build build/release -j"$(nproc)"
bin=build/release/msabench
out="results/runs/quickstart-$(date +%Y%m%d-%H%M%S)"
status=0
"$bin" run experiments/quickstart.yaml -o "$out" || status=$?
"$bin" plot "$out/results.csv" -o "$out/figures" --format png || status=$?
"$bin" report "$out" -o "$out/report.md" || status=$?
echo
cat "$out/report.md" 2>/dev/null || true
echo
echo "quickstart: results in $out/results.csv (metadata $out/meta.json), figures in $out/figures/,"
echo "            this summary in $out/report.md"
if [ "$gpu" = 1 ]; then
    sh scripts/quickstart_gpu.sh "$out/gpu" || status=$?
fi
exit $status
