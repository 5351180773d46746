# Sourced by a staged call script (results/gpu/runN/callM.sh) on the GPU machine: unpacks the
# xz archive that results/gpu/run14/stage.sh (or a stage.sh calling it) put in .gpu-run, and
# defines T (the staged tests), left N (seconds of the call's CALL_S budget left, at most N)
# and step NAME (a timestamped header).
python3 -c "import tarfile; tarfile.open('.gpu-run/bin.txz').extractall('.gpu-run')" || exit 2
if [ -d .gpu-run/plant ]; then (cd .gpu-run && tar -czf plant.tgz plant && rm -rf plant); fi # plant.sh run's input
export MSABENCH_SRC=$PWD; . scripts/gpu/unpack.sh; export LD_LIBRARY_PATH=$PWD/.gpu-run
T=./.gpu-run/tests
t0=$(date +%s) budget=${CALL_S:-585}
left() {
    l=$((budget - ($(date +%s) - t0))); [ $l -gt $1 ] && l=$1; [ $l -lt 5 ] && l=5; echo $l
}
step() { echo "== $1 $(date -u +%T)"; }
