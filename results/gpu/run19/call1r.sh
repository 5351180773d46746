# run19 call 1, resumed: the rows call 1 wrote (results/gpu/run19/frontier-1048576, copied back
# from its $OUT) are kept and the rest of the 1M frontier runs (FRONTIER_RESUME).
CALL_S=${CALL_S:-590}
. scripts/gpu/call_prelude.sh
mkdir -p $OUT && cp -r results/gpu/run19/frontier-1048576 $OUT/
step frontier-1M-resume
FRONTIER_RESUME=1 OUT=$OUT timeout $(left 580) sh scripts/gpu/frontier.sh run 1048576 2>&1 | tail -40
step end
