#!/bin/sh
# CPU regression gate: runs experiments/ci.yaml and compares it with the
# committed baseline (results/baseline/ci-cpu.csv) through `msabench compare`.
# CPU timings on shared 2-core machines are noisy, so times are normalized by
# an OpenBLAS sgemm timed in the same run (--normalize), and a row is SLOW only
# when a Mann-Whitney test and the threshold both say so.
#   scripts/ci_gate.sh [MSABENCH] [extra compare options]
# MSABENCH_GATE_OUT=DIR keeps the run; MSABENCH_GATE_THRESHOLD overrides 25%.
set -eu
cd "$(dirname "$0")/.."
bin="${1:-build/ci/msabench}"
[ $# -gt 0 ] && shift
out="${MSABENCH_GATE_OUT:-$(mktemp -d /tmp/msabench_gate_XXXXXX)}"
"$bin" run experiments/ci.yaml -o "$out" --quiet
# --force: CI machines' CPU models vary; normalization carries the comparison.
"$bin" compare results/baseline/ci-cpu.csv "$out/results.csv" --normalize --force \
    --threshold "${MSABENCH_GATE_THRESHOLD:-25%}" "$@"
