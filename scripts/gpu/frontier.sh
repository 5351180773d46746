#!/bin/sh
# frontier.sh - issue 15's frontier: every selection method on CUDA (msa, bigbird, nsa, moba,
# dsa, quest decode) and flash as dense, paper shape, 128K / 256K / 1M, three budgets each,
# structured data (index_noise 0.5), experiments/frontier.yaml,
# with the torch SDPA flash and cuDNN peers (scripts/peers/peers.py) at the same points in the
# same call.  Same staging as the other scripts/gpu/*.sh:
#   here:  sh scripts/gpu/stage.sh && sh scripts/gpu/frontier.sh prepare
#   there: OUT=$OUT sh scripts/gpu/frontier.sh run [N]   (device tool, carry [".gpu-run"]);
#          N (131072, 262144 or 1048576) runs that context length alone, into
#          $OUT/frontier-N: one call per length when all three do not fit one 10-minute call
#   here:  copy $OUT/frontier*/{results.csv,peers.csv,meta.json} to results/gpu/frontier/, then
#          msabench plot results/gpu/frontier[-N]   (figures/frontier-<mode>-N<seq_len>.*) and
#          msabench report results/gpu/frontier[-N] --tables frontier
# Peers first, so a call cut short still has them; msabench writes every row as it finishes.
set -u
case "${1:-}" in
prepare)
    bin="${MSABENCH:-build/gpu/msabench}"
    "$bin" estimate experiments/frontier.yaml -o /tmp/msabench_est_frontier --force >/dev/null 2>&1
    cp /tmp/msabench_est_frontier/results.csv .gpu-run/est_frontier.csv
    echo "frontier.sh: point list staged in .gpu-run/est_frontier.csv" ;;
run)
    . scripts/gpu/unpack.sh
    OUT="${OUT:-./gpu-out}"
    export LD_LIBRARY_PATH="$PWD/.gpu-run:${LD_LIBRARY_PATH:-}"
    nvidia-smi --query-gpu=name,memory.total,clocks.max.sm,driver_version --format=csv,noheader
    y=experiments/frontier.yaml
    est=.gpu-run/est_frontier.csv
    d="$OUT/frontier"
    if [ -n "${2:-}" ]; then
        d="$OUT/frontier-$2"
        y=/tmp/frontier_$2.yaml
        sed "s/seq_len: \[131072, 262144, 1048576\]/seq_len: $2/" experiments/frontier.yaml >"$y"
        est=/tmp/est_frontier_$2.csv
        awk -F, -v n="$2" 'NR == 1 { for (i = 1; i <= NF; i++) if ($i == "seq_len") c = i; print; next }
                           $c == n' .gpu-run/est_frontier.csv >"$est"
    fi
    mkdir -p "$d"
    if [ -f "$est" ]; then
        PYTHONUNBUFFERED=1 python3 scripts/peers/peers.py "$est" "$d/peers.csv" --timeout 5 \
            --max-pred 35 2>&1 | tail -3
    else
        echo "frontier.sh: no $est (run 'frontier.sh prepare' here first): no torch peers"
    fi
    ./.gpu-run/msabench run "$y" -o "$d" --force --quiet 2>&1 | tail -5
    python3 scripts/gpu/summary.py "$d" ;;
*)
    echo "usage: $0 prepare | run [N]   (run: on the GPU machine, after stage.sh + prepare here)" >&2
    exit 2 ;;
esac
