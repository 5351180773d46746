# run11 call 2, by the card that comes:
#   an H200: run9's 1M frontier folder resumed by run9's own binary (db61ce4, carried as
#            .gpu-old: msabench alone): dsa tc / tc_fp8 and the 1M decode rows (issue 15)
#   an H100: the five ws index forms (tests, bench, ncu; built at HEAD), then regress.sh again
#            with call 1's binary (5749590, .gpu-reg) against the baseline call 1 made
#            (results/baseline/gpu-h100.csv): issue 16 target 6's "no NEW row"
#   FRONTIER=1 takes the first branch on an H200; without it both cards run the second
#   (regress only on an H100, whose baseline call 1 made)
card="$(nvidia-smi --query-gpu=name --format=csv,noheader)"; echo "$card"
case "${FRONTIER:-0}$card" in
1*H200*)
    rm -rf .gpu-run && cp -r .gpu-old .gpu-run
    export MSABENCH_SRC=$PWD; . scripts/gpu/unpack.sh; export LD_LIBRARY_PATH=$PWD/.gpu-run
    strings .gpu-run/msabench | grep -m1 db61ce416c00 || { echo "not the db61ce4 binary"; exit 2; }
    d=$OUT/frontier-1048576; mkdir -p $d
    for f in results.csv peers.csv meta.json sweep.yaml copy_bw.txt; do cp results/gpu/run9/frontier-1048576/$f $d/; done
    FRONTIER_RESUME=1 OUT=$OUT timeout ${FRONTIER_S:-520} sh scripts/gpu/frontier.sh run 1048576
    echo "rows: $(($(wc -l < $d/results.csv) - 1))"
    cd $OUT && tar -czf call2.tgz frontier-1048576 && rm -rf frontier-1048576; ls ;;
*)
    rm -rf .gpu-run && cp -r .gpu-reg .gpu-run
    export MSABENCH_SRC=$PWD; . scripts/gpu/unpack.sh; export LD_LIBRARY_PATH=$PWD/.gpu-run
    strings .gpu-run/msabench | grep -m1 -E '^5749590' || echo "msabench: not call 1's binary (regress still compares keys)"
    # the four ws forms (tests and bench built at HEAD): correctness, then side by side
    timeout 60 ./.gpu-run/tests/test_gpu_msa index > $OUT/msa_index.log 2>&1; echo "test_gpu_msa index rc=$?"
    grep -E "index v[4-8]|PASSED|FAILED" $OUT/msa_index.log | tail -10
    timeout 95 ./.gpu-run/tests/test_gpu_bench_msa index > $OUT/bench_index.txt 2>&1; echo "bench rc=$?"
    grep -E "^index (wgmma pairs|ws)|msa kv_outer" $OUT/bench_index.txt
    # one ws index pass at 128K under Nsight Compute: what bounds it
    NCU=$(command -v ncu || ls /opt/nvidia/nsight-compute/*/ncu | head -1)
    [ "${NCU_S:-90}" = 0 ] && NCU=true # NCU_S=0: no profile
    timeout ${NCU_S:-90} $NCU --clock-control none --set full -k regex:msa_index_ws -c 1 -o /tmp/ncu_ws128k \
        ./.gpu-run/tests/test_gpu_bench_msa index1 131072 4 > $OUT/ncu.log 2>&1; echo "ncu rc=$?"
    $NCU --import /tmp/ncu_ws128k.ncu-rep --page details 2>/dev/null > $OUT/ncu_details.txt
    grep -E "Duration|Compute \(SM\) Throughput|Memory Throughput|L2 Hit|DRAM Throughput|Registers|Issue Slots|Executed Ipc|No Eligible|Warp Cycles Per Issued|Shared" $OUT/ncu_details.txt | head -24
    # regress.sh again with call 1's binary against the baseline call 1 made (target 6)
    case "${REGRESS_S:-290}$card" in 0*) echo "regress: skipped (REGRESS_S=0)" ;; *H100*)
        OUT=$OUT timeout ${REGRESS_S:-290} sh scripts/gpu/targets.sh run regress 2>&1 | grep -v '^  ' | tail -30
        cd $OUT && rm -f regress/.msabench.lock && tar -czf regress.tgz regress && rm -rf regress ;;
    esac; ls $OUT ;;
esac
