# run12 call 4 (an H100, issue 16's card): every MSA case with the new default index
# ws_rs_uni, then the index forms side by side (test_gpu_bench_msa index: target 2's figure
# on the H100, and MSA kv_outer end to end at 1M with it).  Staged: PLANT_ONLY=
# sh results/gpu/run12/stage.sh
python3 -c "import tarfile; tarfile.open('.gpu-run/bin.txz').extractall('.gpu-run')" || exit 2
export MSABENCH_SRC=$PWD; . scripts/gpu/unpack.sh; export LD_LIBRARY_PATH=$PWD/.gpu-run
T=./.gpu-run/tests
mkdir -p $OUT/w4
step() { echo "== $1 $(date -u +%T)"; }
nvidia-smi --query-gpu=name,driver_version,clocks.max.sm --format=csv,noheader
step msa; timeout 150 $T/test_gpu_msa > $OUT/w4/msa.log 2>&1; echo rc=$?
grep -E "index v9|FAILED|PASSED" $OUT/w4/msa.log | tail -4
step bench-index; timeout 110 $T/test_gpu_bench_msa index > $OUT/w4/bench_index.txt 2>&1; echo rc=$?; grep -E "^index ws|msa kv_outer" $OUT/w4/bench_index.txt
step end
cd $OUT && tar -czf run12-call4.tgz w4 && rm -rf w4; ls
