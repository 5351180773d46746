# run18 call 4, as it ran (the same warm H100, the tree carrying the re-made baseline): the same
# binaries against it, target 6's verdict (results/gpu/run18/regress2-h100/).
CALL_S=560; . scripts/gpu/call_prelude.sh; OUT=$OUT timeout 540 sh scripts/gpu/targets.sh run regress 2>&1 | grep -v '^  ' | tail -14
