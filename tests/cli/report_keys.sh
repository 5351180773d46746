#!/bin/sh
# msabench report's and plot's speedup match a row to the dense row of the same point even when
# the two keys name different knobs: nsa's key names nsa_local (at its default), flash's
# does not.  A knob away from its default is a different point: no speedup then.
#   sh tests/cli/report_keys.sh SRCDIR MSABENCH
set -u
bin="${2:?MSABENCH}"
tmp="$(mktemp -d /tmp/msabench_report_keys_XXXXXX)"
trap 'rm -rf "$tmp"' EXIT
cat >"$tmp/s.yaml" <<'Y'
name: report_keys
methods: [flash, nsa]
backends: [cpu]
axes: {seq_len: 512, heads_q: 4, heads_kv: 2, head_dim: 32, index_dim: 32, block_size: 64,
       topk: 4, mode: prefill, seed: 1}
timing: {warmup_ms: 0, min_samples: 1, max_samples: 1, timeout_s: 2}
validate: {rows: 2}
Y
"$bin" run "$tmp/s.yaml" -o "$tmp/r" --quiet >"$tmp/log" 2>&1 || { cat "$tmp/log"; exit 1; }
grep -q 'nsa_local=1' "$tmp/r/results.csv" || { echo "FAIL: nsa's key lacks nsa_local"; exit 1; }
"$bin" report "$tmp/r" --tables speedup >"$tmp/a.md" || exit 1
grep -Eq '^\| nsa cpu/[a-z0-9_]+ \| [0-9.]+x \|' "$tmp/a.md" ||
    { echo "FAIL: no nsa speedup"; cat "$tmp/a.md"; exit 1; }
"$bin" plot "$tmp/r/results.csv" -o "$tmp/f" --format png >"$tmp/plog" 2>&1 || { cat "$tmp/plog"; exit 1; }
grep -q '^# nsa/cpu/' "$tmp/f/speedup.dat" || { echo "FAIL: no nsa line in the speedup figure"; exit 1; }
# the same rows with nsa at nsa_local=2: not flash's point any more
mkdir "$tmp/o"
cp "$tmp/r/meta.json" "$tmp/o/"
sed 's/nsa_local=1/nsa_local=2/' "$tmp/r/results.csv" >"$tmp/o/results.csv"
"$bin" report "$tmp/o" --tables speedup >"$tmp/b.md" || exit 1
if grep -Eq '^\| nsa cpu/[a-z0-9_]+ \| [0-9.]+x' "$tmp/b.md"; then
    echo "FAIL: nsa_local=2 matched flash's point"; cat "$tmp/b.md"; exit 1
fi
echo "ok: report matches keys by point, knobs at their defaults included"
