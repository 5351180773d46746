# run17 call 1 (one H100; staged by results/gpu/run17/stage.sh, carry .gpu-run; prepared in
# the run16 session, not yet run): variant kv_outer_fp8idx's e4m3 prefill index on a card for
# the first time.  In order of value (each step's timeout is what is left of CALL_S, 585 s):
#  1. test_gpu_msa_fp8 (its fp8i cases: ws8 block scores vs float64, the selection rule, O);
#  2. the index alone side by side, chunks of 2 GiB: ws_rs_uni (9) and ws8 (10) at 128K and 1M;
#  3. the three ws8 plants must fail test_gpu_msa_fp8;
#  4. compute-sanitizer memcheck on the fp8i_g16_n1000 case;
#  5. targets.sh run e2e: kv_outer_wgmma, kv_outer_wgp and kv_outer_fp8idx 16K..1M with cuDNN
#     in the same call (targets 3 and 4), if time is left (~6 min: else call 2 runs it alone).
# Predicted (NOTES "An fp8 prefill index"): ws8 1,100-1,300 TFLOP/s at 1M (ws_rs_uni ~620),
# kv_outer_fp8idx 1M end to end ~0.95-1.0 s, ~36-38x cuDNN.
. scripts/gpu/call_prelude.sh
nvidia-smi --query-gpu=name,driver_version,clocks.max.sm --format=csv,noheader
step fp8; timeout $(left 120) $T/test_gpu_msa_fp8 > $OUT/fp8.log 2>&1; echo rc=$?
grep -E "FAILED|PASSED|error|ws8 block scores|kv_outer_fp8idx .*selection" $OUT/fp8.log | tail -14
step index
for n in 131072 1048576; do for v in 9 10; do
    timeout $(left 40) $T/test_gpu_bench_msa index1 $n $v 2; done; done
step plant; OUT=$OUT timeout $(left 60) sh scripts/gpu/plant.sh run 2>&1 | tail -4
step memcheck
CS=$(command -v compute-sanitizer || ls /usr/local/cuda*/bin/compute-sanitizer 2>/dev/null | head -1)
timeout $(left 60) $CS --tool memcheck --leak-check no $T/test_gpu_msa_fp8 fp8i_g16 > $OUT/memcheck.log 2>&1; echo rc=$?
grep -E "ERROR SUMMARY|Invalid|PASSED|FAILED" $OUT/memcheck.log | tail -4
step e2e
[ $(left 400) -ge 380 ] && OUT=$OUT timeout $(left 400) sh scripts/gpu/targets.sh run e2e 2>&1 | tail -30
step end
cd $OUT && rm -f e2e/.msabench.lock; ls
