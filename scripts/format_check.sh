#!/bin/sh
# Formatting check for CI: clang-format --dry-run --Werror (style: .clang-format)
# on the files given, or on every tracked C/CUDA file (*.c *.h *.cu *.cuh) when
# none are given.  Changes nothing; exits 1 naming the files that differ.
#   scripts/format_check.sh [FILE...]
# CLANG_FORMAT=clang-format-14 picks the binary (versions format differently;
# install_deps.sh installs Debian's clang-format).
set -eu
cd "$(dirname "$0")/.."
cf="${CLANG_FORMAT:-clang-format}"
if ! command -v "$cf" >/dev/null 2>&1; then
    echo "format_check: $cf not found (apt-get install clang-format, or scripts/install_deps.sh)" >&2
    exit 2
fi
list=$(mktemp /tmp/msabench_fmt_XXXXXX)
trap 'rm -f "$list"' EXIT
if [ $# -gt 0 ]; then
    for f in "$@"; do
        printf '%s\n' "$f"
    done >"$list"
elif git rev-parse --is-inside-work-tree >/dev/null 2>&1; then
    git ls-files -- '*.c' '*.h' '*.cu' '*.cuh' >"$list"
else
    find src kernels baselines tests -type f \( -name '*.c' -o -name '*.h' -o -name '*.cu' \
        -o -name '*.cuh' \) | sort >"$list"
fi
n=0
bad=0
while IFS= read -r f; do
    [ -n "$f" ] || continue
    n=$((n + 1))
    if [ ! -f "$f" ]; then
        echo "format_check: $f: no such file" >&2
        bad=$((bad + 1))
    elif ! "$cf" --dry-run --Werror "$f" >/dev/null 2>&1; then
        echo "format_check: $f differs from .clang-format (see: $cf --dry-run $f)"
        bad=$((bad + 1))
    fi
done <"$list"
echo "format_check: $("$cf" --version | head -n 1): $bad of $n files need formatting"
[ "$bad" -eq 0 ]
