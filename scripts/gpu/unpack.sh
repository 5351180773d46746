# Sourced by the GPU scripts on the GPU machine: unpacks the binaries that
# scripts/gpu/stage.sh packed into .gpu-run/bin.tgz (once per machine).
if [ ! -x .gpu-run/msabench ] && [ -f .gpu-run/bin.tgz ]; then
    tar -xzf .gpu-run/bin.tgz -C .gpu-run || { echo "unpack: .gpu-run/bin.tgz is broken" >&2; exit 2; }
fi
