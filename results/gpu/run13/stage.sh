# run13's staging, here: msabench and tests/test_gpu_msa, test_gpu_bench_msa,
# test_gpu_bench_decode, xz-packed in .gpu-run/bin.txz (the tree is ~39 MB of the 64 MiB a
# call carries), and the point lists of targets.sh prepare.  Carry .gpu-run.
set -eu
cd "$(dirname "$0")/../../.."
cmake --preset gpu >/dev/null
cmake --build build/gpu -j"$(nproc)" >/dev/null
rm -rf /tmp/run13s && mkdir -p /tmp/run13s/tests
cp build/gpu/msabench /tmp/run13s/
for t in test_gpu_msa test_gpu_bench_msa test_gpu_bench_decode; do cp build/gpu/tests/$t /tmp/run13s/tests/; done
strip /tmp/run13s/msabench /tmp/run13s/tests/*
rm -rf .gpu-run && mkdir -p .gpu-run
(cd /tmp/run13s && tar -cJf "$OLDPWD/.gpu-run/bin.txz" msabench tests)
cp /usr/lib/x86_64-linux-gnu/libcmocka.so.0 .gpu-run/
tar -czf .gpu-run/bin.tgz -T /dev/null # unpack.sh's marker: binaries are staged, not built there
MSABENCH=build/gpu/msabench sh scripts/gpu/targets.sh prepare
du -sh .gpu-run
