# run12 call 2 (right after call 1, on the warm machine if it still is): regress.sh with this
# head's msabench against the card's baseline (issue 16 target 6: the rows of the variants
# added since, kv_outer_bf16 and kv_outer_wgmma, are NEW by construction; every other key
# must match, and no row be slower by 5%).  Staged by results/gpu/run12/stage.sh; carry .gpu-b.
rm -rf .gpu-run && cp -r .gpu-b .gpu-run
python3 -c "import tarfile; tarfile.open('.gpu-run/bin.txz').extractall('.gpu-run')" || exit 2
export MSABENCH_SRC=$PWD; . scripts/gpu/unpack.sh; export LD_LIBRARY_PATH=$PWD/.gpu-run
nvidia-smi --query-gpu=name,driver_version --format=csv,noheader
echo "== regress $(date -u +%T)"
OUT=$OUT timeout ${REGRESS_S:-400} sh scripts/gpu/targets.sh run regress 2>&1 | grep -v '^  ' | tail -30
echo "== end $(date -u +%T)"
cd $OUT && rm -f regress/.msabench.lock && tar -czf run12-call2.tgz regress 2>/dev/null; ls
