# Sourced by the GPU scripts on the GPU machine: unpacks the binaries that
# scripts/gpu/stage.sh packed into .gpu-run/bin.tgz (again when bin.tgz is newer than what was unpacked).
if [ -f .gpu-run/bin.tgz ] && { [ ! -x .gpu-run/msabench ] || [ .gpu-run/bin.tgz -nt .gpu-run/msabench ]; }; then
    tar -xmzf .gpu-run/bin.tgz -C .gpu-run || { echo "unpack: .gpu-run/bin.tgz is broken" >&2; exit 2; }
fi
