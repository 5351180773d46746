# run16's staging: run14/stage.sh's archive (msabench, test_gpu_msa, test_gpu_bench_msa and
# the point lists) with the plants of forms wg, wgp and wg2.  Carry .gpu-run.
set -eu
cd "$(dirname "$0")/../../.."
PLANT_ONLY="msa_kv_wgmma_wg_buf msa_kv_wgmma_wg2_next msa_kv_wgmma_wgp_head msa_kv_wgmma_wgp_pos" \
    sh results/gpu/run14/stage.sh
