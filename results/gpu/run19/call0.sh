# run19 call 0 (staged by results/gpu/run19/stage.sh, carry .gpu-run; any card): msa/cuda/ws
# correctness before its timings: test_gpu_msa's d 128 / Bk 128 cases ("w-", every variant,
# ws among them), one small case under compute-sanitizer memcheck, the three ws plants (each
# must fail), then the frontier at 128K (three budgets, torch peers) in what is left.
CALL_S=${CALL_S:-590}
. scripts/gpu/call_prelude.sh
nvidia-smi --query-gpu=name,driver_version,clocks.max.sm,memory.total --format=csv,noheader
step msaw; timeout $(left 150) $T/test_gpu_msa w- > $OUT/msaw.log 2>&1; echo rc=$?
grep -E "msa/ws|skipped|PASSED|FAILED" $OUT/msaw.log | tail -24
step memcheck
timeout $(left 90) compute-sanitizer --tool memcheck $T/test_gpu_msa w-g16-n1000 > $OUT/msaw_memcheck.log 2>&1
echo rc=$?; grep -E "ERROR SUMMARY|PASSED|FAILED" $OUT/msaw_memcheck.log | tail -3
step plant; OUT=$OUT timeout $(left 150) sh scripts/gpu/plant.sh run 2>&1 | tail -6
step frontier-131072
OUT=$OUT timeout $(left 400) sh scripts/gpu/frontier.sh run 131072 2>&1 | tail -30
step end
