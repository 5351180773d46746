# run17 call 4 (staged by results/gpu/run17/stage2.sh; carry .gpu-run): test_gpu_msa_fp8
# again, then the two new ws8 plants, each of which must fail it.
CALL_S=${CALL_S:-200}
. scripts/gpu/call_prelude.sh
nvidia-smi --query-gpu=name,driver_version --format=csv,noheader
step fp8; timeout $(left 60) $T/test_gpu_msa_fp8 > $OUT/fp8.log 2>&1; echo rc=$?; tail -1 $OUT/fp8.log
step plant; OUT=$OUT timeout $(left 150) sh scripts/gpu/plant.sh run 2>&1 | tail -4
step end
