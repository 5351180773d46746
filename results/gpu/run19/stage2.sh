# run19's second staging (for the next session's calls; carry .gpu-run): as stage.sh, with the
# test fix (ws is not held to form wg's bits) and the plant msa_ws_sort_last in place of
# msa_ws_sort, whose unsorted rows change no output (see kernels/msa/msa_ws.cu).
set -eu
cd "$(dirname "$0")/../../.."
TESTS="test_gpu_msa test_gpu_contemp" PLANT_ONLY="msa_ws_pos msa_ws_batch_sel msa_ws_sort_last" \
    sh results/gpu/run14/stage.sh
sh scripts/gpu/frontier.sh prepare
