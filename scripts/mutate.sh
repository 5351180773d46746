#!/bin/sh
# scripts/mutate.sh [LIST] - mutation score of the CPU test suite (issue 17).
# Each line of LIST (default scripts/mutants.txt) is one one-line mutant:
#   file<TAB>text<TAB>replacement      ('#' lines and blank lines skipped)
# The first occurrence of text in file is replaced (literally) in a scratch
# copy of the tracked tree (mktemp -d); the copy is built once without CUDA
# and then incrementally (only the mutated file is touched), the
# `unit|cpu|cli` suite runs, and the mutant is killed when the build or any
# test fails.  Prints killed/survived per mutant and the score.  Slow (each
# mutant is a rebuild plus the suite); CI does not run it.
# MUTATE_TESTS=REGEX limits ctest to matching tests (quick checks only; the
# score is quoted for the whole suite).
set -eu
root=$(cd "$(dirname "$0")/.." && pwd)
list=${1:-$root/scripts/mutants.txt}
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT INT TERM
mkdir "$scratch/tree"
(cd "$root" && git ls-files -z | xargs -0 tar cf -) | (cd "$scratch/tree" && tar xf -)
cmake -S "$scratch/tree" -B "$scratch/build" -DMSABENCH_CUDA=OFF >"$scratch/cfg.log" 2>&1 ||
    { cat "$scratch/cfg.log"; exit 2; }
cmake --build "$scratch/build" -j2 >"$scratch/build.log" 2>&1 || { tail -20 "$scratch/build.log"; exit 2; }
sel=${MUTATE_TESTS:-}
# A kill counts only against a green tree: the unmutated suite must pass first.
if ! ctest --test-dir "$scratch/build" -L 'unit|cpu|cli' ${sel:+-R "$sel"} -j2 --timeout 300 \
    >"$scratch/t.log" 2>&1 </dev/null; then
    echo "mutate.sh: the unmutated tree fails its suite; no score:" >&2
    grep -E 'Failed|\*\*\*' "$scratch/t.log" >&2
    exit 2
fi
echo "unmutated tree: suite passes"
killed=0 survived=0 n=0
tab=$(printf '\t')
while IFS="$tab" read -r file text repl; do
    case "$file" in '' | '#'*) continue ;; esac
    n=$((n + 1))
    f="$scratch/tree/$file"
    cp "$f" "$scratch/orig"
    if ! MUT_TEXT="$text" MUT_REPL="$repl" python3 -c '
import os, sys
p = sys.argv[1]; s = open(p).read(); a = os.environ["MUT_TEXT"]
if a not in s: sys.exit(1)
open(p, "w").write(s.replace(a, os.environ["MUT_REPL"], 1))' "$f" </dev/null; then
        echo "mutant $n: NOT APPLIED ($file: text not found: $text)"
        exit 2
    fi
    verdict=survived
    if ! cmake --build "$scratch/build" -j2 >"$scratch/m.log" 2>&1 </dev/null; then
        verdict="killed (build)"
    else
        # Same suite as `-L 'unit|cpu|cli'`, cheapest label first, stopping at
        # the first failure: a killed mutant costs seconds, a survivor the suite.
        for lab in unit cpu cli; do
            if ! ctest --test-dir "$scratch/build" -L "^$lab\$" ${sel:+-R "$sel"} -j2 \
                --stop-on-failure --timeout 300 >"$scratch/t.log" 2>&1 </dev/null; then
                verdict="killed ($(grep -o '[0-9]* - [a-z_0-9]*' "$scratch/t.log" | sed 's/^[0-9]* - //' | tr '\n' ' '))"
                break
            fi
        done
    fi
    case "$verdict" in killed*) killed=$((killed + 1)) ;; *) survived=$((survived + 1)) ;; esac
    echo "mutant $n: $verdict: $file: $text -> $repl"
    cp "$scratch/orig" "$f"
done <"$list"
echo "mutation score: $killed killed, $survived survived of $n ($((n ? 100 * killed / n : 0))%)"
