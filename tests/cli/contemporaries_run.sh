#!/bin/sh
# The four contemporaries (nsa, moba, dsa, quest) run through `msabench run`:
# registered, costed (flops > 0), validated against their refs by the runner
# (val_rel_err <= 1e-5 on every ok row), quest's prefill skipped with its reason.
#   sh tests/cli/contemporaries_run.sh SRCDIR MSABENCH
set -u
msabench="${2:?MSABENCH}"
tmp="$(mktemp -d /tmp/msabench_contemp_XXXXXX)"
trap 'rm -rf "$tmp"' EXIT
cat >"$tmp/s.yaml" <<'YAML'
name: contemporaries_cli
methods: [nsa, moba, dsa, quest]
backends: [cpu]
axes:
  seq_len: 300
  q_len: 3
  heads_q: 8
  heads_kv: 2
  head_dim: 32
  index_dim: 32
  block_size: 32
  topk: 4
  mode: [decode, prefill]
  causal: true
  data: structured
  seed: 1
timing: {warmup_ms: 1, min_samples: 1, max_samples: 2, max_noise: 10, timeout_s: 5}
validate: {rows: 3}
recall: {enabled: false}
YAML
if ! "$msabench" run "$tmp/s.yaml" -o "$tmp/out" >"$tmp/log" 2>&1; then
    echo "FAIL: msabench run exited non-zero:"
    cat "$tmp/log"
    exit 1
fi
# quoted fields (the key, some reasons) hold commas: fold each into one token
sed 's/"[^"]*"/Q/g' "$tmp/out/results.csv" | awk -F, '
NR == 1 { for (i = 1; i <= NF; i++) col[$i] = i; next }
{
    m = $col["method"]; st = $col["status"]; mode = $col["mode"]; n++
    seen[m]++
    err = $col["val_rel_err"]
    if (m == "quest" && mode == "prefill") {
        if (st != "skipped") { print "FAIL quest prefill: status " st; bad = 1 }
        else print "ok quest prefill: skipped"
    } else if (st != "ok" || err == "" || err + 0 > 1e-5 || $col["flops"] + 0 <= 0) {
        print "FAIL " m " " mode ": status " st ", val_rel_err " err ", flops " $col["flops"]
        bad = 1
    } else
        print "ok " m " " mode ": val_rel_err " err
}
END {
    if (n != 8 || seen["nsa"] != 2 || seen["moba"] != 2 || seen["dsa"] != 2 || seen["quest"] != 2) {
        print "FAIL: expected 8 rows, 2 per method, got " n; bad = 1
    }
    exit bad
}'
