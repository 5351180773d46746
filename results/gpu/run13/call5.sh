# run13 call 5 (an H100): targets.sh's flex stage, issue 16 target 3 against FlexAttention on
# the identical selection (experiments/gpu_flex.yaml: kv_outer_wgmma at 128K and 1M, normal
# and structured data).  Carry .gpu-run.
python3 -c "import tarfile; tarfile.open('.gpu-run/bin.txz').extractall('.gpu-run')" || exit 2
export MSABENCH_SRC=$PWD; . scripts/gpu/unpack.sh; export LD_LIBRARY_PATH=$PWD/.gpu-run
df -h /tmp | tail -1
OUT=$OUT timeout ${FLEX_S:-540} sh scripts/gpu/targets.sh run flex 2>&1 | tail -30
rm -rf /tmp/msabench_export
cd $OUT && rm -f flex/.msabench.lock && tar -czf run13-call5.tgz flex && rm -rf flex; ls
