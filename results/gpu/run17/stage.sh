# run17's staging: run14/stage.sh's archive with test_gpu_msa_fp8 added and the three plants of
# the e4m3 prefill index (msa_index_ws8.cu).  Carry .gpu-run.
set -eu
cd "$(dirname "$0")/../../.."
TESTS="test_gpu_msa test_gpu_bench_msa test_gpu_msa_fp8" \
    PLANT_ONLY="msa_index_ws8_noscale msa_index_ws8_row msa_index_ws8_mask" \
    sh results/gpu/run14/stage.sh
