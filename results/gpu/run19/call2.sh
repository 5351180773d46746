# run19 call 2 (prepared, not run; staged by stage2.sh, carry .gpu-run; on the card of call 1r):
# msa ws's GPU tests with the fixed check and its three plants (msa_ws_sort_last replaces
# msa_ws_sort), then the frontier at 256K and 128K on the current variants, each length with
# its torch peers.  Everything returns packed in one tarball (the tool returns at most 8 files).
CALL_S=${CALL_S:-590}
. scripts/gpu/call_prelude.sh
nvidia-smi --query-gpu=name,driver_version,clocks.max.sm,memory.total --format=csv,noheader
step msaw; timeout $(left 150) $T/test_gpu_msa w- > $OUT/msaw.log 2>&1; echo rc=$?
grep -E "msa/ws|PASSED|FAILED" $OUT/msaw.log | tail -12
step plant; OUT=$OUT timeout $(left 90) sh scripts/gpu/plant.sh run 2>&1 | tail -4
for n in 262144 131072; do
    [ "$(left 999)" -gt 120 ] || break
    step frontier-$n
    ( OUT=$OUT timeout $(left 580) sh scripts/gpu/frontier.sh run $n 2>&1 | tail -20 )
done
tar -czf /tmp/run19c2.tgz -C $OUT . && find $OUT -mindepth 1 -delete && mv /tmp/run19c2.tgz $OUT/
step end
