# run19 call 1r (prepared, not run; staged by results/gpu/run19/stage2.sh, carry .gpu-run; an
# H100): the 1M frontier with the fixed variants list (msa kv_outer_wgmma, ws and decode_fp8
# named), into $OUT/frontier-1048576, returned as one tarball (the device tool returns at most 8
# files).  Call 1b's folder cannot be resumed: its sweep file listed msa's variants differently,
# so its sweep_hash differs and `--resume` refuses to mix the two.  A call cut short (dsa tc took
# more than 4 minutes in call 1b without finishing its point) is continued by
#   SRC=results/gpu/runN/frontier-1048576 sh results/gpu/run19/call1r.sh
# with the cut call's folder unpacked at SRC: its rows and torch peers are kept (FRONTIER_RESUME).
CALL_S=${CALL_S:-590}
. scripts/gpu/call_prelude.sh
nvidia-smi --query-gpu=name,driver_version,clocks.max.sm,memory.total --format=csv,noheader
mkdir -p $OUT
if [ -n "${SRC:-}" ]; then
    cp -r "$SRC" $OUT/frontier-1048576 && rm -rf $OUT/frontier-1048576/figures
    export FRONTIER_RESUME=1
fi
step frontier-1M
( OUT=$OUT timeout $(left 570) sh scripts/gpu/frontier.sh run 1048576 2>&1 | tail -30 )
(cd $OUT && tar -czf f1m.tgz frontier-1048576 && rm -rf frontier-1048576)
step end
