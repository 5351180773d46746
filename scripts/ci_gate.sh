#!/bin/sh
# CPU regression gate: runs experiments/ci.yaml and compares it with the
# committed baseline (results/baseline/ci-cpu.csv) through `msabench compare`.
# CPU timings on shared 2-core machines are noisy, so:
#  - host calls are timed in process CPU time (MSABENCH_CLOCK=cpu, one OpenBLAS
#    thread), not wall time spent waiting for a core;
#  - each row's times are divided by its floor_ms, measured beside the row
#    (its FLOPs at sgemm's rate plus its bytes at a read's rate, src/floor.h),
#    so a neighbour that takes the core, cache or memory during it cancels out;
#  - the baseline holds 8 runs of the sweep, the last 4 beside two co-runners
#    (--base-runs): a row's bound covers the spread of their medians, the
#    run-to-run noise that one run's CV cannot show (2-21% per row now; the
#    row that once reached 127%, full decode with 8 MiB of strided K/V, is gone
#    from ci.yaml, which says why);
#  - a row is SLOW only when a Mann-Whitney test and the threshold both say so,
#    and only when the same row is SLOW in two runs in a row.
#   scripts/ci_gate.sh [MSABENCH] [extra compare options]
#   scripts/ci_gate.sh --make-baseline [MSABENCH] [RUNS=8]  (writes results/baseline/ci-cpu.*)
# Make the baseline with the ci preset's binary (what CI runs), on an idle machine.
# MSABENCH_GATE_OUT=DIR keeps the runs; MSABENCH_GATE_THRESHOLD overrides 60%.
set -eu
cd "$(dirname "$0")/.."
. scripts/corunners.sh
make_base=0
if [ "${1:-}" = "--make-baseline" ]; then
    make_base=1
    shift
fi
bin="${1:-build/ci/msabench}"
[ $# -gt 0 ] && shift
out="${MSABENCH_GATE_OUT:-$(mktemp -d /tmp/msabench_gate_XXXXXX)}"
export MSABENCH_CLOCK=cpu OPENBLAS_NUM_THREADS=1 MSABENCH_THREADS=1

if [ "$make_base" = 1 ]; then
    runs="${1:-8}"
    base=results/baseline/ci-cpu
    i=1
    loaded=0
    rm -f "$out/stop"
    trap 'touch "$out/stop"' EXIT
    while [ "$i" -le "$runs" ]; do
        rm -rf "$out/base$i"
        # The second half of the runs share the machine with two co-runners
        # (three jobs on two cores), as loaded CI hosts do, so a row that
        # neighbours slow gets a spread, and a bound, to match.
        if [ "$loaded" = 0 ] && [ $((2 * i)) -gt "$runs" ]; then
            corunners_start "$bin" 2 "$out"
            loaded=1
        fi
        "$bin" run experiments/ci.yaml -o "$out/base$i" --quiet
        if [ "$i" = 1 ]; then
            cp "$out/base1/results.csv" "$base.csv"
            cp "$out/base1/meta.json" "$base.meta.json"
        else
            tail -n +2 "$out/base$i/results.csv" >>"$base.csv"
        fi
        i=$((i + 1))
    done
    touch "$out/stop"
    wait # the co-runners finish their sweeps and stop
    echo "ci_gate: $base.csv holds $runs runs of experiments/ci.yaml (the last $((runs - runs / 2)) beside two co-runners)"
    exit 0
fi

extra="$*"
# gate DIR: runs the sweep, compares; the verdict table goes to DIR.txt too.
gate() {
    rm -rf "$1"
    "$bin" run experiments/ci.yaml -o "$1" --quiet || return 2
    # --force: CI machines' CPU models vary; the normalization carries the comparison.
    rc=0
    "$bin" compare results/baseline/ci-cpu.csv "$1/results.csv" --normalize --force --base-runs \
        --threshold "${MSABENCH_GATE_THRESHOLD:-60%}" $extra >"$1.txt" || rc=$?
    cat "$1.txt"
    return "$rc"
}
# "method/backend/variant key" of the rows with verdict $2 in table $1
rows() { awk -v v="$2" '$8 == v { print $1, $9 }' "$1" | sort; }

# check N: gate run N; exits on a pass, an input error or a FAILED row.
check() {
    rc=0
    gate "$out/run$1" || rc=$?
    [ "$rc" = 0 ] && exit 0
    [ "$rc" = 2 ] && exit 2
    if [ -n "$(rows "$out/run$1.txt" FAILED)" ]; then
        echo "ci_gate: FAILED rows (an ok row now fails) above" >&2
        exit 1
    fi
    rows "$out/run$1.txt" SLOW >"$out/slow$1"
}
check 1
# One-off contention fails one run; a real regression fails the same row twice.
echo "ci_gate: SLOW rows above; running the sweep again to confirm" >&2
check 2
both=$(comm -12 "$out/slow1" "$out/slow2")
if [ -n "$both" ]; then
    echo "ci_gate: SLOW in both runs:" >&2
    printf '%s\n' "$both" >&2
    exit 1
fi
echo "ci_gate: no row was SLOW in both runs (one-off noise): pass" >&2
exit 0
