#!/usr/bin/env bash
# fuzz.sh [SECONDS] [TARGET ...] - libFuzzer + ASan + UBSan on the parsers.
# Targets: sweep (the sweep loader), csv (the CSV reader of compare, merge and
# plot), npy (the .npy reader), meta (the meta.json reader); default all.
# Builds the library once with clang into build/fuzz/lib, links
# build/fuzz/fuzz_TARGET for each, runs each for SECONDS (default 60) over a
# copy of its seed corpus (tests/fuzz/corpus for sweep, tests/fuzz/corpus_TARGET
# otherwise) with its dictionary when there is one, and exits non-zero on a
# crash (reproducers: build/fuzz/TARGET/crash-*).
set -euo pipefail
secs=${1:-60}
shift || true
targets=("$@")
[ ${#targets[@]} -gt 0 ] || targets=(sweep csv npy meta)
root=$(cd "$(dirname "$0")/.." && pwd)
out=$root/build/fuzz
mkdir -p "$out/lib"

cc=${CC_FUZZ:-clang}
cblas=""
for d in /usr/include/x86_64-linux-gnu/openblas-pthread /usr/include/openblas /usr/include/x86_64-linux-gnu /usr/include; do
    if [ -f "$d/cblas.h" ]; then cblas=$d; break; fi
done
[ -n "$cblas" ] || { echo "fuzz.sh: cblas.h not found (apt-get install libopenblas-dev)" >&2; exit 2; }

srcs=()
for f in "$root"/src/*.c "$root"/kernels/*/*.c "$root"/baselines/*/*.c; do
    [ -e "$f" ] || continue
    [ "$(basename "$f")" = main.c ] && [ "$(dirname "$f")" = "$root/src" ] && continue
    srcs+=("$f")
done

# src/meta.c includes the generated build_rev.h, as in the CMake build
cmake -DSRC="$root" -DOUT="$out/generated/build_rev.h" -P "$root/scripts/build_rev.cmake"
cflags=(-std=c11 -g -O1 -fno-omit-frame-pointer -fsanitize=fuzzer-no-link,address,undefined
    -fno-sanitize-recover=undefined
    -D_POSIX_C_SOURCE=200809L -D_DEFAULT_SOURCE
    -DMSABENCH_VERSION='"x"' -DMSABENCH_C_FLAGS='"x"' -DMSABENCH_COMPILER='"x"'
    -I"$root/src" -I"$root/kernels" -I"$root/baselines" -I"$out/generated" -I"$cblas")
# one object per source, rebuilt when the source is newer; then one archive
echo "fuzz.sh: building the library (${#srcs[@]} sources) with $cc"
objs=()
pids=()
jobs=$(nproc 2>/dev/null || echo 2)
for f in "${srcs[@]}"; do
    o=$out/lib/$(echo "${f#"$root"/}" | tr / _).o
    objs+=("$o")
    if [ ! -e "$o" ] || [ "$f" -nt "$o" ] || [ "$0" -nt "$o" ]; then
        "$cc" "${cflags[@]}" -c "$f" -o "$o" &
        pids+=($!)
        if [ ${#pids[@]} -ge "$jobs" ]; then wait "${pids[0]}"; pids=("${pids[@]:1}"); fi
    fi
done
for p in "${pids[@]}"; do wait "$p"; done
rm -f "$out/lib/libmsabench_fuzz.a"
ar rcs "$out/lib/libmsabench_fuzz.a" "${objs[@]}"

rc_all=0
for t in "${targets[@]}"; do
    src=$root/tests/fuzz/fuzz_$t.c
    [ -f "$src" ] || { echo "fuzz.sh: no target '$t' ($src)" >&2; exit 2; }
    corpus=$root/tests/fuzz/corpus_$t
    [ "$t" = sweep ] && corpus=$root/tests/fuzz/corpus
    dict=()
    [ -f "$root/tests/fuzz/$t.dict" ] && dict=(-dict="$root/tests/fuzz/$t.dict")
    "$cc" "${cflags[@]}" -fsanitize=fuzzer "$src" "$out/lib/libmsabench_fuzz.a" \
        -o "$out/fuzz_$t" -lopenblas -lyaml -ljansson -lm -lpthread
    # Work on a copy so the committed seed corpus stays small and reviewed.
    work=$out/$t
    rm -rf "$work"
    mkdir -p "$work"
    cp -r "$corpus" "$work/corpus"
    echo "fuzz.sh: running fuzz_$t for ${secs}s"
    set +e
    (cd "$work" && "$out/fuzz_$t" -max_total_time="$secs" "${dict[@]}" -max_len=65536 \
        -timeout=10 -rss_limit_mb=2048 -print_final_stats=1 -artifact_prefix="$work/" corpus \
        2>&1 | tee "$work/fuzz.log")
    rc=${PIPESTATUS[0]}
    set -e
    if [ "$rc" -ne 0 ]; then
        echo "fuzz.sh: fuzz_$t found a problem (exit $rc); reproducers:" >&2
        ls "$work"/crash-* "$work"/leak-* "$work"/timeout-* "$work"/oom-* 1>&2 2>/dev/null || true
        rc_all=1
    fi
done
[ "$rc_all" -eq 0 ] || exit 1
echo "fuzz.sh: no crash (${targets[*]})"
