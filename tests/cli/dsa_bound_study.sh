#!/bin/sh
# msabench_dsa_bound (baselines/dsa/study) runs end to end at N 64K: twelve (block, T) rows,
# bound counts within the 2 rows x 4 groups sampled, every row sampled bounded at block 16 /
# T 1024 (its rows see >= 2048 blocks), and candidates >= T wherever a median is printed
# (the bound's guarantee); then 3 rows of the top-k bucket table; no NaN; bad arguments exit 2
# with the argument named.
#   sh tests/cli/dsa_bound_study.sh SRCDIR MSABENCH
set -u
bin="$(dirname "${2:?MSABENCH}")/msabench_dsa_bound"
[ -x "$bin" ] || { echo "no $bin"; exit 1; }
out="$("$bin" 65536 2 4 7 2>/dev/null)" || { echo "FAIL: exit $?"; exit 1; }
n="$(printf '%s\n' "$out" | grep -c '^| 65536 |')"
[ "$n" = 15 ] || { echo "FAIL: $n table rows, not 12 + 3"; printf '%s\n' "$out"; exit 1; }
if printf '%s\n' "$out" | grep -q -i nan; then echo "FAIL: NaN in the table"; exit 1; fi
printf '%s\n' "$out" | awk -F'|' '/^\| 65536 / && NF == 7 { # the top-k bucket table
        buckets++; if ($4 + 0 < 1 || $5 + 0 < $4 + 0 || $6 !~ / of 8 /) bad = 1 }
    /^\| 65536 / && NF == 9 {
        split($5, a, " of "); if (a[1] + 0 > a[2] + 0 || a[2] + 0 != 8) bad = 1
        if ($3 + 0 == 16 && $4 + 0 == 1024) { seen = 1; if (a[1] + 0 != 8) bad = 1 }
        if ($7 !~ /-/ && ($7 + 0 < 1 || $8 + 0 < $7 + 0)) bad = 1 }
    END { exit bad || !seen || buckets != 3 }' || { echo "FAIL: bound counts or candidate ratios wrong"; printf '%s\n' "$out"; exit 1; }
for bad in "12" "16384 0" "16384 2 6" "16384 2 4 x"; do
    # shellcheck disable=SC2086 # each case is several arguments
    if "$bin" $bad >/dev/null 2>"/tmp/dsa_bound_err.$$"; then echo "FAIL: '$bad' accepted"; exit 1; fi
    grep -q "msabench_dsa_bound" "/tmp/dsa_bound_err.$$" || { echo "FAIL: '$bad': no error"; exit 1; }
done
rm -f "/tmp/dsa_bound_err.$$"
echo "ok: msabench_dsa_bound, 12 + 3 rows at N 65536, bad arguments refused"
