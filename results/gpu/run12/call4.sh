# run12 call 4 (an H100; not run in run12: the session's device time ran out): every MSA
# case with the index kernels ws_uni (default) and ws_rs_uni, and kv_outer_wgmma in both
# forms; the wg form's plant; then side by side test_gpu_bench_msa main (kv_outer,
# kv_outer_bf16, kv_outer_wgmma and its form wg) and index (target 2 on the H100).  Logs go
# straight to $OUT (a call cut short still returns what ran).  Staged:
# PLANT_ONLY=msa_kv_wgmma_wg_buf sh results/gpu/run12/stage.sh; carry .gpu-run
python3 -c "import tarfile; [tarfile.open('.gpu-run/'+f).extractall('.gpu-run') for f in ('bin.txz', 'plant.txz')]" || exit 2
(cd .gpu-run && tar -czf plant.tgz plant && rm -rf plant)
export MSABENCH_SRC=$PWD; . scripts/gpu/unpack.sh; export LD_LIBRARY_PATH=$PWD/.gpu-run
T=./.gpu-run/tests
step() { echo "== $1 $(date -u +%T)"; }
nvidia-smi --query-gpu=name,driver_version,clocks.max.sm --format=csv,noheader
step msa; timeout 240 $T/test_gpu_msa > $OUT/msa4.log 2>&1; echo rc=$?
grep -E "index v9|FAILED|PASSED" $OUT/msa4.log | tail -4
grep -E "kv_outer_wgmma(/wg)? ws_rs_uni +topk v2 +rel" $OUT/msa4.log | tail -12
step plant; OUT=$OUT timeout 60 sh scripts/gpu/plant.sh run 2>&1 | tail -2
step bench-main; timeout 120 $T/test_gpu_bench_msa main > $OUT/bench_main4.txt 2>&1; echo rc=$?; grep "msa" $OUT/bench_main4.txt
step bench-index; timeout 110 $T/test_gpu_bench_msa index > $OUT/bench_index4.txt 2>&1; echo rc=$?; grep -E "^index ws|msa kv_outer" $OUT/bench_index4.txt
step end
