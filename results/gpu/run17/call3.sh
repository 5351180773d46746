# run17 call 3, as it ran (the warm H100 of calls 1-2; carry .gpu-run as results/gpu/run17/
# stage.sh staged it): experiments/gpu_msa_e2e.yaml's 1M point (kv_outer_wgmma, _wgp,
# _fp8idx), then cuDNN and the index peers at that point, in one call (target 4; call 1's peers
# step had failed).  results/gpu/run17/call3-h100/e2e/; table: `sh scripts/gpu/targets.sh
# table results/gpu/run17/call3-h100`.
. scripts/gpu/call_prelude.sh
nvidia-smi --query-gpu=name --format=csv,noheader
d=$OUT/e2e; mkdir -p $d
timeout 200 ./.gpu-run/msabench run experiments/gpu_msa_e2e.yaml -o $d --point N1048576, --quiet 2>&1 | tail -2
(head -1 .gpu-run/est_gpu_msa_e2e.csv; grep N1048576, .gpu-run/est_gpu_msa_e2e.csv) > /tmp/est1m.csv
PYTHONUNBUFFERED=1 timeout 250 python3 scripts/peers/peers.py /tmp/est1m.csv $d/peers.csv --timeout 5 --max-pred 45 --dense-all 2>&1 | tail -4
python3 scripts/gpu/summary.py $d 2>&1 | grep -A3 "## 4"
rm -f $d/.msabench.lock
