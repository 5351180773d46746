#!/bin/sh
# How trustworthy is the CPU regression gate?  Runs scripts/ci_gate.sh N times on
# the unchanged tree (every SLOW there is a false alarm), then once with a planted
# 2x slowdown of one kernel (MSABENCH_PLANT_SLOWDOWN=flash/cpu runs it twice per
# call), which the gate must catch.  Prints one line per run and a tally.
# With CORUNNERS > 0, that many copies of the sweep loop beside every run, as
# on a loaded CI host (2 cores: 2 co-runners make three jobs on two cores).
# MSABENCH_SELFTEST_PLANT=method/backend picks the planted kernel (flash/cpu).
#   scripts/gate_selftest.sh [N] [MSABENCH] [CORUNNERS]
set -u
cd "$(dirname "$0")/.."
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
