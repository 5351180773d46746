#!/bin/sh
# How trustworthy is the CPU regression gate?  Runs scripts/ci_gate.sh N times on
# the unchanged tree (every SLOW there is a false alarm), then once with a planted
# 2x slowdown of one kernel (MSABENCH_PLANT_SLOWDOWN=flash/cpu runs it twice per
# call), which the gate must catch.  Prints one line per run and a tally.
# With CORUNNERS > 0, that many copies of the sweep loop beside every run, as
# on a loaded CI host (2 cores: 2 co-runners make three jobs on two cores).
# MSABENCH_SELFTEST_PLANT=method/backend picks the planted kernel (flash/cpu).
#   scripts/gate_selftest.sh [N] [MSABENCH] [CORUNNERS]
#
#   scripts/gate_selftest.sh icount [N] [MSABENCH_ICOUNT]
# does the same for the instruction-count gate (scripts/icount_gate.sh): N
# runs on the unchanged tree (every FAIL a false alarm), then N runs of a build
# with MSABENCH_PLANT_EXTRA=ON (flash/cpu computes 1/16 of a prefill tile's
# scores twice: +5.0% instructions on flash-cpu-prefill), each of which must
# fail; it prints the gate's wall time per run (its CI cost).
set -u
cd "$(dirname "$0")/.."
if [ "${1:-}" = icount ]; then
    n="${2:-10}"; bin="${3:-build/ci/msabench_icount}"
    plant_dir=build/icount-plant
    echo "selftest: building the planted driver in $plant_dir (MSABENCH_PLANT_EXTRA=ON, no CUDA)"
    cmake -S . -B "$plant_dir" -DCMAKE_BUILD_TYPE=Release -DMSABENCH_CUDA=OFF -DMSABENCH_TESTS=OFF \
        -DMSABENCH_PLANT_EXTRA=ON >/dev/null && cmake --build "$plant_dir" -j"$(nproc)" \
        --target msabench_icount >/dev/null || { echo "selftest: planted build failed"; exit 1; }
    false_alarms=0 caught=0 i=1 tsum=0 tmax=0
    while [ "$i" -le "$n" ]; do
        t0=$(date +%s)
        out=$(sh scripts/icount_gate.sh --bin "$bin" 2>&1); rc=$?
        t=$(($(date +%s) - t0)); tsum=$((tsum + t)); [ "$t" -gt "$tmax" ] && tmax=$t
        echo "unchanged run $i: exit $rc, ${t}s; $(printf '%s\n' "$out" | grep '^summary')"
        [ "$rc" -ne 0 ] && false_alarms=$((false_alarms + 1))
        i=$((i + 1))
    done
    i=1
    while [ "$i" -le "$n" ]; do
        out=$(sh scripts/icount_gate.sh --bin "$plant_dir/msabench_icount" 2>&1); rc=$?
        echo "planted run $i: exit $rc; $(printf '%s\n' "$out" | grep ' FAIL' | cut -c1-80)"
        [ "$rc" -eq 1 ] && printf '%s\n' "$out" | grep -q '^flash-cpu-prefill .* FAIL' &&
            caught=$((caught + 1))
        i=$((i + 1))
    done
    echo "tally: $false_alarms false alarms in $n unchanged runs; planted +5% on flash/cpu caught" \
        "in $caught/$n runs; gate wall time mean $((tsum / n)) s, max $tmax s ($(nproc) cores)"
    [ "$false_alarms" -eq 0 ] && [ "$caught" -eq "$n" ]
    exit $?
fi
n="${1:-10}"; bin="${2:-build/dev/msabench}"; load="${3:-0}"
. scripts/corunners.sh
co=$(mktemp -d /tmp/msabench_selftest_XXXXXX)
trap 'touch "$co/stop"; wait; rm -rf "$co"' EXIT
corunners_start "$bin" "$load" "$co"
[ "$load" -gt 0 ] && echo "selftest: $load co-runner(s) looping experiments/ci.yaml beside every run"
false_alarms=0
i=1
while [ "$i" -le "$n" ]; do
    out=$(sh scripts/ci_gate.sh "$bin" 2>&1); rc=$?
    slow=$(printf '%s\n' "$out" | grep -c ' SLOW ')
    echo "unchanged run $i: exit $rc, SLOW rows $slow; $(printf '%s\n' "$out" | grep '^summary')"
    [ "$rc" -ne 0 ] && false_alarms=$((false_alarms + 1))
    i=$((i + 1))
done
plant="${MSABENCH_SELFTEST_PLANT:-flash/cpu}"
out=$(MSABENCH_PLANT_SLOWDOWN="$plant" sh scripts/ci_gate.sh "$bin" 2>&1); rc=$?
echo "planted 2x $plant: exit $rc; SLOW rows:"
printf '%s\n' "$out" | grep ' SLOW ' | cut -c1-90
printf '%s\n' "$out" | grep '^summary'
echo "tally: $false_alarms false alarms in $n unchanged runs; planted slowdown $( [ $rc -ne 0 ] && echo caught || echo MISSED )"
