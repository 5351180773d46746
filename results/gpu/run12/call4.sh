# run12 call 4: every MSA case with the index ws_rs_uni (and the default ws_uni), then (as long as the
# device time lasts) the index forms side by side (test_gpu_bench_msa index).  Logs go
# straight to $OUT, so a call cut short still returns the test's.  Staged: PLANT_ONLY=
# sh results/gpu/run12/stage.sh
python3 -c "import tarfile; tarfile.open('.gpu-run/bin.txz').extractall('.gpu-run')" || exit 2
export MSABENCH_SRC=$PWD; . scripts/gpu/unpack.sh; export LD_LIBRARY_PATH=$PWD/.gpu-run
T=./.gpu-run/tests
step() { echo "== $1 $(date -u +%T)"; }
nvidia-smi --query-gpu=name,driver_version,clocks.max.sm --format=csv,noheader
step msa; timeout 150 $T/test_gpu_msa > $OUT/msa4.log 2>&1; echo rc=$?
grep -E "index v9|FAILED|PASSED" $OUT/msa4.log | tail -4
step bench-index; timeout 110 $T/test_gpu_bench_msa index > $OUT/bench_index4.txt 2>&1; echo rc=$?; grep -E "^index ws|msa kv_outer" $OUT/bench_index4.txt
step end
