# run16 call 2 (the warm H100 of call 1; staged by results/gpu/run16/stage.sh at the commit that
# made form wg2 the default, carry .gpu-run): issue 16 targets 3 and 4 in one call, cuDNN
# beside ours.  targets.sh's e2e stage: kv_outer_wgmma (now form wg2) and kv_outer_wgp
# 16K..1M (experiments/gpu_msa_e2e.yaml), then the index and dense peers (--dense-all).
# Predicted from call 1's forms: MSA 1M ~1.38 s end to end (1.47 in run15), ~26.7x cuDNN's
# ~36.8 s; main branch ~147 useful TFLOP/s.
. scripts/gpu/call_prelude.sh
nvidia-smi --query-gpu=name,driver_version,clocks.max.sm --format=csv,noheader
step e2e; OUT=$OUT timeout $(left 580) sh scripts/gpu/targets.sh run e2e 2>&1 | tail -40
step end
cd $OUT && rm -f e2e/.msabench.lock && ls e2e
