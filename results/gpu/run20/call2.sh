# run20 call 2 (staged by `sh results/gpu/run19/stage2.sh`, carry .gpu-run; the card of call 1
# when it is still warm): the frontier at 256K (k 16) and 128K (all three budgets) on the
# current variants, each length with its torch peers, into $OUT/frontier-262144 and
# $OUT/frontier-131072, returned as one tarball (the device tool returns at most 8 files).
CALL_S=${CALL_S:-590}
. scripts/gpu/call_prelude.sh
nvidia-smi --query-gpu=name,driver_version,clocks.max.sm,memory.total --format=csv,noheader
mkdir -p $OUT
for n in 262144 131072; do
    [ "$(left 999)" -gt 60 ] || break
    step frontier-$n
    ( OUT=$OUT timeout $(left 580) sh scripts/gpu/frontier.sh run $n 2>&1 | tail -20 )
done
tar -czf /tmp/run20c2.tgz -C $OUT . && find $OUT -mindepth 1 -delete && mv /tmp/run20c2.tgz $OUT/
step end
