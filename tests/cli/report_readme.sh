#!/bin/sh
# Every README block between `<!-- report: DIR -->` and `<!-- /report -->` must be
# exactly what `msabench report DIR` prints from the committed results.
#   sh tests/cli/report_readme.sh SRCDIR MSABENCH
set -u
src="${1:?SRCDIR}"
bin="${2:?MSABENCH}"
tmp="$(mktemp -d /tmp/msabench_report_XXXXXX)"
trap 'rm -rf "$tmp"' EXIT
cd "$src" || exit 2
# A block's marker may carry report options after DIR: <!-- report: DIR --tables recall,error -->
specs="$(sed -n 's/^<!-- report: \(.*\) -->$/\1/p' README.md)"
[ -n "$specs" ] || { echo "FAIL: README.md has no report block"; exit 1; }
fail=0
set -f # the words of a marker are arguments, never patterns
while IFS= read -r spec; do
    awk -v s="$spec" '$0 == "<!-- report: " s " -->" { on = 1; next }
                      on && $0 == "<!-- /report -->" { exit }
                      on { print }' README.md >"$tmp/readme.md"
    # shellcheck disable=SC2086 # DIR and its options, split on blanks
    if ! "$bin" report $spec >"$tmp/report.md"; then
        echo "FAIL: msabench report $spec exited non-zero"
        fail=1
    elif ! diff -u "$tmp/readme.md" "$tmp/report.md"; then
        echo "FAIL: README's block for $spec differs from msabench report $spec"
        fail=1
    else
        echo "ok: README's block for $spec = msabench report $spec ($(wc -l <"$tmp/report.md") lines)"
    fi
done <<EOF
$specs
EOF
exit $fail
