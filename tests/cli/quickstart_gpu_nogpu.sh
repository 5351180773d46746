#!/bin/sh
# scripts/quickstart_gpu.sh on machines without a usable GPU: it must say why it
# skips, exit 0 and build or write nothing.  Cases: no nvidia-smi at all; an
# nvidia-smi that fails (driver without a card, as in containers); a GPU but no nvcc.
#   sh tests/cli/quickstart_gpu_nogpu.sh SRCDIR
set -u
src="${1:?SRCDIR}"
tmp="$(mktemp -d /tmp/msabench_qsgpu_XXXXXX)"
trap 'rm -rf "$tmp"' EXIT
fail=0
# a PATH with only the tools the script needs, so the host's nvcc/nvidia-smi are out of sight
mkdir -p "$tmp/bin"
for t in sh dash head tr cat dirname mkdir; do
    p="$(command -v "$t")" && ln -s "$p" "$tmp/bin/$t"
done
check() { # name, expected text, extra bin dir
    out="$tmp/out-$1"
    log="$(PATH="$3:$tmp/bin" sh "$src/scripts/quickstart_gpu.sh" "$out" 2>&1)"
    rc=$?
    if [ "$rc" != 0 ] || ! printf '%s' "$log" | grep -q "$2" || [ -e "$out" ]; then
        echo "FAIL $1: rc=$rc, output: $log"
        fail=1
    else
        echo "ok $1: $log"
    fi
}
mkdir -p "$tmp/none" "$tmp/broken" "$tmp/nocc"
check no-nvidia-smi "no nvidia-smi: GPU sweep skipped" "$tmp/none"
printf '#!/bin/sh\necho "NVIDIA-SMI has failed because it could not communicate with the NVIDIA driver." >&2\nexit 9\n' >"$tmp/broken/nvidia-smi"
chmod +x "$tmp/broken/nvidia-smi"
check failing-nvidia-smi "sees no usable GPU: GPU sweep skipped" "$tmp/broken"
printf '#!/bin/sh\necho "9.0"\n' >"$tmp/nocc/nvidia-smi"
chmod +x "$tmp/nocc/nvidia-smi"
check gpu-without-nvcc "but no nvcc: install the CUDA toolkit" "$tmp/nocc"
exit $fail
