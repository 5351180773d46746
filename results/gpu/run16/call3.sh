# run16 call 3 (the warm H100 of calls 1-2; carry .gpu-run as staged for call 2): issue 16
# target 6.  regress.sh with every current variant (kv_outer_wgp was NEW against
# results/baseline/gpu-h100.csv); its rows re-make that baseline (NOTES "run16").
. scripts/gpu/call_prelude.sh
nvidia-smi --query-gpu=name,driver_version,clocks.max.sm --format=csv,noheader
step regress; OUT=$OUT timeout $(left 580) sh scripts/gpu/targets.sh run regress 2>&1 | grep -v '^  ' | tail -40
step end
cd $OUT && rm -f regress/.msabench.lock && ls regress
