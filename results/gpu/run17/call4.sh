# run17 call 4 (prepared, not run; staged by results/gpu/run17/stage2.sh, carry .gpu-run; any
# card, timings labelled with it): test_gpu_msa_fp8 (its score check now runs ws8 and ws8_uni),
# the three new ws8 plants, each of which must fail it, then the index alone at 1M and 128K:
# ws_rs_uni (9), ws8 (10) and ws8_uni (11) side by side.
# Predicted (NOTES "run17"): ws8_uni drops the ISETP + FSEL of every element in tiles wholly
# below a row's limit, two of the three ALU instructions there: 1M ~700-800 TFLOP/s against
# ws8's 570 (H100), i.e. 1.25-1.4x ws8, and at last above ws_rs_uni's 639.
CALL_S=${CALL_S:-300}
. scripts/gpu/call_prelude.sh
nvidia-smi --query-gpu=name,driver_version --format=csv,noheader
step fp8; timeout $(left 90) $T/test_gpu_msa_fp8 > $OUT/fp8.log 2>&1; echo rc=$?
grep -E "block scores|PASSED|FAILED" $OUT/fp8.log | tail -12
step plant; OUT=$OUT timeout $(left 150) sh scripts/gpu/plant.sh run 2>&1 | tail -4
step index
for n in 1048576 131072; do for v in 9 10 11; do
    timeout $(left 30) $T/test_gpu_bench_msa index1 $n $v 2 | grep index1; done; done
step end
