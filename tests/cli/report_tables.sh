#!/bin/sh
# msabench report's cross-point tables (--tables flops, peer, budget) on small runs:
# flops repeats `msabench estimate`'s eq. 12 / counted / index% figures; peer pairs the
# study method's row with its peer's at the same point and leaves out points whose
# budget covers the context; budget gives a method that reads no index one line at
# every index_noise, and one line per noise to a method that reads it.  The methods
# are the roles' (method.h), as report finds them.
#   sh tests/cli/report_tables.sh SRCDIR MSABENCH
set -u
bin="${2:?MSABENCH}"
tmp="$(mktemp -d /tmp/msabench_report_tables_XXXXXX)"
trap 'rm -rf "$tmp"' EXIT
fail() { echo "FAIL: $*"; exit 1; }

# flops: the estimate's own ratio table, figure for figure
cat >"$tmp/e.yaml" <<'Y'
name: report_flops
methods: [gqa, msa]
backends: [cpu]
axes: {seq_len: [8192, 1048576], heads_q: 64, heads_kv: 4, head_dim: 128, index_dim: 128,
       block_size: 128, topk: 16, mode: prefill, causal: true}
Y
"$bin" estimate "$tmp/e.yaml" -o "$tmp/e" >"$tmp/e.log" 2>&1 || { cat "$tmp/e.log"; fail "estimate"; }
"$bin" report "$tmp/e" --tables flops >"$tmp/f.md" || fail "report --tables flops exited non-zero"
for n in 8192 1048576; do
    line="$(awk -v n="$n" '$1 == n && $2 == "prefill"' "$tmp/e.log")"
    [ -n "$line" ] || { cat "$tmp/e.log"; fail "estimate printed no ratio at $n"; }
    set -- $line
    for want in "$3" "$4" "$5"; do
        grep -q " $want |" "$tmp/f.md" || { cat "$tmp/f.md"; fail "flops table lacks $want (N=$n)"; }
    done
done
grep -q '^| eq. 12 gqa/msa | 1.88 | 28.44 |$' "$tmp/f.md" || { cat "$tmp/f.md"; fail "eq. 12 line"; }

# peer and budget: msa and bigbird at two budgets and two index noises
cat >"$tmp/r.yaml" <<'Y'
name: report_peer
methods: [msa, bigbird]
backends: [cpu]
axes:
  seq_len: 512
  heads_q: 4
  heads_kv: 2
  head_dim: 32
  index_dim: 32
  block_size: 32
  data: structured
  index_noise: [0.0, 4.0]
  seed: 1
zip:
  budget:
    topk:      [4, 16]
    bb_window: [2, 3]
    bb_global: [1, 2]
    bb_random: [1, 11]
timing: {warmup_ms: 0, min_samples: 1, max_samples: 1, timeout_s: 5}
validate: {rows: 2}
recall: {enabled: true, rows: 64}
Y
"$bin" run "$tmp/r.yaml" -o "$tmp/r" --quiet >"$tmp/r.log" 2>&1 || { cat "$tmp/r.log"; fail "run"; }
"$bin" report "$tmp/r" --tables peer >"$tmp/p.md" || fail "report --tables peer exited non-zero"
# k=4 x Bk=32 = 128 tokens of 512: both methods' figures; k=16 covers the context: left out
[ "$(grep -Ec '^\| 512 \| 32 \| 4 \| 128 \| (0|4) \| [01]\.[0-9]{3} / [01]\.[0-9]{3} \| [01]\.[0-9]{3} \| [01]\.[0-9]{3} / [01]\.[0-9]{3} \| [01]\.[0-9]{3} \|$' "$tmp/p.md")" = 2 ] ||
    { cat "$tmp/p.md"; fail "peer: want two k=4 lines with msa's and bigbird's figures"; }
grep -q '^2 msa points whose budget k x Bk covers the whole context (recall 1) are left out.$' "$tmp/p.md" ||
    { cat "$tmp/p.md"; fail "peer: the k=16 points are not reported as left out"; }
"$bin" report "$tmp/r" --tables budget >"$tmp/b.md" || fail "report --tables budget exited non-zero"
grep -q '^| method | input | 128 | 512 |$' "$tmp/b.md" || { cat "$tmp/b.md"; fail "budget: columns"; }
[ "$(grep -c '^| msa | structured, noise [04] | ' "$tmp/b.md")" = 2 ] ||
    { cat "$tmp/b.md"; fail "budget: msa reads the index: one line per noise"; }
grep -q '^| bigbird | structured, any noise (reads no index) | [01]\.[0-9]* | 1\.000 |$' "$tmp/b.md" ||
    { cat "$tmp/b.md"; fail "budget: bigbird reads no index: one line"; }
# named only: the default report has none of them
"$bin" report "$tmp/r" >"$tmp/d.md" || fail "default report"
if grep -q 'any noise\|covers the whole context' "$tmp/d.md"; then fail "default report has a named-only table"; fi
"$bin" report "$tmp/r" --tables budget,bogus >/dev/null 2>&1
[ $? -eq 2 ] || fail "unknown table: want exit 2"
echo "ok: report --tables flops, peer, budget"
