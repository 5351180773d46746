#!/bin/sh
# The README's second command (and what CI runs through .ci/run): install what is
# missing, check formatting, build with -Werror, run every CPU test, rerun the unit and cpu tests
# under AddressSanitizer + UBSan, fuzz each parser (sweep, CSV, .npy, meta.json)
# for 20 s when clang is present, and run the CPU regression gate and the
# instruction-count gate (skipped without valgrind).  GPU tests skip (exit 77) without a GPU.
set -eu
cd "$(dirname "$0")/.."
JOBS="$(nproc)"
sh scripts/install_deps.sh

echo "== formatting (clang-format, .clang-format)"
sh scripts/format_check.sh

echo "== build (ci preset: -Werror)"
cmake --preset ci >/dev/null
cmake --build build/ci -j"$JOBS"
echo "== tests"
ctest --test-dir build/ci --output-on-failure -j"$JOBS"

echo "== tests under ASan + UBSan"
cmake --preset asan >/dev/null
cmake --build build/asan -j"$JOBS"
ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1 \
    ctest --test-dir build/asan --output-on-failure -j"$JOBS" -L "unit|cpu|cli"

if command -v clang >/dev/null 2>&1 && [ -x scripts/fuzz.sh ]; then
    echo "== fuzzing each parser for 20 s (sweep loader, CSV, .npy, meta.json)"
    bash scripts/fuzz.sh 20 sweep csv npy meta
else
    echo "== fuzzing skipped (no clang)"
fi

if [ -x scripts/ci_gate.sh ]; then
    echo "== CPU regression gate"
    sh scripts/ci_gate.sh build/ci/msabench
fi

# Instruction counts see 5% where the timing gate sees 2x (issue 18); the timing
# gate stays for what counts cannot see (memory-bound changes).
echo "== instruction-count gate (callgrind, one call per row; +3% fails)"
rc=0
sh scripts/icount_gate.sh --bin build/ci/msabench_icount || rc=$?
if [ "$rc" -eq 77 ]; then
    echo "== instruction-count gate skipped (see above)"
elif [ "$rc" -ne 0 ]; then
    exit "$rc"
fi
echo "test.sh: all passed"
