# run16 call 5 (one H100; staged by results/gpu/run16/stage.sh after index1 took a chunk budget,
# with call 1's archive copied in as .gpu-run/run16-call1.tgz; carry .gpu-run; ~90 s):
#  1. call 1's Nsight report of form wg2, printed here (the device has ncu, this machine does
#     not): what bounds the attention now that two CTAs share an SM;
#  2. the index alone at 1M in query chunks of 2 and 8 GiB of scores, with the SM clock and
#     power sampled: run14 found the isolated loop power-capped (698 W, 1710 MHz); predicted
#     no gain from bigger chunks (a power bound does not care how the rows are cut).
. scripts/gpu/call_prelude.sh
nvidia-smi --query-gpu=name,driver_version,clocks.max.sm,power.limit --format=csv,noheader
step ncu-wg2
NCU=$(command -v ncu || ls /usr/local/cuda*/bin/ncu /opt/nvidia/nsight-compute/*/ncu 2>/dev/null | head -1)
tar -xzf .gpu-run/run16-call1.tgz -C /tmp wg2.ncu-rep && timeout $(left 60) $NCU --import /tmp/wg2.ncu-rep --page details > $OUT/ncu_wg2.txt 2>&1
grep -E "Duration|DRAM Throughput|Memory Throughput|L2 Hit Rate|Compute \(SM\) Throughput|Registers Per|Achieved Occupancy|Theoretical Occupancy|No Eligible|Warp Cycles Per Issued|Issued Ipc|Block Limit" $OUT/ncu_wg2.txt | head -30
step chunks
nvidia-smi --query-gpu=timestamp,clocks.sm,power.draw --format=csv,noheader -lms 100 > $OUT/smi_chunks.csv & smi=$!
for g in 2 8 2; do timeout $(left 40) $T/test_gpu_bench_msa index1 1048576 9 $g; done
timeout $(left 20) $T/test_gpu_bench_msa index1 131072 9 2
kill $smi
python3 - $OUT/smi_chunks.csv <<'PY'
import sys, statistics as st
rows = [l.split(', ') for l in open(sys.argv[1]) if l.count(',') == 2]
busy = [(float(c.split()[0]), float(p.split()[0])) for _, c, p in rows if float(p.split()[0]) > 300]
if busy:
    print(f"smi: {len(busy)} busy samples (> 300 W): SM clock median {st.median(c for c, _ in busy):.0f} MHz "
          f"(min {min(c for c, _ in busy):.0f}), power median {st.median(p for _, p in busy):.0f} W (max {max(p for _, p in busy):.0f})")
PY
step end
