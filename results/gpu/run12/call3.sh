# run12 call 3 (H100): index version ws_rs_uni (9) against the float64 sums, every MSA case
# with the new default index ws_uni, then side by side: test_gpu_bench_msa index (all forms)
# and main (kv_outer, kv_outer_bf16, kv_outer_wgmma end to end with the ws_uni index).
# Staged: sh results/gpu/run12/stage.sh (its .gpu-run/bin.txz; no plants in this call).
python3 -c "import tarfile; tarfile.open('.gpu-run/bin.txz').extractall('.gpu-run')" || exit 2
export MSABENCH_SRC=$PWD; . scripts/gpu/unpack.sh; export LD_LIBRARY_PATH=$PWD/.gpu-run
T=./.gpu-run/tests
mkdir -p $OUT/w3
step() { echo "== $1 $(date -u +%T)"; }
nvidia-smi --query-gpu=name,driver_version,clocks.max.sm --format=csv,noheader
step msa; timeout 200 $T/test_gpu_msa > $OUT/w3/msa.log 2>&1; echo rc=$?
grep -E "index v[4-9]|FAILED|PASSED" $OUT/w3/msa.log | tail -10
step bench-index; timeout 110 $T/test_gpu_bench_msa index > $OUT/w3/bench_index.txt 2>&1; echo rc=$?; grep -E "^index ws|msa kv_outer" $OUT/w3/bench_index.txt
step bench-main; timeout 100 $T/test_gpu_bench_msa main > $OUT/w3/bench_main.txt 2>&1; echo rc=$?; grep "^msa" $OUT/w3/bench_main.txt
step end
cd $OUT && tar -czf run12-call3.tgz w3 && rm -rf w3; ls
