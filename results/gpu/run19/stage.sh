# run19's staging (carry .gpu-run): msabench with msa/cuda/ws, test_gpu_msa (its ws cases) and
# test_gpu_contemp, the three msa ws plants, then the frontier's point list
# (experiments/frontier.yaml with msa/ws) for the torch peers.
set -eu
cd "$(dirname "$0")/../../.."
TESTS="test_gpu_msa test_gpu_contemp" PLANT_ONLY="msa_ws_pos msa_ws_batch_sel msa_ws_sort" \
    sh results/gpu/run14/stage.sh
sh scripts/gpu/frontier.sh prepare
