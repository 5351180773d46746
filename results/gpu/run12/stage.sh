# run12's staging, here (the device tool carries at most 64 MiB with the ~39 MB tree, so the
# binaries travel xz-packed and the calls unpack them with python3's tarfile):
#   .gpu-run/  call 1: tests/test_gpu_msa, tests/test_gpu_bench_msa (bin.txz) and the plants
#              msa_part_bf16_half, msa_index_ws_uni_nomask, msa_kv_wgmma_pos (plant.txz)
#   .gpu-b/    call 2: msabench (bin.txz)
# PLANT_ONLY= (empty) stages no plants (call 3).
set -eu
cd "$(dirname "$0")/../../.."
cmake --preset gpu >/dev/null
cmake --build build/gpu -j"$(nproc)" >/dev/null
PLANT_ONLY="${PLANT_ONLY-msa_part_bf16_half msa_index_ws_uni_nomask msa_kv_wgmma_pos}"
if [ -n "$PLANT_ONLY" ]; then PLANT_ONLY="$PLANT_ONLY" sh scripts/gpu/plant.sh build; else mkdir -p .gpu-run/plant && (cd .gpu-run && tar -czf plant.tgz plant); fi
rm -rf /tmp/run12s && mkdir -p /tmp/run12s/a/tests /tmp/run12s/b
tar -xzf .gpu-run/plant.tgz -C /tmp/run12s/a
cp build/gpu/tests/test_gpu_msa build/gpu/tests/test_gpu_bench_msa /tmp/run12s/a/tests/
cp build/gpu/msabench /tmp/run12s/b/
strip /tmp/run12s/a/tests/* /tmp/run12s/b/msabench
rm -rf .gpu-run .gpu-b && mkdir -p .gpu-run .gpu-b
top=$PWD
(cd /tmp/run12s/a && tar -cJf "$top/.gpu-run/bin.txz" tests && tar -cJf "$top/.gpu-run/plant.txz" plant)
(cd /tmp/run12s/b && tar -cJf "$top/.gpu-b/bin.txz" msabench)
for d in .gpu-run .gpu-b; do
    cp /usr/lib/x86_64-linux-gnu/libcmocka.so.0 $d/
    tar -czf $d/bin.tgz -T /dev/null # unpack.sh's marker: binaries are staged, not built there
done
du -sh .gpu-run .gpu-b
