# run20 call 1 (staged by `sh results/gpu/run19/stage2.sh`, carry .gpu-run; any card): the 1M
# frontier from the start on the current variants (run19 call1r.sh's step, now with the
# runner's three-call long points, so dsa's rows should fit), then, in what is left, msa ws's
# GPU tests with the fixed check and its three plants (run19 call2.sh's first steps).
# Everything returns packed in one tarball (the device tool returns at most 8 files).
# A cut 1M sweep goes on with SRC=<its unpacked folder> sh results/gpu/run19/call1r.sh.
CALL_S=${CALL_S:-590}
. scripts/gpu/call_prelude.sh
nvidia-smi --query-gpu=name,driver_version,clocks.max.sm,memory.total --format=csv,noheader
mkdir -p $OUT
step frontier-1M
( OUT=$OUT timeout $(left 500) sh scripts/gpu/frontier.sh run 1048576 2>&1 | tail -30 )
if [ "$(left 999)" -gt 40 ]; then
    step msaw; timeout $(left 150) $T/test_gpu_msa w- > $OUT/msaw.log 2>&1; echo rc=$?
    grep -E "msa/ws|PASSED|FAILED" $OUT/msaw.log | tail -12
fi
if [ "$(left 999)" -gt 30 ]; then
    step plant; OUT=$OUT timeout $(left 90) sh scripts/gpu/plant.sh run 2>&1 | tail -4
fi
tar -czf /tmp/run20c1.tgz -C $OUT . && find $OUT -mindepth 1 -delete && mv /tmp/run20c1.tgz $OUT/
step end
