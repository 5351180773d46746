# run19 call 1r (prepared, not run; staged by results/gpu/run19/stage2.sh, carry .gpu-run; an
# H100): the 1M frontier resumed from call 1b's rows (results/gpu/run19/frontier-1048576:
# FRONTIER_RESUME keeps them and their torch peers) with the fixed variants list: msa
# kv_outer_wgmma and decode_fp8, dsa tc / tc_fp8 (call 1b spent > 4 minutes inside dsa tc's
# first point without finishing it), quest and the decode rows.  The device tool returns at most
# 8 files, so the folder comes back as one tarball, whatever happens to the run.
CALL_S=${CALL_S:-590}
. scripts/gpu/call_prelude.sh
nvidia-smi --query-gpu=name,driver_version,clocks.max.sm,memory.total --format=csv,noheader
mkdir -p $OUT && cp -r results/gpu/run19/frontier-1048576 $OUT/ && rm -rf $OUT/frontier-1048576/figures
step frontier-1M-resume
( FRONTIER_RESUME=1 OUT=$OUT timeout $(left 570) sh scripts/gpu/frontier.sh run 1048576 2>&1 | tail -30 )
(cd $OUT && tar -czf f1m.tgz frontier-1048576 && rm -rf frontier-1048576)
step end
