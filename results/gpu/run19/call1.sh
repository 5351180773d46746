# run19 call 1 (carry .gpu-run, staged by results/gpu/run19/stage.sh, after call0.sh on the same
# card): issue 15's frontier at 1M with the current fastest variants (experiments/
# frontier.yaml, msa ws among them) and the torch cuDNN / SDPA peers in the same call, into
# $OUT/frontier-1048576; then 256K in what is left.  A call cut short is resumed by call1r.sh.
CALL_S=${CALL_S:-590}
. scripts/gpu/call_prelude.sh
nvidia-smi --query-gpu=name,driver_version,clocks.max.sm,memory.total --format=csv,noheader
step frontier-1M
OUT=$OUT timeout $(left 580) sh scripts/gpu/frontier.sh run 1048576 2>&1 | tail -40
if [ "$(left 999)" -gt 150 ]; then
    step frontier-256K
    OUT=$OUT timeout $(left 580) sh scripts/gpu/frontier.sh run 262144 2>&1 | tail -30
fi
step end
