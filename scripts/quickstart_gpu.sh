#!/bin/sh
# The GPU part of scripts/quickstart.sh: when nvidia-smi sees a GPU, builds the
# CUDA backend here (build/gpu-quick, for this card's compute capability; 9.0
# gets sm_90a, the Hopper kernels), runs experiments/quickstart_gpu.yaml (every
# method, 16K and 64K, recall and stages) into OUTDIR, the torch peers when
# python3 can import torch, the figures and the report.  MSABENCH_BIN=PATH uses
# a msabench built elsewhere (scripts/gpu/stage.sh) instead of building here.
# Without a GPU (no nvidia-smi, or it sees none) it says so and exits 0; with a
# GPU but no nvcc it says what to install and exits 0.  Exit 1: a step failed.
#   scripts/quickstart_gpu.sh OUTDIR [SWEEP]   (default experiments/quickstart_gpu.yaml)
set -eu
cd "$(dirname "$0")/.."
out="${1:?usage: scripts/quickstart_gpu.sh OUTDIR [SWEEP]}"
sweep="${2:-experiments/quickstart_gpu.yaml}"
if ! command -v nvidia-smi >/dev/null 2>&1; then
    echo "quickstart: no nvidia-smi: GPU sweep skipped (CPU only)"
    exit 0
fi
cc="$(nvidia-smi --query-gpu=compute_cap --format=csv,noheader 2>/dev/null | head -n 1 | tr -d ' .')" || cc=""
case "$cc" in
    '' | *[!0-9]*)
        echo "quickstart: nvidia-smi sees no usable GPU: GPU sweep skipped (CPU only)"
        exit 0
        ;;
esac
if [ -n "${MSABENCH_BIN:-}" ]; then
    bin="$MSABENCH_BIN"
    echo "quickstart: GPU with compute capability $cc: using $bin (MSABENCH_BIN)"
else
    if ! command -v nvcc >/dev/null 2>&1; then
        echo "quickstart: a GPU (compute capability $cc) but no nvcc: install the CUDA toolkit" \
            "(nvidia-cuda-toolkit, or CUDA 12.x with nvcc on PATH) for the GPU sweep"
        exit 0
    fi
    arch="$cc"
    [ "$cc" = 90 ] && arch=90a
    echo "quickstart: GPU with compute capability $cc: building the CUDA backend (sm_$arch)"
    cmake -S . -B build/gpu-quick -DCMAKE_BUILD_TYPE=Release -DMSABENCH_TESTS=OFF \
        -DMSABENCH_CUDA=ON -DCMAKE_CUDA_ARCHITECTURES="$arch" >/dev/null
    cmake --build build/gpu-quick -j"$(nproc)"
    bin=build/gpu-quick/msabench
fi
status=0
"$bin" run "$sweep" -o "$out" || status=$?
if python3 -c 'import torch, sys; sys.exit(0 if torch.cuda.is_available() else 1)' 2>/dev/null; then
    python3 scripts/peers/peers.py "$out/results.csv" "$out/peers.csv" || status=1
else
    echo "quickstart: no torch with CUDA for python3: torch peers skipped"
fi
sh scripts/gpu/figures.sh "$out" "$bin" || status=1
"$bin" report "$out" -o "$out/report.md" || status=1
cat "$out/report.md" 2>/dev/null || true
echo "quickstart: GPU results in $out/ (results.csv, peers.csv, figures/, report.md)"
exit $status
