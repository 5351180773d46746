# run18 call 2 (after call1.sh, on the same warm machine; or alone with .gpu-run carried):
#  1. the MSA index alone at 1M and 128K, versions 9 (ws_rs_uni), 10 (ws8), 11 (ws8_uni);
#  2. bigbird and nsa at 128K, paper shape (experiments/frontier_peers.yaml): bigbird q_outer
#     and ws, nsa tc and ws timed in one sweep, then FlexAttention on the identical selections
#     (frontier.sh peers), and summary.py's section 7 (peer / ours, the fastest variant named).
# Predicted (NOTES "run18"): bigbird ws ~15.5 ms (~1.5x flex's 23.7, run10); nsa ws ~20 ms
# main branch (~2.7x flex's 54.6, run9 H200); ws8_uni 700-800 TFLOP/s at 1M (run17).
CALL_S=${CALL_S:-420}
. scripts/gpu/call_prelude.sh
nvidia-smi --query-gpu=name,driver_version,clocks.max.sm --format=csv,noheader
step index
for n in 1048576 131072; do for v in 9 10 11; do
    timeout $(left 30) $T/test_gpu_bench_msa index1 $n $v 2 | grep index1; done; done
step peers
PEER_METHODS="bigbird, nsa" FLEX_METHODS=bigbird,nsa OUT=$OUT timeout $(left 300) \
    sh scripts/gpu/frontier.sh peers export flex clean > $OUT/peers.log 2>&1; echo rc=$?
grep -E "bigbird|nsa|rows:" $OUT/peers.log | tail -10; sed -n '/## 7/,/^$/p' $OUT/peers.log
step end
