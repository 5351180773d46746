# run13 call 4 (right after call 3, the same warm H100): targets.sh's peer stage, issue 16
# target 1 (our three flash variants, torch FA2 and cuDNN, Hq 32 and 64, 16K..128K).
python3 -c "import tarfile; tarfile.open('.gpu-run/bin.txz').extractall('.gpu-run')" || exit 2
export MSABENCH_SRC=$PWD; . scripts/gpu/unpack.sh; export LD_LIBRARY_PATH=$PWD/.gpu-run
OUT=$OUT timeout 420 sh scripts/gpu/targets.sh run peer 2>&1 | tail -30
cd $OUT && rm -f peer/.msabench.lock && tar -czf run13-call4.tgz peer && rm -rf peer; ls
