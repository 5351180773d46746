# run13 call 3 (right after call 2, the same warm H100): targets.sh's decode stage, issue 16
# target 5 (B 1 and 32 at 1M, torch peers, test_gpu_bench_decode full).  Carry .gpu-run.
python3 -c "import tarfile; tarfile.open('.gpu-run/bin.txz').extractall('.gpu-run')" || exit 2
export MSABENCH_SRC=$PWD; . scripts/gpu/unpack.sh; export LD_LIBRARY_PATH=$PWD/.gpu-run
OUT=$OUT timeout 400 sh scripts/gpu/targets.sh run decode 2>&1 | tail -40
cd $OUT && rm -f decode/.msabench.lock && tar -czf run13-call3.tgz decode && rm -rf decode; ls
