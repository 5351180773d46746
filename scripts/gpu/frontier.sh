#!/bin/sh
# frontier.sh - issue 15's frontier: every selection method on CUDA (msa, bigbird, nsa, moba,
# dsa, quest decode) and flash as dense, paper shape, 128K / 256K / 1M, three budgets each,
# structured data (index_noise 0.5), experiments/frontier.yaml,
# with the torch SDPA flash and cuDNN peers (scripts/peers/peers.py) at the same points in the
# same call.  Same staging as the other scripts/gpu/*.sh:
#   here:  sh scripts/gpu/stage.sh && sh scripts/gpu/frontier.sh prepare
#   there: OUT=$OUT sh scripts/gpu/frontier.sh run [N]   (device tool, carry [".gpu-run"]);
#          N (131072, 262144 or 1048576) runs that context length alone (256K and 1M at the
#          middle budget only), into
#          $OUT/frontier-N: one call per length when all three do not fit one 10-minute call;
#          FRONTIER_RESUME=1 with a cut call's folder copied to $OUT/frontier-N keeps its rows
#   there: OUT=$OUT sh scripts/gpu/frontier.sh all   (run, then peers: one command; every
#          length at all three budgets, ~45 minutes at run9's speeds on an H200, so on the
#          device tool the per-length calls below)
#   here:  copy $OUT/frontier*/{results.csv,peers.csv,meta.json} to results/gpu/frontier/, then
#          msabench plot results/gpu/frontier[-N]   (figures/frontier-<mode>-N<seq_len>.*) and
#          msabench report results/gpu/frontier[-N] --tables frontier
#   there: OUT=$OUT sh scripts/gpu/frontier.sh peers [STEP ...]   (carry: see below)
#          the outside peers on the identical selections at 128K (experiments/frontier_peers.yaml)
#          into $OUT/frontier-peers.  Steps, all by default, in this order:
#            export  msabench on the yaml with --export (q alone is 2 GiB per method: the
#                    exports live in /tmp on the GPU machine, never in $OUT)
#            flex    FlexAttention, <m>/torch/flex_identical (scripts/peers/flex_peer.py)
#            fsa     flash-sparse-attn from .whl/, <m>/fsa/identical (scripts/peers/fsa_peer.py)
#            clean   delete the exports
#          Each step under `timeout`, each peer with a time budget (FLEX_BUDGET, FSA_BUDGET s, default
#          100 for flex, 60 for fsa) past which its remaining points are skipped rows, methods in
#          the order of FLEX_METHODS / FSA_METHODS (PEER_METHODS="nsa, moba" exports only
#          those); a warm machine keeps /tmp, so `peers export
#          flex` and `peers fsa clean` may be two calls.  Carry only the fsa wheel of .whl/
#          (flashinfer's is 101 MB): carry [".gpu-run", ".whl/flash_sparse_attn-2.0.6-py3-none-any.whl"].
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
    if [ ! -f .gpu-run/est_frontier.csv ]; then # nothing staged: the point list from this build
        ./.gpu-run/msabench estimate experiments/frontier.yaml -o /tmp/msabench_est_frontier \
            --force >/dev/null 2>&1 && cp /tmp/msabench_est_frontier/results.csv .gpu-run/est_frontier.csv
    fi
    nvidia-smi --query-gpu=name,memory.total,clocks.max.sm,driver_version --format=csv,noheader
    y=experiments/frontier.yaml
    est=.gpu-run/est_frontier.csv
    d="$OUT/frontier"
    if [ -n "${2:-}" ]; then
        d="$OUT/frontier-$2"
        y=/tmp/frontier_$2.yaml
        sed "s/seq_len: \[131072, 262144, 1048576\]/seq_len: $2/" experiments/frontier.yaml >"$y"
        # 256K and 1M: the middle budget only (k 16, 2048 tokens, 3+2+11 blocks); at 1M the
        # cuDNN peer is one ~38 s sample per budget, and three of everything do not fit a
        # 10-minute call; 128K has all three budgets (the budget curve)
        if [ "$2" != 131072 ]; then
            sed -i -e 's/topk: *\[8, 16, 32\]/topk: [16]/' -e 's/dsa_tokens: *\[1024, 2048, 4096\]/dsa_tokens: [2048]/' \
                -e 's/bb_window: *\[3, 3, 3\]/bb_window: [3]/' -e 's/bb_global: *\[2, 2, 2\]/bb_global: [2]/' \
                -e 's/bb_random: *\[3, 11, 27\]/bb_random: [11]/' "$y"
        fi
        est=/tmp/est_frontier_$2.csv
        # the staged point list, cut to this length (and budget): csv, since keys hold commas
        python3 - "$2" .gpu-run/est_frontier.csv "$est" <<'PY'
import csv, sys
n, src, dst = sys.argv[1], sys.argv[2], sys.argv[3]
with open(src, newline="") as f:
    r = csv.DictReader(f)
    rows = [x for x in r if x["seq_len"] == n and (n == "131072" or x["topk"] == "16")]
    with open(dst, "w", newline="") as g:
        w = csv.DictWriter(g, r.fieldnames)
        w.writeheader()
        w.writerows(rows)
print("frontier.sh: %d staged points at N = %s" % (len(rows), n))
PY
    fi
    mkdir -p "$d"
    how=--force
    if [ -n "${FRONTIER_RESUME:-}" ] && [ -f "$d/results.csv" ]; then
        how=--resume # a cut call's rows copied into $d: keep them (and its peers) and run the rest
        echo "frontier.sh: resuming $d ($(($(wc -l <"$d/results.csv") - 1)) rows kept)"
    fi
    if [ "$how" = --resume ] && [ -f "$d/peers.csv" ]; then
        echo "frontier.sh: torch peers kept from $d/peers.csv"
    elif [ -f "$est" ]; then
        PYTHONUNBUFFERED=1 python3 scripts/peers/peers.py "$est" "$d/peers.csv" --timeout 5 \
            --max-pred 35 2>&1 | tail -3
    else
        echo "frontier.sh: no $est (run 'frontier.sh prepare' here first): no torch peers"
    fi
    ./.gpu-run/msabench run "$y" -o "$d" "$how" --quiet 2>&1 | tail -5
    python3 scripts/gpu/summary.py "$d" ;;
peers)
    shift
    . scripts/gpu/unpack.sh
    OUT="${OUT:-./gpu-out}"
    export LD_LIBRARY_PATH="$PWD/.gpu-run:${LD_LIBRARY_PATH:-}"
    d="$OUT/frontier-peers"
    ex=/tmp/msabench_export_peers
    mkdir -p "$d"
    py() { PYTHONUNBUFFERED=1 python3 "$@"; }
    nvidia-smi --query-gpu=name,memory.total,clocks.max.sm,driver_version --format=csv,noheader
    for step in ${*:-export flex fsa clean}; do
        echo "== peers $step ($(date -u +%H:%M:%S))"
        case "$step" in
        export)
            rm -rf "$ex" "$d/results.csv" "$d/peers.csv"
            py=experiments/frontier_peers.yaml
            if [ -n "${PEER_METHODS:-}" ]; then # e.g. "nsa, moba": fewer exports, less device time
                case "$PEER_METHODS" in *[!a-z,\ ]*)
                    echo "frontier.sh: PEER_METHODS: method names and commas only" >&2; exit 2 ;;
                esac
                py=/tmp/frontier_peers_some.yaml
                sed "s/^methods: .*/methods: [$PEER_METHODS]/" experiments/frontier_peers.yaml >"$py"
            fi
            timeout 240 ./.gpu-run/msabench run "$py" -o "$d" --force \
                --quiet --export "$ex" 2>&1 | tail -5
            du -sh "$ex" 2>/dev/null ;;
        flex)
            timeout 300 python3 -u scripts/peers/flex_peer.py "$ex" "$d/results.csv" "$d/peers.csv" \
                --timeout 4 --budget "${FLEX_BUDGET:-100}" --keep --append \
                --methods "${FLEX_METHODS:-msa,nsa,dsa,moba,bigbird}" 2>&1 | tail -12 ;;
        fsa)
            if ls .whl/flash_sparse_attn-*.whl >/dev/null 2>&1 &&
                python3 -m pip install -q --no-index --no-deps --no-compile --no-cache-dir \
                    --upgrade --target /tmp/site .whl/flash_sparse_attn-*.whl >/dev/null 2>&1; then
                export PYTHONPATH="/tmp/site${PYTHONPATH:+:$PYTHONPATH}"
            else
                echo "frontier.sh: no flash_sparse_attn wheel installed (carry .whl): fsa rows skipped"
            fi
            timeout 240 python3 -u scripts/peers/fsa_peer.py "$ex" "$d/results.csv" "$d/peers.csv" \
                --timeout 4 --budget "${FSA_BUDGET:-60}" --keep --append \
                --methods "${FSA_METHODS:-nsa,dsa,msa,bigbird,moba}" 2>&1 | tail -10 ;;
        clean)
            rm -rf "$ex" ;;
        *)
            echo "frontier.sh: unknown peers step '$step' (export, flex, fsa, clean)" >&2; exit 2 ;;
        esac
    done
    py scripts/gpu/summary.py "$d" ;;
all)
    # the whole frontier in one command where no call limit applies (a GPU machine of one's
    # own): every length with its torch peers, then the outside peers, into one $OUT
    sh "$0" run && sh "$0" peers ;;
*)
    echo "usage: $0 prepare | run [N] | peers [export|flex|fsa|clean ...] | all" >&2
    echo "   (run, peers: on the GPU machine, after stage.sh + prepare here)" >&2
    exit 2 ;;
esac
