# run19 call 0 (staged by results/gpu/run19/stage.sh, carry .gpu-run; any card): msa/cuda/ws
# correctness before its timings: test_gpu_msa's d 128 / Bk 128 cases ("w-", every variant,
# ws among them), one small case under compute-sanitizer memcheck, the three ws plants (each
# must fail); then issue 15's frontier at 1M (experiments/frontier.yaml, the current fastest
# variants and msa ws, with the torch cuDNN / SDPA peers) in what is left, into
# $OUT/frontier-1048576.  call1r.sh resumes it on the same machine.
CALL_S=${CALL_S:-590}
. scripts/gpu/call_prelude.sh
nvidia-smi --query-gpu=name,driver_version,clocks.max.sm,memory.total --format=csv,noheader
step msaw; timeout $(left 150) $T/test_gpu_msa w- > $OUT/msaw.log 2>&1; echo rc=$?
grep -E "msa/ws|skipped|PASSED|FAILED" $OUT/msaw.log | tail -24
step memcheck
timeout $(left 60) compute-sanitizer --tool memcheck $T/test_gpu_msa w-g16-n1000 > $OUT/msaw_memcheck.log 2>&1
echo rc=$?; grep -E "ERROR SUMMARY|PASSED|FAILED" $OUT/msaw_memcheck.log | tail -3
step plant; OUT=$OUT timeout $(left 90) sh scripts/gpu/plant.sh run 2>&1 | tail -6
step frontier-1M
OUT=$OUT timeout $(left 580) sh scripts/gpu/frontier.sh run 1048576 2>&1 | tail -40
step end
