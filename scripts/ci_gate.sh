#!/bin/sh
# CPU regression gate: runs experiments/ci.yaml and compares it with the
# committed baseline (results/baseline/ci-cpu.csv) through `msabench compare`.
# CPU timings on shared 2-core machines are noisy: the gate times the CPU time
# the process spends (MSABENCH_CLOCK=cpu, one OpenBLAS thread), not the wall
# time spent waiting for a core; times are normalized by an OpenBLAS sgemm
# timed the same way in the same run (--normalize); and a row is SLOW only when
# a Mann-Whitney test and the threshold both say so.  The baseline is made with
#   MSABENCH_CLOCK=cpu OPENBLAS_NUM_THREADS=1 MSABENCH_THREADS=1 \
#     build/ci/msabench run experiments/ci.yaml -o DIR
# with the ci preset's binary (what CI runs), then DIR/results.csv is copied to
# results/baseline/ci-cpu.csv and DIR/meta.json to results/baseline/ci-cpu.meta.json.
#   scripts/ci_gate.sh [MSABENCH] [extra compare options]
# MSABENCH_GATE_OUT=DIR keeps the runs; MSABENCH_GATE_THRESHOLD overrides 60%.
set -eu
cd "$(dirname "$0")/.."
bin="${1:-build/ci/msabench}"
[ $# -gt 0 ] && shift
out="${MSABENCH_GATE_OUT:-$(mktemp -d /tmp/msabench_gate_XXXXXX)}"
export MSABENCH_CLOCK=cpu OPENBLAS_NUM_THREADS=1 MSABENCH_THREADS=1
extra="$*"
gate() {
    rm -rf "$1"
    "$bin" run experiments/ci.yaml -o "$1" --quiet || return 2
    # --force: CI machines' CPU models vary; the normalization carries the comparison.
    "$bin" compare results/baseline/ci-cpu.csv "$1/results.csv" --normalize --force \
        --threshold "${MSABENCH_GATE_THRESHOLD:-60%}" $extra
}
# A slowdown must show in two runs in a row: one-off contention (another job's
# memory traffic inflates even CPU time) fails one run, a real regression both.
if gate "$out/run1"; then
    exit 0
fi
echo "ci_gate: SLOW or FAILED rows above; running the sweep again to confirm" >&2
gate "$out/run2"
