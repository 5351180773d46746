# Sourced by the GPU scripts on the GPU machine: makes .gpu-run/msabench and .gpu-run/tests/
# ready.  Binaries staged elsewhere (scripts/gpu/stage.sh packs .gpu-run/bin.tgz) are unpacked
# (again when bin.tgz is newer than what was unpacked); without them, the CUDA build is made
# here in build/gpu for this card (9.0 gets sm_90a, the Hopper kernels; an up-to-date build
# costs a second) and linked in, so every scripts/gpu/*.sh runs on any Linux GPU machine after
# scripts/install_deps.sh.
if [ -f .gpu-run/bin.tgz ]; then
    if [ ! -x .gpu-run/msabench ] || [ .gpu-run/bin.tgz -nt .gpu-run/msabench ]; then
        tar -xmzf .gpu-run/bin.tgz -C .gpu-run || { echo "unpack: .gpu-run/bin.tgz is broken" >&2; exit 2; }
    fi
else
    _cc="$(nvidia-smi --query-gpu=compute_cap --format=csv,noheader 2>/dev/null | head -n 1 | tr -d ' .')"
    case "$_cc" in
    '' | *[!0-9]*)
        echo "unpack: no staged binaries (.gpu-run/bin.tgz) and nvidia-smi sees no GPU to build for" >&2
        exit 2 ;;
    esac
    [ "$_cc" = 90 ] && _cc=90a
    echo "unpack: no staged binaries: building the CUDA backend here (build/gpu, sm_$_cc)" >&2
    { cmake -S . -B build/gpu -DCMAKE_BUILD_TYPE=Release -DMSABENCH_CUDA=ON -DMSABENCH_TESTS=ON \
        -DCMAKE_CUDA_ARCHITECTURES="$_cc" >/dev/null && cmake --build build/gpu -j"$(nproc)" >/dev/null; } ||
        { echo "unpack: the CUDA build failed (sh scripts/install_deps.sh installs what it needs)" >&2; exit 2; }
    mkdir -p .gpu-run/tests
    ln -sf ../build/gpu/msabench .gpu-run/msabench
    for _t in build/gpu/tests/test_gpu_*; do
        [ -x "$_t" ] && ln -sf "../../$_t" ".gpu-run/tests/$(basename "$_t")"
    done
fi
