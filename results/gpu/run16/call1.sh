# run16 call 1 (one H100; staged by results/gpu/run16/stage.sh, carry .gpu-run; prepared in
# the run15 session, not yet run): kv_outer_wgmma's form wg2 (form 3: one Q buffer a
# warpgroup, two CTAs an SM) on a card for the first time.  In order of value (each step's
# timeout is what is left of CALL_S, default 585 s):
#  1. test_gpu_msa's kv_outer_wgmma cases ("w-"): wg2 beside the float64 ref, bit-equal to wg;
#  2. test_gpu_bench_msa forms: cta / wg / wgp / wg2 side by side at 128K and 1M;
#  3. the plants of forms wg, wg2 and wgp must fail test_gpu_msa;
#  4. compute-sanitizer memcheck on the w-g16 case (wg2's single buffer is new);
#  5. Nsight Compute of form wg2 at 128K, where ncu exists: stall reasons of the half-tile.
# Predicted (NOTES "run15"): wg2's attention 1.3-1.6x wg's at 1M (442.6 ms in run15).
# Then call 2: `OUT=$OUT sh scripts/gpu/targets.sh run e2e` (targets 3 and 4 with cuDNN in the
# same call now), and call 3: `OUT=$OUT sh scripts/gpu/targets.sh run regress` (target 6 with
# kv_outer_wgp in the baseline).
. scripts/gpu/call_prelude.sh
nvidia-smi --query-gpu=name,driver_version,clocks.max.sm --format=csv,noheader
step msa; timeout $(left 200) $T/test_gpu_msa w- > $OUT/msa.log 2>&1; echo rc=$?
grep -E "FAILED|PASSED|error" $OUT/msa.log | tail -6
grep -E "kv_outer_wgmma/wg2 ws_rs_uni +topk v2 +(selection = ref|rel)" $OUT/msa.log | tail -6
step bench-forms; timeout $(left 100) $T/test_gpu_bench_msa forms > $OUT/bench_forms.txt 2>&1; echo rc=$?
grep "msa" $OUT/bench_forms.txt
step plant; OUT=$OUT timeout $(left 60) sh scripts/gpu/plant.sh run 2>&1 | tail -5
step memcheck
CS=$(command -v compute-sanitizer || ls /usr/local/cuda*/bin/compute-sanitizer 2>/dev/null | head -1)
timeout $(left 40) $CS --tool memcheck --leak-check no $T/test_gpu_msa w-g16 > $OUT/memcheck.log 2>&1; echo rc=$?
grep -E "ERROR SUMMARY|Invalid|PASSED|FAILED" $OUT/memcheck.log | tail -4
step ncu
NCU=$(command -v ncu || ls /usr/local/cuda*/bin/ncu 2>/dev/null | head -1)
# the mangled name of msa_kv_wgmma_wg_kernel<1> (form wg2) alone, its first two launches
[ -n "$NCU" ] && timeout $(left 120) "$NCU" --set full --kernel-name-base mangled -k regex:wg_kernelILi1E -c 2 \
    -o $OUT/wg2 $T/test_gpu_bench_msa forms > $OUT/ncu.log 2>&1; echo rc=$?
step end
cd $OUT && tar -czf run16-call1.tgz msa.log bench_forms.txt memcheck.log ncu.log wg2.ncu-rep test_gpu_msa.* 2>/dev/null; ls
