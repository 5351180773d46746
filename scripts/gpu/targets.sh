#!/bin/sh
# The target runs (issue 7, and issue 16's six Hopper targets): every target's ratio against
# its peer, each measured in the same call on the same card.  Stages (all by default, in
# this order; issue 16's target numbers in brackets):
#   msa     experiments/gpu_targets.yaml (paper shape, flash and MSA, 16K..1M) with the
#           torch dense and index+topk peers at the same points        (issue 7: 3, 4, 5; [2, 4],
#           and [1] at Hq 64, [3] without a peer where peer / flex are missing)
#   flex    experiments/gpu_flex.yaml with --export, then FlexAttention on MSA's own
#           selection (scripts/peers/flex_peer.py)                     (issue 7: 2; [3])
#   decode  batch 1 and 32 at 1M: torch peers, msabench's rows (B=32 says why it
#           cannot stage), tests/gpu/test_gpu_bench_decode full        (issue 7: 5; [5])
#   peer    SPEC 9's peer shape (Hq=32 and 64): our flash vs torch FA2 / cuDNN (issue 7: 1, 6; [1])
#   regress scripts/gpu/regress.sh into $OUT/regress: its rows, and `msabench compare`
#           against this card's baseline kept as regress/regress.txt   ([6])
#   tests   every tests/gpu program (test_gpu_*; the bench ones in their quick mode),
#           one log each in $OUT/tests/
#   e2e     (not in the default list) experiments/gpu_msa_e2e.yaml: MSA kv_outer_wgmma and
#           kv_outer_wgp, 16K..1M, then the torch peers (cuDNN and FA2 too: --dense-all);
#           msa's [3, 4] rows in ~5 minutes, not its [1, 2]
#   here:  sh scripts/gpu/stage.sh && sh scripts/gpu/targets.sh prepare
#   there: OUT=$OUT sh scripts/gpu/targets.sh run [STAGE ...]   (device tool, carry [".gpu-run"])
#   here:  sh scripts/gpu/targets.sh table OUTDIR [--regress FILE|DIR]
#          issue 16's table (scripts/gpu/hopper_table.py): each target's figure, its peer
#          from the same folder, the ratio and the verdict; "not measured" for a missing stage
# Each stage writes $OUT/<stage>/ (results.csv, peers.csv, meta.json, and copy_bw.txt,
# bench.txt or regress.txt) and prints its tables (scripts/gpu/summary.py).  Peers first, so
# a call cut short still has them; msabench writes rows as it goes.  The device tool
# allows 10 minutes a call, so a full run is several calls into one $OUT, one or two stages
# each: every ratio is taken within one stage's folder (ours and the peer in the same call),
# never across calls.  run5 ran `run msa`, then `run flex decode`.  Issue 16's run:
#   call 1: run msa         (run5: 8 min, 3 of them torch peers)         targets 2, 4
#   call 2: run flex decode (run5: 5 min of flex, then decode)          targets 3, 5
#   call 3: run peer                                                     target 1
#   call 4: run regress     (run9: 5 min of msabench, then the peers)    target 6
#   (an H100 compares with results/baseline/gpu-h100.csv, an H200 with gpu-h200.csv)
#   then, here: targets.sh table $OUT   (tests: `run tests` in a call of its own)
# The tool brings back at most 8 files from $OUT: pack more (tar) before the call ends.
set -u
case "${1:-}" in
prepare)
    bin="${MSABENCH:-build/dev/msabench}"
    # a fresh folder each time: msabench never overwrites an earlier estimate's rows, so a
    # fixed one kept the first sweep's point list after the YAML changed
    tmp=$(mktemp -d) || exit 1
    for s in gpu_targets gpu_peer gpu_decode_b32 gpu_msa_e2e; do
        "$bin" estimate "experiments/$s.yaml" -o "$tmp/$s" >/dev/null 2>&1 &&
            cp "$tmp/$s/results.csv" ".gpu-run/est_$s.csv" ||
            { echo "targets.sh: estimate of experiments/$s.yaml failed" >&2; rm -rf "$tmp"; exit 1; }
    done
    rm -rf "$tmp"
    echo "targets.sh: point lists staged in .gpu-run/" ;;
run)
    shift
    . scripts/gpu/unpack.sh
    OUT="${OUT:-./gpu-out}"
    export LD_LIBRARY_PATH="$PWD/.gpu-run:${LD_LIBRARY_PATH:-}"
    py() { PYTHONUNBUFFERED=1 python3 "$@"; }
    nvidia-smi --query-gpu=name,memory.total,clocks.max.sm,driver_version --format=csv,noheader
    for stage in ${*:-msa flex decode peer regress tests}; do
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
        e2e)
            # targets 3 and 4 alone (experiments/gpu_msa_e2e.yaml): ours first, then the peers;
            # FA2 is left at 1M (predicted ~57 s), cuDNN runs there (~37 s)
            ./.gpu-run/msabench run experiments/gpu_msa_e2e.yaml -o "$d" --quiet 2>&1 | tail -3
            # (--dense-all: the sweep has no dense rows of ours, and cuDNN is target 4's peer;
            # run15 call 1 ran without it and got the index peers alone)
            py scripts/peers/peers.py .gpu-run/est_gpu_msa_e2e.csv "$d/peers.csv" --timeout 5 --max-pred 31 --dense-all 2>&1 | tail -3 ;;
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
        regress)
            # regress.sh writes its rows into $d and prints compare's verdicts, which
            # hopper_table.py reads from regress.txt (target 6); its exit status goes in too
            { OUT="$d" sh scripts/gpu/regress.sh; echo "regress.sh exit $?"; } 2>&1 | tee "$d/regress.txt"
            continue ;;
        decode)
            py scripts/peers/peers.py .gpu-run/est_gpu_decode_b32.csv "$d/peers.csv" --timeout 5 --no-bw 2>&1 | tail -3
            ./.gpu-run/msabench run experiments/gpu_decode_b32.yaml -o "$d" --quiet 2>&1 | tail -3
            ./.gpu-run/tests/test_gpu_bench_decode full 2>&1 | tee "$d/bench.txt" ;;
        *)
            echo "targets.sh: unknown stage '$stage'" >&2; exit 2 ;;
        esac
        py scripts/gpu/summary.py "$d"
    done ;;
table)
    shift
    [ $# -ge 1 ] || { echo "usage: $0 table OUTDIR [--regress FILE|DIR]" >&2; exit 2; }
    exec python3 scripts/gpu/hopper_table.py "$@" ;;
*)
    echo "usage: $0 prepare | run [msa|flex|decode|peer|regress|tests|e2e ...] | table OUTDIR [--regress FILE|DIR]" >&2
    exit 2 ;;
esac
