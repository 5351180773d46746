# one device call: correctness, memcheck, plant, flash peers, frontier peers
export MSABENCH_SRC=$PWD; . scripts/gpu/unpack.sh; export LD_LIBRARY_PATH=$PWD/.gpu-run
T=./.gpu-run/tests
mkdir -p $OUT/w
step() { echo "== $1 $(date -u +%T)"; }
nvidia-smi --query-gpu=name,driver_version,clocks.max.sm --format=csv,noheader
strings .gpu-run/msabench | grep -m1 -E '^7d273f2'
step contemp; timeout 90 $T/test_gpu_contemp > $OUT/w/contemp.log 2>&1; echo rc=$?; tail -3 $OUT/w/contemp.log
step dense; timeout 100 $T/test_gpu_dense > $OUT/w/dense.log 2>&1; echo rc=$?; grep -E "ws_v1|wgmma_v1|FAIL|PASS|OK|rel" $OUT/w/dense.log | tail -14
step peer; d=$OUT/w/peer; mkdir -p $d
timeout 110 python3 -u scripts/peers/peers.py .gpu-run/est_gpu_peer.csv $d/peers.csv --timeout 5 2>&1 | tail -2
timeout 130 ./.gpu-run/msabench run experiments/gpu_peer.yaml -o $d --force --quiet 2>&1 | tail -3
python3 scripts/gpu/summary.py $d 2>&1 | head -40
step memcheck; for t in test_gpu_contemp test_gpu_dense; do timeout 75 compute-sanitizer --tool memcheck $T/$t small > $OUT/w/memcheck_$t.log 2>&1; echo "$t rc=$?"; tail -4 $OUT/w/memcheck_$t.log; done
step plant; OUT=$OUT/w timeout 60 sh scripts/gpu/plant.sh run 2>&1 | tail -3
step fpeers; PEER_METHODS="nsa, dsa, bigbird" FLEX_METHODS="dsa,bigbird" FSA_METHODS=nsa FLEX_BUDGET=60 FSA_BUDGET=45 OUT=$OUT/w timeout 200 sh scripts/gpu/frontier.sh peers 2>&1 | tail -40
step end
