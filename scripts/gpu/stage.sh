#!/bin/sh
# Builds for the GPU machine here (sm_90a, libyaml and jansson static) and stages what a
# device run needs in .gpu-run/ (git-ignored): msabench, the GPU test programs,
# libcmocka, the sweep files and the scripts.  Then, with the device tool:
#   run(command="sh scripts/gpu/run.sh experiments/gpu_h100.yaml", carry=[".gpu-run"])
set -eu
cd "$(dirname "$0")/../.."
cmake --preset gpu >/dev/null
cmake --build build/gpu -j"$(nproc)"
rm -rf .gpu-run
mkdir -p .gpu-run/tests
cp build/gpu/msabench .gpu-run/
# MSABENCH_STAGE_TESTS="test_gpu_contemp ..." packs only those (the device tool carries at
# most 64 MiB with the tracked tree, and all nine do not fit beside it)
for t in ${MSABENCH_STAGE_TESTS:-$(cd build/gpu/tests && ls test_gpu_*)}; do
    cp "build/gpu/tests/$t" .gpu-run/tests/
done
cp /usr/lib/x86_64-linux-gnu/libcmocka.so.0 .gpu-run/
# Each binary carries every kernel's sm_90a code (~10 MB): packed, the lot fits
# the device tool's 64 MiB; the GPU scripts unpack it (scripts/gpu/unpack.sh).
strip .gpu-run/msabench .gpu-run/tests/*
(cd .gpu-run && tar -czf bin.tgz msabench tests && rm -rf msabench tests)
du -sh .gpu-run
