#!/bin/sh
# A run folder whose results.csv lacks some of the runs its sweep assigned (a call cut
# short) must say so, and --resume must not fill it from another device or build: `msabench report` prints "not run: M of the N runs ..." with the
# runs it can name, `msabench plot` warns and the frontier figure's note names them; a
# complete run, and a complete shard, say nothing.  The cut is made by dropping rows of a
# real (tiny, CPU) run, as a killed call leaves them.
#   sh tests/cli/run_gaps.sh SRCDIR MSABENCH
set -u
bin="${2:?MSABENCH}"
case "$bin" in /*) ;; *) bin="$PWD/$bin" ;; esac
tmp="$(mktemp -d /tmp/msabench_gaps_XXXXXX)"
trap 'rm -rf "$tmp"' EXIT
fail() {
    echo "FAIL: $*"
    exit 1
}
cat >"$tmp/s.yaml" <<'YAML'
name: gaps_cli
methods: [flash, msa, bigbird]
backends: [cpu]
axes:
  seq_len: [256, 384]
  heads_q: 4
  heads_kv: 2
  head_dim: 32
  index_dim: 32
  block_size: 32
  topk: 3
  causal: true
  seed: 1
timing: {warmup_ms: 1, min_samples: 1, max_samples: 2, max_noise: 10, timeout_s: 5}
validate: {rows: 2}
recall: {enabled: true, rows: 4}
YAML
"$bin" run "$tmp/s.yaml" -o "$tmp/full" --quiet >"$tmp/log" 2>&1 || { cat "$tmp/log"; fail "run exited non-zero"; }
rows=$(($(wc -l <"$tmp/full/results.csv") - 1))
[ "$rows" -ge 4 ] || fail "the tiny sweep wrote $rows rows"

# complete: no line
"$bin" report "$tmp/full" >"$tmp/r.md" 2>&1 || { cat "$tmp/r.md"; fail "report exited non-zero"; }
grep -q "not run" "$tmp/r.md" && { cat "$tmp/r.md"; fail "a complete run reported runs not run"; }

# cut: the last row gone (a row is one line: the keys are quoted, no newlines)
cp -r "$tmp/full" "$tmp/cut"
head -n "$rows" "$tmp/full/results.csv" >"$tmp/cut/results.csv"
gone=$(tail -n 1 "$tmp/full/results.csv" | sed 's/^[^"]*"[^"]*",\([^,]*\),\([^,]*\),\([^,]*\),.*/\1 \2\/\3/')
case "$gone" in bigbird\ *) ;; *) fail "the last row is '$gone', not bigbird's at N=384" ;; esac
"$bin" report "$tmp/cut" >"$tmp/r.md" 2>&1 || { cat "$tmp/r.md"; fail "report exited non-zero on the cut run"; }
total=$(sed -n 's/.*"assigned_runs": *\([0-9]*\).*/\1/p' "$tmp/full/meta.json")
[ "$total" = "$rows" ] || fail "meta.json assigned_runs $total, rows $rows"
# a shard resumed into the whole folder keeps the whole count (the other shard's points were
# assigned by the first run), so a later cut is still counted against all of them
cp -r "$tmp/full" "$tmp/pt"
"$bin" run "$tmp/s.yaml" -o "$tmp/pt" --resume --shard 0/2 --quiet >"$tmp/log" 2>&1 || { cat "$tmp/log"; fail "--shard 0/2 --resume exited non-zero"; }
ptotal=$(sed -n 's/.*"assigned_runs": *\([0-9]*\).*/\1/p' "$tmp/pt/meta.json")
[ "$ptotal" = "$total" ] || fail "a --shard 0/2 --resume rewrote assigned_runs $total -> $ptotal"
grep -Fq "**not run: 1 of the $total runs its sweep assigned have no row** (the run ended early; \`msabench run\` with \`--resume\` into this folder runs them): $gone prefill N=384 k=3" "$tmp/r.md" ||
    { cat "$tmp/r.md"; fail "the cut run's report lacks 'not run: 1 of the $total ... $gone'"; }
"$bin" plot "$tmp/cut" -o "$tmp/fig" --format png >"$tmp/p.log" 2>&1
grep -Fq "plot: warning: 1 of the $total runs this folder's sweep assigned have no row" "$tmp/p.log" ||
    { cat "$tmp/p.log"; fail "plot does not warn about the cut run"; }
# the frontier figure of N=384 (msa drawn against flash) names bigbird as not run
grep -Fq "$gone k=3 (not run: the run ended early)" "$tmp/fig/frontier-prefill-N384.gp" ||
    { cat "$tmp/p.log"; fail "the N=384 frontier figure's note does not name $gone"; }

# two configurations at one length: the missing run is named in its own figure's note only
sed -e 's/seq_len: \[256, 384\]/seq_len: 256/' -e 's/heads_q: 4/heads_q: [4, 8]/' "$tmp/s.yaml" >"$tmp/s2.yaml"
"$bin" run "$tmp/s2.yaml" -o "$tmp/two" --quiet >"$tmp/log" 2>&1 || { cat "$tmp/log"; fail "two-configuration run exited non-zero"; }
trows=$(($(wc -l <"$tmp/two/results.csv") - 1))
head -n "$trows" "$tmp/two/results.csv" >"$tmp/two/r2" && mv "$tmp/two/r2" "$tmp/two/results.csv"
"$bin" plot "$tmp/two" -o "$tmp/fig2" --format png >"$tmp/p.log" 2>&1
[ -f "$tmp/fig2/frontier-prefill-N256.gp" ] && [ -f "$tmp/fig2/frontier-prefill-N256-2.gp" ] ||
    { cat "$tmp/p.log"; fail "the two configurations at N=256 did not make two frontier figures"; }
named=$(grep -l "(not run: the run ended early)" "$tmp/fig2"/frontier-prefill-N256*.gp | wc -l)
[ "$named" = 1 ] || { cat "$tmp/p.log"; fail "the missing run is named in $named of the two N=256 figures (want 1)"; }

# without the sweep's copy the count stays, the names go (they cannot be told)
rm "$tmp/cut/sweep.yaml"
"$bin" report "$tmp/cut" >"$tmp/r.md" 2>&1 || fail "report exited non-zero without sweep.yaml"
grep -Fq "**not run: 1 of the $total runs its sweep assigned have no row** (the run ended early; \`msabench run\` with \`--resume\` into this folder runs them)" "$tmp/r.md" ||
    { cat "$tmp/r.md"; fail "the count without sweep.yaml"; }
grep -Fq "N=384 k=3" "$tmp/r.md" && { cat "$tmp/r.md"; fail "names runs it cannot tell"; }

# --resume fills the gap: nothing missing after it
cp "$tmp/full/sweep.yaml" "$tmp/cut/"
"$bin" run "$tmp/s.yaml" -o "$tmp/cut" --resume --quiet >"$tmp/log" 2>&1 || { cat "$tmp/log"; fail "resume exited non-zero"; }
"$bin" report "$tmp/cut" >"$tmp/r.md" 2>&1 || fail "report exited non-zero after resume"
grep -q "not run" "$tmp/r.md" && { cat "$tmp/r.md"; fail "runs reported missing after --resume"; }

# a cut folder from another device or another build is not resumed here: its rows and
# this run's would mix under one meta.json (which names only the last run's device/build)
fields=device # build_rev only where this build knows its revision (a git checkout)
grep -q '"build_rev": *"unknown"' "$tmp/full/meta.json" || fields="device build_rev"
grep -q '"implementations": *"[a-z]' "$tmp/full/meta.json" || fail "meta.json names no implementations"
for f in $fields; do
    cp -r "$tmp/full" "$tmp/o_$f"
    head -n "$rows" "$tmp/full/results.csv" >"$tmp/o_$f/results.csv"
    sed -i "s/\"$f\": *\"[^\"]*\"/\"$f\": \"0123456789ab other\"/" "$tmp/o_$f/meta.json"
    grep -q "\"$f\": \"0123456789ab other\"" "$tmp/o_$f/meta.json" || fail "could not edit $f"
    sum=$(cksum <"$tmp/o_$f/results.csv")
    if "$bin" run "$tmp/s.yaml" -o "$tmp/o_$f" --resume --quiet >"$tmp/log" 2>&1; then
        cat "$tmp/log"; fail "resumed a folder whose $f differs"
    fi
    grep -Fq "cannot resume: its rows were measured on" "$tmp/log" || { cat "$tmp/log"; fail "no reason for $f"; }
    [ "$(cksum <"$tmp/o_$f/results.csv")" = "$sum" ] || fail "the refused resume changed results.csv ($f)"
done

# a complete shard: its own share, nothing missing; the same shard cut by one row: named
"$bin" run "$tmp/s.yaml" -o "$tmp/sh" --shard 1/2 --quiet >"$tmp/log" 2>&1 || { cat "$tmp/log"; fail "shard run exited non-zero"; }
"$bin" report "$tmp/sh" >"$tmp/r.md" 2>&1 || fail "report exited non-zero on the shard"
grep -q "not run" "$tmp/r.md" && { cat "$tmp/r.md"; fail "a complete shard reported runs not run"; }
srows=$(($(wc -l <"$tmp/sh/results.csv") - 1))
gone=$(tail -n 1 "$tmp/sh/results.csv" | sed 's/^[^"]*"[^"]*",\([^,]*\),\([^,]*\),\([^,]*\),.*/\1 \2\/\3/')
head -n "$srows" "$tmp/sh/results.csv" >"$tmp/sh/r2" && mv "$tmp/sh/r2" "$tmp/sh/results.csv"
"$bin" report "$tmp/sh" >"$tmp/r.md" 2>&1 || fail "report exited non-zero on the cut shard"
grep -Fq "**not run: 1 of the $srows runs its sweep assigned have no row**" "$tmp/r.md" &&
    grep -Fq "runs them): $gone prefill N=" "$tmp/r.md" ||
    { cat "$tmp/r.md"; fail "the cut shard's missing run ($gone) is not named"; }
echo "ok: report and plot name the runs a cut run lacks ($total runs, shard $srows)"
