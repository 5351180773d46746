# run19 call 3 (prepared, not run; the same staging; carry .gpu-run and the fsa wheel): the
# outside peers on the identical selections at 128K (experiments/frontier_peers.yaml): FlexAttention and
# flash-sparse-attn 2.0.6 against every method's main branch, summary section 7.
CALL_S=${CALL_S:-590}
. scripts/gpu/call_prelude.sh
step peers
( OUT=$OUT timeout $(left 570) sh scripts/gpu/frontier.sh peers 2>&1 | tail -60 )
# the device tool returns at most 8 files: one tarball
tar -czf /tmp/run19c3.tgz -C $OUT . && find $OUT -mindepth 1 -delete && mv /tmp/run19c3.tgz $OUT/
step end
