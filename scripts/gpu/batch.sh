#!/bin/sh
# Runs several GPU scripts in one device call and brings every file back, whatever their
# number: the device tool returns at most 8 files, so each step writes under a work folder
# and the lot is packed into $OUT/batch.tgz at the end (also after a step hits its cap).
#   OUT=$OUT sh scripts/gpu/batch.sh CAP_S 'step command' ['step command' ...]
# Each step runs with OUT set to its own folder (step1, step2, ...) and is cut at CAP_S
# seconds; its output goes to stepN.log and the end of it to $OUT/log.txt.
set -u
OUT="${OUT:-./gpu-out}"
cap="$1"; shift
W="${TMPDIR:-/tmp}/msabench-batch.$$"
mkdir -p "$W" "$OUT"
n=0
for step in "$@"; do
    n=$((n + 1))
    mkdir -p "$W/step$n"
    echo "== step$n: $step" | tee -a "$OUT/log.txt"
    t0=$(date +%s)
    OUT="$W/step$n" timeout -k 5 "$cap" sh -c "$step" >"$W/step$n.log" 2>&1
    rc=$?
    tail -25 "$W/step$n.log" >>"$OUT/log.txt"
    echo "== step$n: rc=$rc, $(( $(date +%s) - t0 )) s" | tee -a "$OUT/log.txt"
done
tar -czf "$OUT/batch.tgz" -C "$W" . && echo "batch: $(du -h "$OUT/batch.tgz" | cut -f1) packed"
