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
dirs="$(sed -n 's/^<!-- report: \(.*\) -->$/\1/p' README.md)"
[ -n "$dirs" ] || { echo "FAIL: README.md has no report block"; exit 1; }
fail=0
for d in $dirs; do
    awk -v d="$d" '$0 == "<!-- report: " d " -->" { on = 1; next }
                   on && $0 == "<!-- /report -->" { exit }
                   on { print }' README.md >"$tmp/readme.md"
    if ! "$bin" report "$d" >"$tmp/report.md"; then
        echo "FAIL: msabench report $d exited non-zero"
        fail=1
    elif ! diff -u "$tmp/readme.md" "$tmp/report.md"; then
        echo "FAIL: README's block for $d differs from msabench report $d"
        fail=1
    else
        echo "ok: README's block for $d = msabench report $d ($(wc -l <"$tmp/report.md") lines)"
    fi
done
exit $fail
