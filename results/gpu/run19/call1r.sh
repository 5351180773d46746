# run19 call 1 (the same staging, right after call0.sh on the same machine): the 1M frontier
# resumed from the rows call 0 wrote (results/gpu/run19/frontier-1048576, copied back from its
# $OUT: FRONTIER_RESUME keeps them and their torch peers), then 256K and 128K in what is left.
CALL_S=${CALL_S:-590}
. scripts/gpu/call_prelude.sh
nvidia-smi --query-gpu=name,driver_version,clocks.max.sm,memory.total --format=csv,noheader
mkdir -p $OUT && cp -r results/gpu/run19/frontier-1048576 $OUT/
step frontier-1M-resume
FRONTIER_RESUME=1 OUT=$OUT timeout $(left 580) sh scripts/gpu/frontier.sh run 1048576 2>&1 | tail -40
for n in 262144 131072; do
    [ "$(left 999)" -gt 120 ] || break
    step frontier-$n
    OUT=$OUT timeout $(left 580) sh scripts/gpu/frontier.sh run $n 2>&1 | tail -30
done
step end
