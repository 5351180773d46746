#!/bin/sh
# icount_gate.sh - the instruction-count regression gate (issue 18): each row of
# experiments/icount.rows is ONE call of one CPU implementation on a small
# shape, run by msabench_icount under callgrind with only that call
# instrumented.  Instruction counts (Ir) are deterministic (one thread, fixed
# seeds, OpenBLAS and glibc pinned to one kernel set), so a row FAILS when its count
# grows by more than the threshold (3%) over results/baseline/icount.csv.
#
#   scripts/icount_gate.sh [--update] [--threshold PCT] [--bin MSABENCH_ICOUNT]
#                          [--rows FILE] [--baseline FILE] [--jobs N]
#
# Two counts per row are compared: ir_own (instructions in msabench's own code,
# the driver binary) and ir_total (own + OpenBLAS + libc).  ir_total is compared
# only when the machine's OpenBLAS and glibc are those the baseline recorded;
# with another compiler nothing is compared (the gate says so and exits 0):
# counts from other builds are not comparable, and a false alarm is worse than
# a skip.  --update rewrites the baseline.  Exit: 0 pass, 1 a row FAILED or
# ERRORed, 2 usage, 77 skipped (no valgrind or no msabench_icount).
set -u
cd "$(dirname "$0")/.."
bin=build/ci/msabench_icount rows=experiments/icount.rows base=results/baseline/icount.csv
thr=3 update=0 jobs=$(nproc 2>/dev/null || echo 2)
while [ $# -gt 0 ]; do
    case "$1" in
    --update) update=1 ;;
    --threshold) thr="${2:?}"; shift ;;
    --bin) bin="${2:?}"; shift ;;
    --rows) rows="${2:?}"; shift ;;
    --baseline) base="${2:?}"; shift ;;
    --jobs) jobs="${2:?}"; shift ;;
    *) echo "icount_gate: unknown argument '$1'" >&2; exit 2 ;;
    esac
    shift
done
thr=${thr%\%}
case "$thr" in '' | *[!0-9.]*) echo "icount_gate: --threshold wants a number, got '$thr'" >&2; exit 2 ;; esac
case "$jobs" in '' | *[!0-9]* | 0) echo "icount_gate: --jobs wants a positive integer" >&2; exit 2 ;; esac
if ! command -v valgrind >/dev/null 2>&1; then
    echo "icount_gate: skipped: valgrind is not installed (apt-get install valgrind)"
    exit 77
fi
if [ ! -x "$bin" ]; then
    echo "icount_gate: skipped: $bin not built (needs valgrind/callgrind.h at configure time)"
    exit 77
fi

# Determinism: one thread everywhere, and the same OpenBLAS kernels and glibc
# string/math variants on every x86-64 host with AVX.  No FMA: valgrind
# emulates each FMA in software, so the Haswell kernels ran 9x slower under it
# (full-cpu-prefill 3.8 s against 0.4 s with Sandybridge's).
export OPENBLAS_NUM_THREADS=1 OMP_NUM_THREADS=1 MSABENCH_THREADS=1
export OPENBLAS_CORETYPE="${OPENBLAS_CORETYPE:-Sandybridge}"
export GLIBC_TUNABLES="${GLIBC_TUNABLES:-glibc.cpu.hwcaps=-AVX2,-FMA}"
fp=$(valgrind -q "$bin" --fingerprint) || { echo "icount_gate: $bin --fingerprint failed" >&2; exit 1; }
names=$("$bin" "$rows" --list) || exit 1 # the driver parses the file: names are [a-z0-9_-]
tmp=$(mktemp -d /tmp/msabench_icount_XXXXXX)
trap 'rm -rf "$tmp"' EXIT
t0=$(date +%s)

# one process per row, $jobs at a time; each leaves tmp/NAME.cg (or NAME.err)
printf '%s\n' $names | xargs -P "$jobs" -n 1 sh -c '
    valgrind --tool=callgrind --instr-atstart=no --callgrind-out-file="$3/$4.cg" \
        "$1" "$2" "$4" >"$3/$4.log" 2>&1 || mv "$3/$4.log" "$3/$4.err"' sh "$bin" "$rows" "$tmp"

# self cost per object: ob= names the object of the fn= lines that follow; the
# cost line after calls= is a callee's inclusive cost, not this function's.
counts() {
    awk -v own="$(readlink -f "$bin")" '
    /^ob=/ { s = substr($0, 4)
             if (match(s, /^\([0-9]+\)/)) { id = substr(s, 1, RLENGTH); r = substr(s, RLENGTH + 2)
                                            if (r != "") nm[id] = r; cur = nm[id] } else cur = s
             next }
    /^calls=/ { skip = 1; next }
    /^[0-9+*-]/ { if (skip) { skip = 0; next }
                  if (cur == own) o += $2; else if (cur ~ /openblas/) b += $2; else x += $2 }
    END { printf "%.0f,%.0f,%.0f,%.0f\n", o + b + x, o, b, x }' "$1"
}
{
    echo "row,ir_total,ir_own,ir_blas,ir_other"
    for n in $names; do
        if [ -f "$tmp/$n.cg" ] && [ ! -f "$tmp/$n.err" ]; then
            echo "$n,$(counts "$tmp/$n.cg")"
        else
            echo "$n,ERROR,,,"
        fi
    done
} >"$tmp/new.csv"
secs=$(($(date +%s) - t0))

if [ "$update" -eq 1 ]; then
    if grep -q ',ERROR,' "$tmp/new.csv"; then
        echo "icount_gate: not updating: a row did not run:" >&2
        for f in "$tmp"/*.err; do [ -f "$f" ] && tail -3 "$f" >&2; done
        exit 1
    fi
    mkdir -p "$(dirname "$base")"
    {
        echo "# msabench instruction counts, one call per row (scripts/icount_gate.sh --update)"
        echo "# fingerprint: $fp"
        echo "# valgrind: $(valgrind --version); rows: $rows"
        cat "$tmp/new.csv"
    } >"$base.tmp" && mv "$base.tmp" "$base"
    echo "icount_gate: baseline $base rewritten ($(($(wc -l <"$tmp/new.csv") - 1)) rows, ${secs}s)"
    exit 0
fi

if [ ! -f "$base" ]; then
    echo "icount_gate: no baseline $base: run scripts/icount_gate.sh --update and commit it" >&2
    exit 1
fi
bfp=$(sed -n 's/^# fingerprint: //p' "$base")
field() { printf '%s\n' "$1" | tr ';' '\n' | sed -n "s/^ *$2=//p"; }
if [ "$(field "$bfp" compiler)" != "$(field "$fp" compiler)" ]; then
    echo "icount_gate: skipped: the baseline was counted with compiler '$(field "$bfp" compiler)'," \
        "this build uses '$(field "$fp" compiler)': counts are not comparable" \
        "(scripts/icount_gate.sh --update on this toolchain, then commit the baseline)"
    exit 0
fi
cmp_total=1
if [ "$bfp" != "$fp" ]; then
    cmp_total=0
    echo "icount_gate: note: OpenBLAS/glibc differ from the baseline's; comparing ir_own only"
    echo "  baseline: $bfp"
    echo "  here:     $fp"
fi

grep -v '^#' "$base" >"$tmp/base.csv"
printf '%-24s %14s %14s %8s %8s  %s\n' row base_ir_total new_ir_total total own verdict
awk -F, -v thr="$thr" -v cmp_total="$cmp_total" -v secs="$secs" '
FNR == 1 { next }
FILENAME == ARGV[1] { bt[$1] = $2; bo[$1] = $3; order[++nb] = $1; next }
function pct(a, b) { return b > 0 ? 100 * (a - b) / b : 0 }
{
    n = $1; seen[n] = 1
    if ($2 == "ERROR") { printf "%-24s %14s %14s %8s %8s  ERROR (did not run)\n", n, "", "", "", ""; bad++; next }
    if (!(n in bt)) { printf "%-24s %14s %14d %8s %8s  NEW (not in the baseline)\n", n, "", $2, "", ""; nnew++; next }
    dt = pct($2, bt[n]); do_ = pct($3, bo[n])
    if ($2 != bt[n] || $3 != bo[n]) nchg++
    v = "ok"
    if (do_ > thr || (cmp_total && dt > thr)) { v = "FAIL"; bad++ }
    else if (do_ < -thr || (cmp_total && dt < -thr)) v = "fewer (--update to lock it in)"
    printf "%-24s %14d %14d %+7.2f%% %+7.2f%%  %s\n", n, bt[n], $2, dt, do_, v
    nrow++
}
END {
    for (i = 1; i <= nb; i++) if (!(order[i] in seen)) { printf "%-24s MISSING (in the baseline, not in the rows)\n", order[i]; nmiss++ }
    printf "summary: %d rows compared, %d changed, %d failed (threshold +%s%% on ir_own%s), %d new, %d missing, %ss\n",
        nrow, nchg, bad, thr, cmp_total ? " and ir_total" : "", nnew, nmiss, secs
    exit bad > 0
}' "$tmp/base.csv" "$tmp/new.csv"
rc=$?
[ "$rc" -eq 0 ] || for f in "$tmp"/*.err; do [ -f "$f" ] && { echo "--- $f"; tail -5 "$f"; }; done
exit "$rc"
