#!/bin/sh
# cudadense.sh - stage the dense CUDA tests and benchmark for the GPU machine, or run them.
#   here:  scripts/gpu/cudadense.sh stage DEST   (build/gpu must be built; DEST e.g.
#          /work/main/.gpu-cudadense, then call the device with carry [".gpu-cudadense"])
#   there: cd .gpu-cudadense && sh cudadense.sh run   (logs under $OUT when set)
# Runs: the GPU tests, compute-sanitizer memcheck/racecheck on the small cases, the
# timing table, and torch SDPA (flash, cuDNN) at the same shapes in the same call.
set -e
case "$1" in
stage)
    mkdir -p "$2"
    cp build/gpu/tests/test_gpu_* /usr/lib/x86_64-linux-gnu/libcmocka.so.0 \
       scripts/gpu/peer_sdpa.py scripts/gpu/cudadense.sh "$2"/ ;;
run)
    out=${OUT:-.}
    export LD_LIBRARY_PATH=.:/usr/local/cuda/lib64:$LD_LIBRARY_PATH
    ./test_gpu_device
    ./test_gpu_dense > "$out/test_dense.log" 2>&1 && echo "test_gpu_dense: ok" || echo "test_gpu_dense: FAILED"
    ./test_gpu_performer > "$out/test_performer.log" 2>&1 && echo "test_gpu_performer: ok" || echo "test_gpu_performer: FAILED"
    compute-sanitizer --tool memcheck ./test_gpu_dense small 2>&1 | tail -1
    compute-sanitizer --tool racecheck ./test_gpu_dense small 2>&1 | tail -1
    compute-sanitizer --tool memcheck ./test_gpu_performer small 2>&1 | tail -1
    ./test_gpu_bench_flash full 2>&1 | tee "$out/bench.log"
    PYTHONUNBUFFERED=1 python3 peer_sdpa.py 2>&1 | tee "$out/peer.log" ;;
*)
    echo "usage: $0 stage DEST | run" >&2; exit 2 ;;
esac
