# run14's staging (used by run15 call 1, and by run16/stage.sh): run13/stage.sh's binaries
# and point lists, plus the plants (PLANT_ONLY), all in one xz archive with a 128 MiB
# dictionary.  The stripped programs are ~28 MB each and nearly alike, so one solid archive
# holds them in ~5 MB, where separate ones took ~29 MB and did not fit the 64 MiB a call
# carries beside the ~40 MB tree.
set -eu
cd "$(dirname "$0")/../../.."
sh results/gpu/run13/stage.sh
# PLANT_ONLY: the plants to carry (run16/stage.sh names its own)
PLANT_ONLY="${PLANT_ONLY:-msa_kv_wgmma_wgp_head msa_kv_wgmma_wgp_pos}" sh scripts/gpu/plant.sh build
d=/tmp/run14s
rm -rf $d && mkdir -p $d/tests
cp build/gpu/msabench $d/ && strip $d/msabench
# TESTS: the test programs to pack (run17/stage.sh adds test_gpu_msa_fp8)
for t in ${TESTS:-test_gpu_msa test_gpu_bench_msa}; do
    cp build/gpu/tests/$t $d/tests/ && strip $d/tests/$t
done
tar -xzf .gpu-run/plant.tgz -C $d && rm .gpu-run/plant.tgz
(cd $d && tar -cf - msabench tests plant | xz -9 -T"$(nproc)" --lzma2=preset=9,dict=128MiB) >.gpu-run/bin.txz
du -sh .gpu-run
