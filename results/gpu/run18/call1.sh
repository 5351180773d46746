# run18 call 1 (prepared, not run; staged by results/gpu/run18/stage.sh, carry .gpu-run; any
# card; ~5 min): correctness first.
#  1. test_gpu_msa_fp8: ws8 and ws8_uni scores (run17 call 4's);
#  2. bigbird/cuda/ws: test_gpu_msa's bbw cases; nsa/cuda/ws: test_gpu_contemp's nsaw cases
#     (with its stage check: O equal across chunkings and with / without io->sel); one small
#     case of each under compute-sanitizer memcheck;
#  3. the eight plants (three ws8, two bigbird ws, three nsa ws), each of which must fail.
# call2.sh times them on the same warm machine.
CALL_S=${CALL_S:-420}
. scripts/gpu/call_prelude.sh
nvidia-smi --query-gpu=name,driver_version,clocks.max.sm --format=csv,noheader
step fp8; timeout $(left 90) $T/test_gpu_msa_fp8 > $OUT/fp8.log 2>&1; echo rc=$?
grep -E "block scores|PASSED|FAILED" $OUT/fp8.log | tail -12
step bbw; timeout $(left 60) $T/test_gpu_msa bbw > $OUT/bbw.log 2>&1; echo rc=$?
grep -E "bigbird|PASSED|FAILED" $OUT/bbw.log | tail -14
step nsaw; timeout $(left 90) $T/test_gpu_contemp nsaw > $OUT/nsaw.log 2>&1; echo rc=$?
grep -E "nsaw|stages|PASSED|FAILED" $OUT/nsaw.log | tail -16
step memcheck
timeout $(left 60) compute-sanitizer --tool memcheck $T/test_gpu_msa bbw-g4-n1000 > $OUT/bbw_memcheck.log 2>&1
echo rc=$?; grep -E "ERROR SUMMARY|PASSED|FAILED" $OUT/bbw_memcheck.log | tail -3
timeout $(left 60) compute-sanitizer --tool memcheck $T/test_gpu_contemp nsaw-g4-n1000 > $OUT/nsaw_memcheck.log 2>&1
echo rc=$?; grep -E "ERROR SUMMARY|PASSED|FAILED" $OUT/nsaw_memcheck.log | tail -3
step plant; OUT=$OUT timeout $(left 200) sh scripts/gpu/plant.sh run 2>&1 | tail -10
step end
