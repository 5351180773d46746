# run11 call 1: the ws index kernel's tests, plant, memcheck and bench; then regress (target 6)
export MSABENCH_SRC=$PWD; . scripts/gpu/unpack.sh; export LD_LIBRARY_PATH=$PWD/.gpu-run
T=./.gpu-run/tests
mkdir -p $OUT/w
step() { echo "== $1 $(date -u +%T)"; }
nvidia-smi --query-gpu=name,driver_version,clocks.max.sm --format=csv,noheader
strings .gpu-run/msabench | grep -m1 -E '^5749590'
step msa; timeout 150 $T/test_gpu_msa > $OUT/w/msa.log 2>&1; rc=$?; echo rc=$rc
grep -E "index v|FAILED|PASSED" $OUT/w/msa.log | tail -24
# test_gpu_dense not staged (carry limit): regress runs ws_v1 against the float64 ref
step plant; OUT=$OUT/w timeout 60 sh scripts/gpu/plant.sh run 2>&1 | tail -2
step memcheck; timeout 100 compute-sanitizer --tool memcheck $T/test_gpu_msa small > $OUT/w/memcheck_msa.log 2>&1; echo rc=$?; tail -4 $OUT/w/memcheck_msa.log
step bench; timeout 120 $T/test_gpu_bench_msa index > $OUT/w/bench_index.txt 2>&1; echo rc=$?; cat $OUT/w/bench_index.txt | grep -v "^ *$" | tail -40
case "$(nvidia-smi --query-gpu=name --format=csv,noheader)" in *H100*) ;; *) rc=skip; echo "regress: an H100 only (target 6)" ;; esac
if [ "$rc" = 0 ]; then step regress; OUT=$OUT timeout 330 sh scripts/gpu/targets.sh run regress 2>&1 | tail -30; fi
step end
cd $OUT && tar -czf run11-call1.tgz w regress 2>/dev/null; ls
