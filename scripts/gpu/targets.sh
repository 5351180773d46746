#!/bin/sh
# The issue-7 target run: every target's ratio against its peer, each measured in
# the same call on the same card.  Stages (all by default, in this order):
#   msa     experiments/gpu_targets.yaml (paper shape, flash and MSA, 16K..1M) with the
#           torch dense and index+topk peers at the same points              (targets 3, 4, 5)
#   flex    experiments/gpu_flex.yaml with --export, then FlexAttention on MSA's own
#           selection (scripts/peers/flex_peer.py)                           (target 2)
#   decode  batch 1 and 32 at 1M: torch peers, msabench's rows (B=32 says why it
#           cannot stage), tests/gpu/test_gpu_bench_decode full              (target 5)
#   peer    SPEC 9's peer shape (Hq=32): our flash vs torch FA2 / cuDNN     (targets 1, 6)
#   tests   every tests/gpu program (test_gpu_*; the bench ones in their quick mode),
#           one log each in $OUT/tests/
#   here:  sh scripts/gpu/stage.sh && sh scripts/gpu/targets.sh prepare
#   there: OUT=$OUT sh scripts/gpu/targets.sh run [STAGE ...]   (device tool, carry [".gpu-run"])
# Each stage writes $OUT/<stage>/ (results.csv, peers.csv, meta.json, and copy_bw.txt
# or bench.txt) and prints its tables (scripts/gpu/summary.py).  Peers first, so a
# call cut short still has them; msabench writes rows as it goes.  The device tool
# allows 10 minutes a call, so the committed run (results/gpu/run5) ran the stages
# in calls of `run msa` and `run flex decode` (`run peer tests` was planned third).
# The tool brings back at most 8 files from $OUT: pack more (tar) before the call ends.
set -u
case "${1:-}" in
prepare)
    bin="${MSABENCH:-build/dev/msabench}"
    for s in gpu_targets gpu_peer gpu_decode_b32; do
        "$bin" estimate "experiments/$s.yaml" -o "/tmp/msabench_est_$s" >/dev/null 2>&1
        cp "/tmp/msabench_est_$s/results.csv" ".gpu-run/est_$s.csv"
    done
    echo "targets.sh: point lists staged in .gpu-run/" ;;
run)
    shift
    . scripts/gpu/unpack.sh
    OUT="${OUT:-./gpu-out}"
    export LD_LIBRARY_PATH="$PWD/.gpu-run:${LD_LIBRARY_PATH:-}"
    py() { PYTHONUNBUFFERED=1 python3 "$@"; }
    nvidia-smi --query-gpu=name,memory.total,clocks.max.sm,driver_version --format=csv,noheader
    for stage in ${*:-msa flex decode peer tests}; do
        d="$OUT/$stage"
        mkdir -p "$d"
        echo "== $stage ($(date -u +%H:%M:%S))"
        case "$stage" in
        peer)
            py scripts/peers/peers.py .gpu-run/est_gpu_peer.csv "$d/peers.csv" --timeout 5 2>&1 | tail -3
            ./.gpu-run/msabench run experiments/gpu_peer.yaml -o "$d" --quiet 2>&1 | tail -3 ;;
        msa)
            py scripts/peers/peers.py .gpu-run/est_gpu_targets.csv "$d/peers.csv" --timeout 5 --max-pred 35 2>&1 | tail -3
            ./.gpu-run/msabench run experiments/gpu_targets.yaml -o "$d" --quiet 2>&1 | tail -5 ;;
        tests)
            # every tests/gpu program; the bench ones with no argument are their quick smoke
            for p in ./.gpu-run/tests/test_gpu_*; do
                t=$(basename "$p") t0=$(date +%s)
                "$p" >"$d/$t.log" 2>&1
                rc=$? dt=$(($(date +%s) - t0))
                case $rc in
                0) echo "$t: ok (${dt} s)" ;;
                77) echo "$t: SKIPPED (no GPU?)" ;;
                *) echo "$t: FAILED (exit $rc, ${dt} s)"; tail -20 "$d/$t.log" ;;
                esac
            done
            continue ;;
        flex)
            ex=/tmp/msabench_export
            rm -rf "$ex"
            ./.gpu-run/msabench run experiments/gpu_flex.yaml -o "$d" --export "$ex" --quiet 2>&1 | tail -3
            py scripts/peers/flex_peer.py "$ex" "$d/results.csv" "$d/peers.csv" --timeout 8 2>&1 | tail -8 ;;
        decode)
            py scripts/peers/peers.py .gpu-run/est_gpu_decode_b32.csv "$d/peers.csv" --timeout 5 --no-bw 2>&1 | tail -3
            ./.gpu-run/msabench run experiments/gpu_decode_b32.yaml -o "$d" --quiet 2>&1 | tail -3
            ./.gpu-run/tests/test_gpu_bench_decode full 2>&1 | tee "$d/bench.txt" ;;
        *)
            echo "targets.sh: unknown stage '$stage'" >&2; exit 2 ;;
        esac
        py scripts/gpu/summary.py "$d"
    done ;;
*)
    echo "usage: $0 prepare | run [msa|flex|decode|peer|tests ...]" >&2; exit 2 ;;
esac
