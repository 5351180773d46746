# run17 call 2, as it ran (the warm H100 of call 1; carry .gpu-run as results/gpu/run17/stage.sh
# staged it): one index launch at 128K under Nsight Compute (--set full), ws8 (version 10) then
# ws_rs_uni (9), and the sections that say what bounds each (results/gpu/run17/call2-h100/).
# (The e2e call this file held before, prepared and never run, is what call3.sh did at 1M.)
. scripts/gpu/call_prelude.sh
NCU=$(command -v ncu || ls /opt/nvidia/nsight-compute/*/ncu | head -1)
timeout 150 $NCU --clock-control none --set full -k regex:msa_index_ws -c 1 -o $OUT/ncu_ws8 \
    $T/test_gpu_bench_msa index1 131072 10 2 > $OUT/ncu.log 2>&1; echo rc=$?
$NCU --import $OUT/ncu_ws8.ncu-rep --page details > $OUT/ncu_ws8.txt 2>&1
grep -E "Duration|Throughput|Registers|Issue Slots|Executed Ipc|No Eligible|Warp Cycles Per Issued|Achieved Occupancy|Theoretical Occupancy|Stall|Block Limit|Dynamic Shared" $OUT/ncu_ws8.txt | head -40
timeout 150 $NCU --clock-control none --set full -k regex:msa_index_ws -c 1 -o $OUT/ncu_ws9 \
    $T/test_gpu_bench_msa index1 131072 9 2 > $OUT/ncu9.log 2>&1
$NCU --import $OUT/ncu_ws9.ncu-rep --page details > $OUT/ncu_ws9.txt 2>&1
grep -E "Duration|Compute \(SM\) Throughput|Issue Slots|No Eligible|Warp Cycles Per Issued" $OUT/ncu_ws9.txt | head
rm -f $OUT/*.ncu-rep
