# run19 call 4 (prepared, not run; staged by stage2.sh, carry .gpu-run; an H100): msa ws against
# kv_outer_wgmma at 128K and 1M on calibrated, structured and normal data, one sweep
# (experiments/gpu_msa_ws.yaml), then summary.py; returned as one tarball.
CALL_S=${CALL_S:-590}
. scripts/gpu/call_prelude.sh
nvidia-smi --query-gpu=name,driver_version,clocks.max.sm,memory.total --format=csv,noheader
step msa-ws
( timeout $(left 560) ./.gpu-run/msabench run experiments/gpu_msa_ws.yaml -o $OUT/msa_ws --force --quiet 2>&1 | tail -5 )
python3 scripts/gpu/summary.py $OUT/msa_ws 2>&1 | tail -30
tar -czf /tmp/run19c4.tgz -C $OUT . && find $OUT -mindepth 1 -delete && mv /tmp/run19c4.tgz $OUT/
step end
