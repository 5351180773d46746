# run12 call 1 (any H100 or H200; ratios within the call): the five ws index forms,
# kv_outer_bf16 and kv_outer_wgmma against the float64 sums and oracles, their plants,
# memcheck, then side by side: test_gpu_bench_msa index (index forms) and main (kv_outer's
# fp32 partials, kv_outer_bf16, kv_outer_wgmma).  Staged by results/gpu/run12/stage.sh.
python3 -c "import tarfile; [tarfile.open('.gpu-run/'+f).extractall('.gpu-run') for f in ('bin.txz', 'plant.txz')]" || exit 2
(cd .gpu-run && tar -czf plant.tgz plant && rm -rf plant)
export MSABENCH_SRC=$PWD; . scripts/gpu/unpack.sh; export LD_LIBRARY_PATH=$PWD/.gpu-run
T=./.gpu-run/tests
mkdir -p $OUT/w
step() { echo "== $1 $(date -u +%T)"; }
nvidia-smi --query-gpu=name,driver_version,clocks.max.sm --format=csv,noheader
step msa; timeout 270 $T/test_gpu_msa > $OUT/w/msa.log 2>&1; echo rc=$?
grep -E "index v|FAILED|PASSED|skipped" $OUT/w/msa.log | tail -16
grep -E "kv_outer_(bf16|wgmma) ws +topk v2 +rel" $OUT/w/msa.log | tail -24
step plant; OUT=$OUT/w timeout 100 sh scripts/gpu/plant.sh run 2>&1 | tail -4
step memcheck; timeout 100 compute-sanitizer --tool memcheck $T/test_gpu_msa small > $OUT/w/memcheck_msa.log 2>&1; echo rc=$?; tail -3 $OUT/w/memcheck_msa.log
step bench-main; timeout 100 $T/test_gpu_bench_msa main > $OUT/w/bench_main.txt 2>&1; echo rc=$?; cat $OUT/w/bench_main.txt
step bench-index; timeout 110 $T/test_gpu_bench_msa index > $OUT/w/bench_index.txt 2>&1; echo rc=$?; grep -v "^ *$" $OUT/w/bench_index.txt | tail -24
step end
cd $OUT && tar -czf run12-call1.tgz w && rm -rf w; ls
