# run12 call 2 (right after call 1, on the warm machine): the ws_uni plant, then regress.sh
# with this head's msabench against the card's baseline (issue 16 target 6: kv_outer_bf16's
# rows are NEW by construction; every other key must match, and no row slower than 5%).
# Staged here in .gpu-b/: bin.tgz (msabench), plant.tgz (PLANT_ONLY=msa_index_ws_uni_nomask),
# libcmocka.so.0; carry [".gpu-b"].
rm -rf .gpu-run && cp -r .gpu-b .gpu-run
export MSABENCH_SRC=$PWD; . scripts/gpu/unpack.sh; export LD_LIBRARY_PATH=$PWD/.gpu-run
card="$(nvidia-smi --query-gpu=name --format=csv,noheader)"; echo "$card"
echo "== plant $(date -u +%T)"; OUT=$OUT/w timeout 40 sh scripts/gpu/plant.sh run 2>&1 | tail -2
echo "== regress $(date -u +%T)"
OUT=$OUT timeout ${REGRESS_S:-330} sh scripts/gpu/targets.sh run regress 2>&1 | grep -v '^  ' | tail -30
echo "== end $(date -u +%T)"
cd $OUT && rm -f regress/.msabench.lock && tar -czf run12-call2.tgz w regress 2>/dev/null; ls
