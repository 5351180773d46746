#!/bin/sh
# The README's first command: install what is missing, build, run the default
# sweep (experiments/quickstart.yaml: dense methods on CPU, a couple of minutes),
# and plot it.  Results land in results/runs/quickstart-<timestamp>/.
set -eu
cd "$(dirname "$0")/.."
sh scripts/install_deps.sh
cmake -S . -B build/release -DCMAKE_BUILD_TYPE=Release -DMSABENCH_TESTS=OFF >/dev/null
cmake --build build/release -j"$(nproc)"
out="results/runs/quickstart-$(date +%Y%m%d-%H%M%S)"
status=0
./build/release/msabench run experiments/quickstart.yaml -o "$out" || status=$?
./build/release/msabench plot "$out/results.csv" -o "$out/figures" --format png
echo
echo "quickstart: results in $out/results.csv (metadata $out/meta.json), figures in $out/figures/"
exit $status
