# run18's staging (carry .gpu-run; for results/gpu/run18/call1.sh): run17/stage2.sh's ws8
# programs and plants, plus test_gpu_msa for bigbird/cuda/ws (flash ws_v1's kernel over each
# query tile's block list) and its two plants, and msabench for the bigbird peers at 128K.
set -eu
cd "$(dirname "$0")/../../.."
TESTS="test_gpu_msa_fp8 test_gpu_bench_msa test_gpu_msa" \
    PLANT_ONLY="msa_index_ws8_row msa_index_ws8_swz msa_index_ws8_uni bigbird_ws_last_block bigbird_ws_mask" \
    sh results/gpu/run14/stage.sh
