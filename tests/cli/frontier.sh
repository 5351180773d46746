#!/bin/sh
# Issue 15's frontier from a run folder: `msabench report DIR --tables frontier` and
# `msabench plot DIR` on a hand-written results.csv + peers.csv.  TEST DATA: every number
# below is made up for this test (reason "synthetic test data"), nothing was measured.
# Checks: speedup = cuDNN peer ms / row ms (10.00x, not 0.10x), the base of each point
# (the cuDNN peer of its own point; an estimated peer is no base; else the fastest flash,
# and the figure's x label says so), budgets from the declarations ("k=16", "1024 tok"),
# rows not ok never drawn, a length without any base gets no figure, and CSV text never
# runs as gnuplot code.
#   sh tests/cli/frontier.sh SRCDIR MSABENCH
set -u
bin="${2:?MSABENCH}"
case "$bin" in /*) ;; *) bin="$PWD/$bin" ;; esac
tmp="$(mktemp -d /tmp/msabench_frontier_XXXXXX)"
trap 'rm -rf "$tmp"' EXIT
fail() {
    echo "FAIL: $*"
    exit 1
}
H="sweep,key,method,backend,variant,status,reason,mode,causal,batch,seq_len,q_len,heads_q,heads_kv,head_dim,index_dim,block_size,topk,bb_window,bb_global,bb_random,data,index_noise,seed,dtype,median_ms,block_recall,score_recall,mass_coverage"
# key and shape columns of a point: N topk bb_random [extra key tokens]
pt() {
    printf '"prefill,c1,B1,N%s,q%s,hq64,hkv4,d128,di128,bk128,k%s,bbw3,bbg2,bbr%s,pfm0,pfc64,structured,noise0.5,s5,bf16%s"' \
        "$1" "$1" "$2" "$3" "${4:-}"
}
sh_() { # the shape columns after status,reason
    printf 'prefill,1,1,%s,%s,64,4,128,128,128,%s,3,2,%s,structured,0.5,5,bf16' "$1" "$1" "$2" "$3"
}
mkdir "$tmp/run"
{
    echo "$H"
    echo "t,$(pt 131072 16 11),flash,cuda,wgmma_v1,ok,synthetic test data,$(sh_ 131072 16 11),600,,,"
    echo "t,$(pt 131072 16 11),msa,cuda,kv_outer,ok,synthetic test data,$(sh_ 131072 16 11),40,0.7,0.9,0.85"
    echo "t,$(pt 131072 16 11),msa,cuda,q_outer,ok,synthetic test data,$(sh_ 131072 16 11),50,0.7,0.9,0.85"
    echo "t,$(pt 131072 8 3 ,dsa_tokens=1024),dsa,cuda,v1,ok,synthetic test data,$(sh_ 131072 8 3),25,0.6,0.8,0.9"
    echo "t,$(pt 131072 16 11),bigbird,cuda,q_outer,skipped,synthetic test data,$(sh_ 131072 16 11),,,,"
    echo "t,$(pt 131072 16 11 ,nsa_local=1),nsa,cuda,\"v1' ; system('touch PWNED') ; print '\",failed,\"x\"\"; system(\"\"touch PWNED2\"\")\",$(sh_ 131072 16 11),,,,"
    echo "t,$(pt 131072 16 11),moba,cuda,v1,estimated,synthetic test data,$(sh_ 131072 16 11),30,0.5,0.6,0.7"
    echo "t,$(pt 131072 32 27 ,dsa_tokens=4096),flash,cuda,wgmma_v1,ok,synthetic test data,$(sh_ 131072 32 27),640,,,"
    echo "t,$(pt 131072 32 27 ,dsa_tokens=4096),msa,cuda,kv_outer,ok,synthetic test data,$(sh_ 131072 32 27),80,0.8,0.95,0.9"
    echo "t,$(pt 262144 16 11),flash,cuda,wgmma_v1,ok,synthetic test data,$(sh_ 262144 16 11),2000,,,"
    echo "t,$(pt 262144 16 11),msa,cuda,kv_outer,ok,synthetic test data,$(sh_ 262144 16 11),100,0.65,0.85,0.8"
    echo "t,$(pt 1048576 16 11),msa,cuda,kv_outer,ok,synthetic test data,$(sh_ 1048576 16 11),500,0.6,0.8,0.75"
} >"$tmp/run/results.csv"
{
    echo "$H"
    echo "t,$(pt 131072 16 11),flash,torch,sdpa_cudnn,ok,synthetic test data,$(sh_ 131072 16 11),400,,,"
    echo "t,$(pt 131072 16 11),flash,torch,sdpa_flash,ok,synthetic test data,$(sh_ 131072 16 11),700,,,"
    echo "t,$(pt 131072 16 11),msa,torch,index_topk,ok,synthetic test data,$(sh_ 131072 16 11),12,,,"
    echo "t,$(pt 131072 8 3 ,dsa_tokens=1024),flash,torch,sdpa_cudnn,ok,synthetic test data,$(sh_ 131072 8 3),410,,,"
    echo "t,$(pt 262144 16 11),flash,torch,sdpa_cudnn,estimated,synthetic test data,$(sh_ 262144 16 11),1500,,,"
} >"$tmp/run/peers.csv"

# ---- the table ----
"$bin" report "$tmp/run" --tables frontier >"$tmp/t.md" 2>"$tmp/err" || { cat "$tmp/err"; fail "report exited non-zero"; }
has() {
    grep -Fq -- "$1" "$tmp/t.md" || { cat "$tmp/t.md"; fail "table lacks: $1"; }
}
has "#### frontier: prefill, N=128K, B=1, Hq=64/Hkv=4, d=128, d_idx=128, Bk=128, bf16, structured, index_noise 0.5"
has "| msa cuda/kv_outer | k=16 | 2048 | 40 | 10.00x | cuDNN 400 ms | 0.700 | 0.900 | 0.850 | ok |"
has "| msa cuda/q_outer | k=16 | 2048 | 50 | 8.00x | cuDNN 400 ms |"
# the base is per shape, not per budget: the fastest cuDNN of the shape (400 ms at k=16,
# not the 410 ms at dsa's own key), and k=32, which has no cuDNN row of its own, gets it too
has "| dsa cuda/v1 | 1024 tok | 1024 | 25 | 16.00x | cuDNN 400 ms | 0.600 | 0.800 | 0.900 | ok |"
has "| msa cuda/kv_outer | k=32 | 4096 | 80 | 5.00x | cuDNN 400 ms |"
has "| bigbird cuda/q_outer | k=16 | 2048 | - | - | cuDNN 400 ms | - | - | - | skipped |"
has "| moba cuda/v1 | k=16 | 2048 | - | - | cuDNN 400 ms | 0.500 | 0.600 | 0.700 | estimated |"
has "| msa cuda/kv_outer | k=16 | 2048 | 100 | 20.00x | flash 2000 ms |"
has "| msa cuda/kv_outer | k=16 | 2048 | 500 | - | none | 0.600 | 0.800 | 0.750 | ok (no dense base) |"
grep -q 'index_topk' "$tmp/t.md" && fail "a peer's index timing is in the frontier table"
[ "$(grep -c '^#### frontier: ' "$tmp/t.md")" -eq 3 ] || fail "not one table per length"
# the default report is unchanged: no frontier table unless named
"$bin" report "$tmp/run" >"$tmp/all.md" || fail "report (all) exited non-zero"
grep -q 'frontier' "$tmp/all.md" && fail "the frontier table is in the default report"

# ---- the figures ----
if ! command -v gnuplot >/dev/null 2>&1 && [ -z "${MSABENCH_GNUPLOT:-}" ]; then
    echo "ok: table checked; no gnuplot: figure not checked"
    exit 77
fi
(cd "$tmp" && "$bin" plot run --format png >"$tmp/plog" 2>&1) || { cat "$tmp/plog"; fail "plot exited non-zero"; }
f="$tmp/run/figures"
for n in 131072 262144; do
    [ -s "$f/frontier-prefill-N$n.png" ] || { cat "$tmp/plog"; fail "no frontier-prefill-N$n.png"; }
done
[ -e "$f/frontier-prefill-N1048576.gp" ] && fail "a frontier figure at 1M, where no row has a base"
grep -q "frontier (prefill, N=1M, .*index_noise 0.5): not made" "$tmp/plog" || fail "1M's missing figure not logged"
d="$f/frontier-prefill-N131072.dat"
grep -Fxq '10 0.85 0.7 "k=16"' "$d" || { cat "$d"; fail "msa k=16 not at 10x"; }
grep -Fxq '5 0.9 0.8 "k=32"' "$d" || { cat "$d"; fail "msa k=32 not at 5x"; }
grep -Fxq '16 0.9 0.6 "1024 tok"' "$d" || { cat "$d"; fail "dsa 1024 tok not at 16x"; }
[ "$(grep -c '"k=16"' "$d")" -eq 1 ] || fail "two msa k=16 markers (the faster variant only)"
for m in bigbird nsa moba; do
    grep -q "^# $m\$" "$d" && fail "$m (not ok) is drawn"
done
g="$f/frontier-prefill-N131072.gp"
grep -q "index_noise 0.5" "$g" || fail "the title does not state index_noise"
# every 128K point has the shape's cuDNN base (k=32 included): the label names cuDNN alone
grep -q "xlabel 'end-to-end speedup over cuDNN (torch sdpa_cudnn)" "$g" ||
    fail "128K's x label does not say cuDNN"
grep -q "xlabel 'end-to-end speedup over the fastest flash (no cuDNN peer)" \
    "$f/frontier-prefill-N262144.gp" || fail "256K's x label does not say its base is flash"
grep -q "not drawn:.*bigbird cuda/q_outer k=16 (skipped)" "$g" || fail "the note lacks bigbird"
[ -e "$tmp/PWNED" ] || [ -e "$f/PWNED" ] || [ -e "$tmp/PWNED2" ] || [ -e "$f/PWNED2" ] &&
    fail "CSV text ran as gnuplot code"
echo "ok: frontier table and figures (speedup over cuDNN, bases, budgets, ok rows only)"
