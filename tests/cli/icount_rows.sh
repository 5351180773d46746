#!/bin/sh
# msabench_icount (the instruction-count gate's driver): the rows file is only
# parsed, never executed; each bad row is refused with FILE:LINE and exit 2;
# every committed row runs (natively here: the gate runs it under callgrind)
# and the baseline lists exactly the committed rows.
#   sh tests/cli/icount_rows.sh SRCDIR MSABENCH
set -u
src="${1:?SRCDIR}"
bin="$(dirname "${2:?MSABENCH}")/msabench_icount"
[ -x "$bin" ] || { echo "skip: $bin not built (no valgrind/callgrind.h)"; exit 77; }
tmp="$(mktemp -d /tmp/msabench_icount_rows_XXXXXX)"
trap 'rm -rf "$tmp"' EXIT
fail=0
bad() { # NAME CONTENT EXPECTED-TEXT
    printf '%s\n' "$2" >"$tmp/$1.rows"
    out=$("$bin" "$tmp/$1.rows" --list 2>&1); rc=$?
    if [ "$rc" -ne 2 ] || ! printf '%s' "$out" | grep -q "$1.rows:[0-9]*: .*$3"; then
        echo "FAIL: $1: exit $rc, output: $out"; fail=1
    fi
}
bad unknown_key "a method=flash backend=cpu bogus=1" "bad field 'bogus=1'"
bad bad_number "a method=flash backend=cpu seq_len=12x" "bad field 'seq_len=12x'"
bad too_big "a method=flash backend=cpu seq_len=99999999" "seq_len"
bad no_value "a method=flash backend=cpu seq_len" "bad field 'seq_len'"
bad dup_name "a method=flash backend=cpu
a method=gqa backend=cpu" "appears twice"
bad shell_name "\$(touch$tmp/pwned) method=flash backend=cpu" "bad row name"
bad shell_value "a method=\`touch$tmp/pwned\` backend=cpu" "bad field"
bad no_method "a backend=cpu" "needs method="
[ -e "$tmp/pwned" ] && { echo "FAIL: a row ran a command"; fail=1; }
"$bin" "$tmp/unknown_key.rows" nosuch >/dev/null 2>&1 && { echo "FAIL: unknown row ran"; fail=1; }

rows="$src/experiments/icount.rows"
names=$("$bin" "$rows" --list) || { echo "FAIL: $rows does not parse"; exit 1; }
for n in $names; do
    OPENBLAS_NUM_THREADS=1 MSABENCH_THREADS=1 "$bin" "$rows" "$n" >"$tmp/out" 2>&1 ||
        { echo "FAIL: row $n: $(cat "$tmp/out")"; fail=1; }
done
base=$(grep -v '^#' "$src/results/baseline/icount.csv" | sed 1d | cut -d, -f1)
[ "$base" = "$names" ] || { echo "FAIL: results/baseline/icount.csv rows differ from $rows"; fail=1; }
[ "$fail" -eq 0 ] && echo "icount_rows: ok ($(echo $names | wc -w) rows)"
exit "$fail"
