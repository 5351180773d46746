# run17's second staging (for the next session's first call, results/gpu/run17/call4.sh; carry
# .gpu-run).  Call 1 found the plant msa_index_ws8_row a no-op (its `r = tid ^ 1` only swapped
# which thread rounds which row); it is now a row's written scale from its neighbour, with
# msa_index_ws8_swz (rounded rows stored unswizzled).  And ws8_uni (index version 11, written
# after run17 from call 2's profile) with its plant msa_index_ws8_uni.
set -eu
cd "$(dirname "$0")/../../.."
TESTS="test_gpu_msa_fp8 test_gpu_bench_msa" \
    PLANT_ONLY="msa_index_ws8_row msa_index_ws8_swz msa_index_ws8_uni" \
    sh results/gpu/run14/stage.sh
