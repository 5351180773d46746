# run18 call 1 (prepared, not run; staged by results/gpu/run18/stage.sh, carry .gpu-run; any
# card, timings labelled with it; ~6 min):
#  1. test_gpu_msa_fp8 (ws8 and ws8_uni scores) and the three ws8 plants (run17 call 4's);
#  2. bigbird/cuda/ws: test_gpu_msa's bbw cases, one under compute-sanitizer memcheck, and its
#     two plants (bigbird_ws_last_block, bigbird_ws_mask), which must fail them;
#  3. the MSA index alone at 1M and 128K, versions 9 (ws_rs_uni), 10 (ws8), 11 (ws8_uni);
#  4. bigbird at 128K, paper shape (experiments/frontier_peers.yaml): q_outer and ws timed in
#     one sweep, then FlexAttention on the identical selection (frontier.sh peers), and
#     summary.py's section 7 (peer / ours, the fastest variant named).
# Predicted (NOTES "bigbird/cuda/ws"): ws ~15.5 ms at 128K (~550 useful TFLOP/s), 4.5x
# q_outer (69.3 ms) and ~1.5x flex (23.7 ms, run10); ws8_uni 700-800 TFLOP/s at 1M (run17).
CALL_S=${CALL_S:-420}
. scripts/gpu/call_prelude.sh
nvidia-smi --query-gpu=name,driver_version,clocks.max.sm --format=csv,noheader
step fp8; timeout $(left 90) $T/test_gpu_msa_fp8 > $OUT/fp8.log 2>&1; echo rc=$?
grep -E "block scores|PASSED|FAILED" $OUT/fp8.log | tail -12
step bbw; timeout $(left 60) $T/test_gpu_msa bbw > $OUT/bbw.log 2>&1; echo rc=$?
grep -E "bigbird|PASSED|FAILED" $OUT/bbw.log | tail -14
step memcheck
timeout $(left 90) compute-sanitizer --tool memcheck $T/test_gpu_msa bbw-g4-n1000 > $OUT/bbw_memcheck.log 2>&1
echo rc=$?; grep -E "ERROR SUMMARY|PASSED|FAILED" $OUT/bbw_memcheck.log | tail -3
step plant; OUT=$OUT timeout $(left 150) sh scripts/gpu/plant.sh run 2>&1 | tail -7
step index
for n in 1048576 131072; do for v in 9 10 11; do
    timeout $(left 30) $T/test_gpu_bench_msa index1 $n $v 2 | grep index1; done; done
step bigbird
PEER_METHODS=bigbird FLEX_METHODS=bigbird OUT=$OUT timeout $(left 200) \
    sh scripts/gpu/frontier.sh peers export flex clean > $OUT/bigbird_peers.log 2>&1; echo rc=$?
grep -E "bigbird|rows:" $OUT/bigbird_peers.log | tail -8; sed -n '/## 7/,/^$/p' $OUT/bigbird_peers.log
step end
