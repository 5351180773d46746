# run19 call 2 (the same staging as call 1): issue 15's frontier at 128K (three budgets) and
# 256K (the middle one), each length with its torch cuDNN / SDPA peers, into
# $OUT/frontier-131072 and $OUT/frontier-262144.
CALL_S=${CALL_S:-590}
. scripts/gpu/call_prelude.sh
nvidia-smi --query-gpu=name,driver_version,clocks.max.sm,memory.total --format=csv,noheader
for n in 131072 262144; do
    step frontier-$n
    OUT=$OUT timeout $(left 400) sh scripts/gpu/frontier.sh run $n 2>&1 | tail -30
done
step end
