# run18 call 3, as it ran (typed inline on the warm H100 of calls 1-2; committed here exactly):
# issue 16 target 6, regress.sh with every current variant against run16's baseline
# (kv_outer_fp8idx, bigbird ws and nsa ws NEW).  Its rows re-made results/baseline/gpu-h100.csv
# (results/gpu/run18/regress1-h100/).  A first try without the prelude found no msabench (the
# binaries are packed in .gpu-run/bin.txz) and ran nothing.
CALL_S=560; . scripts/gpu/call_prelude.sh; OUT=$OUT timeout 550 sh scripts/gpu/targets.sh run regress 2>&1 | tail -40
