# run13 call 1 (an H100): regress.sh with this head's msabench (index ws_rs_uni and
# kv_outer_wgmma's form wg now the defaults) against results/baseline/gpu-h100.csv, which
# run12 call 2's rows re-made with every current variant (issue 16 target 6: no NEW row).
# Staged by results/gpu/run13/stage.sh; carry .gpu-run.
python3 -c "import tarfile; tarfile.open('.gpu-run/bin.txz').extractall('.gpu-run')" || exit 2
export MSABENCH_SRC=$PWD; . scripts/gpu/unpack.sh; export LD_LIBRARY_PATH=$PWD/.gpu-run
nvidia-smi --query-gpu=name,driver_version,clocks.max.sm --format=csv,noheader
echo "== regress $(date -u +%T)"
OUT=$OUT timeout ${REGRESS_S:-500} sh scripts/gpu/targets.sh run regress 2>&1 | grep -v '^  ' | tail -30
echo "== end $(date -u +%T)"
cd $OUT && rm -f regress/.msabench.lock && tar -czf run13-call1.tgz regress && rm -rf regress; ls
