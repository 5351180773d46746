# run17 call 2 (an H100; carry .gpu-run as results/gpu/run17/stage.sh staged it): issue 16
# targets 3 and 4 in one call with cuDNN beside ours.  targets.sh's e2e stage runs
# kv_outer_wgmma (wg2), kv_outer_wgp and kv_outer_fp8idx (e4m3 index) 16K..1M
# (experiments/gpu_msa_e2e.yaml), then the index and dense peers.
# Predicted (NOTES "An fp8 prefill index"): kv_outer_fp8idx 1M ~0.95-1.0 s end to end,
# ~36-38x cuDNN; kv_outer_wgmma as in run16 (1.40 s, 26.1x).
. scripts/gpu/call_prelude.sh
nvidia-smi --query-gpu=name,driver_version,clocks.max.sm --format=csv,noheader
step e2e; OUT=$OUT timeout $(left 580) sh scripts/gpu/targets.sh run e2e 2>&1 | tail -40
step end
cd $OUT && rm -f e2e/.msabench.lock && ls e2e
