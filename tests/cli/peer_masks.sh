#!/bin/sh
# The identical-selection peers' numpy parts (scripts/peers/selmask.py) against
# msabench's own exports: every block-sparse and token-sparse method's selection
# (msa, nsa, bigbird, moba, dsa; cpu backend, float32) is exported, then
# selmask_check.py checks the float64 evaluation, the FlexAttention block masks
# and the flash-sparse-attn gather lists row by row.  Every peer script must
# compile; the rest is skipped (77) without numpy.
#   sh tests/cli/peer_masks.sh SRCDIR MSABENCH
set -u
src="${1:?SRCDIR}"
msabench="${2:?MSABENCH}"
command -v python3 >/dev/null 2>&1 || { echo "SKIP: no python3"; exit 77; }
tmp="$(mktemp -d /tmp/msabench_peermask_XXXXXX)"
trap 'rm -rf "$tmp"' EXIT
# every peer script at least parses (the GPU machine is the first to import torch)
if ! PYTHONPYCACHEPREFIX="$tmp/pyc" python3 -m py_compile "$src"/scripts/peers/*.py \
    "$src/scripts/gpu/summary.py"; then
    echo "FAIL: a peer script does not compile"
    exit 1
fi
if ! python3 -c "import numpy" >/dev/null 2>&1; then
    echo "SKIP: python3 with numpy not found (the peer scripts compile)"
    exit 77
fi
cat >"$tmp/s.yaml" <<'YAML'
name: peer_masks_cli
methods: [msa, nsa, bigbird, moba, dsa]
backends: [cpu]
axes:
  seq_len: 300
  heads_q: 8
  heads_kv: 2
  head_dim: 32
  index_dim: 32
  block_size: 32
  topk: 4
  dsa_tokens: 40
  bb_window: 3
  bb_global: 1
  bb_random: 1
  mode: prefill
  causal: true
  data: structured
  index_noise: 0.5
  seed: 3
timing: {warmup_ms: 1, min_samples: 1, max_samples: 1, max_noise: 10, timeout_s: 5}
validate: {rows: 12}
recall: {enabled: false}
YAML
if ! "$msabench" run "$tmp/s.yaml" -o "$tmp/out" --export "$tmp/x" >"$tmp/log" 2>&1; then
    echo "FAIL: msabench run --export exited non-zero:"
    cat "$tmp/log"
    exit 1
fi
python3 "$src/scripts/peers/selmask_check.py" "$tmp/x" "$tmp/out/results.csv" --qb 16
