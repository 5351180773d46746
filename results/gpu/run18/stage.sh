# run18's staging (carry .gpu-run; for results/gpu/run18/call1.sh then call2.sh on the same warm
# machine): run17/stage2.sh's ws8 programs and plants; test_gpu_msa for bigbird/cuda/ws and
# test_gpu_contemp for nsa/cuda/ws (flash ws_v1's kernel over block lists and unions), their
# plants, and msabench for the bigbird and nsa peers at 128K.
set -eu
cd "$(dirname "$0")/../../.."
TESTS="test_gpu_msa_fp8 test_gpu_bench_msa test_gpu_msa test_gpu_contemp" \
    PLANT_ONLY="msa_index_ws8_row msa_index_ws8_swz msa_index_ws8_uni bigbird_ws_last_block bigbird_ws_mask nsa_ws_token_bits nsa_ws_pos nsa_ws_out_head" \
    sh results/gpu/run14/stage.sh
