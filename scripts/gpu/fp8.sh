#!/bin/sh
# Issue 16, target 5 on the GPU machine (after scripts/gpu/stage.sh here, carry [".gpu-run"]):
# test_gpu_msa_fp8 (cache, selection rule, output against the float64 ref), then
# test_gpu_bench_decode full (MSA kv_outer, MSA decode_fp8 and our flash decode at B = 1 and
# 32, N = 1M, one process, inputs drawn on the device), then the fp8-vs-bf16 recall sweeps
# (structured data and the real captures).  Everything lands in $OUT/fp8/.
#   OUT=$OUT sh scripts/gpu/fp8.sh
#   sh scripts/gpu/fp8.sh table DIR   (only the table, of DIR/gpu_fp8_recall*, anywhere)
set -u
table() {
# one line per point: recall and median time of bf16 (kv_outer) and fp8 (decode_fp8) index keys
python3 - "$1" <<'PY'
import csv, os, sys
d = sys.argv[1]
for s in ("gpu_fp8_recall", "gpu_fp8_recall_real"):
    p = os.path.join(d, s, "results.csv")
    if not os.path.exists(p):
        print(s, ": no results"); continue
    rows = list(csv.DictReader(open(p)))
    # a real capture is named in the key ("file=L03-free"), the rest by their data
    name = lambda r: r["key"].split("file=")[1] if "file=" in r["key"] else r.get("data", "")
    key = lambda r: (name(r), r.get("index_noise", ""), r["q_len"], r["topk"])
    pts = {}
    for r in rows:
        pts.setdefault(key(r), {})[r["variant"]] = r
    print("\n%s: point | bf16 recall | fp8 recall | bf16 ms | fp8 ms | status" % s)
    for k, v in sorted(pts.items()):
        b, f = v.get("kv_outer", {}), v.get("decode_fp8", {})
        print("%s | %s | %s | %s | %s | %s/%s" % ("/".join(k), b.get("block_recall", "?"), f.get("block_recall", "?"),
              b.get("median_ms", "?"), f.get("median_ms", "?"), b.get("status", "?"), f.get("status", "?")))
    both = [(v["kv_outer"], v["decode_fp8"]) for v in pts.values()
            if v.get("kv_outer", {}).get("status") == "ok" and v.get("decode_fp8", {}).get("status") == "ok"]
    if both:
        mean = lambda i, c: sum(float(p[i][c]) for p in both) / len(both)
        print("mean over %d points with both: block recall bf16 %.4f fp8 %.4f; mass coverage bf16 %.4f fp8 %.4f"
              % (len(both), mean(0, "block_recall"), mean(1, "block_recall"), mean(0, "mass_coverage"), mean(1, "mass_coverage")))
PY
}
if [ "${1:-}" = table ]; then
    table "${2:?usage: fp8.sh table DIR}"
    exit
fi
. scripts/gpu/unpack.sh
OUT="${OUT:-./gpu-out}"
d="$OUT/fp8"
mkdir -p "$d"
export LD_LIBRARY_PATH="$PWD/.gpu-run:${LD_LIBRARY_PATH:-}"
export MSABENCH_SRC="$PWD"
nvidia-smi --query-gpu=name,memory.total,clocks.max.sm,driver_version --format=csv,noheader | tee "$d/card.txt"
if ./.gpu-run/tests/test_gpu_msa_fp8 >"$d/test_gpu_msa_fp8.log" 2>&1; then echo "test_gpu_msa_fp8: ok"
else echo "test_gpu_msa_fp8: FAILED"; tail -30 "$d/test_gpu_msa_fp8.log"; fi
./.gpu-run/tests/test_gpu_bench_decode full 2>&1 | tee "$d/bench_decode.txt"
for s in gpu_fp8_recall gpu_fp8_recall_real; do
    ./.gpu-run/msabench run "experiments/$s.yaml" -o "$d/$s" --quiet 2>&1 | tail -3
done
table "$d"
