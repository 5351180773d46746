# run17's second staging (after call 1 found the plant msa_index_ws8_row a no-op: its
# `r = tid ^ 1` only swapped which thread rounds which row): the two new ws8 plants, a row's
# written scale from its neighbour (msa_index_ws8_row) and the rounded rows stored without
# the swizzle (msa_index_ws8_swz).  Carry .gpu-run; call4.sh runs them.
set -eu
cd "$(dirname "$0")/../../.."
TESTS="test_gpu_msa_fp8" PLANT_ONLY="msa_index_ws8_row msa_index_ws8_swz" \
    sh results/gpu/run14/stage.sh
