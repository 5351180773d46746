# run13 call 2 (right after call 1, on the warm H100): targets.sh's msa stage, issue 16
# targets 1 (Hq 64), 2 and 4 with the torch peers (FA2, cuDNN, index+topk) in the same call:
# experiments/gpu_targets.yaml, flash ws_v1 and MSA kv_outer / kv_outer_wgmma, 16K..1M.
# Staged by results/gpu/run13/stage.sh; carry .gpu-run.
python3 -c "import tarfile; tarfile.open('.gpu-run/bin.txz').extractall('.gpu-run')" || exit 2
export MSABENCH_SRC=$PWD; . scripts/gpu/unpack.sh; export LD_LIBRARY_PATH=$PWD/.gpu-run
echo "== msa $(date -u +%T)"
OUT=$OUT timeout ${MSA_S:-560} sh scripts/gpu/targets.sh run msa 2>&1 | tail -60
echo "== end $(date -u +%T)"
cd $OUT && rm -f msa/.msabench.lock && tar -czf run13-call2.tgz msa && rm -rf msa; ls
