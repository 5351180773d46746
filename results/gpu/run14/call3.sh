# run14 call 3 (prepared, not run: too little device time was left to start a machine):
# call 2 cut to what ~200 s of device time holds: three test_gpu_msa cases, the forms side by side, one plant.  Staged by
# results/gpu/run14/stage.sh; carry .gpu-run.
python3 -c "import tarfile; tarfile.open('.gpu-run/bin.txz').extractall('.gpu-run')" || exit 2
(cd .gpu-run && rm -f plant/*wgp_pos* && tar -czf plant.tgz plant && rm -rf plant)
export MSABENCH_SRC=$PWD; . scripts/gpu/unpack.sh; export LD_LIBRARY_PATH=$PWD/.gpu-run
T=./.gpu-run/tests
step() { echo "== $1 $(date -u +%T)"; }
nvidia-smi --query-gpu=name,driver_version,clocks.max.sm --format=csv,noheader
for c in w-hot g1-bk128 w-g4; do # item changes, 64 queries a half-tile, B 2 + large logits
    step "msa $c"; timeout ${MSA_S:-40} $T/test_gpu_msa $c > $OUT/msa_$c.log 2>&1; echo rc=$?
    grep -E "^\[ +(OK|FAILED|PASSED) |error" $OUT/msa_$c.log | tr '\n' ' ' | cut -c1-600; echo
    grep -E "kv_outer_wgmma/wgp ws_rs_uni +topk v2 +rel" $OUT/msa_$c.log | tail -1
done
step bench-forms; timeout ${FORMS_S:-50} $T/test_gpu_bench_msa forms > $OUT/bench_forms.txt 2>&1; echo rc=$?
grep "msa" $OUT/bench_forms.txt
step plant; OUT=$OUT timeout 15 sh scripts/gpu/plant.sh run 2>&1 | tail -2
step end
cd $OUT && tar -czf run14-call3.tgz msa_*.log bench_forms.txt test_gpu_msa.* 2>/dev/null; ls
