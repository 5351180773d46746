# run15 call 3 (the same warm H100; carry .gpu-run): test_gpu_msa again with more time, since
# call 1's 180 s cut it inside w-g128-n600.  It ran 27 cases (every case where kv_outer_wgp
# runs) and was cut by its 270 s in decode-topk-cta; no case failed.
python3 -c "import tarfile; tarfile.open('.gpu-run/bin.txz').extractall('.gpu-run')"; export LD_LIBRARY_PATH=$PWD/.gpu-run; timeout 270 ./.gpu-run/tests/test_gpu_msa > $OUT/msa_full.log 2>&1; echo rc=$?; grep -E "^\[ +(OK|FAILED|RUN) |PASSED|ERROR" $OUT/msa_full.log | tail -40
