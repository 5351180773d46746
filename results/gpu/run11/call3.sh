# run11 call 3: targets.sh's msa stage (issue 16 targets 2 and 4, paper shape, with the
# torch peers in the same call) with the ws index kernel as the default
export MSABENCH_SRC=$PWD; . scripts/gpu/unpack.sh
strings .gpu-run/msabench | grep -m1 -E '^5749590'
OUT=$OUT timeout 585 sh scripts/gpu/targets.sh run msa
