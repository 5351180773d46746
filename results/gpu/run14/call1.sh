# run14 call 1 (prepared after run13, not yet run; an H100).  Staged by
# results/gpu/run13/stage.sh (carry .gpu-run); its timeouts sum to 590 s, inside one call.
# What run13 left open:
#  1. target 1's 16K points timed with ours FIRST and the torch peers after (run13's peer stage
#     ran the peers first; our 16K Hq 32 samples then drifted from 3.15 to 3.62 ms);
#  2. what bounds kv_outer_wgmma (target 3): one Nsight Compute pass of its form-wg kernel at
#     128K (--set full), as run11 did for the ws index;
#  3. the fp8-vs-bf16 recall sweeps (target 5's recall table; the real captures now at q_len 1
#     and 2, within decode_fp8's 8 index rows);
#  4. SM clock and power during test_gpu_bench_msa index (target 2's two readings disagree);
#  and first, test_gpu_msa's "w-g" cases, two of them new: 64 and 128 heads a group (form wg's
#  edge, and the CTA form that runs above it).  Rebuild the tests before staging.
python3 -c "import tarfile; tarfile.open('.gpu-run/bin.txz').extractall('.gpu-run')" || exit 2
export MSABENCH_SRC=$PWD; . scripts/gpu/unpack.sh; export LD_LIBRARY_PATH=$PWD/.gpu-run
step() { echo "== $1 $(date -u +%T)"; }
nvidia-smi --query-gpu=name,driver_version,clocks.max.sm --format=csv,noheader
step msa-w-g; timeout 80 ./.gpu-run/tests/test_gpu_msa w-g > $OUT/msa_wg.log 2>&1; echo rc=$?
grep -E "FAILED|PASSED|skipped" $OUT/msa_wg.log | tail -6
d=$OUT/peer-ours-first; mkdir -p $d
step peer-ours-first
timeout 140 ./.gpu-run/msabench run experiments/gpu_peer.yaml -o $d --quiet 2>&1 | tail -2
timeout 90 python3 scripts/peers/peers.py .gpu-run/est_gpu_peer.csv $d/peers.csv --timeout 5 2>&1 | tail -2
python3 scripts/gpu/summary.py $d | sed -n '/## 1/,/## 2/p' | head -20
step ncu
NCU=$(command -v ncu || ls /opt/nvidia/nsight-compute/*/ncu | head -1)
key=$(./.gpu-run/msabench run experiments/gpu_targets.yaml --list | grep -m1 "prefill,.*N131072,q131072" | awk '{print $2}')
timeout 110 $NCU --clock-control none --set full -k regex:msa_kv_wgmma -c 1 -o /tmp/ncu_kvw128k \
    ./.gpu-run/msabench run experiments/gpu_targets.yaml -o /tmp/ncu_run --force --smoke --quiet --point "$key" > $OUT/ncu.log 2>&1
echo "ncu rc=$?"
$NCU --import /tmp/ncu_kvw128k.ncu-rep --page details 2>/dev/null > $OUT/ncu_details.txt
grep -E "Duration|Compute \(SM\) Throughput|Memory Throughput|DRAM Throughput|Registers|Issue Slots|Executed Ipc|No Eligible|Warp Cycles Per Issued|Shared" $OUT/ncu_details.txt | head -24
step index-power # target 2's two readings (NOTES run13): SM clock and power during the index loop
nvidia-smi --query-gpu=timestamp,clocks.sm,power.draw,temperature.gpu --format=csv -lms 100 > $OUT/smi_index.csv &
smi=$!
timeout 100 ./.gpu-run/tests/test_gpu_bench_msa index > $OUT/bench_index.txt 2>&1; echo rc=$?
kill $smi; grep -E "ws rs uni" $OUT/bench_index.txt
awk -F', ' 'NR > 1 { n++; c += $2; p += $3 } END { if (n) printf "mean SM clock %.0f MHz, power %.0f W over %d samples\n", c / n, p / n, n }' $OUT/smi_index.csv
step fp8-recall
for s in gpu_fp8_recall gpu_fp8_recall_real; do
    timeout 35 ./.gpu-run/msabench run experiments/$s.yaml -o $OUT/$s --quiet 2>&1 | tail -2
done
step end
cd $OUT && rm -f */.msabench.lock && tar -czf run14-call1.tgz msa_wg.log smi_index.csv bench_index.txt peer-ours-first gpu_fp8_recall gpu_fp8_recall_real ncu.log ncu_details.txt 2>/dev/null; ls
