# run15 call 2 (the same warm H100 as call 1, ~3 minutes later; carry .gpu-run): the torch
# dense peers call 1's e2e stage lacked.  Its peers.py ran without --dense-all (added after),
# so it timed the index peers alone.  This times cuDNN and FA2 at the same 16K..1M paper-shape
# points (gpu_targets.yaml's list: its flash rows give the dense points), FA2 left at 1M.
mkdir -p $OUT/e2e && timeout 400 python3 scripts/peers/peers.py .gpu-run/est_gpu_targets.csv $OUT/e2e/peers_dense.csv --timeout 5 --max-pred 31 2>&1 | tail -15; nvidia-smi --query-gpu=name --format=csv,noheader
