# run19 call 1b, typed inline on the same warm H100 (kept here exactly as it ran; carry
# .gpu-run as staged by stage.sh): the 1M frontier again, packed into one file.  The 470 s
# timeout ended it inside dsa tc's point, after moba's: results/gpu/run19/frontier-1048576.
CALL_S=480; . scripts/gpu/call_prelude.sh; ( OUT=$OUT timeout 470 sh scripts/gpu/frontier.sh run 1048576 2>&1 | tail -20 ); cd $OUT && tar -czf f1m.tgz frontier-1048576 && rm -rf frontier-1048576; ls -la $OUT
