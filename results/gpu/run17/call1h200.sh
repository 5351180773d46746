# (Not run: no H200 start succeeded in run17; call1c.sh ran on the H100 that came.)
# run17 call 1 on an H200 (no H100 could be started): call 1's steps 1-4 (the ws8 checks,
# plants and memcheck do not depend on the card; its index timings are H200 figures), then the
# rest of the call resumes run9's 1M frontier folder with run9's binary (issue 15: dsa and the
# 1M decode rows; run11 call 2's H200 branch).  Carry .gpu-run and .gpu-old.
CALL_S=${CALL1_S:-250} sh results/gpu/run17/call1.sh
echo "== frontier $(date -u +%T)"
FRONTIER=1 FRONTIER_S=${FRONTIER_S:-300} sh results/gpu/run11/call2.sh
