# run15 call 1 (one card; staged by results/gpu/run14/stage.sh, carry .gpu-run): the
# warp-specialized attention, now its own variant kv_outer_wgp, on a card for the first time,
# then issue 16 targets 3 and 4 with kv_outer_wgmma (form wg) and kv_outer_wgp side by side
# against the torch peers, all in one call.  In order of value (each step's timeout is
# what is left of CALL_S, default 585 s):
#  1. test_gpu_msa, every case: kv_outer_wgp beside the float64 ref, bit-equal to form wg;
#  2. test_gpu_bench_msa forms: forms cta / wg / wgp side by side at 128K and 1M;
#  3. the two wgp plants must fail test_gpu_msa;
#  4. compute-sanitizer memcheck on the w-g16 case (the mbarrier ring is new);
#  5. targets.sh run e2e: both variants 16K..1M, then the peers (targets 3 and 4).
# Predicted (NOTES "run15 call 1"): wgp's attention 1.4-1.8x form wg's at 1M.
. scripts/gpu/call_prelude.sh # unpack, T, left, step: the preamble it ran with, now shared
nvidia-smi --query-gpu=name,driver_version,clocks.max.sm --format=csv,noheader
step msa; timeout $(left 180) $T/test_gpu_msa > $OUT/msa.log 2>&1; echo rc=$?
grep -E "FAILED|PASSED|error" $OUT/msa.log | tail -6
grep -E "kv_outer_wgp ws_rs_uni +topk v2 +(selection = ref|rel)" $OUT/msa.log | tail -6
step bench-forms; timeout $(left 80) $T/test_gpu_bench_msa forms > $OUT/bench_forms.txt 2>&1; echo rc=$?
grep "msa" $OUT/bench_forms.txt
step plant; OUT=$OUT timeout $(left 40) sh scripts/gpu/plant.sh run 2>&1 | tail -3
step memcheck
CS=$(command -v compute-sanitizer || ls /usr/local/cuda*/bin/compute-sanitizer 2>/dev/null | head -1)
timeout $(left 40) $CS --tool memcheck --leak-check no $T/test_gpu_msa w-g16 > $OUT/memcheck.log 2>&1; echo rc=$?
grep -E "ERROR SUMMARY|Invalid|PASSED|FAILED" $OUT/memcheck.log | tail -4
step e2e; OUT=$OUT timeout $(left 300) sh scripts/gpu/targets.sh run e2e 2>&1 | tail -40
step end
cd $OUT && rm -f e2e/.msabench.lock && tar -czf run15-call1.tgz msa.log bench_forms.txt memcheck.log test_gpu_msa.* e2e 2>/dev/null; ls
