# run17 call 1, compact (for when one call is all the device time allows; carry .gpu-run as
# results/gpu/run17/stage.sh staged it): kv_outer_fp8idx checked, then target 4 at 1M alone.
#  1. test_gpu_msa_fp8 (ws8 block scores vs float64, the selection rule, O);
#  2. the index alone at 1M, chunks of 2 GiB: ws_rs_uni (9) against ws8 (10);
#  3. experiments/gpu_msa_e2e.yaml's 1M point (kv_outer_wgmma, _wgp, _fp8idx, validated
#     against the float64 ref on sampled rows), then cuDNN and the index peers at 1M;
#  4. the three ws8 plants must fail test_gpu_msa_fp8; 5. memcheck; 6. the index at 128K.
# Predicted (NOTES "An fp8 prefill index", H100): ws8 1,100-1,300 TFLOP/s at 1M (ws_rs_uni
# ~620); kv_outer_fp8idx 1M ~0.95-1.0 s end to end, ~36-38x cuDNN.
. scripts/gpu/call_prelude.sh
nvidia-smi --query-gpu=name,driver_version,clocks.max.sm --format=csv,noheader
step fp8; timeout $(left 120) $T/test_gpu_msa_fp8 > $OUT/fp8.log 2>&1; echo rc=$?
grep -E "FAILED|PASSED|error|ws8 block scores|kv_outer_fp8idx .*selection" $OUT/fp8.log | tail -14
step index; for v in 9 10; do timeout $(left 40) $T/test_gpu_bench_msa index1 1048576 $v 2; done
step e2e1m; d=$OUT/e2e; mkdir -p $d
timeout $(left 200) ./.gpu-run/msabench run experiments/gpu_msa_e2e.yaml -o $d --point N1048576, --quiet 2>&1 | tail -3
(head -1 .gpu-run/est_gpu_msa_e2e.csv; grep N1048576, .gpu-run/est_gpu_msa_e2e.csv) > /tmp/est1m.csv
PYTHONUNBUFFERED=1 timeout $(left 150) python3 scripts/peers/peers.py /tmp/est1m.csv $d/peers.csv --timeout 5 --max-pred 45 --dense-all 2>&1 | tail -3
python3 scripts/gpu/summary.py $d 2>/dev/null | head -20
step plant; OUT=$OUT timeout $(left 60) sh scripts/gpu/plant.sh run 2>&1 | tail -4
step memcheck
CS=$(command -v compute-sanitizer || ls /usr/local/cuda*/bin/compute-sanitizer 2>/dev/null | head -1)
timeout $(left 60) $CS --tool memcheck --leak-check no $T/test_gpu_msa_fp8 fp8i_g16 > $OUT/memcheck.log 2>&1; echo rc=$?
grep -E "ERROR SUMMARY|Invalid|PASSED|FAILED" $OUT/memcheck.log | tail -4
step index128k; for v in 9 10; do timeout $(left 30) $T/test_gpu_bench_msa index1 131072 $v 2; done
step end
cd $OUT && rm -f e2e/.msabench.lock; ls
