#!/usr/bin/env bash
# fuzz.sh [SECONDS] - libFuzzer + ASan + UBSan on the sweep loader.
# Builds build/fuzz/fuzz_sweep with clang from every library source, runs it
# for SECONDS (default 60) over a copy of tests/fuzz/corpus with the
# dictionary, and exits non-zero on a crash (reproducers: build/fuzz/crash-*).
set -euo pipefail
secs=${1:-60}
root=$(cd "$(dirname "$0")/.." && pwd)
out=$root/build/fuzz
mkdir -p "$out"

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
echo "fuzz.sh: building $out/fuzz_sweep (${#srcs[@]} library sources)"
"$cc" -std=c11 -g -O1 -fno-omit-frame-pointer -fsanitize=fuzzer,address,undefined \
    -fno-sanitize-recover=undefined \
    -D_POSIX_C_SOURCE=200809L -D_DEFAULT_SOURCE \
    -DMSABENCH_VERSION='"x"' -DMSABENCH_C_FLAGS='"x"' -DMSABENCH_COMPILER='"x"' \
    -I"$root/src" -I"$root/kernels" -I"$root/baselines" -I"$out/generated" -I"$cblas" \
    "$root/tests/fuzz/fuzz_sweep.c" "${srcs[@]}" \
    -o "$out/fuzz_sweep" -lopenblas -lyaml -lm -lpthread

# Work on a copy so the committed seed corpus stays small and reviewed.
rm -rf "$out/corpus"
cp -r "$root/tests/fuzz/corpus" "$out/corpus"
cd "$out"
echo "fuzz.sh: running for ${secs}s"
set +e
./fuzz_sweep -max_total_time="$secs" -dict="$root/tests/fuzz/sweep.dict" -max_len=65536 \
    -timeout=10 -rss_limit_mb=2048 -print_final_stats=1 -artifact_prefix="$out/" corpus \
    2>&1 | tee "$out/fuzz.log"
rc=${PIPESTATUS[0]}
set -e
if [ "$rc" -ne 0 ]; then
    echo "fuzz.sh: the fuzzer found a problem (exit $rc); reproducers:" >&2
    ls "$out"/crash-* "$out"/leak-* "$out"/timeout-* "$out"/oom-* 1>&2 2>/dev/null || true
    exit 1
fi
echo "fuzz.sh: no crash"
